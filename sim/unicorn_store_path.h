// mcusim's definitions of the two Unicorn 2.0.1 functions that bracket every
// guest store's self-modifying-code check (sim/unicorn_store_path.cpp says
// why and how they replace the library's).
#pragma once

#include <cstdint>

struct uc_struct;

namespace mcusim {

// How many times the engine's store path called mcusim's page-collection
// function since the process started: non-zero once any engine has stored
// to RAM means the replacement is in effect.
uint64_t store_path_collections();

// Unicorn looks up the mapped region of an address (`memory_mapping`, a
// binary search over every mapped block) on each store it sends down its
// slow path; mcusim's definition remembers, per thread, the last region it
// returned. Anything that maps, unmaps or closes an engine must hold a
// MappingChange for the duration, so that no lookup made before or during
// the change is answered from memory afterwards.
class MappingChange {
 public:
  MappingChange();
  ~MappingChange();
  MappingChange(const MappingChange&) = delete;
  MappingChange& operator=(const MappingChange&) = delete;
};

// Checks, on an engine where [base, base + size) was just mapped as one
// region at a non-zero base, that the region's bounds sit in Unicorn's
// region record where this file reads them (Unicorn 2.0.1's layout); from
// the first success on, lookups are remembered. Until then, or if it never
// succeeds (another build of the library), every lookup goes to Unicorn.
bool learn_region_layout(uc_struct* uc, uint64_t base, uint64_t size);
bool region_lookups_remembered();

}  // namespace mcusim

