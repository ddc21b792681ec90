// TF-Lite's builtin operators as data: each code's name (the BuiltinOperator
// enum of the published schema) and, for the operators whose cost is
// multiply-accumulates, how to count them from tensor shapes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mcusim {

// "CONV_2D" for 3; "BUILTIN_<code>" for a code newer than the table.
std::string tflite_operator_name(int32_t builtin_code);

// The shapes an operator's MACs are counted from: its input tensors' and its
// first output's (empty when the tensor is absent or has no static shape).
struct OperatorShapes {
  std::vector<std::vector<int32_t>> inputs;
  std::vector<int32_t> output;
};
// Multiply-accumulates of one call of the operator; 0 when the operator is
// not a MAC operator (pooling, softmax, ...), a shape is missing, dynamic
// (-1) or not the rank the rule needs, or the count overflows.
uint64_t tflite_operator_macs(int32_t builtin_code, const OperatorShapes& shapes);

}  // namespace mcusim
