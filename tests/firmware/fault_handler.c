/* Fault exceptions with a firmware-installed handler. Each case runs a
 * faulting instruction from fault_ops.S; the handler (one naked stub for
 * HardFault, MemManage, BusFault and UsageFault) prints the exception
 * number, CFSR/HFSR (and BFAR when valid) and the stacked PC relative to
 * the faulting instruction's label, clears the status bits and resumes
 * after the instruction (or fixes the cause and retries it).
 *
 * Built twice per core: by default the configurable faults are disabled,
 * so they escalate to HardFault (HFSR.FORCED); with -DLOCAL_FAULTS the
 * firmware enables them in SHCSR and they arrive at their own handlers. */
#include <stdio.h>

#include "test_hw.h"

#define CPACR REG32(0xE000ED88u)

extern uint32_t do_udf(void), do_load(uint32_t addr), do_sdiv(uint32_t a, uint32_t b);
extern uint32_t do_ldm(uint32_t addr), do_ldm_below(uint32_t addr), do_blx_arm(uint32_t target), do_vfp(uint32_t v);
extern const char fault_udf_insn[], fault_load_insn[], fault_sdiv_insn[], fault_ldm_insn[],
    fault_ldm_below_insn[];
extern const char arm_state_target[], fault_vfp_insn[];

enum fixup { SKIP, RETURN_TO_LR, ENABLE_FPU };

static const char *case_name;
static const char *case_label;
static enum fixup case_fixup;
static volatile unsigned faults_taken;

#define FAULT_STUB(name)                   \
  __attribute__((naked)) void name(void) { \
    __asm volatile(                        \
        "tst lr, #4\n\t"                   \
        "ite eq\n\t"                       \
        "mrseq r0, msp\n\t"                \
        "mrsne r0, psp\n\t"                \
        "b fault_dispatch\n\t");           \
  }
FAULT_STUB(HardFault_Handler)
FAULT_STUB(MemManage_Handler)
FAULT_STUB(BusFault_Handler)
FAULT_STUB(UsageFault_Handler)

__attribute__((used)) void fault_dispatch(uint32_t *frame) {
  uint32_t cfsr = SCB_CFSR, hfsr = SCB_HFSR;
  /* Re-enable the FPU before printf, which may itself use FP registers. */
  if (case_fixup == ENABLE_FPU) CPACR |= 0xFu << 20;
  printf("%s: exception %lu cfsr %08lx hfsr %08lx", case_name, (unsigned long)get_ipsr(),
         (unsigned long)cfsr, (unsigned long)hfsr);
  if (cfsr & (1u << 15)) printf(" bfar %08lx", (unsigned long)SCB_BFAR);
  uint32_t pc = frame[6];
  printf(" pc offset %ld T %lu\n", (long)(pc - ((uint32_t)(uintptr_t)case_label & ~1u)),
         (unsigned long)((frame[7] >> 24) & 1u));
  switch (case_fixup) {
    case SKIP:
      frame[6] = pc + thumb_insn_len(pc);
      break;
    case RETURN_TO_LR: /* abandon the ARM-state branch, back to Thumb */
      frame[6] = frame[5] & ~1u;
      frame[7] |= 1u << 24;
      break;
    case ENABLE_FPU:
      break; /* already re-enabled: retry the instruction */
  }
  SCB_CFSR = cfsr; /* write-one-to-clear */
  SCB_HFSR = hfsr;
  faults_taken++;
}

static void run(const char *name, const char *label, enum fixup fix) {
  case_name = name;
  case_label = label;
  case_fixup = fix;
}

int main(void) {
#ifdef LOCAL_FAULTS
  SCB_SHCSR |= SHCSR_USGFAULTENA | SHCSR_BUSFAULTENA | SHCSR_MEMFAULTENA;
  printf("fault test, UsageFault/BusFault/MemManage enabled\n");
#else
  printf("fault test, all faults escalate to HardFault\n");
#endif
  uint32_t r;

  run("udf", fault_udf_insn, SKIP);
  do_udf();

  run("load 0x50000000", fault_load_insn, SKIP);
  do_load(0x50000000u);

  run("sdiv by zero, trap off", fault_sdiv_insn, SKIP);
  r = do_sdiv(7, 0);
  printf("sdiv 7/0 without DIV_0_TRP = %lu\n", (unsigned long)r);
  SCB_CCR |= CCR_DIV_0_TRP;
  barrier();
  run("sdiv by zero", fault_sdiv_insn, SKIP);
  do_sdiv(7, 0);
  SCB_CCR &= ~CCR_DIV_0_TRP;

  /* Unaligned word loads work unless CCR.UNALIGN_TRP is set; LDM never does. */
  static uint32_t words[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};
  uint32_t odd = (uint32_t)(uintptr_t)words + 2u;
  r = do_load(odd);
  printf("unaligned ldr, trap off = %08lx\n", (unsigned long)r);
  SCB_CCR |= CCR_UNALIGN_TRP;
  barrier();
  run("unaligned ldr", fault_load_insn, SKIP);
  do_load(odd);
  SCB_CCR &= ~CCR_UNALIGN_TRP;
  run("unaligned ldm", fault_ldm_insn, SKIP); /* LDM always needs word alignment */
  do_ldm(odd);

  /* The simulator checks this LDM at block entry from r0 and a displacement
   * of -2: it passes from the odd address, then must fault from the aligned one. */
  r = do_ldm_below(odd);
  printf("ldm below odd = %08lx\n", (unsigned long)r);
  run("unaligned ldm below", fault_ldm_below_insn, SKIP);
  do_ldm_below(odd - 2u);

  run("blx to arm state", arm_state_target, RETURN_TO_LR);
  do_blx_arm((uint32_t)(uintptr_t)arm_state_target & ~1u);

  /* With CP10/CP11 disabled an FP instruction is a NOCP UsageFault; the
   * handler re-enables the FPU and the instruction is retried. The
   * instruction runs once first with the FPU on, so the simulator has seen
   * it before CPACR turns the FPU off. */
  r = do_vfp(0x4321u);
  printf("vfp with the fpu on = %08lx\n", (unsigned long)r);
  __asm volatile("mrs r0, control\n\tbic r0, r0, #4\n\tmsr control, r0\n\tisb" ::: "r0");
  CPACR &= ~(0xFu << 20);
  barrier();
  run("fpu disabled", fault_vfp_insn, ENABLE_FPU);
  r = do_vfp(0x1234u);
  printf("vfp retried = %08lx\n", (unsigned long)r);

  /* Not tested: BKPT #1 without a debugger. Armv7-M says HardFault with
   * HFSR.DEBUGEVT; QEMU 7.2 reports HFSR.FORCED instead (see README). */
  printf("faults taken %u\n", faults_taken);
  return (int)faults_taken;
}
