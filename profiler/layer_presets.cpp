#include "profiler/layer_presets.h"

#include <regex>

namespace mcusim {

const std::vector<LayerPreset>& layer_presets() {
  // Facts about each framework's generated code:
  // - TF-Lite Micro: the interpreter's subgraph loop calls each operator's
  //   registration->invoke through a pointer; its direct calls are helpers
  //   (profiler events, error reporting).
  // - microTVM AOT: tvmgen_<model>___tvm_main__ calls one
  //   tvmgen_<model>_fused_* function per fused operator, plus workspace
  //   allocation calls that are not layers.
  // - TinyEngine: the generated `invoke` calls one kernel per layer; its
  //   activations live in the generated `static signed char buffer[PEAK_MEM]`.
  // - X-CUBE-AI: the runtime's layer loop (under ai_network_run) calls each
  //   layer's forward_* function through the layer's pointer.
  // - CMSIS-NN by hand: the application calls arm_*_s8 / arm_*_s16 kernels;
  //   `--layer-caller F` names the function that does.
  static const std::vector<LayerPreset> presets = {
      {"tflm", "TF-Lite Micro", "tflite::MicroInterpreterGraph::InvokeSubgraph|tflite::MicroInterpreter::Invoke", "",
       true, {"tflite::MicroInterpreterGraph::InvokeSubgraph|tflite::MicroInterpreter::Invoke"}},
      {"microtvm", "microTVM AOT", "tvmgen_.+___tvm_main__", "tvmgen_.+_fused_.*", false,
       {"tvmgen_.+___tvm_main__", "tvmgen_.+_fused_.*"}},
      {"tinyengine", "TinyEngine", "invoke", "", false,
       {"invoke", "getInput|getOutput|convolve_1x1_s8.*|depthwise_kernel.*"}, "buffer"},
      {"xcubeai", "X-CUBE-AI", "", "forward_.+", false, {"ai_network_run", "forward_.+"}},
      {"cmsis-nn", "CMSIS-NN", "", "arm_.+_s(8|16)(_.+)?", false, {"arm_.+_s(8|16)"}},
  };
  return presets;
}

const LayerPreset* find_layer_preset(std::string_view name) {
  for (const LayerPreset& p : layer_presets())
    if (p.name == name) return &p;
  return nullptr;
}

bool matches_whole(std::string_view pattern, const std::string& name) {
  return std::regex_match(name, std::regex(std::string(pattern), std::regex::ECMAScript));
}

std::optional<RecognisedFramework> recognise_framework(const std::vector<std::string>& names) {
  for (const LayerPreset& p : layer_presets()) {
    std::string evidence;
    bool all = true;
    for (std::string_view pattern : p.recognise) {
      std::regex re{std::string(pattern), std::regex::ECMAScript};
      auto hit = std::find_if(names.begin(), names.end(), [&](const std::string& n) { return std::regex_match(n, re); });
      if (hit == names.end()) {
        all = false;
        break;
      }
      evidence += (evidence.empty() ? "" : ", ") + *hit;
    }
    if (all) return RecognisedFramework{&p, evidence};
  }
  return std::nullopt;
}

}  // namespace mcusim
