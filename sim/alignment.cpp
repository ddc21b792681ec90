#include "sim/alignment.h"

#include <bit>

namespace mcusim {

AlignmentCheck alignment_check(const DecodedInsn& d) {
  if (d.mem_base < 0 || d.mem_base == 15) return {};  // no data access, or a literal (aligned by the toolchain)
  AlignmentCheck check;
  switch (d.cls) {
    case InsnClass::LoadMultiple: case InsnClass::StoreMultiple:
    case InsnClass::LoadDual: case InsnClass::StoreDual:
    case InsnClass::FpLoad: case InsnClass::FpStore:
    case InsnClass::FpLoadMultiple: case InsnClass::FpStoreMultiple:
      check = {AlignmentRule::Always, 4};
      break;
    case InsnClass::LoadExclusive: case InsnClass::StoreExclusive:
      check = {AlignmentRule::Always, static_cast<uint8_t>(d.mem_bytes)};
      break;
    case InsnClass::Load: case InsnClass::LoadNarrow: case InsnClass::Store:
      check = {AlignmentRule::WhenTrapping, static_cast<uint8_t>(d.mem_bytes)};
      break;
    default:
      return {};
  }
  if (check.bytes < 2) return {};
  bool sp_at_word_offset = d.mem_base == 13 && d.mem_index < 0 && d.mem_disp % 4 == 0;
  if (sp_at_word_offset) return {};
  return check;
}

namespace {

// A register's value as the planner knows it, modulo 4, in terms of the
// registers at block entry (see CheckedAccess).
struct Symbol {
  bool known = false;
  bool loaded = false;
  std::array<AddressTerm, 2> terms{};
  int32_t c = 0;
  int32_t load_disp = 0;

