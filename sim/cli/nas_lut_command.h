// `mcusim nas lut` and `mcusim nas predict` (docs/nas.md, "Latency lookup
// tables"): registered on the nas command by nas_command.cpp.
#pragma once

#include <functional>

#include "sim/cli/command_line.h"

namespace mcusim::cli {

struct NasStep {
  CLI::App* app = nullptr;
  std::function<int()> run;  // after parsing, when app->parsed()
};

NasStep add_nas_lut_step(CLI::App& nas);
NasStep add_nas_predict_step(CLI::App& nas);

}  // namespace mcusim::cli
