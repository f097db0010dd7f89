// Where the ID-card reader is (attract and home, issue #13): a card going down onto the reader's pad, and
// one line saying where the pad is ("感应区在屏幕下方") with an arrow that points there. Drawn from plain
// shapes like the pictograms (no icon font in the atlas). Only when [reader] uri is not none; the pad's
// place comes from [reader] position (below | right | left, docs/ADMIN.md §15).
#include "app/config.hpp"
#include "ui/widgets/widgets.hpp"

#include <algorithm>
#include <cfloat>

namespace kiosk::ui {

namespace {

// The drawing's height: the card and pad scale with the text, so elderly mode draws them larger too.
float art_height(const Ui& ui, bool compact) { return ui.px(compact ? 2.2f : 3.4f); }
float art_width(const Ui& ui, bool compact) { return art_height(ui, compact) * 1.7f; }

std::string where_key(const Ui& ui) { return "reader.where." + ui.app.config.reader.position; }

// A filled arrow pointing `dir` ('d' down, 'r' right, 'l' left) in the square of side s at `c`.
void arrow(ImDrawList* dl, ImVec2 c, float s, char dir, unsigned col) {
    const float t = s * 0.16f;   // half the shaft's thickness
    const float h = s * 0.5f;    // the head's half-width
    if (dir == 'd') {
        dl->AddRectFilled(ImVec2(c.x - t, c.y - s * 0.5f), ImVec2(c.x + t, c.y + s * 0.05f), col);
        dl->AddTriangleFilled(ImVec2(c.x - h, c.y), ImVec2(c.x + h, c.y), ImVec2(c.x, c.y + s * 0.5f), col);
    } else {
        const float k = dir == 'r' ? 1.f : -1.f;
        dl->AddRectFilled(ImVec2(c.x - k * s * 0.5f, c.y - t), ImVec2(c.x + k * s * 0.05f, c.y + t), col);
        dl->AddTriangleFilled(ImVec2(c.x, c.y - h), ImVec2(c.x, c.y + h), ImVec2(c.x + k * s * 0.5f, c.y), col);
    }
}

// The reader's pad (a dark slab with the sensing mark) and the ID card above it, a small arrow between.
void pad_and_card(Ui& ui, ImVec2 a, float w, float h) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& th = ui.theme;
    // Pad: the lower third, drawn in perspective (narrower at the back) so it reads as a surface.
    const float pad_top = a.y + h * 0.66f, pad_bot = a.y + h;
    const ImVec2 slab[4] = {ImVec2(a.x + w * 0.12f, pad_top), ImVec2(a.x + w * 0.88f, pad_top), ImVec2(a.x + w, pad_bot),
                            ImVec2(a.x, pad_bot)};
    dl->AddConvexPolyFilled(slab, 4, th.bar.im());
    // The sensing mark on the pad: three arcs, as printed on real readers' pads.
    const ImVec2 mc(a.x + w * 0.5f, pad_top + (pad_bot - pad_top) * 0.62f);
    for (int i = 1; i <= 3; ++i) {
        dl->PathArcTo(mc, h * 0.07f * i, 3.14159f * 1.2f, 3.14159f * 1.8f);
        dl->PathStroke(th.on_bar.im(), 0, std::max(1.5f, h * 0.025f));
    }
    // Card: white, outlined, with the ID-card pictogram on it, above the pad.
    const float cw = w * 0.5f, ch = h * 0.4f;
    const ImVec2 c0(a.x + (w - cw) * 0.5f, a.y), c1(c0.x + cw, c0.y + ch);
    dl->AddRectFilled(c0, c1, th.card.im(), h * 0.04f);
    pictogram(ui, "idcard", ImVec2((c0.x + c1.x) * 0.5f, (c0.y + c1.y) * 0.5f), std::min(cw, ch * 1.5f), th.bar.im());
    // Between them: the card goes down onto the pad.
    arrow(dl, ImVec2(a.x + w * 0.5f, c1.y + (pad_top - c1.y) * 0.5f), (pad_top - c1.y) * 0.8f, 'd', th.danger.im());
}

} // namespace

float reader_hint_height(const Ui& ui, bool compact) {
    if (!ui.app.reader().configured) return 0;
    return art_height(ui, compact);
}

float reader_hint(Ui& ui, float width, bool compact) {
    if (!ui.app.reader().configured) return 0;
    const float h = art_height(ui, compact), aw = art_width(ui, compact), gap = ui.px(em::gap);
    const std::string& pos = ui.app.config.reader.position;
    const char dir = pos == "right" ? 'r' : pos == "left" ? 'l' : 'd';
    ImFont* f = compact ? ui.fonts.body : ui.fonts.title;
    const std::string words = ui.tr(where_key(ui));
    const float arrow_s = f->FontSize * 1.2f;
    // The text may wrap on a narrow screen; the row is centred in `width`.
    const float text_max = std::max(ui.px(4), width - aw - arrow_s - 3 * gap);
    const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, text_max, words.c_str());
    const float row_w = aw + gap + ts.x + gap + arrow_s;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float x0 = o.x + std::max(0.0f, (width - row_w) * 0.5f);
    pad_and_card(ui, ImVec2(x0, o.y), aw, h);
    const float ty = o.y + (h - ts.y) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x0 + aw + gap, ty));
    text(ui, words, f, ui.theme.text.im(), text_max);
    register_target(ui, words, ImVec2(x0 + aw + gap, ty), ImVec2(x0 + aw + gap + ts.x, ty + ts.y));   // flows and the probe
    arrow(ImGui::GetWindowDrawList(), ImVec2(x0 + aw + 2 * gap + ts.x + arrow_s * 0.5f, o.y + h * 0.5f), arrow_s, dir,
          ui.theme.danger.im());
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + h));
    ImGui::Dummy(ImVec2(width, 1));
    return h;
}

float reader_hint_home(Ui& ui, float width) {
    // Home in elderly mode on a small screen: the category tiles need the room more (the title already
    // says 或先刷身份证); the row is drawn only with about two rows of tiles' room left under it.
    if (ui.height - ImGui::GetCursorScreenPos().y < art_height(ui, true) + ui.px(11)) return 0;
    return reader_hint(ui, width, true);
}

void take_card_band(Ui& ui, float top) {
    if (!ui.session.take_card_band()) return;
    ui.wake_in(1.0);   // the band ends on its own after Session::kTakeCardBandS
    ImFont* f = ui.fonts.title;
    const std::string words = ui.tr("reader.take_card");
    const ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, words.c_str());
    const float h = ts.y + ui.px(1.2f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, top), ImVec2(ui.width, top + h), ui.theme.danger.im());
    const ImVec2 at((ui.width - ts.x) * 0.5f, top + (h - ts.y) * 0.5f);
    dl->AddText(f, f->FontSize, at, ui.theme.on_danger.im(), words.c_str());
    register_target(ui, words, at, ImVec2(at.x + ts.x, at.y + ts.y));   // flows and the probe
}

} // namespace kiosk::ui
