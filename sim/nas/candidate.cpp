#include "sim/nas/candidate.h"

#include <fmt/format.h>

#include "firmware_samples/generator/model.hpp"
#include "sim/errors.h"

namespace mcusim::nas {

using nlohmann::json;

namespace {

// splitmix64: a tiny, well-mixed generator with a fixed definition, so the
// same seed gives the same candidates on every platform and compiler.
class SplitMix {
 public:
  explicit SplitMix(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  template <typename T>
  const T& pick(const std::vector<T>& list) {
    return list[next() % list.size()];
  }

 private:
  uint64_t state_;
};

template <typename T>
bool contains(const std::vector<T>& list, const T& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

}  // namespace

std::vector<Choices> sample_choices(const SearchSpace& space, uint64_t seed, size_t count) {
  std::vector<Choices> out;
  for (size_t i = 0; i < count; ++i) {
    SplitMix rng(SplitMix(seed).next() ^ (0xD1B54A32D192ED03ull * (i + 1)));
    Choices c;
    c.resolution = rng.pick(space.resolutions);
    c.width = rng.pick(space.widths);
    for (const StageSpace& st : space.stages) {
      std::vector<BlockChoice> blocks(static_cast<size_t>(rng.pick(st.depths)));
      for (BlockChoice& b : blocks) b = {rng.pick(st.kernels), rng.pick(st.expands)};
      c.stages.push_back(blocks);
    }
    out.push_back(c);
  }
  return out;
}

void check_choices(const SearchSpace& space, const Choices& c, const std::string& origin) {
  auto fail = [&](const std::string& field, const std::string& what) {
    throw InputError(fmt::format("{}: candidate.{}: {} (search space '{}')", origin, field, what, space.name));
  };
  if (!contains(space.resolutions, c.resolution)) fail("resolution", fmt::format("{} is not in the space", c.resolution));
  if (!contains(space.widths, c.width)) fail("width", fmt::format("{} is not in the space", c.width));
  if (c.stages.size() != space.stages.size())
    fail("stages", fmt::format("{} stages, the space has {}", c.stages.size(), space.stages.size()));
  for (size_t s = 0; s < c.stages.size(); ++s) {
    const StageSpace& st = space.stages[s];
    if (!contains(st.depths, static_cast<int>(c.stages[s].size())))
      fail(fmt::format("stages[{}]", s), fmt::format("depth {} is not allowed", c.stages[s].size()));
    for (size_t b = 0; b < c.stages[s].size(); ++b) {
      if (!contains(st.kernels, c.stages[s][b].kernel))
        fail(fmt::format("stages[{}][{}].kernel", s, b), fmt::format("{} is not allowed", c.stages[s][b].kernel));
      if (!contains(st.expands, c.stages[s][b].expand))
        fail(fmt::format("stages[{}][{}].expand", s, b), fmt::format("{} is not allowed", c.stages[s][b].expand));
    }
  }
}

json choices_to_json(const Choices& c) {
  json stages = json::array();
  for (const auto& blocks : c.stages) {
    json list = json::array();
    for (const BlockChoice& b : blocks) list.push_back({{"kernel", b.kernel}, {"expand", b.expand}});
    stages.push_back(list);
  }
  return {{"resolution", c.resolution}, {"width", c.width}, {"stages", stages}};
}

Choices choices_from_json(const json& j, const std::string& origin) {
  auto fail = [&](const std::string& what) { throw InputError(fmt::format("{}: candidate: {}", origin, what)); };
  if (!j.is_object() || !j.contains("resolution") || !j.contains("width") || !j.contains("stages"))
    fail("needs resolution, width and stages");
  Choices c;
  try {
    c.resolution = j.at("resolution").get<int>();
    c.width = j.at("width").get<double>();
    for (const json& blocks : j.at("stages")) {
      c.stages.emplace_back();
      for (const json& b : blocks) c.stages.back().push_back({b.at("kernel").get<int>(), b.at("expand").get<int>()});
    }
  } catch (const json::exception& e) {
    fail(e.what());
  }
  return c;
}

json candidate_model(const SearchSpace& space, const Choices& c, const std::string& name) {
  auto scaled = [&](int base) { return make_divisible(base * c.width, space.channel_divisor); };
  json layers = json::array();
  int channels = scaled(space.stem_out);
  layers.push_back({{"op", "conv"}, {"out", channels}, {"kernel", space.stem_kernel}, {"stride", space.stem_stride}, {"act", "relu6"}});
  for (size_t s = 0; s < space.stages.size(); ++s) {
    const int out = scaled(space.stages[s].out);
    for (size_t b = 0; b < c.stages[s].size(); ++b) {
      const int stride = b == 0 ? space.stages[s].stride : 1;
      json block = {{"op", "mbconv"}};
      if (c.stages[s][b].expand != 1) block["mid"] = channels * c.stages[s][b].expand;
      block["out"] = out;
      block["kernel"] = c.stages[s][b].kernel;
      block["stride"] = stride;
      block["residual"] = stride == 1 && channels == out;  // identity shortcut, as in MCUNet/OFA
      layers.push_back(block);
      channels = out;
    }
  }
  if (space.feature_mix) layers.push_back({{"op", "conv"}, {"out", scaled(space.feature_mix)}, {"kernel", 1}, {"stride", 1}, {"act", "relu6"}});
  layers.push_back({{"op", "avgpool"}});
  layers.push_back({{"op", "linear"}, {"out", space.classes}});
  return {{"format", "mcusim-model/1"},
          {"name", name},
          {"source", fmt::format("sampled from search space '{}' by mcusim nas", space.name)},
          {"input", {{"height", c.resolution}, {"width", c.resolution}, {"channels", space.input_channels}}},
          {"layers", layers},
          {"candidate", {{"space", space.name}, {"choices", choices_to_json(c)}}}};
}

Counts model_counts(const json& model) {
  try {
    modelgen::Graph g = modelgen::build_graph(model);
    return {g.macs(), g.params()};
  } catch (const std::exception& e) {  // the generator's own checks (runtime_error, json errors)
    throw InputError(fmt::format("model '{}': {}", model.value("name", "?"), e.what()));
  }
}

}  // namespace mcusim::nas
