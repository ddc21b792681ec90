#include "sim/cli/commands.h"
#include "sim/cli/run_options.h"

namespace mcusim::cli {

int run_command(Args& args) {
  RunRequest request = parse_run_request(args, "run");
  return run_and_report(request).result.process_exit_code();
}

}  // namespace mcusim::cli
