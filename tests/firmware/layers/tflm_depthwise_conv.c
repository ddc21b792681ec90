/* The depthwise kernel: another tflite::(anonymous namespace)::Eval. */
#include "tflm_shapes.h"
#include "kernel_work.h"

static int depthwise_eval(TfLiteContext* context, TfLiteNode* node) __asm__(TFLM_EVAL_SYMBOL);
static int depthwise_eval(TfLiteContext* context, TfLiteNode* node) {
  (void)context;
  return (int)kernel_work(node->output_offset, 128, 2);
}

TFLMRegistration Register_DEPTHWISE_CONV_2D(void) __asm__("_ZN6tflite26Register_DEPTHWISE_CONV_2DEv");
TFLMRegistration Register_DEPTHWISE_CONV_2D(void) { return (TFLMRegistration){depthwise_eval}; }
