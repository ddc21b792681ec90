/* Calls a function through an even address: an Arm-state branch, which a
 * Thumb-only core cannot execute (INVSTATE). */
#include <stdint.h>
#include <stdio.h>

static void target(void) { printf("reached target\n"); }

int main(void) {
  void (*arm)(void) = (void (*)(void))((uintptr_t)target & ~1u);
  printf("hostile_jump_arm: calling an even address\n");
  fflush(stdout);
  __asm volatile("" : "+r"(arm));
  arm();
  printf("returned\n");
  return 0;
}
