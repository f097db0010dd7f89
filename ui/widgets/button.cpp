// button(): the one tappable widget. Why custom: ImGui's Button has hover colours (no hover on touch),
// no debounce and no second line; this draws with the theme and centres wrapped text.
#include "ui/widgets/widgets.hpp"

#include <imgui_internal.h>

namespace kiosk::ui {

namespace {
constexpr double kDebounceS = 0.09;   // touch panels bounce: a second tap within 90 ms is the same tap

struct Colors { unsigned bg, bg_down, fg; };
Colors colors_for(const Ui& ui, ButtonKind k) {
    const Theme& t = ui.theme;
    switch (k) {
    case ButtonKind::primary: return {t.primary.im(), t.primary_down.im(), t.on_primary.im()};
    case ButtonKind::selected: return {t.selected.im(), t.primary_down.im(), t.on_selected.im()};
    case ButtonKind::danger: return {t.danger.im(), t.primary_down.im(), t.on_danger.im()};
    case ButtonKind::bar: return {t.bar.im(), t.primary_down.im(), t.on_bar.im()};
    case ButtonKind::secondary: break;
    }
    return {t.secondary.im(), t.secondary_down.im(), t.on_secondary.im()};
}

std::string visible(const std::string& label) {
    auto p = label.find("##");
    return p == std::string::npos ? label : label.substr(0, p);
}
} // namespace

void register_target(Ui& ui, const std::string& label, ImVec2 a, ImVec2 b) {
    ui.targets.push_back({label, a.x, a.y, b.x, b.y});
}

bool button(Ui& ui, const std::string& label, ImVec2 size, ButtonKind kind, ImFont* font, const std::string& sub,
            const std::string& icon) {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
    if (size.y <= 0) size.y = ui.px(em::tap_min);
    IM_ASSERT(size.y >= ui.px(em::tap_min) - 0.5f && "tap targets must be at least em::tap_min tall (≥ 44 px, 60 elderly)");
    ImGuiID id = w->GetID(label.c_str());
    ImVec2 pos = w->DC.CursorPos;
    ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImGui::ItemSize(size);
    if (!ImGui::ItemAdd(bb, id)) return false;
    bool hovered = false, held = false;
    bool pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held);
    std::string shown = visible(label);
    if (!shown.empty()) register_target(ui, shown, bb.Min, bb.Max);
    ui.fonts.need(shown);
    ui.fonts.need(sub);

