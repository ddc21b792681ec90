/* Output over the board's console, polled one character at a time as the
 * HAL's HAL_UART_Transmit does (TXE, then the data register): USART2 on
 * the STM32F407 (F4 register layout), USART1 (F746G-DISCO), USART3
 * (NUCLEO-H743ZI), LPUART1 (NUCLEO-L4R5ZI) with the F7/H7/L4 layout, the
 * CMSDK APB UART0 on the MPS2 boards (what QEMU prints). Exit through
 * semihosting SYS_EXIT_EXTENDED. A small formatter: %s %c %u %d %x with a
 * width and 0 padding. */
#include <stdarg.h>
#include <stdint.h>

#include "app.h"

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))
extern uint32_t SystemCoreClock;

#if defined(MCUSIM_BOARD_STM32F407)
#define USART_BASE 0x40004400u
#define USART_SR REG32(USART_BASE + 0x00u)
#define USART_DR REG32(USART_BASE + 0x04u)
#define USART_BRR REG32(USART_BASE + 0x08u)
#define USART_CR1 REG32(USART_BASE + 0x0Cu)
#define CR1_ENABLE ((1u << 13) | (1u << 3))
#elif defined(MCUSIM_BOARD_STM32F746G_DISCO) || defined(MCUSIM_BOARD_STM32H743) || defined(MCUSIM_BOARD_STM32L4R5)
#if defined(MCUSIM_BOARD_STM32F746G_DISCO)
#define USART_BASE 0x40011000u
#elif defined(MCUSIM_BOARD_STM32H743)
#define USART_BASE 0x40004800u
#else
#define USART_BASE 0x40008000u
#endif
#define USART_CR1 REG32(USART_BASE + 0x00u)
#define USART_BRR REG32(USART_BASE + 0x0Cu)
#define USART_SR REG32(USART_BASE + 0x1Cu)
#define USART_DR REG32(USART_BASE + 0x28u)
#define CR1_ENABLE ((1u << 0) | (1u << 3))
#else
#define CMSDK_UART0_BASE 0x40004000u
#define CMSDK_DATA REG32(CMSDK_UART0_BASE + 0x00u)
#define CMSDK_STATE REG32(CMSDK_UART0_BASE + 0x04u)
#define CMSDK_CTRL REG32(CMSDK_UART0_BASE + 0x08u)
#define CMSDK_BAUDDIV REG32(CMSDK_UART0_BASE + 0x10u)
#endif

void console_init(void) {
#if defined(USART_BASE)
  USART_CR1 = 0;
  USART_BRR = (SystemCoreClock + 115200u / 2u) / 115200u;
  USART_CR1 = CR1_ENABLE;
#else
  CMSDK_BAUDDIV = 16u;
  CMSDK_CTRL = 1u;
#endif
}

static void putc_polled(char c) {
#if defined(USART_BASE)
  while (!(USART_SR & (1u << 7))) {
  }
  USART_DR = (uint8_t)c;
#else
  while (CMSDK_STATE & 1u) {
  }
  CMSDK_DATA = (uint8_t)c;
#endif
}

static void out_num(unsigned long v, unsigned base, int width, char pad) {
  char buf[12];
  int n = 0;
  do {
    unsigned d = (unsigned)(v % base);
    buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    v /= base;
  } while (v);
  while (width-- > n) putc_polled(pad);
  while (n) putc_polled(buf[--n]);
}

void console_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (const char *p = fmt; *p; ++p) {
    if (*p != '%') {
      putc_polled(*p);
      continue;
    }
    ++p;
    char pad = ' ';
    int width = 0;
    if (*p == '0') pad = '0', ++p;
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    if (*p == 'l') ++p;
    switch (*p) {
      case 's':
        for (const char *s = va_arg(ap, const char *); *s; ++s) putc_polled(*s);
        break;
      case 'c': putc_polled((char)va_arg(ap, int)); break;
      case 'd': {
        long v = va_arg(ap, long);
        if (v < 0) putc_polled('-'), v = -v;
        out_num((unsigned long)v, 10, width, pad);
        break;
      }
      case 'u': out_num(va_arg(ap, unsigned long), 10, width, pad); break;
      case 'x': out_num(va_arg(ap, unsigned long), 16, width, pad); break;
      default: putc_polled(*p); break;
    }
    if (!*p) break;
  }
  va_end(ap);
}

void semihosting_exit(int code) {
  uint32_t block[2] = {0x20026u, (uint32_t)code}; /* ADP_Stopped_ApplicationExit */
  register uint32_t r0 __asm("r0") = 0x20;          /* SYS_EXIT_EXTENDED */
  register uint32_t *r1 __asm("r1") = block;
  for (;;) __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
}
