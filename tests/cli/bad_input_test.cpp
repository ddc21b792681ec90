// Every kind of bad input ends with a clear message and a documented exit
// code: never a crash (status > 128 or -1) and never a hang (CTest timeout).
#include <elf.h>
#include <gtest/gtest.h>

#include <cstring>

#include "cli_runner.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::read_bytes;
using testing::run_cli;
using testing::write_temp;

const std::string kGoodElf = firmware("t_integer_m4");

void expect_input_error(const testing::CliResult& r, const std::string& fragment) {
  EXPECT_EQ(r.status, kExitInputError) << r.err;
  EXPECT_NE(r.err.find(fragment), std::string::npos) << "stderr was: " << r.err;
}

TEST(BadInputTest, MissingFileNamesThePath) {
  expect_input_error(run_cli("run /nonexistent/fw.elf"), "/nonexistent/fw.elf: cannot open");
}

TEST(BadInputTest, NonElfFileIsRefused) {
  std::string path = write_temp("not_elf.bin", {'h', 'e', 'l', 'l', 'o', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_input_error(run_cli("run " + path), "not an ELF file");
}

TEST(BadInputTest, TruncatedElfIsRefused) {
  std::vector<char> bytes = read_bytes(kGoodElf);
  ASSERT_GT(bytes.size(), 1000u);
  bytes.resize(600);
  expect_input_error(run_cli("run " + write_temp("truncated.elf", bytes)), "truncated");
}

TEST(BadInputTest, X86ElfIsRefused) {
  std::vector<char> bytes = read_bytes(kGoodElf);
  ASSERT_GT(bytes.size(), sizeof(Elf32_Ehdr));
  Elf32_Half machine = EM_386;
  std::memcpy(bytes.data() + offsetof(Elf32_Ehdr, e_machine), &machine, sizeof machine);
  expect_input_error(run_cli("run " + write_temp("x86.elf", bytes)), "built for x86 (EM_386), not Arm");
}

TEST(BadInputTest, SixtyFourBitElfIsRefused) {
  std::vector<char> bytes = read_bytes(kGoodElf);
  bytes[EI_CLASS] = ELFCLASS64;
  expect_input_error(run_cli("run " + write_temp("elf64.elf", bytes)), "64-bit ELF");
}

TEST(BadInputTest, ElfWithoutLoadableSegmentIsRefused) {
  std::vector<char> bytes = read_bytes(kGoodElf);
  Elf32_Ehdr eh;
  std::memcpy(&eh, bytes.data(), sizeof eh);
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    Elf32_Word none = PT_NULL;
    std::memcpy(bytes.data() + eh.e_phoff + i * eh.e_phentsize + offsetof(Elf32_Phdr, p_type), &none, sizeof none);
  }
  expect_input_error(run_cli("run " + write_temp("noload.elf", bytes)), "no loadable (PT_LOAD) segment");
}

TEST(BadInputTest, OverlappingSegmentsAreRefused) {
  std::vector<char> bytes = read_bytes(kGoodElf);
  Elf32_Ehdr eh;
  std::memcpy(&eh, bytes.data(), sizeof eh);
  ASSERT_GE(eh.e_phnum, 2);
  Elf32_Phdr first, second;
  std::memcpy(&first, bytes.data() + eh.e_phoff, sizeof first);
  std::memcpy(&second, bytes.data() + eh.e_phoff + eh.e_phentsize, sizeof second);
  second.p_paddr = first.p_paddr;  // load the second segment on top of the first
  std::memcpy(bytes.data() + eh.e_phoff + eh.e_phentsize, &second, sizeof second);
  expect_input_error(run_cli("run " + write_temp("overlap.elf", bytes)), "overlap at their load addresses");
}

TEST(BadInputTest, SegmentOutsideBoardMemoryNamesSegmentAndRegions) {
  // Linked for mps2 (code at 0, 4 MiB RAM at 0x20000000); the STM32F746 has neither.
  testing::CliResult r = run_cli("run --board stm32f746g-disco " + kGoodElf);
  expect_input_error(r, "is outside board 'stm32f746g-disco' memory");
  EXPECT_NE(r.err.find("segment"), std::string::npos);
  EXPECT_NE(r.err.find("flash 0x08000000-0x080fffff"), std::string::npos) << r.err;
}

TEST(BadInputTest, UnknownBoardListsBundledBoards) {
  expect_input_error(run_cli("run --board nosuchboard " + kGoodElf), "bundled boards are");
}

TEST(BadInputTest, UnknownOptionIsAUsageError) {
  expect_input_error(run_cli("run --frobnicate " + kGoodElf), "unknown option '--frobnicate'");
}

TEST(BadInputTest, BadBoardFileSaysWhatIsWrong) {
  std::string board = write_temp("broken_board.json", {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '1', '}'});
  expect_input_error(run_cli("run --board " + board + " " + kGoodElf), "broken_board.json");
}

}  // namespace
}  // namespace mcusim
