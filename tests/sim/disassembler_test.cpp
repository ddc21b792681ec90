// Flow facts the simulator takes from the decoder: SP moves and calls/returns.
#include "sim/disassembler.h"

#include <gtest/gtest.h>

#include <vector>

namespace mcusim {
namespace {

DecodedInsn decode_one(std::vector<uint8_t> bytes) {
  Disassembler d;
  std::vector<DecodedInsn> insns = d.decode(0x1000, bytes.data(), bytes.size());
  EXPECT_EQ(insns.size(), 1u);
  return insns.empty() ? DecodedInsn{} : insns[0];
}

TEST(DisassemblerTest, PopsAndStackReleasesOnlyRaiseSp) {
  for (auto bytes : std::vector<std::vector<uint8_t>>{
           {0x30, 0xbd},              // pop {r4, r5, pc}
           {0x04, 0xb0},              // add sp, #16
           {0x0d, 0xf5, 0x80, 0x7d},  // add.w sp, sp, #256
           {0x5d, 0xf8, 0x04, 0x0b},  // ldr r0, [sp], #4
           {0xbd, 0xe8, 0x30, 0x00},  // pop.w {r4, r5}
       }) {
    DecodedInsn d = decode_one(bytes);
    EXPECT_TRUE(d.writes_sp) << std::hex << int(bytes[0]);
    EXPECT_FALSE(d.may_lower_sp) << std::hex << int(bytes[0]);
  }
}

TEST(DisassemblerTest, PushesAndUnknownSpWritesMayLowerSp) {
  for (auto bytes : std::vector<std::vector<uint8_t>>{
           {0x30, 0xb5},  // push {r4, r5, lr}
           {0x84, 0xb0},  // sub sp, #16
           {0x85, 0x46},  // mov sp, r0
       }) {
    DecodedInsn d = decode_one(bytes);
    EXPECT_TRUE(d.writes_sp) << std::hex << int(bytes[0]);
    EXPECT_TRUE(d.may_lower_sp) << std::hex << int(bytes[0]);
  }
}

TEST(DisassemblerTest, ReturnsAndCallsAreRecognised) {
  EXPECT_TRUE(decode_one({0x30, 0xbd}).is_return);  // pop {.., pc}
  EXPECT_TRUE(decode_one({0x70, 0x47}).is_return);  // bx lr
  EXPECT_TRUE(decode_one({0x00, 0xf0, 0x00, 0xf8}).is_call);  // bl
}

TEST(DisassemblerTest, MsrToPspOrControlSelectsTheThreadStack) {
  EXPECT_TRUE(decode_one({0x80, 0xf3, 0x09, 0x88}).selects_thread_stack);   // msr psp, r0
  EXPECT_TRUE(decode_one({0x80, 0xf3, 0x14, 0x88}).selects_thread_stack);   // msr control, r0
  EXPECT_FALSE(decode_one({0x80, 0xf3, 0x11, 0x88}).selects_thread_stack);  // msr basepri, r0
  EXPECT_FALSE(decode_one({0x80, 0xf3, 0x08, 0x88}).selects_thread_stack);  // msr msp, r0
  EXPECT_FALSE(decode_one({0xef, 0xf3, 0x09, 0x80}).selects_thread_stack);  // mrs r0, psp
}

}  // namespace
}  // namespace mcusim
