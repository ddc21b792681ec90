// The simulator: one board, one firmware, one run.
//
// Owns the CPU, memory, devices and exception unit, boots the firmware like
// the core does and runs it until it exits, faults or hits a limit. The
// per-block hook is the hot path: it adds precomputed block figures to the
// counters and does anything else only when a deadline says so.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "peripherals/clock_tree.h"
#include "peripherals/devices.h"
#include "peripherals/register_block.h"
#include "peripherals/semihosting.h"
#include "profiler/observer_types.h"
#include "profiler/profile.h"
#include "sim/alignment_checker.h"
#include "sim/board.h"
#include "sim/cpu.h"
#include "sim/device_bus.h"
#include "sim/disassembler.h"
#include "sim/elf_image.h"
#include "sim/exception_state.h"
#include "sim/exception_unit.h"
#include "sim/memory_layout.h"
#include "sim/memory_map.h"
#include "sim/run_control.h"
#include "sim/stuck_detector.h"
#include "sim/symbolizer.h"
#include "sim/timing/branch_predictor.h"
#include "sim/timing/cycle_model.h"
#include "sim/timing/memory_system.h"
#include "sim/timing/timing_engine.h"
#include "sim/zeroed_array.h"

namespace mcusim {

class RunProfiler;  // profiler/run_profiler.h: the observer the simulator owns

class BlockTimer;

struct RunOptions {
  uint64_t max_instructions = 10'000'000'000ull;  // 0: unlimited
  uint64_t max_cycles = 0;                        // 0: unlimited
  double timeout_seconds = 0;                     // 0: none (wall clock; not deterministic)
  uint64_t max_output = 64ull << 20;              // bytes of firmware output; 0: unlimited
  bool strict = false;                            // unmapped accesses are bus faults
  bool stack_check = true;                        // report SP below the stack limit
  bool alignment_checks = true;                   // UsageFault on unaligned LDM/LDRD/... (sim/alignment.h)
  // A firmware that only sleeps or spins in one loop, with nothing but
  // interrupt handlers running, for this much simulated time is idle: the run
  // stops (exit 124). 0: never.
  double idle_limit_seconds = 10;
  std::vector<std::string> firmware_args;
  std::string semihosting_root;
  std::FILE* firmware_out = stdout;  // firmware output (UART, ITM port 0, semihosting stdout)
  std::FILE* messages = stderr;      // mcusim's own messages and semihosting stderr
  // "fast": the cycle model (per-block costs, branch outcomes, static region
  // guesses); "accurate": the same plus per-access memory timing through
  // simulated caches and Flash accelerator; "instructions": one cycle per
  // instruction.
  std::string timing = "fast";
  bool profile = false;              // attribution, layers and memory (RunProfiler)
  ProfileOptions profile_options;
};

struct RunResult {
  StopReason reason = StopReason::Exited;
  int firmware_exit_code = 0;
  uint64_t instructions = 0;
  uint64_t cycles = 0;
  double seconds = 0;        // simulated time: cycles at the core clock in force when each ran
  uint64_t clock_hz = 0;     // the core clock at the end of the run (the firmware may have set it)
  std::string clock_note;    // how that clock came about, when it is not the board's nominal one
  double host_seconds = 0;
  std::vector<CacheStats> caches;  // --timing accurate: hits and misses of each cache
  std::string message;  // for every reason but Exited: what and where
  std::optional<FaultInfo> fault;
  int process_exit_code() const;
};

// What the per-block hook reads for a block it has seen: one 16-byte record
// per code halfword, so the hot path costs one memory access (docs/speed.md).
struct HotBlock {
  // flags; bits 2-3: FetchPath. kFlashData: fast timing has Flash work at
  // the block's entry (BlockInfo::fetch_path, stall_fraction, stream_bytes,
  // flash_reads).
  static constexpr uint8_t kWritesSp = 1, kSelfLoop = 2, kFetchShift = 2, kMayLowerSp = 16, kAlignmentChecks = 32,
                           kPollingLoop = 64, kFlashData = 128;
  uint32_t index = 0;          // into the simulator's BlockInfo list (0: not seen)
  uint32_t cycles = 0;         // as BlockInfo
  uint16_t size = 0;           // 0: not seen
  uint16_t instructions = 0;
  uint8_t taken_extra = 0, branch_entry = 0;  // (M7's mispredict cost: the timing engine's own record)
  uint8_t flags = 0;
  uint8_t fp_link = BlockTiming::kNoFpInstruction;  // BlockCost::fp_link (M4 FP unit across the boundary)
  FetchPath fetch_path() const { return static_cast<FetchPath>((flags >> kFetchShift) & 3); }
};
static_assert(sizeof(HotBlock) == 16);

// Fast timing: a walk through a data object whose size decides the block's
// charge (Flash behind a cache or an accelerator's data lines), watched at
// the block's entries (Simulator::walk_moved). The access reads
// reg[base] + offset; `object` held it at first sight, and `streams` is the
// charge that object's size gave.
struct WalkWatch {
  int8_t base = -1;  // < 0: nothing watched
  bool streams = false;
  uint32_t offset = 0;
  DataExtent object;
};

// Per translated block, computed at first sight.
struct BlockInfo {
  uint32_t address = 0;
  uint32_t size = 0;
  uint32_t instructions = 0;
  uint32_t cycles = 0;               // when it falls through (charged at entry)
  uint32_t taken_extra = 0;          // more when its last instruction branches
  uint32_t branch_entry = 0;         // more when entered by a taken branch
  FetchPath fetch_path = FetchPath::Static;  // accurate timing: fetches timed through a cache
  uint8_t stall_fraction = 0;        // fast timing: streaming stall below a cycle, 1/256 cycles (BlockCost)
  // Fast timing: Flash streamed through an accelerator's data lines per
  // execution, and the block's other Flash reads (BlockCost).
  uint32_t stream_bytes = 0;
  FlashReads flash_reads;
  bool flash_data_side = false;      // fast timing: any of the three above (flash_data_of)
  ArtFetchMemo fetch_memo;           // fast timing: its fetch through an accelerator's lines (fetch_path)
  // Fast timing: a walk whose table decides the block's charge; the block's
  // timing for tables of the other kind (its index, 0: not timed yet) and
  // its hook entry, which the walk switches to and back.
  WalkWatch walk;
  uint32_t other_kind = 0;
  HotBlock entry;
  std::vector<uint16_t> cycles_before;  // per instruction, for mid-block DWT reads
  uint64_t executions = 0;          // counted only when profiling
  // Profiling: cycles charged to the block beyond `cycles` per execution
  // (taken-branch refill, mispredicts, cache fetches, data stalls), so
  // per-instruction figures add up to the functions' self cycles.
  // May be negative: an M7 block that starts in the previous block's last
  // cycle is charged one cycle less.
  int64_t extra_cycles = 0;
  bool writes_sp = false;
  bool may_lower_sp = false;
  bool selects_thread_stack = false;  // MSR PSP / MSR CONTROL (DecodedInsn): checked after it, when profiling
  bool self_loop = false;  // `b .` or equivalent: can only be left by an exception
  bool polling = false;    // loads and branches back to itself (sim/spin_loop.h): watched for stuck polling
  uint32_t poll_visits = 0;
  BlockProfileInfo profile;  // filled only when profiling
};

class Simulator final : private DeviceContext, private ItmListener {
 public:
  // Validates that the image fits the board; throws InputError otherwise.
  Simulator(Board board, ElfImage image, RunOptions options);
  ~Simulator() override;

