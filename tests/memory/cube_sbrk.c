/* _sbrk as STM32CubeIDE's generated sysmem.c behaves: the break lives in a
 * static `__sbrk_heap_end`, starts at `_end` and may not pass
 * `_estack - _Min_Stack_Size`. Replaces libgloss's weak _sbrk.
 * -DSBRK_BREAK=name renames the variable: an _sbrk mcusim does not know,
 * whose heap it must then find from malloc's own counter. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

extern uint8_t _end;
extern uint8_t _estack;
extern uint32_t _Min_Stack_Size;

#ifndef SBRK_BREAK
#define SBRK_BREAK __sbrk_heap_end
#endif

static uint8_t *SBRK_BREAK = NULL;

void *_sbrk(ptrdiff_t increment) {
  const uint8_t *max_heap = &_estack - (uint32_t)(uintptr_t)&_Min_Stack_Size;
  if (SBRK_BREAK == NULL) SBRK_BREAK = &_end;
  if (SBRK_BREAK + increment > max_heap) {
    errno = ENOMEM;
    return (void *)-1;
  }
  uint8_t *previous = SBRK_BREAK;
  SBRK_BREAK += increment;
  return previous;
}
