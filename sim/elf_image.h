// A firmware ELF as mcusim needs it: loadable segments, sections, symbols.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mcusim {

struct ElfSegment {
  uint32_t physical_address = 0;  // where the bytes are loaded (LMA)
  uint32_t virtual_address = 0;   // where the program expects them at run time
  uint32_t file_size = 0, memory_size = 0;
  uint32_t flags = 0;  // PF_R | PF_W | PF_X
  size_t index = 0;    // program header index, for messages
  std::vector<uint8_t> bytes;  // file_size bytes; the rest up to memory_size is zero
};

struct ElfSection {
  std::string name;
  uint32_t address = 0, size = 0;
  uint32_t type = 0;
  uint64_t flags = 0;
  bool is_alloc() const;
  bool is_exec() const;
  bool is_write() const;
  bool is_nobits() const;
};

struct ElfSymbol {
  std::string name;
  uint32_t address = 0;  // Thumb bit cleared
  uint32_t size = 0;
  bool is_function = false;
  bool is_object = false;
};

class ElfImage {
 public:
  // Reads and validates the file; throws InputError saying what is wrong.
  static ElfImage load(const std::string& path);

  const std::string& path() const { return path_; }
  uint32_t entry() const { return entry_; }
  const std::vector<ElfSegment>& segments() const { return segments_; }
  const std::vector<ElfSection>& sections() const { return sections_; }
  const std::vector<ElfSymbol>& symbols() const { return symbols_; }
  const ElfSymbol* symbol_named(const std::string& name) const;
  // Reads loadable bytes by physical address (e.g. the vector table); false when not loaded.
  bool read_loaded(uint32_t address, void* out, size_t length) const;

 private:
  std::string path_;
  uint32_t entry_ = 0;
  std::vector<ElfSegment> segments_;
  std::vector<ElfSection> sections_;
  std::vector<ElfSymbol> symbols_;
};

struct MemoryRegion;
// Bytes of the image that occupy `region`: allocated sections at their run
// address, plus initialised data at its load address (Flash holds .data's
// initial values as well as RAM holding .data).
uint64_t image_bytes_in(const ElfImage& image, const MemoryRegion& region);

}  // namespace mcusim
