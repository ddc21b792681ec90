/* CMSDK APB UART0 (0x40004000) transmit path: set BAUDDIV, enable TX, write
 * bytes while polling STATE.TXFULL. All output goes through the UART (QEMU
 * -serial stdio, mcusim's UART console), none through semihosting; the
 * program then exits through semihosting with status 0. */
#include <stdlib.h>

#include "test_hw.h"

#define UART0_BASE 0x40004000u
#define UART_DATA REG32(UART0_BASE + 0x00u)
#define UART_STATE REG32(UART0_BASE + 0x04u)
#define UART_CTRL REG32(UART0_BASE + 0x08u)
#define UART_BAUDDIV REG32(UART0_BASE + 0x10u)

#define STATE_TXFULL (1u << 0)
#define CTRL_TXEN (1u << 0)

static void uart_putc(char c) {
  while (UART_STATE & STATE_TXFULL) {
  }
  UART_DATA = (uint8_t)c;
}

static void uart_puts(const char *s) {
  while (*s) uart_putc(*s++);
}

static void uart_puthex(uint32_t v) {
  static const char digits[] = "0123456789abcdef";
  for (int shift = 28; shift >= 0; shift -= 4) uart_putc(digits[(v >> shift) & 0xFu]);
}

int main(void) {
  UART_BAUDDIV = 16; /* the smallest valid divisor (QEMU logs a guest error below 16) */
  UART_CTRL = CTRL_TXEN;
  uart_puts("uart test: hello from CMSDK UART0\r\n");
  uart_puts("ctrl ");
  uart_puthex(UART_CTRL);
  uart_puts(" bauddiv ");
  uart_puthex(UART_BAUDDIV);
  uart_puts("\r\n");
  for (char c = ' '; c <= '~'; c++) uart_putc(c); /* every printable byte */
  uart_puts("\r\nuart done\r\n");
  /* Let the last byte drain before exiting. */
  while (UART_STATE & STATE_TXFULL) {
  }
  exit(0);
}
