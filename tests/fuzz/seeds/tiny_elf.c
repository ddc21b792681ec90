// A small ELF seed for the elf fuzz target (scripts/fuzz.sh builds it with
// -g and no C library): a vector table, a few functions with line tables,
// an inlined helper and static data, so each mutation of a few KiB reaches
// the program headers, the symbol table and DWARF (lines, inlines, ranges)
// instead of spending the fuzzer's time in 400 KiB of newlib debug info.
#include <stdint.h>

static uint32_t table[8] = {1, 2, 3, 4, 5, 6, 7, 8};
uint32_t counter;

static inline __attribute__((always_inline)) uint32_t mix(uint32_t a, uint32_t b) { return (a << 3) ^ (b >> 1); }

__attribute__((noinline)) uint32_t sum_table(uint32_t n) {
  uint32_t s = 0;
  for (uint32_t i = 0; i < n && i < 8; ++i) s = mix(s, table[i]);
  return s;
}

__attribute__((noinline)) void count(void) { ++counter; }

void Reset_Handler(void) {
  for (;;) {
    count();
    if (sum_table(counter) == 0) break;
  }
  for (;;) {
  }
}

extern uint32_t __stack_top;
__attribute__((section(".isr_vector"), used)) const void* const vectors[] = {&__stack_top, (const void*)Reset_Handler};
