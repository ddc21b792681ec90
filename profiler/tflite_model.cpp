#include "profiler/tflite_model.h"

#include <fmt/format.h>

#include <algorithm>

#include "profiler/flatbuffer_reader.h"
#include "profiler/tflite_operators.h"
#include "sim/symbolizer.h"

namespace mcusim {

namespace {
constexpr std::string_view kIdentifier = "TFL3";
constexpr uint32_t kMaxModelBytes = 64u << 20;
// Real tensors have at most 6 dimensions; a longer shape is no shape (and
// keeps a hostile buffer from costing operators x dimensions).
constexpr uint32_t kMaxRank = 8;
constexpr uint32_t kMaxInputs = 8;  // inputs whose shapes a MAC rule may need

enum ModelField : uint32_t { kOperatorCodes = 1, kSubgraphs = 2, kBuffers = 4 };
enum BufferField : uint32_t { kData = 0 };
enum OperatorCodeField : uint32_t { kDeprecatedBuiltinCode = 0, kCustomCode = 1, kBuiltinCode = 3 };
enum SubGraphField : uint32_t { kTensors = 0, kOperators = 3 };
enum TensorField : uint32_t { kShape = 0 };
enum OperatorField : uint32_t { kOpcodeIndex = 0, kInputs = 1, kOutputs = 2 };
constexpr int32_t kCustom = 32;

std::vector<int32_t> tensor_shape(const FlatbufferReader& r, const FlatbufferReader::Vector& tensors, int32_t index) {
  if (index < 0 || static_cast<uint32_t>(index) >= tensors.length) return {};  // -1: an optional input left out
  auto shape = r.vector(r.table_element(tensors, static_cast<uint32_t>(index)), kShape, 4);
  if (!shape || shape->length > kMaxRank) return {};
  std::vector<int32_t> dims;
  for (uint32_t i = 0; i < shape->length; ++i) dims.push_back(r.int32_element(*shape, i));
  return dims;
}

std::string operator_type(const FlatbufferReader& r, const FlatbufferReader::Table& code, int32_t& builtin) {
  int32_t deprecated = r.scalar<int8_t>(code, kDeprecatedBuiltinCode).value_or(0);
  builtin = std::max(deprecated, r.scalar<int32_t>(code, kBuiltinCode).value_or(0));
  if (builtin == kCustom)
    if (auto custom = r.string(code, kCustomCode)) return std::string(*custom);
  return tflite_operator_name(builtin);
}
}  // namespace

TfliteModel read_tflite_model(std::span<const uint8_t> bytes) {
  FlatbufferReader r(bytes);
  if (r.identifier() != kIdentifier) throw FlatbufferError("no TFL3 file identifier at offset 4");
  FlatbufferReader::Table model = r.root();
  auto codes = r.vector(model, kOperatorCodes, 4);
  auto subgraphs = r.vector(model, kSubgraphs, 4);
  if (!codes || !subgraphs || subgraphs->length == 0) throw FlatbufferError("the model has no operator codes or no subgraph");
  FlatbufferReader::Table main_graph = r.table_element(*subgraphs, 0);
  auto tensors = r.vector(main_graph, kTensors, 4).value_or(FlatbufferReader::Vector{});
  auto operators = r.vector(main_graph, kOperators, 4).value_or(FlatbufferReader::Vector{});

  TfliteModel m;
  for (uint32_t i = 0; i < operators.length; ++i) {
    FlatbufferReader::Table op = r.table_element(operators, i);
    uint32_t code_index = r.scalar<uint32_t>(op, kOpcodeIndex).value_or(0);
    if (code_index >= codes->length)
      throw FlatbufferError(fmt::format("operator {} has opcode_index {} of {} operator codes", i, code_index, codes->length));
    TfliteOperator o;
    o.type = operator_type(r, r.table_element(*codes, code_index), o.builtin_code);
    OperatorShapes shapes;
    if (auto inputs = r.vector(op, kInputs, 4))
      for (uint32_t k = 0; k < std::min(inputs->length, kMaxInputs); ++k)
        shapes.inputs.push_back(tensor_shape(r, tensors, r.int32_element(*inputs, k)));
    if (auto outputs = r.vector(op, kOutputs, 4); outputs && outputs->length)
      shapes.output = tensor_shape(r, tensors, r.int32_element(*outputs, 0));
    o.output_shape = shapes.output;
    o.macs = tflite_operator_macs(o.builtin_code, shapes);
    m.operators.push_back(std::move(o));
  }
  if (auto buffers = r.vector(model, kBuffers, 4))
    for (uint32_t i = 0; i < buffers->length; ++i)
      if (auto data = r.vector(r.table_element(*buffers, i), kData, 1); data && data->length)
        m.buffers.push_back({data->first, data->length});
  return m;
}

std::optional<TfliteModel> find_tflite_model(const ElfImage& image, std::vector<std::string>& warnings) {
  std::optional<TfliteModel> best;
  for (const ElfSymbol& s : image.symbols()) {
    if (!s.is_object || s.size < 16 || s.size > kMaxModelBytes || (best && s.size <= best->size)) continue;
    char head[8];
    if (!image.read_loaded(s.address, head, sizeof head) || std::string_view(head + 4, 4) != kIdentifier) continue;
    std::vector<uint8_t> bytes(s.size);
    if (!image.read_loaded(s.address, bytes.data(), bytes.size())) continue;
    try {
      TfliteModel m = read_tflite_model(bytes);
      m.symbol = demangle(s.name);
      m.address = s.address;
      m.size = s.size;
      best = std::move(m);
    } catch (const FlatbufferError& e) {
      warnings.push_back(fmt::format("{} looks like a TF-Lite model but is not one ({}); no operator facts from it", s.name, e.what()));
    }
  }
  return best;
}

void attach_operator_facts(const TfliteModel& model, std::vector<LayerProfile>& layers, std::vector<std::string>& warnings) {
  int32_t highest = -1;
  for (const LayerProfile& l : layers) highest = std::max(highest, l.index);
  if (highest < 0) return;
  if (static_cast<size_t>(highest) + 1 != model.operators.size()) {
    warnings.push_back(fmt::format("the TF-Lite model {} has {} operators but an inference made {} operator calls; "
                                   "operator types and MACs are not attached to the layers",
                                   model.symbol, model.operators.size(), highest + 1));
    return;
  }
  for (LayerProfile& l : layers) {
    if (l.index < 0) continue;
    const TfliteOperator& o = model.operators[static_cast<size_t>(l.index)];
    l.operator_type = o.type;
    l.output_shape = o.output_shape;
    l.macs = o.macs;
  }
}

}  // namespace mcusim
