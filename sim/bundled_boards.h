// Board files shipped with mcusim (sim/boards/*.json), embedded at build time.
#pragma once

#include <string_view>
#include <vector>

namespace mcusim {

struct BundledBoard {
  std::string_view name;
  std::string_view json;
};

const std::vector<BundledBoard>& bundled_boards();
// Series files (peripherals/series/*.json), embedded the same way.
const std::vector<BundledBoard>& bundled_series();

}  // namespace mcusim
