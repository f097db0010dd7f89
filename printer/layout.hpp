#pragma once
// [SECTION] Column arithmetic and wrapping for thermal paper.
// A column is 12 dots at size 1. ASCII takes one column; everything the printer prints from its Chinese
// font (two GB18030 bytes) takes two, as does any wide character printed as a raster; other characters
// (accented Latin printed as raster) take one. Magnification multiplies columns.
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::printer {

int char_columns(char32_t c);
int text_columns(std::u32string_view s);

// Wraps to at most `columns` per line: at spaces for Latin words, anywhere between CJK characters, never
// starting a line with closing punctuation (，。、）etc.) when it can be avoided. Explicit '\n' breaks.
// Continuation lines are prefixed with `indent` spaces (hanging indent for numbered lists).
std::vector<std::u32string> wrap_text(std::u32string_view s, int columns, int indent = 0);

} // namespace kiosk::printer
