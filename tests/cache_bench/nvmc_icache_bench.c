/* nRF52840 NVMC instruction cache switched by ICACHECNF (tests/timing/
 * accurate_timing_test.cpp reads the output). Prints "<name> <cycles>":
 *   loop_off        touch_lines over 64 SRAM lines (a 3-instruction loop from
 *                   Flash, 63 taken back-edges) with ICACHECNF.CACHEEN = 0
 *   loop_on         the same with CACHEEN = 1, second run (warm)
 *   straight_cold / straight_warm
 *                   2 KiB of straight-line code, first and second run with
 *                   the cache on
 *   icachecnf       ICACHECNF read back after the write
 * On the bundled nrf52840 board (Flash at 0 wait states, no cache geometry)
 * every pair is equal; a board file that gives wait states and an
 * nvmc-icache geometry makes them differ. */
#include <stdint.h>
#include <stdio.h>

#define DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define DWT_CYCCNT ((volatile uint32_t *)0xE0001004u)
#define NVMC_ICACHECNF (*(volatile uint32_t *)0x4001E540u)

uint32_t touch_lines(volatile uint32_t *cyccnt, const uint32_t *data, uint32_t lines);
void straight_2k(void);
void empty_call(void);

static uint32_t sram_data[512] __attribute__((aligned(32)));

static uint32_t time_call(void (*fn)(void)) {
  uint32_t start = *DWT_CYCCNT;
  fn();
  return *DWT_CYCCNT - start;
}

int main(void) {
  DEMCR |= 1u << 24;
  DWT_CTRL |= 1u;
  NVMC_ICACHECNF = 0; /* the reset value, stated */
  (void)touch_lines(DWT_CYCCNT, sram_data, 64);
  uint32_t loop_off = touch_lines(DWT_CYCCNT, sram_data, 64);

  NVMC_ICACHECNF = 1; /* CACHEEN */
  uint32_t icachecnf = NVMC_ICACHECNF;
  (void)touch_lines(DWT_CYCCNT, sram_data, 64);
  uint32_t loop_on = touch_lines(DWT_CYCCNT, sram_data, 64);
  (void)time_call(empty_call);
  uint32_t frame = time_call(empty_call);
  uint32_t straight_cold = time_call(straight_2k) - frame;
  uint32_t straight_warm = time_call(straight_2k) - frame;

  printf("loop_off %lu\nloop_on %lu\n", (unsigned long)loop_off, (unsigned long)loop_on);
  printf("straight_cold %lu\nstraight_warm %lu\n", (unsigned long)straight_cold, (unsigned long)straight_warm);
  printf("icachecnf %lu\n", (unsigned long)icachecnf);
  return 0;
}
