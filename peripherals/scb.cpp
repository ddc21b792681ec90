// System Control Block and the rest of the SCS, window 0xE000ED00-0xE000EFFF:
// CPUID 0x00, ICSR 0x04, VTOR 0x08, AIRCR 0x0C, SCR 0x10, CCR 0x14,
// SHPR1-3 0x18-0x23, SHCSR 0x24, CFSR 0x28, HFSR 0x2C, MMFAR 0x34, BFAR 0x38,
// CLIDR/CTR/CCSIDR/CSSELR 0x78-0x84 (M7 caches), CPACR 0x88, DEMCR 0xFC,
// STIR 0x200, FPCCR 0x234, MVFR0-2 0x240-0x248; cache maintenance writes at
// 0x250-0x278 are accepted (the cache model reacts to CCR.IC/DC).
#include "peripherals/devices.h"
#include "sim/exception_state.h"

namespace mcusim {

namespace {
uint32_t log2u(uint32_t v) {
  uint32_t r = 0;
  while (v > 1) v >>= 1, ++r;
  return r;
}

class Scb final : public Device {
 public:
  Scb(DeviceContext& ctx, const Board& board) : ctx_(ctx), board_(board) {}
  std::string_view name() const override { return "scb"; }
  uint32_t size() const override { return 0x300; }

  uint32_t read(uint32_t offset, unsigned width) override {
    ExceptionState& ex = ctx_.exceptions();
    if (offset >= 0x18 && offset < 0x24) {  // SHPR: priorities of exceptions 4..15, byte-addressable
      uint32_t value = 0;
      for (unsigned b = 0; b < width; ++b) value |= uint32_t{ex.priority[4 + offset - 0x18 + b]} << (8 * b);
      return value;
    }
    switch (offset & ~3u) {
      case 0x00: return cpuid();
      case 0x04: return icsr();
      case 0x08: return ex.vtor;
      case 0x0C: return 0xFA050000u | (ex.aircr_prigroup << 8);
      case 0x10: return ex.scr;
      case 0x14: return ex.ccr;
      case 0x24: return ex.shcsr;
      case 0x28: return ex.cfsr >> (8 * (offset & 3));  // byte/halfword access to MMFSR/BFSR/UFSR
      case 0x2C: return ex.hfsr;
      case 0x34: return ex.mmfar;
      case 0x38: return ex.bfar;
      case 0x78: return board_.core == CoreKind::CortexM7 ? 0x09000003u : 0;  // CLIDR: L1 I+D
      case 0x7C: return board_.core == CoreKind::CortexM7 ? 0x8303C003u : 0;  // CTR: 32-byte lines
      case 0x80: return ccsidr();
      case 0x84: return csselr_;
      case 0x88: return ex.cpacr;
      case 0xFC: return demcr_;
      case 0x234: return fpccr_;
      case 0x240: return board_.has_fpu ? (board_.core == CoreKind::CortexM7 ? 0x10110221u : 0x10110021u) : 0;
      case 0x244: return board_.has_fpu ? 0x11000011u : 0;
      default: return 0;
    }
  }

  void write(uint32_t offset, unsigned width, uint32_t value) override {
    ExceptionState& ex = ctx_.exceptions();
    if (offset >= 0x18 && offset < 0x24) {
      for (unsigned b = 0; b < width; ++b) ex.priority[4 + offset - 0x18 + b] = static_cast<uint8_t>(value >> (8 * b)) & 0xF0;
      ctx_.exceptions_changed();
      return;
    }
    switch (offset & ~3u) {
      case 0x04: write_icsr(value); break;
      case 0x08: ex.vtor = value & 0xFFFFFF80u; break;
      case 0x0C:
        if ((value >> 16) == 0x05FA) ex.aircr_prigroup = (value >> 8) & 7;
        break;
      case 0x10: ex.scr = value & 0x16; break;
      case 0x14: ex.ccr = value & 0x7031B; break;
      case 0x24: ex.shcsr = value & 0x7FFFF; break;
      case 0x28: ex.cfsr &= ~(value << (8 * (offset & 3))); break;  // write one to clear
      case 0x2C: ex.hfsr &= ~value; break;
      case 0x34: ex.mmfar = value; break;
      case 0x38: ex.bfar = value; break;
      case 0x84: csselr_ = value & 1; break;
      case 0x88: ex.cpacr = value & 0x00F00000u; break;
      case 0xFC: demcr_ = value & 0x010F07F1u; break;
      case 0x200:  // STIR
        if ((value & 0x1FF) < static_cast<uint32_t>(ex.exception_count - 16)) {
          ex.pending[kFirstIrq + (value & 0x1FF)] = true;
          ctx_.exceptions_changed();
        }
        break;
      case 0x234: fpccr_ = value & 0xC00001FBu; break;
      default: break;
    }
    ctx_.exceptions_changed();
  }

 private:
  // Arm as implementer, the part number of the core, and its revision: the
  // board's when it states one, else r0p1 (M4) and r1p2 (M7).
  uint32_t cpuid() const {
    bool m4 = board_.core == CoreKind::CortexM4;
    CoreRevision r = board_.core_revision.value_or(m4 ? CoreRevision{0, 1} : CoreRevision{1, 2});
    return 0x410F0000u | (uint32_t{r.variant} << 20) | ((m4 ? 0xC24u : 0xC27u) << 4) | r.revision;
  }
  uint32_t icsr() const {
    const ExceptionState& ex = ctx_.exceptions();
    uint32_t v = static_cast<uint32_t>(ex.current) & 0x1FF;  // VECTACTIVE
    int pending = ex.highest_pending(nullptr);
    v |= static_cast<uint32_t>(pending) << 12;
    if (ex.pending[kPendSv]) v |= 1u << 28;
    if (ex.pending[kSysTick]) v |= 1u << 26;
    if (ex.pending[kNmi]) v |= 1u << 31;
    return v;
  }
  void write_icsr(uint32_t value) {
    ExceptionState& ex = ctx_.exceptions();
    if (value & (1u << 31)) ex.pending[kNmi] = true;
    if (value & (1u << 28)) ex.pending[kPendSv] = true;
    if (value & (1u << 27)) ex.pending[kPendSv] = false;
    if (value & (1u << 26)) ex.pending[kSysTick] = true;
    if (value & (1u << 25)) ex.pending[kSysTick] = false;
    ctx_.exceptions_changed();
  }
  uint32_t ccsidr() const {
    const CacheSpec& c = csselr_ ? board_.icache : board_.dcache;
    if (board_.core != CoreKind::CortexM7 || c.size == 0) return 0;
    uint32_t sets = c.size / (c.ways * c.line);
    return ((sets - 1) << 13) | ((c.ways - 1) << 3) | (log2u(c.line / 4) - 2);
  }

  DeviceContext& ctx_;
  const Board& board_;
  uint32_t csselr_ = 0, demcr_ = 0, fpccr_ = 0xC0000000u;
};
}  // namespace

std::unique_ptr<Device> make_scb(DeviceContext& ctx, const Board& board) { return std::make_unique<Scb>(ctx, board); }

}  // namespace mcusim
