/* Floating point: single precision in the FPU on both cores, double
 * precision in hardware on the M7 (FPv5-D16) and in libgcc soft-float on the
 * M4 (FPv4-SP). Both must print the same text. Results are printed as
 * decimal and as raw bits, together with the FPSCR cumulative exception
 * flags, across the IEEE special values, the four rounding modes and the
 * flush-to-zero / default-NaN controls. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t fbits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}
static float bitsf(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static uint64_t dbits(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}

static uint32_t get_fpscr(void) {
  uint32_t v;
  __asm volatile("vmrs %0, fpscr" : "=r"(v)::"memory");
  return v;
}
static void set_fpscr(uint32_t v) { __asm volatile("vmsr fpscr, %0" ::"r"(v) : "memory"); }

#define FPSCR_FLAGS 0x9Fu /* IDC IXC UFC OFC DZC IOC */
#define FPSCR_DN (1u << 25)
#define FPSCR_FZ (1u << 24)
#define RMODE(m) ((uint32_t)(m) << 22)

static uint32_t mix(uint32_t h, uint32_t v) { return (h ^ v) * 16777619u + (h >> 13); }

/* IEEE specials plus ordinary values; sNaN (7fa00000) must raise IOC and come
 * back quiet, denormals (00000001, 807fffff) exercise FZ and IDC. */
static const uint32_t specials[] = {
    0x00000000u, 0x80000000u, 0x3F800000u, 0xBFC00000u, 0x40400000u, 0x3DCCCCCDu,
    0x3EAAAAABu, 0x00000001u, 0x807FFFFFu, 0x00800000u, 0x7F7FFFFFu, 0x7F800000u,
    0xFF800000u, 0x7FC00000u, 0x7FA00000u, 0xFFC12345u, 0x4B000001u, 0xCF000000u,
};
#define NSPECIAL (sizeof specials / sizeof specials[0])

static volatile float va, vb, vc, vr;
static volatile int32_t vi;
static volatile uint32_t vu;

/* Run one binary op over all special pairs; fold result bits and flags. */
enum op { ADD, SUB, MUL, DIV, FMA, SQRT, CVT_S32, CVT_U32, NOPS };
static const char *const op_names[] = {"add", "sub",  "mul",     "div",
                                       "fma", "sqrt", "cvt_s32", "cvt_u32"};

static uint32_t run_op(enum op op) {
  uint32_t h = 0x811C9DC5u;
  for (unsigned i = 0; i < NSPECIAL; i++) {
    for (unsigned j = 0; j < NSPECIAL; j++) {
      set_fpscr(get_fpscr() & ~FPSCR_FLAGS);
      va = bitsf(specials[i]);
      vb = bitsf(specials[j]);
      vc = bitsf(specials[(i + j) % NSPECIAL]);
      uint32_t r;
      switch (op) {
        case ADD:
          vr = va + vb;
          r = fbits(vr);
          break;
        case SUB:
          vr = va - vb;
          r = fbits(vr);
          break;
        case MUL:
          vr = va * vb;
          r = fbits(vr);
          break;
        case DIV:
          vr = va / vb;
          r = fbits(vr);
          break;
        case FMA:
          vr = fmaf(va, vb, vc);
          r = fbits(vr);
          break;
        case SQRT:
          vr = sqrtf(va);
          r = fbits(vr);
          j = NSPECIAL;
          break;
        case CVT_S32:
          vi = (int32_t)va;
          r = (uint32_t)vi;
          j = NSPECIAL;
          break;
        case CVT_U32:
          vu = (uint32_t)va;
          r = vu;
          j = NSPECIAL;
          break;
        default:
          r = 0;
          break;
      }
      h = mix(mix(h, r), get_fpscr() & FPSCR_FLAGS);
    }
  }
  return h;
}

static void special_sweep(const char *mode) {
  for (int op = 0; op < NOPS; op++)
    printf("%s %-7s %08lx\n", mode, op_names[op], (unsigned long)run_op((enum op)op));
}

static void show(const char *what, float f) {
  printf("%-12s %.6f %.6e %08lx flags %02lx\n", what, (double)f, (double)f, (unsigned long)fbits(f),
         (unsigned long)(get_fpscr() & FPSCR_FLAGS));
  set_fpscr(get_fpscr() & ~FPSCR_FLAGS);
}

