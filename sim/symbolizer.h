// Address -> function and source line, from the ELF symbols and DWARF (libdw).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/elf_image.h"

namespace mcusim {

struct SourceLine {
  const std::string* file = nullptr;  // interned; never null in a valid SourceLine
  uint32_t line = 0;
};

// C++ names demangled for display ("tflite::(anonymous namespace)::Eval(TfLiteContext*, TfLiteNode*)");
// any other name (C, assembly) is returned unchanged.
std::string demangle(const std::string& name);
// A demangled name without its parameter list and trailing qualifiers
// ("tflite::(anonymous namespace)::Eval"): what people call the function.
std::string without_parameters(const std::string& demangled);
// A symbol's own name, without namespaces, classes, enclosing functions or
// parameters: "tensor_arena" for "_ZN12_GLOBAL__N_112tensor_arenaE" (an array
// in an anonymous namespace, as TF-Lite Micro's examples declare it) and for
// "_ZZ5_sbrkE8heap_end" (a function's static). C names are returned unchanged.
std::string unqualified_name(const std::string& symbol);
// The file name of a path ("conv.cc" for "/src/kernels/conv.cc").
std::string base_name(const std::string& path);
// A name several functions share, told apart by its source file (or its
// address when the file is unknown): "tflite::(anonymous namespace)::Eval [conv.cc]".
std::string name_with_place(const std::string& name, const std::string& file, uint32_t address);

struct FunctionHit {
  const ElfSymbol* symbol = nullptr;
  uint32_t offset = 0;
};

class Symbolizer {
 public:
  // Reads DWARF line tables when present; an ELF without debug info still gives functions.
  explicit Symbolizer(const ElfImage& image);

  std::optional<FunctionHit> function_at(uint32_t address) const;
  // Where a function's code ends: address + size, or for an unsized symbol
  // (hand-written assembly without .size) the next function's address or
  // the end of its code section, whichever comes first.
  uint32_t function_end(const ElfSymbol& function) const;
  std::optional<SourceLine> line_at(uint32_t address) const;
  // The source file whose compile unit holds `address` (DWARF DW_AT_name):
  // a function's own file even when its first line comes from an inlined header.
  const std::string* compile_unit_at(uint32_t address) const;
  const std::vector<const ElfSymbol*>& functions() const { return functions_; }
  // Demangled name of functions()[i].
  const std::string& display_name(size_t i) const { return display_names_[i]; }
  bool has_line_info() const { return !lines_.empty(); }
  // "main+0x12 (main.c:42)" or "0x00001234" when nothing is known.
  std::string describe(uint32_t address) const;
  // "pc 0x0800_1234 in main (main.c:12)": where messages say something happened.
  std::string where(uint32_t pc) const;
  // Every line-table row of one function, in address order: (address, line).
  struct LineRow { uint32_t address; SourceLine line; };
  std::vector<LineRow> rows_in(uint32_t begin, uint32_t end) const;

 private:
  struct Row {
    uint32_t address;
    uint32_t file_index;
    uint32_t line;
    bool end_sequence;
  };
  std::vector<const ElfSymbol*> functions_;  // sorted by address
  struct CodeSection { uint32_t begin, end; };
  std::vector<CodeSection> code_sections_;
  std::vector<std::string> display_names_;   // parallel to functions_
  std::vector<std::string> files_;
  std::vector<Row> lines_;                    // sorted by address
  struct UnitRange { uint32_t begin, end, file_index; };
  std::vector<UnitRange> units_;
};

}  // namespace mcusim
