// One `nas lut` run, shared by the CLI and mcusim.nas.lut(): the units still
// missing from PREFIX.csv are packed, built, simulated and appended as they
// finish; PREFIX.json (the table) is written from every row at the end.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

#include "sim/nas/lut_build.h"
#include "sim/nas/lut_inputs.h"

namespace mcusim::nas {

struct LutRunSummary {
  size_t units = 0, skipped = 0, packs = 0;  // skipped: already in PREFIX.csv (resume)
  std::map<std::string, size_t> by_status;    // of the units measured now
  size_t built = 0, cached = 0, simulated = 0;  // firmwares (split packs count once per attempt)
  LutPackCost cost;                           // summed; cost.units: units in simulated firmwares
  size_t entries = 0;                         // in PREFIX.json
  double wall_s = 0;
  unsigned workers = 0;
};

// on_row: each measured unit's row (lut_columns()), one at a time.
LutRunSummary run_lut(const LutInput& input, LutOptions options, const std::string& prefix, bool resume,
                      const std::function<void(const nlohmann::json&)>& on_row);

}  // namespace mcusim::nas
