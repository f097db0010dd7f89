#pragma once
// [SECTION] Icon font — the pictograms' glyphs from Fork Awesome (Debian package fonts-fork-awesome),
// baked into the same atlas as the text at the sizes pictograms are drawn at. Only the 21 code points
// named here are baked (a few hundred KiB of atlas, docs/BENCHMARKS.md), not the font's ~800.
//
// The path is a constant, not a config key: DESIGN.md's [kiosk] keys have no font path, and the CJK
// fonts are found the same way (ui/fonts.hpp FontFiles). When the file or a glyph is missing the
// pictogram is drawn from shapes instead (ui/widgets/pictogram.cpp), said once on stderr.
#include <string_view>
#include <vector>

namespace kiosk::ui {

inline constexpr const char* kIconFontPath = "/usr/share/fonts/truetype/fork-awesome/forkawesome-webfont.ttf";

// The baked sizes, in em, smallest first: 返回/首页's pictogram beside the word in a 3.8 em key (button()'s
// tight margins), a button's (0.62 of a tap_min-tall key) and a home tile's (at most 2.2 em). Other sizes
// draw the nearest larger one scaled down.
inline constexpr float kIconEms[] = {1.0f, 2.2f * 0.62f, 2.2f};
inline constexpr int kIconSizes = 3;

// The glyph for a pictogram name (a catalog Category::icon or a main action: "back", "home", "next", …),
// or 0 when the name has none (the drawn document stands in for unknown names).
unsigned icon_codepoint(std::string_view name);
// Every code point of the table, as ImGui glyph ranges (pairs, zero-terminated).
const std::vector<unsigned short>& icon_glyph_ranges();

} // namespace kiosk::ui
