/* nRF52840 test firmware shaped like an nRF5 SDK program (nrf_drv_clock,
 * nrf_libuarte/nrfx_uarte blocking transmit, nrfx_timer, app_timer on an
 * RTC): HFCLK start (TASKS_HFCLKSTART -> EVENTS_HFCLKSTARTED), LFCLK start
 * from the crystal, POWER DC/DC on, GPIO P0.13 (LED1 on the DK) toggled,
 * printf over UARTE0 with EasyDMA (ENABLE, PSEL, BAUDRATE, TXD.PTR/MAXCNT,
 * TASKS_STARTTX, EVENTS_ENDTX, TXD.AMOUNT), TIMER0 compare interrupt (IRQ 8)
 * counted against RTC1. Register facts from the nRF52840 Product
 * Specification; our own definitions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cortex_m.h"

uint32_t SystemCoreClock = 64000000u;

#define CLOCK_BASE 0x40000000u /* CLOCK and POWER share the block */
#define CLOCK_TASKS_HFCLKSTART REG32(CLOCK_BASE + 0x000u)
#define CLOCK_TASKS_LFCLKSTART REG32(CLOCK_BASE + 0x008u)
#define CLOCK_EVENTS_HFCLKSTARTED REG32(CLOCK_BASE + 0x100u)
#define CLOCK_EVENTS_LFCLKSTARTED REG32(CLOCK_BASE + 0x104u)
#define CLOCK_HFCLKSTAT REG32(CLOCK_BASE + 0x40Cu)
#define CLOCK_LFCLKSTAT REG32(CLOCK_BASE + 0x418u)
#define CLOCK_LFCLKSRC REG32(CLOCK_BASE + 0x518u)
#define POWER_RESETREAS REG32(CLOCK_BASE + 0x400u)
#define POWER_DCDCEN REG32(CLOCK_BASE + 0x578u)

#define P0_BASE 0x50000000u
#define P0_OUT REG32(P0_BASE + 0x504u)
#define P0_OUTSET REG32(P0_BASE + 0x508u)
#define P0_OUTCLR REG32(P0_BASE + 0x50Cu)
#define P0_DIRSET REG32(P0_BASE + 0x518u)
#define P0_PIN_CNF(n) REG32(P0_BASE + 0x700u + 4u * (n))

#define UARTE0_BASE 0x40002000u
#define UARTE_TASKS_STARTTX REG32(UARTE0_BASE + 0x008u)
#define UARTE_TASKS_STOPTX REG32(UARTE0_BASE + 0x00Cu)
#define UARTE_EVENTS_ENDTX REG32(UARTE0_BASE + 0x120u)
#define UARTE_EVENTS_TXSTARTED REG32(UARTE0_BASE + 0x150u)
#define UARTE_EVENTS_TXSTOPPED REG32(UARTE0_BASE + 0x158u)
#define UARTE_ENABLE REG32(UARTE0_BASE + 0x500u)
#define UARTE_PSEL_RTS REG32(UARTE0_BASE + 0x508u)
#define UARTE_PSEL_TXD REG32(UARTE0_BASE + 0x50Cu)
#define UARTE_PSEL_CTS REG32(UARTE0_BASE + 0x510u)
#define UARTE_PSEL_RXD REG32(UARTE0_BASE + 0x514u)
#define UARTE_BAUDRATE REG32(UARTE0_BASE + 0x524u)
#define UARTE_TXD_PTR REG32(UARTE0_BASE + 0x544u)
#define UARTE_TXD_MAXCNT REG32(UARTE0_BASE + 0x548u)
#define UARTE_TXD_AMOUNT REG32(UARTE0_BASE + 0x54Cu)
#define UARTE_CONFIG REG32(UARTE0_BASE + 0x56Cu)
#define UARTE_ENABLE_ENABLED 8u
#define UARTE_BAUD_115200 0x01D7E000u
#define PSEL_DISCONNECTED 0xFFFFFFFFu

#define TIMER0_BASE 0x40008000u
#define TIMER_TASKS_START REG32(TIMER0_BASE + 0x000u)
#define TIMER_TASKS_STOP REG32(TIMER0_BASE + 0x004u)
#define TIMER_TASKS_CLEAR REG32(TIMER0_BASE + 0x00Cu)
#define TIMER_EVENTS_COMPARE0 REG32(TIMER0_BASE + 0x140u)
#define TIMER_SHORTS REG32(TIMER0_BASE + 0x200u)
#define TIMER_INTENSET REG32(TIMER0_BASE + 0x304u)
#define TIMER_MODE REG32(TIMER0_BASE + 0x504u)
#define TIMER_BITMODE REG32(TIMER0_BASE + 0x508u)
#define TIMER_PRESCALER REG32(TIMER0_BASE + 0x510u)
#define TIMER_CC0 REG32(TIMER0_BASE + 0x540u)
#define TIMER0_IRQn 8u

