/* main() of the CRC/RNG vendor-style test firmware: the CRC unit and the RNG
 * driven the way STM32Cube programs drive them (MX_CRC_Init / HAL_CRC_Init,
 * HAL_CRC_Calculate, HAL_CRC_Accumulate, MX_RNG_Init,
 * HAL_RNG_GenerateRandomNumber), register by register from the reference
 * manuals (RM0090, RM0385, RM0433, RM0432); no vendor code. STM32Cube.AI
 * applications enable the CRC clock before creating their network because
 * the network runtime uses the unit; a CRC that reads zero breaks them.
 *
 * Every CRC the unit gives is compared with a bitwise reference computed
 * here (the Rocksoft parameter model) and, for the 9 bytes "123456789", with
 * the CRC catalogue's published check values. The RNG is read with the HAL's
 * DRDY wait and its 2 ms timeout; its values are printed so the expected
 * output pins them (the same on every run). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hal_lite.h"

#define CRC_DR REG32(series_crc_base + 0x00u)
#define CRC_DR8 REG8(series_crc_base + 0x00u)
#define CRC_DR16 (*(volatile uint16_t *)(uintptr_t)(series_crc_base + 0x00u))
#define CRC_IDR REG32(series_crc_base + 0x04u)
#define CRC_CR REG32(series_crc_base + 0x08u)
#define CRC_INIT REG32(series_crc_base + 0x10u)
#define CRC_POL REG32(series_crc_base + 0x14u)
#define CRC_CR_RESET (1u << 0)
#define CRC_CR_POLYSIZE_MASK (3u << 3)
#define CRC_CR_POLYSIZE_16 (1u << 3)
#define CRC_CR_POLYSIZE_8 (2u << 3)
#define CRC_CR_REV_IN_MASK (3u << 5)
#define CRC_CR_REV_IN_BYTE (1u << 5)
#define CRC_CR_REV_IN_HALFWORD (2u << 5)
#define CRC_CR_REV_IN_WORD (3u << 5)
#define CRC_CR_REV_OUT (1u << 7)
#define CRC32_POLY 0x04C11DB7u

#define RNG_CR REG32(series_rng_base + 0x00u)
#define RNG_SR REG32(series_rng_base + 0x04u)
#define RNG_DR REG32(series_rng_base + 0x08u)
#define RNG_CR_RNGEN (1u << 2)
#define RNG_CR_IE (1u << 3)
#define RNG_CR_CED (1u << 5)
#define RNG_SR_DRDY (1u << 0)
#define RNG_SR_CECS (1u << 1)
#define RNG_SR_SECS (1u << 2)
#define RNG_TIMEOUT_MS 2u /* RNG_TIMEOUT_VALUE */
#define RNG_VALUES 8

static int failures;

/* ---- reference CRC: width, poly, init, reflect in, reflect out ---------- */
typedef struct {
  uint32_t width, poly, init;
  int refin, refout;
} crc_params;

static const crc_params crc32_mpeg2 = {32, CRC32_POLY, 0xFFFFFFFFu, 0, 0};

static uint32_t reflect(uint32_t v, uint32_t bits) {
  uint32_t r = 0;
  for (uint32_t i = 0; i < bits; i++)
    if (v & (1u << i)) r |= 1u << (bits - 1u - i);
  return r;
}

/* One message bit at a time, most significant bit of each byte first. */
static uint32_t ref_crc(const crc_params *p, const uint8_t *bytes, size_t n) {
  uint32_t mask = p->width >= 32u ? 0xFFFFFFFFu : (1u << p->width) - 1u;
  uint32_t crc = p->init & mask;
  for (size_t i = 0; i < n; i++) {
    uint32_t b = p->refin ? reflect(bytes[i], 8) : bytes[i];
    for (int bit = 7; bit >= 0; bit--) {
      uint32_t feedback = ((crc >> (p->width - 1u)) ^ (b >> bit)) & 1u;
      crc = (crc << 1) & mask;
      if (feedback) crc ^= p->poly & mask;
    }
  }
  return p->refout ? reflect(crc, p->width) : crc;
}

/* A little-endian buffer fed as `unit`-byte writes reaches the unit most
 * significant byte first: the byte stream the reference sees. */
static void unit_order(const uint8_t *in, size_t n, size_t unit, uint8_t *out) {
  for (size_t i = 0; i + unit <= n; i += unit)
    for (size_t k = 0; k < unit; k++) out[i + k] = in[i + unit - 1u - k];
}

static void check(const char *what, uint32_t got, uint32_t want) {
  printf("crc: %s = 0x%08lx%s\n", what, (unsigned long)got, got == want ? "" : " MISMATCH");
  if (got != want) {
    printf("FAIL: %s: expected 0x%08lx\n", what, (unsigned long)want);
    failures++;
  }
}

/* The message: 32 bytes, word aligned, as a model's weights would be. */
static const uint8_t buffer[32] __attribute__((aligned(4))) = "STM32 CRC unit, mcusim test 0123";
static const uint8_t check_bytes[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};

