/* Helpers for the patch-based first stage (MCUNetV2): tiles are regions of a
 * feature map, stored densely (rows of (x1 - x0) pixels). */
#ifndef MCUSIM_PATCH_H
#define MCUSIM_PATCH_H

#include <stdint.h>

#include "kernels.h"

typedef struct {
  int16_t y0, y1, x0, x1; /* half-open, in the full feature map's coordinates */
} mcusim_region_t;

#define MCUSIM_RH(r) ((r).y1 - (r).y0)
#define MCUSIM_RW(r) ((r).x1 - (r).x0)

/* Copies region r of a full map (width full_w, c channels) into a dense tile. */
void mcusim_patch_gather(const int8_t *full, int full_w, int c, mcusim_region_t r, int8_t *tile);
/* Copies a dense tile back into region r of a full map. */
void mcusim_patch_scatter(const int8_t *tile, mcusim_region_t r, int8_t *full, int full_w, int c);
/* Residual add on tiles: out (region ro) = a (sub-window of region ra) + b (region rb). */
void mcusim_patch_add(const int8_t *a, mcusim_region_t ra, const int8_t *b, mcusim_region_t rb,
                      int8_t *out, mcusim_region_t ro, int c, const mcusim_nn_add_t *p);

#endif
