// Board memory backed by host buffers, loaded from the ELF and mapped into
// the CPU in the order that keeps Unicorn 2.0.1's store path fast.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "peripherals/device.h"
#include "sim/board.h"
#include "sim/cpu.h"
#include "sim/elf_image.h"
#include "sim/zeroed_array.h"

namespace mcusim {

class MemoryMap final : public GuestMemory {
 public:
  explicit MemoryMap(const Board& board);

  // Copies every PT_LOAD segment to its load (physical) address. Throws
  // InputError naming the segment, its range and the board's regions when a
  // segment does not fit board memory.
  void load(const ElfImage& image);
  // Maps storage (code first, a filler, then data) and aliases into the CPU.
  // "Code" is an executable region the ELF puts code in (a section with
  // SHF_EXECINSTR: .text, an ITCM or .RamFunc section); an executable RAM
  // with no code in the ELF is mapped with the data, so that code copied
  // there at run time still runs but stores elsewhere stay fast.
  void map_into(Cpu& cpu) const;

  bool read(uint32_t address, void* out, size_t length) const override;
  bool write(uint32_t address, const void* data, size_t length) override;
  // Host pointer for [address, address+length) inside one region, or nullptr.
  uint8_t* host(uint32_t address, size_t length) const;
  const Board& board() const { return board_; }

 private:
  struct Storage {
    const MemoryRegion* region;
    uint8_t* bytes;  // region->size bytes; owned by buffers_ or shared with the aliased region
    bool holds_code = false;  // mapped before the filler (set by load from the ELF's sections)
  };
  const Storage* storage_at(uint32_t address) const;
  bool covered(uint32_t address, uint64_t length) const;

  const Board& board_;
  std::vector<std::unique_ptr<ZeroedArray<uint8_t>>> buffers_;
  std::vector<Storage> storage_;  // every non-peripheral region, aliases included
};

}  // namespace mcusim
