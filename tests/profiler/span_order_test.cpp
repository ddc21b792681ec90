#include "profiler/span_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace mcusim {
namespace {

// Spans as a call stack makes them: pushed and popped at non-decreasing
// times, recorded when popped (so in end order), zero-length ones dropped.
// `same_time_push`: how often a call starts in the cycle its caller did.
std::vector<Span> stack_spans(uint32_t seed, size_t calls, double same_time_push) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> coin(0, 1);
  struct Open { uint64_t start; uint32_t name; };
  std::vector<Open> stack;
  std::vector<Span> spans;
  uint64_t now = 0;
  uint32_t name = 0;
  for (size_t i = 0; i < calls || !stack.empty();) {
    bool push = i < calls && (stack.empty() || (stack.size() < 12 && coin(rng) < 0.55));
    if (!(push && coin(rng) < same_time_push)) now += rng() % 5;
    if (push) {
      stack.push_back({now, name++});
      ++i;
    } else {
      Open o = stack.back();
      stack.pop_back();
      if (now > o.start)
        spans.push_back(Span{o.start, now, o.name, static_cast<uint32_t>(stack.size() + 1), SpanCategory::Function});
    }
  }
  return spans;
}

void expect_same_as_std_sort(std::vector<Span> spans, bool nested) {
  std::vector<Span> expected = spans;
  std::sort(expected.begin(), expected.end(), span_before);
  sort_spans(spans, nested);
  ASSERT_EQ(spans.size(), expected.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    EXPECT_EQ(spans[i].start_cycle, expected[i].start_cycle) << i;
    EXPECT_EQ(spans[i].end_cycle, expected[i].end_cycle) << i;
    EXPECT_EQ(spans[i].name, expected[i].name) << i;
    EXPECT_EQ(spans[i].depth, expected[i].depth) << i;
  }
}

TEST(SpanOrderTest, NestedSpansInEndOrderComeOutAsStdSortPutsThem) {
  for (uint32_t seed = 1; seed <= 20; ++seed) expect_same_as_std_sort(stack_spans(seed, 5000, 0.0), true);
}

TEST(SpanOrderTest, SpansStartingTogetherComeOutAsStdSortPutsThem) {
  // Calls that start in their caller's cycle make equal starts: the order
  // among them is std::sort's own, so it must be std::sort that orders them.
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    std::vector<Span> spans = stack_spans(seed, 5000, 0.3);
    expect_same_as_std_sort(spans, true);
  }
}

TEST(SpanOrderTest, SpansInAnyOrderAreSortedByStartThenLongerFirst) {
  std::vector<Span> spans = stack_spans(7, 3000, 0.2);
  std::shuffle(spans.begin(), spans.end(), std::mt19937(3));
  expect_same_as_std_sort(spans, false);
  std::vector<Span> sorted = spans;
  sort_spans(sorted, false);
  EXPECT_TRUE(std::is_sorted(sorted.begin(), sorted.end(), span_before));
}

}  // namespace
}  // namespace mcusim
