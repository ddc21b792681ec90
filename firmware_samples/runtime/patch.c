#include "patch.h"

#include <string.h>

void mcusim_patch_gather(const int8_t *full, int full_w, int c, mcusim_region_t r, int8_t *tile) {
  const int row = MCUSIM_RW(r) * c;
  for (int y = r.y0; y < r.y1; ++y, tile += row)
    memcpy(tile, full + (y * full_w + r.x0) * c, (size_t)row);
}

void mcusim_patch_scatter(const int8_t *tile, mcusim_region_t r, int8_t *full, int full_w, int c) {
  const int row = MCUSIM_RW(r) * c;
  for (int y = r.y0; y < r.y1; ++y, tile += row)
    memcpy(full + (y * full_w + r.x0) * c, tile, (size_t)row);
}

static const int8_t *at(const int8_t *t, mcusim_region_t r, int y, int x, int c) {
  return t + ((y - r.y0) * MCUSIM_RW(r) + (x - r.x0)) * c;
}

void mcusim_patch_add(const int8_t *a, mcusim_region_t ra, const int8_t *b, mcusim_region_t rb,
                      int8_t *out, mcusim_region_t ro, int c, const mcusim_nn_add_t *p) {
  for (int y = ro.y0; y < ro.y1; ++y)
    mcusim_nn_add(at(a, ra, y, ro.x0, c), at(b, rb, y, ro.x0, c),
                  (int8_t *)at(out, ro, y, ro.x0, c), MCUSIM_RW(ro) * c, p);
}
