// Board peripheral types, as a table from the board file's "type" to a factory.
#include <fmt/format.h>

#include <functional>
#include <string_view>

#include "peripherals/devices.h"
#include "peripherals/register_block.h"
#include "sim/errors.h"

namespace mcusim {

namespace {
struct PeripheralType {
  std::string_view type;
  std::function<std::unique_ptr<Device>(DeviceContext&, const PeripheralSpec&)> make;
};
const PeripheralType kTypes[] = {
    {"cmsdk-uart", [](DeviceContext& c, const PeripheralSpec& s) { return make_cmsdk_uart(c, s.name); }},
    {"stm32-usart", [](DeviceContext& c, const PeripheralSpec& s) { return make_stm32_usart(c, s.name, false); }},
    {"stm32f4-usart", [](DeviceContext& c, const PeripheralSpec& s) { return make_stm32_usart(c, s.name, true); }},
    {"stm32-flash-interface", [](DeviceContext& c, const PeripheralSpec& s) { return make_stm32_flash_interface(c, s.name); }},
    {"stm32-timer", [](DeviceContext& c, const PeripheralSpec& s) { return make_stm32_timer(c, s); }},
    {"stm32-crc", [](DeviceContext&, const PeripheralSpec& s) { return make_stm32_crc(s); }},
    {"stm32-rng", [](DeviceContext&, const PeripheralSpec& s) { return make_stm32_rng(s); }},
    {"nrf-timer", [](DeviceContext& c, const PeripheralSpec& s) { return make_nrf_timer(c, s); }},
    {"nrf-rtc", [](DeviceContext& c, const PeripheralSpec& s) { return make_nrf_rtc(c, s); }},
    {"nrf-uarte", [](DeviceContext& c, const PeripheralSpec& s) { return make_nrf_uarte(c, s); }},
    {"registers", [](DeviceContext&, const PeripheralSpec& s) -> std::unique_ptr<Device> {
       return std::make_unique<RegisterBlock>(s.model, s.name, s.resets);
     }},
};
}  // namespace

std::unique_ptr<Device> make_board_peripheral(DeviceContext& ctx, const PeripheralSpec& spec) {
  std::string known;
  for (const PeripheralType& t : kTypes) {
    if (t.type == spec.type) return t.make(ctx, spec);
    known += (known.empty() ? "" : ", ") + std::string(t.type);
  }
  throw InputError(fmt::format("peripheral \"{}\": unknown type \"{}\" (known: {})", spec.name, spec.type, known));
}

}  // namespace mcusim
