#include "profiler/report/callgrind_writer.h"

#include <map>
#include <vector>

#include "profiler/report/output_file.h"

namespace mcusim {

namespace {

// Callgrind names end at the line end; keep them on one line.
std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

class Compressor {
 public:
  explicit Compressor(const char* key) : key_(key) {}
  // "fn=(1) name" the first time, "fn=(1)" after.
  std::string operator()(const std::string& name) {
    auto [it, fresh] = ids_.try_emplace(name, ids_.size() + 1);
    std::string s = std::string(key_) + "=(" + std::to_string(it->second) + ")";
    if (fresh) s += " " + one_line(name);
    return s;
  }

 private:
  const char* key_;
  std::map<std::string, size_t> ids_;
};

std::string file_of(const FunctionProfile& f) { return f.file.empty() ? "???" : f.file; }

}  // namespace

void write_callgrind(const Profile& p, std::ostream& out) {
  out << "# callgrind format\n";
  out << "version: 1\n";
  out << "creator: mcusim\n";
  out << "pid: 1\n";
  out << "cmd: " << one_line(p.firmware.empty() ? "firmware" : p.firmware) << "\n";
  out << "part: 1\n";
  if (!p.board.empty()) out << "desc: Board: " << one_line(p.board) << " (" << one_line(p.core) << ")\n";
  if (p.clock_hz) out << "desc: Clock: " << p.clock_hz << " Hz\n";
  if (!p.timing.empty()) out << "desc: Timing: " << one_line(p.timing) << "\n";
  out << "positions: line\n";
  out << "event: Cycles : Modelled cycles\n";
  out << "event: Instructions : Instructions executed\n";
  out << "events: Cycles Instructions\n";
  out << "summary: " << p.cycles << " " << p.instructions << "\n\n";

  std::vector<std::vector<const CallEdge*>> out_edges(p.functions.size());
  for (const auto& e : p.calls)
    if (e.caller < p.functions.size() && e.callee < p.functions.size()) out_edges[e.caller].push_back(&e);

  Compressor files("fl"), names("fn");
  // cfl=/cfn= share the id spaces of fl=/fn=, so one compressor each serves both.
  for (size_t i = 0; i < p.functions.size(); ++i) {
    const FunctionProfile& f = p.functions[i];
    out << files(file_of(f)) << "\n";
    out << names(f.name) << "\n";
    out << f.line << " " << f.self_cycles << " " << f.self_instructions << "\n";
    for (const CallEdge* e : out_edges[i]) {
      const FunctionProfile& callee = p.functions[e->callee];
      out << "c" << files(file_of(callee)) << "\n";
      out << "c" << names(callee.name) << "\n";
      out << "calls=" << e->calls << " " << callee.line << "\n";
      out << f.line << " " << e->inclusive_cycles << " " << e->inclusive_instructions << "\n";
    }
    out << "\n";
  }
  out << "totals: " << p.cycles << " " << p.instructions << "\n";
}

void write_callgrind(const Profile& profile, const std::string& path) {
  write_output_file(path, [&](std::ostream& out) { write_callgrind(profile, out); });
}

}  // namespace mcusim
