/* ARMv7E-M DSP extension: SIMD add/sub with GE flags, SEL, saturation (and
 * the sticky Q flag), dual 16-bit multiply-accumulate and packing. Each
 * instruction is issued through inline asm so the compiler cannot constant
 * fold it; APSR (N Z C V Q GE) is read back after the flag-setting ones. */
#include <stdint.h>
#include <stdio.h>

#define OP2(insn, a, b)                                                    \
  ({                                                                       \
    uint32_t r_;                                                           \
    __asm volatile(insn " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b) : "cc"); \
    r_;                                                                    \
  })
#define OP3(insn, a, b, c)                                                             \
  ({                                                                                   \
    uint32_t r_;                                                                       \
    __asm volatile(insn " %0, %1, %2, %3" : "=r"(r_) : "r"(a), "r"(b), "r"(c) : "cc"); \
    r_;                                                                                \
  })

static uint32_t read_apsr(void) {
  uint32_t v;
  __asm volatile("mrs %0, apsr" : "=r"(v));
  return v;
}
static void clear_apsr(void) { __asm volatile("msr apsr_nzcvqg, %0" ::"r"(0u) : "cc"); }

/* Print only the flag bits we own: N Z C V Q (31:27) and GE (19:16). */
static unsigned long flags(void) { return (unsigned long)(read_apsr() & 0xF80F0000u); }

static uint32_t lcg_state = 777u;
static uint32_t lcg(void) {
  lcg_state = lcg_state * 1664525u + 1013904223u;
  return lcg_state;
}
static uint32_t mix(uint32_t h, uint32_t v) { return (h ^ v) * 16777619u + (h >> 15); }

static void explicit_cases(void) {
  clear_apsr();
  uint32_t r = OP2("uadd8", 0x80FF7F01u, 0x8001807Fu);
  printf("uadd8 %08lx apsr %08lx\n", (unsigned long)r, flags());
  r = OP2("sel", 0x11223344u, 0xAABBCCDDu);
  printf("sel   %08lx\n", (unsigned long)r);
  clear_apsr();
  r = OP2("ssub16", 0x00017FFFu, 0x00028000u);
  printf("ssub16 %08lx apsr %08lx\n", (unsigned long)r, flags());
  r = OP2("sel", 0x11223344u, 0xAABBCCDDu);
  printf("sel   %08lx\n", (unsigned long)r);

  r = OP2("qadd8", 0x7F80017Fu, 0x01FF0250u);
  printf("qadd8 %08lx\n", (unsigned long)r);
  r = OP2("uqsub8", 0x10FF2000u, 0x20013001u);
  printf("uqsub8 %08lx\n", (unsigned long)r);
  r = OP2("qadd16", 0x7FFF8000u, 0x0001FFFFu);
  printf("qadd16 %08lx\n", (unsigned long)r);

  /* QADD/SSAT/USAT set the sticky Q flag when they saturate; QADD8 never does. */
  clear_apsr();
  r = OP2("qadd", 0x7FFFFFF0u, 0x00000100u);
  printf("qadd  %08lx apsr %08lx\n", (unsigned long)r, flags());
  clear_apsr();
  uint32_t s;
  __asm volatile("ssat %0, #8, %1" : "=r"(s) : "r"(300u) : "cc");
  printf("ssat8(300) %08lx apsr %08lx\n", (unsigned long)s, flags());
  clear_apsr();
  __asm volatile("ssat %0, #8, %1" : "=r"(s) : "r"(-5) : "cc");
  printf("ssat8(-5) %08lx apsr %08lx\n", (unsigned long)s, flags());
  clear_apsr();
  __asm volatile("usat %0, #8, %1" : "=r"(s) : "r"(-5) : "cc");
  printf("usat8(-5) %08lx apsr %08lx\n", (unsigned long)s, flags());
  clear_apsr();
  __asm volatile("usat %0, #10, %1, lsl #4" : "=r"(s) : "r"(50u) : "cc");
  printf("usat10(50<<4) %08lx apsr %08lx\n", (unsigned long)s, flags());
  __asm volatile("ssat16 %0, #4, %1" : "=r"(s) : "r"(0x0007FFF0u) : "cc");
  printf("ssat16 %08lx\n", (unsigned long)s);

  clear_apsr();
  r = OP2("smuad", 0x7FFF8000u, 0x7FFF8000u); /* fits: Q stays clear */
  printf("smuad %08lx apsr %08lx\n", (unsigned long)r, flags());
  clear_apsr();
  r = OP2("smuad", 0x80008000u, 0x80008000u); /* 2 * 2^30 overflows: sets Q */
  printf("smuad %08lx apsr %08lx\n", (unsigned long)r, flags());
  clear_apsr();
  r = OP3("smlad", 0x00030004u, 0x00050006u, 100u);
  printf("smlad %lu apsr %08lx\n", (unsigned long)r, flags());
  r = OP3("smlsdx", 0x00030004u, 0x00050006u, 100u);
  printf("smlsdx %ld\n", (long)(int32_t)r);
  r = OP2("smusd", 0xFFFE0003u, 0x00040005u);
  printf("smusd %ld\n", (long)(int32_t)r);

  uint32_t lo = 0xFFFFFFF0u, hi = 0x00000001u;
  __asm volatile("smlald %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(0x7FFF8000u), "r"(0x7FFF8000u));
  printf("smlald %08lx%08lx\n", (unsigned long)hi, (unsigned long)lo);
  lo = 5u, hi = 0u;
  __asm volatile("smlsld %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(0x00010002u), "r"(0x00030004u));
  printf("smlsld %08lx%08lx\n", (unsigned long)hi, (unsigned long)lo);
  lo = 0x80000000u, hi = 0x7FFFFFFFu;
  __asm volatile("umaal %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(0xFFFFFFFFu), "r"(0xFFFFFFFFu));
  printf("umaal %08lx%08lx\n", (unsigned long)hi, (unsigned long)lo);

  __asm volatile("sxtb16 %0, %1" : "=r"(s) : "r"(0x12801F7Fu));
  printf("sxtb16 %08lx\n", (unsigned long)s);
  __asm volatile("sxtb16 %0, %1, ror #8" : "=r"(s) : "r"(0x12801F7Fu));
  printf("sxtb16 ror8 %08lx\n", (unsigned long)s);
  s = OP2("sxtab16", 0x00010001u, 0x00FF0080u);
  printf("sxtab16 %08lx\n", (unsigned long)s);
  __asm volatile("uxtb16 %0, %1" : "=r"(s) : "r"(0x12801F7Fu));
  printf("uxtb16 %08lx\n", (unsigned long)s);
  __asm volatile("pkhbt %0, %1, %2, lsl #16" : "=r"(s) : "r"(0x1111AAAAu), "r"(0x2222BBBBu));
  printf("pkhbt %08lx\n", (unsigned long)s);
  __asm volatile("pkhtb %0, %1, %2, asr #16" : "=r"(s) : "r"(0x1111AAAAu), "r"(0x8222BBBBu));
  printf("pkhtb %08lx\n", (unsigned long)s);
  s = OP2("usad8", 0x01FF1080u, 0xFF011080u);
  printf("usad8 %lu\n", (unsigned long)s);
  s = OP2("shadd8", 0x7F80FF01u, 0x7F80FF02u);
  printf("shadd8 %08lx\n", (unsigned long)s);
  s = OP2("uhsub16", 0x00010000u, 0x00020001u);
  printf("uhsub16 %08lx\n", (unsigned long)s);
  s = OP2("qasx", 0x7FFF8000u, 0x00010001u);
  printf("qasx %08lx\n", (unsigned long)s);
  s = OP2("smmul", 0x40000000u, 0x40000000u);
  printf("smmul %08lx\n", (unsigned long)s);
  s = OP3("smmlar", 0x12345678u, 0x9ABCDEF0u, 0x1u);
  printf("smmlar %08lx\n", (unsigned long)s);
  s = OP3("smlabt", 0x0000FFFFu, 0x00070000u, 10u);
  printf("smlabt %ld\n", (long)(int32_t)s);
  s = OP3("smlawb", 0x40000000u, 0x00008000u, 0u);
  printf("smlawb %08lx\n", (unsigned long)s);
}

/* Random sweep: every op on LCG inputs, results and GE/Q flags folded in. */
static void sweep(void) {
  uint32_t h = 1u;
  for (int i = 0; i < 3000; i++) {
    uint32_t a = lcg(), b = lcg(), c = lcg();
    clear_apsr();
    h = mix(h, OP2("sadd8", a, b));
    h = mix(h, flags());
    h = mix(h, OP2("sel", a, c));
    h = mix(h, OP2("usub16", a, b));
    h = mix(h, flags());
    h = mix(h, OP2("sel", b, c));
    h = mix(h, OP2("uasx", a, b));
    h = mix(h, OP2("ssax", a, b));
    h = mix(h, flags());
    h = mix(h, OP2("qsub8", a, b));
    h = mix(h, OP2("uqadd16", a, b));
    h = mix(h, OP2("shsub16", a, b));
    h = mix(h, OP2("uhadd8", a, b));
    h = mix(h, OP3("smlad", a, b, c));
    h = mix(h, OP3("smladx", a, b, c));
    h = mix(h, OP3("smlsd", a, b, c));
    h = mix(h, OP2("smuadx", a, b));
    h = mix(h, OP3("smlabb", a, b, c));
    h = mix(h, OP3("smlatt", a, b, c));
    h = mix(h, OP3("smlawt", a, b, c));
    h = mix(h, OP3("smmls", a, b, c));
    h = mix(h, OP3("usada8", a, b, c));
    h = mix(h, OP2("qdadd", a, b));
    h = mix(h, OP2("qdsub", a, b));
    h = mix(h, flags());
    uint32_t lo = c, hi = a;
    __asm volatile("smlaldx %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(a), "r"(b));
    h = mix(mix(h, lo), hi);
    __asm volatile("smlalbt %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(a), "r"(b));
    h = mix(mix(h, lo), hi);
  }
  printf("dsp sweep checksum %08lx\n", (unsigned long)h);
}

int main(void) {
  printf("dsp test\n");
  explicit_cases();
  sweep();
  printf("dsp done\n");
  return 0;
}
