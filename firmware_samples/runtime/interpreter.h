/* TF-Lite-Micro-style graph interpreter: a table of tensors and a table of
 * operators. mcusim_interp_prepare derives every tensor's lifetime from the
 * operator table and places the tensors in the arena with the greedy planner
 * (as TF-Lite Micro's AllocateTensors does); mcusim_interp_run dispatches the
 * operators at run time to the generic kernels. */
#ifndef MCUSIM_INTERPRETER_H
#define MCUSIM_INTERPRETER_H

#include <stdint.h>

#include "greedy_planner.h"
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
  int num_tensors;
  const mcusim_op_t *ops;
  int num_ops;
  int input, output;
  uint32_t arena_bytes;
  /* Planner state, num_tensors entries each (RAM). */
  mcusim_plan_request_t *requests;
  uint32_t *offsets;
  uint16_t *order;
} mcusim_graph_t;

/* Plans the arena; returns 0, or -1 if the plan needs more than arena_bytes. */
int mcusim_interp_prepare(const mcusim_graph_t *g);
/* Runs every operator in order; returns the output tensor's data. */
int8_t *mcusim_interp_run(const mcusim_graph_t *g, int8_t *arena, const uint8_t *weights);

#endif
