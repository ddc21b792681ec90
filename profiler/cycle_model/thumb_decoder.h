// Capstone-based decoder that turns Thumb code bytes into the facts the cycle
// model needs: class, registers read as data / as address, registers written,
// transfer size, branch kind. Works around Capstone 4.0.2 quirks (see .cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "profiler/cycle_model/instruction_class.h"

namespace mcusim {

// Register units, one bit each: R0..R15 -> 0..15 (SP 13, LR 14, PC 15),
// S0..S31 -> 16..47 (D0..D15 = pairs of them), D16..D31 -> 48..63.
// Flags (APSR, FPSCR) are not tracked.
using RegMask = uint64_t;
inline constexpr RegMask kPcMask = RegMask{1} << 15;
inline constexpr RegMask kSpMask = RegMask{1} << 13;
inline constexpr RegMask kLrMask = RegMask{1} << 14;

RegMask register_mask(unsigned capstone_reg);

struct ClassifiedInsn {
  uint32_t address = 0;
  uint8_t size = 0;      // 2 or 4 bytes
  unsigned id = 0;       // ARM_INS_*
  InsnClass cls = InsnClass::Unknown;
  RegMask reads = 0;       // registers read as data (PC excluded: always available)
  RegMask addr_reads = 0;  // base and index registers of a memory access (PC excluded)
  RegMask writes = 0;      // results (including PC for branches)
  RegMask writeback = 0;   // base registers updated by the addressing mode
  RegMask accumulator = 0; // multiply-accumulate: registers read as the accumulator
  uint8_t words = 0;       // 32-bit words moved by LDM/STM/PUSH/POP/VLDR/VSTR/VLDM/VSTM
  bool register_offset = false;  // memory operand has an index register
  bool literal = false;          // PC-relative load
  uint32_t literal_address = 0;
  bool is_branch = false;        // may write PC
  bool direct_branch = false;    // target in the encoding (B, BL, CBZ, CBNZ)
  bool conditional = false;      // condition code other than AL (incl. IT-conditional), CBZ/CBNZ
  std::optional<uint32_t> branch_target;  // direct branches
};

class ThumbDecoder {
 public:
  ThumbDecoder();  // throws std::runtime_error with Capstone's message on failure
  ~ThumbDecoder();
  ThumbDecoder(const ThumbDecoder&) = delete;
  ThumbDecoder& operator=(const ThumbDecoder&) = delete;

  // Decodes until the end of the bytes or the first undecodable instruction.
  std::vector<ClassifiedInsn> decode(uint32_t address, const uint8_t* code, size_t size) const;

 private:
  size_t handle_;  // csh
  mutable std::mutex mutex_;  // a Capstone handle is not safe for concurrent use
};

}  // namespace mcusim
