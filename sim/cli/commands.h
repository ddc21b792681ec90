// The mcusim commands, one registration function each (one file each): it
// adds the subcommand and its options to the mcusim app and returns the
// handler that runs it. main.cpp lists them in kCommands; a new command is a
// new file, a declaration here and a row there (docs/cli.md).
#pragma once

#include "sim/cli/command_line.h"

namespace mcusim::cli {

Command add_run_command(CLI::App& mcusim);
Command add_info_command(CLI::App& mcusim);
Command add_boards_command(CLI::App& mcusim);
Command add_check_command(CLI::App& mcusim);
Command add_diff_command(CLI::App& mcusim);
Command add_annotate_command(CLI::App& mcusim);
Command add_sweep_command(CLI::App& mcusim);

}  // namespace mcusim::cli
