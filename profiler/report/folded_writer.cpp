#include "profiler/report/folded_writer.h"

#include "profiler/report/output_file.h"

namespace mcusim {

void write_folded(const Profile& profile, std::ostream& out) {
  for (const auto& [stack, cycles] : profile.folded_stacks) {
    if (cycles == 0 || stack.empty()) continue;
    std::string line = stack;
    for (char& c : line)
      if (c == '\n' || c == '\r') c = ' ';
    out << line << ' ' << cycles << '\n';
  }
}

void write_folded(const Profile& profile, const std::string& path) {
  write_output_file(path, [&](std::ostream& out) { write_folded(profile, out); });
}

}  // namespace mcusim
