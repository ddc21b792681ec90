// Candidates of a search space: the choices that pick one sub-network, and
// the model description (`mcusim-model/1`) they expand to, which the model
// generator turns into firmware for any board and either engine.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/nas/search_space.h"

namespace mcusim::nas {

struct BlockChoice {
  int kernel = 3, expand = 1;
};

struct Choices {
  int resolution = 0;
  double width = 1;
  std::vector<std::vector<BlockChoice>> stages;  // one entry per block; the size is the stage's depth
};

// `count` candidates drawn uniformly from the space. Candidate i depends only
// on the seed and i (so --count 10 starts with the same 5 as --count 5).
std::vector<Choices> sample_choices(const SearchSpace& space, uint64_t seed, size_t count);

// Checks `choices` against the space (for candidates written by hand or by
// another search); throws InputError naming `origin` and the field.
void check_choices(const SearchSpace& space, const Choices& choices, const std::string& origin);
nlohmann::json choices_to_json(const Choices& choices);
Choices choices_from_json(const nlohmann::json& j, const std::string& origin);

// The model description: stem conv, the blocks (channels = make_divisible(
// base x width)), optional feature-mix conv, pooling, classifier; `choices`
// and the space's name are kept under "candidate" (the generator ignores it).
nlohmann::json candidate_model(const SearchSpace& space, const Choices& choices, const std::string& name);

struct Counts {
  int64_t macs = 0, params = 0;
};
// MACs and parameters of a model description, by the generator's counting rules.
Counts model_counts(const nlohmann::json& model);

}  // namespace mcusim::nas
