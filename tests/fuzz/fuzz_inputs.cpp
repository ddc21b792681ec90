#include "tests/fuzz/fuzz_inputs.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "firmware_samples/generator/model.hpp"
#include "peripherals/semihosting.h"
#include "profiler/report/diff.h"
#include "profiler/report/json_report.h"
#include "profiler/flatbuffer_reader.h"
#include "profiler/tflite_model.h"
#include "sim/board.h"
#include "sim/elf_image.h"
#include "sim/errors.h"
#include "sim/exception_state.h"
#include "sim/symbolizer.h"

namespace mcusim::fuzz {

void elf_input(const uint8_t* data, size_t size) {
  // The loader reads a path (libelf and libdw open it): one file per process.
  static const std::string path = "/tmp/mcusim_fuzz_elf_" + std::to_string(::getpid()) + ".elf";
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  try {
    ElfImage image = ElfImage::load(path);
    Symbolizer symbols(image);
    for (const ElfSymbol* s : symbols.functions()) {
      symbols.describe(s->address);
      symbols.rows_in(s->address, s->address + 64);
    }
    symbols.describe(image.entry());
    uint32_t word = 0;
    image.read_loaded(image.entry(), &word, sizeof word);
  } catch (const InputError&) {
  }
}

void board_input(const uint8_t* data, size_t size) {
  try {
    Board b = parse_board(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    b.describe_regions();
    b.region_at(b.boot_address);
  } catch (const InputError&) {
  }
}

void model_input(const uint8_t* data, size_t size) {
  try {
    auto graph = modelgen::build_graph(nlohmann::json::parse(data, data + size));
    graph.macs();
    graph.params();
  } catch (const std::exception&) {  // nlohmann::json errors and the reader's own
  }
}

void profile_input(const uint8_t* data, size_t size) {
  try {
    // The reader `mcusim diff` uses: anything but an InputError escaping it is a bug.
    Profile p = parse_profile_json(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    DiffResult d = diff_profiles(p, p);
    format_diff_table(d);
    format_diff_markdown(d);
  } catch (const InputError&) {
  }
}

void tflite_input(const uint8_t* data, size_t size) {
  try {
    TfliteModel m = read_tflite_model({data, size});
    std::vector<LayerProfile> layers(m.operators.size() + 1);
    for (size_t i = 0; i < layers.size(); ++i) layers[i].index = static_cast<int32_t>(i % (m.operators.size() + 1));
    std::vector<std::string> warnings;
    attach_operator_facts(m, layers, warnings);
    layers.pop_back();
    attach_operator_facts(m, layers, warnings);
  } catch (const FlatbufferError&) {
  }
}

namespace {

// 64 KiB of guest RAM at 0x20000000 and a context that keeps the output.
class FuzzSystem : public DeviceContext, public GuestMemory {
 public:
  static constexpr uint32_t kBase = 0x20000000;
  std::vector<uint8_t> ram = std::vector<uint8_t>(64 * 1024, 0);
  ExceptionState state;
  size_t output = 0;
  uint64_t cycles_now() const override { return 12345; }
  ExceptionState& exceptions() override { return state; }
  void exceptions_changed() override {}
  void timing_changed() override {}
  void firmware_output(std::string_view text) override { output += text.size(); }
  Clocks clock_config{25'000'000, 25'000'000, 25'000'000};
  const Clocks& clocks() const override { return clock_config; }
  void set_clocks(const Clocks& c) override { clock_config = c; }
  bool read_memory(uint32_t address, void* out, size_t length) const override { return read(address, out, length); }
  bool read(uint32_t address, void* out, size_t length) const override {
    if (address < kBase || address - kBase > ram.size() || length > ram.size() - (address - kBase)) return false;
    std::memcpy(out, ram.data() + (address - kBase), length);
    return true;
  }
  bool write(uint32_t address, const void* in, size_t length) override {
    if (address < kBase || address - kBase > ram.size() || length > ram.size() - (address - kBase)) return false;
    std::memcpy(ram.data() + (address - kBase), in, length);
    return true;
  }
};

}  // namespace

void semihosting_input(const uint8_t* data, size_t size) {
  // Input: up to 16 calls of (op byte, 4-byte argument) after a 1-byte count,
  // then guest RAM contents. No host root: file access is denied, so the
  // fuzzer never touches host files; the decoder and transfers are what run.
  static std::FILE* sink = std::fopen("/dev/null", "w");
  if (size < 1) return;
  size_t calls = std::min<size_t>(data[0] % 17, (size - 1) / 5);
  const uint8_t* ops = data + 1;
  const uint8_t* memory = ops + calls * 5;
  FuzzSystem sys;
  std::memcpy(sys.ram.data(), memory, std::min(sys.ram.size(), static_cast<size_t>(data + size - memory)));
  SemihostingConfig config;
  config.clock_hz = 25'000'000;
  Semihosting sh(sys, sys, config, sink);
  for (size_t i = 0; i < calls && !sh.exit_code(); ++i) {
    uint32_t op = ops[i * 5], arg = 0;
    std::memcpy(&arg, ops + i * 5 + 1, 4);
    if (op == 0x07) continue;  // SYS_READC waits for the host's stdin
    // Arguments point into guest RAM most of the time, so blocks are read.
    if (!(arg & 0x80000000u)) arg = FuzzSystem::kBase + arg % static_cast<uint32_t>(sys.ram.size());
    sh.call(op, arg);
  }
}

}  // namespace mcusim::fuzz
