#include "quant.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mcusim::modelgen {
namespace {

// splitmix64: small, portable, deterministic.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int range(int lo, int hi) { return lo + int(next() % uint64_t(hi - lo + 1)); }
  double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
};

class BlobWriter {
 public:
  std::vector<uint8_t> &blob;
  uint32_t align(uint32_t a) {
    while (blob.size() % a) blob.push_back(0);
    return uint32_t(blob.size());
  }
  uint32_t put_i8(const std::vector<int8_t> &v) {
    const uint32_t off = align(4);
    for (int8_t x : v) blob.push_back(uint8_t(x));
    return off;
  }
  uint32_t put_i32(const std::vector<int32_t> &v) {
    const uint32_t off = align(4);
    for (int32_t x : v) {
      uint8_t b[4];
      std::memcpy(b, &x, 4);  // little endian on every supported host and target
      blob.insert(blob.end(), b, b + 4);
    }
    return off;
  }
};

constexpr double kReluTarget = 40.0;    // pre-activation rms, in output LSBs
constexpr double kLinearTarget = 32.0;  // rms of linear outputs, in output LSBs
constexpr double kRelu6Scale = 6.0 / 255.0;

}  // namespace

void quantize_multiplier(double real, int32_t *mult, int32_t *shift) {
  if (real == 0.0) {
    *mult = 0;
    *shift = 0;
    return;
  }
  int exp = 0;
  const double q = std::frexp(real, &exp);
  int64_t q_fixed = std::llround(q * double(1ll << 31));
  if (q_fixed == (1ll << 31)) {
    q_fixed /= 2;
    ++exp;
  }
  if (exp < -31) {
    exp = 0;
    q_fixed = 0;
  }
  *mult = int32_t(q_fixed);
  *shift = exp;
}

QuantModel quantize(const Graph &g, uint64_t seed) {
  QuantModel qm;
  qm.tensors.resize(g.tensors.size());
  qm.ops.resize(g.ops.size());
  BlobWriter bw{qm.blob};
  Rng rng{seed};

  // The input: uniform int8 pixels, zero point 0.
  qm.tensors[g.input] = {2.0 / 255.0, 0, 73.9};

  for (size_t i = 0; i < g.ops.size(); ++i) {
    const Op &op = g.ops[i];
    OpQuant &oq = qm.ops[i];
    const TensorQuant &tin = qm.tensors[op.in];
    TensorQuant &tout = qm.tensors[op.out];
    const Tensor &ti = g.tensors[op.in], &to = g.tensors[op.out];
    oq.in_offset = -tin.zero_point;

    if (op.type == OpType::Add) {
      const TensorQuant &ta = qm.tensors[op.in], &tb = qm.tensors[op.in2];
      tout.scale = std::hypot(ta.scale * ta.rms, tb.scale * tb.rms) / kLinearTarget;
      tout.zero_point = rng.range(-8, 8);
      tout.rms = kLinearTarget;
      AddQuant &a = oq.add;
      a.left_shift = 20;
      const double twice_max = 2.0 * std::max(ta.scale, tb.scale);
      quantize_multiplier(ta.scale / twice_max, &a.a_multiplier, &a.a_shift);
      quantize_multiplier(tb.scale / twice_max, &a.b_multiplier, &a.b_shift);
      quantize_multiplier(twice_max / (double(1 << a.left_shift) * tout.scale), &a.out_multiplier,
                          &a.out_shift);
      a.a_offset = -ta.zero_point;
      a.b_offset = -tb.zero_point;
      a.out_offset = tout.zero_point;
      a.act_min = -128;
      a.act_max = 127;
      oq.out_offset = tout.zero_point;
      continue;
    }
    if (op.type == OpType::AvgPool) {
      tout = tin;  // TF-Lite requires equal input and output quantisation
      continue;
    }

    // Conv-like and linear: weights [out][fan_in], per-channel amplitude.
    const int out_c = to.c;
    const int fan_in = op.type == OpType::Depthwise ? op.k * op.k
                       : op.type == OpType::Linear  ? int(ti.bytes())
                                                    : op.k * op.k * ti.c;
    std::vector<int8_t> w(size_t(out_c) * fan_in);
    std::vector<double> norm(out_c);
    for (int c = 0; c < out_c; ++c) {
      const int amp = rng.range(24, 127);
      double ss = 0;
      for (int f = 0; f < fan_in; ++f) {
        const int v = rng.range(-amp, amp);
        w[size_t(c) * fan_in + f] = int8_t(v);
        ss += double(v) * v;
      }
      norm[c] = std::sqrt(std::max(ss, 1.0));
    }
    const bool relu6 = op.relu6;
    const double target = relu6 ? kReluTarget : kLinearTarget;
    tout.scale = relu6 ? kRelu6Scale : tin.scale * 0.5;
    tout.zero_point = relu6 ? -128 : rng.range(-8, 8);
    tout.rms = relu6 ? target * 0.8 : target;
    oq.out_offset = tout.zero_point;
    oq.act_min = -128;
    oq.act_max = 127;  // relu6 with scale 6/255 and zero point -128 clamps to [-128, 127]

    std::vector<double> real_mult(out_c);
    const bool per_tensor = op.type == OpType::Linear;
    double mean_norm = 0;
    for (double n : norm) mean_norm += n / out_c;
    std::vector<int32_t> bias(out_c), mult(per_tensor ? 1 : out_c), shift(per_tensor ? 1 : out_c);
    for (int c = 0; c < out_c; ++c) {
      const double m = target / (std::max(tin.rms, 1.0) * (per_tensor ? mean_norm : norm[c]));
      real_mult[c] = m;
      // Bias up to half the pre-activation rms, biased positive after ReLU6 layers.
      const double u = relu6 ? rng.uniform() - 0.3 : rng.uniform() - 0.5;
      bias[c] = int32_t(std::lround(u * target / m));
      if (!per_tensor || c == 0) quantize_multiplier(m, &mult[c], &shift[c]);
    }
    oq.w = bw.put_i8(w);
    oq.bias = bw.put_i32(bias);
    oq.mult = bw.put_i32(mult);
    oq.shift = bw.put_i32(shift);
  }
  bw.align(16);
  return qm;
}

}  // namespace mcusim::modelgen
