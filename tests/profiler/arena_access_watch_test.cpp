// The per-layer arena access counts, fed by hand (the engine's memory hooks
// feed them in a run: tests/profiler/arena_layers_test.cpp).
#include "profiler/arena_access_watch.h"

#include <gtest/gtest.h>

namespace mcusim {
namespace {

constexpr uint32_t kBase = 0x20000100;

TEST(ArenaAccessWatchTest, CountsDistinctBytesReadWrittenAndTouched) {
  ArenaAccessWatch w(kBase, 256);
  w.begin_layer();
  w.on_access(kBase + 16, 4, false);  // read 16..19
  w.on_access(kBase + 16, 4, false);  // again: not counted twice
  w.on_access(kBase + 18, 4, true);   // write 18..21: 18 and 19 were read already
  ArenaLayerUse u = w.end_layer();
  EXPECT_EQ(u.read_bytes, 4u);
  EXPECT_EQ(u.written_bytes, 4u);
  EXPECT_EQ(u.touched_bytes, 6u);
  EXPECT_EQ(u.touched_low, 16u);
  EXPECT_EQ(u.touched_high, 22u);
}

TEST(ArenaAccessWatchTest, EachLayerCountsAfreshAndNothingOutsideLayers) {
  ArenaAccessWatch w(kBase, 256);
  w.on_access(kBase, 8, true);  // before any layer
  w.begin_layer();
  w.on_access(kBase + 100, 2, true);
  EXPECT_EQ(w.end_layer().written_bytes, 2u);
  w.on_access(kBase + 200, 8, false);  // between layers
  w.begin_layer();
  w.on_access(kBase + 100, 2, true);  // the same bytes: new for this layer
  ArenaLayerUse u = w.end_layer();
  EXPECT_EQ(u.written_bytes, 2u);
  EXPECT_EQ(u.read_bytes, 0u);
  EXPECT_EQ(u.touched_low, 100u);
}

TEST(ArenaAccessWatchTest, AccessesStraddlingTheArenaCountOnlyTheirBytesInside) {
  ArenaAccessWatch w(kBase, 256);
  w.begin_layer();
  w.on_access(kBase - 2, 4, true);    // 2 bytes below, 2 inside
  w.on_access(kBase + 254, 8, false);  // 2 inside, 6 above
  w.on_access(kBase - 16, 8, false);   // wholly below
  ArenaLayerUse u = w.end_layer();
  EXPECT_EQ(u.written_bytes, 2u);
  EXPECT_EQ(u.read_bytes, 2u);
  EXPECT_EQ(u.touched_low, 0u);
  EXPECT_EQ(u.touched_high, 256u);
}

TEST(ArenaAccessWatchTest, ALayerThatTouchesNothingHasNoOffsets) {
  ArenaAccessWatch w(kBase, 256);
  w.begin_layer();
  ArenaLayerUse u = w.end_layer();
  EXPECT_EQ(u.touched_bytes, 0u);
  EXPECT_EQ(u.touched_low, 0u);
  EXPECT_EQ(u.touched_high, 0u);
}

}  // namespace
}  // namespace mcusim
