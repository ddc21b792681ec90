# Which model x engine x board combinations are built.
#
# Default (kept small for CI): the planned engine for every model on the
# Cortex-M7 stm32h743 and on QEMU's mps2-an500; mcunet-in0/in1 with both
# engines on the Cortex-M4 stm32f407 and on QEMU's mps2-an386 (Cortex-M4, so
# QEMU checks the M4 build too); the patch-based mcunet-in1 on M4 and M7.
# -DMCUSIM_ALL_SAMPLES=ON builds every combination that fits (sizes measured
# with arm-none-eabi-size; see docs/results.md for the ones that do not fit).
set(MCUSIM_SAMPLE_MODELS mcunet-in0 mcunet-in1 mcunet-in2 mcunet-in3 mcunet-in4
    mbv2-w0.35-r144 proxyless-w0.3-r176)

# Boards each model x engine fits: Flash (weights + code) and SRAM (arena +
# 8 KiB stack + 4 KiB heap for newlib's stdio).
set(FITS_planned_mcunet-in0 stm32f407 stm32l4r5 nrf52840 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_planned_mcunet-in1 stm32f407 stm32l4r5 nrf52840 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_planned_mcunet-in2 nrf52840 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_planned_mcunet-in3 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_planned_mcunet-in4 stm32h743 mps2-an500)
set(FITS_planned_mbv2-w0.35-r144 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_planned_proxyless-w0.3-r176 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_interpreted_mcunet-in0 stm32f407 nrf52840 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_interpreted_mcunet-in1 stm32f407 nrf52840 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_interpreted_mcunet-in2 stm32h743 mps2-an500)
set(FITS_interpreted_mcunet-in3 stm32h743 mps2-an500)
set(FITS_interpreted_mcunet-in4 mps2-an500)
set(FITS_interpreted_mbv2-w0.35-r144 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_interpreted_proxyless-w0.3-r176 stm32f746g-disco stm32h743 mps2-an500)
set(FITS_patch_mcunet-in1 stm32f407 nrf52840 stm32f746g-disco stm32h743 mps2-an500)

if(MCUSIM_ALL_SAMPLES)
  foreach(m ${MCUSIM_SAMPLE_MODELS})
    foreach(e planned interpreted)
      # mps2-an386 (QEMU's Cortex-M4) has the same 4 MiB + 4 MiB as mps2-an500.
      mcusim_sample(${m} ${e} BOARDS ${FITS_${e}_${m}} mps2-an386)
    endforeach()
  endforeach()
  mcusim_sample(mcunet-in1 planned SUFFIX _patch PATCH_BLOCKS 2 PATCH_GRID 4
                BOARDS ${FITS_patch_mcunet-in1} mps2-an386)
else()
  foreach(m ${MCUSIM_SAMPLE_MODELS})
    set(boards stm32h743 mps2-an500)
    if(m STREQUAL "mcunet-in0" OR m STREQUAL "mcunet-in1")
      # in0 on the STM32F746G-DISCO is the README's demo.
      list(APPEND boards stm32f407 mps2-an386 stm32f746g-disco)
    endif()
    mcusim_sample(${m} planned BOARDS ${boards})
  endforeach()
  foreach(m mcunet-in0 mcunet-in1)
    mcusim_sample(${m} interpreted BOARDS stm32f407 stm32h743 mps2-an500 mps2-an386)
  endforeach()
  # Every model with both engines on at least one board (in4 interpreted
  # fits only the 4 MiB MPS2 RAM).
  foreach(m mcunet-in2 mcunet-in3 mbv2-w0.35-r144 proxyless-w0.3-r176)
    mcusim_sample(${m} interpreted BOARDS stm32h743)
  endforeach()
  mcusim_sample(mcunet-in4 interpreted BOARDS mps2-an500)
  mcusim_sample(mcunet-in1 planned SUFFIX _patch PATCH_BLOCKS 2 PATCH_GRID 4
                BOARDS stm32f407 stm32h743 mps2-an500 mps2-an386)
endif()
