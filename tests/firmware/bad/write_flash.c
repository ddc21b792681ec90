/* Writes into a const array in Flash: the vector table, whose element 64
 * (IRQ48's vector) sits at address 0x100. On the real board and in a
 * simulator that maps Flash read-only this is an error; QEMU's mps2 models
 * the code memory as RAM, so there the store simply succeeds. */
#include <stdint.h>
#include <stdio.h>

typedef void (*vector_t)(void);
extern const vector_t vector_table[];

int main(void) {
  volatile uint32_t *slot = (volatile uint32_t *)(uintptr_t)&vector_table[64];
  printf("bad_write_flash: writing to const data at %p\n", (void *)(uintptr_t)slot);
  fflush(stdout);
  *slot = 0x12345678u;
  printf("read back %08lx\n", (unsigned long)*slot);
  return 0;
}
