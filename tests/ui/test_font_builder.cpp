// The kiosk's font builder (ui/font_builder: one FreeType face per file, 8-bit scratch) must produce what
// ImGui's own FreeType builder produces — same glyphs, same metrics, same pixels — only packed differently.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "ui/font_builder.hpp"
#include "ui/icon_font.hpp"

#include <imgui.h>
#include <imgui_freetype.h>

#include <vector>

using namespace kiosk::ui;

namespace {

struct BakedGlyph {
    unsigned cp;
    float x0, y0, x1, y1, advance;
    bool visible;
    std::vector<unsigned char> pixels;   // the glyph's block of the atlas, row by row
};
struct BakedFont {
    float size, ascent, descent;
    std::vector<BakedGlyph> glyphs;
};

// Builds `atlas` with `io` and reads every font's glyphs back out of the texture.
std::vector<BakedFont> bake(ImFontAtlas* atlas, const ImFontBuilderIO* io) {
    atlas->FontBuilderIO = io;
    REQUIRE(atlas->Build());
    REQUIRE(atlas->IsBuilt());
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    atlas->GetTexDataAsAlpha8(&px, &w, &h);
    REQUIRE(px != nullptr);
    std::vector<BakedFont> out;
    for (ImFont* f : atlas->Fonts) {
        BakedFont bf{f->FontSize, f->Ascent, f->Descent, {}};
        for (const ImFontGlyph& g : f->Glyphs) {
            BakedGlyph bg{g.Codepoint, g.X0, g.Y0, g.X1, g.Y1, g.AdvanceX, g.Visible != 0, {}};
            const int gx = static_cast<int>(g.U0 * static_cast<float>(w) + 0.5f), gy = static_cast<int>(g.V0 * static_cast<float>(h) + 0.5f);
            const int gw = static_cast<int>(g.X1 - g.X0), gh = static_cast<int>(g.Y1 - g.Y0);
            REQUIRE(gx + gw <= w);
            REQUIRE(gy + gh <= h);
            for (int y = 0; y < gh; ++y)
                bg.pixels.insert(bg.pixels.end(), px + (gy + y) * w + gx, px + (gy + y) * w + gx + gw);
            bf.glyphs.push_back(std::move(bg));
        }
        out.push_back(std::move(bf));
    }
    return out;
}

} // namespace

TEST_CASE("the shared-face builder bakes exactly what ImGui's FreeType builder bakes") {
    // Opens the Noto CJK files and adds the kiosk's five text fonts (UI strings baked) and the icon font at
    // its sizes (ui/icon_font.hpp): the pictograms' glyphs are compared too.
    test::Harness h;
    h.fonts.need("张伟无犯罪记录证明龘");
    h.fonts.rebuild_if_needed(h.fonts.sizes());
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    REQUIRE(atlas->Fonts.Size == 5 + kIconSizes);

    auto reference = bake(atlas, ImGuiFreeType::GetBuilderForFreeType());
    auto ours = bake(atlas, shared_face_builder());

    REQUIRE(ours.size() == reference.size());
    std::size_t glyphs = 0, pixels_differ = 0, metrics_differ = 0;
    for (std::size_t f = 0; f < ours.size(); ++f) {
        CHECK(ours[f].size == reference[f].size);
        CHECK(ours[f].ascent == reference[f].ascent);
        CHECK(ours[f].descent == reference[f].descent);
        REQUIRE(ours[f].glyphs.size() == reference[f].glyphs.size());
        for (std::size_t i = 0; i < ours[f].glyphs.size(); ++i) {
            const BakedGlyph& a = ours[f].glyphs[i];
            const BakedGlyph& b = reference[f].glyphs[i];
            ++glyphs;
            if (a.cp != b.cp || a.x0 != b.x0 || a.y0 != b.y0 || a.x1 != b.x1 || a.y1 != b.y1 || a.advance != b.advance || a.visible != b.visible) {
                if (metrics_differ++ < 5) WARN("font " << f << " glyph U+" << std::hex << b.cp << " metrics differ");
            } else if (a.pixels != b.pixels) {
                if (pixels_differ++ < 5) WARN("font " << f << " glyph U+" << std::hex << b.cp << " pixels differ");
            }
        }
    }
    CHECK(glyphs > 1000);
    CHECK(metrics_differ == 0);
    CHECK(pixels_differ == 0);
}

TEST_CASE("the shared-face builder leaves the atlas usable: white pixel, lines, lookups") {
    test::Harness h;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    REQUIRE(atlas->FontBuilderIO == shared_face_builder());   // the kiosk's Fonts uses it
    CHECK(atlas->TexUvWhitePixel.x > 0);
    CHECK(atlas->TexUvLines[1].z > atlas->TexUvLines[1].x);   // baked anti-aliased lines
    CHECK(h.fonts.body->FindGlyphNoFallback(0x4E2D) != nullptr);   // 中
    CHECK(h.fonts.body->FallbackGlyph != nullptr);
    // A frame draws with it.
    h.frame([&] { ImGui::TextUnformatted("\xE4\xB8\xAD\xE6\x96\x87 English"); });
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
}
