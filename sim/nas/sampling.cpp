#include "sim/nas/sampling.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "sim/errors.h"

namespace mcusim::nas {

namespace fs = std::filesystem;

std::vector<SampledCandidate> write_samples(const SearchSpace& space, uint64_t seed, size_t count, const std::string& out_dir) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw InputError(fmt::format("--out: cannot create {}: {}", out_dir, ec.message()));
  std::vector<SampledCandidate> out;
  std::ofstream index(fs::path(out_dir) / "candidates.csv");
  if (!index) throw InputError(fmt::format("--out: cannot write {}/candidates.csv", out_dir));
  index << "candidate,file,resolution,width,depths,macs,params\n";
  size_t i = 0;
  for (const Choices& c : sample_choices(space, seed, count)) {
    SampledCandidate s;
    s.name = fmt::format("{}-s{}-{:04}", space.name, seed, i++);
    s.choices = c;
    nlohmann::json model = candidate_model(space, c, s.name);
    s.counts = model_counts(model);
    s.path = (fs::path(out_dir) / (s.name + ".json")).string();
    std::ofstream f(s.path);
    f << model.dump(2) << "\n";
    if (!f) throw InputError(fmt::format("cannot write {}", s.path));
    std::string depths;
    for (const auto& stage : c.stages) depths += (depths.empty() ? "" : "-") + std::to_string(stage.size());
    index << fmt::format("{},{},{},{},{},{},{}\n", s.name, fs::path(s.path).filename().string(), c.resolution, c.width,
                         depths, s.counts.macs, s.counts.params);
    out.push_back(s);
  }
  return out;
}

}  // namespace mcusim::nas
