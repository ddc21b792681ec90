// mcusim.boards() and mcusim.info(): what `mcusim boards` and `mcusim info`
// print, as dicts.
#include <elf.h>
#include <pybind11/stl.h>

#include "sim/board.h"
#include "sim/bundled_boards.h"
#include "sim/elf_image.h"
#include "sim/memory_map.h"
#include "sim/python/bindings.h"

namespace mcusim::python {

namespace {

py::list regions_of(const Board& board, const ElfImage* image) {
  py::list regions;
  for (const MemoryRegion* r : board.storage_regions()) {
    py::dict d;
    d["name"] = r->name;
    d["kind"] = std::string(region_kind_name(r->kind));
    d["base"] = r->base;
    d["size"] = r->size;
    if (image) {
      uint64_t used = image_bytes_in(*image, *r);
      d["used"] = used;
      d["use_percent"] = r->size ? 100.0 * static_cast<double>(used) / r->size : 0.0;
    }
    regions.append(d);
  }
  return regions;
}

py::dict board_dict(const Board& b) {
  py::dict d;
  d["name"] = b.name;
  d["core"] = std::string(core_name(b.core));
  // None when the board file does not state it (the mps2 FPGA images).
  d["core_revision"] = b.core_revision ? py::object(py::str(core_revision_name(*b.core_revision))) : py::object(py::none());
  d["clock_hz"] = b.clock_hz;
  d["description"] = b.description;
  d["regions"] = regions_of(b, nullptr);
  return d;
}

py::list boards() {
  py::list out;
  for (const BundledBoard& b : bundled_boards()) out.append(board_dict(parse_board(b.json, std::string(b.name))));
  return out;
}

py::dict info(const py::handle& elf_path, const std::string& board_name) {
  std::string path = path_of(elf_path);
  ElfImage image = ElfImage::load(path);
  Board board = load_board(board_name);
  MemoryMap check(board);
  check.load(image);  // raises InputError, naming the segment, when the image does not fit (as `mcusim info`)
  py::dict d;
  d["elf"] = path;
  d["entry"] = image.entry();
  d["board"] = board_dict(board);
  py::list segments;
  for (const ElfSegment& s : image.segments()) {
    py::dict seg;
    seg["index"] = s.index;
    seg["load_address"] = s.physical_address;
    seg["run_address"] = s.virtual_address;
    seg["file_size"] = s.file_size;
    seg["memory_size"] = s.memory_size;
    seg["flags"] = std::string{s.flags & PF_R ? 'r' : '-', s.flags & PF_W ? 'w' : '-', s.flags & PF_X ? 'x' : '-'};
    segments.append(seg);
  }
  d["segments"] = segments;
  py::list sections;
  for (const ElfSection& s : image.sections()) {
    if (!s.is_alloc() || s.size == 0) continue;
    py::dict sec;
    sec["name"] = s.name;
    sec["address"] = s.address;
    sec["size"] = s.size;
    sec["kind"] = s.is_exec() ? "code" : s.is_nobits() ? "zero-init" : s.is_write() ? "data" : "read-only";
    sections.append(sec);
  }
  d["sections"] = sections;
  d["regions"] = regions_of(board, &image);
  return d;
}

}  // namespace

void bind_info(py::module_& m) {
  m.def("boards", &boards, "The bundled boards: [{name, core, core_revision, clock_hz, description, regions}] (mcusim boards).");
  m.def("info", &info, py::arg("elf"), py::arg("board") = "stm32f746g-disco",
        "Entry, segments, sections and memory use per region of the board (mcusim info). Raises\n"
        "mcusim.InputError when the ELF is unreadable or does not fit the board.");
}

}  // namespace mcusim::python
