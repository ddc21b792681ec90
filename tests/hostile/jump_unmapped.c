/* Calls a function at 0x70000000, where the board has no memory. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
  void (*wild)(void) = (void (*)(void))0x70000001u;
  printf("hostile_jump_unmapped: calling 0x70000000\n");
  fflush(stdout);
  __asm volatile("" : "+r"(wild));
  wild();
  printf("returned\n");
  return 0;
}
