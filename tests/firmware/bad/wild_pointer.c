/* Store to and load from 0x70000000, where the mps2 boards have no memory.
 * No fault handler of its own: the BusFault escalates to HardFault and ends
 * in startup.c's Default_Handler loop. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
  volatile uint32_t *wild = (volatile uint32_t *)0x70000000u;
  printf("bad_wild_pointer: storing to 0x70000000\n");
  fflush(stdout);
  *wild = 0xDEADBEEFu;
  printf("read back %08lx\n", (unsigned long)*wild);
  return 0;
}
