#include <gtest/gtest.h>

#include <fstream>

#include "sim/errors.h"
#include "sim/nas/candidate.h"
#include "sim/nas/search_space.h"

namespace mcusim::nas {
namespace {

using nlohmann::json;

const std::string kSpaces = std::string(MCUSIM_SOURCE_DIR) + "/firmware_samples/spaces/";

json tiny() {
  std::ifstream in(kSpaces + "tiny.json");
  return json::parse(in);
}

// The message a bad space gets, or "" when it is accepted.
std::string error_of(const json& space) {
  try {
    parse_space(space, "space.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SearchSpaceTest, BundledSpacesLoad) {
  SearchSpace m = load_space(kSpaces + "mcunet.json");
  EXPECT_EQ(m.name, "mcunet");
  EXPECT_EQ(m.stages.size(), 7u);
  EXPECT_EQ(m.stages[1].kernels, (std::vector<int>{3, 5, 7}));
  EXPECT_EQ(m.stages[1].expands, (std::vector<int>{3, 4, 5, 6}));
  EXPECT_EQ(m.stages[0].expands, (std::vector<int>{1}));
  SearchSpace t = load_space(kSpaces + "tiny.json");
  EXPECT_EQ(t.feature_mix, 64);
}

TEST(SearchSpaceTest, UnknownOpNamesTheField) {
  json s = tiny();
  s["stages"][1]["op"] = "transformer";
  EXPECT_EQ(error_of(s), "space.json: stages[1].op: unknown op 'transformer' (allowed: mbconv)");
}

TEST(SearchSpaceTest, ImpossibleStrideNamesTheField) {
  json s = tiny();
  s["stages"][2]["stride"] = 3;
  EXPECT_EQ(error_of(s), "space.json: stages[2].stride: impossible stride 3 (an mbconv block has stride 1 or 2)");
}

TEST(SearchSpaceTest, EmptyChoiceListNamesTheField) {
  json s = tiny();
  s["stages"][1]["kernels"] = json::array();
  EXPECT_EQ(error_of(s), "space.json: stages[1].kernels: empty choice list (choose at least one of 3, 5, 7)");
  s = tiny();
  s["resolutions"] = json::array();
  EXPECT_EQ(error_of(s), "space.json: resolutions: empty choice list (choose at least one, from 8 to 1024)");
  s = tiny();
  s["widths"] = json::array();
  EXPECT_EQ(error_of(s), "space.json: widths: empty choice list (choose at least one multiplier, e.g. 0.5)");
}

TEST(SearchSpaceTest, KernelTheGeneratorLacksIsRefused) {
  json s = tiny();
  s["kernels"] = {3, 4};
  EXPECT_EQ(error_of(s), "space.json: kernels[1]: 4 is not allowed of 3, 5, 7");
}

TEST(SearchSpaceTest, MissingAndMistypedFieldsAreNamed) {
  json s = tiny();
  s.erase("head");
  EXPECT_EQ(error_of(s), "space.json: head: missing");
  s = tiny();
  s["stages"][0]["depth"] = {1};
  EXPECT_EQ(error_of(s).rfind("space.json: stages[0].depth: unknown field", 0), 0u) << error_of(s);
  s = tiny();
  s["format"] = "mcusim-model/1";
  EXPECT_EQ(error_of(s), "space.json: format: must be \"mcusim-space/1\"");
  s = tiny();
  s["resolutions"] = {4};
  EXPECT_EQ(error_of(s), "space.json: resolutions[0]: must be an integer from 8 to 1024");
}

TEST(SearchSpaceTest, UnreadableFileIsAnInputError) {
  EXPECT_THROW(load_space("/nonexistent/space.json"), InputError);
}

// MCUNet's rounding: the published models' channel counts.
TEST(SearchSpaceTest, MakeDivisibleMatchesMcunetWidths) {
  EXPECT_EQ(make_divisible(32 * 0.6, 8), 24);
  EXPECT_EQ(make_divisible(16 * 0.6, 8), 16);
  EXPECT_EQ(make_divisible(96 * 0.6, 8), 56);
  EXPECT_EQ(make_divisible(192 * 0.6, 8), 112);
  EXPECT_EQ(make_divisible(24 * 0.5, 8), 16);
  EXPECT_EQ(make_divisible(16 * 0.5, 8), 8);
}

}  // namespace
}  // namespace mcusim::nas
