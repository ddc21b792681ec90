#include "profiler/report/output_file.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "sim/errors.h"

namespace mcusim {

void write_output_file(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path == "-") {
    write(std::cout);
    std::cout.flush();
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError(fmt::format("{}: cannot open for writing", path));
  write(out);
  out.close();
  if (!out) throw InputError(fmt::format("{}: write failed", path));
}

}  // namespace mcusim
