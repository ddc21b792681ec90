// The run options, described once: name on the command line and in Python,
// kind of value, the field it sets, help. The CLI registers its flags from
// this table (sim/cli/run_options.cpp) and the Python module reads run()'s
// and sweep()'s keyword arguments by it (sim/python/run_options.cpp); the
// defaults shown in help are read from a default RunSettings, so neither
// surface can drift from the code. A new run option is one row here.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/simulator.h"

namespace mcusim {

// What a run needs besides the ELF.
struct RunSettings {
  std::string board = "mps2-an386";
  RunOptions options;
};

enum class OptionKind {
  Count,      // whole number; CLI text in any base C++ reads (42, 0x2a)
  Seconds,    // a non-negative number of seconds
  Text,       // a word: a name, a regular expression, SYMBOL|ADDR:SIZE
  Path,       // a file or directory (Python also takes os.PathLike)
  Switch,     // CLI: --X sets true; Python: X=bool
  NoSwitch,   // CLI: --no-X sets false; Python: X=bool (default true)
  Arguments,  // CLI: the words after --; Python: a list of str
};

using OptionField = std::variant<uint64_t*, double*, bool*, std::string*, std::vector<std::string>*>;

struct RunOptionSpec {
  std::string_view cli;         // "--max-instructions"; "--" for Arguments
  std::string_view python;      // "max_instructions": the CLI name without --/no-, '-' as '_'
  OptionKind kind;
  std::string_view value_name;  // in help: "N", "SECONDS", "DIR"
  std::string_view help;        // one line; the default is appended from RunSettings{}
  OptionField (*field)(RunSettings&);
  // Python: a named parameter of run() with a default of its own (board,
  // timing), not one of its **options.
  bool python_parameter = false;
  // A layer or arena option: setting it asks for a profile.
  bool profiling = false;
};

std::span<const RunOptionSpec> run_option_table();
const RunOptionSpec* run_option_by_cli(std::string_view cli);
const RunOptionSpec* run_option_by_python(std::string_view python);

// The default of a value option as text ("10000000000", "auto"); "" when the
// default is no value (an empty name, no arguments) or the option is a switch.
std::string default_text(const RunOptionSpec& spec);
// "(int)", "(float, seconds)", ...: the Python type a keyword takes.
std::string_view python_type(OptionKind kind);

// Sets spec's field from command-line text; errors name the option.
void set_from_text(const RunOptionSpec& spec, RunSettings& settings, const std::string& text);

// Command-line values. Errors name the option, as every option error does.
uint64_t parse_count(const std::string& text, std::string_view option);
double parse_seconds(const std::string& text, std::string_view option);
double check_seconds(double seconds, std::string_view option);  // >= 0, else the same error

// Whether a profiling option (a row with `profiling`) differs from its default.
bool profiling_requested(const RunSettings& settings);

}  // namespace mcusim
