/* Points VTOR at unmapped memory and takes an exception (PendSV). */
#include <stdint.h>
#include <stdio.h>

int main(void) {
  printf("hostile_vtor_unmapped: VTOR -> 0x70000000, then PendSV\n");
  fflush(stdout);
  *(volatile uint32_t *)0xE000ED08u = 0x70000000u;       /* SCB->VTOR */
  *(volatile uint32_t *)0xE000ED04u = 1u << 28;          /* ICSR.PENDSVSET */
  __asm volatile("dsb\n\tisb" ::: "memory");
  printf("PendSV did not happen\n");
  return 0;
}
