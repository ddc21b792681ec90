/* The console, as Mbed's serial (mbed_retarget's stdout) drives each
 * board's UART, polled one character at a time: the nRF52840 UARTE0 (a
 * one-byte EasyDMA transfer, wait ENDTX, stop, wait TXSTOPPED; the Arduino
 * Nano 33 BLE's Serial1), the STM32 USART (wait TXE), and on the MPS2
 * boards the CMSDK APB UART0, which QEMU prints on its stdout. Exit through
 * semihosting SYS_EXIT_EXTENDED. */
#include <stdarg.h>

#include "rtx_hw.h"

#if defined(MCUSIM_BOARD_STM32F407)
#define USART_BASE 0x40004400u /* USART2, F4 layout: SR, DR, BRR, CR1 */
#define USART_SR REG32(USART_BASE + 0x00u)
#define USART_DR REG32(USART_BASE + 0x04u)
#define USART_BRR REG32(USART_BASE + 0x08u)
#define USART_CR1 REG32(USART_BASE + 0x0Cu)
#define CR1_ENABLE ((1u << 13) | (1u << 3))
#elif defined(MCUSIM_BOARD_STM32F746G_DISCO) || defined(MCUSIM_BOARD_STM32H743) || defined(MCUSIM_BOARD_STM32L4R5)
#if defined(MCUSIM_BOARD_STM32F746G_DISCO)
#define USART_BASE 0x40011000u /* USART1 */
#elif defined(MCUSIM_BOARD_STM32H743)
#define USART_BASE 0x40004800u /* USART3 */
#else
#define USART_BASE 0x40008000u /* LPUART1 */
#endif
#define USART_CR1 REG32(USART_BASE + 0x00u) /* F7/H7/L4 layout */
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
#else
#define CMSDK_UART0_BASE 0x40004000u
#define CMSDK_DATA REG32(CMSDK_UART0_BASE + 0x00u)
#define CMSDK_STATE REG32(CMSDK_UART0_BASE + 0x04u)
#define CMSDK_CTRL REG32(CMSDK_UART0_BASE + 0x08u)
#define CMSDK_BAUDDIV REG32(CMSDK_UART0_BASE + 0x10u)
#endif

void serial_init(void) {
#if defined(USART_BASE)
  USART_CR1 = 0;
  USART_BRR = (SystemCoreClock + 115200u / 2u) / 115200u;
  USART_CR1 = CR1_ENABLE;
#elif defined(UARTE0_BASE)
  UARTE_BAUDRATE = 0x01D7E000u; /* 115200 */
  UARTE_PSEL_TXD = 35u;         /* P1.03: the Nano 33 BLE's TX pin */
  UARTE_ENABLE = 8u;
#else
  CMSDK_BAUDDIV = 16u;
  CMSDK_CTRL = 1u; /* TXEN */
#endif
}

static void serial_putc(char c) {
#if defined(CMSDK_UART0_BASE)
  while (CMSDK_STATE & 1u) {
  }
  CMSDK_DATA = (uint8_t)c;
#elif defined(USART_BASE)
  while (!(USART_SR & (1u << 7))) {
  }
  USART_DR = (uint8_t)c;
#else
  static volatile char tx_byte; /* EasyDMA reads from RAM */
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
#endif
}

static void put_num(unsigned long v, unsigned base, int width, char pad) {
  char buf[12];
  int n = 0;
  do {
    unsigned d = (unsigned)(v % base);
    buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    v /= base;
  } while (v);
  while (width-- > n) serial_putc(pad);
  while (n) serial_putc(buf[--n]);
}

/* %s %c %d %u %x, a width with 0 padding, %%: what the firmware prints. */
void serial_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (const char *p = fmt; *p; ++p) {
    if (*p != '%') {
      serial_putc(*p);
      continue;
    }
    ++p;
    char pad = ' ';
    int width = 0;
    if (*p == '0') pad = '0', ++p;
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    switch (*p) {
      case 's': for (const char *s = va_arg(ap, const char *); *s; ++s) serial_putc(*s); break;
      case 'c': serial_putc((char)va_arg(ap, int)); break;
      case 'd': {
        int v = va_arg(ap, int);
        if (v < 0) serial_putc('-'), v = -v;
        put_num((unsigned)v, 10, width, pad);
        break;
      }
      case 'u': put_num(va_arg(ap, unsigned), 10, width, pad); break;
      case 'x': put_num(va_arg(ap, unsigned), 16, width, pad); break;
      case '%': serial_putc('%'); break;
      default: serial_putc('?'); break;
    }
    if (!*p) break;
  }
  va_end(ap);
}

static uint32_t semihost(uint32_t op, const void *arg) {
  register uint32_t r0 __asm("r0") = op;
  register const void *r1 __asm("r1") = arg;
  __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void semihost_exit(int code) {
  uint32_t block[2] = {0x20026u, (uint32_t)code}; /* ADP_Stopped_ApplicationExit */
  for (;;) semihost(0x20, block);                  /* SYS_EXIT_EXTENDED */
}
