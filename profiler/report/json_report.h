// The profile as versioned JSON ("schema": "mcusim-profile", "version": 1):
// what `mcusim run --json` writes and `mcusim check` / `mcusim diff` read.
// Every field is documented in docs/report-format.md.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "profiler/profile.h"

namespace mcusim {

inline constexpr const char* kProfileSchemaName = "mcusim-profile";

// Whether `spans` holds every function call's span (up to 200,000, for
// --trace) or the layers' only. `mcusim run --json` leaves the calls out
// unless --json-calls is given: they made a many-layer run's profile tens of
// MB (docs/profiling.md). Nothing mcusim reads back needs them.
struct JsonDetail {
  bool function_spans = true;
};

nlohmann::json to_json(const Profile& profile, const JsonDetail& detail = {});

// Inverse of to_json. Derived fields (cpi, seconds, ms, peak_sram,
// cycles_per_mac, hit_rate) are ignored and recomputed. Throws InputError
// naming `origin` (a file name) and the JSON field when the document is not
// an mcusim profile, has an unsupported version, or a field is missing or has
// the wrong type.
Profile profile_from_json(const nlohmann::json& document, const std::string& origin);

// Writes to_json(profile), indented, to path ("-" = stdout). Throws
// InputError when the file cannot be written.
void write_json(const Profile& profile, const std::string& path, const JsonDetail& detail = {});

// Parses a profile's text (as profile_from_json). Throws InputError when it
// is not valid JSON, a number in it fits no type, or it is not a profile.
Profile parse_profile_json(std::string_view text, const std::string& origin);

// Reads and parses a profile file (as parse_profile_json, origin = path).
// Throws InputError when it cannot be read or is not a profile.
Profile read_profile_json(const std::string& path);

}  // namespace mcusim
