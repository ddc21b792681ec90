// Interpreted engine (TF-Lite-Micro style): tensor and operator tables for
// runtime/interpreter.c; every tensor gets its own arena slot from the greedy
// planner (no in-place operators).
#include <vector>

#include "emit.hpp"
#include "planner.hpp"

namespace mcusim::modelgen {

static const char *op_enum(OpType t) {
  switch (t) {
    case OpType::Conv: return "MCUSIM_OP_CONV";
    case OpType::Pointwise: return "MCUSIM_OP_POINTWISE";
    case OpType::Depthwise: return "MCUSIM_OP_DEPTHWISE";
    case OpType::Add: return "MCUSIM_OP_ADD";
    case OpType::AvgPool: return "MCUSIM_OP_AVGPOOL";
    case OpType::Linear: return "MCUSIM_OP_LINEAR";
  }
  return "?";
}

Emitted emit_interpreted(const Graph &g, const QuantModel &qm) {
  const int n = int(g.ops.size());
  std::vector<Buffer> bufs(g.tensors.size());
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    bufs[t].size = g.tensors[t].bytes();
    bufs[t].first = int(t) == g.input ? 0 : n;
    bufs[t].last = int(t) == g.output ? n - 1 : -1;
  }
  for (int i = 0; i < n; ++i) {
    const Op &op = g.ops[i];
    for (int t : {op.in, op.in2})
      if (t >= 0) bufs[t].last = std::max(bufs[t].last, i);
    bufs[op.out].first = std::min(bufs[op.out].first, i);
    bufs[op.out].last = std::max(bufs[op.out].last, i);
  }
  const int64_t arena = plan_greedy(bufs);

  std::ostringstream o;
  o << emit_prologue(g, "interpreted", arena) << "#include \"interpreter.h\"\n\n";
  o << "static const mcusim_tensor_t tensors[] = {\n";
  for (size_t t = 0; t < g.tensors.size(); ++t)
    o << "  {" << bufs[t].offset << ", " << g.tensors[t].h << ", " << g.tensors[t].w << ", "
      << g.tensors[t].c << "},\n";
  o << "};\n\n";
  for (int i = 0; i < n; ++i) {
    o << "static const char L" << i << "[] = " << c_string(g.ops[i].name) << ";\n";
    if (g.ops[i].type == OpType::Add)
      o << "static const mcusim_nn_add_t ADD" << i << " = " << add_literal(qm.ops[i].add) << ";\n";
  }
  o << "\nstatic const mcusim_op_t ops[] = {\n";
  for (int i = 0; i < n; ++i) {
    const Op &op = g.ops[i];
    const OpQuant &q = qm.ops[i];
    o << "  {L" << i << ", " << op.macs << "u, " << op_enum(op.type) << ", " << op.k << ", "
      << op.stride << ", " << pad_of(op) << ", " << op.in << ", " << (op.in2 < 0 ? 0 : op.in2)
      << ", " << op.out << ", " << q.w << "u, " << q.bias << "u, " << q.mult << "u, " << q.shift
      << "u, " << quant_literal(q) << ", "
      << (op.type == OpType::Add ? "&ADD" + std::to_string(i) : std::string("0")) << "},\n";
  }
  o << "};\n\nstatic const mcusim_graph_t graph = {tensors, ops, " << n << ", " << g.input << ", "
    << g.output
    << "};\n\n"
       "int8_t *mcusim_model_input(void) { return arena + tensors["
    << g.input
    << "].offset; }\n\n"
       "const int8_t *mcusim_model_run(void) {\n"
       "  return mcusim_interp_run(&graph, arena, mcusim_model_weights);\n}\n";

  std::ostringstream r;
  r << "engine interpreted\narena_bytes " << arena << "\n";
  for (size_t t = 0; t < g.tensors.size(); ++t)
    r << "tensor " << t << " " << g.tensors[t].h << "x" << g.tensors[t].w << "x" << g.tensors[t].c
      << " offset " << bufs[t].offset << " live " << bufs[t].first << ".." << bufs[t].last << "\n";
  return {o.str(), arena, r.str()};
}

}  // namespace mcusim::modelgen
