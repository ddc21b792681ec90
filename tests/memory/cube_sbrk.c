/* _sbrk as STM32CubeIDE's generated sysmem.c behaves: the break lives in a
 * static `__sbrk_heap_end`, starts at `_end` and may not pass
 * `_estack - _Min_Stack_Size`. Replaces libgloss's weak _sbrk. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

extern uint8_t _end;
extern uint8_t _estack;
extern uint32_t _Min_Stack_Size;

static uint8_t *__sbrk_heap_end = NULL;

void *_sbrk(ptrdiff_t increment) {
  const uint8_t *max_heap = &_estack - (uint32_t)(uintptr_t)&_Min_Stack_Size;
  if (__sbrk_heap_end == NULL) __sbrk_heap_end = &_end;
  if (__sbrk_heap_end + increment > max_heap) {
    errno = ENOMEM;
    return (void *)-1;
  }
  uint8_t *previous = __sbrk_heap_end;
  __sbrk_heap_end += increment;
  return previous;
}
