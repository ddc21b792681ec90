#include "sim/nas/candidate_build.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "firmware_samples/generator/emit.hpp"
#include "sim/errors.h"
#include "sim/nas/content_hash.h"

namespace mcusim::nas {

namespace fs = std::filesystem;

namespace {

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw InputError(fmt::format("cannot write {}", path.string()));
}

// A name usable as a directory: letters, digits, '-', '_', '.'.
std::string safe(const std::string& name) {
  std::string s;
  for (char c : name) s += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
  return s.substr(0, 64);
}

}  // namespace

void check_fits(const std::string& log, const std::string& name, const std::string& board) {
  std::ifstream in(log);
  std::string line;
  bool flash = false, sram = false;
  std::vector<std::string> said;
  while (std::getline(in, line)) {
    bool f = line.find("region `FLASH' overflowed") != std::string::npos || line.find("will not fit in region `FLASH'") != std::string::npos;
    bool r = line.find("region `RAM' overflowed") != std::string::npos || line.find("will not fit in region `RAM'") != std::string::npos ||
             line.find("RAM overflow") != std::string::npos;
    if (!f && !r) continue;
    flash |= f, sram |= r;
    size_t at = line.find(": ", line.find("/ld"));  // drop the linker's path
    said.push_back(at == std::string::npos ? line : line.substr(at + 2));
  }
  if (flash || sram)
    throw DoesNotFit(flash, sram, fmt::format("{} does not fit {}'s {} (link: {})", name, board,
                                              flash && sram ? "Flash and RAM" : flash ? "Flash" : "RAM", fmt::join(said, "; ")));
}

BuildResult build_candidate(const nlohmann::json& model, const std::string& engine, const std::string& board,
                            const Toolchain& t, CommonObjects& common) {
  if (engine != "planned" && engine != "interpreted")
    throw InputError(fmt::format("--engine: '{}' is not planned or interpreted", engine));
  BuildResult r;
  auto started = std::chrono::steady_clock::now();
  modelgen::Graph g;
  modelgen::Emitted emitted;
  std::string blob;
  try {
    g = modelgen::build_graph(model);
    modelgen::QuantModel qm = modelgen::quantize(g, modelgen::weight_seed(g.name));
    emitted = engine == "planned" ? modelgen::emit_planned(g, qm, {}) : modelgen::emit_interpreted(g, qm);
    blob.assign(qm.blob.begin(), qm.blob.end());
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(fmt::format("model '{}': {}", model.value("name", "?"), e.what()));
  }
  r.arena_bytes = emitted.arena_bytes;
  r.generate_seconds = since(started);

  std::vector<std::string> objects = common.for_board(board);  // first call per board compiles the kernels
  std::vector<std::string> flags = board_flags(board);
  ContentHash key;
  key.add(emitted.source).add(blob).add(board).add(t.gcc);
  for (const std::string& o : objects) key.add(o);  // names carry the common sources' digest
  for (const std::string& f : flags) key.add(f);
  const fs::path dir = fs::path(t.cache) / fmt::format("{}-{}-{}", safe(g.name), board, key.hex());
  r.dir = dir.string();
  r.elf = (dir / "firmware.elf").string();
  if (fs::exists(r.elf)) {
    r.cached = true;
    return r;
  }

  started = std::chrono::steady_clock::now();
  const fs::path tmp = fs::path(t.cache) / fmt::format("{}.tmp{}.{}", dir.filename().string(), getpid(), gettid());
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  const fs::path final_bin = dir / "weights.bin";  // .incbin names the final path
  write_file(tmp / "weights.bin", blob);
  write_file(tmp / "weights.S", modelgen::emit_weights_asm(final_bin.string()));
  write_file(tmp / "model.c", emitted.source);
  write_file(tmp / "plan.txt", fmt::format("model {}\nmacs {}\nparams {}\nweight_blob_bytes {}\n{}", g.name, g.macs(),
                                           g.params(), blob.size(), emitted.report));
  write_file(tmp / "model.json", model.dump(2) + "\n");
  // Assemble from the temporary copy of the blob: .incbin reads it now.
  write_file(tmp / "weights_build.S", modelgen::emit_weights_asm((tmp / "weights.bin").string()));

  std::vector<std::string> argv = {t.gcc};
  argv.insert(argv.end(), flags.begin(), flags.end());
  for (const char* inc : {"include", "common", "nn", "runtime"}) argv.push_back("-I" + (fs::path(t.sources) / inc).string());
  argv.push_back((tmp / "model.c").string());
  argv.push_back((tmp / "weights_build.S").string());
  argv.insert(argv.end(), objects.begin(), objects.end());
  for (const std::string& a :
       {std::string("--specs=rdimon.specs"), std::string("-lrdimon"), std::string("-lm"),
        "-L" + (fs::path(t.sources) / "common" / "ld").string(),
        "-T" + (fs::path(t.sources) / "common" / "ld" / fs::path(board_linker_script(board))).string(),
        std::string("-Wl,--gc-sections"), "-Wl,-Map=" + (tmp / "firmware.map").string(),
        std::string("-Wl,--defsym=__stack_size=8192"), std::string("-o"), (tmp / "firmware.elf").string()})
    argv.push_back(a);
  const fs::path log = tmp / "build.log";
  if (run_tool(argv, log.string(), &r.compile_cpu_seconds) != 0) {
    fs::path kept = fs::path(t.cache) / fmt::format("failed-{}", dir.filename().string());
    fs::remove_all(kept);
    fs::rename(tmp, kept);
    check_fits((kept / "build.log").string(), g.name, board);
    throw InputError(fmt::format("building {} for {} failed (log: {})", g.name, board, (kept / "build.log").string()));
  }
  fs::remove(tmp / "weights_build.S");
  std::error_code ec;
  fs::rename(tmp, dir, ec);  // another worker or process built the same content: keep theirs
  if (ec) fs::remove_all(tmp);
  r.compile_seconds = since(started);
  return r;
}

}  // namespace mcusim::nas
