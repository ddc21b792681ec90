#include "profiler/flatbuffer_reader.h"

#include <fmt/format.h>

namespace mcusim {

void FlatbufferReader::check(uint64_t position, uint64_t length) const {
  if (position > bytes_.size() || length > bytes_.size() - position)
    throw FlatbufferError(fmt::format("offset {} (+{}) is outside the {}-byte buffer", position, length, bytes_.size()));
}

std::string_view FlatbufferReader::identifier() const {
  if (bytes_.size() < 8) return {};
  return {reinterpret_cast<const char*>(bytes_.data()) + 4, 4};
}

uint32_t FlatbufferReader::reference(uint64_t position) const {
  uint64_t target = position + read<uint32_t>(position);
  check(target, 0);
  return static_cast<uint32_t>(target);
}

FlatbufferReader::Table FlatbufferReader::table_at(uint32_t position) const {
  int64_t vtable = static_cast<int64_t>(position) - read<int32_t>(position);
  if (vtable < 0 || static_cast<uint64_t>(vtable) >= bytes_.size())
    throw FlatbufferError(fmt::format("table at {} has its vtable outside the buffer", position));
  Table t;
  t.position = position;
  t.vtable = static_cast<uint32_t>(vtable);
  t.vtable_size = read<uint16_t>(t.vtable);
  if (t.vtable_size < 4 || t.vtable_size % 2) throw FlatbufferError(fmt::format("vtable at {} has size {}", t.vtable, t.vtable_size));
  check(t.vtable, t.vtable_size);
  return t;
}

std::optional<uint32_t> FlatbufferReader::field(const Table& table, uint32_t index, uint32_t size) const {
  uint64_t entry = 4 + 2ull * index;
  if (entry + 2 > table.vtable_size) return std::nullopt;  // written by an older schema: the default
  uint16_t offset = read<uint16_t>(table.vtable + entry);
  if (!offset) return std::nullopt;
  uint64_t at = uint64_t{table.position} + offset;
  check(at, size);
  return static_cast<uint32_t>(at);
}

std::optional<FlatbufferReader::Table> FlatbufferReader::table(const Table& t, uint32_t index) const {
  auto at = field(t, index, 4);
  if (!at) return std::nullopt;
  return table_at(reference(*at));
}

FlatbufferReader::Vector FlatbufferReader::vector_at(uint32_t position, uint32_t element_size) const {
  Vector v;
  v.length = read<uint32_t>(position);
  v.first = position + 4;
  check(v.first, uint64_t{v.length} * element_size);
  return v;
}

std::optional<FlatbufferReader::Vector> FlatbufferReader::vector(const Table& t, uint32_t index, uint32_t element_size) const {
  auto at = field(t, index, 4);
  if (!at) return std::nullopt;
  return vector_at(reference(*at), element_size);
}

std::optional<std::string_view> FlatbufferReader::string(const Table& t, uint32_t index) const {
  auto v = vector(t, index, 1);
  if (!v) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(bytes_.data()) + v->first, v->length);
}

FlatbufferReader::Table FlatbufferReader::table_element(const Vector& v, uint32_t i) const {
  if (i >= v.length) throw FlatbufferError(fmt::format("element {} of a {}-element vector", i, v.length));
  return table_at(reference(uint64_t{v.first} + 4ull * i));
}

int32_t FlatbufferReader::int32_element(const Vector& v, uint32_t i) const {
  if (i >= v.length) throw FlatbufferError(fmt::format("element {} of a {}-element vector", i, v.length));
  return read<int32_t>(uint64_t{v.first} + 4ull * i);
}

}  // namespace mcusim
