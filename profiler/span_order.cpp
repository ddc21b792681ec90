#include "profiler/span_order.h"

#include <algorithm>

namespace mcusim {

namespace {

// Spans from a stack in the order they ended: the first later span that
// starts no later than a span is the span enclosing it, and a span can only
// start together with spans enclosing it. One pass (a stack of the starts
// still waiting for an earlier-or-equal one) finds whether any two start
// together.
bool starts_distinct(const std::vector<Span>& spans) {
  std::vector<uint64_t> waiting;
  for (size_t i = spans.size(); i-- > 0;) {
    uint64_t start = spans[i].start_cycle;
    while (!waiting.empty() && waiting.back() > start) waiting.pop_back();
    if (!waiting.empty() && waiting.back() == start) return false;
    waiting.push_back(start);
  }
  return true;
}

}  // namespace

void sort_spans(std::vector<Span>& spans, bool nested_in_end_order) {
  // With distinct starts the order is total, so any correct sort gives
  // std::sort's result. In end order a span is out of start order only
  // behind the spans it encloses, which is at most one per call level per
  // span: an insertion sort does a few moves per span, where std::sort was
  // about 3% of a call-heavy profiled run (200,000 spans).
  if (!nested_in_end_order || !starts_distinct(spans)) {
    std::sort(spans.begin(), spans.end(), span_before);
    return;
  }
  for (size_t i = 1; i < spans.size(); ++i) {
    if (spans[i - 1].start_cycle < spans[i].start_cycle) continue;
    Span s = spans[i];
    size_t j = i;
    for (; j > 0 && s.start_cycle < spans[j - 1].start_cycle; --j) spans[j] = spans[j - 1];
    spans[j] = s;
  }
}

}  // namespace mcusim
