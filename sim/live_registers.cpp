#include "sim/live_registers.h"

#include <sys/uio.h>
#include <unistd.h>
#include <unicorn/unicorn.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <vector>

namespace mcusim {
namespace {

constexpr int kCount = 15;  // r0..r12, SP, LR
// How much of the handle's structure is searched for pointers, and how far
// beyond each pointer for the array (in 2.0.1 the CPU object holds QEMU's
// CPUState, with its 32 KiB jump cache, before the registers).
constexpr size_t kHandleBytes = 16 * 1024;
constexpr size_t kWindowBytes = 64 * 1024;

struct Range {
  uintptr_t begin, end;
};

// The readable anonymous mappings of this process (the heap and mmap'd
// memory, where the engine's objects live): no file mapping, which could
// fault past its file's end, no device, no kernel page ([vvar]).
std::vector<Range> readable_ranges() {
  std::vector<Range> out;
  FILE* maps = std::fopen("/proc/self/maps", "r");
  if (!maps) return out;
  char line[512];
  while (std::fgets(line, sizeof line, maps)) {
    unsigned long begin = 0, end = 0;
    char perms[8] = {};
    int path_at = 0;
    if (std::sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &begin, &end, perms, &path_at) < 3) continue;
    if (perms[0] != 'r') continue;
    const char* path = line + path_at;
    bool anonymous = *path == '\n' || *path == '\0' || std::strncmp(path, "[heap]", 6) == 0 ||
                     std::strncmp(path, "[anon:", 6) == 0;
    if (!anonymous) continue;
    out.push_back({static_cast<uintptr_t>(begin), static_cast<uintptr_t>(end)});
  }
  std::fclose(maps);
  return out;
}

// The end of the readable mapping holding `at`, or 0.
uintptr_t readable_end(const std::vector<Range>& ranges, uintptr_t at) {
  for (const Range& r : ranges)
    if (at >= r.begin && at < r.end) return r.end;
  return 0;
}

bool readable(const std::vector<Range>& ranges, uintptr_t at, size_t bytes) {
  uintptr_t end = readable_end(ranges, at);
  return end != 0 && at + bytes >= at && at + bytes <= end;
}

// Every read of memory the program does not own as an object (past the
// handle's structure, the windows searched) is a copy through
// process_vm_readv on this process: a page another thread unmaps between
// the look at /proc/self/maps and the read (an engine closing in a sweep
// thread, the allocator returning a segment) makes the copy stop short
// instead of the process take a SIGSEGV, and the sanitizers see no access
// out of an object's bounds. Returns the bytes copied (0 on any failure).
size_t copy_memory(uintptr_t from, void* to, size_t bytes) {
  iovec local{to, bytes};
  iovec remote{reinterpret_cast<void*>(from), bytes};
  const ssize_t got = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
  return got > 0 ? static_cast<size_t>(got) : 0;
}

bool load_pointer(uintptr_t at, uintptr_t& value) { return copy_memory(at, &value, sizeof value) == sizeof value; }

bool holds(uintptr_t at, const uint32_t* values) {
  uint32_t words[kCount];
  if (copy_memory(at, words, sizeof words) != sizeof words) return false;
  return std::equal(words, words + kCount, values);
}

// The 15 values side by side in [from, to), as far as it can be copied.
void scan(uintptr_t from, uintptr_t to, const uint32_t* values, std::vector<uint32_t>& buffer,
          std::vector<uintptr_t>& found) {
  buffer.resize((to - from) / 4);
  const size_t n = copy_memory(from, buffer.data(), buffer.size() * 4) / 4;
  for (size_t i = 0; i + kCount <= n; ++i) {
    if (buffer[i] != values[0] || !std::equal(values, values + kCount, buffer.begin() + static_cast<std::ptrdiff_t>(i)))
      continue;
    const uintptr_t at = from + 4 * i;
    if (std::find(found.begin(), found.end(), at) == found.end()) found.push_back(at);
  }
}

int engine_id(int i) { return i < 13 ? UC_ARM_REG_R0 + i : i == 13 ? UC_ARM_REG_SP : UC_ARM_REG_LR; }

struct Registers {
  int ids[kCount];
  uint32_t values[kCount];
  void* ptrs[kCount];
  Registers() {
    for (int i = 0; i < kCount; ++i) ids[i] = engine_id(i), values[i] = 0, ptrs[i] = &values[i];
  }
  bool write(uc_struct* uc) { return uc_reg_write_batch(uc, ids, ptrs, kCount) == UC_ERR_OK; }
  bool read(uc_struct* uc) { return uc_reg_read_batch(uc, ids, ptrs, kCount) == UC_ERR_OK; }
};

// Values no other memory holds by chance: different per engine and round
// (a closed engine's freed state may still hold an earlier round's).
void distinctive(Registers& r, int round) {
  static std::atomic<uint32_t> rounds{0};
  uint32_t seed = (rounds.fetch_add(1) + 1) * 0x9E3779B9u ^ static_cast<uint32_t>(round) * 0x85EBCA6Bu;
  for (int i = 0; i < kCount; ++i) {
    seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
    r.values[i] = seed | 1u;  // never 0, which fills freshly mapped memory
  }
}

// The array at `at` follows a second round of values, and uc_reg_read
// reads what it holds.
bool confirmed(uc_struct* uc, const std::vector<Range>& ranges, uintptr_t at) {
  if (!readable(ranges, at, kCount * 4)) return false;
  Registers r;
  distinctive(r, 2);
  if (!r.write(uc) || !holds(at, r.values)) return false;
  Registers back;
  return back.read(uc) && holds(at, back.values);
}

// The first engine's answer: the handle's field, and the array's distance beyond where it points.
struct Path {
  size_t field = 0;
  uintptr_t delta = 0;
  bool known = false;
};
std::mutex path_mutex;
Path known_path;

uintptr_t follow(const std::vector<Range>& ranges, uintptr_t handle, const Path& p) {
  uintptr_t pointer = 0;
  if (!readable(ranges, handle + p.field, sizeof(uintptr_t)) || !load_pointer(handle + p.field, pointer)) return 0;
  return pointer + p.delta;
}

// Searches the memory reachable through one pointer of the handle; the
// path of the only match, or none.
uintptr_t search(uc_struct* uc, const std::vector<Range>& ranges, Path& path) {
  Registers r;
  distinctive(r, 1);
  if (!r.write(uc)) return 0;
  uintptr_t handle = reinterpret_cast<uintptr_t>(uc);
  uintptr_t handle_end = std::min(readable_end(ranges, handle), handle + kHandleBytes);
  std::vector<uintptr_t> found, searched;
  std::vector<Path> paths;
  std::vector<uint32_t> buffer;
  for (uintptr_t field = handle; field + sizeof(uintptr_t) <= handle_end; field += sizeof(uintptr_t)) {
    uintptr_t target = 0;
    if (!load_pointer(field, target)) continue;
    target &= ~uintptr_t{3};
    uintptr_t end = readable_end(ranges, target);
    if (!end || std::find(searched.begin(), searched.end(), target) != searched.end()) continue;
    searched.push_back(target);
    size_t before = found.size();
    scan(target, std::min(end, target + kWindowBytes), r.values, buffer, found);
    for (size_t i = before; i < found.size(); ++i) paths.push_back({field - handle, found[i] - target, true});
  }
  if (found.size() != 1) return 0;
  path = paths.front();
  return found.front();
}

}  // namespace

const uint32_t* locate_live_registers(uc_struct* uc) {
  Registers saved;
  if (!saved.read(uc)) return nullptr;
  // Without process_vm_readv (a seccomp filter, an old kernel) nothing is
  // searched: the engine's own reads stay in use.
  uintptr_t probe = 0;
  if (!load_pointer(reinterpret_cast<uintptr_t>(&saved), probe)) return nullptr;
  std::vector<Range> ranges = readable_ranges();
  uintptr_t handle = reinterpret_cast<uintptr_t>(uc);
  uintptr_t at = 0;
  {
    std::lock_guard<std::mutex> lock(path_mutex);
    if (known_path.known) {
      at = follow(ranges, handle, known_path);
      if (at && !confirmed(uc, ranges, at)) at = 0;
    }
    if (!at) {
      Path path;
      at = search(uc, ranges, path);
      if (at && confirmed(uc, ranges, at)) {
        if (!known_path.known) known_path = path;
      } else {
        at = 0;
      }
    }
  }
  if (!saved.write(uc)) return nullptr;
  if (at && !holds(at, saved.values)) at = 0;
  return reinterpret_cast<const uint32_t*>(at);
}

}  // namespace mcusim
