/* Writes 64 KiB to stdout through semihosting, forever: gigabytes unless
 * mcusim's output limit (--max-output) ends the run. */
#include <stdint.h>
#include <string.h>

#include "semihost.h"

static char chunk[64 * 1024];

int main(void) {
  memset(chunk, 'x', sizeof chunk);
  for (unsigned i = 63; i < sizeof chunk; i += 64) chunk[i] = '\n';
  uint32_t out = sh_open(":tt", 3, 4);
  for (;;) sh_transfer(SH_WRITE, out, (uint32_t)(uintptr_t)chunk, sizeof chunk);
}
