# ctest helper: the patch-based plan of a model needs less activation SRAM
# than the whole-map plan, by at least FACTOR.
#   cmake -DWHOLE=<plan.txt> -DPATCHED=<plan.txt> -DFACTOR=<n> -P compare_arenas.cmake
function(arena_of plan out)
  file(STRINGS ${plan} line REGEX "^arena_bytes ")
  string(REGEX REPLACE "^arena_bytes " "" bytes "${line}")
  set(${out} ${bytes} PARENT_SCOPE)
endfunction()
arena_of(${WHOLE} whole)
arena_of(${PATCHED} patched)
math(EXPR limit "${whole} / ${FACTOR}")
if(patched GREATER limit)
  message(FATAL_ERROR "patch-based arena ${patched} bytes is not below ${whole} / ${FACTOR}")
endif()
message(STATUS "arena ${whole} -> ${patched} bytes")
