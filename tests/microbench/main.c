/* Microbenchmark driver: enables the DWT cycle counter, runs every bm_* in
 * bench.S twice (the second, warm run is the one reported: branch predictor,
 * Flash accelerator and caches have seen the code once) and prints
 *   <name> <cycles>
 * where cycles = the benchmark's CYCCNT difference minus bm_empty's (the
 * measuring frame). Lines starting with '#' are informational.
 * Benchmarks named in COLD_TOO are also printed as <name>_cold (first run). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define DWT_CYCCNT ((volatile uint32_t *)0xE0001004u)

#define BENCHMARKS(X) \
  X(nop1) X(nop4) X(alu_indep4) X(alu_dep4) X(alu32x16) \
  X(ldr1) X(ldr_indep3) X(ldr_bank_pairs8) X(ldr_same_bank4) X(ldrb_strb) X(ldr_dep3) X(ldr_use) X(ldrb_use) X(ldr_str) X(str_ldr) \
  X(str_imm2) X(str_regoff2) X(ldr_strreg_ldr) X(ldrd1) X(agu_interlock) X(agu_hidden) \
  X(ldm2) X(ldm4) X(ldm8) X(ldm12) X(stm2) X(stm4) X(stm8) X(stm12) \
  X(mul_chain4) X(mul_indep4) X(mla_chain4) X(smlad_chain4) X(umull_chain2) \
  X(udiv_zero_quot) X(udiv_1_1) X(udiv_1000_10) X(sdiv_neg_100000_7) X(udiv_max_1) \
  X(udiv_max_1_xblock) X(udiv_1_1_xblock) \
  X(vadd_chain4) X(vadd_indep4) X(vmul_chain4) X(vmla_chain4) X(vfma_chain4) X(vdiv_chain2) \
  X(vdiv_then_alu4) X(vldr1) \
  X(vldr_indep3) X(vldr64_2) X(ldr_vldr) X(vldr_use) X(vldm4) \
  X(vfma_then_alu4) X(vfma_vldr) X(vadd_vfma_acc) X(vmul_vfma_mul) \
  X(vfma_b_alu) X(vfma_b_vadd) X(vfma_bne_alu) X(vfma_bne_vadd) X(vdiv_b_alu) X(vdiv_b_vadd) \
  X(sxtb16_smlad4) X(ssub16_smlad4) X(uxtb16_sadd16_4) \
  X(it_folded) X(it_unfolded) X(it4_folded) \
  X(b_aligned) X(b_aligned_wide) X(b_unaligned_wide) X(beq_taken) X(bne_not_taken) X(bne_mispredict_early) X(bne_mispredict_late) \
  X(lit_load) X(flash_ptr_load) X(ldr_flash_sram) \
  X(ldr_alu_use4) X(ldrb_alu_use4) X(ldr_shifted_use4) X(ldr_mul_use4) X(ldr_str_pairs4) X(mul_str_pairs4) \
  X(ldr_use_xblock) X(ldrb_use_xblock) X(cbz_not_taken_x4) X(loop_cbz_fallthrough4) \
  X(b_taken_pair_x8) X(b_taken_wide_x8) X(loop_taken_pair4) \
  X(mat_mult_s8_loop2) X(mat_mult_s8_loop6) X(mat_mult_gcc_loop2) X(mat_mult_gcc_loop6) X(depthwise_q7_loop2) X(depthwise_q7_loop6) \
  X(fp32_mac_loop2) X(fp32_mac_loop6) \
  X(memcpy_bytes_loop2) X(memcpy_bytes_loop6) X(memset_bytes_loop2) X(memset_bytes_loop6) \
  X(vldr_vadd_use4) X(vldr_vfma_acc4) X(vldr_vfma_mul4) X(vfma_vadd_indep) X(vfma_vmul_indep) X(vfma_acc3_x6) \
  X(vfma_vstr) X(vadd_vstr) X(vfma_vmov_core) X(vldr_vmov_core) X(vmov_core_vadd) X(fp32_vldm_loop2) X(fp32_vldm_loop6) \
  X(eor_dep4) X(shifted_pairs4) X(vldr64_alu)

typedef uint32_t (*bench_fn)(volatile uint32_t *cyccnt, uint32_t *buf);

#define DECLARE(n) uint32_t bm_##n(volatile uint32_t *cyccnt, uint32_t *buf);
DECLARE(empty)
BENCHMARKS(DECLARE)

struct bench {
  const char *name;
  bench_fn fn;
};
#define ENTRY(n) {#n, bm_##n},
static const struct bench kBenches[] = {BENCHMARKS(ENTRY)};

static const char *const kColdToo[] = {"lit_load", "flash_ptr_load", "ldr1", "alu32x16"};

/* Loads chase this buffer: every word holds the buffer's own address. The
 * upper half (from word 64) is the store area. */
static uint32_t buf[128] __attribute__((aligned(64)));

