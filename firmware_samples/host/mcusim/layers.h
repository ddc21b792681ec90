/* Host build of the samples: the layer markers compile to nothing (the real
 * firmware_samples/include/mcusim/layers.h writes ITM registers). */
#ifndef MCUSIM_LAYERS_H
#define MCUSIM_LAYERS_H
#include <stdint.h>
static inline void mcusim_layer_begin_macs(const char *name, uint64_t macs) { (void)name; (void)macs; }
static inline void mcusim_layer_begin(const char *name) { (void)name; }
static inline void mcusim_layer_end(const char *name) { (void)name; }
#endif
