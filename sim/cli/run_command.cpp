#include <memory>

#include "sim/cli/commands.h"
#include "sim/cli/run_options.h"

namespace mcusim::cli {

Command add_run_command(CLI::App& mcusim) {
  CLI::App* app = add_command(mcusim, "run", "run firmware, print its output and a summary");
  auto request = std::make_shared<RunRequest>();
  add_elf(*app, *request);
  add_run_options(*app, *request);
  add_report_options(*app, *request);
  return {app, true, [app, request](std::vector<std::string> firmware_args) {
            finish_run_request(*app, *request, std::move(firmware_args));
            return run_and_report(*request).result.process_exit_code();
          }};
}

}  // namespace mcusim::cli
