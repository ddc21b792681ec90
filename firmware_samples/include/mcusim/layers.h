/* mcusim layer markers: header-only, include from firmware.
 *
 * Marks the start and end of a network layer (or any region of interest) so
 * mcusim can attribute cycles, instructions, MACs and memory to it. The
 * markers are ITM stimulus-port writes, so the same firmware runs unchanged
 * on hardware (a trace probe sees them; without one ITM is disabled and the
 * markers cost a few cycles) and on QEMU (ITM reads as disabled there).
 *
 * Protocol (stimulus ports; documented in docs/layer-markers.md):
 *   port 25 <- low 32 bits of the layer's MAC count  (before BEGIN; optional)
 *   port 26 <- high 32 bits of the MAC count          (before BEGIN; optional)
 *   port 24 <- address of the NUL-terminated layer name: BEGIN
 *   port 27 <- address of the same name (or 0):          END
 */
#ifndef MCUSIM_LAYERS_H
#define MCUSIM_LAYERS_H

#include <stdint.h>

#define MCUSIM_ITM_BASE 0xE0000000u
#define MCUSIM_ITM_PORT_LAYER_BEGIN 24u
#define MCUSIM_ITM_PORT_LAYER_MACS_LO 25u
#define MCUSIM_ITM_PORT_LAYER_MACS_HI 26u
#define MCUSIM_ITM_PORT_LAYER_END 27u

#define MCUSIM_ITM_STIM(port) (*(volatile uint32_t *)(MCUSIM_ITM_BASE + 4u * (port)))
#define MCUSIM_ITM_TER (*(volatile uint32_t *)(MCUSIM_ITM_BASE + 0xE00u))
#define MCUSIM_ITM_TCR (*(volatile uint32_t *)(MCUSIM_ITM_BASE + 0xE80u))

static inline int mcusim_itm_port_enabled(uint32_t port) {
  return (MCUSIM_ITM_TCR & 1u) && (MCUSIM_ITM_TER & (1u << port));
}

static inline void mcusim_itm_write(uint32_t port, uint32_t value) {
  if (!mcusim_itm_port_enabled(port)) return;
  /* A stimulus port reads 1 when its FIFO can take another word. */
  while ((MCUSIM_ITM_STIM(port) & 1u) == 0u) {
  }
  MCUSIM_ITM_STIM(port) = value;
}

static inline void mcusim_layer_begin_macs(const char *name, uint64_t macs) {
  mcusim_itm_write(MCUSIM_ITM_PORT_LAYER_MACS_LO, (uint32_t)macs);
  mcusim_itm_write(MCUSIM_ITM_PORT_LAYER_MACS_HI, (uint32_t)(macs >> 32));
  mcusim_itm_write(MCUSIM_ITM_PORT_LAYER_BEGIN, (uint32_t)(uintptr_t)name);
}

static inline void mcusim_layer_begin(const char *name) { mcusim_layer_begin_macs(name, 0); }

static inline void mcusim_layer_end(const char *name) {
  mcusim_itm_write(MCUSIM_ITM_PORT_LAYER_END, (uint32_t)(uintptr_t)name);
}

#endif /* MCUSIM_LAYERS_H */