/* HAL_CRC_Calculate / HAL_CRC_Accumulate with 32-bit input. */
static uint32_t crc_feed_words(const uint8_t *bytes, size_t n) {
  const uint32_t *w = (const uint32_t *)(const void *)bytes;
  for (size_t i = 0; i < n / 4u; i++) CRC_DR = w[i];
  return CRC_DR;
}

static uint32_t crc_feed_bytes(const uint8_t *bytes, size_t n) {
  for (size_t i = 0; i < n; i++) CRC_DR8 = bytes[i];
  return CRC_DR;
}

/* MX_CRC_Init + HAL_CRC_Init: the default polynomial and initial value,
 * 32-bit polynomial, no reversal (programmable units only have these). */
static void crc_hal_init(void) {
  if (!series_crc_programmable) return;
  CRC_POL = CRC32_POLY;
  CRC_CR = (CRC_CR & ~CRC_CR_POLYSIZE_MASK) | 0u;
  CRC_INIT = 0xFFFFFFFFu;
  CRC_CR = CRC_CR & ~(CRC_CR_REV_IN_MASK | CRC_CR_REV_OUT);
}

static void crc_basic_tests(void) {
  uint8_t ordered[sizeof buffer];
  unit_order(buffer, sizeof buffer, 4, ordered);

  CRC_CR = CRC_CR_RESET; /* __HAL_CRC_DR_RESET */
  check("DR after CR.RESET", CRC_DR, 0xFFFFFFFFu);
  check("CR reads back (RESET reads 0)", CRC_CR & CRC_CR_RESET, 0u);

  /* HAL_CRC_Calculate(buffer, 8 words), then HAL_CRC_Accumulate of 2 more. */
  CRC_CR |= CRC_CR_RESET;
  check("HAL_CRC_Calculate 8 words", crc_feed_words(buffer, sizeof buffer), ref_crc(&crc32_mpeg2, ordered, 32));
  CRC_CR |= CRC_CR_RESET;
  (void)crc_feed_words(buffer, 24);
  check("HAL_CRC_Accumulate 6 + 2 words", crc_feed_words(buffer + 24, 8), ref_crc(&crc32_mpeg2, ordered, 32));

  /* IDR: 8 bits on the F4's unit, 32 on the programmable ones. */
  CRC_IDR = 0x12345678u;
  check("IDR after writing 0x12345678", CRC_IDR, series_crc_programmable ? 0x12345678u : 0x78u);
  CRC_CR |= CRC_CR_RESET;
  check("DR after RESET (IDR kept)", CRC_DR, 0xFFFFFFFFu);
  check("IDR kept across RESET", CRC_IDR, series_crc_programmable ? 0x12345678u : 0x78u);
}

/* F4: the unit takes words only; byte data is fed one byte per word. */
static void crc_f4_bytes_as_words(void) {
  uint8_t stream[4u * sizeof check_bytes];
  memset(stream, 0, sizeof stream);
  CRC_CR = CRC_CR_RESET;
  for (size_t i = 0; i < sizeof check_bytes; i++) {
    CRC_DR = check_bytes[i];
    stream[4u * i + 3u] = check_bytes[i];
  }
  check("\"123456789\" one byte per word", CRC_DR, ref_crc(&crc32_mpeg2, stream, sizeof stream));
}

