/* SysTick: register semantics with the counter stopped, a software-pended
 * SysTick exception (ICSR.PENDSTSET) and its masking by BASEPRI, then the
 * counter itself interrupting a busy-wait loop and a WFI loop. The handler
 * stops the counter when it reaches its target, so the printed counts do
 * not depend on how fast the host runs. */
#include <stdio.h>

#include "test_hw.h"

#define CSR_ENABLE (1u << 0)
#define CSR_TICKINT (1u << 1)
#define CSR_CLKSOURCE (1u << 2) /* processor clock */

static volatile uint32_t ticks;
static volatile uint32_t target;
static volatile uint32_t handler_ipsr;

#define ICSR_PENDSTCLR (1u << 25)

void SysTick_Handler(void) {
  handler_ipsr = get_ipsr();
  /* Count only up to the target, then stop the counter and drop a tick that
   * may already be pending again: QEMU's SysTick follows host time, so after
   * a host scheduling hiccup periods can expire back to back. */
  if (ticks < target && ++ticks == target) {
    SYST_CSR = 0;
    SCB_ICSR = ICSR_PENDSTCLR;
  }
}

/* Guard so a simulator that never fires SysTick fails fast instead of timing out. */
static int wait_for_target(int use_wfi) {
  for (uint32_t guard = 0; guard < 20000000u; guard++) {
    if (!use_wfi) {
      if (ticks >= target) return 1;
      continue;
    }
    /* Check and sleep with PRIMASK set, so the last tick cannot land between
     * the check and the WFI (the counter is stopped after it: no wake-up).
     * A pending interrupt still ends WFI; it is taken after CPSIE. */
    __asm volatile("cpsid i" ::: "memory");
    if (ticks >= target) {
      __asm volatile("cpsie i" ::: "memory");
      return 1;
    }
    __asm volatile("wfi\n\tcpsie i\n\tisb" ::: "memory");
  }
  return 0;
}

int main(void) {
  printf("systick test\n");

  /* Stopped counter: RELOAD is 24 bits wide, any write to CVR clears it. */
  SYST_CSR = 0;
  SYST_RVR = 0xFFFFFFFFu;
  SYST_CVR = 0x1234u;
  printf("rvr %08lx cvr %08lx csr %08lx\n", (unsigned long)SYST_RVR, (unsigned long)SYST_CVR,
         (unsigned long)(SYST_CSR & 0x7u));

  /* PENDSTSET pends the exception even while the counter is disabled. */
  target = 1000;
  SCB_ICSR = ICSR_PENDSTSET;
  barrier();
  printf("pendstset -> ticks %lu ipsr %lu\n", (unsigned long)ticks, (unsigned long)handler_ipsr);

  /* BASEPRI at or above the SysTick priority holds the pended exception back. */
  SCB_SHPR3 = (SCB_SHPR3 & 0x00FFFFFFu) | (0xC0u << 24);
  __asm volatile("msr basepri, %0" ::"r"(0x80u) : "memory");
  SCB_ICSR = ICSR_PENDSTSET;
  barrier();
  uint32_t masked = ticks;
  __asm volatile("msr basepri, %0" ::"r"(0u) : "memory");
  barrier();
  printf("basepri masked ticks %lu, unmasked ticks %lu\n", (unsigned long)masked,
         (unsigned long)ticks);

  /* Counter-driven ticks, busy-waiting. */
  ticks = 0;
  target = 5;
  SYST_RVR = 9999u;
  SYST_CVR = 0;
  SYST_CSR = CSR_CLKSOURCE | CSR_TICKINT | CSR_ENABLE;
  if (!wait_for_target(0)) {
    printf("systick busy-wait timed out at %lu\n", (unsigned long)ticks);
    return 1;
  }
  printf("systick ok %lu csr.enable %lu\n", (unsigned long)ticks, (unsigned long)(SYST_CSR & 1u));

  /* Same with WFI: the core sleeps until each tick. */
  target = 10;
  SYST_CVR = 0;
  SYST_CSR = CSR_CLKSOURCE | CSR_TICKINT | CSR_ENABLE;
  if (!wait_for_target(1)) {
    printf("systick wfi timed out at %lu\n", (unsigned long)ticks);
    return 1;
  }
  printf("systick wfi ok %lu\n", (unsigned long)ticks);
  SYST_CSR = 0;
  return 0;
}
