// Board peripheral types, as a table from the board file's "type" to a factory.
#include <fmt/format.h>

#include <functional>
#include <string_view>

#include "peripherals/devices.h"
#include "sim/errors.h"

namespace mcusim {

namespace {
struct PeripheralType {
  std::string_view type;
  std::function<std::unique_ptr<Device>(DeviceContext&, const std::string&)> make;
};
const PeripheralType kTypes[] = {
    {"cmsdk-uart", [](DeviceContext& c, const std::string& n) { return make_cmsdk_uart(c, n); }},
    {"stm32-usart", [](DeviceContext& c, const std::string& n) { return make_stm32_usart(c, n, false); }},
    {"stm32f4-usart", [](DeviceContext& c, const std::string& n) { return make_stm32_usart(c, n, true); }},
    {"stm32-flash-interface", [](DeviceContext& c, const std::string& n) { return make_stm32_flash_interface(c, n); }},
};
}  // namespace

std::unique_ptr<Device> make_board_peripheral(DeviceContext& ctx, const PeripheralSpec& spec) {
  std::string known;
  for (const PeripheralType& t : kTypes) {
    if (t.type == spec.type) return t.make(ctx, spec.name);
    known += (known.empty() ? "" : ", ") + std::string(t.type);
  }
  throw InputError(fmt::format("peripheral \"{}\": unknown type \"{}\" (known: {})", spec.name, spec.type, known));
}

}  // namespace mcusim