#define RTC1_BASE 0x40011000u
#define RTC_TASKS_START REG32(RTC1_BASE + 0x000u)
#define RTC_TASKS_STOP REG32(RTC1_BASE + 0x004u)
#define RTC_TASKS_CLEAR REG32(RTC1_BASE + 0x008u)
#define RTC_COUNTER REG32(RTC1_BASE + 0x504u)
#define RTC_PRESCALER REG32(RTC1_BASE + 0x508u)

#define LED1_PIN 13u
#define WAIT_LIMIT 2000000u /* loop bound for the SDK's untimed waits (~10x the longest: 128 bytes at 115200 baud) */

static int uarte_ready;

static void fail(const char *msg) __attribute__((noreturn));

static void wait_event(volatile uint32_t *event, const char *what) {
  uint32_t spins = 0;
  while (*event == 0u) {
    if (++spins > WAIT_LIMIT) fail(what);
  }
}

/* nrfx_uarte_tx, blocking: EasyDMA reads from RAM, so the bytes go through a RAM buffer. */
static void uarte_tx(const char *buf, int len) {
  static char dma_buf[128];
  while (len > 0) {
    int n = len < (int)sizeof dma_buf ? len : (int)sizeof dma_buf;
    memcpy(dma_buf, buf, (size_t)n);
    UARTE_EVENTS_ENDTX = 0;
    UARTE_EVENTS_TXSTOPPED = 0;
    UARTE_TXD_PTR = (uint32_t)(uintptr_t)dma_buf;
    UARTE_TXD_MAXCNT = (uint32_t)n;
    UARTE_TASKS_STARTTX = 1;
    uint32_t spins = 0;
    while (UARTE_EVENTS_ENDTX == 0u) {
      if (++spins > WAIT_LIMIT) exit(4); /* the UARTE itself failed: nowhere to print */
    }
    if (UARTE_TXD_AMOUNT != (uint32_t)n) exit(5);
    buf += n;
    len -= n;
  }
}

static void uarte_init(void) {
  P0_OUTSET = 1u << 6; /* TX idles high */
  P0_DIRSET = 1u << 6;
  UARTE_BAUDRATE = UARTE_BAUD_115200;
  UARTE_CONFIG = 0; /* no parity, no flow control */
  UARTE_PSEL_TXD = 6u;  /* P0.06, the DK's TX to the interface MCU */
  UARTE_PSEL_RXD = 8u;  /* P0.08 */
  UARTE_PSEL_RTS = PSEL_DISCONNECTED;
  UARTE_PSEL_CTS = PSEL_DISCONNECTED;
  UARTE_ENABLE = UARTE_ENABLE_ENABLED;
  uarte_ready = 1;
}

int _write(int fd, const char *buf, int len) {
  if (fd != 1 && fd != 2) {
    errno = EBADF;
    return -1;
  }
  if (uarte_ready) uarte_tx(buf, len);
  return len;
}

static void fail(const char *msg) {
  if (!uarte_ready) uarte_init();
  printf("FAIL: %s\n", msg);
  disable_irq();
  exit(3);
}

void SystemInit(void) { SCB_CPACR |= (3u << 20) | (3u << 22); }

static volatile uint32_t timer0_compares;
void TIMER0_IRQHandler(void) {
  if (TIMER_EVENTS_COMPARE0) {
    TIMER_EVENTS_COMPARE0 = 0;
    (void)TIMER_EVENTS_COMPARE0; /* read back so the event clears before return */
    timer0_compares++;
  }
}

/* TIMER0 at 1 MHz compares every 3 ms (SHORTS clears it); counted while RTC1
 * advances 3277 ticks of 32768 Hz (100.006 ms) from a tick edge: compares
 * land at 3 ms * k, so 33 fall in the window (99 ms; the 34th at 102 ms). */
