#pragma once
// [SECTION] Font builder — ImGui's FreeType atlas builder, rearranged to keep its memory peak small.
//
// Why not ImGui's own (imgui_freetype, 1.86): it opens one FreeType face per ImFontConfig — five faces of
// the same two CJK collections here, ~1 MiB of CFF tables each — and keeps every rendered glyph in a
// 32-bit RGBA scratch buffer until the atlas is allocated: a full bake of ~1 000 characters at five sizes
// peaked at +13.7 MiB of heap on top of the atlas it produced. This builder opens each font file once
// (one FT_Face per file, one FT_Size per pixel size: FT_New_Size / FT_Activate_Size, the mechanism
// FreeType provides for exactly this) and keeps glyphs as 8-bit coverage, the format the atlas is in.
//
// What it produces is what imgui_freetype 1.86 produces for the options the kiosk uses: the same FreeType
// calls (FT_Request_Size with the real dimensions, FT_LOAD_NO_BITMAP | FT_LOAD_TARGET_NORMAL, normal render
// mode), the same glyph metrics, the same pixels; only the packing differs. tests/ui/test_fonts.cpp compares
// the two glyph by glyph. Colour fonts, synthetic bold/oblique, RasterizerMultiply and merged fonts are not
// supported (the kiosk uses none of them): the builder asserts with a message if asked.
#include <cstddef>

struct ImFontBuilderIO;

namespace kiosk::ui {

// Pass to ImFontAtlas::FontBuilderIO. FreeType allocates through `alloc`/`free` (as
// ImGuiFreeType::SetAllocatorFunctions does for ImGui's builder); null means malloc/free.
const ImFontBuilderIO* shared_face_builder();
void set_font_builder_allocator(void* (*alloc)(std::size_t, void*), void (*free)(void*, void*));

} // namespace kiosk::ui
