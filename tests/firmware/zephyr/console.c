/* printk over the board's console, polled one character at a time as
 * Zephyr's uart_poll_out does: the STM32 USART (wait TXE, write the data
 * register), the nRF52840 UARTE (a one-byte EasyDMA transfer, wait ENDTX,
 * stop, wait TXSTOPPED), and on the MPS2 boards the CMSDK APB UART0 (wait
 * while STATE.TXFULL, write DATA), the console Zephyr's MPS2 boards use
 * and what QEMU, the differential oracle, prints on its stdout (it sends
 * semihosting SYS_WRITEC to stderr). Exit through semihosting
 * SYS_EXIT_EXTENDED with the code. The clock is the part's reset clock:
 * this firmware does not configure one. */
#include <stdarg.h>

#include "kernel.h"

static uint32_t semihost(uint32_t op, const void *arg) {
  register uint32_t r0 __asm("r0") = op;
  register const void *r1 __asm("r1") = arg;
  __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

#if defined(MCUSIM_BOARD_STM32F407)
/* USART2, F4 register layout: SR (TXE bit 7), DR, BRR, CR1 (UE 13, TE 3). */
#define USART_BASE 0x40004400u
#define USART_SR REG32(USART_BASE + 0x00u)
#define USART_DR REG32(USART_BASE + 0x04u)
#define USART_BRR REG32(USART_BASE + 0x08u)
#define USART_CR1 REG32(USART_BASE + 0x0Cu)
#define CR1_ENABLE ((1u << 13) | (1u << 3))
#define HW_CYCLES_PER_SEC 16000000u /* HSI */
#elif defined(MCUSIM_BOARD_STM32F746G_DISCO) || defined(MCUSIM_BOARD_STM32H743) || defined(MCUSIM_BOARD_STM32L4R5)
/* F7/H7/L4 layout: CR1 (UE 0, TE 3), BRR 0x0C, ISR 0x1C (TXE bit 7), TDR 0x28.
 * The console each board's Zephyr definition uses: USART1 (F746G-DISCO),
 * USART3 (NUCLEO-H743ZI), LPUART1 (NUCLEO-L4R5ZI). */
#if defined(MCUSIM_BOARD_STM32F746G_DISCO)
#define USART_BASE 0x40011000u
#define HW_CYCLES_PER_SEC 16000000u /* HSI */
#elif defined(MCUSIM_BOARD_STM32H743)
#define USART_BASE 0x40004800u
#define HW_CYCLES_PER_SEC 64000000u /* HSI */
#else
#define USART_BASE 0x40008000u
#define HW_CYCLES_PER_SEC 4000000u /* MSI */
#endif
#define USART_CR1 REG32(USART_BASE + 0x00u)
#define USART_BRR REG32(USART_BASE + 0x0Cu)
#define USART_SR REG32(USART_BASE + 0x1Cu)
#define USART_DR REG32(USART_BASE + 0x28u)
#define CR1_ENABLE ((1u << 0) | (1u << 3))
#elif defined(MCUSIM_BOARD_NRF52840)
#define UARTE0_BASE 0x40002000u
#define UARTE_TASKS_STARTTX REG32(UARTE0_BASE + 0x008u)
#define UARTE_TASKS_STOPTX REG32(UARTE0_BASE + 0x00Cu)
#define UARTE_EVENTS_ENDTX REG32(UARTE0_BASE + 0x120u)
#define UARTE_EVENTS_TXSTOPPED REG32(UARTE0_BASE + 0x158u)
#define UARTE_ENABLE REG32(UARTE0_BASE + 0x500u)
#define UARTE_PSEL_TXD REG32(UARTE0_BASE + 0x50Cu)
#define UARTE_BAUDRATE REG32(UARTE0_BASE + 0x524u)
#define UARTE_TXD_PTR REG32(UARTE0_BASE + 0x544u)
#define UARTE_TXD_MAXCNT REG32(UARTE0_BASE + 0x548u)
#define HW_CYCLES_PER_SEC 64000000u
#else
/* CMSDK APB UART0: DATA 0x00, STATE 0x04 (TXFULL bit 0), CTRL 0x08 (TXEN
 * bit 0), BAUDDIV 0x10 (16 at least). */
#define CMSDK_UART0_BASE 0x40004000u
#define CMSDK_DATA REG32(CMSDK_UART0_BASE + 0x00u)
#define CMSDK_STATE REG32(CMSDK_UART0_BASE + 0x04u)
#define CMSDK_CTRL REG32(CMSDK_UART0_BASE + 0x08u)
#define CMSDK_BAUDDIV REG32(CMSDK_UART0_BASE + 0x10u)
#define HW_CYCLES_PER_SEC 25000000u /* MPS2 FPGA images: 25 MHz */
#endif

uint32_t sys_clock_hw_cycles_per_sec(void) { return HW_CYCLES_PER_SEC; }

void console_init(void) {
#if defined(USART_BASE)
  USART_CR1 = 0;
  USART_BRR = (HW_CYCLES_PER_SEC + 115200u / 2u) / 115200u;
  USART_CR1 = CR1_ENABLE;
#elif defined(UARTE0_BASE)
  UARTE_BAUDRATE = 0x01D7E000u; /* 115200 */
  UARTE_PSEL_TXD = 6u;          /* P0.06 */
  UARTE_ENABLE = 8u;
#else
  CMSDK_BAUDDIV = 16u;
  CMSDK_CTRL = 1u; /* TXEN */
#endif
}

static void uart_poll_out(char c) {
#if defined(CMSDK_UART0_BASE)
  while (CMSDK_STATE & 1u) {
  }
  CMSDK_DATA = (uint8_t)c;
#elif defined(USART_BASE)
  while (!(USART_SR & (1u << 7))) {
  }
  USART_DR = (uint8_t)c;
#else
  static volatile char tx_byte; /* EasyDMA reads RAM */
  unsigned int key = irq_lock(); /* one transfer at a time */
  tx_byte = c;
  UARTE_EVENTS_ENDTX = 0;
  UARTE_EVENTS_TXSTOPPED = 0;
  UARTE_TXD_PTR = (uint32_t)(uintptr_t)&tx_byte;
  UARTE_TXD_MAXCNT = 1;
  UARTE_TASKS_STARTTX = 1;
  while (!UARTE_EVENTS_ENDTX) {
  }
  UARTE_TASKS_STOPTX = 1;
  while (!UARTE_EVENTS_TXSTOPPED) {
  }
  irq_unlock(key);
#endif
}

static void out_str(const char *s) {
  while (*s) uart_poll_out(*s++);
}

static void out_num(unsigned long v, unsigned base, int width, char pad) {
  char buf[12];
  int n = 0;
  do {
    unsigned d = (unsigned)(v % base);
    buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    v /= base;
  } while (v);
  while (width-- > n) uart_poll_out(pad);
  while (n) uart_poll_out(buf[--n]);
}

/* Zephyr's printk is its own small formatter (cbvprintf), not libc's. This
 * one: %s %c %d %u %x with l, a width and 0 padding, and %%. */
void printk(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (const char *p = fmt; *p; ++p) {
    if (*p != '%') {
      uart_poll_out(*p);
      continue;
    }
    ++p;
    char pad = ' ';
    int width = 0;
    if (*p == '0') pad = '0', ++p;
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    int is_long = 0;
    if (*p == 'l') is_long = 1, ++p;
    switch (*p) {
      case 's': out_str(va_arg(ap, const char *)); break;
      case 'c': uart_poll_out((char)va_arg(ap, int)); break;
      case 'd': {
        long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
        if (v < 0) uart_poll_out('-'), v = -v;
        out_num((unsigned long)v, 10, width, pad);
        break;
      }
      case 'u': out_num(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, width, pad); break;
      case 'x': out_num(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, width, pad); break;
      case '%': uart_poll_out('%'); break;
      default: uart_poll_out('?'); break;
    }
    if (!*p) break;
  }
  va_end(ap);
}

void sys_exit(int code) {
  uint32_t block[2] = {0x20026u, (uint32_t)code}; /* ADP_Stopped_ApplicationExit */
  for (;;) semihost(0x20, block);                  /* SYS_EXIT_EXTENDED */
}
