#include "interpreter.h"

#include "mcusim/layers.h"

#if defined(MCUSIM_INTERP_STATS)
/* Debug aid for the host build: per-layer output statistics, to check that
 * the generated quantisation keeps activations away from saturation. */
#include <stdio.h>
static void print_stats(const mcusim_op_t *op, const int8_t *out, int n) {
  int sat = 0, lo = 127, hi = -128;
  long sum = 0;
  for (int i = 0; i < n; ++i) {
    sat += out[i] == 127 || out[i] == -128;
    lo = out[i] < lo ? out[i] : lo;
    hi = out[i] > hi ? out[i] : hi;
    sum += out[i];
  }
  fprintf(stderr, "%-20s n=%7d min=%4d max=%4d mean=%7.2f saturated=%5.1f%%\n", op->name, n, lo, hi,
          (double)sum / n, 100.0 * sat / n);
}
#endif

int mcusim_interp_prepare(const mcusim_graph_t *g) {
  static const char name[] = "interp.plan";
  mcusim_layer_begin(name);
  for (int t = 0; t < g->num_tensors; ++t) {
    g->requests[t].size = (uint32_t)g->tensors[t].h * g->tensors[t].w * g->tensors[t].c;
    g->requests[t].first = t == g->input ? 0 : (int16_t)g->num_ops;
    g->requests[t].last = t == g->output ? (int16_t)(g->num_ops - 1) : -1;
  }
  for (int i = 0; i < g->num_ops; ++i) {
    const mcusim_op_t *op = &g->ops[i];
    mcusim_plan_request_t *out = &g->requests[op->out];
    if (out->first > i) out->first = (int16_t)i;
    if (out->last < i) out->last = (int16_t)i;
    if (g->requests[op->in].last < i) g->requests[op->in].last = (int16_t)i;
    if (op->type == MCUSIM_OP_ADD && g->requests[op->in2].last < i) g->requests[op->in2].last = (int16_t)i;
  }
  const uint32_t peak = mcusim_plan_greedy(g->requests, g->num_tensors, g->offsets, g->order);
  mcusim_layer_end(name);
  return peak <= g->arena_bytes ? 0 : -1;
}

int8_t *mcusim_interp_run(const mcusim_graph_t *g, int8_t *arena, const uint8_t *weights) {
  for (int i = 0; i < g->num_ops; ++i) {
    const mcusim_op_t *op = &g->ops[i];
    const mcusim_tensor_t *ti = &g->tensors[op->in], *to = &g->tensors[op->out];
    int8_t *in = arena + g->offsets[op->in], *out = arena + g->offsets[op->out];
    const int8_t *w = (const int8_t *)(weights + op->w);
    const mcusim_nn_channel_t ch = {(const int32_t *)(const void *)(weights + op->bias),
                                    (const int32_t *)(const void *)(weights + op->mult),
                                    (const int32_t *)(const void *)(weights + op->shift)};
    mcusim_layer_begin_macs(op->name, op->macs);
    switch (op->type) {
      case MCUSIM_OP_CONV:
        mcusim_nn_conv2d(in, ti->h, ti->w, ti->c, w, ch, out, to->h, to->w, to->c, op->k,
                         op->stride, op->pad, op->pad, &op->q);
        break;
      case MCUSIM_OP_POINTWISE:
        mcusim_nn_pointwise(in, ti->h * ti->w, ti->c, w, ch, out, to->c, &op->q);
        break;
      case MCUSIM_OP_DEPTHWISE:
        mcusim_nn_depthwise(in, ti->h, ti->w, ti->c, w, ch, out, to->h, to->w, op->k, op->stride,
                            op->pad, op->pad, &op->q);
        break;
      case MCUSIM_OP_ADD:
        mcusim_nn_add(in, arena + g->offsets[op->in2], out, to->h * to->w * to->c, op->add);
        break;
      case MCUSIM_OP_AVGPOOL:
        mcusim_nn_avgpool(in, ti->h * ti->w, ti->c, out, op->q.act_min, op->q.act_max);
        break;
      case MCUSIM_OP_LINEAR:
        mcusim_nn_fully_connected(in, ti->h * ti->w * ti->c, w, ch.bias, ch.multiplier[0],
                                  ch.shift[0], out, to->c, &op->q);
        break;
      default:
        break;
    }
    mcusim_layer_end(op->name);
#if defined(MCUSIM_INTERP_STATS)
    print_stats(op, out, to->h * to->w * to->c);
#endif
  }
  return arena + g->offsets[g->output];
}
