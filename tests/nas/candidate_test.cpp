#include <gtest/gtest.h>

#include <fstream>

#include "sim/errors.h"
#include "sim/nas/candidate.h"
#include "sim/nas/search_space.h"

namespace mcusim::nas {
namespace {

using nlohmann::json;

const std::string kSource = MCUSIM_SOURCE_DIR;

json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

// The worked example: the published MCUNet models are points of the bundled
// space, and their choices expand to exactly the bundled model descriptions
// (transcribed independently from the same configs).
class McunetExample : public ::testing::TestWithParam<std::string> {};

TEST_P(McunetExample, ExpandsToTheBundledModel) {
  SearchSpace space = load_space(kSource + "/firmware_samples/spaces/mcunet.json");
  ASSERT_TRUE(space.examples.contains(GetParam()));
  Choices c = choices_from_json(space.examples[GetParam()], "example");
  check_choices(space, c, "example");
  json model = candidate_model(space, c, GetParam());
  json bundled = read_json(kSource + "/firmware_samples/models/" + GetParam() + ".json");
  EXPECT_EQ(model["input"], bundled["input"]);
  ASSERT_EQ(model["layers"].size(), bundled["layers"].size());
  for (size_t i = 0; i < model["layers"].size(); ++i) {
    json want = bundled["layers"][i];
    json got = model["layers"][i];
    if (want.value("op", "") == "mbconv" && !want.contains("stride")) want["stride"] = 1;
    EXPECT_EQ(got, want) << "layer " << i;
  }
  Counts counts = model_counts(model);
  EXPECT_NEAR(counts.macs / 1e6, bundled["published"]["macs_m"].get<double>(), 0.05);
  EXPECT_NEAR(counts.params / 1e6, bundled["published"]["params_m"].get<double>(), 0.005);
}

INSTANTIATE_TEST_SUITE_P(Published, McunetExample, ::testing::Values("mcunet-in0", "mcunet-in1", "mcunet-in3"));

TEST(CandidateTest, SamplingIsDeterministicAndPrefixStable) {
  SearchSpace space = load_space(kSource + "/firmware_samples/spaces/mcunet.json");
  std::vector<Choices> a = sample_choices(space, 7, 20), b = sample_choices(space, 7, 20), c = sample_choices(space, 7, 5);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(choices_to_json(a[i]), choices_to_json(b[i]));
  for (size_t i = 0; i < c.size(); ++i) EXPECT_EQ(choices_to_json(a[i]), choices_to_json(c[i]));
  std::vector<Choices> other = sample_choices(space, 8, 20);
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += choices_to_json(a[i]) == choices_to_json(other[i]);
  EXPECT_LT(same, 2u);  // another seed, other candidates
}

TEST(CandidateTest, SamplesStayInsideTheSpaceAndCoverIt) {
  SearchSpace space = load_space(kSource + "/firmware_samples/spaces/mcunet.json");
  std::set<int> resolutions, kernels, depths;
  for (const Choices& c : sample_choices(space, 1, 200)) {
    EXPECT_NO_THROW(check_choices(space, c, "sample"));
    resolutions.insert(c.resolution);
    depths.insert(static_cast<int>(c.stages[2].size()));
    for (const BlockChoice& b : c.stages[3]) kernels.insert(b.kernel);
  }
  EXPECT_EQ(resolutions.size(), space.resolutions.size());
  EXPECT_EQ(kernels, (std::set<int>{3, 5, 7}));
  EXPECT_EQ(depths, (std::set<int>{2, 3, 4}));
}

// Every candidate is valid generator input; counts come from the generator's rules.
TEST(CandidateTest, CandidatesAreValidModelDescriptions) {
  SearchSpace space = load_space(kSource + "/firmware_samples/spaces/tiny.json");
  for (const Choices& c : sample_choices(space, 3, 50)) {
    json model = candidate_model(space, c, "t");
    Counts counts;
    ASSERT_NO_THROW(counts = model_counts(model)) << model.dump();
    EXPECT_GT(counts.macs, 0);
    EXPECT_EQ(model["candidate"]["space"], "tiny");
    // the last layers: feature mix 1x1, pooling, classifier
    const json& layers = model["layers"];
    EXPECT_EQ(layers[layers.size() - 1]["out"], 10);
    EXPECT_EQ(layers[layers.size() - 2]["op"], "avgpool");
    EXPECT_EQ(layers[layers.size() - 3]["kernel"], 1);
  }
}

TEST(CandidateTest, ChoicesOutsideTheSpaceAreNamed) {
  SearchSpace space = load_space(kSource + "/firmware_samples/spaces/tiny.json");
  Choices c = sample_choices(space, 1, 1)[0];
  c.stages[1][0].kernel = 9;
  try {
    check_choices(space, c, "cand.json");
    FAIL() << "accepted kernel 9";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "cand.json: candidate.stages[1][0].kernel: 9 is not allowed (search space 'tiny')");
  }
}

}  // namespace
}  // namespace mcusim::nas
