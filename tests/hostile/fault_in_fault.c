/* A HardFault handler that itself faults (undefined instruction): lockup. */
#include <stdio.h>

void HardFault_Handler(void) { __asm volatile("udf #1"); }

int main(void) {
  printf("hostile_fault_in_fault: udf, and the HardFault handler does udf too\n");
  fflush(stdout);
  __asm volatile("udf #0");
  printf("returned\n");
  return 0;
}
