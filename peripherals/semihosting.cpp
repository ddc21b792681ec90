#include "peripherals/semihosting.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace mcusim {

namespace {
enum Op : uint32_t {
  kOpen = 0x01, kClose = 0x02, kWriteC = 0x03, kWrite0 = 0x04, kWrite = 0x05, kRead = 0x06, kReadC = 0x07,
  kIsError = 0x08, kIsTty = 0x09, kSeek = 0x0A, kFlen = 0x0C, kTmpNam = 0x0D, kRemove = 0x0E, kRename = 0x0F,
  kClock = 0x10, kTime = 0x11, kSystem = 0x12, kErrno = 0x13, kGetCmdline = 0x15, kHeapInfo = 0x16,
  kExit = 0x18, kExitExtended = 0x20, kElapsed = 0x30, kTickFreq = 0x31,
};
constexpr uint32_t kApplicationExit = 0x20026;
// ":semihosting-features": magic plus one byte, bit0 EXIT_EXTENDED, bit1 STDOUT_STDERR.
constexpr unsigned char kFeatures[] = {'S', 'H', 'F', 'B', 0x03};
const char* const kOpenModes[] = {"r", "rb", "r+", "r+b", "w", "wb", "w+", "w+b", "a", "ab", "a+", "a+b"};
// open(2) flags for the same modes (pairs: text and binary are the same on the host).
const int kOpenFlags[] = {O_RDONLY, O_RDWR, O_WRONLY | O_CREAT | O_TRUNC, O_RDWR | O_CREAT | O_TRUNC,
                          O_WRONLY | O_CREAT | O_APPEND, O_RDWR | O_CREAT | O_APPEND};

// Hostile firmware must not make the host allocate what the guest asks for:
// transfers go through a buffer of this size, names are capped at PATH_MAX,
// and a firmware can hold only so many handles open.
constexpr uint32_t kTransferChunk = 64 * 1024;
constexpr uint32_t kMaxNameLength = 4096;
constexpr size_t kMaxHandles = 256;
constexpr size_t kMaxWarnings = 16;
}  // namespace

Semihosting::Semihosting(DeviceContext& ctx, GuestMemory& memory, SemihostingConfig config, std::FILE* host_stderr)
    : ctx_(ctx), memory_(memory), config_(std::move(config)), host_stderr_(host_stderr) {}

Semihosting::~Semihosting() {
  for (auto& [id, h] : handles_)
    if (h.kind == Handle::File && h.file) std::fclose(h.file);
}

uint32_t Semihosting::word(uint32_t address) const {
  uint32_t value = 0;
  memory_.read(address, &value, 4);
  return value;
}

std::string Semihosting::guest_string(uint32_t address, uint32_t length) const {
  std::string s(length, '\0');
  if (length && !memory_.read(address, s.data(), length)) return {};
  return s;
}

uint32_t Semihosting::fail(int error) {
  errno_ = error;
  return 0xFFFFFFFFu;
}

void Semihosting::warn_once(const std::string& message) {
  // Names in the messages come from the firmware: a bounded list, so a loop
  // over ever new names cannot grow it (or the run's stderr) without end.
  if (warnings_.size() > kMaxWarnings || warned_.count(message)) return;
  if (warnings_.size() == kMaxWarnings) {
    warnings_.push_back("semihosting: more warnings follow; not shown");
    return;
  }
  warned_.insert(message);
  warnings_.push_back(message);
}

std::optional<std::string> Semihosting::guest_name(uint32_t address, uint32_t length) {
  if (length > kMaxNameLength) return std::nullopt;
  std::string name = guest_string(address, length);
  if (name.size() != length || name.find('\0') != std::string::npos) return std::nullopt;
  return name;
}

std::optional<std::string> Semihosting::host_path(const std::string& guest_name) {
  namespace fs = std::filesystem;
  if (config_.root.empty()) {
    warn_once(fmt::format("semihosting: firmware tried to open host file '{}'; denied "
                          "(pass --semihosting-root DIR to allow files inside DIR)", guest_name));
    return std::nullopt;
  }
  std::error_code ec;
  fs::path root = fs::weakly_canonical(config_.root, ec);
  fs::path wanted = fs::weakly_canonical(root / fs::path(guest_name).relative_path(), ec);
  auto [r, w] = std::mismatch(root.begin(), root.end(), wanted.begin(), wanted.end());
  if (ec || r != root.end()) {
    warn_once(fmt::format("semihosting: '{}' is outside --semihosting-root {}; denied", guest_name, config_.root));
    return std::nullopt;
  }
  return wanted.string();
}

