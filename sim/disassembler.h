// Capstone behind a small interface: Thumb-2 for Armv7E-M with FPv4/FPv5.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mcusim {

// What mcusim needs to know about one instruction, decoded once per block.
struct DecodedInsn {
  uint32_t address = 0;
  uint8_t size = 0;
  bool writes_sp = false;
  bool is_division = false;   // SDIV/UDIV
  bool is_call = false;       // BL/BLX
  bool is_return = false;     // BX LR, POP {..,PC}, LDR PC,[SP],#4, LDM SP!,{..,PC}
  bool is_branch = false;     // any other change of flow
  bool is_wfi = false;
  bool is_fp = false;         // uses the FPU (needs CPACR CP10/CP11 access)
  uint8_t div_dividend_reg = 0, div_divisor_reg = 0;  // R0..R12, SP, LR index
  bool div_signed = false;
  // The data access, for locating a faulting instruction: address =
  // reg[base] (+/-) (reg[index] << shift) + displacement, `bytes` long;
  // base 15 means the aligned PC + 4. base < 0: no data access.
  int8_t mem_base = -1, mem_index = -1;
  uint8_t mem_shift = 0;
  bool mem_subtract = false;
  int32_t mem_disp = 0;
  uint16_t mem_bytes = 0;
  bool mem_descending = false;  // PUSH/STMDB: the access ends at the base
};

class Disassembler {
 public:
  Disassembler();
  ~Disassembler();
  Disassembler(const Disassembler&) = delete;
  Disassembler& operator=(const Disassembler&) = delete;

  // "ldr r0, [r1, #4]" or "<undecodable: 0xdefe>".
  std::string text(uint32_t address, const uint8_t* code, size_t size) const;
  // Decodes up to `size` bytes; stops at the first undecodable instruction.
  std::vector<DecodedInsn> decode(uint32_t address, const uint8_t* code, size_t size) const;

 private:
  size_t handle_ = 0;
};

}  // namespace mcusim
