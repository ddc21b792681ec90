#include "sim/symbolizer.h"

#include <cxxabi.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <memory>
#include <unordered_map>

namespace mcusim {

std::string demangle(const std::string& name) {
  if (!name.starts_with("_Z")) return name;
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> out(abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status), &std::free);
  return status == 0 && out ? std::string(out.get()) : name;
}

std::string without_parameters(const std::string& demangled) {
  std::string s = demangled;
  for (std::string_view suffix : {" const", " volatile", " &&", " &"})
    if (s.ends_with(suffix)) s.resize(s.size() - suffix.size());
  if (!s.ends_with(')')) return demangled;
  int depth = 0;
  for (size_t i = s.size(); i-- > 0;) {
    if (s[i] == ')') ++depth;
    else if (s[i] == '(' && --depth == 0) return i ? s.substr(0, i) : demangled;
  }
  return demangled;
}

std::string unqualified_name(const std::string& symbol) {
  if (!symbol.starts_with("_Z")) return symbol;
  std::string s = without_parameters(demangle(symbol));
  // The last "::" outside brackets: "(anonymous namespace)" and template
  // arguments may hold "::" of their own.
  int depth = 0;
  for (size_t i = s.size(); i-- > 1;) {
    char c = s[i];
    if (c == ')' || c == '>') ++depth;
    else if (c == '(' || c == '<') --depth;
    else if (depth == 0 && c == ':' && s[i - 1] == ':') return s.substr(i + 1);
  }
  return s;
}

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string name_with_place(const std::string& name, const std::string& file, uint32_t address) {
  return file.empty() ? fmt::format("{} [0x{:08x}]", name, address) : fmt::format("{} [{}]", name, base_name(file));
}

Symbolizer::Symbolizer(const ElfImage& image) {
  for (const ElfSymbol& s : image.symbols())
    if (s.is_function) functions_.push_back(&s);
  // Prefer sized symbols when several share an address (aliases).
  std::stable_sort(functions_.begin(), functions_.end(), [](auto* a, auto* b) { return a->address < b->address; });
  for (const ElfSymbol* f : functions_) display_names_.push_back(demangle(f->name));
  for (const ElfSection& section : image.sections())
    if (section.is_alloc() && section.is_exec() && section.size)
      code_sections_.push_back({section.address, section.address + section.size});

  int fd = open(image.path().c_str(), O_RDONLY);
  if (fd < 0) return;
  Dwarf* dwarf = dwarf_begin(fd, DWARF_C_READ);
  if (dwarf) {
    std::unordered_map<std::string, uint32_t> file_ids;
    Dwarf_Off offset = 0, next = 0;
    size_t header_size = 0;
    while (dwarf_nextcu(dwarf, offset, &next, &header_size, nullptr, nullptr, nullptr) == 0) {
      Dwarf_Die cu_die;
      if (dwarf_offdie(dwarf, offset + header_size, &cu_die)) {
        if (const char* unit = dwarf_diename(&cu_die)) {
          auto [it, inserted] = file_ids.emplace(unit, static_cast<uint32_t>(files_.size()));
          if (inserted) files_.push_back(unit);
          Dwarf_Addr base = 0, begin = 0, end = 0;
          for (ptrdiff_t o = 0; (o = dwarf_ranges(&cu_die, o, &base, &begin, &end)) > 0;)
            units_.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), it->second});
        }
        Dwarf_Lines* lines = nullptr;
        size_t count = 0;
        if (dwarf_getsrclines(&cu_die, &lines, &count) == 0) {
          for (size_t i = 0; i < count; ++i) {
            Dwarf_Line* line = dwarf_onesrcline(lines, i);
            Dwarf_Addr addr = 0;
            int lineno = 0;
            bool end = false;
            dwarf_lineaddr(line, &addr);
            dwarf_lineno(line, &lineno);
            dwarf_lineendsequence(line, &end);
            const char* src = dwarf_linesrc(line, nullptr, nullptr);
            std::string name = src ? src : "?";
            auto [it, inserted] = file_ids.emplace(name, static_cast<uint32_t>(files_.size()));
            if (inserted) files_.push_back(name);
            lines_.push_back({static_cast<uint32_t>(addr), it->second, static_cast<uint32_t>(lineno), end});
          }
        }
      }
      offset = next;
    }
    dwarf_end(dwarf);
  }
  close(fd);
  std::stable_sort(lines_.begin(), lines_.end(), [](const Row& a, const Row& b) { return a.address < b.address; });
}

std::optional<FunctionHit> Symbolizer::function_at(uint32_t address) const {
  auto it = std::upper_bound(functions_.begin(), functions_.end(), address,
                             [](uint32_t a, const ElfSymbol* s) { return a < s->address; });
  if (it == functions_.begin()) return std::nullopt;
  const ElfSymbol* s = *std::prev(it);
  // Among aliases at the same address, the first sorted one wins; unsized
  // symbols (hand-written assembly) cover up to the next symbol or the end
  // of their code section, not code that lies beyond (copied to RAM at run time).
  uint32_t offset = address - s->address;
  if (s->size != 0 ? offset >= s->size : address >= function_end(*s)) return std::nullopt;
  return FunctionHit{s, offset};
}

uint32_t Symbolizer::function_end(const ElfSymbol& function) const {
  if (function.size != 0) return function.address + function.size;
  uint32_t end = function.address + 2;  // at least its first instruction
  for (const CodeSection& section : code_sections_)
    if (function.address >= section.begin && function.address < section.end) end = section.end;
  auto next = std::upper_bound(functions_.begin(), functions_.end(), function.address,
                               [](uint32_t a, const ElfSymbol* s) { return a < s->address; });
  if (next != functions_.end()) end = std::min(end, (*next)->address);
  return std::max(end, function.address + 2);
}

std::optional<SourceLine> Symbolizer::line_at(uint32_t address) const {
  auto it = std::upper_bound(lines_.begin(), lines_.end(), address,
                             [](uint32_t a, const Row& r) { return a < r.address; });
  if (it == lines_.begin()) return std::nullopt;
  const Row& row = *std::prev(it);
  if (row.end_sequence || row.line == 0) return std::nullopt;
  return SourceLine{&files_[row.file_index], row.line};
}

const std::string* Symbolizer::compile_unit_at(uint32_t address) const {
  for (const UnitRange& u : units_)
    if (address >= u.begin && address < u.end) return &files_[u.file_index];
  return nullptr;
}

std::vector<Symbolizer::LineRow> Symbolizer::rows_in(uint32_t begin, uint32_t end) const {
  std::vector<LineRow> out;
  for (auto it = std::lower_bound(lines_.begin(), lines_.end(), begin, [](const Row& r, uint32_t a) { return r.address < a; });
       it != lines_.end() && it->address < end; ++it) {
    if (!it->end_sequence && it->line) out.push_back({it->address, {&files_[it->file_index], it->line}});
  }
  return out;
}

std::string Symbolizer::describe(uint32_t address) const {
  std::string out;
  if (auto f = function_at(address)) out = fmt::format("{}+0x{:x}", demangle(f->symbol->name), f->offset);
  else out = fmt::format("0x{:08x}", address);
  if (auto l = line_at(address)) out += fmt::format(" ({}:{})", base_name(*l->file), l->line);
  return out;
}

std::string Symbolizer::where(uint32_t pc) const { return fmt::format("pc 0x{:08x} in {}", pc, describe(pc)); }

}  // namespace mcusim
