/* Cache microbenchmarks for `--timing accurate` (tests/timing/
 * accurate_timing_test.cpp reads the output). Prints "<name> <cycles>":
 *   icache_cold / icache_warm       2 KiB of straight-line code from Flash, first and second run
 *   dcache_cold64 / dcache_warm64   one load per line over 64 lines (2 KiB) of Flash data
 *   dcache_warm96                   96 lines (3 KiB): fits a 4 KiB 4-way cache with a way to spare
 *   dcache_thrash256                256 lines (8 KiB), second pass: a 4 KiB cache misses every line
 *   dcache_off64                    64 lines with the D-cache (or ART data cache) switched off
 *   sram_off64                      64 lines of SRAM with the D-cache off (the H743's AXI SRAM: half-speed bus)
 *   sram_warm64                     64 lines of zero-wait SRAM
 *   dcache_warm4 / sram_warm4       4 lines: fits every cache, ART included
 *   icache_noprefetch               STM32F407 only: straight_2k with the ART prefetch off
 * On the STM32F407 the "cache" is the ART accelerator (16-byte lines: the
 * 32-byte stride touches every other line). */
#include <stdint.h>
#include <stdio.h>

#define DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define DWT_CYCCNT ((volatile uint32_t *)0xE0001004u)
#define SCB_CCR (*(volatile uint32_t *)0xE000ED14u)
#define FLASH_ACR (*(volatile uint32_t *)0x40023C00u)

uint32_t touch_lines(volatile uint32_t *cyccnt, const uint32_t *data, uint32_t lines);
void straight_2k(void);
void empty_call(void);

/* 8 KiB of Flash data, line aligned; the values only need to exist. */
#define TABLE_WORDS 2048
static const uint32_t table[TABLE_WORDS] __attribute__((aligned(32))) = {[0] = 1, [TABLE_WORDS - 1] = 2};
static uint32_t sram_data[512] __attribute__((aligned(32)));

static void caches_on(int data) {
#if defined(MCUSIM_BOARD_STM32F407)
  FLASH_ACR = 0x5u | (1u << 8) | (1u << 9) | (data ? 1u << 10 : 0); /* LATENCY 5, PRFTEN, ICEN, DCEN */
#else
  __asm volatile("dsb\n\tisb" ::: "memory");
  SCB_CCR = (SCB_CCR & ~(1u << 16)) | (1u << 17) | (data ? 1u << 16 : 0); /* IC, DC */
  __asm volatile("dsb\n\tisb" ::: "memory");
#endif
}

static uint32_t time_call(void (*fn)(void)) {
  uint32_t start = *DWT_CYCCNT;
  fn();
  return *DWT_CYCCNT - start;
}

int main(void) {
  DEMCR |= 1u << 24;
  DWT_CTRL |= 1u;
  caches_on(1);
  /* Warm the kernels' own code and the measuring frame. */
  (void)touch_lines(DWT_CYCCNT, sram_data, 64);
  (void)time_call(empty_call);
  uint32_t frame = time_call(empty_call);

  uint32_t icache_cold = time_call(straight_2k) - frame;
  uint32_t icache_warm = time_call(straight_2k) - frame;
  printf("icache_cold %lu\nicache_warm %lu\n", (unsigned long)icache_cold, (unsigned long)icache_warm);

  /* Back to back: printf's own Flash reads between them would evict lines. */
  uint32_t cold64 = touch_lines(DWT_CYCCNT, table, 64);
  uint32_t warm64 = touch_lines(DWT_CYCCNT, table, 64);
  printf("dcache_cold64 %lu\n", (unsigned long)cold64);
  printf("dcache_warm64 %lu\n", (unsigned long)warm64);
  (void)touch_lines(DWT_CYCCNT, table + 512, 96);
  printf("dcache_warm96 %lu\n", (unsigned long)touch_lines(DWT_CYCCNT, table + 512, 96));
  (void)touch_lines(DWT_CYCCNT, table, 256);
  printf("dcache_thrash256 %lu\n", (unsigned long)touch_lines(DWT_CYCCNT, table, 256));
  printf("sram_warm64 %lu\n", (unsigned long)touch_lines(DWT_CYCCNT, sram_data, 64));
  (void)touch_lines(DWT_CYCCNT, table, 4);
  printf("dcache_warm4 %lu\n", (unsigned long)touch_lines(DWT_CYCCNT, table, 4));
  printf("sram_warm4 %lu\n", (unsigned long)touch_lines(DWT_CYCCNT, sram_data, 4));
  caches_on(0);
  printf("dcache_off64 %lu\n", (unsigned long)touch_lines(DWT_CYCCNT, table, 64));
  printf("sram_off64 %lu\n", (unsigned long)touch_lines(DWT_CYCCNT, sram_data, 64));
#if defined(MCUSIM_BOARD_STM32F407)
  FLASH_ACR = 0x5u | (1u << 9); /* ICEN without PRFTEN */
  (void)time_call(empty_call);
  printf("icache_noprefetch %lu\n", (unsigned long)(time_call(straight_2k) - time_call(empty_call)));
#endif
  return 0;
}
