/* Tries to reach host files outside --semihosting-root: `..`, an absolute
 * path (argv[1], the directory next to the root), symbolic links the test
 * puts inside the root (to a directory and a file outside, and a dangling
 * one), an embedded NUL; through open, rename and remove. Prints one line
 * per attempt: "<what>: ok" or "<what>: denied". */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "semihost.h"

static void try_open(const char *name, uint32_t mode) {
  uint32_t h = sh_open(name, strlen(name), mode);
  printf("open %s (mode %lu): %s\n", name, (unsigned long)mode, h == 0xFFFFFFFFu ? "denied" : "ok");
  if (h != 0xFFFFFFFFu) {
    char buf[64] = {0};
    if (mode < 4 && sh_transfer(SH_READ, h, (uint32_t)(uintptr_t)buf, sizeof buf - 1) != sizeof buf - 1)
      printf("  read: %s\n", buf);
    sh_call(SH_CLOSE, &h);
  }
}

int main(int argc, char **argv) {
  char absolute[512];
  snprintf(absolute, sizeof absolute, "%s/secret.txt", argc > 1 ? argv[1] : "/nonexistent");
  try_open("inside.txt", 0);             /* control: allowed */
  try_open("../outside/secret.txt", 0);
  try_open("sub/../../outside/secret.txt", 0);
  try_open(absolute, 0);                  /* taken as relative to the root */
  try_open("link_dir/secret.txt", 0);
  try_open("link_file", 0);
  try_open("link_file", 4);
  try_open("dangling", 4);                /* would create outside/created.txt */
  try_open("../outside/created.txt", 4);
  try_open("sub/../../outside/secret.txt", 8);
  static const char with_nul[] = "inside.txt\0/../../outside/secret.txt";
  uint32_t h = sh_open(with_nul, sizeof with_nul - 1, 0);
  printf("open with NUL: %s\n", h == 0xFFFFFFFFu ? "denied" : "ok");
  static const char from[] = "inside.txt", to[] = "../outside/moved.txt";
  uint32_t rename_block[4] = {(uint32_t)(uintptr_t)from, sizeof from - 1, (uint32_t)(uintptr_t)to, sizeof to - 1};
  printf("rename inside.txt ../outside/moved.txt: %s\n", sh_call(SH_RENAME, rename_block) ? "denied" : "ok");
  static const char victim[] = "../outside/secret.txt";
  uint32_t remove_block[2] = {(uint32_t)(uintptr_t)victim, sizeof victim - 1};
  printf("remove ../outside/secret.txt: %s\n", sh_call(SH_REMOVE, remove_block) ? "denied" : "ok");
  static const char link[] = "link_file";
  uint32_t remove_link[2] = {(uint32_t)(uintptr_t)link, sizeof link - 1};
  printf("remove link_file: %s\n", sh_call(SH_REMOVE, remove_link) ? "denied" : "ok");
  return 0;
}