uint32_t Semihosting::open(uint32_t block) {
  std::optional<std::string> guest = guest_name(word(block), word(block + 8));
  if (!guest) return fail(ENAMETOOLONG);
  const std::string& name = *guest;
  uint32_t mode = word(block + 4);
  if (mode > 11) return fail(EINVAL);
  if (handles_.size() >= kMaxHandles) return fail(EMFILE);
  Handle h;
  if (name == ":tt") {
    h.kind = mode < 4 ? Handle::Stdin : mode < 8 ? Handle::Stdout : Handle::Stderr;
  } else if (name == ":semihosting-features") {
    if (mode != 0 && mode != 1) return fail(EACCES);
    h.kind = Handle::Features;
  } else {
    auto path = host_path(name);
    if (!path) return fail(EACCES);
    // O_NOFOLLOW: host_path resolved every existing symbolic link, so one
    // left in the last component dangles and could create a file outside.
    int fd = ::open(path->c_str(), kOpenFlags[mode / 2] | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return fail(errno);
    h.file = ::fdopen(fd, kOpenModes[mode]);
    if (!h.file) {
      int error = errno;
      ::close(fd);
      return fail(error);
    }
  }
  uint32_t id = next_handle_++;
  handles_[id] = h;
  return id;
}

uint32_t Semihosting::write(uint32_t block) {
  auto it = handles_.find(word(block));
  uint32_t buffer = word(block + 4), length = word(block + 8);
  if (it == handles_.end()) return fail(EBADF), length;
  Handle& h = it->second;
  if (h.kind != Handle::Stdout && h.kind != Handle::Stderr && h.kind != Handle::File) {
    errno_ = EBADF;
    return length;
  }
  // In chunks: the length is the guest's word, up to 4 GiB.
  std::vector<char> data(std::min(length, kTransferChunk));
  uint32_t done = 0;
  while (done < length) {
    uint32_t n = std::min(length - done, kTransferChunk);
    if (!memory_.read(buffer + done, data.data(), n)) return fail(EFAULT), length - done;
    std::string_view chunk(data.data(), n);
    if (h.kind == Handle::Stdout) ctx_.firmware_output(chunk);
    else if (h.kind == Handle::Stderr) std::fwrite(chunk.data(), 1, n, host_stderr_);
    else if (std::fwrite(chunk.data(), 1, n, h.file) != n) return fail(errno), length - done;
    done += n;
  }
  return 0;
}

uint32_t Semihosting::read(uint32_t block) {
  auto it = handles_.find(word(block));
  uint32_t buffer = word(block + 4), length = word(block + 8);
  if (it == handles_.end()) return fail(EBADF), length;
  Handle& h = it->second;
  // In chunks, never more than the guest asked for nor more than the file has.
  std::vector<char> data(std::min(length, kTransferChunk));
  uint32_t done = 0;
  while (done < length) {
    uint32_t want = std::min(length - done, kTransferChunk), got = 0;
    switch (h.kind) {
      case Handle::Stdin: got = static_cast<uint32_t>(std::fread(data.data(), 1, want, stdin)); break;
      case Handle::File: got = static_cast<uint32_t>(std::fread(data.data(), 1, want, h.file)); break;
      case Handle::Features:
        while (got < want && h.features_pos < sizeof kFeatures) data[got++] = static_cast<char>(kFeatures[h.features_pos++]);
        break;
      default: errno_ = EBADF; return length;
    }
    if (got && !memory_.write(buffer + done, data.data(), got)) return fail(EFAULT), length - done;
    done += got;
    if (got < want) break;  // end of file
  }
  return length - done;
}

uint32_t Semihosting::call(uint32_t op, uint32_t arg) {
  switch (op) {
    case kOpen: return open(arg);
    case kClose: {
      auto it = handles_.find(word(arg));
      if (it == handles_.end()) return fail(EBADF);
      if (it->second.kind == Handle::File) std::fclose(it->second.file);
      handles_.erase(it);
      return 0;
    }
    case kWriteC: {
      char c = 0;
      memory_.read(arg, &c, 1);
      ctx_.firmware_output(std::string_view(&c, 1));
      return 0;
    }
    case kWrite0: {
      std::string s;
      char c = 0;
      for (uint32_t a = arg; memory_.read(a, &c, 1) && c; ++a) {
        s += c;
        if (s.size() == kTransferChunk) ctx_.firmware_output(std::exchange(s, {}));
      }
      ctx_.firmware_output(s);
      return 0;
    }
    case kWrite: return write(arg);
    case kRead: return read(arg);
    case kReadC: {
      int c = std::fgetc(stdin);
      return c == EOF ? 0xFFFFFFFFu : static_cast<uint32_t>(c);
    }
    case kIsError: return static_cast<int32_t>(word(arg)) < 0 ? 1 : 0;
    case kIsTty: {
      auto it = handles_.find(word(arg));
      if (it == handles_.end()) return fail(EBADF);
      return it->second.kind == Handle::File || it->second.kind == Handle::Features ? 0 : 1;
    }
    case kSeek: {
      auto it = handles_.find(word(arg));
      if (it == handles_.end()) return fail(EBADF);
      if (it->second.kind == Handle::Features) { it->second.features_pos = word(arg + 4); return 0; }
      if (it->second.kind != Handle::File) return fail(ESPIPE);
      return std::fseek(it->second.file, word(arg + 4), SEEK_SET) == 0 ? 0 : fail(errno);
    }
    case kFlen: {
      auto it = handles_.find(word(arg));
      if (it == handles_.end()) return fail(EBADF);
      if (it->second.kind == Handle::Features) return sizeof kFeatures;
      if (it->second.kind != Handle::File) return 0;
      long pos = std::ftell(it->second.file);
      std::fseek(it->second.file, 0, SEEK_END);
      long length = std::ftell(it->second.file);
      std::fseek(it->second.file, pos, SEEK_SET);
      return static_cast<uint32_t>(length);
    }
    case kRemove: {
      auto name = guest_name(word(arg), word(arg + 4));
      if (!name) return fail(ENAMETOOLONG);
      auto path = host_path(*name);
      if (!path) return fail(EACCES);
      return std::remove(path->c_str()) == 0 ? 0 : fail(errno);
    }
    case kRename: {
      auto from_name = guest_name(word(arg), word(arg + 4)), to_name = guest_name(word(arg + 8), word(arg + 12));
      if (!from_name || !to_name) return fail(ENAMETOOLONG);
      auto from = host_path(*from_name), to = host_path(*to_name);
      if (!from || !to) return fail(EACCES);
      return std::rename(from->c_str(), to->c_str()) == 0 ? 0 : fail(errno);
    }
    // Simulated time at the clocks the firmware set, not cycles at the board's nominal clock.
    case kClock: return static_cast<uint32_t>(ctx_.seconds_now() * 100);
    case kTime: return config_.time_base + static_cast<uint32_t>(ctx_.seconds_now());
    case kErrno: return static_cast<uint32_t>(errno_);
    case kGetCmdline: {
      uint32_t buffer = word(arg), capacity = word(arg + 4);
      const std::string& cmd = config_.command_line;
      if (cmd.size() + 1 > capacity) return fail(E2BIG);
      memory_.write(buffer, cmd.c_str(), cmd.size() + 1);
      uint32_t length = static_cast<uint32_t>(cmd.size());
      memory_.write(arg + 4, &length, 4);
      return 0;
    }
    case kHeapInfo: {
      uint32_t block = word(arg);
      uint32_t info[4] = {config_.heap_base, config_.heap_limit, config_.stack_base, config_.stack_limit};
      memory_.write(block, info, sizeof info);
      return 0;
    }
    case kExit:
      exit_code_ = arg == kApplicationExit ? 0 : 1;
      return 0;
    case kExitExtended:
      exit_code_ = word(arg) == kApplicationExit ? static_cast<int>(word(arg + 4)) : 1;
      return 0;
    case kElapsed: {
      uint64_t ticks = ctx_.cycles_now();
      memory_.write(arg, &ticks, 8);
      return 0;
    }
    case kTickFreq: return static_cast<uint32_t>(config_.clock_hz);
    case kTmpNam:
    case kSystem:
    default:
      warn_once(fmt::format("semihosting: operation 0x{:02x} is not supported; returned -1", op));
      return fail(ENOSYS);
  }
}

}  // namespace mcusim
