#include "sim/python/output_capture.h"

#include <cstdlib>
#include <stdexcept>

namespace mcusim::python {

namespace py = pybind11;

OutputCapture::OutputCapture(py::object callback) : callback_(std::move(callback)) {
  if (callback_.is_none()) {
    file_ = open_memstream(&buffer_, &size_);
  } else {
    if (!PyCallable_Check(callback_.ptr())) throw py::type_error("output: expected a callable taking a str, or None");
    cookie_io_functions_t io{};
    io.write = &OutputCapture::write_to_callback;
    file_ = fopencookie(this, "w", io);
    if (file_) std::setvbuf(file_, nullptr, _IOLBF, 0);  // a line at a time
  }
  if (!file_) throw std::runtime_error("cannot open a stream for the firmware's output");
}

OutputCapture::~OutputCapture() {
  if (file_) std::fclose(file_);
  std::free(buffer_);
}

ssize_t OutputCapture::write_to_callback(void* self, const char* data, size_t size) {
  auto* capture = static_cast<OutputCapture*>(self);
  if (capture->failed_) return static_cast<ssize_t>(size);
  py::gil_scoped_acquire gil;
  try {
    capture->callback_(py::reinterpret_steal<py::str>(PyUnicode_DecodeUTF8(data, static_cast<Py_ssize_t>(size), "replace")));
  } catch (py::error_already_set& e) {
    capture->failed_ = true;
    capture->callback_error_ = e.what();
  }
  return static_cast<ssize_t>(size);
}

std::string OutputCapture::finish() {
  if (file_) {
    std::fclose(file_);  // flushes: the callback may run here (GIL held by the caller)
    file_ = nullptr;
  }
  if (failed_) throw std::runtime_error("output callback raised: " + callback_error_);
  return buffer_ ? std::string(buffer_, size_) : std::string();
}

}  // namespace mcusim::python
