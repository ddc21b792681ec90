// Where Unicorn keeps an engine's live core registers, so that per-block
// reads of r0-r14 are a load instead of an engine call.
//
// uc_reg_read / uc_reg_read_batch cost about 40 host instructions per call
// plus about 20 per register (the batch loop, arm_reg_read's switch), paid
// at every alignment entry check and every SP read the stack peak needs. In
// Unicorn 2.0.1 (QEMU 5), arm_reg_read answers r0-r12, SP (R13) and LR
// (R14) straight from CPUARMState::regs[] (SP is the current stack
// pointer: the banked MSP/PSP live elsewhere and are swapped in on mode
// changes), and the translated code keeps those registers in that same
// array whenever a hook runs (hooks are helper calls, before which TCG
// writes its globals back). Reading the array is therefore what
// uc_reg_read does, less the dispatch.
//
// The public API does not say where the array is, so it is found per
// engine by experiment: distinctive values are written to r0-r14 with
// uc_reg_write, and the memory reachable from the engine's handle (each
// pointer-sized field of uc_struct, followed once, a bounded window beyond
// it, every range checked against /proc/self/maps and copied with
// process_vm_readv, so that memory another thread unmaps meanwhile ends
// the copy instead of the process) is searched for those 15 values side by
// side. Only a single match is
// accepted, and only after a second round with other values reads back
// the same, and uc_reg_read agrees with it. The first engine's answer
// (which field, how far beyond it) is tried first on later engines, with
// the same confirmation. Anything else (another Unicorn build, two
// matches) gives nullptr: the caller keeps using uc_reg_read.
#pragma once

#include <cstdint>

struct uc_struct;

namespace mcusim {

// The engine's r0..r14, live, or nullptr when they could not be located
// unambiguously. The engine must be initialised (any uc_reg_read does it);
// its registers are changed during the experiment and restored after it.
// The array lives as long as the engine (one CPU per engine).
const uint32_t* locate_live_registers(uc_struct* uc);

}  // namespace mcusim
