// Measuring the units of a latency lookup table: many units per firmware.
// Each unit is generated as a one-layer model (either engine); the units' C
// is one translation unit with each unit's names prefixed (lut_u<i>_run,
// ...), all sharing one activation arena; a main runs them
// one after the other, each on a freshly filled input, and the profiler's
// layer markers give each unit's cycles. A pack of units costs one link and
// one simulation instead of one per unit.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/nas/lut_units.h"
#include "sim/nas/toolchain.h"
#include "sim/simulator.h"

namespace mcusim::nas {

struct LutMeasurement {
  LutUnit unit;
  std::string status;  // "ok", "too-large" (does not fit the board on its own), "error"
  std::string reason;
  uint64_t cycles = 0, instructions = 0;
  double ms = 0;       // at the clock the firmware ran at
  std::string elf;     // the pack's firmware
  int pack_units = 0;  // units measured in that firmware
};

struct LutPackCost {
  size_t units = 0;
  bool cached = false;
  double generate_s = 0, compile_s = 0, compile_cpu_s = 0, simulate_s = 0, simulate_cpu_s = 0;
};

struct LutOptions {
  std::string board, engine = "planned";
  Toolchain toolchain;
  RunOptions run;
  unsigned workers = 0;  // 0: all cores
};

// Groups units into firmwares: at most kPackUnits units and kPackWeightBytes
// of weights each (a unit with more weights is alone), in the given order.
std::vector<std::vector<LutUnit>> pack_units(const std::vector<LutUnit>& units);

// Measures every pack on the workers; on_unit is called for each unit (one at
// a time, in completion order), on_pack once per firmware built and run. A
// pack whose link overflows the board is split in halves until each unit
// fits or is alone ("too-large").
void measure_units(const std::vector<std::vector<LutUnit>>& packs, const LutOptions& options,
                   const std::function<void(const LutMeasurement&)>& on_unit,
                   const std::function<void(const LutPackCost&)>& on_pack);

}  // namespace mcusim::nas
