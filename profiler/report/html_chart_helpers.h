// The drawing helpers both mcusim HTML pages (the profile page and the NAS
// report) use, loaded as a script of their own before the page's drawing
// script: mcusimChart.el() makes an SVG element, mcusimChart.bytes() prints
// a byte count as B, KiB or MiB.
#pragma once

namespace mcusim {

inline constexpr const char* kChartHelpers = R"JS(
var mcusimChart = (function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  function el(tag, attrs, parent, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function bytes(v) {
    if (v < 1024) return Math.round(v) + ' B';
    if (v < 1048576) return (v / 1024).toFixed(1) + ' KiB';
    return (v / 1048576).toFixed(2) + ' MiB';
  }
  return { el: el, bytes: bytes };
})();
)JS";

}  // namespace mcusim
