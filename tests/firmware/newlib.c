/* newlib on semihosting: printf formatting, snprintf/sscanf, heap
 * (malloc/calloc/realloc/free patterns), setjmp/longjmp, writes to the
 * semihosting console through fopen(":tt"), atexit, and exit(7).
 * Heap addresses are never printed: crt0 places the heap (SYS_HEAPINFO),
 * which simulators may legitimately answer differently. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void formats(void) {
  printf("int [%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%i]\n", 42, -42, 42, 42, 42, 42, -7);
  printf("unsigned [%u] [%x] [%X] [%#x] [%o] [%#o] [%08x]\n", 4000000000u, 0xBEEFu, 0xBEEFu, 255u,
         8u, 8u, 0xABCu);
  printf("long [%ld] [%lu] [%lx] long long [%lld] [%llu] [%llx]\n", -2147483647L - 1, 4294967295UL,
         0xDEADBEEFUL, -9223372036854775807LL - 1, 18446744073709551615ULL, 0x0123456789ABCDEFULL);
  printf("short [%hd] [%hu] char [%hhd] [%hhu]\n", (short)-32768, (unsigned short)65535,
         (signed char)-128, (unsigned char)255);
  printf("inttypes [%" PRId32 "] [%" PRIu8 "]\n", (int32_t)-5, (uint8_t)200);
  printf("char [%c] [%3c] [%-3c] string [%s] [%8s] [%-8s] [%.3s] [%*s] [%.*s]\n", 'A', 'B', 'C',
         "str", "right", "left", "truncate", 6, "w", 2, "precision");
  printf("float [%f] [%.2f] [%10.3f] [%-10.1f] [%e] [%.3E] [%g] [%g] [%G]\n", 3.14159, 2.675, -1.5,
         0.05, 123456.789, 0.000123, 1e-5, 123456789.0, 1e20);
  printf("special [%f] [%f] [%f]\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 * 0.0);
  int n = printf("percent [%%] [%5.1f%%]", 99.5);
  printf(" -> printf returned %d\n", n);
}

static void string_io(void) {
  char buf[96];
  volatile size_t vsmall = 8;
  int len = snprintf(buf, sizeof buf, "%s-%04d-%.2f-%x", "snp", 12, 1.005, 0xFFu);
  printf("snprintf [%s] len %d\n", buf, len);
  len =
      snprintf(buf, vsmall, /* volatile: keep GCC from warning about the wanted truncation */ "%s",
               "truncated output");
  printf("snprintf trunc [%s] len %d\n", buf, len);
  int a = 0, b = 0;
  unsigned x = 0;
  float f = 0;
  char w[16] = {0};
  int got = sscanf("  17 -23 ff 2.5 word rest", "%d %d %x %f %15s", &a, &b, &x, &f, w);
  printf("sscanf %d: %d %d %x %.2f %s\n", got, a, b, x, (double)f, w);
  printf("atoi %d atof %.3f strtod %.4f\n", atoi("  -314xyz"), atof("2.718"), strtod("1e-3", NULL));
}

/* Deterministic allocation churn; the checksum covers contents, not addresses. */
static void heap(void) {
  enum { SLOTS = 64 };
  unsigned char *slot[SLOTS] = {0};
  size_t size[SLOTS] = {0};
  uint32_t seed = 99u, sum = 0;
  for (int round = 0; round < 2000; round++) {
    seed = seed * 1103515245u + 12345u;
    unsigned i = (seed >> 16) % SLOTS;
    size_t want = ((seed >> 4) & 0x3FFu) + 1u;
    if (slot[i] && (seed & 3u) == 0) {
      free(slot[i]);
      slot[i] = NULL;
      size[i] = 0;
    } else if (slot[i]) {
      unsigned char *p = realloc(slot[i], want);
      if (!p) break;
      for (size_t k = 0; k < (size[i] < want ? size[i] : want); k++) sum = sum * 31u + p[k];
      for (size_t k = size[i]; k < want; k++) p[k] = (unsigned char)(k ^ i);
      slot[i] = p;
      size[i] = want;
    } else {
      unsigned char *p = (seed & 8u) ? calloc(want, 1) : malloc(want);
      if (!p) break;
      if (seed & 8u)
        for (size_t k = 0; k < want; k++) sum += p[k]; /* calloc must zero */
      memset(p, (int)(i + 1u), want);
      slot[i] = p;
      size[i] = want;
    }
  }
  unsigned live = 0;
  for (int i = 0; i < SLOTS; i++) {
    if (slot[i]) live++;
    free(slot[i]);
  }
  void *big = malloc(1u << 20);
  printf("heap checksum %08lx live %u big %s\n", (unsigned long)sum, live, big ? "ok" : "failed");
  free(big);
}

static jmp_buf jb;
static void jump_back(int v) { longjmp(jb, v * 2); }

static void on_exit_handler(void) { printf("atexit handler ran\n"); }

int main(void) {
  printf("newlib test\n");
  formats();
  string_io();
  heap();
  int r = setjmp(jb);
  if (r == 0) jump_back(21);
  printf("longjmp returned %d\n", r);

  /* ":tt" is the semihosting console; mode "w" makes it stdout. */
  FILE *tt = fopen(":tt", "w");
  if (tt) {
    fputs("written via fopen(\":tt\")\n", tt);
    fprintf(tt, "fprintf to :tt %d\n", 123);
    fclose(tt);
  } else {
    printf("fopen(:tt) failed\n");
  }
  fputs("fputs to stdout\n", stdout);
  putchar('p');
  putchar('\n');
  puts("puts line");

  atexit(on_exit_handler);
  fflush(stdout);
  exit(7);
}
