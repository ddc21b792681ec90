/* HAL tick, timed waits, the failure path and newlib's output hooks, shaped
 * like STM32Cube's (HAL_IncTick, HAL_GetTick, Error_Handler, _write). */
#include "hal_lite.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

volatile uint32_t hal_tick;
static int uart_ready;
static int failing;

void SysTick_Handler(void) { hal_tick++; }

void hal_init_tick(uint32_t core_hz) {
  SYST_RVR = core_hz / 1000u - 1u;
  SYST_CVR = 0;
  SCB_SHPR3_SYSTICK = 0xF0u; /* TICK_INT_PRIORITY 15, 4 priority bits */
  SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

void hal_init(void) {
  series_flash_accelerator();
  /* HAL_NVIC_SetPriorityGrouping(NVIC_PRIORITYGROUP_4): PRIGROUP = 3. */
  uint32_t aircr = SCB_AIRCR & ~((0xFFFFu << 16) | (7u << AIRCR_PRIGROUP_SHIFT));
  SCB_AIRCR = aircr | AIRCR_VECTKEY | (3u << AIRCR_PRIGROUP_SHIFT);
  hal_init_tick(SystemCoreClock);
  series_msp_init();
}

void wait_bits(volatile uint32_t *reg, uint32_t mask, uint32_t want, uint32_t timeout_ms, const char *what) {
  uint32_t start = hal_tick;
  /* A second bound on the loop itself, so a simulator whose SysTick does not
   * run still ends here (with the tick count in the message) rather than spin. */
  uint32_t spins = 0;
  while ((*reg & mask) != want) {
    if (hal_tick - start > timeout_ms || ++spins > 20000000u) {
      char msg[160];
      snprintf(msg, sizeof msg, "timeout after %lu ms waiting for %s to become %s", (unsigned long)(hal_tick - start),
               what, want ? "1" : "0");
      fail(msg);
    }
  }
}

void Error_Handler(void) {
  /* CubeMX generates __disable_irq(); while (1) {}. The tests exit instead
   * so a failure ends the run with a code of its own at once. */
  disable_irq();
  exit(3);
}

void fail(const char *msg) {
  static const char *first;
  if (!uart_ready && !failing) {
    failing = 1;
    first = msg;
    series_update_clocks();
    series_uart_init();
  }
  /* A failure inside series_uart_init (its TEACK/REACK wait) lands here with
   * the USART half up: try to print anyway, TXE may still work; then the
   * failure that brought the USART up (its text is still on the stack). */
  hal_uart_ready();
  printf("FAIL: %s\n", msg);
  if (first && strcmp(first, msg) != 0) printf("FAIL: %s\n", first);
  Error_Handler();
}

int _write(int fd, const char *buf, int len) {
  if (fd != 1 && fd != 2) {
    errno = EBADF;
    return -1;
  }
  if (!uart_ready) return len; /* nowhere to print yet: as on a board before MX_USART_Init */
  series_uart_write(buf, len);
  return len;
}

void uart_wait(volatile uint32_t *status, uint32_t bit) {
  uint32_t start = hal_tick, spins = 0;
  while (!(*status & bit)) {
    if (hal_tick - start > 100u || ++spins > 20000000u) Error_Handler();
  }
}

void hal_uart_ready(void) { uart_ready = 1; }

/* CubeIDE's sysmem.c shape: the heap grows from `end` up to the reserved stack. */
extern uint8_t _end, _estack, _Min_Stack_Size;
void *_sbrk(ptrdiff_t incr) {
  static uint8_t *heap_end;
  const uint8_t *limit = &_estack - (uint32_t)(uintptr_t)&_Min_Stack_Size;
  if (!heap_end) heap_end = &_end;
  if (heap_end + incr > limit) {
    errno = ENOMEM;
    return (void *)-1;
  }
  uint8_t *prev = heap_end;
  heap_end += incr;
  return prev;
}
