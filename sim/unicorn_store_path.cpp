// Unicorn 2.0.1's store path without its per-store allocations.
//
// Why: in Debian's Unicorn 2.0.1 every guest store to RAM takes QEMU's
// `notdirty_write` (Unicorn never marks a page dirty), which brackets its
// self-modifying-code check, `tb_invalidate_phys_page_fast`, with
// `page_collection_lock` / `page_collection_unlock`. In 2.0.1 those build a
// glib tree and allocate a collection on every store (plus an entry per page
// that holds translated code), then free it all again: about a fifth of a
// store-heavy run (docs/speed.md, sixth and twelfth sessions). Nothing in
// the Arm target uses the collection but the unlock: Unicorn's page locks
// are no-ops (single-threaded TCG), and the collection is read only under
// TARGET_HAS_PRECISE_SMC, which Arm does not define. Upstream Unicorn made
// both functions do nothing after 2.0.1 (unicorn-engine/unicorn PR 1838,
// "Ignore page_collection_lock"; merged 2023-05); Debian 12 ships 2.0.1.
//
// How: libunicorn exports both functions (`_arm` suffix for the Arm target)
// and calls them only through its PLT (checked with objdump on
// libunicorn.so.2: every call site of both is a `call ...@plt` or a tail
// `jmp ...@plt`), so definitions with the same names in mcusim's executable
// (or in the Python extension, whose symbols come first in the lookup scope
// of the libunicorn it loads) take their place. The self-modifying-code
// check itself still runs: `tb_invalidate_phys_page_fast` finds the page's
// translated blocks and invalidates those the store overwrites, as before
// (tests/firmware/ramfunc.c, diff.t_ramfunc_*, copies code into RAM and runs
// it; the cycle counts of every workload are unchanged).
//
// `store_path_collections()` counts the calls, so a test can check that the
// library really calls these definitions (if a future build of the library
// bound them directly, the count would stay at zero and the test fails).
//
// The same slow path also asks `memory_mapping(uc, address)` for the mapped
// region of every store (for Unicorn's memory hooks and permission checks):
// a binary search over all mapped blocks, devices included, about 65 host
// instructions per store on the mps2 boards. It is exported and called
// through the PLT too; mcusim's definition asks the library's (found with
// dlsym(RTLD_NEXT)) and remembers the last region per thread with its
// bounds, so that consecutive stores to one region cost a few compares.
// The bounds are read from Unicorn's region record at the offsets 2.0.1
// keeps them (its own lookup reads them there: `addr` at 0x40, `end` at
// 0x90 in the disassembly of memory_mapping); learn_region_layout() checks
// them on a real mapping before any answer is remembered. Every change to
// an engine's mappings (MappingChange) forgets everything remembered, in
// every thread.
#include "sim/unicorn_store_path.h"

#include <dlfcn.h>

#include <atomic>
#include <cstring>

namespace {
// A relaxed load and store, not a read-modify-write: no locked instruction
// on every guest store; engines on several threads may lose counts, which
// only the test reads.
std::atomic<uint64_t> collections{0};

using MemoryMappingFn = void* (*)(uc_struct*, uint64_t);

MemoryMappingFn library_memory_mapping() {
  static const MemoryMappingFn fn = reinterpret_cast<MemoryMappingFn>(dlsym(RTLD_NEXT, "memory_mapping"));
  return fn;
}

constexpr size_t kRegionBeginOffset = 0x40, kRegionEndOffset = 0x90;

uint64_t region_field(const void* region, size_t offset) {
  uint64_t v = 0;
  std::memcpy(&v, static_cast<const unsigned char*>(region) + offset, 8);
  return v;
}

// Every MappingChange moves the generation on at its start and at its
// end: an answer is used only under the generation it was remembered in.
// Answers are remembered only while no change is under way in any thread
// (an odd/even generation alone would read "none under way" while two
// threads' changes overlap).
std::atomic<uint64_t> mapping_generation{0};
std::atomic<uint32_t> changes_under_way{0};
std::atomic<bool> layout_known{false};

struct LastRegion {
  uc_struct* uc = nullptr;
  uint64_t begin = 0, end = 0;
  void* region = nullptr;
  uint64_t generation = 0;
};
// initial-exec: a plain %fs-relative access in the executable and in the
// Python module alike (no __tls_get_addr call on every store).
thread_local LastRegion last_region __attribute__((tls_model("initial-exec")));

__attribute__((noinline)) void* look_up_and_remember(uc_struct* uc, uint64_t address, uint64_t generation) {
  MemoryMappingFn lookup = library_memory_mapping();
  if (!lookup) return nullptr;  // cannot happen while libunicorn is loaded: it defines the function
  void* region = lookup(uc, address);
  // The generation was read before the lookup: a change that began since
  // has moved it on, and this answer will not be used.
  if (region && changes_under_way.load(std::memory_order_acquire) == 0 &&
      layout_known.load(std::memory_order_relaxed)) {
    uint64_t begin = region_field(region, kRegionBeginOffset), end = region_field(region, kRegionEndOffset);
    if (address - begin < end - begin) last_region = LastRegion{uc, begin, end, region, generation};
  }
  return region;
}

}  // namespace

extern "C" {

struct page_collection;
struct uc_struct;

// QEMU's signature: page_collection_lock(struct uc_struct*, tb_page_addr_t
// start, tb_page_addr_t end), tb_page_addr_t being a 64-bit ram_addr_t.
__attribute__((visibility("default"), used)) page_collection* page_collection_lock_arm(uc_struct*, uint64_t,
                                                                                        uint64_t) {
  collections.store(collections.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  return nullptr;
}

__attribute__((visibility("default"), used)) void page_collection_unlock_arm(page_collection*) {}

__attribute__((visibility("default"), used)) void* memory_mapping(uc_struct* uc, uint64_t address) {
  const LastRegion& last = last_region;
  uint64_t generation = mapping_generation.load(std::memory_order_acquire);
  if (last.uc == uc && last.generation == generation && address - last.begin < last.end - last.begin) [[likely]]
    return last.region;
  return look_up_and_remember(uc, address, generation);  // out of line: the hit path saves no registers
}

}  // extern "C"

namespace mcusim {

uint64_t store_path_collections() { return collections.load(std::memory_order_relaxed); }

MappingChange::MappingChange() {
  changes_under_way.fetch_add(1, std::memory_order_acq_rel);
  mapping_generation.fetch_add(1, std::memory_order_acq_rel);
}
MappingChange::~MappingChange() {
  mapping_generation.fetch_add(1, std::memory_order_acq_rel);
  changes_under_way.fetch_sub(1, std::memory_order_acq_rel);
}

bool learn_region_layout(uc_struct* uc, uint64_t base, uint64_t size) {
  if (layout_known.load(std::memory_order_relaxed)) return true;
  MemoryMappingFn lookup = library_memory_mapping();
  if (!lookup || base == 0 || size == 0) return false;
  void* region = lookup(uc, base);
  bool fits = region && lookup(uc, base + size - 1) == region && region_field(region, kRegionBeginOffset) == base &&
              region_field(region, kRegionEndOffset) == base + size;
  if (fits) layout_known.store(true, std::memory_order_relaxed);
  return fits;
}

bool region_lookups_remembered() { return layout_known.load(std::memory_order_relaxed); }

}  // namespace mcusim