    Colors c = colors_for(ui, kind);
    // Inside BeginDisabled(): ImGui dims through style alpha, which these opaque colours would ignore, so a
    // day that cannot be booked would look like one that can. Drawn flat on the page colour instead, with
    // muted text (a pair the contrast test checks).
    const bool disabled = (GImGui->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
    if (disabled) c = {ui.theme.page.im(), ui.theme.page.im(), ui.theme.muted.im()};
    ImDrawList* dl = w->DrawList;
    dl->AddRectFilled(bb.Min, bb.Max, held ? c.bg_down : c.bg, ui.px(0.4f));
    if (kind == ButtonKind::secondary || disabled) dl->AddRect(bb.Min, bb.Max, ui.theme.outline.im(disabled ? 0.25f : 0.5f), ui.px(0.4f));

    ImFont* f = font ? font : ui.fonts.bold;
    ImFont* fs = ui.fonts.small;
    // The pictogram takes a square on the left, at most 2.2 em and never taller than the button allows,
    // 0.5 em from the edge and 0.4 em from the text. A label that does not fit on one line beside it wraps,
    // as on the home tiles — where the key is tall enough for two lines. A key that is not (返回 and 首页:
    // 3.8 em wide, one line tall, the same places on every screen) gets tighter margins and a smaller
    // pictogram instead, down to 0.75 em; below that the word alone.
    float icon_px = icon.empty() ? 0 : std::min(size.y * 0.62f, ui.px(2.2f));
    float icon_left = ui.px(0.5f), text_gap = ui.px(0.4f), right = ui.px(0.4f);
    const bool two_lines_fit = size.y >= 2 * f->FontSize + (sub.empty() ? 0.0f : fs->FontSize) + ui.px(0.4f);
    if (icon_px > 0 && !shown.empty() && !two_lines_fit) {
        const float one_line = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, shown.c_str()).x;
        const bool fits = icon_left + icon_px + text_gap + one_line + right <= size.x;
        const float tight = ui.px(0.3f) + ui.px(0.2f) + ui.px(0.3f);
        if (!fits && one_line + tight + ui.px(0.75f) <= size.x) {
            icon_left = ui.px(0.3f); text_gap = ui.px(0.2f); right = ui.px(0.3f);
            icon_px = std::min(icon_px, size.x - one_line - tight - 1.0f);   // 1 px: the wrap must not cut it
        } else if (!fits && one_line + tight <= size.x) {
            icon_px = 0;   // the word fits only alone
        }
    }
    const float inset = icon_px > 0 ? icon_left + icon_px + text_gap - right : 0;
    float wrap = size.x - 2 * right - inset;
    ImVec2 t1 = f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, shown.c_str());
    ImVec2 t2 = sub.empty() ? ImVec2(0, 0) : fs->CalcTextSizeA(fs->FontSize, FLT_MAX, wrap, sub.c_str());
    float gap = sub.empty() ? 0 : ui.px(0.25f);
    float y = bb.Min.y + (size.y - t1.y - t2.y - gap) * 0.5f;
    dl->PushClipRect(bb.Min, bb.Max, true);
    // Each wrapped line centred on its own.
    auto draw_centered = [&](ImFont* font_, const std::string& s, float top) {
        const char* p = s.c_str();
        const char* end = p + s.size();
        while (p < end) {
            const char* line_end = font_->CalcWordWrapPositionA(1.0f, p, end, wrap);
            if (line_end == p) line_end = p + 1;
            ImVec2 ls = font_->CalcTextSizeA(font_->FontSize, FLT_MAX, 0, p, line_end);
            dl->AddText(font_, font_->FontSize, ImVec2(bb.Min.x + inset + (size.x - inset - ls.x) * 0.5f, top), c.fg, p, line_end);
            top += font_->FontSize;
            p = line_end;
            while (p < end && (*p == ' ' || *p == '\n')) ++p;
        }
    };
    draw_centered(f, shown, y);
    if (!sub.empty()) draw_centered(fs, sub, y + t1.y + gap);
    dl->PopClipRect();
    if (icon_px > 0) {
        // Beside the text, or centred when the pictogram is all the button shows.
        const float cx = shown.empty() ? bb.Min.x + size.x * 0.5f : bb.Min.x + icon_left + icon_px * 0.5f;
        pictogram(ui, icon, ImVec2(cx, bb.Min.y + size.y * 0.5f), icon_px, c.fg);
    }

    if (pressed) {
        ui.keep_awake();
        // On when the finger lifted, not on when the frame ran: see InputQueue::Event::t.
        const double at = ui.tap_time >= 0 ? ui.tap_time : ui.time;
        if (ui.last_tap_time >= 0 && at - ui.last_tap_time < kDebounceS && at >= ui.last_tap_time) return false;
        ui.last_tap_time = at;
        // A tap restarts the idle timer. On the attract screen the screen itself decides what wakes the
        // kiosk: its bar's 呼叫工作人员 calls staff without starting a visit.
        if (ui.session.step() != Step::attract) ui.session.activity();
    }
    return pressed;
}

void text(Ui& ui, const std::string& s, ImFont* font, unsigned color, float wrap_width) {
    ImFont* f = font ? font : ui.fonts.body;
    ui.fonts.need(s);   // text from the core (validation messages) or the resident: baked next frame
    ImGui::PushFont(f);
    ImGui::PushStyleColor(ImGuiCol_Text, color ? color : ui.theme.text.im());
    float x = ImGui::GetCursorPosX();
    ImGui::PushTextWrapPos(wrap_width > 0 ? x + wrap_width : 0.0f);
    ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

void text_centered(Ui& ui, const std::string& s, ImFont* f, unsigned color, float width) {
    ui.fonts.need(s);
    ImVec2 sz = f->CalcTextSizeA(f->FontSize, FLT_MAX, width, s.c_str());
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddText(f, f->FontSize, ImVec2(p.x + std::max(0.0f, (width - sz.x) * 0.5f), p.y), color,
                                        s.c_str(), nullptr, width);
    ImGui::Dummy(ImVec2(width, sz.y));
    // Keep the column: the next line starts under this one, not at the window's left edge.
    ImGui::SetCursorScreenPos(ImVec2(p.x, ImGui::GetCursorScreenPos().y));
}

} // namespace kiosk::ui
