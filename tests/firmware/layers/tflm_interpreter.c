/* An interpreter with TF-Lite Micro's dispatch structure and symbol names:
 * tflite::MicroInterpreterGraph::InvokeSubgraph runs the operators in order,
 * calling each registration's invoke through a pointer between two direct
 * profiler calls (which are not layers). SysTick interrupts arrive both
 * inside kernels and between them. main runs two inferences of the model in
 * tflm_model_data.c (its operators: conv, depthwise conv, conv, fully
 * connected), whose flatbuffer it reads as tflite::GetModel does.
 *
 * Built with -DPROFILER_TICKS (layers_tflm_ticks), the profiler calls measure
 * each operator with the DWT cycle counter as TF-Lite Micro's MicroProfiler
 * does, main prints the figures on ITM port 0 ("ticks N" per operator call),
 * and SysTick stays off so that no interrupt falls between a profiler call
 * and the operator call it measures. */
#include "test_hw.h"
#include "tflm_shapes.h"
#include "kernel_work.h"

uint8_t tensor_arena[4096];
static volatile uint32_t ticks;

void SysTick_Handler(void) { ticks++; }

static int fc_eval(TfLiteContext* context, TfLiteNode* node)
    __asm__("_ZN6tflite12_GLOBAL__N_113EvalQuantizedEP13TfLiteContextP10TfLiteNode");
static int fc_eval(TfLiteContext* context, TfLiteNode* node) {
  (void)context;
  return (int)kernel_work(node->output_offset, 64, 5);
}
TFLMRegistration Register_FULLY_CONNECTED(void) { return (TFLMRegistration){fc_eval}; }

#define MAX_OPS 8
#ifndef INFERENCES
#define INFERENCES 2 /* layers_tflm_many: 170, as many layers (680) as a 22-inference, 31-operator benchmark */
#endif

#ifdef PROFILER_TICKS
#define DWT_CTRL REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)
#define DEMCR REG32(0xE000EDFCu)
#define ITM_STIM8_0 (*(volatile uint8_t*)(uintptr_t)0xE0000000u)
static uint32_t event_start, events;
static uint32_t op_ticks[INFERENCES * MAX_OPS];
static void itm_print_ticks(uint32_t v) {
  char digits[10];
  int n = 0;
  do digits[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  for (const char* s = "ticks "; *s; s++) ITM_STIM8_0 = (uint8_t)*s;
  while (n) ITM_STIM8_0 = (uint8_t)digits[--n];
  ITM_STIM8_0 = '\n';
}
#endif

__attribute__((noinline)) uint32_t profiler_begin(const char* tag) __asm__("_ZN6tflite13MicroProfiler10BeginEventEPKc");
__attribute__((noinline)) uint32_t profiler_begin(const char* tag) {
#ifdef PROFILER_TICKS
  event_start = DWT_CYCCNT;
#endif
  return (uint32_t)(uintptr_t)tag + ticks;
}
__attribute__((noinline)) void profiler_end(uint32_t handle) __asm__("_ZN6tflite13MicroProfiler8EndEventEj");
__attribute__((noinline)) void profiler_end(uint32_t handle) {
#ifdef PROFILER_TICKS
  uint32_t now = DWT_CYCCNT;
  if (events < INFERENCES * MAX_OPS) op_ticks[events++] = now - event_start;
#endif
  tensor_arena[4095] = (uint8_t)handle;
}
static TFLMRegistration registrations[MAX_OPS];
static TfLiteNode nodes[MAX_OPS];
static volatile uint32_t operator_count;
static TfLiteContext context;

__attribute__((noinline)) int invoke_subgraph(void* self, int subgraph) __asm__("_ZN6tflite21MicroInterpreterGraph14InvokeSubgraphEi");
__attribute__((noinline)) int invoke_subgraph(void* self, int subgraph) {
  (void)self;
  int status = 0;
  for (uint32_t i = 0; i < operator_count; i++) {
    uint32_t event = profiler_begin("op");
    status |= registrations[i].invoke(&context, &nodes[i]) & 0x100;
    profiler_end(event);
  }
  return status + subgraph;
}

extern const unsigned char g_model[];
__attribute__((noinline)) const void* get_model(const void* buffer) __asm__("_ZN6tflite8GetModelEPKv");
__attribute__((noinline)) const void* get_model(const void* buffer) {
  const unsigned char* b = buffer;
  return b + (b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24); /* the root table */
}

int main(void) {
  static const void* volatile model_root;
  model_root = get_model(g_model);
  (void)model_root;
  /* conv, depthwise, conv, fully connected */
  TFLMRegistration (*model[])(void) = {Register_CONV_2D, Register_DEPTHWISE_CONV_2D, Register_CONV_2D, Register_FULLY_CONNECTED};
  operator_count = sizeof model / sizeof model[0];
  for (uint32_t i = 0; i < operator_count; i++) {
    registrations[i] = model[i]();
    nodes[i].output_offset = 512 * i;
  }
  static volatile int status;
#ifdef PROFILER_TICKS
  DEMCR |= 1u << 24; /* TRCENA */
  DWT_CTRL |= 1u;    /* CYCCNTENA */
  for (int inference = 0; inference < INFERENCES; inference++) status = invoke_subgraph(0, 0);
  for (uint32_t i = 0; i < events; i++) itm_print_ticks(op_ticks[i]);
  return 0;
#else
  SYST_RVR = 997;
  SYST_CVR = 0;
  SYST_CSR = 7; /* processor clock, interrupt, enable */
  for (int inference = 0; inference < INFERENCES; inference++) status = invoke_subgraph(0, 0);
  (void)status;
  SYST_CSR = 0;
  return ticks > 0 ? 0 : 1;
#endif
}
