// The bus behind the core's device space: the windows mapped into the
// engine, the devices in them, and the read-as-zero pages that stand in for
// unmapped addresses. It owns every device of a run and knows nothing of
// timing or run control: the simulator asks it for the next device event
// and tells it when time or the clocks move.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "peripherals/device.h"
#include "sim/board.h"
#include "sim/cpu.h"

namespace mcusim {

class DeviceBus {
 public:
  // An access no device serves: address, true for a write. Called rarely
  // (once per address at most is what callers report).
  using UnmappedAccess = std::function<void(uint32_t address, bool write)>;

  static constexpr uint32_t kPpbBase = 0xE0000000u, kPpbSize = 0x100000u;
  static constexpr uint32_t kPageSize = 0x400u;  // 1 KiB: Unicorn's Arm target page
  // Unicorn holds at most ~1000 memory sections (it asserts beyond): past
  // this many distinct pages, unmapped accesses are bus faults.
  static constexpr size_t kMaxVoidPages = 256;

  DeviceBus(Cpu& cpu, UnmappedAccess on_unmapped);
  ~DeviceBus();
  DeviceBus(const DeviceBus&) = delete;
  DeviceBus& operator=(const DeviceBus&) = delete;

  // Takes ownership; the device is not reachable until placed.
  Device* add(std::unique_ptr<Device> device);
  // A core device at `offset` in the System Control Space (PPB). The first
  // placed wins where windows nest (SysTick before the NVIC, MPU before SCB).
  void place_in_ppb(uint32_t offset, Device* device);
  // A board peripheral at spec.base: in the PPB window when it lies there
  // (DBGMCU at 0xE0042000), otherwise in a window of its own mapped into the
  // engine. Throws InputError when it overlaps memory or another window.
  void place(const Board& board, const PeripheralSpec& spec, Device* device);
  // Maps the PPB window; call once, after every core device is placed.
  void map_ppb();

  // The device and offset that serve `address`, or null.
  Device* device_at(uint32_t address, uint32_t* offset) const;
  // Address of the device access in progress (0: none): the cycle model
  // places a mid-block device read at its instruction.
  uint32_t access_in_progress() const { return access_address_; }

  uint64_t next_event_cycle() const;
  // Timers with an enabled interrupt that are stopped (Device::stopped_timer), joined by "; ".
  std::string stopped_timers() const;
  void on_time(uint64_t now);  // every device whose event is due
  void on_clock_change(uint64_t now);

  // Maps a read-as-zero, write-ignored page over an unmapped address. False
  // when the page budget (kMaxVoidPages) is used up.
  bool map_void_page(uint32_t address);

 private:
  struct Window {
    DeviceBus* bus;
    uint32_t base;
    uint32_t size;
    std::vector<std::pair<uint32_t, Device*>> devices;  // offset in window, device; first match wins
  };
  struct VoidPage {
    DeviceBus* bus;
    uint32_t base;
  };
  static uint64_t on_read(uc_struct*, uint64_t offset, unsigned size, void* window);
  static void on_write(uc_struct*, uint64_t offset, unsigned size, uint64_t value, void* window);
  static uint64_t on_void_read(uc_struct*, uint64_t offset, unsigned size, void* page);
  static void on_void_write(uc_struct*, uint64_t offset, unsigned size, uint64_t value, void* page);

  Cpu& cpu_;
  UnmappedAccess on_unmapped_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::vector<std::unique_ptr<Window>> windows_;  // [0]: the PPB
  std::set<uint32_t> void_pages_;
  std::vector<std::unique_ptr<VoidPage>> void_page_contexts_;  // stable addresses: the engine's user data
  uint32_t access_address_ = 0;
};

}  // namespace mcusim
