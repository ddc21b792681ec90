/* Unicorn 2.0.1 alone: what a guest store costs under each data-page set-up
 * the public API offers (docs/speed.md, "Stores and the alignment checks").
 * A Thumb loop of four word stores (or, with a second argument, four word
 * loads) per iteration, 5 M iterations; prints process CPU time and rates.
 * Not part of the build:
 *   gcc -O2 -o /tmp/unicorn_store_paths scripts/bench/unicorn_store_paths.c -lunicorn -lmimalloc
 *   /tmp/unicorn_store_paths <set-up 0-5> [loads]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicorn/unicorn.h>

enum { kIterations = 5000000, kCodeSize = 0x400000, kDataSize = 0x100000, kFiller = 0x60000000 };
static uint8_t code_memory[kCodeSize] __attribute__((aligned(4096)));
static uint8_t data_memory[kDataSize] __attribute__((aligned(4096)));

static uint64_t device_read(uc_engine *uc, uint64_t offset, unsigned size, void *user) {
  uint32_t value = 0;
  memcpy(&value, data_memory + offset, size);
  return value;
}
static void device_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value, void *user) {
  memcpy(data_memory + offset, &value, size);
}

/* Code region (read+exec), a 1 MiB filler, the data region, filler dropped:
 * mcusim's mapping order (sim/memory_map.cpp). */
static void map_code_filler_data(uc_engine *uc, int data_from_unicorn) {
  uc_mem_map_ptr(uc, 0, kCodeSize, UC_PROT_READ | UC_PROT_EXEC, code_memory);
  uc_mem_map(uc, kFiller, 0x100000, UC_PROT_READ);
  if (data_from_unicorn) uc_mem_map(uc, 0x20000000, kDataSize, UC_PROT_READ | UC_PROT_WRITE);
  else uc_mem_map_ptr(uc, 0x20000000, kDataSize, UC_PROT_READ | UC_PROT_WRITE, data_memory);
  uc_mem_unmap(uc, kFiller, 0x100000);
}

int main(int argc, char **argv) {
  static const char *const setups[] = {
      "0: code, filler, data with uc_mem_map_ptr (mcusim)",
      "1: as 0, data with uc_mem_map",
      "2: small code region, no filler: data shares a 1 MiB chunk with code",
      "3: data as uc_mmio_map (callbacks)",
      "4: code and data in one read/write/exec region",
      "5: as 0, then uc_ctl_flush_tlb",
  };
  int setup = argc > 1 ? atoi(argv[1]) : 0;
  int loads = argc > 2;
  if (setup < 0 || setup > 5) {
    fprintf(stderr, "usage: %s <set-up 0-5> [loads]\n", argv[0]);
    return 125;
  }
  /* str r1,[r0,#0/#4/#8/#12] (or ldr r3,...); subs r2,#1; bne back; nop */
  uint16_t code[] = {0x6001, 0x6041, 0x6081, 0x60c1, 0x3a01, 0xd1f9, 0xbf00};
  if (loads) code[0] = 0x6803, code[1] = 0x6843, code[2] = 0x6883, code[3] = 0x68c3;
  memcpy(code_memory, code, sizeof code);

  uc_engine *uc;
  uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc);
  uc_ctl_set_cpu_model(uc, UC_CPU_ARM_CORTEX_M4);
  uint32_t data = 0x20000000;
  switch (setup) {
    case 0: map_code_filler_data(uc, 0); break;
    case 1: map_code_filler_data(uc, 1); break;
    case 2:
      uc_mem_map_ptr(uc, 0, 0x10000, UC_PROT_READ | UC_PROT_EXEC, code_memory);
      uc_mem_map_ptr(uc, data, kDataSize, UC_PROT_READ | UC_PROT_WRITE, data_memory);
      break;
    case 3:
      uc_mem_map_ptr(uc, 0, kCodeSize, UC_PROT_READ | UC_PROT_EXEC, code_memory);
      uc_mmio_map(uc, data, kDataSize, device_read, NULL, device_write, NULL);
      break;
    case 4:
      uc_mem_map_ptr(uc, 0, kCodeSize, UC_PROT_ALL, code_memory);
      data = 0x10000;
      break;
    case 5:
      map_code_filler_data(uc, 0);
      uc_ctl_flush_tlb(uc);
      break;
  }
  uint32_t one = 1, iterations = kIterations;
  uc_reg_write(uc, UC_ARM_REG_R0, &data);
  uc_reg_write(uc, UC_ARM_REG_R1, &one);
  uc_reg_write(uc, UC_ARM_REG_R2, &iterations);
  struct timespec begin, end;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &begin);
  uc_err err = uc_emu_start(uc, 1, 12, 0, 0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end);
  double seconds = (double)(end.tv_sec - begin.tv_sec) + (double)(end.tv_nsec - begin.tv_nsec) / 1e9;
  printf("%s, %s: %s, %.3f s CPU, %.1f MIPS, %.1f M %s/s\n", setups[setup], loads ? "loads" : "stores",
         err == UC_ERR_OK ? "ok" : uc_strerror(err), seconds, kIterations * 6.0 / seconds / 1e6,
         kIterations * 4.0 / seconds / 1e6, loads ? "loads" : "stores");
  uc_close(uc);
  return err == UC_ERR_OK ? 0 : 1;
}
