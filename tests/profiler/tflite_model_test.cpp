// The TF-Lite model reader on the test model (tests/firmware/layers/
// tflm_model_data.c, written by make_tflm_model.py with the FlatBuffers
// Python runtime, independently of this reader) and on broken copies of it.
#include "profiler/tflite_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "profiler/flatbuffer_reader.h"
#include "profiler/tflite_operators.h"

namespace mcusim {
namespace {

std::string source_text(const std::string& path) {
  std::ifstream in(std::string(MCUSIM_SOURCE_DIR) + "/" + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The bytes of g_model, from a generated C array.
std::vector<uint8_t> test_model(const std::string& path = "tests/firmware/layers/tflm_model_data.c") {
  std::string body = source_text(path);
  body = body.substr(body.find('{'), body.find('}') - body.find('{'));
  std::vector<uint8_t> bytes;
  std::regex hex("0x([0-9a-f]{2})");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), hex); it != std::sregex_iterator(); ++it)
    bytes.push_back(static_cast<uint8_t>(std::stoul((*it)[1].str(), nullptr, 16)));
  return bytes;
}

TEST(TfliteModelTest, ReadsEachOperatorsTypeOutputShapeAndMacsInExecutionOrder) {
  std::vector<uint8_t> bytes = test_model();
  ASSERT_EQ(bytes.size(), 1240u);
  TfliteModel m = read_tflite_model(bytes);
  ASSERT_EQ(m.operators.size(), 4u);
  EXPECT_EQ(m.operators[0].type, "CONV_2D") << "the code from deprecated_builtin_code alone";
  EXPECT_EQ(m.operators[1].type, "DEPTHWISE_CONV_2D");
  EXPECT_EQ(m.operators[2].type, "CONV_2D");
  EXPECT_EQ(m.operators[3].type, "FULLY_CONNECTED") << "the code from builtin_code";
  EXPECT_EQ(m.operators[0].output_shape, (std::vector<int32_t>{1, 8, 8, 8}));
  EXPECT_EQ(m.operators[3].output_shape, (std::vector<int32_t>{1, 10}));
  // Output elements x the weights each meets.
  EXPECT_EQ(m.operators[0].macs, 8u * 8 * 8 * (3 * 3 * 3));
  EXPECT_EQ(m.operators[1].macs, 8u * 8 * 8 * (3 * 3));
  EXPECT_EQ(m.operators[2].macs, 8u * 8 * 16 * 8);
  EXPECT_EQ(m.operators[3].macs, 10u * 1024);
  EXPECT_TRUE(m.buffers.empty()) << "its buffers hold no data";
}

TEST(TfliteModelTest, ReadsWhereEachTensorBuffersBytesAre) {
  // The kernel firmware's weights as a model (tests/kernels/weights_model.c,
  // make_weights_model.py); weights_model.h says where each tensor's bytes
  // are, as the script found them in its own output.
  std::vector<uint8_t> bytes = test_model("tests/kernels/weights_model.c");
  TfliteModel m = read_tflite_model(bytes);
  std::string header = source_text("tests/kernels/weights_model.h");
  std::regex placed(R"(g_model \+ (\d+)\)\) /\* (\d+) bytes)");
  std::vector<std::pair<uint32_t, uint32_t>> expected, read;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), placed); it != std::sregex_iterator(); ++it)
    expected.emplace_back(std::stoul((*it)[1].str()), std::stoul((*it)[2].str()));
  for (const TfliteBuffer& b : m.buffers) read.emplace_back(b.offset, b.size);
  ASSERT_EQ(expected.size(), 9u);
  std::sort(expected.begin(), expected.end());
  std::sort(read.begin(), read.end());
  EXPECT_EQ(read, expected) << "the empty sentinel buffer 0 is not one";
  // w_conv1x1 (1024 bytes) starts with weights.c's -12, 94, 16.
  auto conv = std::find_if(m.buffers.begin(), m.buffers.end(), [](const TfliteBuffer& b) { return b.size == 1024; });
  ASSERT_NE(conv, m.buffers.end());
  EXPECT_EQ(bytes[conv->offset], 0xf4);
  EXPECT_EQ(bytes[conv->offset + 1], 0x5e);
  EXPECT_EQ(bytes[conv->offset + 2], 0x10);
}

