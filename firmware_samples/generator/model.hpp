// Model description (docs/model-format.md) -> layer graph, with MAC and
// parameter counts. Header-only so the unit tests can use it directly.
#pragma once

#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mcusim::modelgen {

enum class OpType { Conv, Pointwise, Depthwise, Add, AvgPool, Linear };

struct Tensor {
  int h = 1, w = 1, c = 1;
  int64_t bytes() const { return int64_t(h) * w * c; }
};

struct Op {
  OpType type;
  std::string name;
  int in = -1, in2 = -1, out = -1;  // tensor ids
  int k = 1, stride = 1;
  bool relu6 = false;
  int64_t macs = 0;
  int64_t params = 0;  // trainable parameters as published (PyTorch: weights, BN gamma+beta, FC bias)
};

struct Graph {
  std::string name;
  double published_macs_m = 0, published_params_m = 0;
  std::vector<Tensor> tensors;
  std::vector<Op> ops;
  int input = 0, output = 0;

  int64_t macs() const {
    int64_t s = 0;
    for (const auto &op : ops) s += op.macs;
    return s;
  }
  int64_t params() const {
    int64_t s = 0;
    for (const auto &op : ops) s += op.params;
    return s;
  }
};

inline int same_out(int in, int stride) { return (in - 1) / stride + 1; }

// Per-op MAC and parameter counts above 2^40 (far beyond any MCU model) are
// description errors; this keeps every count and their sums inside int64_t.
inline int64_t bounded_count(__int128 count) {
  if (count > (__int128(1) << 40)) throw std::runtime_error("model description: a layer is too large (over 2^40 MACs or parameters)");
  return int64_t(count);
}

class GraphBuilder {
 public:
  Graph g;
  int add_tensor(int h, int w, int c) {
    g.tensors.push_back({h, w, c});
    return int(g.tensors.size()) - 1;
  }
  // Convolution-like op (conv, pointwise, depthwise) with BN folded.
  int conv(OpType type, const std::string &name, int in, int out_c, int k, int stride, bool relu6) {
    const Tensor t = g.tensors[in];
    const int oh = same_out(t.h, stride), ow = same_out(t.w, stride);
    const int oc = type == OpType::Depthwise ? t.c : out_c;
    const int out = add_tensor(oh, ow, oc);
    Op op{type, name, in, -1, out, k, stride, relu6};
    const int64_t fan_in = type == OpType::Depthwise ? int64_t(k) * k : int64_t(k) * k * t.c;
    op.macs = bounded_count(__int128(oh) * ow * oc * fan_in);
    op.params = bounded_count(__int128(oc) * fan_in + 2 * oc);
    g.ops.push_back(op);
    return out;
  }
  int add(const std::string &name, int a, int b) {
    const Tensor t = g.tensors[b];
    const int out = add_tensor(t.h, t.w, t.c);
    g.ops.push_back(Op{OpType::Add, name, a, b, out});
    return out;
  }
  int avgpool(const std::string &name, int in) {
    const int out = add_tensor(1, 1, g.tensors[in].c);
    g.ops.push_back(Op{OpType::AvgPool, name, in, -1, out});
    return out;
  }
  int linear(const std::string &name, int in, int out_n) {
    const int64_t in_n = g.tensors[in].bytes();
    const int out = add_tensor(1, 1, out_n);
    Op op{OpType::Linear, name, in, -1, out};
    op.macs = bounded_count(__int128(in_n) * out_n);
    op.params = bounded_count(__int128(in_n) * out_n + out_n);
    g.ops.push_back(op);
    return out;
  }
};

inline std::string conv_name(const char *kind, int k, int s) {
  return std::string(kind) + std::to_string(k) + "x" + std::to_string(k) + "s" + std::to_string(s);
}

// Sizes in a description are positive integers up to 2^16: anything else is
// an error here rather than a division by zero or an overflow later (the
// reader is fuzzed: tests/fuzz).
inline int size_field(const nlohmann::json &j, const char *key) {
  const nlohmann::json &v = j.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 65536)
    throw std::runtime_error(std::string("model description: '") + key + "' must be an integer from 1 to 65536");
  return v.get<int>();
}
inline int size_field(const nlohmann::json &j, const char *key, int otherwise) {
  return j.contains(key) ? size_field(j, key) : otherwise;
}

// Expand a parsed description into the layer graph.
inline Graph build_graph(const nlohmann::json &j) {
  if (j.value("format", "") != "mcusim-model/1")
    throw std::runtime_error("model description: format must be \"mcusim-model/1\"");
  GraphBuilder b;
  b.g.name = j.at("name").get<std::string>();
  if (j.contains("published")) {
    b.g.published_macs_m = j["published"].value("macs_m", 0.0);
    b.g.published_params_m = j["published"].value("params_m", 0.0);
  }
  const auto &in = j.at("input");
  int t = b.add_tensor(size_field(in, "height"), size_field(in, "width"), size_field(in, "channels"));
  b.g.input = t;
  int block = 0, conv_i = 0;
  for (const auto &l : j.at("layers")) {
    const std::string op = l.at("op");
    if (op == "conv") {
      const int k = size_field(l, "kernel"), s = size_field(l, "stride", 1), out = size_field(l, "out");
      const bool relu6 = l.value("act", "none") == "relu6";
      const std::string name = (conv_i++ == 0 ? "stem." : "head.") + conv_name("conv", k, s);
      t = b.conv(k == 1 ? OpType::Pointwise : OpType::Conv, name, t, out, k, s, relu6);
    } else if (op == "mbconv") {
      const std::string p = "b" + std::to_string(block++) + ".";
      const int k = size_field(l, "kernel"), s = size_field(l, "stride", 1), out = size_field(l, "out");
      const int x = t;
      if (l.contains("mid")) t = b.conv(OpType::Pointwise, p + "expand1x1", t, size_field(l, "mid"), 1, 1, true);
      t = b.conv(OpType::Depthwise, p + conv_name("dw", k, s), t, 0, k, s, true);
      t = b.conv(OpType::Pointwise, p + "project1x1", t, out, 1, 1, false);
      if (l.value("residual", false)) {
        if (s != 1 || b.g.tensors[x].c != out)
          throw std::runtime_error("residual mbconv needs stride 1 and in == out channels");
        t = b.add(p + "add", x, t);
      }
    } else if (op == "avgpool") {
      t = b.avgpool("pool.avg", t);
    } else if (op == "linear") {
      t = b.linear("classifier.fc", t, size_field(l, "out"));
    } else {
      throw std::runtime_error("model description: unknown op '" + op + "'");
    }
  }
  b.g.output = t;
  return b.g;
}

inline Graph load_graph(const std::string &path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open " + path);
  return build_graph(nlohmann::json::parse(f));
}

}  // namespace mcusim::modelgen
