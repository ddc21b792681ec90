// A board: core, clock and memory map, described as data (docs/boards.md).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcusim {

enum class CoreKind { CortexM4, CortexM7 };
std::string_view core_name(CoreKind core);

enum class RegionKind { Flash, Sram, Tcm, Peripheral };
std::string_view region_kind_name(RegionKind kind);

// Per-block costs that include wait states are kept in a byte on the hot path.
inline constexpr uint32_t kMaxWaitStates = 200;

struct MemoryRegion {
  std::string name;
  uint32_t base = 0;
  uint32_t size = 0;
  RegionKind kind = RegionKind::Sram;
  bool readable = true, writable = true, executable = false;
  uint32_t wait_states = 0;        // extra core cycles per access at the board clock (at most kMaxWaitStates)
  uint32_t mhz_per_wait_state = 0; // non-zero: wait states follow the bus clock (one per N MHz)
  // The region's bus runs at core clock / N (STM32H7: AXI and AHB at most half the
  // core clock). The board file gives wait states in bus cycles, as the reference
  // manual does; `wait_states` above holds them converted to core cycles.
  uint32_t bus_clock_divider = 1;
  std::string alias_of;            // non-empty: same storage as that region

  uint64_t end() const { return uint64_t{base} + size; }
  bool contains(uint32_t address) const { return address >= base && address - base < size; }
  bool contains_range(uint32_t address, uint64_t length) const {
    return address >= base && uint64_t{address} + length <= end();
  }
};

struct RegisterModel;

// Which bits of a register block switch the board's Flash accelerator, as
// the series file says ("flash_accelerator" on a peripheral,
// docs/peripherals.md): FLASH_ACR ICEN/DCEN/PRFTEN on the STM32s,
// NVMC ICACHECNF CACHEEN on the nRF52. A zero mask never switches its side on.
struct AcceleratorSwitch {
  std::string register_name;  // "": this block does not switch the accelerator
  uint32_t instructions = 0, data = 0, prefetch = 0;  // bit masks in that register
  bool present() const { return !register_name.empty(); }
};

struct PeripheralSpec {
  std::string type;  // "cmsdk-uart", "stm32-usart", "registers" (a register model), ...
  std::string name;
  uint32_t base = 0;
  int irq = -1;                  // timers and UARTs with an interrupt line
  std::string bus = "apb1";      // STM32 timers: the APB bus whose timer clock they count
  uint32_t counter_bits = 16;    // STM32 timers: 16 or 32
  std::shared_ptr<const RegisterModel> model;              // type "registers"
  std::vector<std::pair<std::string, uint32_t>> resets;    // per-instance reset values
  bool clock_tree = false;         // this register block is the RCC: the clocks follow it
  AcceleratorSwitch flash_accelerator;  // its register bits that switch the Flash accelerator
  // Device-specific numbers from the series file ("parameters": {"seed": 1}):
  // what differs between parts of one device type (the CRC unit's fixed
  // polynomial on F4); each device says which names it takes.
  std::map<std::string, uint32_t, std::less<>> parameters;
};

struct CacheSpec {
  uint32_t size = 0, ways = 0, line = 0;  // size 0: absent
};

// A Flash accelerator (STM32 ART) as the reference manuals describe it
// (docs/boards.md, docs/timing-model.md). Lines are filled one Flash read
// (`read_bytes`) at a time, so a sequential stream pays the wait states once
// per read.
struct FlashAcceleratorSpec {
  std::string type;                 // "" (none), "art" (STM32) or "nvmc-icache" (nRF52, instructions only)
  uint32_t line_bytes = 16;         // cache line
  uint32_t instruction_lines = 64;  // instruction-cache lines
  uint32_t data_lines = 8;          // data-cache lines (0: data reads are not cached)
  uint32_t ways = 0;                // associativity; 0 = fully associative
  uint32_t read_bytes = 16;         // Flash read width (one access of `wait_states`)
  bool prefetch = true;             // has a prefetch buffer (switched by FLASH_ACR PRFTEN)
  std::string path;                 // region (Flash or an alias of it) it serves; "" = every Flash region
  bool present() const { return !type.empty(); }
  // Whether it serves accesses through `region` (a region of this board).
  bool serves(const MemoryRegion& region) const {
    return present() && region.kind == RegionKind::Flash && (path.empty() || region.name == path);
  }
};

// The core's revision rNpM, as CPUID reports it: variant N, revision M.
struct CoreRevision {
  uint8_t variant = 0, revision = 0;
};
std::string core_revision_name(CoreRevision r);  // "r1p1"

struct Board {
  std::string name;
  std::string description;
  CoreKind core = CoreKind::CortexM4;
  bool has_fpu = true;
  std::optional<CoreRevision> core_revision;  // when the part's revision is a fact (SCB CPUID reports it)
  uint64_t clock_hz = 0;
  uint32_t boot_address = 0;
  uint32_t irq_count = 96;
  std::vector<MemoryRegion> regions;  // aliases included, in file order
  std::vector<PeripheralSpec> peripherals;
  CacheSpec icache, dcache;
  FlashAcceleratorSpec flash_accelerator;
  std::string series;             // "stm32f4", "stm32f7", "stm32h7", "stm32l4", "nrf52" or "" (peripherals/series/)
  std::string clock_tree = "fixed";  // how the core clock follows the firmware (peripherals/clock_tree.h)
  uint64_t hse_hz = 0;            // the board's HSE crystal, for clock trees that can use it

  const MemoryRegion* region_at(uint32_t address) const;
  const MemoryRegion* region_named(std::string_view name) const;
  // The memory regions that hold storage of their own (not aliases or peripherals).
  std::vector<const MemoryRegion*> storage_regions() const;
  std::string describe_regions() const;  // "flash 0x08000000-0x080fffff, ..." for messages
};

// A region's wait states with the core at `core_hz` (the firmware's clock).
uint32_t wait_states_at(const MemoryRegion& region, uint64_t core_hz);
// Extra core cycles of one access that takes `bus_wait_states` + 1 cycles of a bus
// clocked at core / `divider`: the access's first core cycle is the load's own.
uint32_t core_wait_states(uint32_t bus_wait_states, uint32_t divider);

// Parses a board description; `origin` names it in error messages.
Board parse_board(std::string_view json_text, const std::string& origin);
// A bundled board by name, or a board file path (contains '/' or ends in .json).
Board load_board(const std::string& name_or_path);
std::vector<std::string> bundled_board_names();

// "64K", "1M", "0x400", "1024" -> bytes. Throws InputError naming `what`.
uint64_t parse_size(std::string_view text, const std::string& what);

}  // namespace mcusim
