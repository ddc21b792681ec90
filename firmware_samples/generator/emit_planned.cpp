// Planned engine (TinyEngine style): straight-line C, one call per layer with
// every shape a constant, depthwise layers in place, all activations in one
// arena laid out at generation time. Optionally the first blocks run patch by
// patch (MCUNetV2) so only small tiles of their large feature maps are live.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "emit.hpp"
#include "planner.hpp"

namespace mcusim::modelgen {
namespace {

struct Region {
  int y0 = 0, y1 = 0, x0 = 0, x1 = 0;
  bool empty() const { return y1 <= y0 || x1 <= x0; }
  int64_t pixels() const { return int64_t(y1 - y0) * (x1 - x0); }
  void unite(const Region &r) {
    if (empty()) {
      *this = r;
      return;
    }
    y0 = std::min(y0, r.y0), y1 = std::max(y1, r.y1);
    x0 = std::min(x0, r.x0), x1 = std::max(x1, r.x1);
  }
};

// Input region an op needs to produce output region r.
Region needed_input(const Op &op, const Tensor &in, const Region &r) {
  if (op.type != OpType::Conv && op.type != OpType::Depthwise) return r;
  const int p = pad_of(op), s = op.stride, k = op.k;
  return {std::max(0, r.y0 * s - p), std::min(in.h, (r.y1 - 1) * s - p + k),
          std::max(0, r.x0 * s - p), std::min(in.w, (r.x1 - 1) * s - p + k)};
}

int32_t blob_i32(const QuantModel &qm, uint32_t off) {
  int32_t v;
  std::memcpy(&v, qm.blob.data() + off, 4);
  return v;
}

std::string region_literal(const Region &r) {
  return "{" + std::to_string(r.y0) + ", " + std::to_string(r.y1) + ", " + std::to_string(r.x0) +
         ", " + std::to_string(r.x1) + "}";
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
  int S = 0;
  if (patch.blocks > 0) {
    for (int i = 0; i < n; ++i) {
      const std::string &nm = g.ops[i].name;
      if (nm.rfind("stem.", 0) == 0) S = i + 1;
      for (int b = 0; b < patch.blocks; ++b)
        if (nm.rfind("b" + std::to_string(b) + ".", 0) == 0) S = i + 1;
    }
  }
  const int O = S > 0 ? g.ops[S - 1].out : -1;
  const int P = S > 0 ? patch.grid * patch.grid : 0;
  std::vector<int> stage_tensors;  // local index -> tensor id
  std::vector<int> local(T, -1);
  std::vector<std::vector<Region>> reg(P, std::vector<Region>(T));
  if (S > 0) {
    for (int t = 0; t < T; ++t)
      if (t == g.input || (producer[t] < S && t != g.input)) {
        if (t != O && last_use[t] >= S)
          throw std::runtime_error("patch stage must end where only its output is live");
        local[t] = int(stage_tensors.size());
        stage_tensors.push_back(t);
      }
    const Tensor &to = g.tensors[O];
    for (int p = 0; p < P; ++p) {
      const int gy = p / patch.grid, gx = p % patch.grid;
      reg[p][O] = {to.h * gy / patch.grid, to.h * (gy + 1) / patch.grid, to.w * gx / patch.grid,
                   to.w * (gx + 1) / patch.grid};
      for (int i = S - 1; i >= 0; --i) {
        const Op &op = g.ops[i];
        const Region need = needed_input(op, g.tensors[op.in], reg[p][op.out]);
        reg[p][op.in].unite(need);
        if (op.in2 >= 0) reg[p][op.in2].unite(reg[p][op.out]);
      }
    }
  }

  // Buffers.
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

  if (S > 0) {
    // Per-patch regions of every stage tensor, and the MACs each tile costs.
    const int NT = int(stage_tensors.size());
    int64_t stage_macs = 0, stage_macs_patched = 0;
    o << "/* Patch stage: ops 0.." << S - 1 << " on a " << patch.grid << "x" << patch.grid
      << " grid; regions of the stage tensors per patch. */\n";
    o << "static const mcusim_region_t PR[" << P << "][" << NT << "] = {\n";
    for (int p = 0; p < P; ++p) {
      o << "  {";
      for (int lt = 0; lt < NT; ++lt) o << region_literal(reg[p][stage_tensors[lt]]) << ", ";
      o << "},\n";
    }
    o << "};\nstatic const uint32_t PMACS[" << P << "][" << S << "] = {\n";
    for (int i = 0; i < S; ++i) stage_macs += g.ops[i].macs;
    for (int p = 0; p < P; ++p) {
      o << "  {";
      for (int i = 0; i < S; ++i) {
        const Op &op = g.ops[i];
        const Tensor &ti = g.tensors[op.in], &to = g.tensors[op.out];
        int64_t m = 0;
        const int64_t px = reg[p][op.out].pixels();
        if (op.type == OpType::Conv) m = px * to.c * op.k * op.k * ti.c;
        if (op.type == OpType::Pointwise) m = px * to.c * ti.c;
        if (op.type == OpType::Depthwise) m = px * to.c * op.k * op.k;
        stage_macs_patched += m;
        o << m << "u, ";
      }
      o << "},\n";
    }
    o << "};\n\nstatic void patch_stage(void) {\n"
         "  for (int p = 0; p < "
      << P << "; ++p) {\n    const mcusim_region_t *r = PR[p];\n";
    const Tensor &img = g.tensors[g.input];
    o << "    mcusim_patch_gather(" << at(full[g.input]) << ", " << img.w << ", " << img.c << ", r["
      << local[g.input] << "], " << at(tile[g.input]) << ");\n";
    for (int i = 0; i < S; ++i) {
      const Op &op = g.ops[i];
      const OpQuant &q = qm.ops[i];
      const Tensor &ti = g.tensors[op.in], &to = g.tensors[op.out];
      const std::string ri = "r[" + std::to_string(local[op.in]) + "]";
      const std::string ro = "r[" + std::to_string(local[op.out]) + "]";
      const std::string ch = "CH(" + std::to_string(q.bias) + ", " + std::to_string(q.mult) +
                             ", " + std::to_string(q.shift) + ")";
      const std::string pads = ri + ".y0 + " + std::to_string(pad_of(op)) + " - " + ro + ".y0 * " +
                               std::to_string(op.stride) + ", " + ri + ".x0 + " +
                               std::to_string(pad_of(op)) + " - " + ro + ".x0 * " +
                               std::to_string(op.stride);
      o << "    mcusim_layer_begin_macs(L" << i << ", PMACS[p][" << i << "]);\n    ";
      switch (op.type) {
        case OpType::Conv:
          o << "mcusim_nn_conv2d(" << at(tile[op.in]) << ", MCUSIM_RH(" << ri << "), MCUSIM_RW("
            << ri << "), " << ti.c << ", W8(" << q.w << "), " << ch << ", " << at(tile[op.out])
            << ", MCUSIM_RH(" << ro << "), MCUSIM_RW(" << ro << "), " << to.c << ", " << op.k
            << ", " << op.stride << ", " << pads << ", &Q" << i << ");\n";
          break;
        case OpType::Depthwise:
          o << "mcusim_nn_depthwise(" << at(tile[op.in]) << ", MCUSIM_RH(" << ri << "), MCUSIM_RW("
            << ri << "), " << ti.c << ", W8(" << q.w << "), " << ch << ", " << at(tile[op.out])
            << ", MCUSIM_RH(" << ro << "), MCUSIM_RW(" << ro << "), " << op.k << ", " << op.stride
            << ", " << pads << ", &Q" << i << ");\n";
          break;
        case OpType::Pointwise:
          o << "mcusim_nn_pointwise(" << at(tile[op.in]) << ", MCUSIM_RH(" << ro
            << ") * MCUSIM_RW(" << ro << "), " << ti.c << ", W8(" << q.w << "), " << ch << ", "
            << at(tile[op.out]) << ", " << to.c << ", &Q" << i << ");\n";
          for (int p = 0; p < P; ++p) {
            const Region &a = reg[p][op.in], &b = reg[p][op.out];
            if (a.y0 != b.y0 || a.y1 != b.y1 || a.x0 != b.x0 || a.x1 != b.x1)
              throw std::runtime_error("patch stage: pointwise input and output regions differ");
          }
          break;
        case OpType::Add:
          o << "mcusim_patch_add(" << at(tile[op.in]) << ", " << ri << ", " << at(tile[op.in2])
            << ", r[" << local[op.in2] << "], " << at(tile[op.out]) << ", " << ro << ", " << to.c
            << ", &ADD" << i << ");\n";
          break;
        default:
          throw std::runtime_error("patch stage: unsupported op " + op.name);
      }
      o << "    mcusim_layer_end(L" << i << ");\n";
    }
    const Tensor &tout = g.tensors[O];
    o << "    mcusim_patch_scatter(" << at(tile[O]) << ", r[" << local[O] << "], " << at(full[O])
      << ", " << tout.w << ", " << tout.c << ");\n  }\n}\n\n";
    rep << "patch_stage ops 0.." << S - 1 << " grid " << patch.grid << "x" << patch.grid
        << " macs " << stage_macs << " patched_macs " << stage_macs_patched << "\n";
  }

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
