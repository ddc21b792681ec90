/* Code in RAM, as STM32Cube projects place it: a function in `.RamFunc`
 * (linked into .data, copied from Flash by the start-up code with the rest of
 * .data), and a function copied into a RAM buffer at run time and called
 * through a pointer, then overwritten with another function and called again
 * (a flash-programming routine or an overlay loader reusing its buffer: the
 * simulator must drop what it translated from the old bytes). Each must
 * compute what the same code in Flash does.
 * Addresses are checked, not printed, so QEMU and mcusim print the same. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CHECKSUM_BODY                                      \
  uint32_t h = 2166136261u;                                \
  for (uint32_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u; \
  return h;

__attribute__((section(".RamFunc"), noinline)) uint32_t ram_checksum(const uint8_t* p, uint32_t n) { CHECKSUM_BODY }
__attribute__((noinline)) uint32_t flash_checksum(const uint8_t* p, uint32_t n) { CHECKSUM_BODY }

/* Position-independent leaf code (no literal pool, no calls): copied as bytes. */
__attribute__((noinline, aligned(4))) uint32_t mix(uint32_t a, uint32_t b) { return (a * 33u) ^ (b + 7u); }
__attribute__((noinline)) void mix_end(void) {}
__attribute__((noinline, aligned(4))) uint32_t mix2(uint32_t a, uint32_t b) { return (a + 5u) * (b | 1u); }
__attribute__((noinline)) void mix2_end(void) {}

typedef uint32_t (*mix_fn)(uint32_t, uint32_t);

static uint16_t code_buffer[64] __attribute__((aligned(8)));

/* Copies a leaf function's bytes into code_buffer; returns it as a Thumb pointer. */
static mix_fn copy_to_buffer(mix_fn fn, void (*fn_end)(void)) {
  uintptr_t start = (uintptr_t)fn & ~(uintptr_t)1, end = (uintptr_t)fn_end & ~(uintptr_t)1;
  size_t bytes = end > start && end - start <= sizeof code_buffer ? end - start : sizeof code_buffer;
  memcpy(code_buffer, (const void*)start, bytes);
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  return (mix_fn)((uintptr_t)code_buffer | 1u);
}

/* Calls the copy and the original 50 times each, chaining their results;
 * prints whether they agree. */
static int runs_like(const char* what, mix_fn copy, mix_fn original) {
  uint32_t sum = 0, expected = 0;
  for (uint32_t i = 0; i < 50; i++) {
    sum += copy(i, sum);
    expected += original(i, expected);
  }
  printf("%s %s (%08lx)\n", what, sum == expected ? "matches" : "DIFFERS", (unsigned long)sum);
  return sum == expected;
}

static int in_ram(uintptr_t address) { return address >= 0x20000000u && address < 0x40000000u; }

int main(void) {
  uint8_t data[300];
  for (uint32_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 7u + 3u);
  uint32_t in_flash = flash_checksum(data, sizeof data);
  uint32_t from_ram = ram_checksum(data, sizeof data);
  printf("RamFunc checksum %s (%08lx)\n", from_ram == in_flash ? "matches" : "DIFFERS", (unsigned long)from_ram);
  if (!in_ram((uintptr_t)ram_checksum)) {
    printf("ram_checksum is not in RAM\n");
    return 2;
  }

  int copied_ok = runs_like("copied code", copy_to_buffer(mix, mix_end), mix);
  /* The same buffer, other code: the old translation must not run again. */
  int rewritten_ok = runs_like("rewritten code", copy_to_buffer(mix2, mix2_end), mix2);
  return copied_ok && rewritten_ok && from_ram == in_flash ? 0 : 1;
}
