// The human-readable summary `mcusim run` prints: totals, top functions,
// layers and memory, as aligned plain-text tables.
#pragma once

#include <cstddef>
#include <string>

#include "profiler/profile.h"

namespace mcusim {

// Sections with no data (no functions, no layers) are left out. Functions are
// sorted by self cycles, descending; at most top_n are listed (0 = all).
std::string format_summary(const Profile& profile, size_t top_n = 10);

}  // namespace mcusim
