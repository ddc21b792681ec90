/* SVC and PendSV: exception entry/return bit-exactness. The SVC handler is
 * naked: it picks the frame from MSP or PSP by EXC_RETURN bit 2, reads the
 * SVC number from the instruction before the stacked PC and returns a value
 * by overwriting stacked r0. Checked: the stacked r0-r3/r12/PC/xPSR, the
 * EXC_RETURN values for MSP/PSP and basic/extended (FP) frames, frame size,
 * lazy FP state preservation and FPDSCR, CONTROL.nPRIV, PendSV pended from
 * thread mode and from SVC, PRIMASK masking, tail-chaining vs preemption. */
#include <stdio.h>
#include <string.h>

#include "test_hw.h"

enum {
  SVC_SUM4 = 0, /* r0+r1+r2+r3 */
  SVC_R12 = 1,  /* stacked r12 */
  SVC_EXC_RETURN = 2,
  SVC_XPSR = 3, /* stacked xPSR T bit and IPSR field, handler IPSR */
  SVC_PC = 4,   /* stacked PC */
  SVC_PEND_PENDSV = 5,
  SVC_UNPRIV = 6,
  SVC_PRIV = 7,
  SVC_FRAME = 8,     /* frame address */
  SVC_FP_CLOBBER = 9 /* uses s0-s15 in the handler, returns FPSCR seen there */
};

static volatile char events[16];
static volatile unsigned nevents;
static void event(char c) { events[nevents++ % 15] = c; }

static volatile uint32_t pendsv_count, pendsv_ipsr;
void PendSV_Handler(void) {
  pendsv_ipsr = get_ipsr();
  pendsv_count++;
  event('P');
}

__attribute__((naked)) void SVC_Handler(void) {
  __asm volatile(
      "tst lr, #4\n\t"
      "ite eq\n\t"
      "mrseq r0, msp\n\t"
      "mrsne r0, psp\n\t"
      "mov r1, lr\n\t"
      "b svc_dispatch\n\t"); /* returns straight to EXC_RETURN in lr */
}

/* frame: r0 r1 r2 r3 r12 lr pc xpsr [s0-s15 fpscr reserved] */
static volatile uint32_t svc_ipsr;

__attribute__((used)) void svc_dispatch(uint32_t *frame, uint32_t exc_return) {
  svc_ipsr = get_ipsr();
  uint32_t pc = frame[6];
  uint32_t number = *(const volatile uint16_t *)(pc - 2u) & 0xFFu;
  uint32_t ret = 0xDEADu;
  switch (number) {
    case SVC_SUM4:
      ret = frame[0] + frame[1] + frame[2] + frame[3];
      break;
    case SVC_R12:
      ret = frame[4];
      break;
    case SVC_EXC_RETURN:
      ret = exc_return;
      break;
    case SVC_XPSR:
      ret = frame[7] & 0x010001FFu;
      break; /* T bit and exception number */
    case SVC_PC:
      ret = pc;
      break;
    case SVC_PEND_PENDSV:
      event('S');
      SCB_ICSR = ICSR_PENDSVSET;
      barrier();
      event('s');
      ret = 0;
      break;
    case SVC_UNPRIV:
    case SVC_PRIV: {
      uint32_t c;
      __asm volatile("mrs %0, control" : "=r"(c));
      c = number == SVC_UNPRIV ? (c | 1u) : (c & ~1u);
      __asm volatile("msr control, %0\n\tisb" ::"r"(c) : "memory");
      ret = 0;
      break;
    }
    case SVC_FRAME:
      ret = (uint32_t)(uintptr_t)frame;
      break;
    case SVC_FP_CLOBBER: {
      /* First FP instruction in the handler: triggers lazy stacking. */
      __asm volatile("vmrs %0, fpscr" : "=r"(ret));
      __asm volatile(
          "vmov.f32 s0, #1.0\n\tvmov.f32 s1, s0\n\tvmov.f32 s7, s0\n\t"
          "vmov.f32 s8, #-2.0\n\tvmov.f32 s15, s8\n\tvmsr fpscr, %0" ::"r"(0x03C00000u)
          : "s0", "s1", "s7", "s8", "s15");
      break;
    }
    default:
      break;
  }
  frame[0] = ret;
}

