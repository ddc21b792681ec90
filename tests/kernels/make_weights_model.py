#!/usr/bin/python3
"""Writes weights_model.c and weights_model.h: the kernels' weights (weights.c)
as the tensor buffers of one TF-Lite model flatbuffer, g_model, which is how
TF-Lite Micro firmware carries them (a .tflite file turned into a C array by
xxd -i; kernels read each tensor's bytes in place). The kernel firmware built
with -DKERNEL_WEIGHTS_IN_MODEL (kernels_model_<board>) reads them there, so
fast timing's footprint of a weight walk must come from the model's buffers,
not from the one large array (docs/timing-model.md, "Data in Flash").

Written with the FlatBuffers Python runtime (Debian: python3-flatbuffers) and
the published schema's field numbers, independently of mcusim's reader.

    /usr/bin/python3 tests/kernels/make_weights_model.py tests/kernels
"""
import re
import struct
import sys
from pathlib import Path

import flatbuffers

# The helpers of the layer firmware's model writer.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "firmware" / "layers"))
from make_tflm_model import int_vector, table_vector, tensor_table  # noqa: E402

CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED = 3, 4, 9
FLOAT32, INT8 = 0, 9

# What kernels.c reads: name in kernels.h, array in weights.c, first element,
# element count, shape, type. The fp32 3x3 and depthwise layers read slices of
# w_fp32 in the default build; here each is a tensor of its own, as in a model.
TENSORS = [
    ("w_conv1x1", "w_conv1x1", 0, 32 * 32, [32, 1, 1, 32], INT8),
    ("w_conv3x3", "w_conv3x3", 0, 16 * 9 * 8, [16, 3, 3, 8], INT8),
    ("w_depthwise", "w_depthwise", 0, 9 * 16, [1, 3, 3, 16], INT8),
    ("w_fc", "w_fc", 0, 64 * 256, [64, 256], INT8),
    ("w_fp32", "w_fp32", 0, 32 * 260, [32, 260], FLOAT32),
    ("w_fp32_conv", "w_fp32", 0, 16 * 9 * 8, [16, 3, 3, 8], FLOAT32),
    ("w_fp32_dw", "w_fp32", 16 * 9 * 8, 9 * 16, [1, 3, 3, 16], FLOAT32),
    ("w_pw_small", "w_pw_small", 0, 16 * 8, [16, 1, 1, 8], INT8),
    ("w_pw_large", "w_pw_large", 0, 96 * 64, [96, 1, 1, 64], INT8),
]
C_TYPE = {INT8: "int8_t", FLOAT32: "float"}
# opcode_index into CODES, weight tensor: the kernels as a model's operators.
CODES = [CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED]
OPERATORS = [(0, 0), (0, 1), (1, 2), (2, 3), (2, 4), (0, 5), (1, 6), (0, 7), (0, 8)]


def read_arrays(path):
    text = Path(path).read_text()
    arrays = {}
    for m in re.finditer(r"const (int8_t|float) (\w+)\[\d+\] = \{(.*?)\};", text, re.S):
        kind, name, body = m.groups()
        values = [v.strip().rstrip("f") for v in body.split(",") if v.strip()]
        arrays[name] = [int(v) for v in values] if kind == "int8_t" else [float(v) for v in values]
    return arrays


def tensor_bytes(values, dtype):
    return struct.pack(f"<{len(values)}{'b' if dtype == INT8 else 'f'}", *values)


def build(arrays):
    b = flatbuffers.Builder(1 << 17)
    data_vectors = []  # (name, offset from the buffer's end, bytes)
    buffers = []
    b.StartObject(1)  # buffer 0: the empty sentinel
    buffers.append(b.EndObject())
    for name, array, first, count, shape, dtype in TENSORS:
        data = tensor_bytes(arrays[array][first:first + count], dtype)
        b.StartVector(1, len(data), 16)  # schema: data:[ubyte] (force_align: 16)
        for byte in reversed(data):
            b.PrependUint8(byte)
        vector = b.EndVector()
        data_vectors.append((name, vector, data))
        b.StartObject(1)  # Buffer
        b.PrependUOffsetTRelativeSlot(0, vector, 0)
        buffers.append(b.EndObject())
    tensors = [tensor_table(b, name, shape, dtype, index + 1)
               for index, (name, _, _, _, shape, dtype) in enumerate(TENSORS)]
    operators = []
    for opcode, weights in OPERATORS:
        in_off, out_off = int_vector(b, [weights]), int_vector(b, [])
        b.StartObject(3)                                 # Operator
        b.PrependUint32Slot(0, opcode, 0)
        b.PrependUOffsetTRelativeSlot(1, in_off, 0)
        b.PrependUOffsetTRelativeSlot(2, out_off, 0)
        operators.append(b.EndObject())
    tensors_off, operators_off = table_vector(b, tensors), table_vector(b, operators)
    b.StartObject(4)                                     # SubGraph
    b.PrependUOffsetTRelativeSlot(0, tensors_off, 0)
    b.PrependUOffsetTRelativeSlot(3, operators_off, 0)
    subgraph = b.EndObject()
    codes = []
    for code in CODES:
        b.StartObject(4)                                 # OperatorCode
        b.PrependInt8Slot(0, code, 0)
        b.PrependInt32Slot(2, 1, 1)
        b.PrependInt32Slot(3, code, 0)
        codes.append(b.EndObject())
    codes_off, subgraphs_off, buffers_off = table_vector(b, codes), table_vector(b, [subgraph]), table_vector(b, buffers)
    b.StartObject(5)                                     # Model
    b.PrependUint32Slot(0, 3, 0)
    b.PrependUOffsetTRelativeSlot(1, codes_off, 0)
    b.PrependUOffsetTRelativeSlot(2, subgraphs_off, 0)
    b.PrependUOffsetTRelativeSlot(4, buffers_off, 0)
    b.Finish(b.EndObject(), file_identifier=b"TFL3")
    model = bytes(b.Output())
    placed = []
    for name, vector, data in data_vectors:
        at = len(model) - vector + 4  # a vector is its u32 length, then the bytes
        assert model[at:at + len(data)] == data and at % 16 == 0, name
        placed.append((name, at, len(data)))
    return model, placed


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    model, placed = build(read_arrays(Path(__file__).with_name("weights.c")))
    dtype = {t[0]: t[5] for t in TENSORS}
    with open(out / "weights_model.h", "w") as h:
        h.write("/* Generated by make_weights_model.py: where each weight tensor's bytes are\n"
                " * in g_model (weights_model.c). Do not edit; rerun the script. */\n"
                "#pragma once\n#include <stdint.h>\n\n"
                "extern const unsigned char g_model[];\n")
        for name, at, size in placed:
            h.write(f"#define {name} ((const {C_TYPE[dtype[name]]} *)(g_model + {at})) /* {size} bytes */\n")
    with open(out / "weights_model.c", "w") as c:
        c.write("/* Generated by make_weights_model.py: a TF-Lite model flatbuffer holding the\n"
                " * kernels' weights (weights.c) as tensor buffers. Do not edit; rerun the script. */\n"
                "const unsigned char g_model[] __attribute__((aligned(16))) = {\n")
        for i in range(0, len(model), 16):
            c.write("  " + ",".join(f"0x{x:02x}" for x in model[i:i + 16]) + ",\n")
        c.write("};\n")
        c.write(f"const unsigned int g_model_len = {len(model)};\n")


if __name__ == "__main__":
    main()
