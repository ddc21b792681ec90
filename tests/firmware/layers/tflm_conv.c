/* TF-Lite Micro's shape: a kernel's entry point is `Eval` in an anonymous
 * namespace (tflite::(anonymous namespace)::Eval), the same symbol in several
 * files, reached only through its registration. C with asm labels gives the
 * same (local) mangled symbols as the C++ would. */
#include "tflm_shapes.h"
#include "kernel_work.h"

static int conv_eval(TfLiteContext* context, TfLiteNode* node) __asm__(TFLM_EVAL_SYMBOL);
static int conv_eval(TfLiteContext* context, TfLiteNode* node) {
  (void)context;
  return (int)kernel_work(node->output_offset, 256, 3);
}

TFLMRegistration Register_CONV_2D(void) __asm__("_ZN6tflite16Register_CONV_2DEv");
TFLMRegistration Register_CONV_2D(void) { return (TFLMRegistration){conv_eval}; }
