// Cpu's direct reads of the engine's live r0-r14 (sim/live_registers.h)
// against the engine's own reads (read_regs: uc_reg_read_batch), over real
// code: a loop of blocks writing every register, a code hook, an SVC taken
// as mcusim takes exceptions (ExceptionUnit: frame pushed, PSP -> MSP), the
// handler's blocks; and the same run with the fallback forced.
#include "sim/cpu.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <vector>

#include "../cli/cli_runner.h"
#include "sim/board.h"
#include "sim/elf_image.h"
#include "sim/exception_state.h"
#include "sim/exception_unit.h"
#include "sim/memory_map.h"

namespace mcusim {
namespace {

constexpr uint32_t kFlash = 0, kRam = 0x20000000, kSize = 0x10000;
constexpr uint32_t kStart = 0x100, kHooked = 0x13a, kHandler = 0x160, kHandlerEnd = 0x16c;
constexpr uint32_t kMsp = 0x20008000, kPsp = 0x20007f00;
constexpr int kSvcInterrupt = 2;  // Unicorn's EXCP_SWI

// GNU as output (-mcpu=cortex-m4 -mthumb) of, from kStart:
//   movs r0,#0; loop: adds r0,#1; add r1,r0,#7; eor r2,r1,r0; add r3,r2,r1;
//   add r4,r3,#1; add r5,r4,r0; add r6,r5,#9; add r7,r6,r0; add r8,r7,#1;
//   add r9,r8,r0; add r10,r9,#3; add r11,r10,r0; add r12,r11,#5; mov lr,r12;
//   sub sp,#8; str r0,[sp]; kHooked: ldr r3,[sp]; add sp,#8; cmp r0,#40;
//   bne loop; movw/movt r0,#kPsp; msr psp,r0; movs r0,#2; msr control,r0;
//   isb; sub sp,#16; movs r0,#77; svc #0; b .
//   kHandler: adds r0,#1; mov r1,sp; push {r0,r1}; pop {r2,r3};
//   adds r2,r3; b kHandlerEnd; kHandlerEnd: b .
constexpr uint16_t kProgram[] = {
    0x2000, 0x3001, 0xf100, 0x0107, 0xea81, 0x0200, 0xeb02, 0x0301, 0xf103, 0x0401, 0xeb04, 0x0500,
    0xf105, 0x0609, 0xeb06, 0x0700, 0xf107, 0x0801, 0xeb08, 0x0900, 0xf109, 0x0a03, 0xeb0a, 0x0b00,
    0xf10b, 0x0c05, 0x46e6, 0xb082, 0x9000, 0x9b00, 0xb002, 0x2828, 0xd1df, 0xf647, 0x7000, 0xf2c2,
    0x0000, 0xf380, 0x8809, 0x2002, 0xf380, 0x8814, 0xf3bf, 0x8f6f, 0xb084, 0x204d, 0xdf00, 0xe7fe,
    0x3001, 0x4669, 0xb403, 0xbc0c, 0x18d2, 0xe7ff, 0xe7fe};

class HostMemory : public GuestMemory {
 public:
  std::vector<uint8_t> flash = std::vector<uint8_t>(kSize), ram = std::vector<uint8_t>(kSize);
  uint8_t* at(uint32_t address, size_t length) const {
    auto* self = const_cast<HostMemory*>(this);
    if (address >= kFlash && address + length <= kFlash + kSize) return self->flash.data() + (address - kFlash);
    if (address >= kRam && address + length <= kRam + kSize) return self->ram.data() + (address - kRam);
    return nullptr;
  }
  bool read(uint32_t address, void* out, size_t length) const override {
    uint8_t* p = at(address, length);
    return p && (std::memcpy(out, p, length), true);
  }
  bool write(uint32_t address, const void* data, size_t length) override {
    uint8_t* p = at(address, length);
    return p && (std::memcpy(p, data, length), true);
  }
};

struct GuestRun {
  Cpu cpu;
  HostMemory memory;
  ExceptionState state;
  ExceptionUnit exceptions{cpu, memory, state, true};
  int compared = 0, mismatches = 0, blocks = 0, hook_hits = 0, svcs = 0;
  uint32_t sp_in_handler = 0;
  bool done = false;

