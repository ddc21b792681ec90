/* The few TF-Lite Micro shapes the interpreter-loop test firmware needs. */
#ifndef TFLM_SHAPES_H
#define TFLM_SHAPES_H
#include <stdint.h>

typedef struct { int unused; } TfLiteContext;
typedef struct { uint32_t output_offset; } TfLiteNode;
typedef struct { int (*invoke)(TfLiteContext*, TfLiteNode*); } TFLMRegistration;

#define TFLM_EVAL_SYMBOL "_ZN6tflite12_GLOBAL__N_14EvalEP13TfLiteContextP10TfLiteNode"

TFLMRegistration Register_CONV_2D(void) __asm__("_ZN6tflite16Register_CONV_2DEv");
TFLMRegistration Register_DEPTHWISE_CONV_2D(void) __asm__("_ZN6tflite26Register_DEPTHWISE_CONV_2DEv");
TFLMRegistration Register_FULLY_CONNECTED(void) __asm__("_ZN6tflite24Register_FULLY_CONNECTEDEv");
#endif
