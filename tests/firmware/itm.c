/* ITM stimulus port 0, written the way CMSIS ITM_SendChar does: only when
 * ITM_TCR.ITMENA (0xE0000E80 bit 0) and ITM_TER bit 0 (0xE0000E00) are set,
 * waiting for the port's FIFO-ready bit (bit 0 of a stimulus port read).
 *
 * QEMU 7.2 implements no ITM: TCR, TER and the stimulus ports read as zero
 * and writes are ignored, like a board with no trace probe attached. mcusim
 * behaves as if a probe were attached (ITM enabled at reset) and prints
 * port 0 text on stdout. So that the outputs can be compared, the firmware
 * sends each line through ITM when it is enabled and through semihosting
 * when it is not: stdout must read the same either way, which checks the
 * ITM enable logic, the FIFO-ready handshake, byte and word stimulus writes
 * and the ordering of ITM text against semihosting output. */
#include <stdio.h>

#include "test_hw.h"

#define ITM_STIM(port) REG32(0xE0000000u + 4u * (port))
#define ITM_STIM8(port) (*(volatile uint8_t *)(uintptr_t)(0xE0000000u + 4u * (port)))
#define ITM_TER REG32(0xE0000E00u)
#define ITM_TCR REG32(0xE0000E80u)
#define DEMCR REG32(0xE000EDFCu)

static int itm_enabled(void) { return (ITM_TCR & 1u) && (ITM_TER & 1u); }

/* Bounded wait: a port that never becomes ready must not hang the test. */
static int itm_ready(void) {
  for (uint32_t guard = 0; guard < 100000u; guard++)
    if (ITM_STIM(0) & 1u) return 1;
  return 0;
}

static void itm_puts(const char *s) {
  for (; *s; s++) {
    if (!itm_ready()) return;
    ITM_STIM8(0) = (uint8_t)*s; /* byte write: one character */
  }
}

static void emit(const char *line) {
  if (itm_enabled()) {
    itm_puts(line);
  } else {
    fputs(line, stdout);
  }
  fflush(stdout); /* keep semihosting and ITM text in program order */
}

int main(void) {
  printf("itm test\n");
  fflush(stdout);
  DEMCR |= 1u << 24; /* TRCENA, as a debugger would set; harmless without ITM */
  emit("line 1 through ITM port 0 (or semihosting)\n");
  printf("semihosting between ITM lines\n");
  fflush(stdout);
  emit("line 2 through ITM port 0 (or semihosting)\n");
  printf("itm done\n");
  return 0;
}
