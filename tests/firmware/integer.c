/* Integer core: ALU, 64-bit multiply/divide helpers, shifts, bit
 * manipulation, CRC32, qsort and string functions. Every group prints either
 * explicit values or a checksum so any mis-executed instruction shows up as
 * a differing line. Inputs come from a fixed LCG, so the output is fixed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t lcg_state = 12345u;
static uint32_t lcg(void) {
  lcg_state = lcg_state * 1664525u + 1013904223u;
  return lcg_state;
}

/* FNV-1a over 32-bit words: cheap, order-sensitive checksum. */
static uint32_t mix(uint32_t h, uint32_t v) {
  for (int i = 0; i < 4; i++) h = (h ^ ((v >> (8 * i)) & 0xFFu)) * 16777619u;
  return h;
}

/* Hardware divide and multiply-long forms, written in asm so the compiler
 * cannot fold them and so the architecturally defined corner cases
 * (x/0 == 0 with DIV_0_TRP clear, INT_MIN/-1 == INT_MIN) are legal to test. */
static int32_t sdiv(int32_t a, int32_t b) {
  int32_t r;
  __asm volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
static uint32_t udiv(uint32_t a, uint32_t b) {
  uint32_t r;
  __asm volatile("udiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}

static void test_alu(void) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < 2000; i++) {
    uint32_t a = lcg(), b = lcg();
    uint32_t sh = b & 31u;
    h = mix(h, a + b);
    h = mix(h, a - b);
    h = mix(h, a * b);
    h = mix(h, a ^ (b << sh));
    h = mix(h, a >> sh);
    h = mix(h, (uint32_t)((int32_t)a >> sh));
    h = mix(h, (a >> sh) | (a << ((32u - sh) & 31u))); /* ror */
    h = mix(h, (uint32_t)__builtin_clz(a | 1u));
    h = mix(h, __builtin_bswap32(a));
    h = mix(h, (a & 0xFFFF00FFu) | ((b & 0xFFu) << 8)); /* bfi */
    h = mix(h, (a >> 5) & 0x7FFu);                      /* ubfx */
    h = mix(h, (uint32_t)(((int32_t)(a << 3)) >> 20));  /* sbfx */
    h = mix(h, udiv(a, b >> (b & 15u)));
    h = mix(h, (uint32_t)sdiv((int32_t)a, (int32_t)(b >> (b & 15u))));
    h = mix(h, (uint32_t)(((int32_t)a < (int32_t)b) ? a : b));
  }
  printf("alu checksum %08lx\n", (unsigned long)h);

  uint32_t rbit;
  __asm("rbit %0, %1" : "=r"(rbit) : "r"(0x12345678u));
  uint32_t rev16, revsh;
  __asm("rev16 %0, %1" : "=r"(rev16) : "r"(0x11223344u));
  __asm("revsh %0, %1" : "=r"(revsh) : "r"(0x000080FFu));
  printf("rbit %08lx rev16 %08lx revsh %08lx\n", (unsigned long)rbit, (unsigned long)rev16,
         (unsigned long)revsh);
  printf("udiv x/0 %lu sdiv INT_MIN/-1 %ld sdiv -7/2 %ld\n", (unsigned long)udiv(123u, 0u),
         (long)sdiv(INT32_MIN, -1), (long)sdiv(-7, 2));
}

static void test_64bit(void) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < 500; i++) {
    uint64_t a = ((uint64_t)lcg() << 32) | lcg();
    uint64_t b = ((uint64_t)lcg() << (lcg() & 31u)) | 1u;
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    uint64_t p = (uint64_t)(uint32_t)a * (uint32_t)b;     /* umull */
    int64_t sp = (int64_t)(int32_t)a * (int32_t)(b >> 7); /* smull */
    uint64_t q = a / b, r = a % b;                        /* __aeabi_uldivmod */
    int64_t sq = sa / sb, sr = sa % sb;                   /* __aeabi_ldivmod */
    uint64_t m = a * b;
    unsigned s = (unsigned)(b & 63u);
    uint64_t v[] = {p,      (uint64_t)sp,        q,     r,    (uint64_t)sq, (uint64_t)sr, m, a << s,
                    a >> s, (uint64_t)(sa >> s), a + b, a - b};
    for (unsigned k = 0; k < sizeof v / sizeof v[0]; k++) {
      h = mix(h, (uint32_t)v[k]);
      h = mix(h, (uint32_t)(v[k] >> 32));
    }
  }
  printf("64-bit checksum %08lx\n", (unsigned long)h);
  long long big = 0x7FFFFFFFFFFFFFFFLL;
  printf("64-bit %lld %llx %lld %llu\n", big / 3, (unsigned long long)(big * 5),
         -big / 1000000007LL, 18446744073709551615ULL % 1000000007ULL);
}

