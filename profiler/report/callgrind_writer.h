// Callgrind profile format (KCachegrind, callgrind_annotate, qcachegrind):
// events "Cycles Instructions", one fn= block per function with its self
// cost at its source line (0 when unknown) and a cfn=/calls= pair per call
// edge carrying the inclusive cost of the calls. Names and files are
// compressed ("fn=(3) name" once, then "fn=(3)").
#pragma once

#include <ostream>
#include <string>

#include "profiler/profile.h"

namespace mcusim {

void write_callgrind(const Profile& profile, std::ostream& out);
// "-" = stdout; throws InputError when the file cannot be written.
void write_callgrind(const Profile& profile, const std::string& path);

}  // namespace mcusim
