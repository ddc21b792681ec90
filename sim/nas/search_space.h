// A TinyNAS search space (`mcusim-space/1`, docs/model-format.md): the
// MCUNet / once-for-all MobileNetV2-style space of input resolutions, width
// multipliers and, per stage, allowed depths, depthwise kernel sizes and
// expand ratios, around a fixed stem and head. Read once, checked in full:
// every error names the file, the field and what is allowed.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mcusim::nas {

struct StageSpace {
  std::string op = "mbconv";  // the only block type so far
  int out = 0;                // base output channels (before the width multiplier)
  int stride = 1;             // of the stage's first block
  std::vector<int> depths, kernels, expands;
};

struct SearchSpace {
  std::string name, source;
  std::vector<int> resolutions;
  std::vector<double> widths;
  int channel_divisor = 8;  // scaled channels are rounded to a multiple of this
  int input_channels = 3;
  int stem_out = 0, stem_kernel = 3, stem_stride = 2;
  std::vector<StageSpace> stages;
  int feature_mix = 0;  // 1x1 conv before pooling, base channels; 0: none
  int classes = 0;
  // Named points of the space (e.g. the published models it contains), as
  // candidate choices (candidate.h); checked by the tests, usable as seeds.
  nlohmann::json examples = nlohmann::json::object();
};

// `origin` names the input in messages (usually the file path).
SearchSpace parse_space(const nlohmann::json& j, const std::string& origin);
SearchSpace load_space(const std::string& path);

// MCUNet's make_divisible: value rounded to the nearest multiple of
// `divisor`, at least `divisor`, and never more than 10% below value.
int make_divisible(double value, int divisor);

}  // namespace mcusim::nas