#define TIMER0_PERIOD_US 3000u
#define RTC_WINDOW_TICKS 3277u
#define EXPECTED_COMPARES 33u

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  uint32_t resetreas = POWER_RESETREAS;

  /* nrf_drv_clock: HFCLK from the crystal, LFCLK from the 32.768 kHz crystal. */
  CLOCK_EVENTS_HFCLKSTARTED = 0;
  CLOCK_TASKS_HFCLKSTART = 1;
  wait_event(&CLOCK_EVENTS_HFCLKSTARTED, "CLOCK.EVENTS_HFCLKSTARTED never set after TASKS_HFCLKSTART");
  CLOCK_LFCLKSRC = 1u; /* Xtal */
  CLOCK_EVENTS_LFCLKSTARTED = 0;
  CLOCK_TASKS_LFCLKSTART = 1;
  wait_event(&CLOCK_EVENTS_LFCLKSTARTED, "CLOCK.EVENTS_LFCLKSTARTED never set after TASKS_LFCLKSTART");
  POWER_DCDCEN = 1u;

  uarte_init();
  printf("vendor-sdk nrf52840: RESETREAS 0x%08lx\n", (unsigned long)resetreas);
  printf("clock: HFCLKSTAT 0x%08lx, LFCLKSTAT 0x%08lx, LFCLKSRC 0x%08lx\n", (unsigned long)CLOCK_HFCLKSTAT,
         (unsigned long)CLOCK_LFCLKSTAT, (unsigned long)CLOCK_LFCLKSRC);
  printf("power: DCDCEN 0x%08lx\n", (unsigned long)POWER_DCDCEN);
  printf("uarte0: ENABLE %lu, PSEL.TXD %lu, BAUDRATE 0x%08lx\n", (unsigned long)UARTE_ENABLE,
         (unsigned long)UARTE_PSEL_TXD, (unsigned long)UARTE_BAUDRATE);

  /* nrf_gpio_cfg_output + toggles, read back through OUT. */
  P0_PIN_CNF(LED1_PIN) = 1u; /* DIR output, input buffer connected */
  P0_OUTSET = 1u << LED1_PIN;
  uint32_t after_set = (P0_OUT >> LED1_PIN) & 1u;
  P0_OUTCLR = 1u << LED1_PIN;
  uint32_t after_clr = (P0_OUT >> LED1_PIN) & 1u;
  printf("gpio: P0.13 PIN_CNF 0x%08lx, OUT after OUTSET %lu, after OUTCLR %lu\n",
         (unsigned long)P0_PIN_CNF(LED1_PIN), (unsigned long)after_set, (unsigned long)after_clr);

  /* app_timer's RTC1: 32768 Hz, no prescaler. */
  RTC_PRESCALER = 0;
  RTC_TASKS_CLEAR = 1;
  RTC_TASKS_START = 1;

  /* nrfx_timer: 32-bit timer mode at 1 MHz, CC[0] with COMPARE0_CLEAR, interrupt on COMPARE0. */
  TIMER_TASKS_STOP = 1;
  TIMER_TASKS_CLEAR = 1;
  TIMER_MODE = 0;
  TIMER_BITMODE = 3u;
  TIMER_PRESCALER = 4u; /* 16 MHz / 2^4 */
  TIMER_CC0 = TIMER0_PERIOD_US;
  TIMER_SHORTS = 1u << 0; /* COMPARE0_CLEAR */
  TIMER_EVENTS_COMPARE0 = 0;
  TIMER_INTENSET = 1u << 16; /* COMPARE0 */
  NVIC_IPR8(TIMER0_IRQn) = 6u << 5; /* APP_IRQ_PRIORITY_LOW on a 3-bit part */
  NVIC_ISER(0) = 1u << TIMER0_IRQn;
  printf("timer0: PRESCALER %lu, BITMODE %lu, CC[0] %lu, SHORTS 0x%lx\n", (unsigned long)TIMER_PRESCALER,
         (unsigned long)TIMER_BITMODE, (unsigned long)TIMER_CC0, (unsigned long)TIMER_SHORTS);

  uint32_t spins = 0, c0 = RTC_COUNTER;
  while (RTC_COUNTER == c0) {
    if (++spins > WAIT_LIMIT) fail("RTC1.COUNTER does not advance after TASKS_START");
  }
  uint32_t start = RTC_COUNTER;
  TIMER_TASKS_START = 1;
  spins = 0;
  while (((RTC_COUNTER - start) & 0xFFFFFFu) < RTC_WINDOW_TICKS) {
    if (++spins > 10u * WAIT_LIMIT) fail("RTC1.COUNTER stopped advancing");
  }
  uint32_t n = timer0_compares;
  TIMER_TASKS_STOP = 1;
  NVIC_ICER(0) = 1u << TIMER0_IRQn;
  printf("timer0 compares in %u rtc ticks: %lu\n", RTC_WINDOW_TICKS, (unsigned long)n);
  if (n != EXPECTED_COMPARES) {
    printf("FAIL: expected %u TIMER0 compares\n", EXPECTED_COMPARES);
    exit(2);
  }
  printf("SystemCoreClock=%lu\n", (unsigned long)SystemCoreClock);
  exit(0);
}
