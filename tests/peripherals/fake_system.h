// A DeviceContext and GuestMemory for testing devices without a CPU.
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "peripherals/device.h"
#include "sim/exception_state.h"

namespace mcusim::testing {

class FakeSystem : public DeviceContext, public GuestMemory {
 public:
  uint64_t now = 0;
  ExceptionState state;
  std::string output;
  int exception_changes = 0, timing_changes = 0;
  std::vector<uint8_t> ram = std::vector<uint8_t>(4096, 0);
  static constexpr uint32_t kRamBase = 0x20000000;

  FakeSystem() { state.reset(32, 0); }
  uint64_t cycles_now() const override { return now; }
  ExceptionState& exceptions() override { return state; }
  void exceptions_changed() override { ++exception_changes; }
  void timing_changed() override { ++timing_changes; }
  void firmware_output(std::string_view text) override { output += text; }
  bool accel_instructions = false, accel_data = false, accel_prefetch = false;
  void flash_accelerator(bool instructions, bool data, bool prefetch) override {
    accel_instructions = instructions;
    accel_data = data;
    accel_prefetch = prefetch;
  }

  Clocks clock_config{16'000'000, 16'000'000, 16'000'000};
  const Clocks& clocks() const override { return clock_config; }
  void set_clocks(const Clocks& c) override { clock_config = c; }
  bool read_memory(uint32_t address, void* out, size_t length) const override { return read(address, out, length); }

  bool read(uint32_t address, void* out, size_t length) const override {
    if (address < kRamBase || address - kRamBase + length > ram.size()) return false;
    std::memcpy(out, ram.data() + (address - kRamBase), length);
    return true;
  }
  bool write(uint32_t address, const void* data, size_t length) override {
    if (address < kRamBase || address - kRamBase + length > ram.size()) return false;
    std::memcpy(ram.data() + (address - kRamBase), data, length);
    return true;
  }
  void put_word(uint32_t address, uint32_t value) { write(address, &value, 4); }
  uint32_t word(uint32_t address) const {
    uint32_t v = 0;
    read(address, &v, 4);
    return v;
  }
  void put_string(uint32_t address, const std::string& s) { write(address, s.c_str(), s.size() + 1); }
};

}  // namespace mcusim::testing
