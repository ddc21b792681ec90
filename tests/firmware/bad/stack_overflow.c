/* Unbounded recursion with a 1 KiB local array per frame. The stack runs
 * down through .bss/heap and then off the bottom of RAM; nothing stops it
 * earlier (no MPU, no stack-limit check on Armv7-M). */
#include <stdint.h>
#include <stdio.h>

#pragma GCC diagnostic ignored "-Winfinite-recursion" /* intended */
static uint32_t recurse(uint32_t depth) {
  volatile uint8_t buf[1024];
  buf[0] = (uint8_t)depth;
  buf[sizeof buf - 1] = (uint8_t)(depth >> 8);
  /* Using buf after the call prevents tail-call optimisation. */
  return recurse(depth + 1) + buf[0] + buf[sizeof buf - 1];
}

int main(void) {
  printf("bad_stack_overflow: recursing without bound\n");
  fflush(stdout);
  printf("result %lu\n", (unsigned long)recurse(0));
  return 0;
}
