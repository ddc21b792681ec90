/* RTX5's two ways of finding memory for a thread created without
 * cb_mem/stack_mem (our own code, RTX 5's layouts: rtx_memory.c's
 * mem_head_t/mem_block_t and rtx_mempool.c's mp_info_t):
 *
 *  - osRtxMemoryAlloc: a first-fit list over one array (RTX_Config.c's
 *    os_mem, OS_DYNAMIC_MEM_SIZE). The array starts with a mem_head_t
 *    {size, used}; then a chain of mem_block_t {next, info} headers, each
 *    8 bytes before the memory it hands out, info = the block's length
 *    (header included, 8-byte multiple) | its type (0 stack, 1 object);
 *    the chain ends with a zero-length header at the array's last 8
 *    bytes.
 *  - osRtxMemoryPoolAlloc: fixed-size blocks (RTX_Config.c's
 *    os_thread_stack with OS_THREAD_OBJ_MEM, one OS_STACK_SIZE block per
 *    thread using the default size), the free ones linked through their
 *    first word. */
#include "rtx_memory.h"

typedef struct {
  uint32_t size, used;
} mem_head_t;
typedef struct mem_block_s {
  struct mem_block_s *next;
  uint32_t info;
} mem_block_t;
#define MB_INFO_LEN_MASK 0xFFFFFFFCu

uint32_t osRtxMemoryInit(void *mem, uint32_t size) {
  if (!mem || ((uintptr_t)mem & 7u) || (size & 7u) || size < sizeof(mem_head_t) + 2u * sizeof(mem_block_t)) return 0;
  mem_head_t *head = mem;
  head->size = size;
  head->used = sizeof(mem_head_t) + sizeof(mem_block_t);
  mem_block_t *first = (mem_block_t *)((uint8_t *)mem + sizeof(mem_head_t));
  mem_block_t *last = (mem_block_t *)((uint8_t *)mem + size - sizeof(mem_block_t));
  first->next = last;
  first->info = 0;
  last->next = NULL;
  last->info = 0;
  return 1;
}

void *osRtxMemoryAlloc(void *mem, uint32_t size, uint32_t type) {
  if (!mem || size == 0) return NULL;
  size = (size + sizeof(mem_block_t) + 7u) & ~7u;
  mem_block_t *p = (mem_block_t *)((uint8_t *)mem + sizeof(mem_head_t));
  for (;;) {
    uint32_t hole = (uint32_t)((uint8_t *)p->next - (uint8_t *)p) - (p->info & MB_INFO_LEN_MASK);
    if (hole >= size) break;
    p = p->next;
    if (!p->next) return NULL; /* the end marker: no hole big enough */
  }
  mem_block_t *block;
  if (p->info == 0) { /* the first header, unused: the block starts at it */
    block = p;
  } else {            /* split: the new block after p's */
    block = (mem_block_t *)((uint8_t *)p + (p->info & MB_INFO_LEN_MASK));
    block->next = p->next;
    p->next = block;
  }
  block->info = size | type;
  ((mem_head_t *)mem)->used += size;
  return (uint8_t *)block + sizeof(mem_block_t);
}

void osRtxMemoryPoolInit(osRtxMpInfo_t *mp, uint32_t blocks, uint32_t block_size, void *memory) {
  mp->max_blocks = blocks;
  mp->used_blocks = 0;
  mp->block_size = block_size;
  mp->block_base = memory;
  mp->block_lim = (uint8_t *)memory + blocks * block_size;
  uint8_t *b = memory;
  for (uint32_t i = 0; i + 1u < blocks; ++i, b += block_size) *(void **)b = b + block_size;
  *(void **)b = NULL;
  mp->block_free = memory;
}

void *osRtxMemoryPoolAlloc(osRtxMpInfo_t *mp) {
  void *block = mp->block_free;
  if (block) {
    mp->block_free = *(void **)block;
    mp->used_blocks++;
  }
  return block;
}
