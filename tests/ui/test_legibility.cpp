// Legibility, measured on what is really drawn: every resident screen at 1280×800, 1920×1080 and portrait
// 1080×1920, in normal and elderly mode, zh and en. After each frame the draw lists are read back: every
// glyph quad is traced to the font it was baked in (by its atlas coordinates), so the test knows the pixel
// size of every character on screen and where it was drawn. It checks
//   - no glyph from a font below the smallest text size (labels, hints) and the body font at body size;
//   - no glyph cut off: each lies inside its draw command's clip rectangle and on the display (vertical
//     clipping inside a list that scrolls is what a list does, and is allowed);
//   - the pinyin keyboard's and the keypad's keys are at least as large in elderly mode as in normal mode,
//     and every field of the identity step is on screen above 下一步 (issue #11, defect 7).
// Glyphs that ImGui drops entirely (a line wholly outside its clip rectangle) leave no quad; the screen's
// content extent is checked against the display for those.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "screen_walk.hpp"
#include "app/pinyin.hpp"
#include "ui/screens/registry.hpp"

#include <imgui_internal.h>

#include <cstring>
#include <sstream>
#include <unordered_map>

using namespace kiosk;
using namespace kiosk::ui;

namespace {

struct Resolution { float w, h; const char* name; };
constexpr Resolution kResolutions[] = {{1280, 800, "1280x800"}, {1920, 1080, "1920x1080"}, {1080, 1920, "1080x1920"}};

// The smallest sizes at a short display side of 1080 px, scaled with the short side: normal mode body
// ≥ 32 px and nothing below 24 px (≥ 24 / 18 at 1280×800); elderly mode 1.5× that.
struct Minimums { float smallest, body; };
Minimums minimums(const Resolution& r, bool elderly) {
    float s = std::min(r.w, r.h) / 1080.0f * (elderly ? 1.5f : 1.0f);
    return {std::floor(24 * s), std::floor(32 * s)};
}

std::uint64_t uv_key(ImVec2 uv) {
    std::uint32_t a, b;
    std::memcpy(&a, &uv.x, 4);
    std::memcpy(&b, &uv.y, 4);
    return (std::uint64_t(a) << 32) | b;
}

struct GlyphInfo { float font_px; ImVec2 uv1; unsigned cp; };

// Every visible glyph of every font in the atlas, by the atlas coordinate of its top-left corner.
std::unordered_map<std::uint64_t, GlyphInfo> glyph_index() {
    std::unordered_map<std::uint64_t, GlyphInfo> m;
    for (ImFont* f : ImGui::GetIO().Fonts->Fonts)
        for (const ImFontGlyph& g : f->Glyphs)
            if (g.Visible) m[uv_key(ImVec2(g.U0, g.V0))] = {f->FontSize, ImVec2(g.U1, g.V1), g.Codepoint};
    return m;
}

struct TextAudit {
    float smallest_px = 1e9f;
    int glyphs = 0;
    std::vector<std::string> problems;
};

std::string utf8_of(unsigned cp) {
    std::string s;
    if (cp < 0x80) s += char(cp);
    else if (cp < 0x800) { s += char(0xC0 | (cp >> 6)); s += char(0x80 | (cp & 0x3F)); }
    else { s += char(0xE0 | (cp >> 12)); s += char(0x80 | ((cp >> 6) & 0x3F)); s += char(0x80 | (cp & 0x3F)); }
    return s;
}

// Reads back the last rendered frame's draw lists.
TextAudit audit_text(float min_px, float disp_w, float disp_h) {
    static thread_local std::unordered_map<std::uint64_t, GlyphInfo> index;
    index = glyph_index();
    TextAudit a;
    const ImDrawData* dd = ImGui::GetDrawData();
    REQUIRE(dd);
    for (int l = 0; l < dd->CmdListsCount; ++l) {
        const ImDrawList* dl = dd->CmdLists[l];
        ImGuiWindow* owner = dl->_OwnerName ? ImGui::FindWindowByName(dl->_OwnerName) : nullptr;
        const bool scrolls = owner && owner->ScrollMax.y > 0;
        std::vector<bool> seen(static_cast<std::size_t>(dl->VtxBuffer.Size), false);
        for (const ImDrawCmd& cmd : dl->CmdBuffer) {
            if (cmd.UserCallback) continue;
            const ImVec4 c = cmd.ClipRect;
            for (unsigned e = 0; e < cmd.ElemCount; ++e) {
                unsigned vi = dl->IdxBuffer[static_cast<int>(cmd.IdxOffset + e)] + cmd.VtxOffset;
                if (vi + 2 >= static_cast<unsigned>(dl->VtxBuffer.Size) || seen[vi]) continue;
                seen[vi] = true;
                const ImDrawVert& v0 = dl->VtxBuffer[static_cast<int>(vi)];
                auto it = index.find(uv_key(v0.uv));
                if (it == index.end()) continue;
                const ImDrawVert& v2 = dl->VtxBuffer[static_cast<int>(vi + 2)];
                if (v2.uv.x != it->second.uv1.x || v2.uv.y != it->second.uv1.y) continue;
                const GlyphInfo& g = it->second;
                ++a.glyphs;
                a.smallest_px = std::min(a.smallest_px, g.font_px);
                std::ostringstream where;
                where << "'" << utf8_of(g.cp) << "' (" << g.font_px << " px) at " << v0.pos.x << "," << v0.pos.y << "-" << v2.pos.x << ","
                      << v2.pos.y << " in " << (dl->_OwnerName ? dl->_OwnerName : "?");
                if (g.font_px < min_px - 0.01f) a.problems.push_back("too small: " + where.str());
                // 1.5 px: a glyph's side bearing (the arm of a 'Y' at a column's edge) is not a cut-off text.
                const float t = 1.5f;
                bool cut_x = v0.pos.x < c.x - t || v2.pos.x > c.z + t;
                bool cut_y = !scrolls && (v0.pos.y < c.y - t || v2.pos.y > c.w + t);
                if (cut_x || cut_y)
                    a.problems.push_back("cut off: " + where.str() + " clip " + std::to_string(int(c.x)) + "," + std::to_string(int(c.y)) + "-" +
                                         std::to_string(int(c.z)) + "," + std::to_string(int(c.w)));
                bool off = v0.pos.x < -t || v2.pos.x > disp_w + t || (!scrolls && (v0.pos.y < -t || v2.pos.y > disp_h + t));
                if (off) a.problems.push_back("off screen: " + where.str());
            }
        }
    }
    // Whatever the full-screen window laid out below the display edge was never drawn at all.
    if (ImGuiWindow* w = ImGui::FindWindowByName("##screen"))
        if (float bottom = w->DC.CursorStartPos.y + w->ContentSize.y; bottom > disp_h + 1)
            a.problems.push_back("the screen's content runs " + std::to_string(int(bottom - disp_h)) + " px below the display");
    return a;
}

struct Scene { std::string name; std::function<void(test::Harness&)> setup; };

// Walks to `st` and starts the UI's per-visit state afresh at once (as the next frame would), so a scene
// can then set the focus or the pinyin letters being composed.
void walk(test::Harness& h, Step st, const std::string& service = "cert.no-criminal-record") {
    test::go_to(h.session, st, service);
    h.ui.visit = VisitState{};
    h.ui.visit_generation = h.session.generation();
}

std::vector<Scene> scenes() {
    std::vector<Scene> out;
    for (const ScreenEntry& e : screens()) {
        Step st = e.step;
        out.push_back({step_name(st), [st](test::Harness& h) { walk(h, st); }});
    }
    out.push_back({"identity/name keyboard", [](test::Harness& h) {
        walk(h, Step::identity);
        h.ui.visit.focus_field = Session::kName;
        h.ui.visit.composing = "wei";
    }});
    out.push_back({"identity/id keypad", [](test::Harness& h) {
        walk(h, Step::identity);
        h.ui.visit.focus_field = Session::kIdNumber;
    }});
    out.push_back({"home visit/address keyboard", [](test::Harness& h) {
        walk(h, Step::fields, "residence.permit");
        for (const FieldSpec* f : h.session.current_fields())
            if (f->type == FieldType::address) h.ui.visit.focus_field = f->id;
    }});
    return out;
}

void draw_scene(test::Harness& h, int frames) {
    for (int i = 0; i < frames; ++i) {
        h.frame([&] { draw_screens(h.ui); });
        // Characters first met in this frame (validation messages, candidates) are baked between frames,
        // as the runner does.
        apply_font_sizes(h.ui, h.fonts.sizes(), false, test::read_atlas);
    }
}

const TapTarget* target(const Ui& ui, const std::string& label) {
    for (const auto& t : ui.targets) if (t.label == label) return &t;
    return nullptr;
}

} // namespace

