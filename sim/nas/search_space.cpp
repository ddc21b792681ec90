#include "sim/nas/search_space.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "sim/errors.h"

namespace mcusim::nas {

using nlohmann::json;

namespace {

// What the generator accepts (docs/model-format.md): depthwise kernels 3, 5,
// 7 and strides 1, 2.
const std::vector<int> kKernels = {3, 5, 7};
const std::vector<int> kStrides = {1, 2};
const std::vector<std::string> kOps = {"mbconv"};

// Reads fields of one JSON object, naming "origin: path.field" in errors.
class Reader {
 public:
  Reader(const json& j, std::string origin, std::string path) : j_(j), origin_(std::move(origin)), path_(std::move(path)) {
    if (!j_.is_object()) fail(path_.empty() ? "the search space" : path_, "must be a JSON object");
  }

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw InputError(fmt::format("{}: {}: {}", origin_, field, what));
  }
  std::string field(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const std::string& key) const { return j_.contains(key) && !j_[key].is_null(); }
  const json& at(const std::string& key) const {
    if (!j_.contains(key)) fail(field(key), "missing");
    return j_[key];
  }

  int integer(const std::string& key, int lo, int hi) const { return integer_value(at(key), field(key), lo, hi); }
  int integer(const std::string& key, int lo, int hi, int otherwise) const {
    return has(key) ? integer(key, lo, hi) : otherwise;
  }
  std::string text(const std::string& key, const std::string& otherwise) const {
    if (!has(key)) return otherwise;
    if (!j_[key].is_string()) fail(field(key), "must be a string");
    return j_[key].get<std::string>();
  }
  // A non-empty list of distinct integers, each in [lo, hi] and (when
  // `allowed` is not empty) one of `allowed`.
  std::vector<int> choices(const std::string& key, int lo, int hi, const std::vector<int>& allowed = {}) const {
    const json& v = at(key);
    std::string name = field(key);
    if (!v.is_array()) fail(name, "must be a list of choices");
    if (v.empty()) fail(name, fmt::format("empty choice list (choose at least one{})", allowed_text(allowed, lo, hi)));
    std::vector<int> out;
    for (size_t i = 0; i < v.size(); ++i) {
      int x = integer_value(v[i], fmt::format("{}[{}]", name, i), lo, hi);
      if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), x) == allowed.end())
        fail(fmt::format("{}[{}]", name, i), fmt::format("{} is not allowed{}", x, allowed_text(allowed, lo, hi)));
      if (std::find(out.begin(), out.end(), x) != out.end()) fail(name, fmt::format("{} is listed twice", x));
      out.push_back(x);
    }
    return out;
  }
  void no_unknown_keys(const std::vector<std::string>& known) const {
    for (const auto& [key, value] : j_.items())
      if (std::find(known.begin(), known.end(), key) == known.end())
        fail(field(key), fmt::format("unknown field (known: {})", fmt::join(known, ", ")));
  }

 private:
  int integer_value(const json& v, const std::string& name, int lo, int hi) const {
    if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi)
      fail(name, fmt::format("must be an integer from {} to {}", lo, hi));
    return v.get<int>();
  }
  static std::string allowed_text(const std::vector<int>& allowed, int lo, int hi) {
    if (!allowed.empty()) return fmt::format(" of {}", fmt::join(allowed, ", "));
    return fmt::format(", from {} to {}", lo, hi);
  }

  const json& j_;
  std::string origin_, path_;
};

StageSpace parse_stage(const json& j, const std::string& origin, size_t index, const json& defaults) {
  Reader r(j, origin, fmt::format("stages[{}]", index));
  r.no_unknown_keys({"op", "out", "stride", "depths", "kernels", "expands"});
  StageSpace s;
  s.op = r.text("op", "mbconv");
  if (std::find(kOps.begin(), kOps.end(), s.op) == kOps.end())
    r.fail(r.field("op"), fmt::format("unknown op '{}' (allowed: {})", s.op, fmt::join(kOps, ", ")));
  s.out = r.integer("out", 1, 4096);
  s.stride = r.integer("stride", 1, 64, 1);
  if (std::find(kStrides.begin(), kStrides.end(), s.stride) == kStrides.end())
    r.fail(r.field("stride"), fmt::format("impossible stride {} (an mbconv block has stride 1 or 2)", s.stride));
  s.depths = r.choices("depths", 1, 32);
  // Stage lists override the space-wide "kernels" / "expands".
  Reader top(defaults, origin, "");
  s.kernels = r.has("kernels") ? r.choices("kernels", 1, 7, kKernels) : top.choices("kernels", 1, 7, kKernels);
  s.expands = r.has("expands") ? r.choices("expands", 1, 16) : top.choices("expands", 1, 16);
  return s;
}

}  // namespace

