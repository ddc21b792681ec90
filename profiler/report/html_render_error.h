// The script every mcusim HTML page loads before its drawing script: a
// script error shows as a visible box and sets window.mcusimRenderFailed,
// which the headless-Chromium tests read.
#pragma once

namespace mcusim {

inline constexpr const char* kRenderErrorHook = R"JS(
window.mcusimRenderFailed = false;
window.onerror = function (message, source, line) {
  window.mcusimRenderFailed = true;
  var div = document.getElementById('render-error') || document.createElement('div');
  div.id = 'render-error';
  div.textContent = 'Chart rendering failed: ' + message + ' (line ' + line + ')';
  (document.querySelector('main') || document.body).prepend(div);
  return false;
};
)JS";

}  // namespace mcusim
