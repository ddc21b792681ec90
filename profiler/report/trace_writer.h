// Chrome Trace Event format (Perfetto UI, chrome://tracing, speedscope):
// {"traceEvents": [...], "displayTimeUnit": "ns", "otherData": {...}}.
//
// Timestamps are SIMULATED time in microseconds: cycle / clock_hz * 1e6 (when
// the profile has no clock, 1 cycle = 1 us and otherData says so). Spans become
// complete events ("ph": "X") in pid 1: layers on tid 1 (cat "layer"),
// function calls on tid 2 (cat "function"); the memory timeline becomes a
// counter track ("ph": "C", "memory": stack and heap bytes). Process and
// thread names are metadata events ("ph": "M").
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

#include "profiler/profile.h"

namespace mcusim {

nlohmann::json to_trace_json(const Profile& profile);
void write_trace(const Profile& profile, std::ostream& out);
// "-" = stdout; throws InputError when the file cannot be written.
void write_trace(const Profile& profile, const std::string& path);

}  // namespace mcusim
