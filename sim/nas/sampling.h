// `mcusim nas sample`: N candidates of a space written as model descriptions
// (DIR/<name>.json) plus DIR/candidates.csv (name, file, resolution, width,
// depths, MACs, params).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/nas/candidate.h"

namespace mcusim::nas {

struct SampledCandidate {
  std::string name, path;
  Choices choices;
  Counts counts;
};

// Names are "<space>-s<seed>-<i>" (i from 0, four digits).
std::vector<SampledCandidate> write_samples(const SearchSpace& space, uint64_t seed, size_t count, const std::string& out_dir);

}  // namespace mcusim::nas
