// Every character of every UI string and catalog entry is covered by the loaded font (no boxes anywhere),
// and the atlas holds only what is needed; every pictogram is the icon font's glyph, or its shape.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "app/utf8.hpp"
#include "ui/icon_font.hpp"
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

#include <imgui.h>

#include <cmath>
#include <fstream>

using namespace kiosk;
using namespace kiosk::ui;

namespace {
void need_catalog(Fonts& f, const Catalog& c, std::vector<std::string>& all) {
    auto lt = [&](const LocalText& t) { all.push_back(t.zh); all.push_back(t.en); };
    for (const auto& cat : c.categories) { lt(cat.name); lt(cat.description); }
    for (const auto& s : c.services) {
        lt(s.name); lt(s.description); lt(s.elsewhere); lt(s.fee); lt(s.processing_time); lt(s.eligibility);
        for (const auto& m : s.materials) lt(m);
        for (const auto& fs : s.form) { lt(fs.label); lt(fs.hint); for (const auto& ch : fs.choices) lt(ch.label); }
    }
    for (const auto& s : all) f.need(s);
}
} // namespace

TEST_CASE("every character of the UI strings and the catalog has a glyph in the baked font") {
    test::Harness h;
    REQUIRE(h.catalog.services.size() > 0);
    std::vector<std::string> all;
    for (const std::string* s : h.strings.all()) all.push_back(*s);
    need_catalog(h.fonts, h.catalog, all);
    h.fonts.rebuild_if_needed(FontSizes::for_window(1920, 1080, false));
    int missing = 0;
    for (ImFont* font : {h.fonts.body, h.fonts.bold, h.fonts.title}) {
        for (const auto& s : all) {
            utf8::for_each(s, utf8::OnBad::skip, [&](unsigned cp) {
                if (cp < 0x20) return;
                if (!font->FindGlyphNoFallback(static_cast<ImWchar>(cp))) {
                    if (missing++ < 20) WARN("no glyph for U+" << std::hex << cp << " in \"" << s << "\"");
                }
            });
        }
    }
    CHECK(missing == 0);
    // Bake only what is needed: a few thousand glyphs, not the 30 000 of the font.
    CHECK(h.fonts.glyph_count() < 6000);
}

TEST_CASE("a character first met at run time is baked on the next rebuild") {
    test::Harness h;
    const unsigned cp = 0x9F98;   // 龘: in no table or catalog entry
    REQUIRE(!h.fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(cp)));
    h.fonts.need("\xE9\xBE\x98");
    CHECK(h.fonts.dirty());
    CHECK(h.fonts.rebuild_if_needed(h.fonts.sizes()));
    CHECK(h.fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr);
    CHECK(!h.fonts.dirty());
}

TEST_CASE("a missing font file is one clear error, not an abort") {
    Fonts f;
    FontFiles files;
    files.regular = "/nonexistent/NotoSansCJK-Regular.ttc";
    std::string e = f.open(files);
    CHECK(e.find("fonts-noto-cjk") != std::string::npos);
}

