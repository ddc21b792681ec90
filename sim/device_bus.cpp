#include "sim/device_bus.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/errors.h"

namespace mcusim {

DeviceBus::DeviceBus(Cpu& cpu, UnmappedAccess on_unmapped) : cpu_(cpu), on_unmapped_(std::move(on_unmapped)) {
  windows_.push_back(std::make_unique<Window>(Window{this, kPpbBase, kPpbSize, {}}));
}

DeviceBus::~DeviceBus() = default;

Device* DeviceBus::add(std::unique_ptr<Device> device) {
  devices_.push_back(std::move(device));
  return devices_.back().get();
}

void DeviceBus::place_in_ppb(uint32_t offset, Device* device) { windows_.front()->devices.push_back({offset, device}); }

void DeviceBus::place(const Board& board, const PeripheralSpec& spec, Device* device) {
  if (spec.base >= kPpbBase && spec.base - kPpbBase < kPpbSize) {
    // Board devices in the PPB (DBGMCU) go before the core's catch-all windows.
    auto& ppb = windows_.front()->devices;
    ppb.insert(ppb.begin(), {spec.base - kPpbBase, device});
    return;
  }
  uint32_t base = spec.base & ~(kPageSize - 1);
  uint32_t size = ((spec.base + device->size() - base) + kPageSize - 1) & ~(kPageSize - 1);
  if (board.region_at(base) || board.region_at(base + size - 1))
    throw InputError(fmt::format("board '{}': peripheral {} at 0x{:08x} overlaps a memory region", board.name, spec.name, spec.base));
  for (const auto& w : windows_)
    if (w->base != kPpbBase && base < w->base + w->size && w->base < base + size)
      throw InputError(fmt::format("board '{}': peripheral {} at 0x{:08x} overlaps the window of {} at 0x{:08x}", board.name,
                                   spec.name, spec.base, w->devices.front().second->name(), w->base));
  windows_.push_back(std::make_unique<Window>(Window{this, base, size, {{spec.base - base, device}}}));
  cpu_.map_mmio(base, size, &DeviceBus::on_read, &DeviceBus::on_write, windows_.back().get());
}

void DeviceBus::map_ppb() { cpu_.map_mmio(kPpbBase, kPpbSize, &DeviceBus::on_read, &DeviceBus::on_write, windows_.front().get()); }

Device* DeviceBus::device_at(uint32_t address, uint32_t* offset) const {
  for (const auto& w : windows_) {
    if (address - w->base >= w->size) continue;
    uint32_t in = address - w->base;
    for (const auto& [base, device] : w->devices)
      if (in >= base && in - base < device->size()) {
        *offset = in - base;
        return device;
      }
  }
  return nullptr;
}

uint64_t DeviceBus::next_event_cycle() const {
  uint64_t next = kNever;
  for (const auto& d : devices_) next = std::min(next, d->next_event_cycle());
  return next;
}

std::string DeviceBus::stopped_timers() const {
  std::string all;
  for (const auto& d : devices_) {
    std::string why = d->stopped_timer();
    if (why.empty()) continue;
    if (!all.empty()) all += "; ";
    all += why;
  }
  return all;
}

void DeviceBus::on_time(uint64_t now) {
  for (const auto& d : devices_)
    if (d->next_event_cycle() <= now) d->on_time(now);
}

void DeviceBus::on_clock_change(uint64_t now) {
  for (const auto& d : devices_) d->on_clock_change(now);
}

bool DeviceBus::map_void_page(uint32_t address) {
  uint32_t page = address & ~(kPageSize - 1);
  if (void_pages_.count(page)) return true;
  if (void_pages_.size() >= kMaxVoidPages) return false;
  void_pages_.insert(page);
  void_page_contexts_.push_back(std::make_unique<VoidPage>(VoidPage{this, page}));
  cpu_.map_mmio(page, kPageSize, &DeviceBus::on_void_read, &DeviceBus::on_void_write, void_page_contexts_.back().get());
  return true;
}

uint64_t DeviceBus::on_read(uc_struct*, uint64_t offset, unsigned size, void* window) {
  auto& w = *static_cast<Window*>(window);
  uint32_t address = w.base + static_cast<uint32_t>(offset);
  w.bus->access_address_ = address;
  for (auto& [base, device] : w.devices) {
    if (offset >= base && offset - base < device->size()) {
      uint64_t value = device->read(static_cast<uint32_t>(offset - base), size);
      w.bus->access_address_ = 0;
      return value;
    }
  }
  w.bus->access_address_ = 0;
  w.bus->on_unmapped_(address, false);
  return 0;
}

void DeviceBus::on_write(uc_struct*, uint64_t offset, unsigned size, uint64_t value, void* window) {
  auto& w = *static_cast<Window*>(window);
  uint32_t address = w.base + static_cast<uint32_t>(offset);
  w.bus->access_address_ = address;
  for (auto& [base, device] : w.devices) {
    if (offset >= base && offset - base < device->size()) {
      device->write(static_cast<uint32_t>(offset - base), size, static_cast<uint32_t>(value));
      w.bus->access_address_ = 0;
      return;
    }
  }
  w.bus->access_address_ = 0;
  w.bus->on_unmapped_(address, true);
}

uint64_t DeviceBus::on_void_read(uc_struct*, uint64_t offset, unsigned, void* page) {
  auto& p = *static_cast<VoidPage*>(page);
  p.bus->on_unmapped_(p.base + static_cast<uint32_t>(offset), false);
  return 0;
}

void DeviceBus::on_void_write(uc_struct*, uint64_t offset, unsigned, uint64_t, void* page) {
  auto& p = *static_cast<VoidPage*>(page);
  p.bus->on_unmapped_(p.base + static_cast<uint32_t>(offset), true);
}

}  // namespace mcusim
