#include "sim/cpu.h"

#include <fmt/format.h>
#include <unicorn/unicorn.h>

#include <cstring>
#include <stdexcept>

#include "sim/exclusive_monitor.h"
#include "sim/live_registers.h"
#include "sim/unicorn_store_path.h"

namespace mcusim {

namespace {

void check(uc_err err, const char* what) {
  if (err != UC_ERR_OK) throw std::runtime_error(fmt::format("unicorn: {}: {}", what, uc_strerror(err)));
}

}  // namespace

int Cpu::engine_reg_id(Reg r) {
  int n = static_cast<int>(r);
  if (n <= static_cast<int>(Reg::R12)) return UC_ARM_REG_R0 + n;
  if (r >= Reg::S0) return UC_ARM_REG_S0 + (n - static_cast<int>(Reg::S0));
  switch (r) {
    case Reg::SP: return UC_ARM_REG_SP;
    case Reg::LR: return UC_ARM_REG_LR;
    case Reg::PC: return UC_ARM_REG_PC;
    case Reg::XPSR: return UC_ARM_REG_XPSR;
    case Reg::XPSR_NZCVQG: return UC_ARM_REG_XPSR_NZCVQG;
    case Reg::APSR_NZCV: return UC_ARM_REG_APSR_NZCV;
    case Reg::IPSR: return UC_ARM_REG_IPSR;
    case Reg::MSP: return UC_ARM_REG_MSP;
    case Reg::PSP: return UC_ARM_REG_PSP;
    case Reg::CONTROL: return UC_ARM_REG_CONTROL;
    case Reg::PRIMASK: return UC_ARM_REG_PRIMASK;
    case Reg::BASEPRI: return UC_ARM_REG_BASEPRI;
    case Reg::FAULTMASK: return UC_ARM_REG_FAULTMASK;
    case Reg::FPSCR: return UC_ARM_REG_FPSCR;
    default: break;
  }
  throw std::logic_error("unmapped register id");
}

MemFaultKind classify_mem_fault(int engine_type) {
  switch (engine_type) {
    case UC_MEM_READ_UNMAPPED: return {MemAccess::Read, true};
    case UC_MEM_WRITE_UNMAPPED: return {MemAccess::Write, true};
    case UC_MEM_FETCH_UNMAPPED: return {MemAccess::Fetch, true};
    case UC_MEM_READ_PROT: return {MemAccess::Read, false};
    case UC_MEM_WRITE_PROT: return {MemAccess::Write, false};
    case UC_MEM_FETCH_PROT: return {MemAccess::Fetch, false};
    default: return {MemAccess::Read, true};
  }
}

Cpu::Cpu(CoreKind core, RegisterReads reads) {
  check(uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc_), "open");
  // MCLASS mode would turn the core into a Cortex-M33; select the model instead.
  int model = core == CoreKind::CortexM4 ? UC_CPU_ARM_CORTEX_M4 : UC_CPU_ARM_CORTEX_M7;
  check(uc_ctl_set_cpu_model(uc_, model), "select CPU model");
  uint32_t r0 = 0;
  check(uc_reg_read(uc_, UC_ARM_REG_R0, &r0), "initialise the engine");  // the CPU exists from here on
  if (reads == RegisterReads::Live) live_ = locate_live_registers(uc_);
}

Cpu::~Cpu() {
  if (monitor_context_) uc_context_free(monitor_context_);
  MappingChange closing;  // another engine may be opened at this one's address
  if (uc_) uc_close(uc_);
}

void Cpu::clear_exclusive_monitor() {
  size_t offset = exclusive_monitor_offset();
  if (!offset) return;
  if (!monitor_context_ && uc_context_alloc(uc_, &monitor_context_) != UC_ERR_OK) return;
  // Only the monitor changes: the rest goes back as it was saved.
  if (uc_context_save(uc_, monitor_context_) != UC_ERR_OK) return;
  unsigned char* slot = reinterpret_cast<unsigned char*>(monitor_context_) + offset;
  uint64_t armed = 0, none = ~uint64_t{0};
  std::memcpy(&armed, slot, 8);
  if (armed == none) return;  // nothing armed (the usual case: a STREX or CLREX came last): no restore
  std::memcpy(slot, &none, 8);
  uc_context_restore(uc_, monitor_context_);
}

void Cpu::map_host(uint32_t base, uint32_t size, bool read, bool write, bool exec, void* host) {
  uint32_t perms = (read ? UC_PROT_READ : 0) | (write ? UC_PROT_WRITE : 0) | (exec ? UC_PROT_EXEC : 0);
  MappingChange change;
  check(uc_mem_map_ptr(uc_, base, size, perms, host), "map memory");
  learn_region_layout(uc_, base, size);
}

