/* Never returns and never takes an interrupt: for run-time limits. */
#include <stdio.h>

int main(void) {
  printf("bad_endless_loop: spinning forever\n");
  fflush(stdout);
  while (1) {
  }
}
