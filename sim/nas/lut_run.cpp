#include "sim/nas/lut_run.h"

#include <algorithm>
#include <chrono>

#include "sim/nas/lut_table.h"
#include "sim/sweep/sweep.h"

namespace mcusim::nas {

LutRunSummary run_lut(const LutInput& input, LutOptions o, const std::string& prefix, bool resume,
                      const std::function<void(const nlohmann::json&)>& on_row) {
  LutRunSummary s;
  LutOutput output(prefix + ".csv", resume);  // before any work: an unwritable file is an error up front
  std::set<std::string> done = resume ? output.done(o.board, o.engine) : std::set<std::string>{};
  std::vector<LutUnit> todo;
  for (const LutUnit& u : input.units)
    if (!done.count(u.key())) todo.push_back(u);
  s.units = input.units.size();
  s.skipped = s.units - todo.size();
  std::vector<std::vector<LutUnit>> packs = pack_units(todo);
  s.packs = packs.size();
  unsigned workers = o.workers ? o.workers : default_workers();
  o.workers = s.workers = static_cast<unsigned>(std::min<size_t>(workers, std::max<size_t>(packs.size(), 1)));
  auto started = std::chrono::steady_clock::now();
  measure_units(
      packs, o,
      [&](const LutMeasurement& m) {
        nlohmann::json row = lut_row(m, o.board, o.engine);
        output.write(row);
        ++s.by_status[m.status];
        on_row(row);
      },
      [&](const LutPackCost& c) {
        if (c.cached) ++s.cached;
        else if (c.compile_cpu_s > 0) ++s.built;
        if (c.simulate_s > 0) ++s.simulated, s.cost.units += c.units;
        s.cost.generate_s += c.generate_s, s.cost.compile_s += c.compile_s, s.cost.compile_cpu_s += c.compile_cpu_s;
        s.cost.simulate_s += c.simulate_s, s.cost.simulate_cpu_s += c.simulate_cpu_s;
      });
  s.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::vector<nlohmann::json> rows = read_lut_rows(prefix + ".csv");
  write_lut_json(prefix + ".json", rows, input.origin);
  s.entries = rows.size();
  return s;
}

}  // namespace mcusim::nas
