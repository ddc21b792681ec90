#include "peripherals/clock_tree.h"

#include <fmt/format.h>

#include "peripherals/register_block.h"

namespace mcusim {

namespace {

uint32_t bits(uint32_t value, uint32_t msb, uint32_t lsb) { return (value >> lsb) & ((1u << (msb - lsb + 1)) - 1); }

// AHB prescaler field (HPRE, D1CPRE): 0xxx = 1, 1000 = 2 ... 1111 = 512 (no 32).
uint64_t ahb_divider(uint32_t field) {
  static const uint64_t kDiv[] = {2, 4, 8, 16, 64, 128, 256, 512};
  return field < 8 ? 1 : kDiv[field - 8];
}
// APB prescaler field (PPRE): 0xx = 1, 100 = 2 ... 111 = 16.
uint64_t apb_divider(uint32_t field) { return field < 4 ? 1 : 2ull << (field - 4); }
// Timers on an APB bus run at twice its clock unless the bus is undivided.
uint64_t timer_clock(uint64_t hclk, uint64_t divider) { return divider == 1 ? hclk : 2 * (hclk / divider); }

struct Sysclk {
  uint64_t hz = 0;
  std::string what;
};

Sysclk stm32f4_sysclk(const RegisterBlock& rcc, const ClockSources& s) {
  constexpr uint64_t kHsi = 16'000'000;
  uint32_t cfgr = rcc.value("CFGR"), pll = rcc.value("PLLCFGR");
  switch (bits(cfgr, 1, 0)) {
    case 0: return {kHsi, "HSI 16 MHz"};
    case 1: return {s.hse_hz, fmt::format("HSE {} MHz", s.hse_hz / 1e6)};
    case 2: {
      bool hse = pll & (1u << 22);
      uint64_t in = hse ? s.hse_hz : kHsi;
      uint64_t m = bits(pll, 5, 0), n = bits(pll, 14, 6), p = (bits(pll, 17, 16) + 1) * 2;
      if (m == 0) return {0, "PLL with PLLM = 0"};
      return {in * n / (m * p), fmt::format("PLL from {} {} MHz (M={} N={} P={})", hse ? "HSE" : "HSI", in / 1e6, m, n, p)};
    }
    default: return {kHsi, "HSI 16 MHz (SW = 3 is reserved)"};
  }
}

Sysclk stm32h7_sysclk(const RegisterBlock& rcc, const ClockSources& s) {
  uint32_t cr = rcc.value("CR"), cfgr = rcc.value("CFGR");
  uint64_t hsi = 64'000'000ull >> bits(cr, 4, 3);
  constexpr uint64_t kCsi = 4'000'000;
  switch (bits(cfgr, 2, 0)) {
    case 0: return {hsi, fmt::format("HSI {} MHz", hsi / 1e6)};
    case 1: return {kCsi, "CSI 4 MHz"};
    case 2: return {s.hse_hz, fmt::format("HSE {} MHz", s.hse_hz / 1e6)};
    case 3: {
      uint32_t sel = rcc.value("PLLCKSELR"), div = rcc.value("PLL1DIVR");
      uint32_t src = bits(sel, 1, 0);
      uint64_t in = src == 0 ? hsi : src == 1 ? kCsi : src == 2 ? s.hse_hz : 0;
      uint64_t m = bits(sel, 9, 4), n = bits(div, 8, 0) + 1, p = bits(div, 15, 9) + 1;
      uint64_t frac = (rcc.value("PLLCFGR") & 1u) ? bits(rcc.value("PLL1FRACR"), 15, 3) : 0;
      if (m == 0 || in == 0) return {0, "PLL1 with no input (DIVM1 = 0 or no source)"};
      // vco = in / M * (N + FRACN / 8192)
      uint64_t hz = in * (n * 8192 + frac) / (m * 8192 * p);
      static const char* const kSrc[] = {"HSI", "CSI", "HSE", "none"};
      return {hz, fmt::format("PLL1 from {} {} MHz (M={} N={} P={})", kSrc[src], in / 1e6, m, n, p)};
    }
    default: return {hsi, "HSI (reserved SW value)"};
  }
}

uint64_t l4_msi_hz(uint32_t range) {
  static const uint64_t kMsi[] = {100'000, 200'000, 400'000, 800'000, 1'000'000, 2'000'000,
                                  4'000'000, 8'000'000, 16'000'000, 24'000'000, 32'000'000, 48'000'000};
  return range < 12 ? kMsi[range] : 4'000'000;
}

Sysclk stm32l4_sysclk(const RegisterBlock& rcc, const ClockSources& s) {
  constexpr uint64_t kHsi = 16'000'000;
  uint32_t cr = rcc.value("CR"), cfgr = rcc.value("CFGR");
  uint64_t msi = l4_msi_hz((cr & (1u << 3)) ? bits(cr, 7, 4) : bits(rcc.value("CSR"), 11, 8));
  switch (bits(cfgr, 1, 0)) {
    case 0: return {msi, fmt::format("MSI {} MHz", msi / 1e6)};
    case 1: return {kHsi, "HSI16"};
    case 2: return {s.hse_hz, fmt::format("HSE {} MHz", s.hse_hz / 1e6)};
    default: {
      uint32_t pll = rcc.value("PLLCFGR");
      uint32_t src = bits(pll, 1, 0);
      uint64_t in = src == 1 ? msi : src == 2 ? kHsi : src == 3 ? s.hse_hz : 0;
      uint64_t m = bits(pll, 7, 4) + 1, n = bits(pll, 14, 8), r = (bits(pll, 26, 25) + 1) * 2;
      if (in == 0) return {0, "PLL with no input (PLLSRC = 0)"};
      static const char* const kSrc[] = {"none", "MSI", "HSI16", "HSE"};
      return {in * n / (m * r), fmt::format("PLL from {} {} MHz (M={} N={} R={})", kSrc[src], in / 1e6, m, n, r)};
    }
  }
}

}  // namespace

bool is_known_clock_tree(std::string_view tree) {
  return tree == "stm32f4" || tree == "stm32h7" || tree == "stm32l4" || tree == "fixed";
}

Clocks compute_clocks(std::string_view tree, const RegisterBlock* rcc, const ClockSources& s) {
  Clocks c;
  if (!rcc || tree == "fixed") {
    c.core_hz = c.apb1_timer_hz = c.apb2_timer_hz = s.nominal_hz;
    return c;
  }
  if (tree == "stm32h7") {
    uint64_t sys = stm32h7_sysclk(*rcc, s).hz;
    uint32_t d1 = rcc->value("D1CFGR"), d2 = rcc->value("D2CFGR");
    uint64_t cpu = sys / ahb_divider(bits(d1, 11, 8));
    uint64_t hclk = cpu / ahb_divider(bits(d1, 3, 0));
    c.core_hz = cpu;
    c.apb1_timer_hz = timer_clock(hclk, apb_divider(bits(d2, 6, 4)));
    c.apb2_timer_hz = timer_clock(hclk, apb_divider(bits(d2, 10, 8)));
    return c;
  }
  uint64_t sys = tree == "stm32l4" ? stm32l4_sysclk(*rcc, s).hz : stm32f4_sysclk(*rcc, s).hz;
  uint32_t cfgr = rcc->value("CFGR");
  uint64_t hclk = sys / ahb_divider(bits(cfgr, 7, 4));
  bool l4 = tree == "stm32l4";
  c.core_hz = hclk;
  c.apb1_timer_hz = timer_clock(hclk, apb_divider(l4 ? bits(cfgr, 10, 8) : bits(cfgr, 12, 10)));
  c.apb2_timer_hz = timer_clock(hclk, apb_divider(l4 ? bits(cfgr, 13, 11) : bits(cfgr, 15, 13)));
  return c;
}

std::string describe_clock_source(std::string_view tree, const RegisterBlock* rcc, const ClockSources& s) {
  if (!rcc || tree == "fixed") return "the board's fixed clock";
  if (tree == "stm32h7") return stm32h7_sysclk(*rcc, s).what;
  if (tree == "stm32l4") return stm32l4_sysclk(*rcc, s).what;
  return stm32f4_sysclk(*rcc, s).what;
}

}  // namespace mcusim