TEST_CASE("start-up bakes the first screen on a worker, and the rest at the next rebuild") {
    Fonts f;
    REQUIRE(f.open().empty());
    const std::string first = "\xE6\xAC\xA2\xE8\xBF\x8E";          // 欢迎: on the first screen
    const std::string later = "\xE8\xAF\x81\xE6\x98\x8E";          // 证明: elsewhere
    f.need(first);
    f.need(later);
    std::vector<const std::string*> first_screen = {&first};
    const std::set<unsigned> subset = f.with_basics(first_screen);
    CHECK(subset.count(0x6B22) == 1);   // 欢
    CHECK(subset.count('A') == 1);      // ASCII always
    CHECK(subset.count(0x8BC1) == 0);   // 证 waits
    const FontSizes sizes = FontSizes::for_window(1280, 800, false);

    SECTION("the first screen draws from the prebuilt atlas, then everything is baked") {
        f.prebuild(sizes, subset);
        ImFontAtlas* atlas = f.take_prebuilt();
        REQUIRE(atlas != nullptr);
        ImGuiContext* ctx = ImGui::CreateContext(atlas);
        CHECK(f.rebuild_if_needed(sizes, true));   // taken into use: the caller uploads it
        CHECK(ImGui::GetIO().Fonts == atlas);
        CHECK(f.body->FindGlyphNoFallback(0x6B22) != nullptr);
        CHECK(f.title->FindGlyphNoFallback(0x6B22) != nullptr);
        CHECK(f.body->FindGlyphNoFallback(0x8BC1) == nullptr);
        CHECK(f.dirty());
        CHECK(f.rebuild_if_needed(sizes, true));   // next frame: the full set
        CHECK(f.body->FindGlyphNoFallback(0x8BC1) != nullptr);
        CHECK(f.bold->FindGlyphNoFallback(0x8BC1) != nullptr);
        CHECK_FALSE(f.dirty());
        CHECK_FALSE(f.rebuild_if_needed(sizes, true));
        ImGui::DestroyContext(ctx);   // the atlas stays the Fonts' to free
    }
    SECTION("a first frame on another screen bakes everything before it draws") {
        f.prebuild(sizes, subset);
        ImGuiContext* ctx = ImGui::CreateContext(f.take_prebuilt());
        CHECK(f.rebuild_if_needed(sizes, false));
        CHECK(f.body->FindGlyphNoFallback(0x8BC1) != nullptr);
        CHECK_FALSE(f.dirty());
        ImGui::DestroyContext(ctx);
    }
    SECTION("a window of another size than expected rebuilds at its own sizes") {
        f.prebuild(FontSizes::for_window(1920, 1080, false), subset);
        ImGuiContext* ctx = ImGui::CreateContext(f.take_prebuilt());
        CHECK(f.rebuild_if_needed(sizes, true));
        CHECK(f.sizes().body == sizes.body);
        CHECK(f.body->FindGlyphNoFallback(0x8BC1) != nullptr);
        ImGui::DestroyContext(ctx);
    }
}

namespace {
// Positions and colours of everything drawn in the last frame (not texture coordinates: those differ
// between two atlases even when the same glyphs are drawn).
std::vector<float> drawn_geometry() {
    std::vector<float> out;
    ImDrawData* dd = ImGui::GetDrawData();
    for (int l = 0; l < dd->CmdListsCount; ++l)
        for (const ImDrawVert& v : dd->CmdLists[l]->VtxBuffer) {
            out.push_back(v.pos.x);
            out.push_back(v.pos.y);
            out.push_back(static_cast<float>(v.col));
        }
    return out;
}
} // namespace

TEST_CASE("the attract screen's first frame, drawn from the start-up atlas, shows every character") {
    for (Locale locale : {Locale::zh, Locale::en}) {
        INFO("locale " << (locale == Locale::en ? "en" : "zh-CN"));
        test::Harness h;
        h.session.set_locale(locale);
        h.fonts.need(h.cfg.station.name.zh);
        h.fonts.need(h.cfg.station.name.en);
        h.fonts.rebuild_if_needed(h.fonts.sizes());   // the full atlas, as after the second frame
        const std::size_t full_glyphs = h.fonts.glyph_count();
        h.frame([&] { draw_attract(h.ui); });
        const std::vector<float> full = drawn_geometry();
        REQUIRE(full.size() > 1000);

        // What start-up bakes: the attract screen's strings only (the runner's call, verbatim).
        const FontSizes sizes = h.fonts.sizes();
        h.fonts.prebuild(sizes, h.fonts.with_basics(attract_strings(h.strings, h.cfg)));
        ImGuiIO& io = ImGui::GetIO();
        ImFontAtlas* context_atlas = io.Fonts;
        io.Fonts = h.fonts.take_prebuilt();
        REQUIRE(h.fonts.rebuild_if_needed(sizes, true));   // taken into use as it is
        REQUIRE(h.fonts.dirty());                           // really partial
        CHECK(h.fonts.glyph_count() < full_glyphs);
        h.frame([&] { draw_attract(h.ui); });
        const std::vector<float> first = drawn_geometry();
        io.Fonts = context_atlas;   // the context frees its own atlas; the Fonts frees the prebuilt one
        // A character missing from the start-up atlas would be drawn as '?' with another width, moving
        // everything after it.
        CHECK(first == full);
    }
}

