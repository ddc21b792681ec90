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
#include "sim/unicorn_store_path.h"

#include <atomic>

namespace {
// A relaxed load and store, not a read-modify-write: no locked instruction
// on every guest store; engines on several threads may lose counts, which
// only the test reads.
std::atomic<uint64_t> collections{0};
}

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

}  // extern "C"

namespace mcusim {

uint64_t store_path_collections() { return collections.load(std::memory_order_relaxed); }

}  // namespace mcusim