  RunResult run();

  const Board& board() const { return board_; }
  const ElfImage& image() const { return image_; }
  const Symbolizer& symbolizer() const { return *symbolizer_; }
  const std::vector<BlockInfo>& blocks() const { return blocks_; }
  uint64_t cycles() const { return now_; }
  uint64_t instructions() const { return instret_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  // The measured profile, after run() with RunOptions::profile.
  const std::optional<Profile>& profile() const { return profile_; }
  // Moves the profile out (no copy of its spans and stacks).
  std::optional<Profile> take_profile() { return std::exchange(profile_, std::nullopt); }

 private:
  // Unicorn callbacks (plain functions: the engine calls them directly).
  // kPaired: the timing engine's paired() (M7).
  template <bool kProfile, bool kAccurate, bool kPaired>
  static void on_block(uc_struct*, uint64_t address, uint32_t size, void* self);
  // The block hook's every case; on_block() takes the common one itself.
  // The hook's out-of-line paths take no engine handle (none of them uses
  // it): on_block's lean path then has the handle's register to spare.
  template <bool kProfile, bool kAccurate, bool kPaired>
  [[gnu::noinline]] static void on_block_full(Simulator& s, uint32_t address, uint32_t size);
  // on_block_full once the block's record is known and its entry checked:
  // the stack pointer after an SP-writing block, the charge and the
  // profile. A profiled run's lean path comes here for its blocks that
  // settle a call or return or follow an SP write, with the tests and the
  // look-up it has already made not made again.
  template <bool kProfile, bool kAccurate, bool kPaired>
  [[gnu::noinline]] static void on_known_block(Simulator& s, uint32_t address, uint32_t size, const HotBlock& b);
  // Its body, inline in on_block_full too (a call there cost fast timing
  // 0.5% on store-heavy code: the SP checks after every push).
  template <bool kProfile, bool kAccurate, bool kPaired>
  [[gnu::always_inline]] static inline void known_block(Simulator& s, uint32_t address, uint32_t size,
                                                        const HotBlock& b);
  // The lean path's case of a checked block entered other than from its
  // loop: the entry check and the charge, none of on_block_full's tests again.
  template <bool kAccurate, bool kPaired>
  [[gnu::noinline]] static void on_checked_entry(Simulator& s, uint32_t address, uint32_t size);
  template <bool kAccurate, bool kPaired>
  [[gnu::noinline]] static void on_flash_data_entry(Simulator& s, uint32_t address, uint32_t size);
  template <bool kAccurate, bool kPaired>
  [[gnu::noinline]] static void on_watched_entry(Simulator& s, uint32_t address, uint32_t size);
  template <bool kAccurate, bool kPaired>
  [[gnu::always_inline]] static inline void flash_data_entry(Simulator& s, uint32_t address, uint32_t size, const HotBlock& b,
                                                             BlockInfo& info);
  // The lean path's charge on a paired core (M7): the paired entry inlined
  // here, out of the hook, so the hook's common path stays call-free.
  // kProfile: a quiet block of a profiled run (RunProfiler::quiet), its
  // cost added to the profile as on_block_full would.
  template <bool kProfile, bool kAccurate>
  [[gnu::noinline]] static void on_paired_block(Simulator& s, uint32_t address, uint32_t size, const HotBlock& b);
  // on_paired_block's charge when the branch predictor has work
  // (TimingEngine::entry_settled() does not hold), in tail position.
  template <bool kAccurate>
  [[gnu::noinline]] static void on_unsettled_paired_block(Simulator& s, uint32_t address, uint32_t size,
                                                          const HotBlock& b);
  static void on_division(uc_struct*, uint64_t address, uint32_t size, void* site);
  static void on_msp_write(uc_struct*, uint64_t address, uint32_t size, void* site);
  static void on_fp_instruction(uc_struct*, uint64_t address, uint32_t size, void* self);
  static void on_interrupt(uc_struct*, uint32_t intno, void* self);
  static bool on_invalid_memory(uc_struct*, int type, uint64_t address, int size, int64_t value, void* self);

  // DeviceContext
  uint64_t cycles_now() const override;
  ExceptionState& exceptions() override { return exceptions_; }
  void exceptions_changed() override { deadline_ = 0; }
  void timing_changed() override { deadline_ = 0; }
  void firmware_output(std::string_view text) override;
  const Clocks& clocks() const override { return timing_->clocks(); }
  double seconds_now() const override { return timing_->seconds(cycles_now()); }
  void set_clocks(const Clocks& clocks) override;
  bool read_memory(uint32_t address, void* out, size_t length) const override { return memory_.read(address, out, length); }
  void flash_accelerator(bool instructions, bool data, bool prefetch) override {
    timing_->set_accelerator(instructions, data, prefetch);
    deadline_ = 0;  // re-time blocks at the next block (service_deadline)
  }
  // ItmListener
  void on_stimulus(uint32_t port, uint32_t value) override;

  void set_up_devices();
  void attach_register_code(Device& device, const PeripheralSpec& spec);
  void update_clocks_from_rcc();
  double simulated_seconds() const;
  // Polling loops (HotBlock::kPollingLoop): stops the run when one can never end.
  void watch_polling_loop(uint32_t index, uint32_t address);
  void boot();
  // The block hook's rare paths, out of line so that its common path keeps a
  // small frame (docs/speed.md, "Seventh session").
  uint32_t first_sight(uint32_t address, uint32_t size);  // index into blocks_, 0: re-run the block
  // SP is below the stack limit: true when that is an overflow (reported, the run stops).
  [[gnu::cold, gnu::noinline]] bool stack_overflowed(uint32_t address, uint32_t sp);
  HotBlock& hot_entry(uint32_t address);
  // The block hook's charge for block `b` entered at `address`: the
  // previous block's branch outcome, this block's cycles. Returns the cycle
  // it was entered at.
  // kInlinePaired: the paired entry inline (on_paired_block), not a call.
  // kSettled (with kInlinePaired): TimingEngine::entry_settled() holds.
  template <bool kAccurate, bool kPaired, bool kInlinePaired = false, bool kSettled = false>
  [[gnu::always_inline]] inline uint64_t charge_block(const HotBlock& b, uint32_t address, uint32_t size);
  // Fast timing's Flash data work at a block's entry (docs/timing-model.md,
  // "Data in Flash"); blocks with any take a step of their own off the
  // hook's common path (on_flash_data_entry) or the full path. Streaming
  // stalls below a cycle are added up over executions, a whole cycle charged
  // each time they reach one. The block's other Flash reads cost what the
  // line estimate says, taken before its own walk (the next execution sees
  // this one's walk either way).
  void flash_data_at_entry(uint32_t index) {
    BlockInfo& b = blocks_[index];
    // Only fast timing's blocks have this work; a fetch through the
    // accelerator's instruction lines (TimingEngine::fast_fetch_path) comes
    // first. Charged after the entry, it does not overlap an FP unit's wait
    // there as accurate timing's does (a cycle or two after FP code). The
    // block's instructions start after it (a DWT CYCCNT read in it sees it).
    if (b.fetch_path != FetchPath::Static) {
      const uint64_t stall = timing_->fast_fetch(b.fetch_path, b.address, b.address + b.size, b.fetch_memo);
      now_ += stall;
      block_start_cycles_ += stall;
    }
    if (b.flash_data_side) flash_data_of(b);
  }
  // Fast timing: the walk `b` watches, at an entry of the block. When it
  // has moved into a table of the other kind (held <-> streamed), the
  // block is charged as for that kind from this entry on: kernels run every
  // layer of a kind through the same code, so the first layer's table
  // would otherwise decide for all (docs/timing-model.md, "Data in Flash").
  // Checked before block `index` is charged, unless it loops on itself (a
  // loop's walk changes tables when the loop is entered again); true: the
  // block's hook entry changed (to its timing for the other kind, or to
  // none: it is timed again now, with the registers of this entry), and the
  // entry starts over.
  [[gnu::always_inline]] bool walk_moved(BlockInfo& b, uint32_t index) {
    if (current_block_ == index) return false;
    const uint32_t at = cpu_->live_regs()[b.walk.base] + b.walk.offset;
    if (at - b.walk.object.begin < b.walk.object.size) [[likely]] return false;
    return walk_changed_tables(b, at);
  }
  [[gnu::noinline]] bool walk_changed_tables(BlockInfo& b, uint32_t at);
  // At first sight: the walk to watch, if any (WalkWatch).
  void watch_walk(BlockInfo& b, const std::vector<DecodedInsn>& insns);
  // flash_data_at_entry's data side.
  [[gnu::noinline]] void flash_data_of(const BlockInfo& b) {
    stall_256ths_ += b.stall_fraction;
    now_ += stall_256ths_ >> 8;
    stall_256ths_ &= 255;
    if (!b.flash_reads.reads.empty()) now_ += flash_lines_.read(b.flash_reads);
    flash_lines_.stream(b.stream_bytes);
  }
  // Drops the block's translation and stops the engine so the block runs
  // again from its start (new hooks are then in it).
  void rerun_block(uint32_t address, uint32_t size);
  bool service_deadline(uint32_t address);  // true: the block must not be counted
  void recompute_deadline();
  void request_stop(StopReason reason, std::string message);
  void handle_cpu_stop(CpuStop stop);
  void take_fault(int fault, uint32_t pc, uint32_t cfsr_bits, std::optional<uint32_t> address, std::string what);
  void report_fault(std::string kind, uint32_t pc, std::optional<uint32_t> address, std::string what);
  bool handler_is_endless_loop(int exception) const;
  bool report_bad_vector(int exception, uint32_t pc);  // true: reported, the run stops
  bool sleep_until_event(uint32_t resume_pc, const char* what, bool wfi);
  bool enter_exception(int exception, uint32_t return_address);
  // The thread's stack pointer while in thread mode, else 0: how the
  // profiler tells an RTOS's threads apart at exception entry and return.
  uint32_t thread_sp() const { return exceptions_.current == 0 ? cpu_->reg(Reg::SP) : 0; }
  // The instruction of the current block that accessed `address`; the
  // `occurrence`-th match when several do (the engine's PC is the block's).
  uint32_t locate_faulting_instruction(uint32_t fault_address, uint32_t occurrence = 0) const;
  void note_unmapped(uint32_t address, bool write);
  // After a block that wrote PSP or CONTROL (profiling only): thread mode
  // may now run on another stack, a thread entered by a jump.
  void thread_stack_selected();
  std::string masked_interrupts(bool wfi) const;
  mutable uint32_t located_block_ = 0;               // the block located_insns_ decodes
  mutable std::vector<DecodedInsn> located_insns_;
  std::string where(uint32_t pc) const;

  Board board_;
  ElfImage image_;
  RunOptions options_;
  std::unique_ptr<Symbolizer> symbolizer_;
  Disassembler disassembler_;
  MemoryMap memory_;
  std::unique_ptr<Cpu> cpu_;
  ExceptionState exceptions_;
  std::unique_ptr<ExceptionUnit> exception_unit_;
  std::unique_ptr<DeviceBus> bus_;
  std::unique_ptr<Semihosting> semihosting_;
  ItmListener* itm_listener_ = nullptr;

  // Hot-path state.
  uint64_t now_ = 0;          // modelled cycles
  uint32_t stall_256ths_ = 0; // flash_data_at_entry: below one cycle, in 1/256 cycles
  FlashLineEstimate flash_lines_;  // flash_data_at_entry: an accelerator's data lines, in fast timing
  uint64_t instret_ = 0;      // instructions retired
  uint64_t deadline_ = 0;     // service_deadline() runs when now_ reaches it
  uint32_t table_base_ = 0, table_halfwords_ = 0;
  ZeroedArray<HotBlock> block_table_;  // per halfword of the boot code region
  std::unordered_map<uint32_t, HotBlock> other_blocks_;  // code outside that region (node-stable)
  std::vector<BlockInfo> blocks_;
  uint32_t current_block_ = 0;
  uint64_t block_start_cycles_ = 0;
  uint64_t mmio_block_serial_ = ~0ull;  // block execution (instret_ at its entry) the counts below belong to
  std::vector<std::pair<uint32_t, uint32_t>> mmio_seen_;  // address, accesses so far in this block
  std::unique_ptr<TimingEngine> timing_;
  // The core state block descriptions assume beyond timing: CCR.UNALIGN_TRP
  // and CPACR decide which instructions first_sight hooks.
  uint32_t hooked_state_ = 0;
  uint32_t hook_state() const;
  bool check_sp_ = false;
  uint32_t last_sp_ = 0;  // SP as last read (after a block that moved it)
  uint64_t exception_exit_instret_ = UINT64_MAX;  // instret_ at the last exception return
  // Profiling: SP is the PSP now (thread mode with CONTROL.SPSEL), kept at
  // exception entry and return and at thread-mode MSRs, so the per-block
  // SP check feeds only the main stack's figure (an RTOS's thread stacks
  // may lie anywhere, above the static data too: ThreadX's byte pool in
  // the memory after .bss) without reading CONTROL per block.
  bool sp_is_psp_ = false;
  uint32_t stack_limit_ = 0, stack_top_ = 0, heap_base_ = 0, heap_limit_ = 0;
  uint32_t checked_stack_top_ = 0;  // the top of the main stack the overflow check bounds (moves with MSR MSP)
  std::unique_ptr<RunProfiler> profiler_;
  std::optional<Profile> profile_;
  std::string stack_limit_source_;
  MemoryLayout layout_;  // where the stack and heap are (sim/memory_layout.h)

  // The clock tree (peripherals/clock_tree.h): the RCC block the clocks come from.
  ClockSources clock_sources_;
  RegisterBlock* rcc_ = nullptr;
  std::unique_ptr<StuckDetector> stuck_;
  RunControl control_;
  struct PendingMemoryFault {
    int type;
    uint32_t address;
  };
  std::optional<PendingMemoryFault> memory_fault_;
  std::set<uint32_t> reported_unmapped_;
  std::vector<std::string> warnings_;
  // A hooked SDIV/UDIV: its operands, decoded once; the hook's user data.
  struct DivisionSite {
    Simulator* sim;
    Reg dividend, divisor;
    bool is_signed;
  };
  std::deque<DivisionSite> division_sites_;  // stable addresses
  struct MspSite {  // an MSR MSP, Rn
    Simulator* sim;
    Reg source;
  };
  std::deque<MspSite> msp_sites_;
  std::set<uint32_t> msp_hooks_;
  std::unique_ptr<AlignmentChecker> alignment_;  // null with --no-alignment-checks
  std::set<uint32_t> division_hooks_, fp_hooks_;
};

}  // namespace mcusim
