/* Raw semihosting calls (BKPT 0xAB), bypassing newlib, so the hostile
 * programs can hand mcusim exactly the parameter blocks they want. */
#pragma once
#include <stdint.h>

enum { SH_OPEN = 0x01, SH_CLOSE = 0x02, SH_WRITE = 0x05, SH_READ = 0x06, SH_REMOVE = 0x0E, SH_RENAME = 0x0F,
       SH_ERRNO = 0x13 };

static inline uint32_t sh_call(uint32_t op, const void *arg) {
  register uint32_t r0 __asm("r0") = op;
  register const void *r1 __asm("r1") = arg;
  __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static inline uint32_t sh_open(const char *name, uint32_t length, uint32_t mode) {
  uint32_t block[3] = {(uint32_t)(uintptr_t)name, mode, length};
  return sh_call(SH_OPEN, block);
}

static inline uint32_t sh_transfer(uint32_t op, uint32_t handle, uint32_t buffer, uint32_t length) {
  uint32_t block[3] = {handle, buffer, length};
  return sh_call(op, block);
}
