#include <gtest/gtest.h>

#include <sstream>

#include "profiler/report/trace_writer.h"
#include "tests/report/sample_profile.h"

namespace mcusim {
namespace {

using nlohmann::json;

std::vector<json> events_with(const json& doc, const std::string& ph) {
  std::vector<json> out;
  for (const auto& e : doc["traceEvents"])
    if (e["ph"] == ph) out.push_back(e);
  return out;
}

json named(const std::vector<json>& events, const std::string& name) {
  for (const auto& e : events)
    if (e["name"] == name) return e;
  ADD_FAILURE() << "no event " << name;
  return json::object();
}

TEST(TraceWriterTest, TopLevelHasTraceEventsAndDisplayUnit) {
  json doc = to_trace_json(testing::sample_profile());
  ASSERT_TRUE(doc["traceEvents"].is_array());
  EXPECT_EQ(doc["displayTimeUnit"], "ns");
  EXPECT_EQ(doc["otherData"]["clock_hz"], 100'000'000u);
}

TEST(TraceWriterTest, SpansAreCompleteEventsInSimulatedMicroseconds) {
  auto spans = events_with(to_trace_json(testing::sample_profile()), "X");
  ASSERT_EQ(spans.size(), 7u);
  // conv2 layer: cycles 400,000..700,000 at 100 MHz = 4,000 us + 3,000 us.
  const json conv2 = named(spans, "conv2");
  EXPECT_EQ(conv2["name"], "conv2");
  EXPECT_EQ(conv2["cat"], "layer");
  EXPECT_DOUBLE_EQ(conv2["ts"].get<double>(), 4000.0);
  EXPECT_DOUBLE_EQ(conv2["dur"].get<double>(), 3000.0);
  EXPECT_EQ(conv2["pid"], 1);
  EXPECT_EQ(conv2["tid"], 1);
  EXPECT_EQ(conv2["args"]["macs"], 150'000u);
  const json dense = named(spans, "dense");
  EXPECT_EQ(dense["cat"], "function");
  EXPECT_EQ(dense["tid"], 2);
  EXPECT_DOUBLE_EQ(dense["ts"].get<double>(), 7500.0);
  EXPECT_DOUBLE_EQ(dense["dur"].get<double>(), 2000.0);
}

TEST(TraceWriterTest, EnclosingSpansComeFirstAtTheSameStart) {
  auto spans = events_with(to_trace_json(testing::sample_profile()), "X");
  std::vector<std::string> order;
  for (const auto& s : spans) order.push_back(s["name"]);
  EXPECT_EQ(order, (std::vector<std::string>{"main", "conv1", "conv2d", "conv2d", "conv2", "fc", "dense"}));
}

TEST(TraceWriterTest, ProcessAndThreadsAreNamed) {
  auto meta = events_with(to_trace_json(testing::sample_profile()), "M");
  std::map<std::string, std::string> names;
  for (const auto& m : meta)
    if (m["name"] == "thread_name") names[std::to_string(m["tid"].get<int>())] = m["args"]["name"];
    else if (m["name"] == "process_name") names["process"] = m["args"]["name"];
  EXPECT_EQ(names["1"], "layers");
  EXPECT_EQ(names["2"], "functions");
  EXPECT_EQ(names["process"], "mcusim: test-board build/firmware/person_detect.elf");
}

TEST(TraceWriterTest, MemoryTimelineBecomesACounter) {
  auto counters = events_with(to_trace_json(testing::sample_profile()), "C");
  ASSERT_EQ(counters.size(), 4u);
  EXPECT_DOUBLE_EQ(counters[1]["ts"].get<double>(), 4000.0);
  EXPECT_EQ(counters[1]["args"]["stack_bytes"], 8192u);
  EXPECT_EQ(counters[1]["args"]["heap_bytes"], 4096u);
}

TEST(TraceWriterTest, WithoutAClockOneCycleIsOneMicrosecond) {
  Profile p = testing::sample_profile();
  p.clock_hz = 0;
  auto spans = events_with(to_trace_json(p), "X");
  EXPECT_DOUBLE_EQ(named(spans, "conv2")["ts"].get<double>(), 400'000.0);
}

TEST(TraceWriterTest, WrittenFileIsValidJson) {
  auto dir = testing::fresh_temp_dir("trace");
  write_trace(testing::sample_profile(), (dir / "trace.json").string());
  json doc = json::parse(testing::read_text(dir / "trace.json"));
  EXPECT_EQ(doc["traceEvents"].size(), 5u + 7u + 4u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mcusim
