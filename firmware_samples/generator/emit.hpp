// C code emission for the two engines from one layer graph + quantisation.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>

#include "model.hpp"
#include "quant.hpp"

namespace mcusim::modelgen {

struct PatchOptions {
  int blocks = 0;  // 0: no patch stage; else stem + this many mbconv blocks run per patch
  int grid = 4;    // patches per side
};

struct Emitted {
  std::string source;    // the model's C file
  int64_t arena_bytes;   // activation SRAM (the plan's peak, scratch included)
  std::string report;    // human-readable plan
};

Emitted emit_planned(const Graph &g, const QuantModel &qm, const PatchOptions &patch);
Emitted emit_interpreted(const Graph &g, const QuantModel &qm);
// Assembler file pulling the weight blob into Flash with .incbin.
std::string emit_weights_asm(const std::string &bin_path);

// Shared by the emitters (emit_common.cpp).
std::string c_string(const std::string &s);
std::string emit_prologue(const Graph &g, const char *engine, int64_t arena_bytes);
std::string quant_literal(const OpQuant &q);
std::string add_literal(const AddQuant &a);
int pad_of(const Op &op);

}  // namespace mcusim::modelgen
