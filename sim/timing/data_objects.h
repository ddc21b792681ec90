// The data objects of a firmware (ELF symbols of type OBJECT with a size,
// and the parts of an object a known format divides it into: the tensor
// buffers of a TF-Lite model): which object an address falls in, and how
// large it is. Fast timing uses
// the size as the footprint of a walk through constant data, to tell a
// table the Flash accelerator or D-cache can hold across its reuse from one
// it must stream (docs/timing-model.md, "Data in Flash"). Looked up only at
// a block's first sight.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/elf_image.h"

namespace mcusim {

// A part of a data object with a size of its own, by address.
struct DataExtent {
  uint32_t begin = 0, size = 0;
};

class DataObjects {
 public:
  DataObjects() = default;
  explicit DataObjects(const std::vector<ElfSymbol>& symbols, const std::vector<DataExtent>& parts = {});

  // Size in bytes of the smallest object holding `address`; 0 when none does
  // (stripped firmware, an address between objects).
  uint32_t bytes_at(uint32_t address) const { return extent_at(address).size; }
  // The smallest object holding `address`; size 0 when none does.
  DataExtent extent_at(uint32_t address) const;
  // For an address in no object: the space around it that no object
  // starts in or covers (up to the next object, or the end of the address
  // space); size 0 when an object holds the address.
  DataExtent gap_at(uint32_t address) const;

 private:
  std::vector<DataExtent> extents_;  // sorted by begin
  std::vector<uint64_t> ends_so_far_;  // the highest end of extents_[0..i]
  uint32_t largest_ = 0;         // how far back a holding object can start
};

}  // namespace mcusim
