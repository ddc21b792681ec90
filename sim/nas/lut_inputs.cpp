#include "sim/nas/lut_inputs.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "sim/errors.h"

namespace mcusim::nas {

bool is_space_file(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) return false;
  std::ifstream in(path);
  if (!in) return false;
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return !j.is_discarded() && j.is_object() && j.value("format", "") == "mcusim-space/1";
}

LutInput lut_input_units(const std::vector<std::string>& inputs) {
  LutInput in;
  if (inputs.size() == 1 && is_space_file(inputs[0])) {
    SearchSpace space = load_space(inputs[0]);
    in.origin = space.name;
    in.units = space_units(space);
    return in;
  }
  for (const std::string& i : inputs)
    if (is_space_file(i)) throw InputError(fmt::format("{}: a search space is measured on its own, not with other inputs", i));
  std::map<std::string, LutUnit> distinct;
  std::vector<Candidate> candidates = load_candidates(inputs);
  for (const Candidate& c : candidates)
    for (const LutUnit& u : model_units(c.model, c.path)) distinct.emplace(u.key(), u);
  in.origin = fmt::format("{} candidate{}", candidates.size(), candidates.size() == 1 ? "" : "s");
  for (auto& [key, u] : distinct) in.units.push_back(u);
  return in;
}

std::vector<Candidate> predict_inputs(const std::vector<std::string>& inputs, bool have_count, uint64_t count, uint64_t seed) {
  if (inputs.size() == 1 && is_space_file(inputs[0])) {
    if (!have_count || count == 0 || count > 10000000)
      throw InputError(fmt::format("{} is a search space: --count N (1 to 10000000) says how many candidates to sample", inputs[0]));
    SearchSpace space = load_space(inputs[0]);
    std::vector<Candidate> out;
    size_t i = 0;
    for (const Choices& c : sample_choices(space, seed, count)) {
      Candidate cand;
      cand.name = fmt::format("{}-s{}-{:04}", space.name, seed, i++);  // the names nas sample gives them
      cand.model = candidate_model(space, c, cand.name);
      cand.counts = model_counts(cand.model);
      out.push_back(cand);
    }
    return out;
  }
  if (have_count) throw InputError("--count: only with a search space (candidate files are predicted as they are)");
  return load_candidates(inputs);
}

}  // namespace mcusim::nas
