#pragma once
// Small UTF-8 helpers the printer needs (decode to code points, encode one back). Invalid bytes decode to
// U+FFFD so that a damaged string still prints something visible instead of being dropped.
#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk::printer {

std::u32string utf8_decode(std::string_view s);
void utf8_append(std::string& out, char32_t cp);
std::string utf8_encode(std::u32string_view cps);

} // namespace kiosk::printer
