// Planned engine (TinyEngine style): straight-line C, one call per layer with
// every shape a constant, depthwise layers in place, all activations in one
// arena laid out at generation time. Optionally the first blocks run patch by
// patch (MCUNetV2) so only small tiles of their large feature maps are live.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "emit.hpp"
#include "patch_stage.hpp"
#include "planner.hpp"

namespace mcusim::modelgen {
namespace {

int32_t blob_i32(const QuantModel &qm, uint32_t off) {
  int32_t v;
  std::memcpy(&v, qm.blob.data() + off, 4);
  return v;
}

}  // namespace

Emitted emit_planned(const Graph &g, const QuantModel &qm, const PatchOptions &patch) {
  const int n = int(g.ops.size()), T = int(g.tensors.size());
  std::vector<int> producer(T, 0), last_use(T, -1);
  for (int i = 0; i < n; ++i) {
    const Op &op = g.ops[i];
    producer[op.out] = i;
    for (int t : {op.in, op.in2})
      if (t >= 0) last_use[t] = std::max(last_use[t], i);
  }
  last_use[g.output] = n - 1;

  // Patch stage: ops [0, S) run once per patch.
  const PatchStage st = plan_patch_stage(g, patch, producer, last_use);
  const int S = st.end, O = st.output, P = st.patches;
  const auto &local = st.local;
  const auto &reg = st.reg;

  // Buffers: whole maps (in-place depthwise and add alias their input), the
  // patch stage's tiles, and the depthwise scratch.
  std::vector<Buffer> bufs;
  auto new_buf = [&](int64_t size, int first, int last) {
    bufs.push_back({size, first, last});
    return int(bufs.size()) - 1;
  };
  std::vector<int> full(T, -1), tile(T, -1), scratch(n, -1);
  std::vector<bool> inplace(n, false);
  for (int t = 0; t < T; ++t) {
    const int64_t bytes = g.tensors[t].bytes();
    if (local[t] >= 0) {
      int64_t max_tile = 0;
      for (int p = 0; p < P; ++p) max_tile = std::max(max_tile, reg[p][t].pixels() * g.tensors[t].c);
      const int first = t == g.input ? 0 : producer[t];
      const int last = t == O ? S - 1 : last_use[t];
      tile[t] = new_buf(max_tile, first, last);
      if (t == g.input) full[t] = new_buf(bytes, 0, S - 1);
      if (t == O) full[t] = new_buf(bytes, 0, last_use[t]);
      continue;
    }
    if (t == g.input) {
      full[t] = new_buf(bytes, 0, last_use[t]);
      continue;
    }
    const int p = producer[t];
    const Op &op = g.ops[p];
    int alias = -1;
    if (op.type == OpType::Depthwise && last_use[op.in] == p) {
      alias = op.in;
      inplace[p] = true;
    } else if (op.type == OpType::Add && last_use[op.in2] == p) {
      alias = op.in2;
    }
    if (alias >= 0) {
      full[t] = full[alias];
      bufs[full[t]].last = std::max(bufs[full[t]].last, last_use[t]);
      bufs[full[t]].size = std::max(bufs[full[t]].size, bytes);
    } else {
      full[t] = new_buf(bytes, p, last_use[t]);
    }
    if (inplace[p]) {
      const Tensor &ti = g.tensors[op.in];
      const int pad = pad_of(op);
      // MCUSIM_NN_DW_SCRATCH_BYTES: the padded channel plus the DSP path's over-read slack.
      scratch[p] = new_buf(int64_t(ti.h + 2 * pad) * (ti.w + 2 * pad) + 4, p, p);
    }
  }
  const int64_t arena = plan_greedy(bufs);
  auto at = [&](int buf) { return "arena + " + std::to_string(bufs[buf].offset); };

  std::ostringstream o;
  o << emit_prologue(g, S > 0 ? "planned-patch" : "planned", arena);
  if (S > 0) o << "#include \"patch.h\"\n\n";
  for (int i = 0; i < n; ++i) {
    o << "static const char L" << i << "[] = " << c_string(g.ops[i].name) << ";\n";
    if (g.ops[i].type == OpType::Add)
      o << "static const mcusim_nn_add_t ADD" << i << " = " << add_literal(qm.ops[i].add) << ";\n";
    else if (g.ops[i].type != OpType::AvgPool)
      o << "static const mcusim_nn_quant_t Q" << i << " = " << quant_literal(qm.ops[i]) << ";\n";
  }
  o << "\nint8_t *mcusim_model_input(void) { return " << at(full[g.input]) << "; }\n\n";

  std::ostringstream rep;
  rep << "engine " << (S > 0 ? "planned-patch" : "planned") << "\narena_bytes " << arena << "\n";

  if (S > 0)
    o << emit_patch_stage(
        g, qm, st, [&](int t) { return at(tile[t]); }, [&](int t) { return at(full[t]); }, rep);
  o << "const int8_t *mcusim_model_run(void) {\n";
  if (S > 0) o << "  patch_stage();\n";
  for (int i = S; i < n; ++i) {
    const Op &op = g.ops[i];
    const OpQuant &q = qm.ops[i];
    const Tensor &ti = g.tensors[op.in], &to = g.tensors[op.out];
    const std::string ch = "CH(" + std::to_string(q.bias) + ", " + std::to_string(q.mult) + ", " +
                           std::to_string(q.shift) + ")";
    const std::string in = at(full[op.in]), out = at(full[op.out]);
    o << "  mcusim_layer_begin_macs(L" << i << ", " << op.macs << "u);\n  ";
    switch (op.type) {
      case OpType::Conv:
        o << "mcusim_nn_conv2d(" << in << ", " << ti.h << ", " << ti.w << ", " << ti.c << ", W8("
          << q.w << "), " << ch << ", " << out << ", " << to.h << ", " << to.w << ", " << to.c
          << ", " << op.k << ", " << op.stride << ", " << pad_of(op) << ", " << pad_of(op)
          << ", &Q" << i << ");\n";
        break;
      case OpType::Pointwise:
        o << "mcusim_nn_pointwise(" << in << ", " << ti.h * ti.w << ", " << ti.c << ", W8(" << q.w
          << "), " << ch << ", " << out << ", " << to.c << ", &Q" << i << ");\n";
        break;
      case OpType::Depthwise:
        if (inplace[i])
          o << "mcusim_nn_depthwise_inplace_k" << op.k << "s" << op.stride << "(" << in << ", "
            << ti.h << ", " << ti.w << ", " << ti.c << ", W8(" << q.w << "), " << ch << ", "
            << to.h << ", " << to.w << ", " << pad_of(op) << ", " << at(scratch[i]) << ", &Q" << i
            << ");\n";
        else
          o << "mcusim_nn_depthwise(" << in << ", " << ti.h << ", " << ti.w << ", " << ti.c
            << ", W8(" << q.w << "), " << ch << ", " << out << ", " << to.h << ", " << to.w << ", "
            << op.k << ", " << op.stride << ", " << pad_of(op) << ", " << pad_of(op) << ", &Q" << i
            << ");\n";
        break;
      case OpType::Add:
        o << "mcusim_nn_add(" << in << ", " << at(full[op.in2]) << ", " << out << ", "
          << to.bytes() << ", &ADD" << i << ");\n";
        break;
      case OpType::AvgPool:
        o << "mcusim_nn_avgpool(" << in << ", " << ti.h * ti.w << ", " << ti.c << ", " << out
          << ", -128, 127);\n";
        break;
      case OpType::Linear:
        o << "mcusim_nn_fully_connected(" << in << ", " << ti.bytes() << ", W8(" << q.w
          << "), W32(" << q.bias << "), " << blob_i32(qm, q.mult) << ", " << blob_i32(qm, q.shift)
          << ", " << out << ", " << to.c << ", &Q" << i << ");\n";
        break;
    }
    o << "  mcusim_layer_end(L" << i << ");\n";
  }
  o << "  return " << at(full[g.output]) << ";\n}\n";

  for (size_t b = 0; b < bufs.size(); ++b)
    rep << "buffer " << b << " bytes " << bufs[b].size << " offset " << bufs[b].offset << " live "
        << bufs[b].first << ".." << bufs[b].last << "\n";
  return {o.str(), arena, rep.str()};
}

}  // namespace mcusim::modelgen
