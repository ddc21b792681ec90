/* SVC in an endless loop with a handler that returns. The mode (argv[1]):
 *   (none)    the handler does nothing: the same state repeats exactly, and
 *             no interrupt can arrive, so the run is provably stuck;
 *   count     the handler counts its calls in RAM, which the thread never
 *             reads: nothing repeats exactly, so only the idle rule ends it;
 *   progress  the thread calls SVC until the handler's count reaches
 *             100,000, then exits 0: progress made through SVC calls,
 *             which must not be taken for a stuck loop. */
#include <stdio.h>
#include <string.h>

static volatile unsigned svc_count;
static volatile int counting;

void SVC_Handler(void) {
  if (counting) ++svc_count;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  counting = strcmp(mode, "count") == 0 || strcmp(mode, "progress") == 0;
  printf("hostile_svc_loop: svc forever (%s)\n", mode);
  fflush(stdout);
  if (strcmp(mode, "progress") == 0) {
    while (svc_count < 100000) __asm volatile("svc 0" ::: "memory");
    printf("hostile_svc_loop: %u calls\n", svc_count);
    return 0;
  }
  for (;;) __asm volatile("svc 0" ::: "memory");
}