static void basics(void) {
  va = 1.0f;
  vb = 3.0f;
  vc = 0.1f;
  show("1/3", va / vb);
  show("0.1+0.2", vc + 0.2f);
  show("sqrt(2)", sqrtf(va + va));
  show("fma", fmaf(vb, vc, -0.3f));
  show("mul", vb * vc * 1e30f);
  show("ovf", vb * 3e38f);
  show("unf", vc * 1e-40f);
  show("0/0", (va - va) / (vb - vb));
  show("1/0", va / (vb - vb));
  show("cvt(7.9)", (float)(int32_t)(vb * 2.63f));
  show("u2f", (float)(uint32_t)0xFFFFFF81u);
  show("i2f", (float)(int32_t)-16777217);

  /* Fixed-point and half-precision conversions only exist as instructions. */
  float x = 1.75f;
  __asm volatile("vcvt.s32.f32 %0, %0, #16" : "+t"(x));
  printf("vcvt fixed16(1.75) %08lx\n", (unsigned long)fbits(x));
  x = bitsf(0x00030000u);
  __asm volatile("vcvt.f32.u32 %0, %0, #16" : "+t"(x));
  printf("vcvt u32 fixed16(3.0) %.6f\n", (double)x);
  float h = 65504.0f * 1.5f, back;
  __asm volatile("vcvtb.f16.f32 %0, %1\n\tvcvtb.f32.f16 %0, %0" : "=&t"(back) : "t"(h));
  printf("f16 roundtrip(98256) %08lx flags %02lx\n", (unsigned long)fbits(back),
         (unsigned long)(get_fpscr() & FPSCR_FLAGS));
  set_fpscr(get_fpscr() & ~FPSCR_FLAGS);
}

/* FPSCR.RMode affects arithmetic and VCVTR, never the C cast (VCVT rounds to zero). */
static void rounding_modes(void) {
  static const char *const names[] = {"RN", "RP", "RM", "RZ"};
  for (uint32_t m = 0; m < 4; m++) {
    set_fpscr(RMODE(m));
    va = 1.0f;
    vb = 3.0f;
    float q = va / vb, nq = -va / vb;
    int32_t r1, r2, r3;
    float f1 = 2.5f, f2 = -2.5f, f3 = 3.5f;
    __asm volatile("vcvtr.s32.f32 %0, %0" : "+t"(f1));
    __asm volatile("vcvtr.s32.f32 %0, %0" : "+t"(f2));
    __asm volatile("vcvtr.s32.f32 %0, %0" : "+t"(f3));
    memcpy(&r1, &f1, 4);
    memcpy(&r2, &f2, 4);
    memcpy(&r3, &f3, 4);
    printf("%s 1/3 %08lx -1/3 %08lx vcvtr %ld %ld %ld\n", names[m], (unsigned long)fbits(q),
           (unsigned long)fbits(nq), (long)r1, (long)r2, (long)r3);
  }
  set_fpscr(0);
}

static void library(void) {
  static const float in[] = {-2.5f, -0.5f, 0.5f, 1.5f, 2.5f, 1e7f + 0.5f};
  for (unsigned i = 0; i < sizeof in / sizeof in[0]; i++) {
    va = in[i];
    printf("x=%g round %g floor %g ceil %g trunc %g rint %g\n", (double)va, (double)roundf(va),
           (double)floorf(va), (double)ceilf(va), (double)truncf(va), (double)rintf(va));
  }
  va = NAN;
  vb = 1.0f;
  printf("fmaxf(nan,1) %g fminf(-0,0) %08lx fabsf %g copysign %g\n", (double)fmaxf(va, vb),
         (unsigned long)fbits(fminf(-0.0f, 0.0f)), (double)fabsf(-vb),
         (double)copysignf(3.0f, -vb));
  set_fpscr(get_fpscr() & ~FPSCR_FLAGS);
}

/* Double precision: hardware on M7, soft-float on M4; same answers. */
static void doubles(void) {
  volatile double a = 1.0, b = 3.0, c = 1e-310;
  double q = a / b;
  printf("d 1/3 %.17g %016llx\n", q, (unsigned long long)dbits(q));
  printf("d sqrt2 %.17g\n", sqrt(a + a));
  /* No double fma(): newlib's soft version is not fused, so M4 != M7. The
   * volatile product also stops GCC contracting b * q - a into VFMA.F64. */
  volatile double p = b * q;
  printf("d mulsub %016llx\n", (unsigned long long)dbits(p - a));
  printf("d denorm %.6e %016llx\n", c * 3.0, (unsigned long long)dbits(c * 3.0));
  printf("d cvt %ld %lu %.3f\n", (long)(int32_t)(-b * 1e9 / 7.0),
         (unsigned long)(uint32_t)(b * 1e9), (double)(float)(a / b));
  printf("d fmax %g round %g floor %g\n", fmax(a, -b), round(-2.5), floor(-b / 2));
  double acc = 0.0;
  for (int i = 1; i <= 2000; i++) acc += 1.0 / ((double)i * i);
  printf("d basel %.15f %016llx\n", acc, (unsigned long long)dbits(acc));
  set_fpscr(get_fpscr() & ~FPSCR_FLAGS);
}

int main(void) {
  printf("fpu test\n");
  set_fpscr(0);
  basics();
  rounding_modes();
  special_sweep("ieee");
  set_fpscr(FPSCR_FZ);
  special_sweep("fz");
  set_fpscr(FPSCR_DN);
  special_sweep("dn");
  set_fpscr(0);
  library();
  doubles();
  float acc = 0.0f;
  for (int i = 1; i <= 10000; i++) acc += 1.0f / (float)i;
  printf("harmonic %f %08lx\n", (double)acc, (unsigned long)fbits(acc));
  printf("fpu done\n");
  return 0;
}
