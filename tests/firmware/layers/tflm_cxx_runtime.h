// The parts of TF-Lite Micro's C++ API the C++ test firmware uses, in its
// shape: namespace tflite, an op resolver template filled by a function-local
// static, an interpreter that allocates from the caller's arena, and a graph
// whose InvokeSubgraph calls each registration's invoke through a pointer
// between two MicroProfiler calls. Written for mcusim's tests; no TF-Lite
// Micro code.
#pragma once

#include <cstddef>
#include <cstdint>

struct TfLiteContext;
struct TfLiteNode {
  const int8_t* input;
  int8_t* output;
  uint32_t output_bytes;
  uint32_t rounds;
};
struct TFLMRegistration {
  int (*invoke)(TfLiteContext* context, TfLiteNode* node);
  uint32_t builtin_code;
};

namespace tflite {

enum BuiltinOperator : uint32_t { kConv2d = 3, kDepthwiseConv2d = 4, kFullyConnected = 9 };

TFLMRegistration Register_CONV_2D();
TFLMRegistration Register_DEPTHWISE_CONV_2D();
TFLMRegistration Register_FULLY_CONNECTED();

struct Model;
const Model* GetModel(const void* buffer);
// The builtin code of each operator of the model's first subgraph, in order.
uint32_t OperatorCodes(const Model* model, uint32_t* codes, uint32_t max);

class MicroOpResolver {
 public:
  virtual ~MicroOpResolver() = default;
  virtual const TFLMRegistration* FindOp(uint32_t builtin_code) const = 0;
};

template <unsigned int tOpCount>
class MicroMutableOpResolver : public MicroOpResolver {
 public:
  void AddConv2D() { Add(Register_CONV_2D(), kConv2d); }
  void AddDepthwiseConv2D() { Add(Register_DEPTHWISE_CONV_2D(), kDepthwiseConv2d); }
  void AddFullyConnected() { Add(Register_FULLY_CONNECTED(), kFullyConnected); }
  const TFLMRegistration* FindOp(uint32_t builtin_code) const override {
    for (unsigned int i = 0; i < count_; ++i)
      if (registrations_[i].builtin_code == builtin_code) return &registrations_[i];
    return nullptr;
  }

 private:
  void Add(TFLMRegistration r, uint32_t code) {
    if (count_ == tOpCount) return;
    r.builtin_code = code;
    registrations_[count_++] = r;
  }
  TFLMRegistration registrations_[tOpCount] = {};
  unsigned int count_ = 0;
};

class MicroProfiler {
 public:
  uint32_t BeginEvent(const char* tag);
  void EndEvent(uint32_t event_handle);
  uint32_t events() const { return events_; }

 private:
  uint32_t events_ = 0;
};

// Allocates from the head of the arena, 16-byte aligned, as TF-Lite Micro's
// SingleArenaBufferAllocator does for non-persistent buffers.
class ArenaAllocator {
 public:
  ArenaAllocator(uint8_t* arena, size_t size) : arena_(arena), size_(size) {}
  void* Allocate(size_t bytes);
  size_t used_bytes() const { return head_; }          // the allocator's high water
  size_t allocated_bytes() const { return allocated_; }  // the bytes asked for

 private:
  uint8_t* arena_;
  size_t size_;
  size_t head_ = 0, allocated_ = 0;
};

class MicroInterpreterGraph {
 public:
  MicroInterpreterGraph(const TFLMRegistration** registrations, TfLiteNode* nodes, uint32_t count, MicroProfiler* profiler)
      : registrations_(registrations), nodes_(nodes), count_(count), profiler_(profiler) {}
  int InvokeSubgraph(int subgraph_idx);

 private:
  const TFLMRegistration** registrations_;
  TfLiteNode* nodes_;
  uint32_t count_;
  MicroProfiler* profiler_;
};

class MicroInterpreter {
 public:
  MicroInterpreter(const Model* model, const MicroOpResolver& resolver, uint8_t* arena, size_t arena_size,
                   MicroProfiler* profiler);
  int AllocateTensors();
  int Invoke();
  size_t arena_used_bytes() const { return allocator_.used_bytes(); }
  size_t arena_allocated_bytes() const { return allocator_.allocated_bytes(); }
  const int8_t* output() const { return output_; }

 private:
  const Model* model_;
  const MicroOpResolver& resolver_;
  ArenaAllocator allocator_;
  MicroProfiler* profiler_;
  MicroInterpreterGraph* graph_ = nullptr;
  const int8_t* output_ = nullptr;
};

}  // namespace tflite
