#include "sim/memory_map.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "sim/errors.h"

namespace mcusim {

namespace {
// An unused 1 MiB-aligned guest range for the mapping-order filler.
uint32_t find_free_megabyte(const Board& board) {
  for (uint64_t base = 0x60000000; base < 0xE0000000; base += 0x100000) {
    bool free = true;
    for (const MemoryRegion& r : board.regions)
      if (base < r.end() && r.base < base + 0x100000) free = false;
    if (free) return static_cast<uint32_t>(base);
  }
  return 0;
}
}  // namespace

MemoryMap::Storage MemoryMap::storage_of(const MemoryRegion& r, uint8_t* bytes) {
  Storage s{&r, bytes};
  // Until load() knows where the ELF's code is, all of an executable region
  // may hold code (and stays so for an alias, or an ELF without sections).
  if (r.executable) s.code_begin = r.base, s.code_end = static_cast<uint32_t>(r.end());
  return s;
}

MemoryMap::MemoryMap(const Board& board) : board_(board) {
  for (const MemoryRegion& r : board.regions) {
    if (r.kind == RegionKind::Peripheral || !r.alias_of.empty()) continue;
    // Page-aligned and zero pages that cost nothing until touched (boards
    // have megabytes the firmware never uses); Unicorn maps them directly.
    buffers_.push_back(std::make_unique<ZeroedArray<uint8_t>>((r.size + 4095) & ~4095u));
    storage_.push_back(storage_of(r, &(*buffers_.back())[0]));
  }
  for (const MemoryRegion& r : board.regions) {
    if (r.alias_of.empty()) continue;
    for (const Storage& s : std::vector<Storage>(storage_))
      if (s.region->name == r.alias_of) storage_.push_back(storage_of(r, s.bytes));
  }
}

const MemoryMap::Storage* MemoryMap::storage_at(uint32_t address) const {
  for (const Storage& s : storage_)
    if (s.region->contains(address)) return &s;
  return nullptr;
}

bool MemoryMap::covered(uint32_t address, uint64_t length) const {
  uint64_t at = address, end = uint64_t{address} + length;
  while (at < end) {
    const Storage* s = storage_at(static_cast<uint32_t>(at));
    if (!s) return false;
    at = s->region->end();
  }
  return true;
}

void MemoryMap::load(const ElfImage& image) {
  for (const ElfSegment& seg : image.segments()) {
    auto check = [&](uint32_t at, uint64_t length, const char* what) {
      if (length == 0 || covered(at, length)) return;
      throw InputError(fmt::format(
          "{}: segment {} ({}, 0x{:08x}-0x{:08x}, {} bytes) is outside board '{}' memory; the board has: {}. "
          "Link for this board or pass the board the firmware was built for (--board)",
          image.path(), seg.index, what, at, static_cast<uint32_t>(at + length - 1), length, board_.name,
          board_.describe_regions()));
    };
    check(seg.physical_address, seg.file_size, "load address");
    check(seg.virtual_address, seg.memory_size, "run address");
    if (seg.file_size) write(seg.physical_address, seg.bytes.data(), seg.file_size);
  }
  // Which executable regions the ELF puts code in. An ELF without section
  // headers says nothing: then every executable region counts as code.
  const auto& sections = image.sections();
  auto is_code = [](const ElfSection& section) { return section.is_alloc() && section.is_exec() && section.size; };
  if (std::none_of(sections.begin(), sections.end(), is_code)) return;
  for (Storage& s : storage_) {
    if (!s.region->alias_of.empty()) continue;  // an alias keeps its region's executable flag
    const MemoryRegion& r = *s.region;
    s.code_begin = s.code_end = 0;
    if (!r.executable) continue;
    uint64_t begin = r.end(), end = r.base;
    for (const ElfSection& section : sections) {
      uint64_t section_end = uint64_t{section.address} + section.size;
      if (!is_code(section) || section_end <= r.base || section.address >= r.end()) continue;
      begin = std::min<uint64_t>(begin, std::max<uint64_t>(section.address, r.base));
      end = std::max<uint64_t>(end, std::min<uint64_t>(section_end, r.end()));
    }
    if (begin >= end) continue;
    // In a writable region the code is often a few functions inside .data
    // (.RamFunc, which makes the whole section executable): their symbols
    // bound it more tightly than the section does.
    if (r.writable) {
      uint64_t f_begin = end, f_end = begin;
      for (const ElfSymbol& f : image.symbols()) {
        if (!f.is_function || f.address < begin || f.address >= end) continue;
        f_begin = std::min<uint64_t>(f_begin, f.address);
        f_end = std::max<uint64_t>(f_end, std::min<uint64_t>(end, uint64_t{f.address} + std::max(f.size, 2u)));
      }
      if (f_begin < f_end) begin = f_begin, end = f_end;
    }
    // Whole pages of Unicorn's (1 KiB on Arm). A read-only region is mapped
    // whole (no stores to keep fast).
    constexpr uint64_t kPage = 1024;
    s.code_begin = r.writable ? static_cast<uint32_t>(std::max<uint64_t>(r.base, begin & ~(kPage - 1))) : r.base;
    s.code_end = r.writable ? static_cast<uint32_t>(std::min<uint64_t>(r.end(), (end + kPage - 1) & ~(kPage - 1)))
                            : static_cast<uint32_t>(r.end());
  }
}

void MemoryMap::map_into(Cpu& cpu) const {
  // Unicorn 2.0.1 stores are far cheaper when no translated code shares a
  // 1 MiB chunk of its internal RAM space with the stored-to data; chunks are
  // handed out in mapping order. So: code-holding regions, a 1 MiB filler,
  // then data regions, then drop the filler (shared/reference/unicorn-2.0-notes.md).
  // A writable region holding code is mapped in up to three pieces (one
  // host buffer): its code pages first, the data below and above them later.
  auto map = [&](const Storage& s, uint64_t begin, uint64_t end) {
    const MemoryRegion& r = *s.region;
    if (begin >= end) return;
    cpu.map_host(static_cast<uint32_t>(begin), static_cast<uint32_t>(end - begin), r.readable, r.writable,
                 r.executable, s.bytes + (begin - r.base));
  };
  for (const Storage& s : storage_)
    if (s.holds_code()) map(s, s.code_begin, s.code_end);
  uint32_t filler = find_free_megabyte(board_);
  if (filler) cpu.map_anonymous(filler, 0x100000);
  for (const Storage& s : storage_) {
    if (!s.holds_code()) {
      map(s, s.region->base, s.region->end());
      continue;
    }
    map(s, s.region->base, s.code_begin);
    map(s, s.code_end, s.region->end());
  }
  if (filler) cpu.unmap(filler, 0x100000);
}

std::pair<uint32_t, uint32_t> MemoryMap::code_pages(const std::string& name) const {
  for (const Storage& s : storage_)
    if (s.region->name == name && s.region->alias_of.empty()) return {s.code_begin, s.code_end};
  return {0, 0};
}

uint8_t* MemoryMap::host(uint32_t address, size_t length) const {
  const Storage* s = storage_at(address);
  if (!s || !s->region->contains_range(address, length)) return nullptr;
  return s->bytes + (address - s->region->base);
}

bool MemoryMap::read(uint32_t address, void* out, size_t length) const {
  auto* dst = static_cast<uint8_t*>(out);
  while (length) {
    const Storage* s = storage_at(address);
    if (!s) return false;
    size_t chunk = std::min<uint64_t>(length, s->region->end() - address);
    std::memcpy(dst, s->bytes + (address - s->region->base), chunk);
    dst += chunk, address += static_cast<uint32_t>(chunk), length -= chunk;
  }
  return true;
}

bool MemoryMap::write(uint32_t address, const void* data, size_t length) {
  auto* src = static_cast<const uint8_t*>(data);
  while (length) {
    const Storage* s = storage_at(address);
    if (!s) return false;
    size_t chunk = std::min<uint64_t>(length, s->region->end() - address);
    std::memcpy(s->bytes + (address - s->region->base), src, chunk);
    src += chunk, address += static_cast<uint32_t>(chunk), length -= chunk;
  }
  return true;
}

}  // namespace mcusim
