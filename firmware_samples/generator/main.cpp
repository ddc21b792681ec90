// mcusim_modelgen: model description -> C for one engine, or MAC/param counts.
//
//   mcusim_modelgen MODEL.json --counts [--check]
//   mcusim_modelgen MODEL.json --engine planned|interpreted [--patch-blocks N]
//                   [--patch-grid G] --out DIR
//
// --out writes DIR/model.c, DIR/weights.bin, DIR/weights.S and DIR/plan.txt.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "emit.hpp"
#include "model.hpp"
#include "quant.hpp"

using namespace mcusim::modelgen;

namespace {

int usage() {
  std::cerr << "usage: mcusim_modelgen MODEL.json --counts [--check]\n"
               "       mcusim_modelgen MODEL.json --engine planned|interpreted "
               "[--patch-blocks N] [--patch-grid G] --out DIR\n";
  return 2;
}

// Published figures have 0.1M (MACs) and 0.01M (params) precision.
bool matches_published(double value, double published_m, double step_m) {
  return std::fabs(value / 1e6 - published_m) <= step_m / 2 + 1e-9;
}

int counts(const Graph &g, bool check) {
  std::printf("model %s macs %lld params %lld (%.2fM MACs, %.3fM params; published %.1fM, %.2fM)\n",
              g.name.c_str(), (long long)g.macs(), (long long)g.params(), g.macs() / 1e6,
              g.params() / 1e6, g.published_macs_m, g.published_params_m);
  if (!check) return 0;
  const bool ok = matches_published(double(g.macs()), g.published_macs_m, 0.1) &&
                  matches_published(double(g.params()), g.published_params_m, 0.01);
  std::printf("%s\n", ok ? "counts match the published figures" : "MISMATCH with published figures");
  return ok ? 0 : 1;
}

void write_file(const std::filesystem::path &p, const std::string &text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + p.string());
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 3) return usage();
  std::string model = argv[1], engine, out;
  bool do_counts = false, check = false;
  PatchOptions patch;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error("missing value after " + a);
      return argv[++i];
    };
    if (a == "--counts") do_counts = true;
    else if (a == "--check") check = true;
    else if (a == "--engine") engine = next();
    else if (a == "--out") out = next();
    else if (a == "--patch-blocks") patch.blocks = std::stoi(next());
    else if (a == "--patch-grid") patch.grid = std::stoi(next());
    else return usage();
  }
  try {
    const Graph g = load_graph(model);
    if (do_counts) return counts(g, check);
    if (out.empty() || (engine != "planned" && engine != "interpreted")) return usage();
    const QuantModel qm = quantize(g, weight_seed(g.name));
    const Emitted e = engine == "planned" ? emit_planned(g, qm, patch) : emit_interpreted(g, qm);
    const std::filesystem::path dir(out);
    std::filesystem::create_directories(dir);
    const auto bin = std::filesystem::absolute(dir / "weights.bin");
    write_file(bin, std::string(qm.blob.begin(), qm.blob.end()));
    write_file(dir / "weights.S", emit_weights_asm(bin.string()));
    write_file(dir / "model.c", e.source);
    std::ostringstream r;
    r << "model " << g.name << "\nmacs " << g.macs() << "\nparams " << g.params()
      << "\nweight_blob_bytes " << qm.blob.size() << "\n"
      << e.report;
    write_file(dir / "plan.txt", r.str());
  } catch (const std::exception &ex) {
    std::cerr << "mcusim_modelgen: " << ex.what() << "\n";
    return 1;
  }
  return 0;
}
