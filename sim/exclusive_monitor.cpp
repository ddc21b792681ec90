#include "sim/exclusive_monitor.h"

#include <unicorn/unicorn.h>

#include <cstdint>
#include <cstring>

#include "sim/unicorn_store_path.h"

namespace mcusim {
namespace {

constexpr uint32_t kCode = 0x1000, kData = 0x2468;  // a distinctive address: no other slot holds it
constexpr uint32_t kValue = 0xA5A55A5Au;
// ldrex r0, [r1]; strex r2, r3, [r1]
constexpr uint16_t kLdrexStrex[] = {0xe851, 0x0f00, 0xe841, 0x3200};

uint64_t slot(const uc_context* ctx, size_t offset) {
  uint64_t v = 0;
  std::memcpy(&v, reinterpret_cast<const unsigned char*>(ctx) + offset, 8);
  return v;
}

size_t find_offset() {
  MappingChange scratch_engine;  // its regions must not be remembered past its life
  uc_engine* uc = nullptr;
  if (uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc) != UC_ERR_OK) return 0;
  size_t found = 0;
  uc_context *before = nullptr, *after = nullptr;
  uint32_t r1 = kData, r3 = 1, r2 = 0;
  bool ok = uc_ctl_set_cpu_model(uc, UC_CPU_ARM_CORTEX_M4) == UC_ERR_OK &&
            uc_mem_map(uc, 0, 0x4000, UC_PROT_ALL) == UC_ERR_OK &&
            uc_mem_write(uc, kCode, kLdrexStrex, sizeof kLdrexStrex) == UC_ERR_OK &&
            uc_mem_write(uc, kData, &kValue, 4) == UC_ERR_OK && uc_reg_write(uc, UC_ARM_REG_R1, &r1) == UC_ERR_OK &&
            uc_reg_write(uc, UC_ARM_REG_R3, &r3) == UC_ERR_OK && uc_context_alloc(uc, &before) == UC_ERR_OK &&
            uc_context_alloc(uc, &after) == UC_ERR_OK && uc_context_save(uc, before) == UC_ERR_OK &&
            uc_emu_start(uc, kCode | 1u, kCode + 4, 0, 0) == UC_ERR_OK && uc_context_save(uc, after) == UC_ERR_OK;
  if (ok) {
    size_t size = uc_context_size(uc), candidates = 0;
    for (size_t i = 8; i + 8 <= size; i += 4)
      if (slot(after, i) == kData && slot(before, i) != kData) found = i, ++candidates;
    if (candidates != 1) found = 0;
  }
  if (found) {  // the slot cleared, the STREX must fail
    uint64_t none = ~uint64_t{0};
    std::memcpy(reinterpret_cast<unsigned char*>(after) + found, &none, 8);
    ok = uc_context_restore(uc, after) == UC_ERR_OK && uc_emu_start(uc, (kCode + 4) | 1u, kCode + 8, 0, 0) == UC_ERR_OK &&
         uc_reg_read(uc, UC_ARM_REG_R2, &r2) == UC_ERR_OK;
    if (!ok || r2 != 1) found = 0;
  }
  if (before) uc_context_free(before);
  if (after) uc_context_free(after);
  uc_close(uc);
  return found;
}

}  // namespace

size_t exclusive_monitor_offset() {
  static const size_t offset = find_offset();
  return offset;
}

}  // namespace mcusim
