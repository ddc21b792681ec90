/* Inference kernels in the shapes TinyML code runs (issue 11): int8
 * convolutions and a fully connected layer with weights in Flash and
 * activations in SRAM, an fp32 VLDR/VFMA dot product, fp32 3x3, depthwise
 * and dense layers as plain C loops, and a plain walk over Flash words.
 * Weights: weights.c. */
#pragma once
#include <stdint.h>

#ifdef KERNEL_WEIGHTS_IN_MODEL
/* TF-Lite Micro's shape (kernels_model_<board>): every weight tensor is a
 * buffer inside one model flatbuffer, g_model (weights_model.c, written from
 * weights.c by make_weights_model.py), read in place. */
#include "weights_model.h"
#else
extern const int8_t w_conv1x1[32 * 32];       /* [cout][cin] */
extern const int8_t w_conv3x3[16 * 3 * 3 * 8]; /* [cout][ky][kx][cin] */
extern const int8_t w_depthwise[3 * 3 * 16];   /* [ky][kx][c] */
extern const int8_t w_fc[64 * 256];            /* [out][in] */
extern const float w_fp32[32 * 260];           /* [out][in] */
extern const int8_t w_pw_small[16 * 8];        /* [cout][cin] */
extern const int8_t w_pw_large[96 * 64];       /* [cout][cin] */
/* The fp32 3x3 and depthwise layers' weights: slices of w_fp32 here, tensors
 * of their own in the model. */
#define w_fp32_conv (&w_fp32[0])
#define w_fp32_dw (&w_fp32[16 * 9 * 8])
#endif
