#include "sim/nas/lut_units.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "firmware_samples/generator/model.hpp"
#include "sim/errors.h"
#include "sim/nas/candidate.h"

namespace mcusim::nas {

using nlohmann::json;

std::string LutUnit::key() const {
  std::string k = fmt::format("{} in={}x{}x{}", op, h, w, c);
  if (op == "mbconv") return k + fmt::format(" mid={} out={} k={} s={} res={}", mid, out, kernel, stride, residual ? 1 : 0);
  if (op == "conv") return k + fmt::format(" out={} k={} s={} act={}", out, kernel, stride, act);
  if (op == "linear") return k + fmt::format(" out={}", out);
  return k;  // avgpool
}

json LutUnit::model(const std::string& name) const {
  json layer = {{"op", op}};
  if (op == "mbconv") {
    if (mid) layer["mid"] = mid;
    layer.update({{"out", out}, {"kernel", kernel}, {"stride", stride}, {"residual", residual}});
  } else if (op == "conv") {
    layer.update({{"out", out}, {"kernel", kernel}, {"stride", stride}, {"act", act}});
  } else if (op == "linear") {
    layer["out"] = out;
  }
  return {{"format", "mcusim-model/1"},
          {"name", name},
          {"source", "one unit of a latency lookup table (mcusim nas lut)"},
          {"input", {{"height", h}, {"width", w}, {"channels", c}}},
          {"layers", json::array({layer})}};
}

int LutUnit::layer_count() const {
  if (op != "mbconv") return 1;
  return 2 + (mid ? 1 : 0) + (residual ? 1 : 0);
}

std::vector<LutUnit> model_units(const json& model, const std::string& origin) {
  // The generator's own reading first: whatever it refuses is refused here.
  modelgen::Graph g;
  try {
    g = modelgen::build_graph(model);
  } catch (const std::exception& e) {
    throw InputError(fmt::format("{}: {}", origin, e.what()));
  }
  // Its ops, in order, regrouped by layer entry: each entry's ops are
  // consecutive and take the previous entry's output.
  std::vector<LutUnit> units;
  size_t op = 0;
  const json& layers = model.at("layers");
  for (size_t i = 0; i < layers.size(); ++i) {
    const json& l = layers[i];
    const modelgen::Tensor in = g.tensors[g.ops.at(op).in];
    LutUnit u;
    u.op = l.at("op").get<std::string>();
    u.h = in.h, u.w = in.w, u.c = in.c;
    if (u.op == "conv") {
      u.out = l.at("out").get<int>();
      u.kernel = l.at("kernel").get<int>();
      u.stride = l.value("stride", 1);
      u.act = l.value("act", "none");
    } else if (u.op == "mbconv") {
      u.mid = l.value("mid", 0);
      u.out = l.at("out").get<int>();
      u.kernel = l.at("kernel").get<int>();
      u.stride = l.value("stride", 1);
      u.residual = l.value("residual", false);
    } else if (u.op == "linear") {
      u.out = l.at("out").get<int>();
    } else {
      u.out = in.c;
    }
    const int n = u.layer_count();
    if (op + n > g.ops.size()) throw InputError(fmt::format("{}: layers[{}]: does not match the generator's layers", origin, i));
    for (int k = 0; k < n; ++k) u.macs += g.ops[op + k].macs;
    op += n;
    units.push_back(u);
  }
  if (op != g.ops.size()) throw InputError(fmt::format("{}: the layers do not match the generator's", origin));
  return units;
}

std::vector<LutUnit> space_units(const SearchSpace& space) {
  // Per resolution and width, candidates at every stage's deepest depth whose
  // blocks all take the same (kernel, expand) combination, one candidate per
  // combination: together they contain every stage's first and later blocks
  // with every choice, and the stem and head, at every shape of the space.
  size_t combos = 1;
  for (const StageSpace& st : space.stages) combos = std::max(combos, st.kernels.size() * st.expands.size());
  std::map<std::string, LutUnit> distinct;
  for (int r : space.resolutions)
    for (double w : space.widths)
      for (size_t i = 0; i < combos; ++i) {
        Choices c;
        c.resolution = r;
        c.width = w;
        for (const StageSpace& st : space.stages) {
          size_t combo = i % (st.kernels.size() * st.expands.size());
          BlockChoice b{st.kernels[combo % st.kernels.size()], st.expands[combo / st.kernels.size()]};
          c.stages.push_back(std::vector<BlockChoice>(static_cast<size_t>(*std::max_element(st.depths.begin(), st.depths.end())), b));
        }
        for (const LutUnit& u : model_units(candidate_model(space, c, "lut"), space.name)) distinct.emplace(u.key(), u);
      }
  std::vector<LutUnit> out;
  for (auto& [key, u] : distinct) out.push_back(u);
  return out;
}

}  // namespace mcusim::nas
