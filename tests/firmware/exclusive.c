/* The local exclusive monitor across exceptions. "The processor removes
 * its exclusive access tag if: it executes a CLREX instruction; it
 * executes a STREX instruction, regardless of whether the write succeeds;
 * an exception occurs" (Cortex-M4 / Cortex-M7 Devices Generic User Guide,
 * 2.2.7 / 2.3.7 Synchronization primitives; Armv7-M ARM A3.4.4): a
 * LDREX ... STREX pair that an exception separates must fail, even when
 * the handler did not touch the location, as RTX5's and FreeRTOS's atomic
 * helpers and C11 atomics rely on (they retry). Checked after an SVC,
 * after a PendSV taken on pending it, after an interrupt that stored the
 * value the location already held, and, as control cases, with no
 * exception between (the store succeeds) and after CLREX (it fails). */
#include <stdio.h>

#include "test_hw.h"

static volatile uint32_t word = 7, pendsv_count, svc_count;

void PendSV_Handler(void) { pendsv_count++; }
void SVC_Handler(void) { svc_count++; }
void SysTick_Handler(void) {
  word = word; /* the same value back: only a monitor, not the data, can tell */
  SYST_CSR = 0;
}

static inline uint32_t ldrex(volatile uint32_t *p) {
  uint32_t v;
  __asm volatile("ldrex %0, [%1]" : "=r"(v) : "r"(p) : "memory");
  return v;
}
static inline uint32_t strex(uint32_t v, volatile uint32_t *p) {
  uint32_t failed;
  __asm volatile("strex %0, %1, [%2]" : "=&r"(failed) : "r"(v), "r"(p) : "memory");
  return failed;
}

int main(void) {
  int ok = 1;
  uint32_t v = ldrex(&word);
  uint32_t failed = strex(v + 1, &word);
  printf("no exception between: strex %s\n", failed ? "failed" : "succeeded");
  ok &= failed == 0;

  v = ldrex(&word);
  __asm volatile("clrex" ::: "memory");
  failed = strex(v + 1, &word);
  printf("clrex between: strex %s\n", failed ? "failed" : "succeeded");
  ok &= failed == 1;

  v = ldrex(&word);
  __asm volatile("svc 0" ::: "memory");
  failed = strex(v + 1, &word);
  printf("svc between: strex %s (svc ran %u)\n", failed ? "failed" : "succeeded", (unsigned)svc_count);
  ok &= failed == 1 && svc_count == 1;

  v = ldrex(&word);
  SCB_ICSR = ICSR_PENDSVSET;
  barrier();
  failed = strex(v + 1, &word);
  printf("pendsv between: strex %s (pendsv ran %u)\n", failed ? "failed" : "succeeded", (unsigned)pendsv_count);
  ok &= failed == 1 && pendsv_count == 1;

  v = ldrex(&word);
  SCB_ICSR = ICSR_PENDSTSET; /* SysTick: stores the same value back */
  barrier();
  failed = strex(v + 1, &word);
  printf("same value stored by a handler between: strex %s\n", failed ? "failed" : "succeeded");
  ok &= failed == 1;

  printf("exclusive monitor: %s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
