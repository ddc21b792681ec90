// Capstone behind a small interface: Thumb-2 for Armv7E-M with FPv4/FPv5.
// The one place that calls Capstone: the simulator and the cycle model read
// the same decode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/decoded_insn.h"

namespace mcusim {

class Disassembler {
 public:
  Disassembler();  // throws std::runtime_error with Capstone's message on failure
  ~Disassembler();
  Disassembler(const Disassembler&) = delete;
  Disassembler& operator=(const Disassembler&) = delete;

  // "ldr r0, [r1, #4]" or "<undecodable: 0xdefe>".
  std::string text(uint32_t address, const uint8_t* code, size_t size) const;
  // Decodes up to `size` bytes; stops at the first undecodable instruction.
  // IT conditions are right only when `code` starts at the IT or before it.
  std::vector<DecodedInsn> decode(uint32_t address, const uint8_t* code, size_t size) const;

 private:
  size_t handle_ = 0;
};

}  // namespace mcusim