// [SECTION] Pictograms from the icon font (Fork Awesome, ui/icon_font.hpp)
namespace {
std::vector<std::string> pictogram_names(const Catalog& c) {
    std::vector<std::string> names = {"back", "home", "next", "confirm", "call", "large-text", "search", "print", "edit"};
    for (const auto& cat : c.categories) names.push_back(cat.icon);
    return names;
}
// Vertices pictogram() adds for `icon` at `size` px: 4 for the icon font's glyph (one quad), more for a shape.
int pictogram_vertices(test::Harness& h, const std::string& icon, float size) {
    int n = -1;
    h.frame([&] {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const int before = dl->VtxBuffer.Size;
        pictogram(h.ui, icon, ImVec2(200, 200), size, 0xFFFFFFFFu);
        n = dl->VtxBuffer.Size - before;
    });
    return n;
}
} // namespace

TEST_CASE("every category's and main action's pictogram is a glyph of the icon font at every baked size") {
    test::Harness h;
    REQUIRE(h.fonts.has_icon_font());   // fonts-fork-awesome (scripts/install-deps)
    for (const std::string& name : pictogram_names(h.catalog)) {
        INFO("pictogram " << name);
        const unsigned cp = icon_codepoint(name);
        REQUIRE(cp != 0);
        for (ImFont* f : h.fonts.icons) {
            REQUIRE(f);
            CHECK(f->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr);
        }
        CHECK(pictogram_vertices(h, name, h.ui.px(kIconEms[1])) == 4);
    }
    // The sizes are the ones asked for, and each pictogram takes the nearest baked one at least as large.
    CHECK(h.fonts.icons[2]->FontSize == std::round(h.fonts.sizes().body * kIconEms[2]));
    CHECK(h.fonts.icon_font_for(h.ui.px(1.0f)) == h.fonts.icons[0]);
    CHECK(h.fonts.icon_font_for(h.ui.px(2.0f)) == h.fonts.icons[2]);
    // The icon font adds only its table's code points (tens, not the font's ~800).
    CHECK(h.fonts.icons[0]->Glyphs.Size <= 40);
}

TEST_CASE("without the icon font, or without a glyph, a pictogram is its drawn shape: never a box, never a crash") {
    test::Harness h;
    // No glyph for a name the table does not know: the plain document shape.
    CHECK(icon_codepoint("no-such-icon") == 0);
    CHECK(pictogram_vertices(h, "no-such-icon", h.ui.px(1.4f)) > 4);
    // Far larger than the largest baked size (the reader hint's card): the shape, which stays crisp.
    CHECK(pictogram_vertices(h, "idcard", h.ui.px(6.0f)) > 4);
    // The font gone (as if fonts-fork-awesome were not installed): every pictogram a shape.
    ImFont* saved[kIconSizes];
    for (int i = 0; i < kIconSizes; ++i) { saved[i] = h.fonts.icons[i]; h.fonts.icons[i] = nullptr; }
    CHECK(h.fonts.icon_font_for(h.ui.px(1.4f)) == nullptr);
    for (const std::string& name : pictogram_names(h.catalog)) {
        INFO("pictogram " << name);
        CHECK(pictogram_vertices(h, name, h.ui.px(1.4f)) > 4);
    }
    for (int i = 0; i < kIconSizes; ++i) h.fonts.icons[i] = saved[i];
}

TEST_CASE("a missing or damaged icon font file is not an error: the text fonts open, the atlas builds without it") {
    const auto junk = std::filesystem::temp_directory_path() / "kiosk-test-not-a-font.ttf";
    { std::ofstream(junk) << "this is not a font\n"; }
    for (const std::filesystem::path& icons : {std::filesystem::path("/nonexistent/forkawesome-webfont.ttf"), junk}) {
        INFO("icon font " << icons);
        Fonts f;
        FontFiles files;
        files.icons = icons;
        CHECK(f.open(files).empty());
        CHECK(!f.has_icon_font());
        ImGui::CreateContext();
        f.need("返回");
        CHECK(f.rebuild_if_needed(FontSizes::for_window(1280, 800, false)));
        for (ImFont* i : f.icons) CHECK(i == nullptr);
        CHECK(f.icon_font_for(40) == nullptr);
        CHECK(f.body->FindGlyphNoFallback(0x8FD4) != nullptr);   // 返
        ImGui::DestroyContext();
    }
    std::filesystem::remove(junk);
}
