#include "sim/fault_report.h"

#include <fmt/format.h>

#include "sim/simulator.h"

namespace mcusim {

namespace {
std::string cfsr_names(uint32_t v) {
  static const std::pair<uint32_t, const char*> kBits[] = {
      {cfsr::kIaccViol, "IACCVIOL"}, {cfsr::kDaccViol, "DACCVIOL"}, {cfsr::kMmarValid, "MMARVALID"},
      {cfsr::kIbusErr, "IBUSERR"},   {cfsr::kPreciseErr, "PRECISERR"}, {cfsr::kBfarValid, "BFARVALID"},
      {cfsr::kUndefInstr, "UNDEFINSTR"}, {cfsr::kInvState, "INVSTATE"}, {cfsr::kNoCp, "NOCP"},
      {cfsr::kUnaligned, "UNALIGNED"}, {cfsr::kDivByZero, "DIVBYZERO"}};
  std::string out;
  for (auto [bit, name] : kBits)
    if (v & bit) out += (out.empty() ? "" : " ") + std::string(name);
  return out.empty() ? "-" : out;
}

bool is_call_before(const FaultContext& ctx, uint32_t return_address) {
  // A BL is 32-bit (F000 D000 pattern); BLX Rm is 16-bit 0x4780 | Rm<<3.
  uint16_t h[2] = {};
  if (return_address < 4 || !ctx.memory.read(return_address - 4, h, 4)) return false;
  bool bl = (h[0] & 0xF800) == 0xF000 && (h[1] & 0xD000) == 0xD000;
  bool blx = (h[1] & 0xFF87) == 0x4780;
  return bl || blx;
}
}  // namespace

std::vector<uint32_t> scan_backtrace(const FaultContext& ctx, uint32_t pc, size_t max_frames) {
  std::vector<uint32_t> frames{pc};
  uint32_t lr = ctx.cpu.reg(Reg::LR);
  auto in_code = [&](uint32_t a) {
    const MemoryRegion* r = ctx.board.region_at(a);
    return r && r->executable;
  };
  if ((lr & 1u) && lr < 0xFFFFFF00u && in_code(lr & ~1u) && is_call_before(ctx, lr & ~1u)) frames.push_back((lr & ~1u) - 4);
  uint32_t sp = ctx.cpu.reg(Reg::SP);
  for (uint32_t i = 0; i < 512 && frames.size() < max_frames; ++i) {
    uint32_t word = 0;
    if (!ctx.memory.read(sp + 4 * i, &word, 4)) break;
    if (!(word & 1u) || !in_code(word & ~1u) || !is_call_before(ctx, word & ~1u)) continue;
    uint32_t call_site = (word & ~1u) - 4;
    if (frames.back() != call_site) frames.push_back(call_site);
  }
  return frames;
}

std::string format_fault_report(const FaultContext& ctx, const FaultInfo& fault) {
  std::string out;
  out += fmt::format("fault: {}\n", fault.kind);
  out += fmt::format("  what:        {}\n", fault.detail);
  out += fmt::format("  where:       pc 0x{:08x} in {}\n", fault.pc, ctx.symbolizer.describe(fault.pc));
  uint8_t code[4] = {};
  if (ctx.memory.read(fault.pc, code, 4))
    out += fmt::format("  instruction: {}\n", ctx.disassembler.text(fault.pc, code, 4));
  if (fault.address) out += fmt::format("  address:     0x{:08x}\n", *fault.address);
  const ExceptionState& ex = ctx.exceptions;
  out += fmt::format("  CFSR 0x{:08x} ({})  HFSR 0x{:08x}  MMFAR 0x{:08x}  BFAR 0x{:08x}\n", ex.cfsr, cfsr_names(ex.cfsr),
                     ex.hfsr, ex.mmfar, ex.bfar);
  out += "  registers:\n";
  for (int i = 0; i < 16; i += 4) {
    out += "   ";
    for (int j = i; j < i + 4; ++j) {
      static const char* const kNames[] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
                                           "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"};
      uint32_t v = j == 15 ? fault.pc : ctx.cpu.reg(static_cast<Reg>(j));
      out += fmt::format(" {:>3} 0x{:08x}", kNames[j], v);
    }
    out += "\n";
  }
  out += fmt::format("    xpsr 0x{:08x}  control 0x{:x}  primask {}  mode {}\n", ctx.cpu.reg(Reg::XPSR), ctx.cpu.reg(Reg::CONTROL),
                     ctx.cpu.reg(Reg::PRIMASK) & 1, ex.current ? "handler" : "thread");
  out += "  backtrace (from LR and a stack scan; may miss or add frames):\n";
  size_t n = 0;
  for (uint32_t a : scan_backtrace(ctx, fault.pc, 16)) out += fmt::format("    #{:<2} 0x{:08x} {}\n", n++, a, ctx.symbolizer.describe(a));
  return out;
}

}  // namespace mcusim