#define SVC(n, a, b, c, d)                                      \
  ({                                                            \
    register uint32_t r0_ __asm("r0") = (a);                    \
    register uint32_t r1_ __asm("r1") = (b);                    \
    register uint32_t r2_ __asm("r2") = (c);                    \
    register uint32_t r3_ __asm("r3") = (d);                    \
    __asm volatile("svc %[imm]"                                 \
                   : "+r"(r0_)                                  \
                   : "r"(r1_), "r"(r2_), "r"(r3_), [imm] "I"(n) \
                   : "memory");                                 \
    r0_;                                                        \
  })

/* Stacked PC minus the address right after the SVC: must be 0. One asm
 * block because r0 is both the SVC argument register and the result. */
__attribute__((noinline)) static uint32_t svc_pc_offset(void) {
  uint32_t got, want;
  __asm volatile(
      "svc #4\n\t"
      "2:\n\t"
      "mov %0, r0\n\t"
      "adr %1, 2b\n\t"
      : "=r"(got), "=r"(want)::"r0", "r1", "r2", "r3", "memory");
  return got - want;
}

static uint32_t svc_r12(uint32_t v) {
  uint32_t out;
  __asm volatile("mov r12, %1\n\tsvc #1\n\tmov %0, r0"
                 : "=r"(out)
                 : "r"(v)
                 : "r0", "r12", "memory");
  return out;
}

/* EXC_RETURN and frame size with the FP context inactive (CONTROL.FPCA=0)
 * and active (after any FP instruction): basic 32-byte vs extended 104-byte
 * frame. Done in one asm block so the compiler cannot interleave FP code. */
static void frames(const char *which) {
  uint32_t er_basic, er_ext, sp_basic, fr_basic, sp_ext, fr_ext;
  __asm volatile(
      "mrs r1, control\n\t"
      "bic r1, r1, #4\n\t"
      "msr control, r1\n\t"
      "isb\n\t"
      "svc #2\n\t"
      "mov %0, r0\n\t"
      "mov %1, sp\n\t"
      "svc #8\n\t"
      "mov %2, r0\n\t"
      "vmov s0, r1\n\t" /* sets CONTROL.FPCA */
      "svc #2\n\t"
      "mov %3, r0\n\t"
      "mov %4, sp\n\t"
      "svc #8\n\t"
      "mov %5, r0\n\t"
      : "=&r"(er_basic), "=&r"(sp_basic), "=&r"(fr_basic), "=&r"(er_ext), "=&r"(sp_ext),
        "=&r"(fr_ext)
      :
      : "r0", "r1", "r2", "r3", "s0", "memory");
  printf("%s: exc_return basic %08lx extended %08lx, frame bytes %lu and %lu\n", which,
         (unsigned long)er_basic, (unsigned long)er_ext, (unsigned long)(sp_basic - fr_basic),
         (unsigned long)(sp_ext - fr_ext));
}

static void fp_context(void) {
  static float in[16], out[16];
  for (int i = 0; i < 16; i++) in[i] = (float)i * 1.25f - 3.0f;
  uint32_t handler_fpscr, fpscr_after;
  __asm volatile(
      "vmsr fpscr, %[rz]\n\t"
      "vldm %[in], {s0-s15}\n\t"
      "svc #9\n\t"
      "mov %[hf], r0\n\t"
      "vstm %[out], {s0-s15}\n\t"
      "vmrs %[fa], fpscr\n\t"
      : [hf] "=&r"(handler_fpscr), [fa] "=&r"(fpscr_after)
      : [in] "r"(in), [out] "r"(out), [rz] "r"(0x00C00000u)
      : "r0", "r1", "r2", "r3", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10",
        "s11", "s12", "s13", "s14", "s15", "memory");
  __asm volatile("vmsr fpscr, %0" ::"r"(0u));
  printf("fp context preserved %d, handler fpscr %08lx, thread fpscr after %08lx\n",
         memcmp(in, out, sizeof in) == 0, (unsigned long)handler_fpscr, (unsigned long)fpscr_after);
}

