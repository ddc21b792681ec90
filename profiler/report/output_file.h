// Opening a report's output file: "-" is stdout; failures are InputErrors.
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace mcusim {

// Calls write(stream) on the opened file (or std::cout for "-"), then checks
// the stream. Throws InputError "<path>: cannot open for writing" / "write failed".
void write_output_file(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace mcusim
