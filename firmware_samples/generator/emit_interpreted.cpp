// Interpreted engine (TF-Lite-Micro style): tensor and operator tables for
// runtime/interpreter.c, which places every tensor in its own arena slot
// with the greedy planner at start-up (no in-place operators). The generator
// runs the same planner to size the arena.
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
  const size_t nt = g.tensors.size();
  o << "/* Shapes; arena offsets are planned at start-up (the generator's plan, same\n"
       "   rule, is in the comments). */\n"
       "static const mcusim_tensor_t tensors["
    << nt << "] = {\n";
  for (size_t t = 0; t < nt; ++t)
    o << "  {" << g.tensors[t].h << ", " << g.tensors[t].w << ", " << g.tensors[t].c
      << "}, /* " << t << ": offset " << bufs[t].offset << " */\n";
  o << "};\nstatic mcusim_plan_request_t plan_requests[" << nt
    << "];\nstatic uint32_t plan_offsets[" << nt << "];\nstatic uint16_t plan_order[" << nt
    << "];\n\n";
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
  o << "};\n\nstatic const mcusim_graph_t graph = {tensors, " << nt << ", ops, " << n << ", "
    << g.input << ", " << g.output << ", " << arena
    << "u, plan_requests, plan_offsets, plan_order};\n\n"
       "static int prepared; /* 1: planned, -1: the plan does not fit the arena */\n"
       "static int prepare(void) {\n"
       "  if (!prepared) prepared = mcusim_interp_prepare(&graph) == 0 ? 1 : -1;\n"
       "  return prepared > 0;\n}\n\n"
       "int8_t *mcusim_model_input(void) { return prepare() ? arena + plan_offsets["
    << g.input
    << "] : 0; }\n\n"
       "const int8_t *mcusim_model_run(void) {\n"
       "  return prepare() ? mcusim_interp_run(&graph, arena, mcusim_model_weights) : 0;\n}\n";

  std::ostringstream r;
  r << "engine interpreted\narena_bytes " << arena << "\n";
  for (size_t t = 0; t < g.tensors.size(); ++t)
    r << "tensor " << t << " " << g.tensors[t].h << "x" << g.tensors[t].w << "x" << g.tensors[t].c
      << " offset " << bufs[t].offset << " live " << bufs[t].first << ".." << bufs[t].last << "\n";
  return {o.str(), arena, r.str()};
}

}  // namespace mcusim::modelgen
