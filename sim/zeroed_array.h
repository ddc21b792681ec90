// A large zero-initialised array whose pages cost nothing until touched
// (anonymous mmap), and can be zeroed again cheaply: the per-halfword block
// table spans a whole code region but only the executed code's entries are used.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <new>
#include <type_traits>

namespace mcusim {

template <typename T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T>, "entries are reset by dropping pages");

 public:
  ZeroedArray() = default;
  explicit ZeroedArray(size_t count) { allocate(count); }
  ~ZeroedArray() { release(); }
  ZeroedArray(const ZeroedArray&) = delete;
  ZeroedArray& operator=(const ZeroedArray&) = delete;

  void allocate(size_t count) {
    release();
    if (count == 0) return;
    void* p = mmap(nullptr, count * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
    count_ = count;
  }
  // Every entry back to all-zero bytes; the pages are given back meanwhile.
  void clear() {
    if (data_) madvise(data_, count_ * sizeof(T), MADV_DONTNEED);
  }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  size_t size() const { return count_; }

 private:
  void release() {
    if (data_) munmap(data_, count_ * sizeof(T));
    data_ = nullptr;
    count_ = 0;
  }
  T* data_ = nullptr;
  size_t count_ = 0;
};

}  // namespace mcusim
