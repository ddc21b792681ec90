// What each fuzz target does with one input, shared by the libFuzzer entry
// points (fuzz_<name>.cpp) and the regression test that replays every
// input that once failed (fuzz_regressions_test.cpp). Each returns normally
// for any input: a rejected input is an InputError / parse error, caught.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mcusim::fuzz {

void elf_input(const uint8_t* data, size_t size);          // ELF loader, symbols, DWARF lines
void board_input(const uint8_t* data, size_t size);        // board-file parser
void model_input(const uint8_t* data, size_t size);        // model description reader (generator)
void profile_input(const uint8_t* data, size_t size);      // `diff`'s profile reader and the diff itself
void semihosting_input(const uint8_t* data, size_t size);  // semihosting calls on random guest memory
void tflite_input(const uint8_t* data, size_t size);       // TF-Lite model flatbuffer reader (operator facts)

}  // namespace mcusim::fuzz
