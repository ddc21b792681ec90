// The report printed when the firmware faults with no handler of its own.
#pragma once

#include <string>

#include "peripherals/device.h"
#include "sim/board.h"
#include "sim/cpu.h"
#include "sim/disassembler.h"
#include "sim/exception_state.h"
#include "sim/symbolizer.h"

namespace mcusim {

struct FaultInfo;

struct FaultContext {
  Cpu& cpu;
  const GuestMemory& memory;
  const Symbolizer& symbolizer;
  const Disassembler& disassembler;
  const ExceptionState& exceptions;
  const Board& board;
};

// Kind, address, the faulting instruction with disassembly, function+offset,
// source line, fault status registers, registers and a backtrace.
std::string format_fault_report(const FaultContext& ctx, const FaultInfo& fault);

// Return addresses found from LR and by scanning the stack for words that
// point just after a BL/BLX: a heuristic, as there are no frame pointers.
std::vector<uint32_t> scan_backtrace(const FaultContext& ctx, uint32_t pc, size_t max_frames);

}  // namespace mcusim
