#include <gtest/gtest.h>

#include "profiler/report/json_report.h"
#include "sim/errors.h"
#include "tests/report/sample_profile.h"

namespace mcusim {
namespace {

using nlohmann::json;
using testing::sample_profile;

std::string error_of(const json& doc) {
  try {
    profile_from_json(doc, "new.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(JsonReportTest, DocumentCarriesSchemaNameAndVersion) {
  json doc = to_json(sample_profile());
  EXPECT_EQ(doc["schema"], "mcusim-profile");
  EXPECT_EQ(doc["version"], 1);
}

TEST(JsonReportTest, TotalsIncludeTimeAtTheClock) {
  json doc = to_json(sample_profile());
  EXPECT_EQ(doc["totals"]["cycles"], 1'000'000u);
  EXPECT_EQ(doc["totals"]["instructions"], 800'000u);
  EXPECT_DOUBLE_EQ(doc["totals"]["cpi"].get<double>(), 1.25);
  EXPECT_DOUBLE_EQ(doc["totals"]["seconds"].get<double>(), 0.01);
  EXPECT_DOUBLE_EQ(doc["totals"]["ms"].get<double>(), 10.0);
  EXPECT_EQ(doc["clock_hz"], 100'000'000u);
}

TEST(JsonReportTest, LayersCarryMacsStackAndCyclesPerMac) {
  json layer = to_json(sample_profile())["layers"][1];
  EXPECT_EQ(layer["name"], "conv2");
  EXPECT_EQ(layer["cycles"], 300'000u);
  EXPECT_EQ(layer["macs"], 150'000u);
  EXPECT_DOUBLE_EQ(layer["cycles_per_mac"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(layer["ms"].get<double>(), 3.0);
  EXPECT_EQ(layer["stack_peak_bytes"], 8192u);
  EXPECT_EQ(layer["sram_bytes_written"], 16384u);
}

TEST(JsonReportTest, MemoryIncludesPeakSramAndRegions) {
  json mem = to_json(sample_profile())["memory"];
  EXPECT_EQ(mem["peak_sram"], 162'288u);
  EXPECT_EQ(mem["flash_used"], 120'000u);
  EXPECT_EQ(mem["sram_size"], 327'680u);
  EXPECT_EQ(mem["stack_peak_function"], "conv2d");
  ASSERT_EQ(mem["regions"].size(), 2u);
  EXPECT_EQ(mem["regions"][1]["name"], "sram");
  EXPECT_EQ(mem["regions"][1]["written_bytes"], 60'000u);
}

TEST(JsonReportTest, RoundTripKeepsEveryField) {
  Profile p = sample_profile();
  Profile q = profile_from_json(json::parse(to_json(p).dump()), "x.json");
  EXPECT_EQ(to_json(q), to_json(p));
  EXPECT_EQ(q.functions[1].file, "src/conv.c");
  EXPECT_EQ(q.functions[1].line, 42u);
  EXPECT_EQ(q.calls[1].calls, 1000u);
  EXPECT_EQ(q.folded_stacks.at("main;conv2d;dot"), 100'000u);
  EXPECT_EQ(q.memory.timeline[1].heap_bytes, 4096u);
  EXPECT_EQ(q.spans[4].end_cycle, 750'000u);
  EXPECT_EQ(q.caches[0].misses, 100u);
  EXPECT_TRUE(q.memory.largest_symbols[1].is_function);
  ASSERT_EQ(q.memory.thread_stacks.size(), 2u);
  EXPECT_EQ(q.memory.thread_stacks[0].object, "ucHeap");
  EXPECT_EQ(q.memory.thread_stacks[0].tcb, 0x20001808u);
  EXPECT_EQ(q.memory.thread_stacks[1].tcb, 0u);
}

TEST(JsonReportTest, WriteAndReadBackAFile) {
  auto dir = testing::fresh_temp_dir("json");
  std::string path = (dir / "p.json").string();
  write_json(sample_profile(), path);
  Profile q = read_profile_json(path);
  EXPECT_EQ(q.cycles, 1'000'000u);
  EXPECT_EQ(q.layers.size(), 3u);
  std::filesystem::remove_all(dir);
}

TEST(JsonReportTest, MissingFieldIsNamedWithTheFile) {
  json doc = to_json(sample_profile());
  doc["layers"][2].erase("cycles");
  EXPECT_EQ(error_of(doc), "new.json: \"layers[2].cycles\": missing");
  doc = to_json(sample_profile());
  doc.erase("totals");
  EXPECT_EQ(error_of(doc), "new.json: \"totals\": missing");
}

TEST(JsonReportTest, WrongTypeIsNamedWithTheFile) {
  json doc = to_json(sample_profile());
  doc["memory"]["stack_peak"] = "8K";
  EXPECT_EQ(error_of(doc), "new.json: \"memory.stack_peak\": expected a non-negative integer");
  doc = to_json(sample_profile());
  doc["functions"][0]["self_cycles"] = -5;
  EXPECT_EQ(error_of(doc), "new.json: \"functions[0].self_cycles\": expected a non-negative integer");
}

TEST(JsonReportTest, UnknownVersionIsRejected) {
  json doc = to_json(sample_profile());
  doc["version"] = 2;
  EXPECT_EQ(error_of(doc), "new.json: profile schema version 2 is not supported (this mcusim reads version 1)");
}

TEST(JsonReportTest, OtherJsonIsNotAProfile) {
  EXPECT_NE(error_of(json{{"name", "stm32f746g-disco"}}).find("new.json: not an mcusim profile"), std::string::npos);
  EXPECT_NE(error_of(json::array()).find("new.json: not an mcusim profile"), std::string::npos);
}

TEST(JsonReportTest, SpansReadBackShareOneNamePerDistinctName) {
  Profile q = profile_from_json(to_json(sample_profile()), "x.json");
  ASSERT_EQ(q.spans.size(), 7u);
  EXPECT_EQ(q.span_names.size(), 6u) << "conv2d is called twice";
  EXPECT_EQ(q.spans[2].name, q.spans[4].name);
  EXPECT_EQ(q.span_name(q.spans[4]), "conv2d");
  EXPECT_EQ(q.spans[3].category, SpanCategory::Layer);
}

TEST(JsonReportTest, UnknownSpanCategoryIsRejected) {
  json doc = to_json(sample_profile());
  doc["spans"][1]["category"] = "thread";
  EXPECT_EQ(error_of(doc),
            "new.json: \"spans[1].category\": \"thread\" is not a span category (expected \"layer\" or \"function\")");
}

TEST(JsonReportTest, CallEdgeOutsideFunctionsIsRejected) {
  json doc = to_json(sample_profile());
  doc["calls"][0]["callee"] = 9;
  EXPECT_EQ(error_of(doc), "new.json: \"calls[0].callee\": 9 is not an index into \"functions\"");
}

TEST(JsonReportTest, UnreadableOrInvalidFilesAreInputErrors) {
  EXPECT_THROW(read_profile_json("/nonexistent/base.json"), InputError);
  auto dir = testing::fresh_temp_dir("json-bad");
  std::ofstream(dir / "bad.json") << "{ \"schema\": ";
  try {
    read_profile_json((dir / "bad.json").string());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json: not valid JSON"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mcusim