  static Symbol entry(int reg) {
    Symbol s{true};
    s.terms[0] = {static_cast<int8_t>(reg), 0, false};
    return s;
  }
  static Symbol constant(uint32_t value) {
    Symbol s{true};
    s.c = static_cast<int32_t>(value);
    return s;
  }
  int term_count() const { return (terms[0].reg >= 0) + (terms[1].reg >= 0); }
  bool is_entry(int reg) const {
    return known && !loaded && term_count() == 1 && terms[0].reg == reg && terms[0].shift == 0 && !terms[0].subtract;
  }
};

// value << k, modulo 4: anything shifted by 2 or more is 0.
Symbol shifted(const Symbol& s, unsigned k) {
  if (k >= 2) return Symbol::constant(0);
  if (k == 0 || !s.known) return s;
  if (s.loaded) return {};
  Symbol out = Symbol::constant(static_cast<uint32_t>(s.c) << 1);
  int n = 0;
  for (const AddressTerm& t : s.terms)
    if (t.reg >= 0 && t.shift + 1 < 2) out.terms[n++] = {t.reg, static_cast<uint8_t>(t.shift + 1), t.subtract};
  return out;
}

// x +/- y, modulo 4; unknown when it needs more than two register terms.
Symbol combine(Symbol x, Symbol y, bool subtract) {
  if (!x.known || !y.known) return {};
  if (y.loaded && !subtract && !x.loaded) std::swap(x, y);
  if (y.loaded || (x.loaded && y.term_count() > 0)) return {};
  int32_t c = subtract ? static_cast<int32_t>(static_cast<uint32_t>(x.c) - static_cast<uint32_t>(y.c))
                       : static_cast<int32_t>(static_cast<uint32_t>(x.c) + static_cast<uint32_t>(y.c));
  if (x.loaded) {
    x.c = c;
    return x;
  }
  std::array<AddressTerm, 4> all{};
  int n = 0;
  for (const AddressTerm& t : x.terms) if (t.reg >= 0) all[n++] = t;
  for (AddressTerm t : y.terms)
    if (t.reg >= 0) {
      t.subtract ^= subtract;
      all[n++] = t;
    }
  // r + r = r << 1; r - r = 0.
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      if (all[i].reg < 0 || all[j].reg != all[i].reg || all[j].shift != all[i].shift) continue;
      if (all[i].subtract == all[j].subtract) {
        ++all[i].shift;
        if (all[i].shift >= 2) all[i].reg = -1;
      } else {
        all[i].reg = -1;
      }
      all[j].reg = -1;
    }
  Symbol out = Symbol::constant(static_cast<uint32_t>(c));
  int m = 0;
  for (int i = 0; i < n; ++i) {
    if (all[i].reg < 0) continue;
    if (m == 2) return {};
    out.terms[m++] = all[i];
  }
  return out;
}

bool is_store(InsnClass cls) {
  switch (cls) {
    case InsnClass::Store: case InsnClass::StoreMultiple: case InsnClass::StoreDual:
    case InsnClass::FpStore: case InsnClass::FpStoreMultiple: case InsnClass::StoreExclusive:
      return true;
    default:
      return false;
  }
}

// The value an instruction's arithmetic gives its destination(s).
void apply_arith(const DecodedInsn& d, const std::array<Symbol, 16>& before, std::array<Symbol, 16>& after,
                 bool stored_before) {
  const RegArith& a = d.arith;
  auto operand = [&] { return a.rm >= 0 ? shifted(before[a.rm], a.shift) : Symbol::constant(static_cast<uint32_t>(a.imm)); };
  switch (a.op) {
    case ArithOp::Move: after[a.rd] = operand(); break;
    case ArithOp::Add: after[a.rd] = combine(before[a.rn], operand(), false); break;
    case ArithOp::Sub: after[a.rd] = combine(before[a.rn], operand(), true); break;
    case ArithOp::ShiftLeft: after[a.rd] = shifted(before[a.rm], a.shift); break;
    case ArithOp::KeepLow16: after[a.rd] = before[a.rd]; break;
    case ArithOp::LoadWord: {
      // A word from memory is known only as "the word at entry-register + d",
      // read at block entry: no store may come between, it could change it.
      const Symbol& base = before[a.rn];
      bool plain = base.known && !base.loaded && base.term_count() == 1 && base.terms[0].reg >= 0 &&
                   base.terms[1].reg < 0 && base.terms[0].shift == 0 && !base.terms[0].subtract;
      auto word = [&](int32_t offset) {
        if (!plain || stored_before) return Symbol{};
        Symbol s{true, true};
        s.terms[0] = base.terms[0];
        s.load_disp = base.c + a.imm + offset;
        return s;
      };
      after[a.rd] = word(0);
      if (a.rd2 >= 0) after[a.rd2] = word(4);
      break;
    }
    case ArithOp::None: break;
  }
}

}  // namespace

std::optional<uint32_t> evaluate_address(const CheckedAccess& a, const std::function<uint32_t(int)>& reg,
                                         const std::function<std::optional<uint32_t>(uint32_t)>& read_word) {
  uint32_t at = static_cast<uint32_t>(a.disp);
  if (a.loaded) {
    std::optional<uint32_t> word = read_word(reg(a.terms[0].reg) + static_cast<uint32_t>(a.load_disp));
    if (!word) return std::nullopt;
    return at + *word;
  }
  for (const AddressTerm& t : a.terms) {
    if (t.reg < 0) continue;
    uint32_t v = reg(t.reg) << t.shift;
    at = t.subtract ? at - v : at + v;
  }
  return at;
}

