// The Unicorn engine behind a small interface; the only file that sees unicorn.h.
//
// Hooks use Unicorn's own C calling convention (struct uc_struct* first) so the
// per-block hook is a direct call from the engine, with no forwarding layer.
#pragma once

#include <cstdint>
#include <string>

#include "sim/board.h"

struct uc_struct;
struct uc_context;

namespace mcusim {

enum class Reg {
  R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, SP, LR, PC,
  XPSR, XPSR_NZCVQG, APSR_NZCV, IPSR, MSP, PSP, CONTROL, PRIMASK, BASEPRI, FAULTMASK, FPSCR,
  S0,  // S0..S31 follow
  Count = S0 + 32,
};
inline Reg sreg(int n) { return static_cast<Reg>(static_cast<int>(Reg::S0) + n); }

// Why uc_emu_start returned.
enum class CpuStop {
  Ok,              // uc_emu_stop, WFI, or until-address
  ReadUnmapped, WriteUnmapped, FetchUnmapped,
  ReadProtected, WriteProtected, FetchProtected,
  InvalidInstruction,
  Other,
};

// An invalid memory access as the engine reports it.
enum class MemAccess { Read, Write, Fetch };
struct MemFaultKind {
  MemAccess access = MemAccess::Read;
  bool unmapped = true;  // false: mapped but the permissions refuse it
};
MemFaultKind classify_mem_fault(int engine_type);

using BlockHookFn = void (*)(uc_struct*, uint64_t address, uint32_t size, void* user);
using CodeHookFn = BlockHookFn;
using InterruptHookFn = void (*)(uc_struct*, uint32_t intno, void* user);
// Returns true when it made the access valid (e.g. mapped a page) and the access should be retried.
using UnmappedHookFn = bool (*)(uc_struct*, int type, uint64_t address, int size, int64_t value, void* user);
// A data access the engine is about to make (type: the engine's access kind).
using MemoryHookFn = void (*)(uc_struct*, int type, uint64_t address, int size, int64_t value, void* user);
using MmioReadFn = uint64_t (*)(uc_struct*, uint64_t offset, unsigned size, void* user);
using MmioWriteFn = void (*)(uc_struct*, uint64_t offset, unsigned size, uint64_t value, void* user);

// How Cpu::reg and the alignment checks read r0-r14 (sim/live_registers.h).
enum class RegisterReads {
  Live,     // straight from the engine's live array when it can be located
  Engine,   // always through uc_reg_read (for tests of that fallback)
};

class Cpu {
 public:
  explicit Cpu(CoreKind core, RegisterReads reads = RegisterReads::Live);
  ~Cpu();
  Cpu(const Cpu&) = delete;
  Cpu& operator=(const Cpu&) = delete;

  void map_host(uint32_t base, uint32_t size, bool read, bool write, bool exec, void* host);
  void map_anonymous(uint32_t base, uint32_t size);
  void unmap(uint32_t base, uint32_t size);
  void map_mmio(uint32_t base, uint32_t size, MmioReadFn read, MmioWriteFn write, void* user);

  // r0-r14 are a load from the engine's live array when it was located
  // (inline: per-block SP reads and alignment checks use this), the rest
  // and the fallback an engine call.
  uint32_t reg(Reg r) const {
    unsigned n = static_cast<unsigned>(r);
    if (n <= static_cast<unsigned>(Reg::LR) && live_) return live_[n];
    return engine_reg(r);
  }
  // The engine's live r0..r14, indexed by register number, or nullptr when
  // they were not located (then read through reg() / read_regs()).
  const uint32_t* live_regs() const { return live_; }
  void set_reg(Reg r, uint32_t value);
  // Several registers in one engine call: the engine's per-call cost
  // (uc_reg_read and its dispatch, about 50 host instructions) is paid once,
  // not per register. `engine_ids` from engine_reg_id; each value is 32 bits.
  static int engine_reg_id(Reg r);
  void read_regs(const int* engine_ids, void* const* values, int count) const;

  void add_block_hook(BlockHookFn fn, void* user);
  void add_code_hook(CodeHookFn fn, void* user, uint32_t begin, uint32_t end);
  void add_interrupt_hook(InterruptHookFn fn, void* user);
  void add_invalid_memory_hook(UnmappedHookFn fn, void* user);
  // Every data read / write, or those starting in [begin, end] when begin <=
  // end. Costly either way: any memory hook takes every load and store off
  // the engine's fast path; the range is checked at run time (only
  // `--timing accurate` and the arena watch of profiled runs use these).
  void add_memory_read_hook(MemoryHookFn fn, void* user, uint32_t begin = 1, uint32_t end = 0);
  void add_memory_write_hook(MemoryHookFn fn, void* user, uint32_t begin = 1, uint32_t end = 0);
  // Drops translated code in [begin, end) so new hooks or rewritten code take effect.
  void flush_code(uint32_t begin, uint32_t end);

  // Clears the local exclusive monitor, as exception entry and return do on
  // the core (sim/exclusive_monitor.h): the next STREX fails. A no-op when
  // the engine's monitor could not be located.
  void clear_exclusive_monitor();

  CpuStop start(uint32_t pc);
  void stop();
  std::string last_error() const { return last_error_; }
  uc_struct* engine() const { return uc_; }

 private:
  uint32_t engine_reg(Reg r) const;

  uc_struct* uc_ = nullptr;
  const uint32_t* live_ = nullptr;
  ::uc_context* monitor_context_ = nullptr;  // scratch copy of the CPU state for clear_exclusive_monitor
  std::string last_error_;
};

}  // namespace mcusim
