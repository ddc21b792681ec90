/* What a CubeMX Cortex-M7 project does besides the clocks: MPU_Config (one
 * region, the template's "no access above the default map" background
 * region) and SCB_EnableICache / SCB_EnableDCache, in the CMSIS sequence
 * (invalidate by set/way using the geometry CCSIDR reports for the cache
 * CSSELR selects). m7_report prints what it read back. */
#include <stdio.h>

#include "hal_lite.h"

#define CCSIDR_WAYS(x) ((((x) >> 3) & 0x3FFu) + 1u)
#define CCSIDR_SETS(x) ((((x) >> 13) & 0x7FFFu) + 1u)
#define CCSIDR_LINE_BYTES(x) (1u << (((x) & 7u) + 4u))

static void mpu_config(void) {
  /* HAL_MPU_Disable */
  dmb();
  SCB_SHCSR &= ~SHCSR_MEMFAULTENA;
  MPU_CTRL = 0;
  /* Region 0: base 0, 4 GiB, sub-regions 0,1,2,7 disabled (0x87), no access,
   * execute never, shareable: the template's default. */
  MPU_RNR = 0;
  MPU_RBAR = 0x00000000u;
  MPU_RASR = (1u << 28)      /* XN */
             | (0u << 24)    /* AP: no access */
             | (1u << 18)    /* S */
             | (0x87u << 8)  /* SRD */
             | (31u << 1)    /* SIZE: 2^(31+1) bytes */
             | 1u;           /* ENABLE */
  /* HAL_MPU_Enable(MPU_PRIVILEGED_DEFAULT) */
  MPU_CTRL = MPU_CTRL_PRIVDEFENA | MPU_CTRL_ENABLE;
  SCB_SHCSR |= SHCSR_MEMFAULTENA;
  dsb();
  isb();
}

static void enable_icache(void) {
  dsb();
  isb();
  SCB_ICIALLU = 0;
  dsb();
  isb();
  SCB_CCR |= CCR_IC;
  dsb();
  isb();
}

static uint32_t enable_dcache(void) {
  SCB_CSSELR = 0; /* level 1 data cache */
  dsb();
  uint32_t ccsidr = SCB_CCSIDR;
  uint32_t sets = CCSIDR_SETS(ccsidr);
  do {
    sets--;
    uint32_t ways = CCSIDR_WAYS(ccsidr);
    do {
      ways--;
      SCB_DCISW = ((sets << 5) & (0x1FFu << 5)) | ((ways << 30) & (3u << 30));
    } while (ways != 0u);
  } while (sets != 0u);
  dsb();
  SCB_CCR |= CCR_DC;
  dsb();
  isb();
  return ccsidr;
}

static uint32_t iccsidr, dccsidr;

/* Called first thing in main, as CubeMX M7 templates do (before HAL_Init). */
void m7_caches_and_mpu(void) {
  mpu_config();
  SCB_CSSELR = 1; /* level 1 instruction cache */
  dsb();
  iccsidr = SCB_CCSIDR;
  enable_icache();
  dccsidr = enable_dcache();
}

void m7_report(void) {
  uint32_t dregion = (MPU_TYPE >> 8) & 0xFFu;
  MPU_RNR = 0;
  printf("mpu: %lu regions, region 0 RBAR 0x%08lx RASR 0x%08lx, CTRL 0x%lx\n", (unsigned long)dregion,
         (unsigned long)MPU_RBAR, (unsigned long)MPU_RASR, (unsigned long)MPU_CTRL);
  printf("icache: %lu ways x %lu sets x %lu B; dcache: %lu ways x %lu sets x %lu B; CCR.IC %lu CCR.DC %lu\n",
         (unsigned long)CCSIDR_WAYS(iccsidr), (unsigned long)CCSIDR_SETS(iccsidr),
         (unsigned long)CCSIDR_LINE_BYTES(iccsidr), (unsigned long)CCSIDR_WAYS(dccsidr),
         (unsigned long)CCSIDR_SETS(dccsidr), (unsigned long)CCSIDR_LINE_BYTES(dccsidr),
         (unsigned long)((SCB_CCR >> 17) & 1u), (unsigned long)((SCB_CCR >> 16) & 1u));
}
