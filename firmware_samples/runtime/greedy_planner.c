#include "greedy_planner.h"

#define ALIGN 16u

static int live_together(const mcusim_plan_request_t *a, const mcusim_plan_request_t *b) {
  return a->first <= b->last && b->first <= a->last;
}

uint32_t mcusim_plan_greedy(const mcusim_plan_request_t *req, int n, uint32_t *offsets,
                            uint16_t *order) {
  /* Stable insertion sort by size, descending. */
  for (int i = 0; i < n; ++i) {
    int j = i;
    while (j > 0 && req[order[j - 1]].size < req[i].size) {
      order[j] = order[j - 1];
      --j;
    }
    order[j] = (uint16_t)i;
  }
  uint32_t peak = 0;
  for (int i = 0; i < n; ++i) {
    const mcusim_plan_request_t *b = &req[order[i]];
    uint32_t off = 0;
    /* Move past any placed, simultaneously live buffer overlapping [off, off + size);
     * never skips a feasible offset, so this finds the lowest one. */
    for (int moved = 1; moved;) {
      moved = 0;
      for (int j = 0; j < i; ++j) {
        const mcusim_plan_request_t *o = &req[order[j]];
        const uint32_t oo = offsets[order[j]];
        if (!live_together(b, o) || oo >= off + b->size || oo + o->size <= off) continue;
        off = (oo + o->size + ALIGN - 1u) / ALIGN * ALIGN;
        moved = 1;
      }
    }
    offsets[order[i]] = off;
    if (off + b->size > peak) peak = off + b->size;
  }
  return peak;
}
