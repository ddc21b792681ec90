// A FILE* for RunOptions::firmware_out / messages that does not print:
// either collects the text (open_memstream) or hands each line to a Python
// callable (fopencookie), taking the GIL only for that call, so the
// simulation itself runs without it.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdio>
#include <string>

namespace mcusim::python {

class OutputCapture {
 public:
  // `callback`: None to collect, or a callable taking one str.
  explicit OutputCapture(pybind11::object callback = pybind11::none());
  ~OutputCapture();
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

  std::FILE* file() const { return file_; }
  // Closes the stream; the collected text ("" when streamed to a callback).
  // Call with the GIL held. Re-raises an exception the callback raised.
  std::string finish();

 private:
  static ssize_t write_to_callback(void* self, const char* data, size_t size);
  pybind11::object callback_;
  std::FILE* file_ = nullptr;
  char* buffer_ = nullptr;
  size_t size_ = 0;
  std::string callback_error_;  // the first exception the callback raised
  bool failed_ = false;
};

}  // namespace mcusim::python
