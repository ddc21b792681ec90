// Asks the kernel to back a large buffer that is about to be filled with
// transparent huge pages. On the VMs we run on a page fault is expensive:
// painting 4 MiB of SRAM page by page took 13-15 ms, with huge pages under
// 1 ms (docs/speed.md). Only advice: where THP is off nothing changes.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

namespace mcusim {

// The whole 4 KiB pages inside [data, data + bytes); buffers smaller than a
// huge page are left alone (no gain, and a huge page would be zeroed whole).
inline void advise_huge_pages(void* data, size_t bytes) {
  constexpr uintptr_t kPage = 4096, kHugePage = uintptr_t{2} << 20;
  if (bytes < kHugePage) return;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kPage - 1) & ~(kPage - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kPage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

}  // namespace mcusim
