#include "scripts/bench/unicorn_alone.h"

#include <ctime>
#include <vector>
#include <cstdio>

#include "peripherals/semihosting.h"
#include "sim/cpu.h"
#include "sim/elf_image.h"
#include "sim/exception_state.h"
#include "sim/memory_layout.h"
#include "sim/memory_map.h"

namespace mcusim {

namespace {

// The little a semihosting call needs from a machine: no devices, no time.
class BareContext final : public DeviceContext {
 public:
  uint64_t cycles_now() const override { return 0; }
  ExceptionState& exceptions() override { return exceptions_; }
  void exceptions_changed() override {}
  void timing_changed() override {}
  void firmware_output(std::string_view) override {}
  const Clocks& clocks() const override { return clocks_; }
  void set_clocks(const Clocks& clocks) override { clocks_ = clocks; }
  bool read_memory(uint32_t address, void* out, size_t length) const override { return memory_.read(address, out, length); }
  explicit BareContext(const MemoryMap& memory) : memory_(memory) {}

 private:
  const MemoryMap& memory_;
  ExceptionState exceptions_;
  Clocks clocks_;
};

struct Machine {
  Cpu* cpu;
  MemoryMap* memory;
  Semihosting* semihosting;
};

void on_interrupt(uc_struct*, uint32_t intno, void* user) {
  auto& m = *static_cast<Machine*>(user);
  uint32_t pc = m.cpu->reg(Reg::PC);
  uint16_t insn = 0;
  m.memory->read(pc, &insn, 2);
  if (intno != 7 || insn != 0xBEAB) {  // anything but a semihosting BKPT ends the run
    m.cpu->stop();
    return;
  }
  m.cpu->set_reg(Reg::R0, m.semihosting->call(m.cpu->reg(Reg::R0), m.cpu->reg(Reg::R1)));
  if (m.semihosting->exit_code()) {
    m.cpu->stop();
    return;
  }
  m.cpu->set_reg(Reg::PC, (pc + 2) | 1u);
}

void count_block(uc_struct*, uint64_t, uint32_t, void* count) { ++*static_cast<uint64_t*>(count); }

}  // namespace

UnicornAloneResult run_unicorn_alone(const Board& board, const std::string& elf_path, const std::vector<std::string>& args,
                                     bool empty_block_hook) {
  ElfImage image = ElfImage::load(elf_path);
  MemoryMap memory(board);
  memory.load(image);
  Cpu cpu(board.core);
  memory.map_into(cpu);
  std::vector<uint8_t> system_space(0x1000);
  cpu.map_host(0xE000E000, 0x1000, true, true, false, system_space.data());
  uint32_t vectors[2] = {};
  memory.read(board.boot_address, vectors, sizeof vectors);
  MemoryLayout layout = find_memory_layout(image, board, vectors[0]);
  SemihostingConfig config;
  config.command_line = "bench";
  for (const std::string& a : args) config.command_line += " " + a;
  config.stack_base = vectors[0];
  config.stack_limit = layout.stack_limit.address;
  config.heap_base = layout.heap_base.address;
  config.heap_limit = layout.heap_limit.address;
  BareContext context(memory);
  std::FILE* devnull = std::fopen("/dev/null", "w");
  Semihosting semihosting(context, memory, config, devnull);
  Machine machine{&cpu, &memory, &semihosting};
  cpu.add_interrupt_hook(&on_interrupt, &machine);
  uint64_t blocks = 0;
  if (empty_block_hook) cpu.add_block_hook(&count_block, &blocks);
  cpu.set_reg(Reg::MSP, vectors[0] & ~3u);
  cpu.set_reg(Reg::SP, vectors[0] & ~3u);
  timespec start{}, end{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
  cpu.start(vectors[1]);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end);
  UnicornAloneResult r;
  r.host_seconds = static_cast<double>(end.tv_sec - start.tv_sec) + static_cast<double>(end.tv_nsec - start.tv_nsec) * 1e-9;
  r.blocks = blocks;
  if (semihosting.exit_code()) r.exited = true, r.exit_code = *semihosting.exit_code();
  std::fclose(devnull);
  return r;
}

}  // namespace mcusim
