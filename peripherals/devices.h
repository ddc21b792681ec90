// Factories for every device mcusim models; a board names them by type.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "peripherals/device.h"
#include "sim/board.h"

namespace mcusim {

// Receives ITM stimulus-port writes other than text on port 0 (layer markers).
class ItmListener {
 public:
  virtual ~ItmListener() = default;
  virtual void on_stimulus(uint32_t port, uint32_t value) = 0;
};

std::unique_ptr<Device> make_cmsdk_uart(DeviceContext& ctx, std::string name);
std::unique_ptr<Device> make_stm32_usart(DeviceContext& ctx, std::string name, bool f4_layout);
std::unique_ptr<Device> make_stm32_flash_interface(DeviceContext& ctx, std::string name);
std::unique_ptr<Device> make_itm(DeviceContext& ctx, ItmListener*& listener);
std::unique_ptr<Device> make_dwt(DeviceContext& ctx);
std::unique_ptr<Device> make_systick(DeviceContext& ctx, uint64_t clock_hz);
std::unique_ptr<Device> make_nvic(DeviceContext& ctx, int irq_count);
std::unique_ptr<Device> make_scb(DeviceContext& ctx, const Board& board);
std::unique_ptr<Device> make_mpu(uint32_t regions);
std::unique_ptr<Device> make_stm32_timer(DeviceContext& ctx, const PeripheralSpec& spec);
// STM32 CRC unit and RNG: registers from the spec's model (peripherals/series/*.json).
std::unique_ptr<Device> make_stm32_crc(const PeripheralSpec& spec);
std::unique_ptr<Device> make_stm32_rng(const PeripheralSpec& spec);
std::unique_ptr<Device> make_nrf_timer(DeviceContext& ctx, const PeripheralSpec& spec);
std::unique_ptr<Device> make_nrf_rtc(DeviceContext& ctx, const PeripheralSpec& spec);
std::unique_ptr<Device> make_nrf_uarte(DeviceContext& ctx, const PeripheralSpec& spec);

// A board peripheral by its type name ("cmsdk-uart", "stm32-usart", "stm32f4-usart");
// throws InputError for an unknown type.
std::unique_ptr<Device> make_board_peripheral(DeviceContext& ctx, const PeripheralSpec& spec);

}  // namespace mcusim
