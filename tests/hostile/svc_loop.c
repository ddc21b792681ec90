/* SVC in an endless loop with a handler that returns at once: the run must
 * end at a run limit, with bounded host memory. */
#include <stdio.h>

volatile unsigned svc_count;

void SVC_Handler(void) { ++svc_count; }

int main(void) {
  printf("hostile_svc_loop: svc forever\n");
  fflush(stdout);
  for (;;) __asm volatile("svc 0" ::: "memory");
}
