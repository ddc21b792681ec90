// Board memory backed by host buffers, loaded from the ELF and mapped into
// the CPU in the order that keeps Unicorn 2.0.1's store path fast.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
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
  // "Code" is the part of an executable region the ELF puts code in (a
  // section with SHF_EXECINSTR: .text, an ITCM or .RamFunc section); an
  // executable RAM with no code in the ELF is mapped with the data, so that
  // code copied there at run time still runs but stores elsewhere stay
  // fast. A writable region with code in it (.RamFunc in SRAM) is mapped in
  // pieces: the pages holding code before the filler, the rest after it, so
  // that stores to its data stay on the cheap path too.
  void map_into(Cpu& cpu) const;

  bool read(uint32_t address, void* out, size_t length) const override;
  bool write(uint32_t address, const void* data, size_t length) override;
  // Host pointer for [address, address+length) inside one region, or nullptr.
  uint8_t* host(uint32_t address, size_t length) const;
  const Board& board() const { return board_; }
  // The pages of region `name` mapped before the filler as code, [begin,
  // end); {0, 0} when it holds none (after load()).
  std::pair<uint32_t, uint32_t> code_pages(const std::string& name) const;

 private:
  struct Storage {
    const MemoryRegion* region;
    uint8_t* bytes;  // region->size bytes; owned by buffers_ or shared with the aliased region
    // The pages of the region holding the ELF's code, [code_begin, code_end)
    // (set by load from its sections; empty: none): mapped before the filler.
    uint32_t code_begin = 0, code_end = 0;
    bool holds_code() const { return code_end > code_begin; }
  };
  static Storage storage_of(const MemoryRegion& region, uint8_t* bytes);
  const Storage* storage_at(uint32_t address) const;
  bool covered(uint32_t address, uint64_t length) const;

  const Board& board_;
  std::vector<std::unique_ptr<ZeroedArray<uint8_t>>> buffers_;
  std::vector<Storage> storage_;  // every non-peripheral region, aliases included
};

}  // namespace mcusim