TEST(TfliteModelTest, EveryTruncationIsAnErrorOrAShorterModelNeverACrash) {
  std::vector<uint8_t> bytes = test_model();
  size_t rejected = 0;
  for (size_t n = 0; n < bytes.size(); ++n) {
    try {
      read_tflite_model(std::span(bytes.data(), n));
    } catch (const FlatbufferError&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, bytes.size() / 2) << "most prefixes cut off a table the reader needs";
}

TEST(TfliteModelTest, CorruptedBytesAreAnErrorOrSomeModelNeverACrash) {
  std::vector<uint8_t> bytes = test_model();
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t value : {uint8_t{0x00}, uint8_t{0x7f}, uint8_t{0xff}}) {
      std::vector<uint8_t> broken = bytes;
      broken[i] = value;
      try {
        TfliteModel m = read_tflite_model(broken);
        EXPECT_LE(m.operators.size(), broken.size() / 4);
      } catch (const FlatbufferError&) {
      }
    }
  }
}

TEST(TfliteModelTest, WrongIdentifierIsNotAModel) {
  std::vector<uint8_t> bytes = test_model();
  bytes[7] = '2';
  try {
    read_tflite_model(bytes);
    FAIL() << "read a model without the TFL3 identifier";
  } catch (const FlatbufferError& e) {
    EXPECT_STREQ(e.what(), "no TFL3 file identifier at offset 4");
  }
}

TEST(TfliteModelTest, OffsetOutsideTheBufferNamesIt) {
  std::vector<uint8_t> bytes = test_model();
  bytes[0] = 0xf0;  // the root table's offset
  bytes[1] = 0xff;
  try {
    read_tflite_model(bytes);
    FAIL();
  } catch (const FlatbufferError& e) {
    EXPECT_NE(std::string(e.what()).find("outside the 1240-byte buffer"), std::string::npos) << e.what();
  }
}

TEST(TfliteOperatorsTest, NamesFollowTheSchemaCodes) {
  EXPECT_EQ(tflite_operator_name(0), "ADD");
  EXPECT_EQ(tflite_operator_name(3), "CONV_2D");
  EXPECT_EQ(tflite_operator_name(25), "SOFTMAX");
  EXPECT_EQ(tflite_operator_name(126), "BATCH_MATMUL");
  EXPECT_EQ(tflite_operator_name(162), "RIGHT_SHIFT");
  EXPECT_EQ(tflite_operator_name(400), "BUILTIN_400");
  EXPECT_EQ(tflite_operator_name(-1), "BUILTIN_-1");
}

TEST(TfliteOperatorsTest, MacsAreUnknownRatherThanGuessed) {
  OperatorShapes conv{{{1, 16, 16, 3}, {8, 3, 3, 3}, {8}}, {1, 8, 8, 8}};
  EXPECT_EQ(tflite_operator_macs(3, conv), 8u * 8 * 8 * 27);
  EXPECT_EQ(tflite_operator_macs(17, conv), 0u) << "max pooling has no MACs";
  OperatorShapes dynamic = conv;
  dynamic.output = {-1, 8, 8, 8};
  EXPECT_EQ(tflite_operator_macs(3, dynamic), 0u) << "a dynamic dimension";
  OperatorShapes no_weights{{{1, 16, 16, 3}}, {1, 8, 8, 8}};
  EXPECT_EQ(tflite_operator_macs(3, no_weights), 0u);
  OperatorShapes huge{{{1}, {1, 0x7fffffff, 0x7fffffff, 0x7fffffff}}, {0x7fffffff, 0x7fffffff}};
  EXPECT_EQ(tflite_operator_macs(3, huge), 0u) << "an overflowing count";
  // TRANSPOSE_CONV: inputs (output shape, weights [out, kh, kw, in], input).
  OperatorShapes transpose{{{4}, {8, 3, 3, 4}, {1, 5, 5, 4}}, {1, 10, 10, 8}};
  EXPECT_EQ(tflite_operator_macs(67, transpose), 5u * 5 * 4 * (8 * 3 * 3));
}

TEST(TfliteModelTest, OperatorFactsNeedOneLayerPerOperator) {
  TfliteModel m = read_tflite_model(test_model());
  m.symbol = "g_model";
  std::vector<LayerProfile> layers(8);
  for (size_t i = 0; i < layers.size(); ++i) layers[i].index = static_cast<int32_t>(i % 4);
  std::vector<std::string> warnings;
  attach_operator_facts(m, layers, warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(layers[5].operator_type, "DEPTHWISE_CONV_2D");
  EXPECT_EQ(layers[7].macs, 10240u);

  std::vector<LayerProfile> three(3);
  for (size_t i = 0; i < three.size(); ++i) three[i].index = static_cast<int32_t>(i);
  attach_operator_facts(m, three, warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "the TF-Lite model g_model has 4 operators but an inference made 3 operator calls; "
                         "operator types and MACs are not attached to the layers");
  EXPECT_TRUE(three[0].operator_type.empty());
}

}  // namespace
}  // namespace mcusim