AlignmentPlan plan_alignment_checks(const std::vector<DecodedInsn>& block, bool trapping,
                                    const std::function<std::optional<uint32_t>(uint32_t)>& read_word) {
  AlignmentPlan plan;
  std::array<Symbol, 16> sym;
  for (int r = 0; r < 16; ++r) sym[r] = Symbol::entry(r);
  sym[15] = {};
  bool stored = false;
  uint16_t entry_regs = 0;  // registers the entry checks read
  bool entry_loads = false;
  for (const DecodedInsn& d : block) {
    AlignmentCheck check = alignment_check(d);
    if (check.rule == AlignmentRule::Always || (check.rule == AlignmentRule::WhenTrapping && trapping)) {
      Symbol index = d.mem_index >= 0 ? shifted(sym[d.mem_index], d.mem_shift) : Symbol::constant(0);
      Symbol address = combine(combine(sym[d.mem_base], index, d.mem_subtract), Symbol::constant(d.mem_disp), false);
      // At the instruction: base (+/- index << shift) + disp.
      CheckedAccess direct{d.address, {AddressTerm{d.mem_base, 0, false}, AddressTerm{d.mem_index, d.mem_shift, d.mem_subtract}},
                           d.mem_disp, false, 0, check.bytes, check.rule == AlignmentRule::WhenTrapping};
      if (!address.known) {
        plan.checks.push_back({direct, CheckAt::Instruction, {}});
      } else if (address.term_count() == 0 && !address.loaded) {
        // Known address: only a misaligned one needs the (faulting) hook.
        if (static_cast<uint32_t>(address.c) % check.bytes != 0) plan.checks.push_back({direct, CheckAt::Instruction, {}});
      } else {
        CheckedAccess entry = direct;
        entry.terms = address.terms, entry.disp = address.c, entry.loaded = address.loaded, entry.load_disp = address.load_disp;
        for (const AddressTerm& t : address.terms)
          if (t.reg >= 0) entry_regs |= static_cast<uint16_t>(1u << t.reg);
        entry_loads |= address.loaded;
        plan.checks.push_back({direct, CheckAt::BlockEntry, entry});
      }
    }
    std::array<Symbol, 16> before = sym;
    RegMask written = (d.writes | d.writeback) & 0x7FFF;
    if (d.conditional) {  // it may not run: its effect is unknown
      for (unsigned r = 0; r < 15; ++r)
        if (written & (RegMask{1} << r)) sym[r] = {};
    } else {
      for (unsigned r = 0; r < 15; ++r)
        if (written & (RegMask{1} << r)) sym[r] = {};
      apply_arith(d, before, sym, stored);
      bool base_written_back = d.mem_base >= 0 && d.mem_base < 15 && (d.writeback & (RegMask{1} << d.mem_base));
      if (base_written_back && d.writeback_known)
        sym[d.mem_base] = combine(before[d.mem_base], Symbol::constant(static_cast<uint32_t>(d.writeback_step)), false);
      bool literal_word = d.literal && d.cls == InsnClass::Load && d.mem_bytes == 4;
      if (literal_word && std::popcount(d.writes & 0xFFFF) == 1) {
        unsigned r = static_cast<unsigned>(std::countr_zero(d.writes & 0xFFFF));
        std::optional<uint32_t> word = r < 13 ? read_word(d.literal_address) : std::nullopt;
        if (word) sym[r] = Symbol::constant(*word);
      }
    }
    stored |= is_store(d.cls);
  }
  // Looping to itself keeps the entry checks aligned when every register
  // they read ends as itself plus a multiple of 4.
  plan.loop.holds = !entry_loads && entry_regs != 0;
  for (unsigned r = 0; r < 15 && plan.loop.holds; ++r) {
    if (!(entry_regs & (1u << r))) continue;
    const Symbol& s = sym[r];
    bool self = false;
    if (!s.known || s.loaded || s.c % 4 != 0) { plan.loop.holds = false; break; }
    for (const AddressTerm& t : s.terms) {
      if (t.reg < 0) continue;
      if (t.reg == static_cast<int>(r) && t.shift == 0 && !t.subtract && !self) { self = true; continue; }
      // A step register: unchanged by the block, checked at run time.
      if (t.reg == static_cast<int>(r) || !sym[t.reg].is_entry(t.reg) || sym[t.reg].c % 4 != 0) { plan.loop.holds = false; break; }
      (t.shift == 0 ? plan.loop.step_multiple_of_4 : plan.loop.step_even) |= static_cast<uint16_t>(1u << t.reg);
    }
    if (!self) plan.loop.holds = false;
  }
  return plan;
}

}  // namespace mcusim
