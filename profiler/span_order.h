// The order of a profile's spans: by start, and at equal starts the longer
// (outer) span first.
#pragma once

#include <cstdint>
#include <vector>

#include "profiler/profile.h"

namespace mcusim {

inline bool span_before(const Span& a, const Span& b) {
  return a.start_cycle != b.start_cycle ? a.start_cycle < b.start_cycle : a.end_cycle > b.end_cycle;
}

// Sorts spans into span_before order, as std::sort(spans, span_before)
// would, element for element. `nested_in_end_order`: the spans came from a
// call stack (any two are nested or disjoint) in the order they ended,
// which allows a linear sort when no two of them start together.
void sort_spans(std::vector<Span>& spans, bool nested_in_end_order);

}  // namespace mcusim
