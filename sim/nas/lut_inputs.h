// What `nas lut` measures and `nas predict` predicts: a search space (every
// unit it can produce; for predict, N sampled candidates) or candidate model
// descriptions (files or directories of them).
#pragma once

#include <string>
#include <vector>

#include "sim/nas/evaluate.h"
#include "sim/nas/lut_units.h"

namespace mcusim::nas {

// A JSON file whose format is mcusim-space/1.
bool is_space_file(const std::string& path);

struct LutInput {
  std::string origin;  // the space's name, or "N candidates"
  std::vector<LutUnit> units;  // distinct, sorted by key
};
// One space, or candidates: the distinct units of all of them.
LutInput lut_input_units(const std::vector<std::string>& inputs);

// One space with a count (candidates sampled as `nas sample` would, not
// written), or candidate files and directories.
std::vector<Candidate> predict_inputs(const std::vector<std::string>& inputs, bool have_count, uint64_t count, uint64_t seed);

}  // namespace mcusim::nas
