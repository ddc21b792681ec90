#include "profiler/tflite_operators.h"

#include <array>
#include <string_view>

namespace mcusim {

namespace {

// BuiltinOperator, in code order (code = position).
constexpr std::array<std::string_view, 163> kNames = {
    "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE", "DEQUANTIZE",
    "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP", "L2_NORMALIZATION", "L2_POOL_2D",
    "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC", "LSH_PROJECTION", "LSTM", "MAX_POOL_2D", "MUL", "RELU",
    "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR", "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF", "TANH",
    "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL", "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD",
    "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE", "MEAN", "SUB",
    "DIV", "SQUEEZE", "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN", "EXP", "TOPK_V2",
    "SPLIT", "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU", "MAXIMUM", "ARG_MAX",
    "MINIMUM", "LESS", "NEG", "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL", "SELECT", "SLICE", "SIN",
    "TRANSPOSE_CONV", "SPARSE_TO_DENSE", "TILE", "EXPAND_DIMS", "EQUAL", "NOT_EQUAL", "LOG", "SUM", "SQRT", "RSQRT",
    "SHAPE", "POW", "ARG_MIN", "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX", "PACK", "LOGICAL_OR", "ONE_HOT",
    "LOGICAL_AND", "LOGICAL_NOT", "UNPACK", "REDUCE_MIN", "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE", "FILL",
    "FLOOR_MOD", "RANGE", "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE", "MIRROR_PAD", "ABS",
    "SPLIT_V", "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS", "WHERE", "RANK", "ELU",
    "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND", "HARD_SWISH", "IF", "WHILE",
    "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2", "DENSIFY", "SEGMENT_SUM",
    "BATCH_MATMUL", "PLACEHOLDER_FOR_GREATER_OP_CODES", "CUMSUM", "CALL_ONCE", "BROADCAST_TO", "RFFT2D", "CONV_3D",
    "IMAG", "REAL", "COMPLEX_ABS", "HASHTABLE", "HASHTABLE_FIND", "HASHTABLE_IMPORT", "HASHTABLE_SIZE", "REDUCE_ALL",
    "CONV_3D_TRANSPOSE", "VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE", "BROADCAST_ARGS", "RANDOM_STANDARD_NORMAL",
    "BUCKETIZE", "RANDOM_UNIFORM", "MULTINOMIAL", "GELU", "DYNAMIC_UPDATE_SLICE", "RELU_0_TO_1",
    "UNSORTED_SEGMENT_PROD", "UNSORTED_SEGMENT_MAX", "UNSORTED_SEGMENT_SUM", "ATAN2", "UNSORTED_SEGMENT_MIN",
    "COMPLEX", "SIGN", "BITCAST", "BITWISE_XOR", "RIGHT_SHIFT"};

// MACs = elements of `base` (the first output, or input `base_input`) x the
// product of dimensions `dims` of the weights (input `weight_input`, of rank
// `weight_rank`): each output (or input) element takes one MAC per weight
// it meets.
struct MacRule {
  int32_t code;
  int base_input;  // -1: the first output
  int weight_input;
  size_t weight_rank;
  std::array<int, 4> dims;
  size_t dim_count;
};
constexpr int kOutput = -1;
// Weight layouts: CONV_2D [out_ch, kh, kw, in_ch]; DEPTHWISE_CONV_2D
// [1, kh, kw, out_ch]; FULLY_CONNECTED [units, in_features];
// TRANSPOSE_CONV (inputs: output shape, weights, input) [out_ch, kh, kw, in_ch],
// each input element meets kh*kw*out_ch weights; CONV_3D [kd, kh, kw, in_ch, out_ch].
constexpr std::array<MacRule, 5> kMacRules = {{
    {3, kOutput, 1, 4, {1, 2, 3}, 3},
    {4, kOutput, 1, 4, {1, 2}, 2},
    {9, kOutput, 1, 2, {1}, 1},
    {67, 2, 1, 4, {0, 1, 2}, 3},
    {132, kOutput, 1, 5, {0, 1, 2, 3}, 4},
}};

// Product of `dims`, false when a dimension is not positive or it overflows.
bool multiply(uint64_t& product, int32_t dim) {
  if (dim <= 0) return false;
  return !__builtin_mul_overflow(product, static_cast<uint64_t>(dim), &product);
}

}  // namespace

std::string tflite_operator_name(int32_t builtin_code) {
  if (builtin_code >= 0 && static_cast<size_t>(builtin_code) < kNames.size()) return std::string(kNames[static_cast<size_t>(builtin_code)]);
  return "BUILTIN_" + std::to_string(builtin_code);
}

uint64_t tflite_operator_macs(int32_t builtin_code, const OperatorShapes& shapes) {
  for (const MacRule& rule : kMacRules) {
    if (rule.code != builtin_code) continue;
    auto input = [&](int i) -> const std::vector<int32_t>* {
      return static_cast<size_t>(i) < shapes.inputs.size() ? &shapes.inputs[static_cast<size_t>(i)] : nullptr;
    };
    const std::vector<int32_t>* base = rule.base_input == kOutput ? &shapes.output : input(rule.base_input);
    const std::vector<int32_t>* weights = input(rule.weight_input);
    if (!base || base->empty() || !weights || weights->size() != rule.weight_rank) return 0;
    uint64_t macs = 1;
    for (int32_t d : *base)
      if (!multiply(macs, d)) return 0;
    for (size_t i = 0; i < rule.dim_count; ++i)
      if (!multiply(macs, (*weights)[static_cast<size_t>(rule.dims[i])])) return 0;
    return macs;
  }
  return 0;
}

}  // namespace mcusim