TEST_CASE("legibility: every resident screen at three resolutions, both modes: text large enough, nothing cut off") {
    for (const Resolution& r : kResolutions) {
        for (bool elderly : {false, true}) {
            test::Harness h(r.w, r.h, elderly);
            h.app.pinyin = PinyinEngine::shared();
            const Minimums m = minimums(r, elderly);
            INFO(r.name << (elderly ? " elderly" : " normal") << ": smallest ≥ " << m.smallest << " px, body ≥ " << m.body << " px");
            CHECK(h.fonts.body->FontSize >= m.body);
            CHECK(h.fonts.bold->FontSize >= m.body);
            if (r.w == 1280) CHECK(h.fonts.body->FontSize >= (elderly ? 32 : 24));   // the brief's figures at 1280×800
            for (Locale l : {Locale::zh, Locale::en}) {
                for (const Scene& sc : scenes()) {
                    sc.setup(h);
                    h.session.set_locale(l);
                    h.session.set_elderly(elderly);
                    draw_scene(h, 3);
                    TextAudit a = audit_text(m.smallest, r.w, r.h);
                    INFO(sc.name << (l == Locale::zh ? " zh" : " en") << ": " << a.glyphs << " glyphs, smallest " << a.smallest_px << " px");
                    CHECK(a.glyphs > 0);
                    std::string first;
                    for (std::size_t i = 0; i < a.problems.size() && i < 8; ++i) first += "\n  " + a.problems[i];
                    INFO(a.problems.size() << " problems:" << first);
                    CHECK(a.problems.empty());
                }
            }
        }
    }
}

