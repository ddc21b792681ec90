// mcusim's definitions of the two Unicorn 2.0.1 functions that bracket every
// guest store's self-modifying-code check (sim/unicorn_store_path.cpp says
// why and how they replace the library's).
#pragma once

#include <cstdint>

namespace mcusim {

// How many times the engine's store path called mcusim's page-collection
// function since the process started: non-zero once any engine has stored
// to RAM means the replacement is in effect.
uint64_t store_path_collections();

}  // namespace mcusim