static uint32_t crc32_bitwise(const uint8_t *p, size_t n) {
  uint32_t crc = 0xFFFFFFFFu;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static uint32_t crc_table[256];
static uint32_t crc32_table(const uint8_t *p, size_t n) {
  if (crc_table[1] == 0) {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
      crc_table[i] = c;
    }
  }
  uint32_t crc = 0xFFFFFFFFu;
  while (n--) crc = crc_table[(crc ^ *p++) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

static void test_crc(void) {
  static uint8_t buf[4096];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(lcg() >> 24);
  /* "123456789" has the well-known CRC32 cbf43926. */
  printf("crc32(123456789) %08lx\n", (unsigned long)crc32_bitwise((const uint8_t *)"123456789", 9));
  printf("crc32 buf %08lx %08lx\n", (unsigned long)crc32_bitwise(buf, sizeof buf),
         (unsigned long)crc32_table(buf, sizeof buf));
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static void test_qsort(void) {
  static int32_t arr[1000];
  for (int i = 0; i < 1000; i++) arr[i] = (int32_t)lcg() >> 8;
  qsort(arr, 1000, sizeof arr[0], cmp_i32);
  int sorted = 1;
  uint32_t h = 2166136261u;
  for (int i = 0; i < 1000; i++) {
    if (i && arr[i - 1] > arr[i]) sorted = 0;
    h = mix(h, (uint32_t)arr[i]);
  }
  printf("qsort sorted=%d min=%ld max=%ld checksum %08lx\n", sorted, (long)arr[0], (long)arr[999],
         (unsigned long)h);
}

static void test_strings(void) {
  char a[64], b[64];
  strcpy(a, "The quick brown fox");
  strcat(a, " jumps over the lazy dog");
  memcpy(b, a, sizeof b);
  memmove(b + 4, b, 20); /* overlapping copy */
  b[40] = '\0';
  memset(a + 30, '#', 5);
  printf("strlen %u strcmp %d strncmp %d\n", (unsigned)strlen(a), strcmp(a, b) > 0,
         strncmp(a, "The quick", 9));
  printf("a=[%s]\nb=[%s]\n", a, b);
  printf("strchr %s strrchr %s strstr %s\n", strchr(a, 'q'), strrchr(a, 'o'), strstr(b, "brown"));
  printf("strtol %ld %ld %lu\n", strtol("-12345", NULL, 10), strtol("0x7fFF", NULL, 16),
         strtoul("777", NULL, 8));
  char tok[] = "a,bb,,ccc";
  unsigned n = 0;
  for (char *t = strtok(tok, ","); t; t = strtok(NULL, ",")) n += (unsigned)strlen(t) * 10u + 1u;
  printf("strtok %u memcmp %d\n", n, memcmp("abcd", "abce", 4) < 0);
}

int main(void) {
  printf("integer test\n");
  test_alu();
  test_64bit();
  test_crc();
  test_qsort();
  test_strings();
  printf("integer done\n");
  return 0;
}