  explicit GuestRun(RegisterReads reads) : cpu(CoreKind::CortexM4, reads) {
    std::memcpy(memory.flash.data() + kStart, kProgram, sizeof kProgram);
    uint32_t svc_vector = kHandler | 1u;
    std::memcpy(memory.flash.data() + 4 * kSvCall, &svc_vector, 4);
    cpu.map_host(kFlash, kSize, true, false, true, memory.flash.data());
    cpu.map_host(kRam, kSize, true, true, false, memory.ram.data());
    cpu.set_reg(Reg::MSP, kMsp);
    cpu.set_reg(Reg::SP, kMsp);
    cpu.add_block_hook(&GuestRun::on_block, this);
    cpu.add_code_hook(&GuestRun::on_code, this, kHooked, kHooked);
    cpu.add_interrupt_hook(&GuestRun::on_interrupt, this);
  }

  // Every one of r0-r14 as Cpu::reg reads it and as the engine does.
  void compare() {
    std::array<int, 15> ids{};
    std::array<uint32_t, 15> engine{};
    std::array<void*, 15> ptrs{};
    for (int i = 0; i < 15; ++i) ids[i] = Cpu::engine_reg_id(static_cast<Reg>(i)), ptrs[i] = &engine[i];
    cpu.read_regs(ids.data(), ptrs.data(), 15);
    for (int i = 0; i < 15; ++i) {
      ++compared;
      if (cpu.reg(static_cast<Reg>(i)) != engine[i]) {
        ++mismatches;
        ADD_FAILURE() << "r" << i << ": " << cpu.reg(static_cast<Reg>(i)) << " read directly, " << engine[i]
                      << " by the engine";
      }
    }
  }

  static void on_block(uc_struct*, uint64_t address, uint32_t, void* self) {
    GuestRun& r = *static_cast<GuestRun*>(self);
    ++r.blocks;
    r.compare();
    if (address == kHandlerEnd) {
      r.sp_in_handler = r.cpu.reg(Reg::SP);
      r.done = true;
      r.cpu.stop();
    }
  }
  static void on_code(uc_struct*, uint64_t, uint32_t, void* self) {
    GuestRun& r = *static_cast<GuestRun*>(self);
    ++r.hook_hits;
    r.compare();
  }
  static void on_interrupt(uc_struct*, uint32_t intno, void* self) {
    GuestRun& r = *static_cast<GuestRun*>(self);
    if (intno != kSvcInterrupt) {
      r.cpu.stop();
      return;
    }
    ++r.svcs;
    r.compare();
    r.exceptions.enter(kSvCall, r.cpu.reg(Reg::PC));
    r.compare();  // after the entry: SP is now the MSP, less the frame
  }

