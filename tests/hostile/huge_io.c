/* Requests the host cannot be asked to allocate: a 4 GiB read from a large
 * (sparse) file, a 4 GiB write to a file, a 4 GiB file name, and handles
 * opened without end. Each must fail or stop at guest memory's end, with
 * host memory bounded by mcusim's transfer buffer. PSRAM (0x21000000,
 * 16 MiB) is the buffer: the program's own data and stack are elsewhere. */
#include <stdint.h>
#include <stdio.h>

#include "semihost.h"

#define PSRAM 0x21000000u

int main(void) {
  uint32_t in = sh_open("big.bin", 7, 1);
  printf("open big.bin: %s\n", in == 0xFFFFFFFFu ? "failed" : "ok");
  uint32_t left = sh_transfer(SH_READ, in, PSRAM, 0xFFFFFFFFu);
  printf("read 4 GiB: %lu bytes not read\n", (unsigned long)left);
  uint32_t out = sh_open("out.bin", 7, 4);
  left = sh_transfer(SH_WRITE, out, PSRAM, 0xFFFFFFFFu);
  printf("write 4 GiB: %lu bytes not written\n", (unsigned long)left);
  printf("open with a 4 GiB name: %s\n", sh_open("x", 0xFFFFFFFFu, 0) == 0xFFFFFFFFu ? "failed" : "ok");
  unsigned opened = 0;
  for (unsigned i = 0; i < 100000; ++i)
    if (sh_open(":tt", 3, 0) != 0xFFFFFFFFu) ++opened;
  printf("handles opened of 100000: %u\n", opened);
  return 0;
}