int make_divisible(double value, int divisor) {
  int rounded = std::max(divisor, static_cast<int>(value + divisor / 2.0) / divisor * divisor);
  if (rounded < 0.9 * value) rounded += divisor;
  return rounded;
}

SearchSpace parse_space(const json& j, const std::string& origin) {
  Reader r(j, origin, "");
  r.no_unknown_keys({"format", "name", "source", "resolutions", "widths", "channel_divisor", "input_channels", "stem",
                     "kernels", "expands", "stages", "head", "examples"});
  if (r.text("format", "") != "mcusim-space/1") r.fail("format", "must be \"mcusim-space/1\"");
  SearchSpace s;
  s.name = r.text("name", "");
  if (s.name.empty()) r.fail("name", "missing (a non-empty string: it names the candidates)");
  s.source = r.text("source", "");
  s.resolutions = r.choices("resolutions", 8, 1024);
  const json& widths = r.at("widths");
  if (!widths.is_array()) r.fail("widths", "must be a list of width multipliers");
  if (widths.empty()) r.fail("widths", "empty choice list (choose at least one multiplier, e.g. 0.5)");
  for (size_t i = 0; i < widths.size(); ++i) {
    if (!widths[i].is_number() || widths[i].get<double>() <= 0 || widths[i].get<double>() > 4)
      r.fail(fmt::format("widths[{}]", i), "must be a number above 0 and at most 4");
    s.widths.push_back(widths[i].get<double>());
  }
  s.channel_divisor = r.integer("channel_divisor", 1, 64, 8);
  s.input_channels = r.integer("input_channels", 1, 64, 3);

  Reader stem(r.at("stem"), origin, "stem");
  stem.no_unknown_keys({"out", "kernel", "stride"});
  s.stem_out = stem.integer("out", 1, 4096);
  s.stem_kernel = stem.integer("kernel", 1, 11, 3);
  s.stem_stride = stem.integer("stride", 1, 64, 2);
  if (s.stem_kernel % 2 == 0) stem.fail("stem.kernel", "must be odd (same padding)");
  if (s.stem_stride > 2) stem.fail("stem.stride", fmt::format("impossible stride {} (1 or 2)", s.stem_stride));

  const json& stages = r.at("stages");
  if (!stages.is_array() || stages.empty()) r.fail("stages", "must be a non-empty list of stages");
  for (size_t i = 0; i < stages.size(); ++i) s.stages.push_back(parse_stage(stages[i], origin, i, j));

  Reader head(r.at("head"), origin, "head");
  head.no_unknown_keys({"feature_mix", "classes"});
  s.feature_mix = head.integer("feature_mix", 1, 8192, 0);
  s.classes = head.integer("classes", 1, 100000);

  if (r.has("examples")) {
    if (!j["examples"].is_object()) r.fail("examples", "must be an object: name -> candidate choices");
    s.examples = j["examples"];
  }

  // Same padding never shrinks a map below 1x1, but a resolution that the
  // strides halve to nothing long before the head is a mistake in the space.
  int min_res = *std::min_element(s.resolutions.begin(), s.resolutions.end());
  int halvings = s.stem_stride == 2;
  for (const StageSpace& st : s.stages) halvings += st.stride == 2;
  if ((min_res >> halvings) < 1)
    r.fail("resolutions", fmt::format("{} is too small for {} stride-2 layers (each halves the image)", min_res, halvings));
  return s;
}

SearchSpace load_space(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("cannot read search space {}", path));
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded()) throw InputError(fmt::format("{}: not valid JSON", path));
  return parse_space(j, path);
}

}  // namespace mcusim::nas
