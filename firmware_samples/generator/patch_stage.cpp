#include "patch_stage.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace mcusim::modelgen {
namespace {

// Input region an op needs to produce output region r.
Region needed_input(const Op &op, const Tensor &in, const Region &r) {
  if (op.type != OpType::Conv && op.type != OpType::Depthwise) return r;
  const int p = pad_of(op), s = op.stride, k = op.k;
  return {std::max(0, r.y0 * s - p), std::min(in.h, (r.y1 - 1) * s - p + k),
          std::max(0, r.x0 * s - p), std::min(in.w, (r.x1 - 1) * s - p + k)};
}

std::string region_literal(const Region &r) {
  return "{" + std::to_string(r.y0) + ", " + std::to_string(r.y1) + ", " + std::to_string(r.x0) +
         ", " + std::to_string(r.x1) + "}";
}

}  // namespace

PatchStage plan_patch_stage(const Graph &g, const PatchOptions &opt,
                            const std::vector<int> &producer, const std::vector<int> &last_use) {
  const int n = int(g.ops.size()), T = int(g.tensors.size());
  int S = 0;
  if (opt.blocks > 0) {
    for (int i = 0; i < n; ++i) {
      const std::string &nm = g.ops[i].name;
      if (nm.rfind("stem.", 0) == 0) S = i + 1;
      for (int b = 0; b < opt.blocks; ++b)
        if (nm.rfind("b" + std::to_string(b) + ".", 0) == 0) S = i + 1;
    }
  }
  const int O = S > 0 ? g.ops[S - 1].out : -1;
  const int P = S > 0 ? opt.grid * opt.grid : 0;
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
      const int gy = p / opt.grid, gx = p % opt.grid;
      reg[p][O] = {to.h * gy / opt.grid, to.h * (gy + 1) / opt.grid, to.w * gx / opt.grid,
                   to.w * (gx + 1) / opt.grid};
      for (int i = S - 1; i >= 0; --i) {
        const Op &op = g.ops[i];
        const Region need = needed_input(op, g.tensors[op.in], reg[p][op.out]);
        reg[p][op.in].unite(need);
        if (op.in2 >= 0) reg[p][op.in2].unite(reg[p][op.out]);
      }
    }
  }

  PatchStage st;
  st.end = S;
  st.output = O;
  st.grid = opt.grid;
  st.patches = P;
  st.tensors = std::move(stage_tensors);
  st.local = std::move(local);
  st.reg = std::move(reg);
  return st;
}

std::string emit_patch_stage(const Graph &g, const QuantModel &qm, const PatchStage &st,
                             const std::function<std::string(int)> &tile,
                             const std::function<std::string(int)> &full, std::ostream &report) {
  const int S = st.end, O = st.output, P = st.patches;
  const auto &stage_tensors = st.tensors;
  const auto &local = st.local;
  const auto &reg = st.reg;
  std::ostringstream o;
    // Per-patch regions of every stage tensor, and the MACs each tile costs.
    const int NT = int(stage_tensors.size());
    int64_t stage_macs = 0, stage_macs_patched = 0;
    o << "/* Patch stage: ops 0.." << S - 1 << " on a " << st.grid << "x" << st.grid
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
    o << "    mcusim_patch_gather(" << full(g.input) << ", " << img.w << ", " << img.c << ", r["
      << local[g.input] << "], " << tile(g.input) << ");\n";
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
          o << "mcusim_nn_conv2d(" << tile(op.in) << ", MCUSIM_RH(" << ri << "), MCUSIM_RW("
            << ri << "), " << ti.c << ", W8(" << q.w << "), " << ch << ", " << tile(op.out)
            << ", MCUSIM_RH(" << ro << "), MCUSIM_RW(" << ro << "), " << to.c << ", " << op.k
            << ", " << op.stride << ", " << pads << ", &Q" << i << ");\n";
          break;
        case OpType::Depthwise:
          o << "mcusim_nn_depthwise(" << tile(op.in) << ", MCUSIM_RH(" << ri << "), MCUSIM_RW("
            << ri << "), " << ti.c << ", W8(" << q.w << "), " << ch << ", " << tile(op.out)
            << ", MCUSIM_RH(" << ro << "), MCUSIM_RW(" << ro << "), " << op.k << ", " << op.stride
            << ", " << pads << ", &Q" << i << ");\n";
          break;
        case OpType::Pointwise:
          o << "mcusim_nn_pointwise(" << tile(op.in) << ", MCUSIM_RH(" << ro
            << ") * MCUSIM_RW(" << ro << "), " << ti.c << ", W8(" << q.w << "), " << ch << ", "
            << tile(op.out) << ", " << to.c << ", &Q" << i << ");\n";
          for (int p = 0; p < P; ++p) {
            const Region &a = reg[p][op.in], &b = reg[p][op.out];
            if (a.y0 != b.y0 || a.y1 != b.y1 || a.x0 != b.x0 || a.x1 != b.x1)
              throw std::runtime_error("patch stage: pointwise input and output regions differ");
          }
          break;
        case OpType::Add:
          o << "mcusim_patch_add(" << tile(op.in) << ", " << ri << ", " << tile(op.in2)
            << ", r[" << local[op.in2] << "], " << tile(op.out) << ", " << ro << ", " << to.c
            << ", &ADD" << i << ");\n";
          break;
        default:
          throw std::runtime_error("patch stage: unsupported op " + op.name);
      }
      o << "    mcusim_layer_end(L" << i << ");\n";
    }
    const Tensor &tout = g.tensors[O];
    o << "    mcusim_patch_scatter(" << tile(O) << ", r[" << local[O] << "], " << full(O)
      << ", " << tout.w << ", " << tout.c << ");\n  }\n}\n\n";
    report << "patch_stage ops 0.." << S - 1 << " grid " << st.grid << "x" << st.grid
        << " macs " << stage_macs << " patched_macs " << stage_macs_patched << "\n";
    return o.str();
}

}  // namespace mcusim::modelgen
