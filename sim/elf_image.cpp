#include "sim/elf_image.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fmt/format.h>
#include <memory>

#include "sim/board.h"
#include "sim/errors.h"

namespace mcusim {

bool ElfSection::is_alloc() const { return flags & SHF_ALLOC; }
bool ElfSection::is_exec() const { return flags & SHF_EXECINSTR; }
bool ElfSection::is_write() const { return flags & SHF_WRITE; }
bool ElfSection::is_nobits() const { return type == SHT_NOBITS; }

namespace {

struct FileCloser {
  int fd;
  ~FileCloser() { if (fd >= 0) close(fd); }
};
struct ElfCloser {
  void operator()(Elf* e) const { elf_end(e); }
};

[[noreturn]] void fail(const std::string& path, const std::string& why) {
  throw InputError(fmt::format("{}: {}", path, why));
}

std::string elf_error() { return elf_errmsg(-1) ? elf_errmsg(-1) : "unknown libelf error"; }

std::string machine_name(unsigned machine) {
  switch (machine) {
    case EM_386: return "x86 (EM_386)";
    case EM_X86_64: return "x86-64 (EM_X86_64)";
    case EM_AARCH64: return "AArch64 (EM_AARCH64)";
    case EM_RISCV: return "RISC-V (EM_RISCV)";
    case EM_ARM: return "ARM";
    default: return fmt::format("machine {}", machine);
  }
}

}  // namespace

ElfImage ElfImage::load(const std::string& path) {
  ElfImage image;
  image.path_ = path;
  if (elf_version(EV_CURRENT) == EV_NONE) fail(path, "libelf is too old: " + elf_error());
  FileCloser file{open(path.c_str(), O_RDONLY)};
  if (file.fd < 0) fail(path, fmt::format("cannot open: {}", std::strerror(errno)));
  off_t file_size = lseek(file.fd, 0, SEEK_END);
  lseek(file.fd, 0, SEEK_SET);
  unsigned char ident[EI_NIDENT] = {};
  if (file_size < EI_NIDENT || pread(file.fd, ident, EI_NIDENT, 0) != EI_NIDENT ||
      std::memcmp(ident, ELFMAG, SELFMAG) != 0)
    fail(path, "not an ELF file (no ELF magic); pass the firmware's .elf, not a .bin or .hex");
  if (ident[EI_CLASS] != ELFCLASS32)
    fail(path, "64-bit ELF: mcusim runs 32-bit Arm Cortex-M firmware (build with arm-none-eabi-gcc)");
  if (ident[EI_DATA] != ELFDATA2LSB) fail(path, "big-endian ELF: Cortex-M firmware is little-endian");

  std::unique_ptr<Elf, ElfCloser> elf(elf_begin(file.fd, ELF_C_READ_MMAP, nullptr));
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF) fail(path, "not a readable ELF file: " + elf_error());
  GElf_Ehdr ehdr;
  if (!gelf_getehdr(elf.get(), &ehdr)) fail(path, "truncated or corrupt ELF header: " + elf_error());
  if (ehdr.e_machine != EM_ARM)
    fail(path, fmt::format("built for {}, not Arm: mcusim runs Cortex-M firmware (arm-none-eabi)", machine_name(ehdr.e_machine)));
  if (ehdr.e_type != ET_EXEC) fail(path, "not an executable (relocatable object or shared library?): link the firmware first");
  image.entry_ = static_cast<uint32_t>(ehdr.e_entry);

