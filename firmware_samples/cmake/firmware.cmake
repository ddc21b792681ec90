# Building Cortex-M firmware with arm-none-eabi-gcc from inside the host build.
#
# CMake drives one toolchain per project, so firmware is built by custom
# commands that call the cross compiler directly:
#
#   mcusim_add_firmware(NAME <name> BOARD <board> SOURCES <files...>
#                       [INCLUDES <dirs...>] [CFLAGS <flags...>] [CXXFLAGS <flags...>] [OPT <-O2>]
#                       [STACK_SIZE <bytes>] [STARTUP <file>] [LINKER_SCRIPT <file>])
#
# SOURCES may mix C and C++ (.cc, .cpp): C++ is compiled by arm-none-eabi-g++
# with CXXFLAGS (default: TF-Lite Micro's -std=c++17 -fno-rtti -fno-exceptions
# -fno-threadsafe-statics) and the firmware is then linked by g++ against
# libstdc++/libsupc++, as a C++ project links.
#
# STARTUP replaces the shared common/startup.c (with its clock_setup.c) and
# LINKER_SCRIPT the board's script in common/ld (its directory is on the
# search path for INCLUDE), for firmware that brings its own, as vendor
# (CubeIDE) projects do.
#
# produces ${MCUSIM_FIRMWARE_DIR}/<name>.elf and a target firmware_<name>,
# added to the `firmware` target that everything depending on firmware uses.

find_program(MCUSIM_ARM_GCC arm-none-eabi-gcc)
find_program(MCUSIM_ARM_GXX arm-none-eabi-g++)
if(NOT MCUSIM_ARM_GCC)
  message(FATAL_ERROR
    "arm-none-eabi-gcc not found: the test and sample firmware needs it.\n"
    "Install it with: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi\n"
    "or configure with -DMCUSIM_BUILD_FIRMWARE=OFF to build only the simulator.")
endif()

set(MCUSIM_FIRMWARE_DIR ${CMAKE_BINARY_DIR}/firmware CACHE INTERNAL "")
set(MCUSIM_FIRMWARE_COMMON ${CMAKE_CURRENT_LIST_DIR}/../common)
set(MCUSIM_FIRMWARE_INCLUDE ${CMAKE_CURRENT_LIST_DIR}/../include)
file(MAKE_DIRECTORY ${MCUSIM_FIRMWARE_DIR})
if(NOT TARGET firmware)
  add_custom_target(firmware ALL)
endif()

