/* TF-Lite-Micro-style graph interpreter: a table of tensors (offsets in one
 * arena, placed by the generator's greedy planner) and a table of operators
 * dispatched at run time to the generic kernels. */
#ifndef MCUSIM_INTERPRETER_H
#define MCUSIM_INTERPRETER_H

#include <stdint.h>

#include "kernels.h"

enum {
  MCUSIM_OP_CONV,
  MCUSIM_OP_POINTWISE,
  MCUSIM_OP_DEPTHWISE,
  MCUSIM_OP_ADD,
  MCUSIM_OP_AVGPOOL,
  MCUSIM_OP_LINEAR
};

typedef struct {
  uint32_t offset; /* in the arena */
  uint16_t h, w, c;
} mcusim_tensor_t;

typedef struct {
  const char *name;
  uint32_t macs;
  uint8_t type, k, stride, pad;
  uint16_t in, in2, out;
  uint32_t w, bias, mult, shift; /* weight blob offsets */
  mcusim_nn_quant_t q;
  const mcusim_nn_add_t *add;
} mcusim_op_t;

typedef struct {
  const mcusim_tensor_t *tensors;
  const mcusim_op_t *ops;
  int num_ops;
  int input, output;
} mcusim_graph_t;

/* Runs every operator in order; returns the output tensor's data. */
int8_t *mcusim_interp_run(const mcusim_graph_t *g, int8_t *arena, const uint8_t *weights);

#endif