static void fill_buffer(void) {
  for (unsigned i = 0; i < 128; ++i) buf[i] = (uint32_t)(uintptr_t)buf;
}

#if defined(__ARM_FP) && (__ARM_FP & 8)
/* Cortex-M7 builds (FPv5 with double precision): a loop over 4 KiB of data,
 * timed with the L1 caches off, then on (first pass: misses, second: hits).
 * Only meaningful on a board with Flash wait states and caches
 * (stm32f746g-disco); printed as "# cache ..." lines (informational).
 * The benchmarks themselves run with both caches on (main), as deployed
 * F7/H7 firmware does: warm, they must give the zero-wait figures. */
#define SCB_CCR (*(volatile uint32_t *)0xE000ED14u)
#define SCB_ICIALLU (*(volatile uint32_t *)0xE000EF50u)
#define SCB_DCISW (*(volatile uint32_t *)0xE000EF60u)
uint32_t cache_data[1024]; /* external linkage: the compiler cannot fold the sum */

__attribute__((noinline)) static uint32_t cache_loop(void) {
  const uint32_t start = *DWT_CYCCNT;
  __asm volatile("" ::: "memory");
  uint32_t sum = 0;
  for (unsigned i = 0; i < 1024; ++i) sum += cache_data[i];
  __asm volatile("" ::"r"(sum) : "memory");  /* the loop finishes before the second read */
  return *DWT_CYCCNT - start;
}

#define SCB_DCCISW (*(volatile uint32_t *)0xE000EF74u)

/* Invalidate both L1 caches (after reset their contents are undefined) and
 * switch them on, as CMSIS SCB_EnableICache()/SCB_EnableDCache() do in every
 * STM32F7/H7 firmware's main(). */
static void caches_on(void) {
  __asm volatile("dsb\n\tisb" ::: "memory");
  SCB_ICIALLU = 0;
  for (uint32_t set = 0; set < 32; ++set)  /* 4 KiB, 4 ways, 32-byte lines: 32 sets */
    for (uint32_t way = 0; way < 4; ++way) SCB_DCISW = (way << 30) | (set << 5);
  __asm volatile("dsb\n\tisb" ::: "memory");
  SCB_CCR |= (1u << 17) | (1u << 16);  /* IC | DC */
  __asm volatile("dsb\n\tisb" ::: "memory");
}

/* Clean and invalidate the D-cache, then switch both caches off. */
static void caches_off(void) {
  __asm volatile("dsb" ::: "memory");
  SCB_CCR &= ~((1u << 17) | (1u << 16));
  for (uint32_t set = 0; set < 32; ++set)
    for (uint32_t way = 0; way < 4; ++way) SCB_DCCISW = (way << 30) | (set << 5);
  __asm volatile("dsb\n\tisb" ::: "memory");
}

static void cache_experiment(void) {
  caches_off();
  printf("# cache loop caches off: %lu\n", (unsigned long)cache_loop());
  printf("# cache loop caches off again: %lu\n", (unsigned long)cache_loop());
  caches_on();
  printf("# cache loop caches on, first pass: %lu\n", (unsigned long)cache_loop());
  printf("# cache loop caches on, second pass: %lu\n", (unsigned long)cache_loop());
}
#endif

#ifdef MICROBENCH_STM32F4_ART
/* STM32F4 FLASH_ACR (RM0090 3.9.1): prefetch, instruction and data caches
 * on, as HAL_Init() sets them in every firmware running at 168 MHz; the
 * expected table assumes them. */
#define FLASH_ACR (*(volatile uint32_t *)0x40023C00u)
#endif

int main(void) {
#ifdef MICROBENCH_STM32F4_ART
  FLASH_ACR |= (1u << 8) | (1u << 9) | (1u << 10);
#endif
  DEMCR |= 1u << 24;
  DWT_CTRL |= 1u;
#if defined(__ARM_FP) && (__ARM_FP & 8)
  caches_on();
#endif
  fill_buffer();
  (void)bm_empty(DWT_CYCCNT, buf);
  const uint32_t overhead = bm_empty(DWT_CYCCNT, buf);
  printf("# overhead %lu\n", (unsigned long)overhead);
  for (unsigned i = 0; i < sizeof kBenches / sizeof kBenches[0]; ++i) {
    fill_buffer();
    const uint32_t cold = kBenches[i].fn(DWT_CYCCNT, buf);
    fill_buffer();
    const uint32_t warm = kBenches[i].fn(DWT_CYCCNT, buf);
    printf("%s %ld\n", kBenches[i].name, (long)warm - (long)overhead);
    for (unsigned k = 0; k < sizeof kColdToo / sizeof kColdToo[0]; ++k) {
      if (strcmp(kColdToo[k], kBenches[i].name) == 0)
        printf("%s_cold %ld\n", kBenches[i].name, (long)cold - (long)overhead);
    }
  }
#if defined(__ARM_FP) && (__ARM_FP & 8)
  cache_experiment();
#endif
  return 0;
}
