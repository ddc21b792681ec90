// A bounds-checked reader of the FlatBuffers wire format, for the few tables
// mcusim reads from a TF-Lite model (profiler/tflite_model.h).
//
// Wire format (flatbuffers.dev, "FlatBuffers internals"): little-endian; the
// buffer starts with a uoffset (u32) to the root table and an optional
// 4-byte file identifier. A table starts with an soffset (i32): the table
// minus it is its vtable, whose u16 entries are the vtable's size, the
// table's size, then one offset per field from the table's start (0: field
// absent, take its default). A reference field holds a uoffset relative to
// where it is stored; a vector is a u32 length and its elements; a string a
// u32 length and its bytes.
//
// The bytes come from a firmware image, so nothing is trusted: every read is
// checked against the buffer and a bad offset throws FlatbufferError.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mcusim {

struct FlatbufferError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FlatbufferReader {
 public:
  explicit FlatbufferReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  struct Table {
    uint32_t position = 0;
    uint32_t vtable = 0;
    uint16_t vtable_size = 0;
  };
  struct Vector {
    uint32_t first = 0;  // position of element 0
    uint32_t length = 0;
  };

  Table root() const { return table_at(reference(0)); }
  std::string_view identifier() const;  // bytes 4..8, "" when the buffer is shorter

  // Field `index` (0-based, in schema order) of `table`; nullopt when absent.
  template <typename T>
  std::optional<T> scalar(const Table& table, uint32_t index) const {
    auto at = field(table, index, sizeof(T));
    if (!at) return std::nullopt;
    return read<T>(*at);
  }
  std::optional<Table> table(const Table& table, uint32_t index) const;
  std::optional<Vector> vector(const Table& table, uint32_t index, uint32_t element_size) const;
  std::optional<std::string_view> string(const Table& table, uint32_t index) const;

  // Element i of a vector of tables / of 4-byte scalars.
  Table table_element(const Vector& v, uint32_t i) const;
  int32_t int32_element(const Vector& v, uint32_t i) const;

  template <typename T>
  T read(uint64_t position) const {
    check(position, sizeof(T));
    T value{};
    for (size_t i = 0; i < sizeof(T); ++i)
      value = static_cast<T>(value | static_cast<T>(static_cast<uint64_t>(bytes_[position + i]) << (8 * i)));
    return value;
  }

 private:
  void check(uint64_t position, uint64_t length) const;
  uint32_t reference(uint64_t position) const;  // follows the uoffset stored at position
  Table table_at(uint32_t position) const;
  std::optional<uint32_t> field(const Table& table, uint32_t index, uint32_t size) const;
  Vector vector_at(uint32_t position, uint32_t element_size) const;

  std::span<const uint8_t> bytes_;
};

}  // namespace mcusim
