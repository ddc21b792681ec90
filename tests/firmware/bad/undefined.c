/* Executes a permanently undefined instruction (UDF #0): UsageFault
 * UNDEFINSTR, escalated to HardFault, with no handler of its own. */
#include <stdio.h>

int main(void) {
  printf("bad_undefined: executing udf #0\n");
  fflush(stdout);
  __asm volatile("udf #0");
  printf("survived udf\n");
  return 0;
}
