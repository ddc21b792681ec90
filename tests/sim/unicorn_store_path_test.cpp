// mcusim's replacement of Unicorn 2.0.1's per-store page collection
// (sim/unicorn_store_path.cpp) is what the engine calls: if the library
// bound its own functions instead (another build, other link flags), every
// guest store would allocate again and this test fails.
#include "sim/unicorn_store_path.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "sim/cpu.h"

namespace mcusim {
namespace {

// str r0, [r1]; adds r1, #4; str r0, [r1]; wfi (WFI ends uc_emu_start).
constexpr uint16_t kTwoStores[] = {0x6008, 0x3104, 0x6008, 0xbf30};

TEST(UnicornStorePathTest, GuestStoresCallMcusimsPageCollection) {
  Cpu cpu(CoreKind::CortexM4);
  std::vector<uint8_t> code(1024), data(1024);
  std::memcpy(code.data(), kTwoStores, sizeof kTwoStores);
  cpu.map_host(0x00000000, 1024, true, false, true, code.data());
  cpu.map_host(0x20000000, 1024, true, true, false, data.data());
  cpu.set_reg(Reg::R0, 0x12345678);
  cpu.set_reg(Reg::R1, 0x20000000);

  uint64_t before = store_path_collections();
  ASSERT_EQ(cpu.start(0x00000000), CpuStop::Ok) << cpu.last_error();
  EXPECT_GE(store_path_collections() - before, 2u) << "one collection per store to RAM";

  uint32_t first = 0, second = 0;
  std::memcpy(&first, data.data(), 4);
  std::memcpy(&second, data.data() + 4, 4);
  EXPECT_EQ(first, 0x12345678u);
  EXPECT_EQ(second, 0x12345678u);
}

TEST(UnicornStorePathTest, StoreOverTranslatedCodeStillRunsTheNewCode) {
  // The self-modifying-code check still runs between the two functions:
  // code in writable RAM, run once, rewritten by a guest store, run again.
  // movs r0, #1; wfi  ->  movs r0, #2; wfi, the rewrite done by the guest:
  // at 0x100: ldr r2, =0xbf302002 (literal); str r2, [r3]; wfi.
  Cpu cpu(CoreKind::CortexM4);
  std::vector<uint8_t> ram(2048);
  const uint16_t first_code[] = {0x2001, 0xbf30};                  // movs r0, #1; wfi
  const uint16_t rewriter[] = {0x4a01, 0x601a, 0xbf30, 0xbf00};   // ldr r2, [pc, #4]; str r2, [r3]; wfi; nop
  const uint32_t new_code = 0xbf302002;                           // movs r0, #2; wfi
  std::memcpy(ram.data(), first_code, sizeof first_code);
  std::memcpy(ram.data() + 0x100, rewriter, sizeof rewriter);
  std::memcpy(ram.data() + 0x108, &new_code, 4);
  cpu.map_host(0x20000000, 2048, true, true, true, ram.data());

  ASSERT_EQ(cpu.start(0x20000000), CpuStop::Ok) << cpu.last_error();
  EXPECT_EQ(cpu.reg(Reg::R0), 1u);
  cpu.set_reg(Reg::R3, 0x20000000);
  ASSERT_EQ(cpu.start(0x20000100), CpuStop::Ok) << cpu.last_error();
  ASSERT_EQ(cpu.start(0x20000000), CpuStop::Ok) << cpu.last_error();
  EXPECT_EQ(cpu.reg(Reg::R0), 2u) << "the translation of the old bytes ran again";
}

TEST(UnicornStorePathTest, RegionLookupsAreRememberedOnThisLibrary) {
  Cpu cpu(CoreKind::CortexM4);
  std::vector<uint8_t> data(1024);
  cpu.map_host(0x20000000, 1024, true, true, false, data.data());
  EXPECT_TRUE(region_lookups_remembered()) << "Unicorn's region record no longer has its bounds where 2.0.1 keeps them";
}

// Stores whose region lookup was answered from memory, then the region
// changed: the next store must see the change, not the remembered region.
struct StoringCpu {
  Cpu cpu{CoreKind::CortexM4};
  std::vector<uint8_t> code = std::vector<uint8_t>(1024), data = std::vector<uint8_t>(1024),
                       other = std::vector<uint8_t>(1024);
  StoringCpu() {
    std::memcpy(code.data(), kTwoStores, sizeof kTwoStores);
    cpu.map_host(0x00000000, 1024, true, false, true, code.data());
    cpu.map_host(0x20000000, 1024, true, true, false, data.data());
  }
  CpuStop store_to(uint32_t address) {
    cpu.set_reg(Reg::R1, address);
    return cpu.start(0x00000000);
  }
};

TEST(UnicornStorePathTest, AStoreToAnUnmappedRegionFaultsAfterStoresToIt) {
  StoringCpu s;
  ASSERT_EQ(s.store_to(0x20000000), CpuStop::Ok) << s.cpu.last_error();
  s.cpu.unmap(0x20000000, 1024);
  EXPECT_EQ(s.store_to(0x20000000), CpuStop::WriteUnmapped);
}

TEST(UnicornStorePathTest, RemappingARegionReadOnlyMakesTheNextStoreFault) {
  StoringCpu s;
  ASSERT_EQ(s.store_to(0x20000000), CpuStop::Ok) << s.cpu.last_error();
  s.cpu.unmap(0x20000000, 1024);
  // Another writable region first, so that the engine's record of it may
  // take the memory of the unmapped one's (a remembered pointer to it would
  // then describe a writable region).
  s.cpu.map_host(0x30000000, 1024, true, true, false, s.other.data());
  s.cpu.map_host(0x20000000, 1024, true, false, false, s.data.data());
  EXPECT_EQ(s.store_to(0x20000000), CpuStop::WriteProtected);
  EXPECT_EQ(s.store_to(0x30000000), CpuStop::Ok) << s.cpu.last_error();
}

}  // namespace
}  // namespace mcusim
