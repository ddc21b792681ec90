// The mcusim subcommands; each returns the process exit code.
#pragma once

#include "sim/cli/args.h"

namespace mcusim::cli {

int run_command(Args& args);
int info_command(Args& args);
int boards_command(Args& args);
int check_command(Args& args);
int diff_command(Args& args);
int annotate_command(Args& args);
int sweep_command(Args& args);
int nas_command(Args& args);

}  // namespace mcusim::cli
