// The one interface every memory-mapped device implements.
//
// A device never calls Unicorn: it sees offsets inside its own register
// window and talks to the rest of the system through DeviceContext.
#pragma once

#include <cstdint>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace mcusim {

struct ExceptionState;

constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();

// The clocks devices run from, as the firmware configured them
// (peripherals/clock_tree.h computes them from the RCC registers).
struct Clocks {
  uint64_t core_hz = 0;        // the core (HCLK on STM32)
  uint64_t apb1_timer_hz = 0;  // timers on APB1 (TIM2..7 on STM32)
  uint64_t apb2_timer_hz = 0;
  bool operator==(const Clocks&) const = default;
};

// What the simulated system offers its devices.
class DeviceContext {
 public:
  virtual ~DeviceContext() = default;
  virtual uint64_t cycles_now() const = 0;        // modelled core cycles so far
  virtual ExceptionState& exceptions() = 0;
  virtual void exceptions_changed() = 0;          // something may now be pending or unmasked
  virtual void timing_changed() = 0;              // a device's next event moved
  virtual void firmware_output(std::string_view text) = 0;  // to the run's stdout
  // A Flash accelerator (STM32 ART) was switched: instruction and data sides.
  virtual void flash_accelerator(bool /*instructions*/, bool /*data*/, bool /*prefetch*/) {}
  virtual const Clocks& clocks() const = 0;
  // Simulated seconds so far, summed over the clocks in force (the firmware
  // may change the core clock mid-run). The default assumes one clock.
  virtual double seconds_now() const {
    return clocks().core_hz ? static_cast<double>(cycles_now()) / static_cast<double>(clocks().core_hz) : 0;
  }
  // The firmware changed the clock tree (an RCC write): new frequencies.
  virtual void set_clocks(const Clocks& clocks) = 0;
  // Guest memory for devices that read it themselves (DMA-style UARTE).
  virtual bool read_memory(uint32_t address, void* out, size_t length) const = 0;
};

class Device {
 public:
  virtual ~Device() = default;
  virtual std::string_view name() const = 0;
  virtual uint32_t size() const = 0;  // bytes of register space from the device base
  virtual uint32_t read(uint32_t offset, unsigned width) = 0;
  virtual void write(uint32_t offset, unsigned width, uint32_t value) = 0;
  // Timers: the cycle at which the device next needs on_time(); kNever if idle.
  virtual uint64_t next_event_cycle() const { return kNever; }
  // A timer whose interrupt is enabled but which is stopped, so it will
  // raise none: what stopped it, for the message of a run that waits for
  // an interrupt in vain ("SysTick is stopped: ..."); empty otherwise.
  virtual std::string stopped_timer() const { return {}; }
  virtual void on_time(uint64_t /*now*/) {}
  // The core or bus clocks changed at `now` (timers re-base their counters).
  virtual void on_clock_change(uint64_t /*now*/) {}
  // For messages about a register: its name ("RCC.CR"), and the names of
  // bits `mask` in it ("HSERDY (bit 17)"); empty when not described.
  virtual std::string register_name(uint32_t /*offset*/) const { return {}; }
  virtual std::string describe_bits(uint32_t /*offset*/, uint32_t /*mask*/) const { return {}; }
  // False when the register at `offset` changes only when the CPU writes the
  // device: a loop polling it with nothing else changing can never end.
  virtual bool changes_on_its_own(uint32_t /*offset*/) const { return true; }
};

}  // namespace mcusim

namespace mcusim {

// Guest memory as the host sees it (no CPU involved): for semihosting and
// exception frames. False when the range is not backed by board memory.
class GuestMemory {
 public:
  virtual ~GuestMemory() = default;
  virtual bool read(uint32_t address, void* out, size_t length) const = 0;
  virtual bool write(uint32_t address, const void* data, size_t length) = 0;
};

}  // namespace mcusim
