// Collapsed stacks, one "caller;callee;leaf <self cycles>" per line, for
// flamegraph.pl, speedscope, inferno and https://www.speedscope.app.
#pragma once

#include <ostream>
#include <string>

#include "profiler/profile.h"

namespace mcusim {

// Stacks in Profile::folded_stacks order (sorted); stacks with 0 cycles are
// left out. Line breaks in names become spaces.
void write_folded(const Profile& profile, std::ostream& out);
// "-" = stdout; throws InputError when the file cannot be written.
void write_folded(const Profile& profile, const std::string& path);

}  // namespace mcusim