# Core and FPU flags per bundled board (the board files in sim/boards say the same).
set(MCUSIM_CPU_FLAGS_cortex-m4 -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
set(MCUSIM_CPU_FLAGS_cortex-m7 -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16)
set(MCUSIM_BOARD_CORE_mps2-an386 cortex-m4)
set(MCUSIM_BOARD_CORE_mps2-an500 cortex-m7)
set(MCUSIM_BOARD_CORE_stm32f746g-disco cortex-m7)
set(MCUSIM_BOARD_CORE_stm32h743 cortex-m7)
set(MCUSIM_BOARD_CORE_stm32f407 cortex-m4)
set(MCUSIM_BOARD_CORE_nrf52840 cortex-m4)
set(MCUSIM_BOARD_CORE_stm32l4r5 cortex-m4)
set(MCUSIM_BOARD_LD_mps2-an386 mps2.ld)
set(MCUSIM_BOARD_LD_mps2-an500 mps2.ld)
set(MCUSIM_BOARD_LD_stm32f746g-disco stm32f746g-disco.ld)
set(MCUSIM_BOARD_LD_stm32h743 stm32h743.ld)
set(MCUSIM_BOARD_LD_stm32f407 stm32f407.ld)
set(MCUSIM_BOARD_LD_nrf52840 nrf52840.ld)
set(MCUSIM_BOARD_LD_stm32l4r5 stm32l4r5.ld)

function(mcusim_add_firmware)
  cmake_parse_arguments(FW "" "NAME;BOARD;OPT;STACK_SIZE;STARTUP;LINKER_SCRIPT" "SOURCES;INCLUDES;CFLAGS;CXXFLAGS;DEPENDS" ${ARGN})
  if(NOT FW_NAME OR NOT FW_BOARD OR NOT FW_SOURCES)
    message(FATAL_ERROR "mcusim_add_firmware needs NAME, BOARD and SOURCES")
  endif()
  set(core ${MCUSIM_BOARD_CORE_${FW_BOARD}})
  if(NOT core)
    message(FATAL_ERROR "mcusim_add_firmware: unknown board '${FW_BOARD}'")
  endif()
  if(NOT FW_OPT)
    set(FW_OPT -O2)
  endif()
  # The shared start-up: startup.c and the board's nominal clock set-up it calls.
  set(startup ${MCUSIM_FIRMWARE_COMMON}/startup.c ${MCUSIM_FIRMWARE_COMMON}/clock_setup.c)
  if(FW_STARTUP)
    get_filename_component(startup ${FW_STARTUP} ABSOLUTE)
  endif()
  # A custom script's directory is searched first for INCLUDEd files, then common/ld.
  set(ld_dirs -L${MCUSIM_FIRMWARE_COMMON}/ld)
  set(ld_script ${MCUSIM_FIRMWARE_COMMON}/ld/${MCUSIM_BOARD_LD_${FW_BOARD}})
  if(FW_LINKER_SCRIPT)
    get_filename_component(ld_script ${FW_LINKER_SCRIPT} ABSOLUTE)
    get_filename_component(ld_dir ${ld_script} DIRECTORY)
    list(PREPEND ld_dirs -L${ld_dir})
  endif()
  set(elf ${MCUSIM_FIRMWARE_DIR}/${FW_NAME}.elf)
  set(map ${MCUSIM_FIRMWARE_DIR}/${FW_NAME}.map)
  set(srcs)
  set(cxx_srcs)
  foreach(s ${FW_SOURCES})
    get_filename_component(abs ${s} ABSOLUTE)
    if(abs MATCHES "\\.(cc|cpp)$")
      list(APPEND cxx_srcs ${abs})
    else()
      list(APPEND srcs ${abs})
    endif()
  endforeach()
  set(incs -I${MCUSIM_FIRMWARE_INCLUDE} -I${MCUSIM_FIRMWARE_COMMON})
  foreach(i ${FW_INCLUDES})
    get_filename_component(abs ${i} ABSOLUTE)
    list(APPEND incs -I${abs})
  endforeach()
  set(stack)
  if(FW_STACK_SIZE)
    set(stack -Wl,--defsym=__stack_size=${FW_STACK_SIZE})
  endif()
  # The board as a macro, e.g. MCUSIM_BOARD_STM32F407, for board-specific start-up code.
  string(TOUPPER "${FW_BOARD}" board_macro)
  string(REGEX REPLACE "[^A-Z0-9]" "_" board_macro "${board_macro}")
  file(GLOB common_headers ${MCUSIM_FIRMWARE_INCLUDE}/mcusim/*.h ${MCUSIM_FIRMWARE_COMMON}/*.h)
  # C++ sources become objects first; the link then goes through g++.
  set(driver ${MCUSIM_ARM_GCC})
  set(c_inputs ${startup} ${srcs})
  set(cxx_commands)
  set(cxx_objects)
  if(cxx_srcs)
    if(NOT MCUSIM_ARM_GXX)
      message(FATAL_ERROR "arm-none-eabi-g++ not found: firmware ${FW_NAME} has C++ sources.\n"
                          "Install it with: apt-get install gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib")
    endif()
    set(driver ${MCUSIM_ARM_GXX})
    if(NOT FW_CXXFLAGS)
      set(FW_CXXFLAGS -std=c++17 -fno-rtti -fno-exceptions -fno-threadsafe-statics)
    endif()
    # g++ would take .c files for C++: name each file's language.
    set(c_inputs)
    foreach(src ${startup} ${srcs})
      if(src MATCHES "\\.S$")
        list(APPEND c_inputs -x assembler-with-cpp ${src})
      elseif(src MATCHES "\\.s$")
        list(APPEND c_inputs -x assembler ${src})
      else()
        list(APPEND c_inputs -x c ${src})
      endif()
    endforeach()
    list(APPEND c_inputs -x none)
    foreach(src ${cxx_srcs})
      get_filename_component(stem ${src} NAME_WE)
      set(obj ${MCUSIM_FIRMWARE_DIR}/${FW_NAME}.objs/${stem}.o)
      list(APPEND cxx_objects ${obj})
      list(APPEND cxx_commands COMMAND ${CMAKE_COMMAND} -E make_directory ${MCUSIM_FIRMWARE_DIR}/${FW_NAME}.objs
           COMMAND ${MCUSIM_ARM_GXX} ${MCUSIM_CPU_FLAGS_${core}} ${FW_OPT} -g3 ${FW_CXXFLAGS}
                   -Wall -Wextra -ffunction-sections -fdata-sections -DMCUSIM_BOARD_${board_macro} ${FW_CFLAGS} ${incs}
                   -c ${src} -o ${obj})
    endforeach()
  endif()
  add_custom_command(
    OUTPUT ${elf}
    ${cxx_commands}
    COMMAND ${driver} ${MCUSIM_CPU_FLAGS_${core}} ${FW_OPT} -g3 -std=gnu11
            -Wall -Wextra -ffunction-sections -fdata-sections -DMCUSIM_BOARD_${board_macro} ${FW_CFLAGS} ${incs}
            ${c_inputs} ${cxx_objects}
            --specs=rdimon.specs -lrdimon -lm
            ${ld_dirs} -T${ld_script}
            -Wl,--gc-sections -Wl,-Map=${map} ${stack}
            -o ${elf}
    DEPENDS ${srcs} ${cxx_srcs} ${startup} ${MCUSIM_FIRMWARE_COMMON}/ld/sections.ld
            ${ld_script} ${common_headers} ${FW_DEPENDS}
    COMMENT "Building firmware ${FW_NAME}.elf for ${FW_BOARD} (${core})"
    VERBATIM)
  add_custom_target(firmware_${FW_NAME} DEPENDS ${elf})
  add_dependencies(firmware firmware_${FW_NAME})
endfunction()
