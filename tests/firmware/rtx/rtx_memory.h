/* RTX5's dynamic memory and fixed-size memory pools (rtx_memory.c). */
#ifndef RTX_MEMORY_H_
#define RTX_MEMORY_H_

#include <stddef.h>
#include <stdint.h>

typedef struct { /* rtx_os.h's osRtxMpInfo_t */
  uint32_t max_blocks, used_blocks, block_size;
  void *block_base, *block_lim, *block_free;
} osRtxMpInfo_t;

uint32_t osRtxMemoryInit(void *mem, uint32_t size);
void *osRtxMemoryAlloc(void *mem, uint32_t size, uint32_t type);
void osRtxMemoryPoolInit(osRtxMpInfo_t *mp, uint32_t blocks, uint32_t block_size, void *memory);
void *osRtxMemoryPoolAlloc(osRtxMpInfo_t *mp);

#endif
