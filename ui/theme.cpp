// Theme: colours and style. The contrast test (tests/ui/test_theme.cpp) holds every text pair to 4.5:1.
#include "ui/theme.hpp"

#include <imgui.h>

#include <cmath>

namespace kiosk::ui {

unsigned int Rgb::im() const { return IM_COL32(r, g, b, 255); }
unsigned int Rgb::im(float alpha) const { return IM_COL32(r, g, b, static_cast<int>(alpha * 255)); }

const Theme& theme() {
    static const Theme t;
    return t;
}

std::vector<Theme::Pair> Theme::text_pairs() const {
    return {
        {"text/page", text, page},           {"text/card", text, card},
        {"muted/page", muted, page},         {"muted/card", muted, card},
        {"on_bar/bar", on_bar, bar},         {"on_primary/primary", on_primary, primary},
        {"on_primary/primary_down", on_primary, primary_down},
        {"on_secondary/secondary", on_secondary, secondary},
        {"on_secondary/secondary_down", on_secondary, secondary_down},
        {"on_selected/selected", on_selected, selected},
        {"on_danger/danger", on_danger, danger},
        {"error/card", error_text, card},    {"error/page", error_text, page},
        {"ok/card", ok_text, card},          {"ok/page", ok_text, page},
        {"on_warn/warn_bg", on_warn, warn_bg},
        {"error/warn_bg", error_text, warn_bg},
    };
}

double relative_luminance(Rgb c) {
    auto lin = [](unsigned char v) {
        double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double contrast_ratio(Rgb a, Rgb b) {
    double la = relative_luminance(a), lb = relative_luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

void Theme::apply(ImGuiStyle& s, float em_px) const {
    s = ImGuiStyle();
    auto v4 = [](Rgb c, float a = 1) { return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, a); };
    s.WindowPadding = ImVec2(em::pad * em_px, em::pad * em_px);
    s.FramePadding = ImVec2(0.6f * em_px, 0.4f * em_px);
    s.ItemSpacing = ImVec2(em::gap * em_px, (em::line_spacing - 1.0f) * em_px + 0.2f * em_px);
    s.ItemInnerSpacing = ImVec2(0.4f * em_px, 0.3f * em_px);
    s.WindowRounding = 0;
    s.ChildRounding = 0.4f * em_px;
    s.FrameRounding = 0.4f * em_px;
    s.WindowBorderSize = 0;
    s.ChildBorderSize = 0;
    s.FrameBorderSize = 0;
    s.ScrollbarSize = 0.6f * em_px;   // shows position; dragging the content is how one scrolls
    s.ScrollbarRounding = 0.3f * em_px;
    s.TouchExtraPadding = ImVec2(0, 0);
    s.AntiAliasedFill = true;
    ImVec4* c = s.Colors;
    c[ImGuiCol_Text] = v4(text);
    c[ImGuiCol_TextDisabled] = v4(muted);
    c[ImGuiCol_WindowBg] = v4(page);
    c[ImGuiCol_ChildBg] = v4(page, 0);
    c[ImGuiCol_PopupBg] = v4(card);
    c[ImGuiCol_Border] = v4(outline);
    c[ImGuiCol_FrameBg] = v4(card);
    c[ImGuiCol_FrameBgHovered] = v4(card);
    c[ImGuiCol_FrameBgActive] = v4(card);
    c[ImGuiCol_Button] = v4(secondary);
    c[ImGuiCol_ButtonHovered] = v4(secondary);     // no hover-only affordance on a touch screen
    c[ImGuiCol_ButtonActive] = v4(secondary_down);
    c[ImGuiCol_CheckMark] = v4(primary);
    c[ImGuiCol_ScrollbarBg] = v4(page, 0);
    c[ImGuiCol_ScrollbarGrab] = v4(outline);
    c[ImGuiCol_ScrollbarGrabHovered] = v4(outline);
    c[ImGuiCol_ScrollbarGrabActive] = v4(outline);
    c[ImGuiCol_Separator] = v4(outline);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
    c[ImGuiCol_NavHighlight] = v4(primary);
}

} // namespace kiosk::ui
