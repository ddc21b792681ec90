#include <elf.h>
#include <fmt/format.h>

#include "profiler/arena_tracker.h"
#include "profiler/layer_presets.h"
#include "profiler/tflite_model.h"
#include "sim/cli/commands.h"
#include "sim/errors.h"
#include "sim/cli/run_options.h"
#include "sim/board.h"
#include "sim/bundled_boards.h"
#include "sim/elf_image.h"
#include "sim/memory_map.h"
#include "sim/symbolizer.h"

namespace mcusim::cli {

namespace {

int info(const std::string& elf, const std::string& board_name) {
  ElfImage image = ElfImage::load(elf);
  Board board = load_board(board_name);

  fmt::print("{}: entry 0x{:08x}\n\nsegments:\n  {:>3}  {:>10}  {:>10}  {:>9}  {:>9}  flags\n", elf, image.entry(), "#", "load", "run", "file", "memory");
  for (const ElfSegment& s : image.segments())
    fmt::print("  {:>3}  0x{:08x}  0x{:08x}  {:>9}  {:>9}  {}{}{}\n", s.index, s.physical_address, s.virtual_address, s.file_size,
               s.memory_size, s.flags & PF_R ? 'r' : '-', s.flags & PF_W ? 'w' : '-', s.flags & PF_X ? 'x' : '-');
  fmt::print("\nsections:\n  {:<24} {:>10}  {:>9}  kind\n", "name", "address", "size");
  for (const ElfSection& s : image.sections()) {
    if (!s.is_alloc() || s.size == 0) continue;
    std::string kind = s.is_exec() ? "code" : s.is_nobits() ? "zero-init" : s.is_write() ? "data" : "read-only";
    fmt::print("  {:<24} 0x{:08x}  {:>9}  {}\n", s.name, s.address, s.size, kind);
  }
  // Memory use per region: load images (Flash) and run-time footprint (RAM).
  std::string core(core_name(board.core));
  if (board.core_revision) core += " " + core_revision_name(*board.core_revision);
  fmt::print("\nmemory use on board {} ({}):\n  {:<12} {:>10}  {:>10}  {:>10}  {:>6}\n", board.name, core, "region", "base", "size",
             "used", "use");
  for (const MemoryRegion* r : board.storage_regions()) {
    uint64_t used = image_bytes_in(image, *r);
    fmt::print("  {:<12} 0x{:08x}  {:>10}  {:>10}  {:>5.1f}%\n", r->name, r->base, r->size, used,
               100.0 * static_cast<double>(used) / r->size);
  }
  std::vector<std::string> functions;
  for (const ElfSymbol& s : image.symbols())
    if (s.is_function) functions.push_back(without_parameters(demangle(s.name)));
  auto framework = recognise_framework(functions);
  if (framework)
    fmt::print("\nframework: {} (from {}); layers: --layers {}\n", framework->preset->framework, framework->evidence,
               framework->preset->name);
  else
    fmt::print("\nframework: none recognised; layers: ITM markers, --layer-caller, --layer-functions or --layer-map\n");
  if (auto arena = find_arena(image, "", framework ? framework->preset->arena : std::string_view{}))
    fmt::print("arena: {} (0x{:08x}, {} bytes), measured overall and per layer (docs/profiling.md)\n", arena->name, arena->base,
               arena->size);
  else
    fmt::print("arena: none recognised; name it with --arena SYMBOL|ADDR:SIZE\n");
  std::vector<std::string> warnings;
  if (auto model = find_tflite_model(image, warnings)) {
    size_t with_macs = 0;
    uint64_t macs = 0;
    for (const TfliteOperator& o : model->operators) {
      with_macs += o.macs != 0;
      macs += o.macs;
    }
    fmt::print("TF-Lite model: {} (0x{:08x}, {} bytes): {} operators, {} MACs per inference in the {} counted from shapes\n",
               model->symbol, model->address, model->size, model->operators.size(), macs, with_macs);
  }
  for (const std::string& w : warnings) fmt::print("warning: {}\n", w);
  MemoryMap check(board);
  check.load(image);  // throws, naming the segment, when the image does not fit
  return 0;
}

int boards() {
  for (const BundledBoard& b : bundled_boards()) {
    Board board = parse_board(b.json, std::string(b.name));
    std::string revision = board.core_revision ? core_revision_name(*board.core_revision) : "";
    fmt::print("{:<18} {:<10} {:<4} {:>4} MHz  {}\n", board.name, core_name(board.core), revision, board.clock_hz / 1000000,
               board.description);
  }
  return 0;
}

}  // namespace

Command add_info_command(CLI::App& mcusim) {
  CLI::App* app = add_command(mcusim, "info", "sections, segments, entry and memory use per region");
  auto r = std::make_shared<RunRequest>();
  add_elf(*app, *r);
  add_run_option(*app, *r, *run_option_by_cli("--board"));
  return {app, false, [app, r](std::vector<std::string>) {
            std::vector<std::string> extra = extra_positionals(*app);
            if (!extra.empty()) throw InputError(fmt::format("info: more than one ELF given ('{}' and '{}')", r->elf, extra[0]));
            if (r->elf.empty()) throw InputError("info: no ELF given (usage: mcusim info [--board NAME] ELF)");
            return info(r->elf, r->board);
          }};
}

Command add_boards_command(CLI::App& mcusim) {
  CLI::App* app = add_command(mcusim, "boards", "list the bundled boards");
  return {app, false, [app](std::vector<std::string>) {
            refuse_extras(*app);
            return boards();
          }};
}

}  // namespace mcusim::cli
