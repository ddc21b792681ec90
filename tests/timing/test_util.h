// Helpers shared by the cycle-model tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "sim/timing/cycle_model.h"

namespace mcusim::test {

// Blocks are timed at this address (word aligned) unless a test says otherwise.
inline constexpr uint32_t kBase = 0x1000;

inline std::unique_ptr<CycleModel> zero_wait_model(CoreKind core) {
  return CycleModel::create(core, MemoryTiming{});
}

template <size_t N>
BlockTiming time_bytes(const CycleModel& model, const uint8_t (&code)[N], uint32_t address = kBase) {
  return model.time_block(address, code, N);
}

}  // namespace mcusim::test