TEST_CASE("defect 7: elderly keys are at least as large as normal ones, and the identity step fits") {
    for (const Resolution& r : kResolutions) {
        ImVec2 key[2][2];   // [elderly][0 = pinyin "q", 1 = keypad "1"]
        for (bool elderly : {false, true}) {
            test::Harness h(r.w, r.h, elderly);
            h.app.pinyin = PinyinEngine::shared();
            INFO(r.name << (elderly ? " elderly" : " normal"));
            walk(h, Step::identity);
            h.session.set_elderly(elderly);
            h.ui.visit.focus_field = Session::kName;
            draw_scene(h, 3);
            const TapTarget* q = target(h.ui, "q");
            const TapTarget* next = target(h.ui, h.ui.tr("common.next"));
            REQUIRE(q);
            REQUIRE(next);
            key[elderly][0] = ImVec2(q->x1 - q->x0, q->y1 - q->y0);
            // Every field row of the step is on screen, above 下一步 (the phone field was below the fold).
            for (const FieldSpec* f : h.session.current_fields()) {
                const TapTarget* row = target(h.ui, h.ui.text(f->label));
                INFO("field " << f->id);
                REQUIRE(row);
                CHECK(row->y1 <= r.h);
                CHECK((row->y1 <= next->y0 || row->x1 <= next->x0 || row->x0 >= next->x1));
            }
            h.ui.visit.focus_field = Session::kIdNumber;
            draw_scene(h, 3);
            const TapTarget* one = target(h.ui, "1");
            REQUIRE(one);
            key[elderly][1] = ImVec2(one->x1 - one->x0, one->y1 - one->y0);
        }
        for (int k = 0; k < 2; ++k) {
            INFO(r.name << (k == 0 ? " pinyin key" : " keypad key") << ": normal " << key[0][k].x << "x" << key[0][k].y << ", elderly "
                        << key[1][k].x << "x" << key[1][k].y);
            CHECK(key[1][k].x >= key[0][k].x - 0.5f);
            CHECK(key[1][k].y >= key[0][k].y - 0.5f);
            WARN(r.name << (k == 0 ? " pinyin key" : " keypad key") << ": normal " << key[0][k].x << "x" << key[0][k].y << ", elderly "
                        << key[1][k].x << "x" << key[1][k].y);
        }
    }
}