  void run() {
    uint32_t pc = kStart;
    for (int starts = 0; !done && starts < 8; ++starts) {
      if (cpu.start(pc) != CpuStop::Ok) break;
      pc = cpu.reg(Reg::PC);
    }
  }
};

TEST(LiveRegistersTest, AreLocatedInThisUnicornBuild) {
  Cpu cpu(CoreKind::CortexM4);
  ASSERT_NE(cpu.live_regs(), nullptr);
  cpu.set_reg(Reg::R7, 0x1234567u);
  cpu.set_reg(Reg::SP, 0x20001000u);
  EXPECT_EQ(cpu.live_regs()[7], 0x1234567u);
  EXPECT_EQ(cpu.live_regs()[13], 0x20001000u);
}

TEST(LiveRegistersTest, EveryEngineHasItsOwnArray) {
  Cpu a(CoreKind::CortexM4), b(CoreKind::CortexM7);
  ASSERT_NE(a.live_regs(), nullptr);
  ASSERT_NE(b.live_regs(), nullptr);
  EXPECT_NE(a.live_regs(), b.live_regs());
  a.set_reg(Reg::R3, 3);
  b.set_reg(Reg::R3, 4);
  EXPECT_EQ(a.reg(Reg::R3), 3u);
  EXPECT_EQ(b.reg(Reg::R3), 4u);
}

TEST(LiveRegistersTest, EqualTheEnginesReadsInBlocksHooksAndAcrossAnExceptionEntry) {
  GuestRun r(RegisterReads::Live);
  ASSERT_NE(r.cpu.live_regs(), nullptr);
  r.run();
  ASSERT_TRUE(r.done);
  EXPECT_GE(r.blocks, 42);  // the loop's 40 passes, the code after it, the handler
  EXPECT_EQ(r.hook_hits, 40);
  EXPECT_EQ(r.svcs, 1);
  EXPECT_EQ(r.mismatches, 0);
  EXPECT_GE(r.compared, 15 * 80);
  // The frame went on the thread's PSP; the handler runs on the MSP.
  EXPECT_EQ(r.sp_in_handler, kMsp);
  EXPECT_EQ(r.cpu.reg(Reg::PSP), kPsp - 16 - 32);
}

TEST(LiveRegistersTest, TheEngineFallbackReadsTheSameWhenLocationIsOff) {
  GuestRun r(RegisterReads::Engine);
  EXPECT_EQ(r.cpu.live_regs(), nullptr);
  r.run();
  ASSERT_TRUE(r.done);
  EXPECT_EQ(r.hook_hits, 40);
  EXPECT_EQ(r.mismatches, 0);
  EXPECT_EQ(r.sp_in_handler, kMsp);
  EXPECT_EQ(r.cpu.reg(Reg::PSP), kPsp - 16 - 32);
  EXPECT_EQ(r.cpu.reg(Reg::R0), 78u);  // r0 as the handler left it: 77 + 1
}

// A real firmware's blocks (the fp32 convolution benchmark from reset;
// device accesses land on plain pages mapped on demand, as this bare
// engine has no devices): at every block entry the direct reads equal the
// engine's.
TEST(LiveRegistersTest, EqualTheEnginesReadsOverAFirmwaresBlocks) {
  ElfImage image = ElfImage::load(testing::firmware("bench_fp32conv_m4"));
  Board board = load_board("mps2-an386");
  MemoryMap memory{board};
  memory.load(image);
  Cpu cpu(CoreKind::CortexM4);
  ASSERT_NE(cpu.live_regs(), nullptr);
  memory.map_into(cpu);
  uint32_t vectors[2] = {};
  ASSERT_TRUE(memory.read(0, vectors, sizeof vectors));
  cpu.set_reg(Reg::MSP, vectors[0]);
  cpu.set_reg(Reg::SP, vectors[0]);
  struct Count {
    Cpu* cpu;
    int blocks = 0, mismatches = 0;
    std::vector<std::vector<uint8_t>> pages;
  } count{&cpu};
  cpu.add_invalid_memory_hook(
      [](uc_struct*, int, uint64_t address, int, int64_t, void* user) {
        Count& c = *static_cast<Count*>(user);
        if (c.pages.size() >= 64) return false;
        c.pages.emplace_back(0x1000);
        c.cpu->map_host(static_cast<uint32_t>(address) & ~0xFFFu, 0x1000, true, true, false, c.pages.back().data());
        return true;
      },
      &count);
  cpu.add_block_hook(
      [](uc_struct*, uint64_t, uint32_t, void* user) {
        Count& c = *static_cast<Count*>(user);
        std::array<int, 15> ids{};
        std::array<uint32_t, 15> engine{};
        std::array<void*, 15> ptrs{};
        for (int i = 0; i < 15; ++i) ids[i] = Cpu::engine_reg_id(static_cast<Reg>(i)), ptrs[i] = &engine[i];
        c.cpu->read_regs(ids.data(), ptrs.data(), 15);
        for (int i = 0; i < 15; ++i) c.mismatches += c.cpu->reg(static_cast<Reg>(i)) != engine[i];
        if (++c.blocks == 200000) c.cpu->stop();
      },
      &count);
  // Semihosting calls (BKPT 0xAB) return 0 and resume after the BKPT.
  cpu.add_interrupt_hook(
      [](uc_struct*, uint32_t intno, void* user) {
        Count& c = *static_cast<Count*>(user);
        if (intno != 7) return c.cpu->stop();
        c.cpu->set_reg(Reg::R0, 0);
        c.cpu->set_reg(Reg::PC, (c.cpu->reg(Reg::PC) + 2) | 1u);
      },
      &count);
  uint32_t pc = vectors[1];
  for (int starts = 0; starts < 1000 && count.blocks < 200000; ++starts) {
    if (cpu.start(pc) != CpuStop::Ok) break;
    pc = cpu.reg(Reg::PC);
  }
  EXPECT_EQ(count.blocks, 200000);  // into the convolution loops
  EXPECT_EQ(count.mismatches, 0);
}

}  // namespace
}  // namespace mcusim
