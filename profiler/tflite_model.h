// Model facts from a TF-Lite Micro ELF: the model flatbuffer the firmware
// carries in its read-only data (g_model, *_model_data, *_tflite ...;
// file identifier "TFL3" at offset 4) gives each operator's type, output
// shape and MACs, in the main subgraph's execution order, which is the order
// the interpreter invokes them (the tflm layer preset's layer index).
//
// Tables read (field numbers of the published schema.fbs):
//   Model:        1 operator_codes:[OperatorCode], 2 subgraphs:[SubGraph],
//                 4 buffers:[Buffer]
//   Buffer:       0 data:[ubyte]
//   OperatorCode: 0 deprecated_builtin_code:byte, 1 custom_code:string,
//                 3 builtin_code:int (the code is the larger of 0 and 3)
//   SubGraph:     0 tensors:[Tensor], 3 operators:[Operator]
//   Tensor:       0 shape:[int]
//   Operator:     0 opcode_index:uint, 1 inputs:[int], 2 outputs:[int]
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "profiler/profile.h"
#include "sim/elf_image.h"

namespace mcusim {

struct TfliteOperator {
  int32_t builtin_code = 0;
  std::string type;                   // "CONV_2D"; a custom operator's custom_code
  std::vector<int32_t> output_shape;  // the first output's; empty when unknown
  uint64_t macs = 0;                  // per call; 0: not a MAC operator or shapes unknown
};

// A buffer's data inside the model: a weight or bias tensor's bytes, which
// kernels read in place (TF-Lite Micro does not copy them).
struct TfliteBuffer {
  uint32_t offset = 0;  // from the model's first byte
  uint32_t size = 0;
};

struct TfliteModel {
  std::string symbol;  // where it is in the ELF
  uint32_t address = 0, size = 0;
  std::vector<TfliteOperator> operators;  // subgraph 0, execution order
  std::vector<TfliteBuffer> buffers;      // those with data, in the model's order
};

// Reads a model flatbuffer. Throws FlatbufferError (profiler/flatbuffer_reader.h)
// when the bytes are not one (bad identifier, an offset outside the buffer, ...).
TfliteModel read_tflite_model(std::span<const uint8_t> bytes);

// The model in the ELF's loaded data: the largest data symbol whose bytes
// parse as a model. A symbol with the identifier that does not parse is
// reported in `warnings` and skipped.
std::optional<TfliteModel> find_tflite_model(const ElfImage& image, std::vector<std::string>& warnings);

// Gives each layer with an operator index (the tflm preset's) that
// operator's type, output shape and MACs. Attaches nothing, with a warning,
// when an inference's layer count is not the model's operator count (the
// layers are not that model's operators).
void attach_operator_facts(const TfliteModel& model, std::vector<LayerProfile>& layers, std::vector<std::string>& warnings);

}  // namespace mcusim