static uint32_t control(void) {
  uint32_t c;
  __asm volatile("mrs %0, control" : "=r"(c));
  return c & 3u; /* nPRIV, SPSEL; FPCA depends on compiler FP use */
}

static void pendsv_tests(void) {
  pendsv_count = 0;
  SCB_ICSR = ICSR_PENDSVSET;
  barrier();
  printf("pendsv from thread: count %lu ipsr %lu\n", (unsigned long)pendsv_count,
         (unsigned long)pendsv_ipsr);

  __asm volatile("cpsid i" ::: "memory");
  SCB_ICSR = ICSR_PENDSVSET;
  barrier();
  uint32_t masked = pendsv_count;
  uint32_t pending = (SCB_ICSR >> 28) & 1u;
  __asm volatile("cpsie i\n\tisb" ::: "memory");
  printf("primask: count while masked %lu pending %lu, after cpsie %lu\n", (unsigned long)masked,
         (unsigned long)pending, (unsigned long)pendsv_count);

  /* Equal priority: PendSV tail-chains after the SVC handler returns. */
  nevents = 0;
  SVC(SVC_PEND_PENDSV, 0, 0, 0, 0);
  event('T');
  events[nevents] = 0;
  printf("equal priority order %s\n", events);

  /* PendSV more urgent than SVC: it preempts the SVC handler. */
  SCB_SHPR2 = 0x80u << 24;
  SCB_SHPR3 = (SCB_SHPR3 & 0xFF00FFFFu) | (0x40u << 16);
  nevents = 0;
  SVC(SVC_PEND_PENDSV, 0, 0, 0, 0);
  event('T');
  events[nevents] = 0;
  printf("pendsv preempts svc order %s\n", events);
  SCB_SHPR2 = 0;
  SCB_SHPR3 &= 0xFF00FFFFu;
}

static uint64_t process_stack[256] __attribute__((aligned(8)));

int main(void) {
  printf("svc test\n");
  printf("sum4 %lu\n", (unsigned long)SVC(SVC_SUM4, 1, 20, 300, 4000));
  printf("r12 %08lx\n", (unsigned long)svc_r12(0xC0FFEE12u));
  uint32_t x = SVC(SVC_XPSR, 0, 0, 0, 0);
  printf("stacked xpsr T=%lu ipsr=%lu, handler ipsr %lu\n", (unsigned long)((x >> 24) & 1u),
         (unsigned long)(x & 0x1FFu), (unsigned long)svc_ipsr);
  printf("stacked pc - label %ld\n", (long)(int32_t)svc_pc_offset());
  printf("unknown svc %lx\n", (unsigned long)SVC(77, 0, 0, 0, 0));
  frames("msp");
  fp_context();

  /* Thread mode on the process stack. */
  __asm volatile("msr psp, %0" ::"r"(&process_stack[256]));
  __asm volatile("mrs r0, control\n\torr r0, r0, #2\n\tmsr control, r0\n\tisb" ::: "r0", "memory");
  printf("on psp: control %lu sum4 %lu\n", (unsigned long)control(),
         (unsigned long)SVC(SVC_SUM4, 5, 6, 7, 8));
  frames("psp");

  /* No printf while unprivileged: QEMU ignores semihosting BKPTs from
   * unprivileged code unless run with -semihosting-config userspace=on. */
  SVC(SVC_UNPRIV, 0, 0, 0, 0);
  uint32_t unpriv_control = control();
  SVC(SVC_PRIV, 0, 0, 0, 0);
  printf("unprivileged: control %lu, privileged again: control %lu\n",
         (unsigned long)unpriv_control, (unsigned long)control());
  __asm volatile("mrs r0, control\n\tbic r0, r0, #2\n\tmsr control, r0\n\tisb" ::: "r0", "memory");

  pendsv_tests();
  printf("svc done\n");
  return 0;
}
