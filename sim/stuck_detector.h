// Stuck detection: a firmware that waits for something that will never
// happen ends the run quickly, saying what it waited for. Two rules:
//  - a polling loop (HotBlock::kPollingLoop) entered twice in a row with the
//    same registers depends only on what it loads: a device register that
//    never changes on its own, Flash or unmapped space make it endless now;
//    RAM only an interrupt handler can change, so then the idle rule applies;
//  - idle: the thread waits (a spin, WFI, a polling loop on RAM) at the same
//    place with the same registers for --idle-limit seconds of simulated time
//    while only interrupt handlers run;
//  - SVC in a loop (sim/svc_loop.h, sim/stuck_detector_svc.cpp): the thread
//    repeats one SVC call with the same registers, endless at once when RAM
//    repeats too and nothing can interrupt, else idle after --idle-limit.
// It reads the machine and never changes it; the simulator stops the run.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/board.h"
#include "sim/cpu.h"
#include "sim/device_bus.h"
#include "sim/disassembler.h"
#include "sim/exception_state.h"
#include "sim/exception_unit.h"
#include "sim/memory_map.h"
#include "sim/svc_loop.h"
#include "sim/symbolizer.h"

namespace mcusim {

class StuckDetector {
 public:
  struct Machine {
    const Cpu& cpu;
    const MemoryMap& memory;
    const Board& board;
    const DeviceBus& bus;
    const Disassembler& disassembler;
    const ExceptionState& exceptions;
    const ExceptionUnit& exception_unit;
    const Symbolizer& symbolizer;
  };
  // idle_limit_seconds: simulated seconds of idling that end the run; 0 never.
  StuckDetector(Machine machine, double idle_limit_seconds);

  // Whether polling_loop() looks at the `visit`-th entry of a polling loop:
  // it samples the loop on visits 1 and 2 of every 1024, so that the block
  // hook calls it only then.
  static bool looks_at_visit(uint32_t visit) { return (visit & 1023) - 1u < 2u; }
  // A polling loop block at `address` (`size` bytes, `instructions` long) was
  // entered for the `visit`-th time; instret: instructions so far including
  // this block, seconds: simulated time. A message when the loop can never end.
  std::optional<std::string> polling_loop(uint32_t block, uint32_t address, uint32_t size, uint32_t instructions,
                                          uint32_t visit, uint64_t instret, double seconds);
  // The thread waits at `pc` (`what`: "waits for an interrupt (WFI/WFE)", ...)
  // at simulated time `seconds`. A message when it has idled too long.
  std::optional<std::string> idle(uint32_t pc, const char* what, double seconds);
  // Whether a timer event can ever interrupt code running at `threshold` priority.
  bool interrupt_can_arrive(int threshold) const;
  // The thread executes SVC at `pc`, with `output_bytes` of firmware output so
  // far. A message when it only repeats that call.
  std::optional<std::string> svc_call(uint32_t pc, uint64_t output_bytes, double seconds);
  // An exception returned to thread mode, whose stack pointer is now `sp`.
  // Another stack than the idling thread's is another RTOS task resumed
  // (a context switch): a thread ran, so the idling starts over (an idle
  // task in WFI resumes with the very registers it had).
  void thread_resumed(uint32_t sp) {
    svc_.on_thread_resumed(sp);
    if (idle_.since >= 0 && sp != idle_.regs[static_cast<size_t>(Reg::SP)]) idle_.since = -1;
  }

 private:
  std::array<uint32_t, 15> core_registers() const;
  uint64_t ram_fingerprint() const;

  Machine m_;
  double idle_limit_;
  struct Sample {  // a polling loop's entry
    uint32_t block = 0, visit = 0;
    uint64_t instret = 0;
    std::array<uint32_t, 15> regs{};
  } poll_sample_;
  struct IdleState {
    uint32_t pc = 0;
    std::array<uint32_t, 15> regs{};
    std::vector<uint32_t> memory;  // addresses and values of the RAM words the loop reads
    double since = -1;
  } idle_;
  SvcLoopWatch svc_;
};

}  // namespace mcusim