void Cpu::map_anonymous(uint32_t base, uint32_t size) {
  MappingChange change;
  check(uc_mem_map(uc_, base, size, UC_PROT_READ), "map filler");
}

void Cpu::unmap(uint32_t base, uint32_t size) {
  MappingChange change;
  check(uc_mem_unmap(uc_, base, size), "unmap");
}

void Cpu::map_mmio(uint32_t base, uint32_t size, MmioReadFn read, MmioWriteFn write, void* user) {
  MappingChange change;
  check(uc_mmio_map(uc_, base, size, reinterpret_cast<uc_cb_mmio_read_t>(read), user,
                    reinterpret_cast<uc_cb_mmio_write_t>(write), user),
        "map device");
}

uint32_t Cpu::engine_reg(Reg r) const {
  uint32_t value = 0;
  uc_reg_read(uc_, engine_reg_id(r), &value);
  return value;
}

void Cpu::set_reg(Reg r, uint32_t value) { uc_reg_write(uc_, engine_reg_id(r), &value); }

void Cpu::read_regs(const int* engine_ids, void* const* values, int count) const {
  // 2.0.1 declares the arrays non-const; it only reads them.
  uc_reg_read_batch(uc_, const_cast<int*>(engine_ids), const_cast<void**>(values), count);
}

void Cpu::add_block_hook(BlockHookFn fn, void* user) {
  uc_hook h;
  check(uc_hook_add(uc_, &h, UC_HOOK_BLOCK, reinterpret_cast<void*>(fn), user, 1, 0), "add block hook");
}

void Cpu::add_code_hook(CodeHookFn fn, void* user, uint32_t begin, uint32_t end) {
  uc_hook h;
  check(uc_hook_add(uc_, &h, UC_HOOK_CODE, reinterpret_cast<void*>(fn), user, begin, end), "add code hook");
}

void Cpu::add_interrupt_hook(InterruptHookFn fn, void* user) {
  uc_hook h;
  check(uc_hook_add(uc_, &h, UC_HOOK_INTR, reinterpret_cast<void*>(fn), user, 1, 0), "add interrupt hook");
}

void Cpu::add_memory_read_hook(MemoryHookFn fn, void* user, uint32_t begin, uint32_t end) {
  uc_hook h;
  check(uc_hook_add(uc_, &h, UC_HOOK_MEM_READ, reinterpret_cast<void*>(fn), user, uint64_t{begin}, uint64_t{end}),
        "add memory read hook");
}

void Cpu::add_memory_write_hook(MemoryHookFn fn, void* user, uint32_t begin, uint32_t end) {
  uc_hook h;
  check(uc_hook_add(uc_, &h, UC_HOOK_MEM_WRITE, reinterpret_cast<void*>(fn), user, uint64_t{begin}, uint64_t{end}),
        "add memory write hook");
}

void Cpu::add_invalid_memory_hook(UnmappedHookFn fn, void* user) {
  uc_hook h;
  check(uc_hook_add(uc_, &h, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(fn), user, 1, 0), "add memory hook");
}

void Cpu::flush_code(uint32_t begin, uint32_t end) { uc_ctl_remove_cache(uc_, begin, end); }

CpuStop Cpu::start(uint32_t pc) {
  // No count limit: a counted run slows every later run in 2.0.1 (notes).
  uc_err err = uc_emu_start(uc_, pc | 1u, 0xFFFFFFFFull, 0, 0);
  last_error_ = err == UC_ERR_OK ? "" : uc_strerror(err);
  switch (err) {
    case UC_ERR_OK: return CpuStop::Ok;
    case UC_ERR_READ_UNMAPPED: return CpuStop::ReadUnmapped;
    case UC_ERR_WRITE_UNMAPPED: return CpuStop::WriteUnmapped;
    case UC_ERR_FETCH_UNMAPPED: return CpuStop::FetchUnmapped;
    case UC_ERR_READ_PROT: return CpuStop::ReadProtected;
    case UC_ERR_WRITE_PROT: return CpuStop::WriteProtected;
    case UC_ERR_FETCH_PROT: return CpuStop::FetchProtected;
    case UC_ERR_INSN_INVALID: return CpuStop::InvalidInstruction;
    default: return CpuStop::Other;
  }
}

void Cpu::stop() { uc_emu_stop(uc_); }

}  // namespace mcusim