static void crc_programmable_tests(void) {
  uint8_t ordered[sizeof buffer];

  CRC_CR = CRC_CR_RESET;
  uint32_t got = crc_feed_bytes(check_bytes, sizeof check_bytes);
  check("\"123456789\" as bytes (CRC-32/MPEG-2 check 0x0376e6e7)", got, 0x0376E6E7u);
  check("  same, bitwise reference", got, ref_crc(&crc32_mpeg2, check_bytes, sizeof check_bytes));

  CRC_CR = CRC_CR_REV_IN_BYTE | CRC_CR_REV_OUT | CRC_CR_RESET;
  got = crc_feed_bytes(check_bytes, sizeof check_bytes);
  check("~ of REV_IN=byte REV_OUT (CRC-32 check 0xcbf43926)", ~got, 0xCBF43926u);

  CRC_CR = CRC_CR_REV_IN_WORD | CRC_CR_REV_OUT | CRC_CR_RESET;
  const crc_params crc32_reflected = {32, CRC32_POLY, 0xFFFFFFFFu, 1, 1};
  check("8 words, REV_IN=word REV_OUT", crc_feed_words(buffer, sizeof buffer), ref_crc(&crc32_reflected, buffer, 32));

  /* HAL_CRCEx_Polynomial_Set(0x1021, CRC_POLYLENGTH_16B), INIT 0xFFFF: CRC-16/CCITT-FALSE. */
  CRC_POL = 0x1021u;
  CRC_INIT = 0xFFFFu;
  CRC_CR = CRC_CR_POLYSIZE_16 | CRC_CR_RESET;
  const crc_params ccitt = {16, 0x1021u, 0xFFFFu, 0, 0};
  got = crc_feed_bytes(check_bytes, sizeof check_bytes);
  check("POLYSIZE=16 \"123456789\" (CRC-16/CCITT-FALSE check 0x29b1)", got, 0x29B1u);
  CRC_CR = CRC_CR_POLYSIZE_16 | CRC_CR_RESET;
  for (size_t i = 0; i < sizeof buffer; i += 2) CRC_DR16 = (uint16_t)(buffer[i] | buffer[i + 1] << 8);
  unit_order(buffer, sizeof buffer, 2, ordered);
  check("POLYSIZE=16, 16 halfwords", CRC_DR, ref_crc(&ccitt, ordered, 32));
  CRC_CR = CRC_CR_POLYSIZE_16 | CRC_CR_REV_IN_HALFWORD | CRC_CR_REV_OUT | CRC_CR_RESET;
  for (size_t i = 0; i < sizeof buffer; i += 2) CRC_DR16 = (uint16_t)(buffer[i] | buffer[i + 1] << 8);
  const crc_params ccitt_reflected = {16, 0x1021u, 0xFFFFu, 1, 1};
  check("POLYSIZE=16 REV_IN=halfword REV_OUT, 16 halfwords", CRC_DR, ref_crc(&ccitt_reflected, buffer, 32));

  /* 8-bit polynomial 0x07, initial value 0: CRC-8/SMBUS. */
  CRC_POL = 0x07u;
  CRC_INIT = 0u;
  CRC_CR = CRC_CR_POLYSIZE_8 | CRC_CR_RESET;
  got = crc_feed_bytes(check_bytes, sizeof check_bytes);
  check("POLYSIZE=8 \"123456789\" (CRC-8/SMBUS check 0xf4)", got, 0xF4u);
  const crc_params crc8 = {8, 0x07u, 0u, 0, 0};
  CRC_CR = CRC_CR_POLYSIZE_8 | CRC_CR_RESET;
  unit_order(buffer, sizeof buffer, 4, ordered);
  check("POLYSIZE=8, 8 words", crc_feed_words(buffer, sizeof buffer), ref_crc(&crc8, ordered, 32));

  crc_hal_init(); /* HAL_CRC_DeInit + Init: back to the defaults */
  CRC_CR |= CRC_CR_RESET;
  check("defaults restored: \"123456789\"", crc_feed_bytes(check_bytes, sizeof check_bytes), 0x0376E6E7u);
}

/* MX_RNG_Init + HAL_RNG_GenerateRandomNumber x RNG_VALUES. */
static void rng_test(void) {
  RNG_CR = (RNG_CR & ~RNG_CR_CED) | 0u; /* clock error detection on */
  RNG_CR |= RNG_CR_RNGEN;               /* __HAL_RNG_ENABLE */
  printf("rng: CR 0x%02lx\n", (unsigned long)RNG_CR);
  uint32_t v[RNG_VALUES];
  for (int i = 0; i < RNG_VALUES; i++) {
    wait_set(RNG_SR, RNG_SR_DRDY, RNG_TIMEOUT_MS, "RNG_SR.DRDY (bit 0)");
    if (RNG_SR & (RNG_SR_SECS | RNG_SR_CECS)) fail("RNG_SR reports a seed or clock error");
    v[i] = RNG_DR;
  }
  int all_equal = 1, repeats = 0;
  for (int i = 0; i < RNG_VALUES; i++) {
    printf("rng: DR[%d] = 0x%08lx\n", i, (unsigned long)v[i]);
    if (v[i] != v[0]) all_equal = 0;
    if (i > 0 && v[i] == v[i - 1]) repeats++; /* what the RNG's own check rejects */
  }
  if (all_equal || repeats) {
    printf("FAIL: RNG values all equal (%d) or repeated (%d)\n", all_equal, repeats);
    failures++;
  }
  RNG_CR &= ~RNG_CR_RNGEN; /* HAL_RNG_DeInit */
  printf("rng: SR.DRDY after RNGEN cleared %lu\n", (unsigned long)(RNG_SR & RNG_SR_DRDY));
  if (RNG_SR & RNG_SR_DRDY) failures++;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  hal_init();
  series_clock_config();
  series_update_clocks();
  series_uart_init();
  printf("vendor-crc-rng %s: CRC at 0x%08lx (%s), RNG at 0x%08lx\n", series_board, (unsigned long)series_crc_base,
         series_crc_programmable ? "programmable" : "basic", (unsigned long)series_rng_base);
  series_crc_rng_clocks();
  crc_hal_init();
  crc_basic_tests();
  if (series_crc_programmable) crc_programmable_tests();
  else crc_f4_bytes_as_words();
  rng_test();
  printf("%s: %d failure(s)\n", failures ? "FAIL" : "ok", failures);
  exit(failures ? 2 : 0);
}
