#include "sim/simulator.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "profiler/run_profiler.h"
#include "profiler/tflite_model.h"
#include "sim/errors.h"
#include "sim/fault_report.h"
#include "sim/spin_loop.h"
#include "sim/timing/address_guess.h"

namespace mcusim {

namespace {
constexpr size_t kMaxUnmappedWarnings = 64;
constexpr uint32_t kCcrDiv0Trap = 1u << 4, kCcrUnalignTrap = 1u << 3;
constexpr uint32_t kSemihostingBkpt = 0xBEAB;
constexpr int kIntrSvc = 2, kIntrBkpt = 7, kIntrExceptionExit = 8;

// Fast timing's data objects: the ELF's, and the tensor buffers inside a
// TF-Lite model (one array holds every layer's weights there; the footprint
// of a walk through one layer's is that layer's buffer, not the model).
DataObjects data_objects_of(const ElfImage& image) {
  std::vector<DataExtent> parts;
  std::vector<std::string> warnings;  // the profiler reports them when it reads the model
  if (auto model = find_tflite_model(image, warnings))
    for (const TfliteBuffer& b : model->buffers) parts.push_back({model->address + b.offset, b.size});
  return DataObjects(image.symbols(), parts);
}

// Exception entry and return cost on Cortex-M4/M7 with zero wait states (TRM).
constexpr uint32_t kExceptionEntryCycles = 12, kExceptionReturnCycles = 12;

}  // namespace

int RunResult::process_exit_code() const {
  switch (reason) {
    case StopReason::Exited: return firmware_exit_code;
    case StopReason::Fault: return kExitFirmwareFault;
    default: return kExitRunLimit;
  }
}

Simulator::Simulator(Board board, ElfImage image, RunOptions options)
    : board_(std::move(board)),
      image_(std::move(image)),
      options_(std::move(options)),
      memory_(board_),
      control_(RunLimits{options_.max_instructions, options_.max_cycles, options_.timeout_seconds, options_.max_output}) {
  memory_.load(image_);
  symbolizer_ = std::make_unique<Symbolizer>(image_);
  cpu_ = std::make_unique<Cpu>(board_.core);
  memory_.map_into(*cpu_);
  exception_unit_ = std::make_unique<ExceptionUnit>(*cpu_, memory_, exceptions_, board_.has_fpu);
  if (options_.alignment_checks)
    alignment_ = std::make_unique<AlignmentChecker>(*cpu_, memory_, exceptions_.ccr,
                                                    [this](uint32_t pc, uint32_t at, const CheckedAccess& a) {
                                                      take_fault(kUsageFault, pc, cfsr::kUnaligned, at, fmt::format(
                                                          "unaligned access: address 0x{:08x} is not a multiple of {} ({})", at, a.bytes,
                                                          a.only_when_trapping ? "CCR.UNALIGN_TRP is set"
                                                                               : "LDM, STM, LDRD, STRD, exclusives and FP loads/stores need it always"));
                                                    });
  clock_sources_.hse_hz = board_.hse_hz;
  clock_sources_.nominal_hz = board_.clock_hz;
  timing_ = std::make_unique<TimingEngine>(board_, options_.timing, now_);
  if (timing_->mode() == TimingMode::Fast) timing_->set_data_objects(data_objects_of(image_));
  bus_ = std::make_unique<DeviceBus>(*cpu_, [this](uint32_t address, bool write) { note_unmapped(address, write); });
  set_up_devices();
  stuck_ = std::make_unique<StuckDetector>(
      StuckDetector::Machine{*cpu_, memory_, board_, *bus_, disassembler_, exceptions_, *exception_unit_, *symbolizer_},
      options_.idle_limit_seconds);

  uint32_t vectors[2] = {};
  if (!memory_.read(board_.boot_address, vectors, sizeof vectors))
    throw InputError(fmt::format("{}: board '{}' boots from 0x{:08x}, which holds no memory", image_.path(), board_.name, board_.boot_address));
  const MemoryRegion* reset_region = board_.region_at(vectors[1] & ~1u);
  if (!reset_region || !reset_region->executable || !(vectors[1] & 1u))
    throw InputError(fmt::format(
        "{}: the vector table at 0x{:08x} (board '{}' boot address) holds reset vector 0x{:08x}, which is not Thumb code in "
        "executable memory; was the firmware linked for this board? Regions: {}",
        image_.path(), board_.boot_address, board_.name, vectors[1], board_.describe_regions()));

  // Where the stack and heap are, whatever linker script placed them.
  layout_ = find_memory_layout(image_, board_, vectors[0]);
  stack_limit_ = layout_.stack_limit.address;
  stack_limit_source_ = layout_.stack_limit.source;
  SemihostingConfig sh;
  sh.root = options_.semihosting_root;
  sh.command_line = std::filesystem::path(image_.path()).filename().string();
  for (const std::string& a : options_.firmware_args) sh.command_line += " " + a;
  sh.clock_hz = board_.clock_hz;
  sh.stack_base = vectors[0];
  sh.stack_limit = stack_limit_;
  // SYS_HEAPINFO reports only a heap the ELF names (0: the C library's own).
  sh.heap_base = heap_base_ = layout_.heap_base.from_symbol ? layout_.heap_base.address : 0;
  bool named_limit = layout_.heap_base.from_symbol || layout_.heap_limit.from_symbol;
  sh.heap_limit = heap_limit_ = named_limit ? layout_.heap_limit.address : 0;
  stack_top_ = checked_stack_top_ = layout_.stack_top;
  semihosting_ = std::make_unique<Semihosting>(static_cast<DeviceContext&>(*this), memory_, sh, options_.messages);

  // Per-halfword block table over the region the reset handler runs from.
  table_base_ = reset_region->base;
  table_halfwords_ = reset_region->size / 2;
  block_table_.allocate(table_halfwords_);
  blocks_.emplace_back();  // index 0: "not seen yet"

  if (options_.profile)
    profiler_ = std::make_unique<RunProfiler>(board_, image_, *symbolizer_, memory_, options_.profile_options, layout_);
  if (profiler_) profiler_->watch_memory(*cpu_);
  bool accurate = timing_->accurate();
  // By profiling, accurate, paired (M7): each its own hook, so no case pays for another's code.
  static constexpr BlockHookFn kBlockHooks[2][2][2] = {
      {{&Simulator::on_block<false, false, false>, &Simulator::on_block<false, false, true>},
       {&Simulator::on_block<false, true, false>, &Simulator::on_block<false, true, true>}},
      {{&Simulator::on_block<true, false, false>, &Simulator::on_block<true, false, true>},
       {&Simulator::on_block<true, true, false>, &Simulator::on_block<true, true, true>}}};
  cpu_->add_block_hook(kBlockHooks[options_.profile][accurate][timing_->paired()], this);
  timing_->hook_memory(*cpu_);
  cpu_->add_interrupt_hook(&Simulator::on_interrupt, this);
  cpu_->add_invalid_memory_hook(&Simulator::on_invalid_memory, this);
}

Simulator::~Simulator() = default;

void Simulator::set_up_devices() {
  DeviceBus& bus = *bus_;
  bus.place_in_ppb(0x0000, bus.add(make_itm(*this, itm_listener_)));
  bus.place_in_ppb(0x1000, bus.add(make_dwt(*this)));
  bus.place_in_ppb(0xE010, bus.add(make_systick(*this, board_.clock_hz)));  // before the NVIC window
  bus.place_in_ppb(0xE000, bus.add(make_nvic(*this, static_cast<int>(board_.irq_count))));
  // Armv7-M MPU: 8 regions on the M4 and the F7, 16 on the H7.
  bus.place_in_ppb(0xED90, bus.add(make_mpu(board_.series == "stm32h7" ? 16 : 8)));  // before the SCB window
  bus.place_in_ppb(0xED00, bus.add(make_scb(*this, board_)));
  itm_listener_ = this;
  for (const PeripheralSpec& spec : board_.peripherals) {
    Device* d = bus.add(make_board_peripheral(*this, spec));
    attach_register_code(*d, spec);
    bus.place(board_, spec, d);
  }
  bus.map_ppb();
  update_clocks_from_rcc();
}

// Code that a register description cannot hold: the RCC drives the clock
// tree; the register bits the series file names (FLASH_ACR ICEN/DCEN/PRFTEN,
// NVMC ICACHECNF CACHEEN) switch the Flash accelerator.
void Simulator::attach_register_code(Device& device, const PeripheralSpec& spec) {
  auto* block = dynamic_cast<RegisterBlock*>(&device);
  if (!block) return;
  if (spec.clock_tree) {
    rcc_ = block;
    block->on_write = [this](RegisterBlock&, int) { update_clocks_from_rcc(); };
  }
  if (const AcceleratorSwitch sw = spec.flash_accelerator; sw.present()) {
    block->on_write = [this, sw](RegisterBlock& b, int) {
      uint32_t v = b.value(sw.register_name);
      flash_accelerator(v & sw.instructions, v & sw.data, v & sw.prefetch);
    };
    uint32_t v = block->value(sw.register_name);
    timing_->set_accelerator(v & sw.instructions, v & sw.data, v & sw.prefetch);
  }
}

void Simulator::update_clocks_from_rcc() {
  if (!rcc_) return;
  Clocks c = compute_clocks(board_.clock_tree, rcc_, clock_sources_);
  if (c != timing_->clocks()) set_clocks(c);
}

void Simulator::set_clocks(const Clocks& c) {
  if (c.core_hz == 0) {
    std::string w = fmt::format("the firmware selected a clock of 0 Hz ({}); the board file gives no frequency for it "
                                "(hse_hz?): keeping {} Hz", describe_clock_source(board_.clock_tree, rcc_, clock_sources_),
                                timing_->clocks().core_hz);
    if (std::find(warnings_.begin(), warnings_.end(), w) == warnings_.end()) {
      warnings_.push_back(w);
      fmt::print(options_.messages, "mcusim: warning: {}\n", w);
    }
    return;
  }
  timing_->set_clocks(c, now_);
  bus_->on_clock_change(now_);
  deadline_ = 0;
}

double Simulator::simulated_seconds() const { return timing_->seconds(now_); }

void Simulator::boot() {
  uint32_t vectors[2] = {};
  memory_.read(board_.boot_address, vectors, sizeof vectors);
  exceptions_.reset(static_cast<int>(board_.irq_count), board_.boot_address);
  cpu_->set_reg(Reg::MSP, vectors[0] & ~3u);
  cpu_->set_reg(Reg::SP, vectors[0] & ~3u);
  cpu_->set_reg(Reg::PC, vectors[1]);
  last_sp_ = vectors[0] & ~3u;
}

// ---------------------------------------------------------------- hot path

template <bool kAccurate, bool kPaired, bool kInlinePaired, bool kSettled>
uint64_t Simulator::charge_block(const HotBlock& b, uint32_t address, uint32_t size) {
  // The previous block's branch outcome is known now: charge its taken
  // extra, this block's refill, and (M7) a mispredict.
  uint64_t entered_at = now_;
  if constexpr (kInlinePaired) {
    // The predictor first: its registers are free again for the rest.
    const uint32_t mispredict = kSettled ? 0 : timing_->predict_entry(address);
    // Set before the entry's stores (which may alias b) so that the index
    // is not kept in a register across them: nothing in the entry reads it.
    const uint32_t index = b.index;
    current_block_ = index;
    now_ += timing_->template paired_entry<kAccurate>(address, address + size, index, mispredict);
  } else
    now_ += timing_->template enter_block<kAccurate, kPaired>(address, address + size, b.taken_extra, b.branch_entry,
                                                              b.fetch_path(), b.index, b.fp_link);
  // M7: a block whose first instruction joins the previous block's last
  // issue group starts in that cycle (never before a device was serviced:
  // devices take a read one cycle in their past as happening now). Only a
  // paired core overlaps blocks: a single-issue hook reads no flag for it.
  const uint32_t overlap = kPaired ? timing_->overlap() : 0;
  block_start_cycles_ = now_ - overlap;
  if constexpr (!kInlinePaired) current_block_ = b.index;
  now_ += b.cycles - overlap;
  return entered_at;
}

// The common case: a block seen before, in the block table, no deadline,
// nothing to check. This path only reads until it knows that; anything else
// goes to on_block_full() (a tail call), which does everything from the
// start. With no call left on it, the compiler needs no callee-saved
// registers here (docs/speed.md, "Eighth session"). A paired core (M7)
// tests here and tail-calls on_paired_block() for the charge (its entry is
// too large to inline without saved registers). Profiling with accurate
// timing (data stalls to attribute) always takes the full path; profiling
// with fast timing takes this one for a quiet block (no call or return to
// settle, no layer boundary: RunProfiler::quiet), the most common kind, on
// the M7 too (on_paired_block<true, false>: before the twelfth session every
// profiled M7 block took the full path and its out-of-line paired entry).
template <bool kProfile, bool kAccurate, bool kPaired>
void Simulator::on_block(uc_struct*, uint64_t address64, uint32_t size, void* self) {
  auto& s = *static_cast<Simulator*>(self);
  const uint32_t address = static_cast<uint32_t>(address64);
  const uint32_t offset = address - s.table_base_;
  // Fast timing's Flash data work (kFlashData) has a step of its own
  // unless profiling, which takes the full path for it.
  constexpr uint8_t kRareFlags =
      HotBlock::kSelfLoop | HotBlock::kPollingLoop | (kProfile ? HotBlock::kFlashData : uint8_t{0});
  // A profiled run reads SP after an SP-writing block in on_known_block,
  // past the tests below; otherwise such a block takes the full path.
  if ((kProfile && kAccurate) || s.now_ >= s.deadline_ || s.instret_ >= s.control_.instruction_limit() ||
      offset / 2 >= s.table_halfwords_ || (!kProfile && s.check_sp_)) [[unlikely]]
    return on_block_full<kProfile, kAccurate, kPaired>(s, address, size);
  const HotBlock& b = s.block_table_[offset / 2];
  if (b.size != size || (b.flags & kRareFlags)) [[unlikely]]
    return on_block_full<kProfile, kAccurate, kPaired>(s, address, size);
  // The values the tests above loaded (the counters, the table) are read
  // again where they are used: kept in registers across the skip test
  // below, they made the hook save callee-saved registers on every block.
  if constexpr (!kProfile && !kPaired) asm volatile("" ::: "memory");
  // A checked loop's next iteration needs no check (decided inline); any
  // other entry of a checked block is checked out of line.
  if ((b.flags & HotBlock::kAlignmentChecks) && !s.alignment_->needs_no_check(b.index, s.current_block_)) [[unlikely]] {
    if constexpr (kProfile) return on_block_full<kProfile, kAccurate, kPaired>(s, address, size);
    else return on_checked_entry<kAccurate, kPaired>(s, address, size);
  }
  if constexpr (!kProfile) {
    if (b.flags & HotBlock::kFlashData) [[unlikely]] return on_flash_data_entry<kAccurate, kPaired>(s, address, size);
  }
  if constexpr (kProfile) {
    if (s.check_sp_) [[unlikely]] return on_known_block<kProfile, kAccurate, kPaired>(s, address, size, b);
  }
  if constexpr (kPaired) return on_paired_block<kProfile, kAccurate>(s, address, size, b);
  if constexpr (kProfile) {
    // What on_block_full does for a profiled block, less the tests this
    // path has already passed and the stack work a quiet block has none of.
    BlockInfo& info = s.blocks_[b.index];
    if (!s.profiler_->quiet(info.profile)) [[unlikely]]
      return on_known_block<kProfile, kAccurate, kPaired>(s, address, size, b);
    s.check_sp_ = b.flags & HotBlock::kWritesSp;
    uint64_t entered_at = s.charge_block<kAccurate, kPaired>(b, address, size);
    uint64_t cycles = s.now_ - entered_at;
    ++info.executions;
    info.extra_cycles += static_cast<int64_t>(cycles) - static_cast<int64_t>(b.cycles);
    s.profiler_->on_quiet_block(info.profile, address + size, cycles, b.instructions);
    s.instret_ += b.instructions;
    return;
  }
  if constexpr (kAccurate) s.timing_->take_block_stall();  // charged as it happened; only profiling keeps it
  s.check_sp_ = b.flags & HotBlock::kMayLowerSp;
  s.charge_block<kAccurate, kPaired>(b, address, size);
  s.instret_ += b.instructions;
}

// on_block's common path on a paired core, as on_block does it on a
// single-issue one, with the paired entry inline: a call to it from the hook
// made the hook save registers on every block (docs/speed.md, "Eleventh
// session").
template <bool kProfile, bool kAccurate>
void Simulator::on_paired_block(Simulator& s, uint32_t address, uint32_t size, const HotBlock& b) {
  if constexpr (kProfile) {
    // As on_block's profiled quiet block, the quiet test here so that the
    // block's profile record is looked up once.
    BlockInfo& info = s.blocks_[b.index];
    if (!s.profiler_->quiet(info.profile)) [[unlikely]] return on_block_full<true, kAccurate, true>(s, address, size);
    // As on_block_full for a quiet block. (on_block sends every block of an
    // accurate profiled run to on_block_full today; the stall is taken as
    // there, before the charge, so this stays right if that changes.)
    if constexpr (kAccurate) {
      uint64_t stall = s.timing_->take_block_stall();
      s.profiler_->add_stall(stall);
      s.blocks_[s.current_block_].extra_cycles += stall;
    }
    s.check_sp_ = b.flags & HotBlock::kWritesSp;
    uint64_t entered_at = s.charge_block<kAccurate, true, true>(b, address, size);
    uint64_t cycles = s.now_ - entered_at;
    ++info.executions;
    info.extra_cycles += static_cast<int64_t>(cycles) - static_cast<int64_t>(b.cycles);
    s.profiler_->on_quiet_block(info.profile, address + size, cycles, b.instructions);
  } else {
    // Most entries leave the predictor as it is: without its work their
    // charge saves three callee-saved registers where it saved six
    // (docs/speed.md, "Eighteenth session").
    if (!s.timing_->entry_settled(address)) [[unlikely]]
      return on_unsettled_paired_block<kAccurate>(s, address, size, b);
    if constexpr (kAccurate) s.timing_->take_block_stall();  // charged as it happened; only profiling keeps it
    s.check_sp_ = b.flags & HotBlock::kMayLowerSp;
    s.charge_block<kAccurate, true, true, true>(b, address, size);
  }
  s.instret_ += b.instructions;
}

// The same steps as on_paired_block's unprofiled branch, with the predictor
// (kSettled false): keep the two in step. Sharing them through one inline
// helper cost 0.6% more host instructions on fp32_conv_m7 and control_m7
// (the compiler laid the settled step out worse), so they stay written out.
template <bool kAccurate>
void Simulator::on_unsettled_paired_block(Simulator& s, uint32_t address, uint32_t size, const HotBlock& b) {
  if constexpr (kAccurate) s.timing_->take_block_stall();
  s.check_sp_ = b.flags & HotBlock::kMayLowerSp;
  s.charge_block<kAccurate, true, true>(b, address, size);
  s.instret_ += b.instructions;
}

// What on_block_full does for such an entry, in its order (the stall
// taken, the check, the charge), less the tests on_block has passed: the
// full path cost about 60 host instructions per check on fp32_conv.
template <bool kAccurate, bool kPaired>
void Simulator::on_checked_entry(Simulator& s, uint32_t address, uint32_t size) {
  const HotBlock& b = s.block_table_[(address - s.table_base_) / 2];
  if (b.flags & HotBlock::kFlashData) {
    BlockInfo& info = s.blocks_[b.index];
    if (info.walk.base >= 0 && s.walk_moved(info, b.index)) return on_block_full<false, kAccurate, kPaired>(s, address, size);
  }
  if constexpr (kAccurate) s.timing_->take_block_stall();
  if (s.alignment_->check_entry(b.index)) [[unlikely]] {
    s.rerun_block(address, size);  // with a precise check on the access
    return;
  }
  s.check_sp_ = b.flags & HotBlock::kMayLowerSp;
  s.charge_block<kAccurate, kPaired>(b, address, size);
  if (b.flags & HotBlock::kFlashData) s.flash_data_at_entry(b.index);
  s.instret_ += b.instructions;
}

// A block with fast timing's Flash data work (flash_data_at_entry), past
// on_block's tests: the charge and that work, as known_block does them. A
// block whose walk is watched takes a step of its own (a tail call: the
// check's registers would cost every such block callee-saved ones here).
template <bool kAccurate, bool kPaired>
void Simulator::on_flash_data_entry(Simulator& s, uint32_t address, uint32_t size) {
  const HotBlock& b = s.block_table_[(address - s.table_base_) / 2];
  BlockInfo& info = s.blocks_[b.index];
  if (info.walk.base >= 0) [[unlikely]] return on_watched_entry<kAccurate, kPaired>(s, address, size);
  flash_data_entry<kAccurate, kPaired>(s, address, size, b, info);
}

template <bool kAccurate, bool kPaired>
void Simulator::on_watched_entry(Simulator& s, uint32_t address, uint32_t size) {
  const HotBlock& b = s.block_table_[(address - s.table_base_) / 2];
  BlockInfo& info = s.blocks_[b.index];
  if (s.walk_moved(info, b.index)) [[unlikely]] return on_block_full<false, kAccurate, kPaired>(s, address, size);
  flash_data_entry<kAccurate, kPaired>(s, address, size, b, info);
}

template <bool kAccurate, bool kPaired>
inline void Simulator::flash_data_entry(Simulator& s, uint32_t address, uint32_t size, const HotBlock& b, BlockInfo& info) {
  if constexpr (kAccurate) s.timing_->take_block_stall();
  s.check_sp_ = b.flags & HotBlock::kMayLowerSp;
  s.charge_block<kAccurate, kPaired>(b, address, size);
  s.instret_ += b.instructions;
  // flash_data_at_entry() with its common case inline, the rest called in
  // tail position: a fetch that hits as its memo's did costs no
  // callee-saved registers here (each cost 2 host instructions a block).
  if (info.fetch_path == FetchPath::FlashAccelerator) {
    if (!s.timing_->replay_fast_fetch(info.fetch_memo)) [[unlikely]] return s.flash_data_at_entry(b.index);
  } else if (info.fetch_path != FetchPath::Static) [[unlikely]] {
    return s.flash_data_at_entry(b.index);
  }
  if (info.flash_data_side) return s.flash_data_of(info);
}

template <bool kProfile, bool kAccurate, bool kPaired>
void Simulator::on_block_full(Simulator& s, uint32_t address, uint32_t size) {
  if constexpr (kAccurate) {
    // The previous block's data stalls belong to the function it ran in.
    uint64_t stall = s.timing_->take_block_stall();
    if constexpr (kProfile) {
      s.profiler_->add_stall(stall);
      s.blocks_[s.current_block_].extra_cycles += stall;
    }
  }
  if (s.now_ >= s.deadline_ || s.instret_ >= s.control_.instruction_limit()) [[unlikely]] {
    if (s.service_deadline(address)) return;
  }
  uint32_t offset = address - s.table_base_;
  HotBlock& b = offset / 2 < s.table_halfwords_ ? s.block_table_[offset / 2] : s.other_blocks_[address];
  // Size 0: not seen. Another size: the engine split the code differently
  // (new hooks); the block is described again.
  if (b.size != size) [[unlikely]] {
    if (s.first_sight(address, size) == 0) return;  // the engine stops and re-runs this block
  }
  if (b.flags & HotBlock::kAlignmentChecks) [[unlikely]] {
    if (s.alignment_->misaligned_ahead(b.index, s.current_block_)) {
      s.rerun_block(address, size);  // with a precise check on the access
      return;
    }
  }
  known_block<kProfile, kAccurate, kPaired>(s, address, size, b);
}

template <bool kProfile, bool kAccurate, bool kPaired>
void Simulator::on_known_block(Simulator& s, uint32_t address, uint32_t size, const HotBlock& b) {
  known_block<kProfile, kAccurate, kPaired>(s, address, size, b);
}

template <bool kProfile, bool kAccurate, bool kPaired>
inline void Simulator::known_block(Simulator& s, uint32_t address, uint32_t size, const HotBlock& b) {
  if (s.check_sp_) [[unlikely]] {
    uint32_t sp = s.cpu_->reg(Reg::SP);
    s.last_sp_ = sp;
    if constexpr (kProfile) {
      if (!s.sp_is_psp_) s.profiler_->note_sp(sp);
      // current_block_ is still the block before this one.
      if (s.current_block_ < s.blocks_.size() && s.blocks_[s.current_block_].selects_thread_stack) [[unlikely]]
        s.thread_stack_selected();
    }
    if (sp < s.stack_limit_ && s.stack_overflowed(address, sp)) [[unlikely]] return;
  }
  if (b.flags & HotBlock::kFlashData) [[unlikely]] {
    BlockInfo& info = s.blocks_[b.index];
    if (info.walk.base >= 0 && s.walk_moved(info, b.index)) return on_block_full<kProfile, kAccurate, kPaired>(s, address, size);
  }
  // The profiler follows every SP move; the overflow check only needs the
  // blocks that can lower SP (not the pops).
  s.check_sp_ = b.flags & (kProfile ? HotBlock::kWritesSp : HotBlock::kMayLowerSp);
  uint64_t entered_at = s.charge_block<kAccurate, kPaired>(b, address, size);
  if (b.flags & HotBlock::kFlashData) [[unlikely]] s.flash_data_at_entry(b.index);
  // Branch refill, mispredict and carried stall cycles are charged to the block entered.
  if constexpr (kProfile) {
    BlockInfo& info = s.blocks_[b.index];
    ++info.executions;
    info.extra_cycles += static_cast<int64_t>(s.now_ - entered_at) - static_cast<int64_t>(b.cycles);
    s.profiler_->on_block(info.profile, address, address + size, entered_at, s.now_ - entered_at, b.instructions,
                          s.last_sp_, [&s] { return s.cpu_->reg(Reg::SP); });
  }
  s.instret_ += b.instructions;
  if (b.flags & (HotBlock::kSelfLoop | HotBlock::kPollingLoop)) [[unlikely]] {
    if (b.flags & HotBlock::kPollingLoop) s.watch_polling_loop(b.index, address);
    else if (!s.sleep_until_event(address, "spins in an endless loop", false)) s.cpu_->stop();
  }
}

// Before an MSR MSP, Rn runs: when it moves the main stack out of the range
// the overflow check knows (Zephyr's reset code sets MSP to the top of
// z_interrupt_stacks, wherever the linker put it; a bootloader to its
// application's), the firmware chose another stack rather than overflowing
// this one. The check follows it: the data object the new MSP is the top
// of, or in, bounds it; in no object its bounds are unknown and it is not
// checked any more.
void Simulator::on_msp_write(uc_struct*, uint64_t address, uint32_t, void* site_ptr) {
  const MspSite& site = *static_cast<const MspSite*>(site_ptr);
  Simulator& s = *site.sim;
  uint32_t msp = s.cpu_->reg(site.source) & ~3u;  // MSP's two low bits read as zero
  if (msp > s.stack_limit_ && msp <= s.checked_stack_top_) return;
  const ElfSymbol* object = stack_object_at(s.image_, s.board_, msp, UINT32_MAX);
  s.stack_limit_ = object ? object->address : 0;
  s.checked_stack_top_ = object ? static_cast<uint32_t>(uint64_t{object->address} + object->size) : msp;
  s.stack_limit_source_ = object ? fmt::format("the stack object {}, which MSR MSP at {} moved the stack to", object->name,
                                               s.where(static_cast<uint32_t>(address)))
                                 : std::string("none");
}

bool Simulator::stack_overflowed(uint32_t address, uint32_t sp) {
  if (!options_.stack_check || exceptions_.current != 0 || (cpu_->reg(Reg::CONTROL) & 2u)) return false;
  report_fault("stack overflow", address, sp,
               fmt::format("the stack pointer 0x{:08x} is {} bytes below the stack limit 0x{:08x} ({})", sp,
                           stack_limit_ - sp, stack_limit_, stack_limit_source_));
  cpu_->stop();
  return true;
}

uint32_t Simulator::first_sight(uint32_t address, uint32_t size) {
  const uint8_t* code = memory_.host(address, size);
  BlockInfo b;
  b.address = address;
  b.size = size;
  std::vector<DecodedInsn> insns;
  if (code) {
    insns = disassembler_.decode(address, code, size);
    b.instructions = static_cast<uint32_t>(insns.size());
    bool new_hooks = false;
    bool fpu_off = (exceptions_.cpacr & (0xFu << 20)) != (0xFu << 20);
    for (const DecodedInsn& d : insns) {
      b.writes_sp |= d.writes_sp;
      b.may_lower_sp |= d.may_lower_sp;
      // The profiler reads the stack pointer after such a block (kWritesSp)
      // and looks whether thread mode moved to another stack.
      b.selects_thread_stack |= d.selects_thread_stack;
      b.writes_sp |= d.selects_thread_stack;
      if (d.is_division && division_hooks_.insert(d.address).second) {
        division_sites_.push_back({this, static_cast<Reg>(d.div_dividend_reg), static_cast<Reg>(d.div_divisor_reg), d.div_signed});
        cpu_->add_code_hook(&Simulator::on_division, &division_sites_.back(), d.address, d.address);
        new_hooks = true;
      }
      // MSR MSP: the firmware may move its main stack (Zephyr's reset code
      // to the top of z_interrupt_stacks); the overflow check follows it.
      if (d.sets_msp && msp_hooks_.insert(d.address).second) {
        msp_sites_.push_back({this, static_cast<Reg>(d.msp_source_reg)});
        cpu_->add_code_hook(&Simulator::on_msp_write, &msp_sites_.back(), d.address, d.address);
        new_hooks = true;
      }
      // The engine ignores CPACR: FP instructions first seen while the FPU is
      // off get a check, so code run before the FPU is enabled faults (NOCP).
      if (d.is_fp && fpu_off && fp_hooks_.insert(d.address).second) {
        cpu_->add_code_hook(&Simulator::on_fp_instruction, this, d.address, d.address);
        new_hooks = true;
      }
    }
    // The engine performs misaligned LDM/LDRD/... (and everything under
    // CCR.UNALIGN_TRP) as if aligned: the accesses that can fault are checked.
    if (alignment_ && alignment_->describe_block(static_cast<uint32_t>(blocks_.size()), address, insns)) new_hooks = true;
    // A lone branch to itself (b . / b.w .) can only be left by an exception.
    if (insns.size() == 1 && insns[0].is_branch && size == insns[0].size) {
      uint16_t half[2] = {};
      std::memcpy(half, code, std::min<size_t>(size, 4));
      b.self_loop = (size == 2 && half[0] == 0xE7FE) || (size == 4 && half[0] == 0xF7FF && half[1] == 0xBFFE);
    }
    b.polling = !b.self_loop && options_.idle_limit_seconds >= 0 && is_polling_candidate(insns, address);
    if (new_hooks) {
      // Division needs its operands at run time (divide-by-zero trap, early
      // termination): those instructions are hooked; drop this translation
      // and re-run the block so the hooks are in it (Unicorn #2200).
      rerun_block(address, size);
      return 0;
    }
  } else {
    b.instructions = std::max<uint32_t>(1, size / 3);
  }
  if (timing_->mode() != TimingMode::Instructions) {
    guess_data_addresses(insns, [this](unsigned r) { return cpu_->reg(static_cast<Reg>(r)); },
                         [this](uint32_t at) -> std::optional<uint32_t> {
                           uint32_t word = 0;
                           return memory_.read(at, &word, 4) ? std::optional<uint32_t>(word) : std::nullopt;
                         });
  }
  BlockCost cost = timing_->time_block(address, insns, b.instructions, static_cast<uint32_t>(blocks_.size()));
  b.cycles = cost.cycles;
  b.taken_extra = cost.taken_extra;
  b.branch_entry = cost.branch_entry;
  b.fetch_path = cost.fetch_path;
  // Fast timing's fetches through the accelerator are part of that work.
  b.flash_data_side = cost.flash_data_at_entry();
  // A block timed again for its walk (walk_changed_tables), with the
  // registers of the entry that found it in a table of the other kind.
  HotBlock& hot = hot_entry(address);
  BlockInfo* before = nullptr;
  if (hot.size == 0 && hot.index != 0 && hot.index < blocks_.size() && blocks_[hot.index].address == address &&
      blocks_[hot.index].size == size && blocks_[hot.index].walk.base >= 0)
    before = &blocks_[hot.index];
  if (timing_->mode() == TimingMode::Fast && code) watch_walk(b, insns);
  const bool flash_data = b.flash_data_side || b.walk.base >= 0 ||
                          (timing_->mode() == TimingMode::Fast && cost.fetch_path != FetchPath::Static);
  b.stall_fraction = cost.stall_fraction;
  b.stream_bytes = cost.stream_bytes;
  b.flash_reads = std::move(cost.flash_reads);
  b.cycles_before = std::move(cost.cycles_before);
  if (profiler_ && code) {
    bool call = !insns.empty() && insns.back().is_call;
    bool ret = !insns.empty() && insns.back().is_return;
    b.profile = profiler_->describe_block(address, call, ret);
  }
  uint32_t index = static_cast<uint32_t>(blocks_.size());
  // The two timings are each other's other kind, and the walk switches
  // between them from now on. (Found in no table of the other kind, the
  // block keeps the new timing and is no longer watched.)
  if (before && b.walk.base >= 0 && before->walk.streams != b.walk.streams) {
    before->other_kind = index;
    b.other_kind = hot.index;
  } else if (before) {
    b.walk.base = -1;
  }
  blocks_.push_back(b);
  hot.index = index;
  hot.size = static_cast<uint16_t>(size);
  hot.instructions = static_cast<uint16_t>(b.instructions);
  hot.cycles = b.cycles;
  // Refills and fetch waits are a few cycles; board files limit wait states (kMaxWaitStates).
  hot.taken_extra = static_cast<uint8_t>(std::min<uint32_t>(b.taken_extra, 255));
  hot.branch_entry = static_cast<uint8_t>(std::min<uint32_t>(b.branch_entry, 255));
  hot.fp_link = cost.fp_link;
  hot.flags = static_cast<uint8_t>((b.writes_sp ? HotBlock::kWritesSp : 0) | (b.may_lower_sp ? HotBlock::kMayLowerSp : 0) |
                                   (b.self_loop ? HotBlock::kSelfLoop : 0) | (b.polling ? HotBlock::kPollingLoop : 0) |
                                   (flash_data ? HotBlock::kFlashData : 0) |
                                   (alignment_ && alignment_->checks_at_entry(index) ? HotBlock::kAlignmentChecks : 0) |
                                   (static_cast<uint8_t>(b.fetch_path) << HotBlock::kFetchShift));
  if (blocks_[index].walk.base >= 0) blocks_[index].entry = hot;
  return index;
}

HotBlock& Simulator::hot_entry(uint32_t address) {
  uint32_t offset = address - table_base_;
  return offset / 2 < table_halfwords_ ? block_table_[offset / 2] : other_blocks_[address];
}

// The first load of the block that walks Flash behind a cache or an
// accelerator's data lines (its charge depends on its table's size) and
// reads its base register at entry plus a constant: guessed again with that
// register moved, its address moves as much. (A base the block computes or
// loads is not watched.)
void Simulator::watch_walk(BlockInfo& b, const std::vector<DecodedInsn>& insns) {
  if (!cpu_->live_regs()) return;
  const auto read_word = [this](uint32_t at) -> std::optional<uint32_t> {
    uint32_t word = 0;
    return memory_.read(at, &word, 4) ? std::optional<uint32_t>(word) : std::nullopt;
  };
  for (size_t i = 0; i < insns.size(); ++i) {
    const DecodedInsn& d = insns[i];
    if (!d.address_guessed || !d.address_advances || d.guess_through_memory || d.literal || !is_data_load(d.cls) ||
        d.mem_base < 0 || d.mem_base > 14)
      continue;
    const uint32_t at = d.guessed_address;
    const DataExtent object = timing_->data_object_at(at);
    // Watched where a table's size decides: streamed when unknown, held
    // when tiny (no data cache or accelerator lines: every size streams).
    if (object.size == 0 || !timing_->walk_streams(at, 0) || timing_->walk_streams(at, 1)) continue;
    constexpr uint32_t kMoved = 0x40;
    std::vector<DecodedInsn> moved = insns;
    moved[i].address_guessed = false;
    const auto base = static_cast<unsigned>(d.mem_base);
    guess_data_addresses(moved, [this, base](unsigned r) { return cpu_->reg(static_cast<Reg>(r)) + (r == base ? kMoved : 0); },
                         read_word);
    if (!moved[i].address_guessed || moved[i].guessed_address != at + kMoved) continue;
    b.walk.base = d.mem_base;
    b.walk.offset = at - cpu_->reg(static_cast<Reg>(base));
    b.walk.object = object;
    b.walk.streams = timing_->walk_streams(at, object.size);
    return;
  }
}

bool Simulator::walk_changed_tables(BlockInfo& b, uint32_t at) {
  const DataExtent object = timing_->data_object_at(at);
  const bool streams = timing_->walk_streams(at, object.size);
  // Outside every object the walk is watched through the gap it is in.
  const DataExtent watched = object.size ? object : timing_->data_gap_at(at);
  if (streams == b.walk.streams) {
    b.walk.object = watched;
    return false;
  }
  if (b.other_kind) {
    BlockInfo& other = blocks_[b.other_kind];
    other.walk.object = watched;
    hot_entry(b.address) = other.entry;
  } else {
    hot_entry(b.address).size = 0;  // timed again now (first_sight), with this entry's registers
  }
  return true;
}

// ---------------------------------------------------------------- deadlines and events

void Simulator::recompute_deadline() {
  uint64_t next = std::min({control_.cycle_limit(), control_.next_host_clock_check(), bus_->next_event_cycle()});
  // A pending exception held back by PRIMASK/BASEPRI: look again every block,
  // since CPSIE or an MSR can release it at any instruction.
  if (exception_unit_->pending_but_masked()) next = 0;
  deadline_ = next;
}

void Simulator::request_stop(StopReason reason, std::string message) { control_.request_stop(reason, std::move(message)); }

bool Simulator::service_deadline(uint32_t address) {
  if (instret_ >= control_.instruction_limit()) {
    request_stop(StopReason::InstructionLimit,
                 fmt::format("mcusim's instruction limit of {} (--max-instructions), not the firmware, ended the run at {}: "
                             "the firmware was still running and not stuck; run again with --max-instructions 0 for no limit",
                             options_.max_instructions, where(address)));
    cpu_->stop();
    return true;
  }
  if (now_ >= control_.cycle_limit()) {
    request_stop(StopReason::CycleLimit, fmt::format("cycle limit of {} reached at {} (raise --max-cycles)",
                                                     options_.max_cycles, where(address)));
    cpu_->stop();
    return true;
  }
  if (control_.host_time_up(now_)) {
    request_stop(StopReason::Timeout, fmt::format("time limit of {} s reached at {} (raise --timeout)",
                                                  options_.timeout_seconds, where(address)));
    cpu_->stop();
    return true;
  }
  bus_->on_time(now_);
  timing_->set_cache_bits(exceptions_.ccr);
  if (timing_->retime_needed() || hook_state() != hooked_state_) {
    // Caches, the Flash accelerator or the clock (wait states) changed, or
    // what first_sight hooks: block descriptions assumed the old state.
    timing_->retimed();
    hooked_state_ = hook_state();
    block_table_.clear();
    other_blocks_.clear();
  }
  if (int e = exception_unit_->preempting_exception(); e) {
    if (report_bad_vector(e, address)) return true;
    if (handler_is_endless_loop(e)) {
      report_fault("unhandled exception", address, std::nullopt,
                   fmt::format("{} was taken, but its handler at 0x{:08x} is an endless loop (the default handler): "
                               "define {}_Handler or stop enabling it", exception_name(e), exception_unit_->vector(e) & ~1u,
                               exception_name(e)));
      cpu_->stop();
      return true;
    }
    if (!enter_exception(e, address)) {
      report_fault("lockup", address, cpu_->reg(Reg::SP), "the exception frame cannot be pushed: the stack pointer is outside memory");
      cpu_->stop();
      return true;
    }
    recompute_deadline();
    return true;
  }
  recompute_deadline();
  return false;
}

// Sleeps (WFI, WFE, or a self-loop) until the next event. False when no
// event can ever come: the run is stuck and stops with a message.
bool Simulator::sleep_until_event(uint32_t resume_pc, const char* what, bool wfi) {
  // WFI wakes for an interrupt that PRIMASK holds back, not for one that
  // BASEPRI or FAULTMASK hold back (Armv7-M B1.5.19); it is then taken
  // after CPSIE (Zephyr's idle does CPSID i, BASEPRI 0, WFI, CPSIE i). A
  // spinning `b .` only ends if one is taken.
  int pending_priority = 0;
  bool pending = exceptions_.highest_pending(&pending_priority) != 0;
  int threshold = wfi ? exception_unit_->wfi_wake_priority() : exception_unit_->execution_priority();
  if (exception_unit_->preempting_exception() || (wfi && pending && pending_priority < threshold)) {
    deadline_ = 0;
    return true;
  }
  // Only a timer event with an enabled interrupt that can preempt wakes the core here.
  if (!stuck_->interrupt_can_arrive(threshold)) {
    std::string ctx = exceptions_.current ? fmt::format(" inside the {} handler", exception_name(exceptions_.current)) : "";
    // What it waited for: a timer the firmware stopped (Zephyr's tickless
    // idle stops SysTick when no timeout is due) is named.
    std::string stopped = bus_->stopped_timers();
    if (!stopped.empty()) stopped = fmt::format(" ({})", stopped);
    request_stop(StopReason::Stuck, fmt::format("the firmware {} at {}{} and no enabled interrupt can ever end it{}{}", what,
                                                where(resume_pc), ctx, stopped, masked_interrupts(wfi)));
    return false;
  }
  // Idling counts in a handler too: ThreadX's scheduler waits for a ready
  // thread with WFI inside its PendSV handler, where only the interrupts
  // that preempt it (the tick) run. A thread made ready ends the handler
  // and resumes on its own stack, which starts the idling over.
  std::string idle_what = what;
  if (exceptions_.current == kPendSv)
    idle_what += " inside the PendSV handler (an RTOS scheduler's idle wait: no thread became ready)";
  else if (exceptions_.current)
    idle_what += fmt::format(" inside the {} handler", exception_name(exceptions_.current));
  if (auto idle = stuck_->idle(resume_pc, idle_what.c_str(), simulated_seconds())) {
    request_stop(StopReason::Stuck, std::move(*idle));
    return false;
  }
  uint64_t next = std::min(bus_->next_event_cycle(), control_.cycle_limit());
  if (next > now_) now_ = next;
  deadline_ = 0;
  return true;
}


// When interrupts could arrive but a mask register holds every one back:
// which, for the stuck message.
std::string Simulator::masked_interrupts(bool wfi) const {
  if (!stuck_->interrupt_can_arrive(exceptions_.active_priority())) return "";
  std::vector<std::string> masks;
  if (!wfi && (cpu_->reg(Reg::PRIMASK) & 1)) masks.push_back("PRIMASK");
  if (uint32_t basepri = cpu_->reg(Reg::BASEPRI) & 0xFF) masks.push_back(fmt::format("BASEPRI 0x{:02x}", basepri));
  if (cpu_->reg(Reg::FAULTMASK) & 1) masks.push_back("FAULTMASK");
  if (masks.empty()) return "";
  return fmt::format(": {} masks every enabled interrupt{}", fmt::join(masks, " and "),
                     wfi ? " (WFI wakes for an interrupt that only PRIMASK masks, not BASEPRI or FAULTMASK)" : "");
}

void Simulator::watch_polling_loop(uint32_t index, uint32_t address) {
  BlockInfo& info = blocks_[index];
  // Most visits are not looked at: skip the call and the simulated time.
  if (!StuckDetector::looks_at_visit(++info.poll_visits)) return;
  if (auto stuck = stuck_->polling_loop(index, address, info.size, info.instructions, info.poll_visits, instret_,
                                        simulated_seconds())) {
    request_stop(StopReason::Stuck, std::move(*stuck));
    cpu_->stop();
  }
}

// ---------------------------------------------------------------- interrupts from the engine

void Simulator::on_interrupt(uc_struct*, uint32_t intno, void* self) {
  auto& s = *static_cast<Simulator*>(self);
  uint32_t pc = s.cpu_->reg(Reg::PC);
  switch (intno) {
    case kIntrSvc: {
      // SVC is synchronous: taken now, or HardFault if its priority cannot preempt.
      s.exceptions_.pending[kSvCall] = true;
      int target = s.exceptions_.priority_of(kSvCall) < s.exception_unit_->execution_priority() ? kSvCall : s.exception_unit_->escalate(kHardFault);
      if (target != kSvCall) {
        s.exceptions_.pending[kSvCall] = false;
        s.exceptions_.hfsr |= hfsr::kForced;
        s.take_fault(kHardFault, pc - 2, 0, std::nullopt, "SVC executed while its priority could not preempt");
        return;
      }
      if (s.report_bad_vector(kSvCall, pc - 2)) return;
      if (s.exceptions_.current == 0) {
        if (auto stuck = s.stuck_->svc_call(pc - 2, s.control_.output_bytes(), s.simulated_seconds())) {
          s.request_stop(StopReason::Stuck, std::move(*stuck));
          s.cpu_->stop();
          return;
        }
      }
      if (s.handler_is_endless_loop(kSvCall)) {
        s.report_fault("unhandled exception", pc - 2, std::nullopt, "SVC executed but SVC_Handler is an endless loop (the default handler)");
        s.cpu_->stop();
        return;
      }
      s.enter_exception(kSvCall, pc);
      s.recompute_deadline();
      return;
    }
    case kIntrBkpt: {
      uint16_t insn = 0;
      s.memory_.read(pc, &insn, 2);
      if (insn == kSemihostingBkpt) {
        uint32_t result = s.semihosting_->call(s.cpu_->reg(Reg::R0), s.cpu_->reg(Reg::R1));
        s.cpu_->set_reg(Reg::R0, result);
        for (const std::string& w : s.semihosting_->warnings())
          if (std::find(s.warnings_.begin(), s.warnings_.end(), w) == s.warnings_.end()) {
            s.warnings_.push_back(w);
            fmt::print(s.options_.messages, "mcusim: warning: {}\n", w);
          }
        if (s.semihosting_->exit_code() || s.control_.stopping()) {  // exited, or the output limit was hit
          s.cpu_->stop();  // PC is left on the BKPT: writing PC would lose the stop (Unicorn #1579)
          return;
        }
        s.cpu_->set_reg(Reg::PC, (pc + 2) | 1u);
        return;
      }
      s.exceptions_.hfsr |= 1u << 31;  // DEBUGEVT: BKPT with no debugger attached
      s.take_fault(kHardFault, pc, 0, std::nullopt, fmt::format("breakpoint instruction (bkpt #{}) with no debugger attached", insn & 0xFF));
      return;
    }
    case kIntrExceptionExit: {
      std::string why;
      s.now_ += kExceptionReturnCycles;
      // The engine reports the EXC_RETURN branch target with the Thumb bit cleared.
      if (!s.exception_unit_->exit(pc | 1u, &why)) {
        s.report_fault("invalid exception return", pc, std::nullopt, why);
        s.cpu_->stop();
        return;
      }
      // Back in thread mode: the thread resumed, told by its stack pointer to both watchers.
      s.exception_exit_instret_ = s.instret_;
      uint32_t resumed_sp = s.thread_sp();
      if (s.profiler_) {
        s.sp_is_psp_ = s.exceptions_.current == 0 && (s.cpu_->reg(Reg::CONTROL) & 2u);
        s.profiler_->on_exception_return(s.now_, resumed_sp);
      }
      if (s.exceptions_.current == 0) s.stuck_->thread_resumed(resumed_sp);
      s.deadline_ = 0;  // tail-chain: a pending exception is taken at the next block
      return;
    }
    default:
      s.report_fault("unexpected CPU exception", pc, std::nullopt, fmt::format("the CPU raised exception {} (Unicorn interrupt number)", intno));
      s.cpu_->stop();
      return;
  }
}

void Simulator::on_division(uc_struct*, uint64_t address, uint32_t, void* site_ptr) {
  const DivisionSite& site = *static_cast<const DivisionSite*>(site_ptr);
  Simulator& s = *site.sim;
  uint32_t divisor = s.cpu_->reg(site.divisor);
  // Data-dependent time; later device reads in this block see it too.
  uint32_t extra = s.timing_->division_cycles(site.is_signed, s.cpu_->reg(site.dividend), divisor);
  s.now_ += extra;
  s.block_start_cycles_ += extra;
  if (divisor == 0 && (s.exceptions_.ccr & kCcrDiv0Trap))
    s.take_fault(kUsageFault, static_cast<uint32_t>(address), cfsr::kDivByZero, std::nullopt,
                 "integer division by zero with CCR.DIV_0_TRP set");
}

void Simulator::rerun_block(uint32_t address, uint32_t size) {
  cpu_->flush_code(address, address + size);
  control_.rerun_from(address);  // the engine's PC is stale inside a block hook (unicorn-2.0-notes.md)
  cpu_->stop();
}

void Simulator::on_fp_instruction(uc_struct*, uint64_t address, uint32_t, void* self) {
  auto& s = *static_cast<Simulator*>(self);
  if ((s.exceptions_.cpacr & (0xFu << 20)) != (0xFu << 20))
    s.take_fault(kUsageFault, static_cast<uint32_t>(address), cfsr::kNoCp, std::nullopt,
                 "floating-point instruction while the FPU is disabled (CPACR CP10/CP11)");
}

// ---------------------------------------------------------------- memory-mapped devices

void Simulator::note_unmapped(uint32_t address, bool write) {
  if (reported_unmapped_.size() >= kMaxUnmappedWarnings || !reported_unmapped_.insert(address).second) return;
  if (reported_unmapped_.size() == kMaxUnmappedWarnings)
    fmt::print(options_.messages, "mcusim: warning: {} unmapped addresses reported; no more will be\n", kMaxUnmappedWarnings);
  uint32_t pc = locate_faulting_instruction(address);
  std::string message = fmt::format("{} of unmapped address 0x{:08x} at {}: {}", write ? "write" : "read", address,
                                    where(pc), write ? "ignored" : "read as zero");
  warnings_.push_back(message);
  fmt::print(options_.messages, "mcusim: warning: {} (reported once per address; --strict makes it a bus fault)\n", message);
}

bool Simulator::on_invalid_memory(uc_struct*, int type, uint64_t address64, int, int64_t, void* self) {
  auto& s = *static_cast<Simulator*>(self);
  uint32_t address = static_cast<uint32_t>(address64);
  MemFaultKind kind = classify_mem_fault(type);
  // Default: like a bus with no decoder error, read zero and ignore writes.
  // Past DeviceBus::kMaxVoidPages distinct pages, unmapped accesses are bus
  // faults as with --strict (runaway stack or pointer: docs/reliability.md).
  if (kind.unmapped && kind.access != MemAccess::Fetch && !s.options_.strict && s.bus_->map_void_page(address)) return true;
  s.memory_fault_ = PendingMemoryFault{type, address};
  return false;
}

uint32_t Simulator::hook_state() const {
  return (exceptions_.ccr & kCcrUnalignTrap) | (exceptions_.cpacr & (0xFu << 20));
}

// Cycles at the instruction now accessing a device: the block's start plus
// the cycle model's offset of that instruction, so DWT CYCCNT and SysTick
// reads inside a block see time advance.
uint64_t Simulator::cycles_now() const {
  uint32_t mmio_address = bus_->access_in_progress();
  if (current_block_ == 0 || current_block_ >= blocks_.size() || mmio_address == 0) return now_;
  const BlockInfo& b = blocks_[current_block_];
  if (b.cycles_before.empty()) return now_;
  auto& self = const_cast<Simulator&>(*this);
  if (mmio_block_serial_ != instret_) {
    self.mmio_block_serial_ = instret_;
    self.mmio_seen_.clear();
  }
  uint32_t occurrence = 0;
  auto it = std::find_if(self.mmio_seen_.begin(), self.mmio_seen_.end(), [&](auto& e) { return e.first == mmio_address; });
  if (it == self.mmio_seen_.end()) self.mmio_seen_.push_back({mmio_address, 1});
  else occurrence = it->second++;
  uint32_t pc = locate_faulting_instruction(mmio_address, occurrence);
  const uint8_t* code = memory_.host(b.address, b.size);
  if (!code || pc < b.address) return now_;
  size_t index = 0;
  for (uint32_t at = b.address; at < pc && index + 1 < b.cycles_before.size(); ++index) {
    uint16_t h = static_cast<uint16_t>(code[at - b.address] | (code[at - b.address + 1] << 8));
    at += (h >> 11) >= 0x1D ? 4 : 2;  // 32-bit Thumb encodings start with 0b11101, 0b11110, 0b11111
  }
  return block_start_cycles_ + b.cycles_before[index] + timing_->block_stall();
}

void Simulator::firmware_output(std::string_view text) {
  uint64_t room = control_.output_room(text.size());
  std::fwrite(text.data(), 1, room, options_.firmware_out);
  if (room < text.size()) {
    request_stop(StopReason::OutputLimit, fmt::format("output limit of {} bytes reached at {} (raise --max-output, or 0 for no limit)",
                                                      options_.max_output, where(cpu_->reg(Reg::PC))));
    cpu_->stop();
  }
}

void Simulator::on_stimulus(uint32_t port, uint32_t value) {
  if (profiler_) profiler_->on_itm(port, value, now_, cpu_->reg(Reg::SP));
}

void Simulator::thread_stack_selected() {
  // A handler's MSR PSP (PendSV's): the block ran in handler mode, and the
  // exception return that ended it (or is still to come) told the profiler.
  if (exceptions_.current != 0 || instret_ == exception_exit_instret_) return;
  bool on_psp = cpu_->reg(Reg::CONTROL) & 2u;
  sp_is_psp_ = on_psp;
  profiler_->on_thread_stack_selected(on_psp, cpu_->reg(Reg::SP), cpu_->reg(Reg::MSP), now_);
}

bool Simulator::enter_exception(int exception, uint32_t return_address) {
  now_ += kExceptionEntryCycles;
  timing_->exception_entered();
  uint32_t interrupted_thread_sp = 0;
  if (profiler_) {
    // An exception taken right after a block with MSR PSP/CONTROL, before
    // the next block's hook looked at it: the selection is noted first, as
    // that hook would have (the thread starts at the interrupted instruction).
    if (check_sp_ && current_block_ < blocks_.size() && blocks_[current_block_].selects_thread_stack) [[unlikely]]
      thread_stack_selected();
    interrupted_thread_sp = thread_sp();
  }
  if (!exception_unit_->enter(exception, return_address)) return false;
  sp_is_psp_ = false;  // handler mode: the MSP
  if (profiler_) profiler_->on_exception_entry(exception_unit_->vector(exception), return_address, now_, interrupted_thread_sp);
  return true;
}

// ---------------------------------------------------------------- faults

// Hostile or corrupt vector tables: a vector the core cannot fetch, or one
// that is not Thumb code in executable memory, ends the run (stopped) with
// what the table holds, instead of running whatever the address holds.
bool Simulator::report_bad_vector(int exception, uint32_t pc) {
  uint32_t at = exceptions_.vtor + 4u * static_cast<uint32_t>(exception), value = 0;
  std::string problem;
  if (!memory_.read(at, &value, 4)) {
    exceptions_.hfsr |= hfsr::kVectTbl;
    problem = fmt::format("its vector at 0x{:08x} (VTOR 0x{:08x}) is in no memory", at, exceptions_.vtor);
  } else if (const MemoryRegion* r = board_.region_at(value & ~1u); !(value & 1u) || !r || !r->executable) {
    problem = fmt::format("its vector at 0x{:08x} (VTOR 0x{:08x}) holds 0x{:08x}, which is not Thumb code in executable "
                          "memory: the vector table is corrupt", at, exceptions_.vtor, value);
  } else {
    return false;
  }
  report_fault("bad vector", pc, std::nullopt, fmt::format("{} was taken, but {}", exception_name(exception), problem));
  cpu_->stop();
  return true;
}

bool Simulator::handler_is_endless_loop(int exception) const {
  uint32_t handler = exception_unit_->vector(exception) & ~1u;
  const MemoryRegion* r = board_.region_at(handler);
  if (!r || !r->executable) return true;
  uint16_t half[2] = {};
  if (!memory_.read(handler, half, 4)) return true;
  return half[0] == 0xE7FE || (half[0] == 0xF7FF && half[1] == 0xBFFE);
}

void Simulator::take_fault(int fault, uint32_t pc, uint32_t cfsr_bits, std::optional<uint32_t> address, std::string what) {
  exceptions_.cfsr |= cfsr_bits;
  if (address && (cfsr_bits & cfsr::kBfarValid)) exceptions_.bfar = *address;
  if (address && (cfsr_bits & cfsr::kMmarValid)) exceptions_.mmfar = *address;
  int target = exception_unit_->escalate(fault);
  std::string kind = exception_name(fault);
  if (target == 0) {
    report_fault("lockup", pc, address, fmt::format("{} while already at HardFault priority: {}", kind, what));
    cpu_->stop();
    return;
  }
  if (report_bad_vector(target, pc)) return;
  if (handler_is_endless_loop(target)) {
    report_fault(target == fault ? kind : fmt::format("HardFault (escalated from {})", kind), pc, address, what);
    cpu_->stop();
    return;
  }
  if (!enter_exception(target, pc)) {
    report_fault("lockup", pc, address, "the fault's exception frame cannot be pushed: the stack pointer is outside memory");
    cpu_->stop();
    return;
  }
  recompute_deadline();
}

void Simulator::report_fault(std::string kind, uint32_t pc, std::optional<uint32_t> address, std::string what) {
  if (control_.fault()) return;
  FaultInfo f;
  f.kind = std::move(kind);
  f.pc = pc;
  f.address = address;
  f.detail = std::move(what);
  FaultContext ctx{*cpu_, memory_, *symbolizer_, disassembler_, exceptions_, board_};
  f.report = format_fault_report(ctx, f);
  request_stop(StopReason::Fault, fmt::format("{} at {}: {}", f.kind, where(pc), f.detail));
  control_.record_fault(std::move(f));
}

uint32_t Simulator::locate_faulting_instruction(uint32_t fault_address, uint32_t occurrence) const {
  if (current_block_ == 0 || current_block_ >= blocks_.size()) return cpu_->reg(Reg::PC);
  const BlockInfo& b = blocks_[current_block_];
  const uint8_t* code = memory_.host(b.address, b.size);
  if (!code) return b.address;
  uint32_t regs[16];
  for (int i = 0; i < 16; ++i) regs[i] = cpu_->reg(static_cast<Reg>(i));
  // Device-polling loops land here on every register access: decode each block once.
  if (located_block_ != current_block_) {
    located_insns_ = disassembler_.decode(b.address, code, b.size);
    located_block_ = current_block_;
  }
  const std::vector<DecodedInsn>& insns = located_insns_;
  const DecodedInsn* first_access = nullptr;
  for (const DecodedInsn& d : insns) {
    if (d.mem_base < 0) continue;
    if (!first_access) first_access = &d;
    uint32_t base = d.mem_base == 15 ? ((d.address + 4) & ~3u) : regs[d.mem_base];
    uint32_t offset = static_cast<uint32_t>(d.mem_disp);
    if (d.mem_index >= 0) offset += regs[d.mem_index] << d.mem_shift;
    uint32_t lo = d.mem_subtract ? base - offset : base + offset;
    if (d.mem_descending) lo -= d.mem_bytes;
    if (fault_address >= lo && fault_address - lo < std::max<uint32_t>(d.mem_bytes, 1) && occurrence-- == 0) return d.address;
  }
  return first_access ? first_access->address : b.address;
}

std::string Simulator::where(uint32_t pc) const { return symbolizer_->where(pc); }

void Simulator::handle_cpu_stop(CpuStop stop) {
  uint32_t pc = cpu_->reg(Reg::PC) & ~1u;
  switch (stop) {
    case CpuStop::Ok: {
      if (control_.own_stop()) return;  // our own stop, e.g. after adding hooks
      // WFI/WFE return from the engine with PC after the instruction.
      if (sleep_until_event(pc, "waits for an interrupt (WFI/WFE)", true)) return;
      return;
    }
    case CpuStop::InvalidInstruction: {
      if (!(cpu_->reg(Reg::XPSR) & (1u << 24)))  // EPSR.T clear: a BX/BLX to an even address
        take_fault(kUsageFault, pc, cfsr::kInvState, std::nullopt, "execution with the Thumb bit clear (branch to an even address)");
      else
        take_fault(kUsageFault, pc, cfsr::kUndefInstr, std::nullopt, "undefined instruction");
      return;
    }
    case CpuStop::ReadUnmapped: case CpuStop::WriteUnmapped: case CpuStop::ReadProtected: case CpuStop::WriteProtected: {
      uint32_t address = memory_fault_ ? memory_fault_->address : 0;
      uint32_t at = locate_faulting_instruction(address);
      bool write = stop == CpuStop::WriteUnmapped || stop == CpuStop::WriteProtected;
      const MemoryRegion* r = board_.region_at(address);
      std::string what = r ? fmt::format("{} to {} region '{}', which is {}", write ? "write" : "read",
                                         region_kind_name(r->kind), r->name, write ? "read-only" : "not readable")
                           : fmt::format("{} of 0x{:08x}, which no memory or device covers ({})", write ? "write" : "read", address,
                                         options_.strict ? "--strict"
                                                         : fmt::format("past {} distinct unmapped KiB pages", DeviceBus::kMaxVoidPages));
      take_fault(kBusFault, at, cfsr::kPreciseErr | cfsr::kBfarValid, address, what);
      return;
    }
    case CpuStop::FetchUnmapped: case CpuStop::FetchProtected: {
      uint32_t address = memory_fault_ ? memory_fault_->address : pc;
      const MemoryRegion* r = board_.region_at(address);
      if (r) {
        take_fault(kMemManage, address, cfsr::kIaccViol, address,
                   fmt::format("instruction fetch from {} region '{}', which is not executable (mark it \"rwx\" in the board file if code runs from RAM)",
                               region_kind_name(r->kind), r->name));
      } else {
        take_fault(kBusFault, address, cfsr::kIbusErr, address, fmt::format("instruction fetch from 0x{:08x}, which no memory covers", address));
      }
      return;
    }
    case CpuStop::Other:
      report_fault("simulator error", pc, std::nullopt, fmt::format("the CPU engine stopped: {}", cpu_->last_error()));
      return;
  }
}

RunResult Simulator::run() {
  boot();
  control_.start();
  recompute_deadline();
  if (profiler_) profiler_->before_run();
  uint32_t pc = cpu_->reg(Reg::PC);
  while (!control_.stopping()) {
    control_.engine_started();
    memory_fault_.reset();
    CpuStop stop = cpu_->start(pc);
    if (semihosting_->exit_code() || control_.stopping()) break;
    handle_cpu_stop(stop);
    pc = control_.resume_address(cpu_->reg(Reg::PC));
  }
  std::fflush(options_.firmware_out);
  uint64_t last_stall = timing_->take_block_stall();
  if (profiler_) profiler_->add_stall(last_stall);
  if (profiler_) {
    profile_ = profiler_->finish(now_, instret_, cpu_->reg(Reg::SP));
    profile_->cycles = now_;
    profile_->instructions = instret_;
    profile_->clock_hz = timing_->clocks().core_hz;
    profile_->timing = options_.timing;
  }
  RunResult result;
  result.instructions = instret_;
  result.cycles = now_;
  result.seconds = simulated_seconds();
  if (profile_) profile_->simulated_seconds = result.seconds;
  result.clock_hz = timing_->clocks().core_hz;
  if (rcc_) {
    result.clock_note = fmt::format("{}{}", describe_clock_source(board_.clock_tree, rcc_, clock_sources_),
                                    !timing_->clock_ever_changed() ? ", the reset clock: the firmware did not configure the clock" : "");
  }
  result.host_seconds = control_.host_seconds();
  result.caches = timing_->cache_statistics();
  if (profile_) profile_->caches = result.caches;
  if (semihosting_->exit_code() && !control_.stopping()) {
    result.reason = StopReason::Exited;
    result.firmware_exit_code = *semihosting_->exit_code();
  } else {
    result.reason = control_.reason().value_or(StopReason::Exited);
    result.message = control_.message();
    result.fault = control_.fault();
  }
  if (profile_) {
    profile_->exit_code = result.process_exit_code();
    static const char* const kReasons[] = {"exit", "fault", "instruction-limit", "cycle-limit", "timeout", "stuck", "output-limit"};
    profile_->stop_reason = kReasons[static_cast<int>(result.reason)];
  }
  return result;
}

}  // namespace mcusim
