// Where Unicorn keeps the local exclusive monitor, so that mcusim's own
// exception entry and return can clear it as the core does: "The processor
// removes its exclusive access tag if: it executes a CLREX instruction; it
// executes a STREX instruction, regardless of whether the write succeeds;
// an exception occurs" (Cortex-M4/M7 Devices Generic User Guide,
// Synchronization primitives; Armv7-M ARM A3.4.4). QEMU, the differential
// oracle, clears it; Unicorn's engine does so only inside its own
// exception code, which mcusim replaces (sim/exception_unit.h).
//
// Unicorn 2.0.1 has no register for the monitor, but its CPU context
// (uc_context_save/uc_context_restore) is a copy of the engine's CPU
// state, monitor included: the address the last LDREX armed, as 64 bits,
// all ones when none. Its place in the context is found once per process
// by experiment on a scratch engine: the one 8-byte slot that an LDREX
// from a distinctive address sets to that address; then setting the slot
// to all ones must make the following STREX fail. If either step does not
// come out exactly so (another Unicorn build), the offset is 0 and the
// monitor is left alone, as before.
#pragma once

#include <cstddef>

namespace mcusim {

// Byte offset of the monitor's address slot in a uc_context allocation
// (uc_context_alloc's pointer), or 0 when it could not be found.
size_t exclusive_monitor_offset();

}  // namespace mcusim
