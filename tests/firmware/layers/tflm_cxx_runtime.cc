// The interpreter half of the C++ TF-Lite-Micro-shaped test firmware
// (tflm_cxx_runtime.h): reads the model flatbuffer as tflite::GetModel and
// the schema accessors do, allocates the tensors from the arena and runs
// the operators through their registrations.
#include "tflm_cxx_runtime.h"

#include <new>

namespace tflite {
namespace {

// FlatBuffers: a table starts with a signed offset back to its vtable, whose
// entries (after its own and the table's sizes) give each field's offset.
const uint8_t* at(const uint8_t* p, uint32_t offset) { return p + offset; }
uint32_t u32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24; }
uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }

const uint8_t* field(const uint8_t* table, unsigned int index) {
  const uint8_t* vtable = table - static_cast<int32_t>(u32(table));
  unsigned int slot = 4 + 2 * index;
  if (slot >= u16(vtable)) return nullptr;
  uint16_t offset = u16(vtable + slot);
  return offset ? table + offset : nullptr;
}
const uint8_t* indirect(const uint8_t* p) { return p ? at(p, u32(p)) : nullptr; }
uint32_t vector_size(const uint8_t* v) { return v ? u32(v) : 0; }
const uint8_t* vector_table(const uint8_t* v, uint32_t i) { return indirect(v + 4 + 4 * i); }
uint32_t vector_u32(const uint8_t* v, uint32_t i) { return u32(v + 4 + 4 * i); }

// Model: operator_codes 1, subgraphs 2. SubGraph: tensors 0, operators 3.
// Operator: opcode_index 0, outputs 2. OperatorCode: deprecated_builtin_code 0
// (int8), builtin_code 3 (int32). Tensor: shape 0.
const uint8_t* first_subgraph(const Model* model) {
  return vector_table(indirect(field(reinterpret_cast<const uint8_t*>(model), 2)), 0);
}
uint32_t builtin_code(const uint8_t* code) {
  const uint8_t* deprecated = field(code, 0);
  const uint8_t* current = field(code, 3);
  uint32_t a = deprecated ? *deprecated : 0, b = current ? u32(current) : 0;
  return a > b ? a : b;
}
uint32_t output_bytes(const uint8_t* subgraph, const uint8_t* op) {
  const uint8_t* outputs = indirect(field(op, 2));
  const uint8_t* tensor = vector_table(indirect(field(subgraph, 0)), vector_u32(outputs, 0));
  const uint8_t* shape = indirect(field(tensor, 0));
  uint32_t bytes = 1;
  for (uint32_t i = 0; i < vector_size(shape); ++i) bytes *= vector_u32(shape, i);
  return bytes;
}

}  // namespace

const Model* GetModel(const void* buffer) {
  const uint8_t* b = static_cast<const uint8_t*>(buffer);
  return reinterpret_cast<const Model*>(at(b, u32(b)));
}

uint32_t OperatorCodes(const Model* model, uint32_t* codes, uint32_t max) {
  const uint8_t* all_codes = indirect(field(reinterpret_cast<const uint8_t*>(model), 1));
  const uint8_t* operators = indirect(field(first_subgraph(model), 3));
  uint32_t n = vector_size(operators);
  for (uint32_t i = 0; i < n && i < max; ++i) {
    const uint8_t* op = vector_table(operators, i);
    const uint8_t* index = field(op, 0);
    codes[i] = builtin_code(vector_table(all_codes, index ? u32(index) : 0));
  }
  return n;
}

__attribute__((noinline)) uint32_t MicroProfiler::BeginEvent(const char* tag) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(tag)) + events_++;
}
__attribute__((noinline)) void MicroProfiler::EndEvent(uint32_t event_handle) { events_ += event_handle & 0; }

void* ArenaAllocator::Allocate(size_t bytes) {
  size_t start = (head_ + 15) & ~static_cast<size_t>(15);
  if (start + bytes > size_) return nullptr;
  head_ = start + bytes;
  allocated_ += bytes;
  return arena_ + start;
}

int MicroInterpreterGraph::InvokeSubgraph(int subgraph_idx) {
  for (uint32_t i = 0; i < count_; ++i) {
    uint32_t event = profiler_->BeginEvent("op");
    TfLiteNode* node = &nodes_[i];
    int status = registrations_[i]->invoke(nullptr, node);
    profiler_->EndEvent(event);
    if (status != 0) return status;
  }
  return subgraph_idx;
}

MicroInterpreter::MicroInterpreter(const Model* model, const MicroOpResolver& resolver, uint8_t* arena,
                                   size_t arena_size, MicroProfiler* profiler)
    : model_(model), resolver_(resolver), allocator_(arena, arena_size), profiler_(profiler) {}

int MicroInterpreter::AllocateTensors() {
  constexpr uint32_t kMaxOps = 8;
  uint32_t codes[kMaxOps];
  uint32_t count = OperatorCodes(model_, codes, kMaxOps);
  if (count == 0 || count > kMaxOps) return 1;
  // Every byte placed in the arena is written below, so the arena's
  // high water seen from outside equals the allocator's.
  auto** registrations = static_cast<const TFLMRegistration**>(allocator_.Allocate(count * sizeof(TFLMRegistration*)));
  auto* nodes = static_cast<TfLiteNode*>(allocator_.Allocate(count * sizeof(TfLiteNode)));
  auto* input = static_cast<int8_t*>(allocator_.Allocate(768));  // 1x16x16x3
  if (!registrations || !nodes || !input) return 2;
  for (uint32_t i = 0; i < 768; ++i) input[i] = static_cast<int8_t>(i % 97);
  const uint8_t* subgraph = first_subgraph(model_);
  const uint8_t* operators = indirect(field(subgraph, 3));
  const int8_t* previous = input;
  for (uint32_t i = 0; i < count; ++i) {
    registrations[i] = resolver_.FindOp(codes[i]);
    if (!registrations[i]) return 3;
    uint32_t bytes = output_bytes(subgraph, vector_table(operators, i));
    auto* out = static_cast<int8_t*>(allocator_.Allocate(bytes));
    if (!out) return 4;
    nodes[i] = TfLiteNode{previous, out, bytes, codes[i] == kFullyConnected ? 40u : 2u};
    previous = out;
  }
  output_ = previous;
  void* graph = allocator_.Allocate(sizeof(MicroInterpreterGraph));
  if (!graph) return 5;
  graph_ = new (graph) MicroInterpreterGraph(registrations, nodes, count, profiler_);
  return 0;
}

int MicroInterpreter::Invoke() { return graph_->InvokeSubgraph(0); }

}  // namespace tflite