  size_t phnum = 0;
  if (elf_getphdrnum(elf.get(), &phnum) != 0) fail(path, "corrupt program header table: " + elf_error());
  if (ehdr.e_phoff + uint64_t{phnum} * ehdr.e_phentsize > static_cast<uint64_t>(file_size))
    fail(path, fmt::format("truncated ELF: the program headers end at byte {} but the file has {} bytes",
                           ehdr.e_phoff + uint64_t{phnum} * ehdr.e_phentsize, file_size));
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (!gelf_getphdr(elf.get(), static_cast<int>(i), &ph)) fail(path, fmt::format("corrupt program header {}: {}", i, elf_error()));
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    if (ph.p_filesz > ph.p_memsz) fail(path, fmt::format("segment {}: file size exceeds memory size", i));
    if (ph.p_offset + ph.p_filesz > static_cast<uint64_t>(file_size))
      fail(path, fmt::format("truncated ELF: segment {} needs bytes {}..{} but the file has {} bytes",
                             i, ph.p_offset, ph.p_offset + ph.p_filesz, file_size));
    if (ph.p_paddr + ph.p_memsz > 0x100000000ull) fail(path, fmt::format("segment {} leaves the 32-bit address space", i));
    ElfSegment seg;
    seg.index = i;
    seg.physical_address = static_cast<uint32_t>(ph.p_paddr);
    seg.virtual_address = static_cast<uint32_t>(ph.p_vaddr);
    seg.file_size = static_cast<uint32_t>(ph.p_filesz);
    seg.memory_size = static_cast<uint32_t>(ph.p_memsz);
    seg.flags = ph.p_flags;
    seg.bytes.resize(seg.file_size);
    if (seg.file_size && pread(file.fd, seg.bytes.data(), seg.file_size, static_cast<off_t>(ph.p_offset)) != static_cast<ssize_t>(seg.file_size))
      fail(path, fmt::format("cannot read segment {}", i));
    image.segments_.push_back(std::move(seg));
  }
  if (image.segments_.empty()) fail(path, "no loadable (PT_LOAD) segment: nothing to run");
  // Overlap by load address: two segments writing the same bytes means a broken link.
  std::vector<const ElfSegment*> by_address;
  for (const ElfSegment& s : image.segments_) if (s.file_size) by_address.push_back(&s);
  std::sort(by_address.begin(), by_address.end(), [](auto* a, auto* b) { return a->physical_address < b->physical_address; });
  for (size_t i = 1; i < by_address.size(); ++i) {
    const ElfSegment& a = *by_address[i - 1];
    const ElfSegment& b = *by_address[i];
    if (uint64_t{a.physical_address} + a.file_size > b.physical_address)
      fail(path, fmt::format("segments {} (0x{:08x}-0x{:08x}) and {} (0x{:08x}-0x{:08x}) overlap at their load addresses",
                             a.index, a.physical_address, a.physical_address + a.file_size - 1,
                             b.index, b.physical_address, b.physical_address + b.file_size - 1));
  }

  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf.get(), &shstrndx) != 0) shstrndx = 0;
  for (Elf_Scn* scn = elf_nextscn(elf.get(), nullptr); scn; scn = elf_nextscn(elf.get(), scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh)) fail(path, "corrupt section header: " + elf_error());
    if (sh.sh_type != SHT_NOBITS && sh.sh_offset + sh.sh_size > static_cast<uint64_t>(file_size))
      fail(path, fmt::format("truncated ELF: a section needs bytes up to {} but the file has {} bytes",
                             sh.sh_offset + sh.sh_size, file_size));
    const char* name = shstrndx ? elf_strptr(elf.get(), shstrndx, sh.sh_name) : nullptr;
    ElfSection section{name ? name : "", static_cast<uint32_t>(sh.sh_addr), static_cast<uint32_t>(sh.sh_size),
                       sh.sh_type, sh.sh_flags};
    image.sections_.push_back(section);
    if (sh.sh_type != SHT_SYMTAB) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (!data) fail(path, "unreadable symbol table: " + elf_error());
    size_t count = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
    for (size_t i = 0; i < count; ++i) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym)) continue;
      int type = GELF_ST_TYPE(sym.st_info);
      // Functions, objects, and untyped linker symbols (end, __StackLimit);
      // not the $t/$d mapping symbols.
      if ((type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) || sym.st_shndx == SHN_UNDEF) continue;
      const char* sym_name = elf_strptr(elf.get(), sh.sh_link, sym.st_name);
      if (!sym_name || !*sym_name || sym_name[0] == '$') continue;
      ElfSymbol s;
      s.name = sym_name;
      s.is_function = type == STT_FUNC;
      s.is_object = type == STT_OBJECT;
      s.address = static_cast<uint32_t>(sym.st_value) & (s.is_function ? ~1u : ~0u);
      s.size = static_cast<uint32_t>(sym.st_size);
      image.symbols_.push_back(std::move(s));
    }
  }
  std::sort(image.symbols_.begin(), image.symbols_.end(),
            [](const ElfSymbol& a, const ElfSymbol& b) { return a.address < b.address || (a.address == b.address && a.name < b.name); });
  return image;
}

const ElfSymbol* ElfImage::symbol_named(const std::string& name) const {
  for (const ElfSymbol& s : symbols_)
    if (s.name == name) return &s;
  return nullptr;
}

bool ElfImage::read_loaded(uint32_t address, void* out, size_t length) const {
  for (const ElfSegment& s : segments_) {
    if (address >= s.physical_address && uint64_t{address} + length <= uint64_t{s.physical_address} + s.file_size) {
      std::memcpy(out, s.bytes.data() + (address - s.physical_address), length);
      return true;
    }
  }
  return false;
}

uint64_t image_bytes_in(const ElfImage& image, const MemoryRegion& region) {
  uint64_t used = 0;
  for (const ElfSection& s : image.sections()) {
    if (!s.is_alloc() || s.size == 0) continue;
    if (region.contains(s.address)) used += s.size;
    if (s.is_nobits()) continue;
    for (const ElfSegment& seg : image.segments()) {
      if (seg.physical_address == seg.virtual_address) continue;
      if (s.address >= seg.virtual_address && s.address < seg.virtual_address + seg.file_size &&
          region.contains(seg.physical_address + (s.address - seg.virtual_address)))
        used += s.size;
    }
  }
  return used;
}

}  // namespace mcusim
