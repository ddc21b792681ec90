/* Greedy-by-size arena planner, run on the device at start-up like TF-Lite
 * Micro's GreedyMemoryPlanner: buffers sorted by size (largest first, ties
 * in index order), each placed at the lowest 16-byte-aligned offset that
 * does not overlap a placed buffer whose lifetime intersects its own. The
 * generator runs the same rule (generator/planner.cpp) to size the arena. */
#ifndef MCUSIM_GREEDY_PLANNER_H
#define MCUSIM_GREEDY_PLANNER_H

#include <stdint.h>

typedef struct {
  uint32_t size;
  int16_t first, last; /* operator indices, inclusive */
} mcusim_plan_request_t;

/* Writes offsets[i] for every request; order is scratch for n entries.
 * Returns the arena size the plan needs. */
uint32_t mcusim_plan_greedy(const mcusim_plan_request_t *req, int n, uint32_t *offsets,
                            uint16_t *order);

#endif
