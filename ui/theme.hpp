#pragma once
// [SECTION] Theme — high-contrast colours and em-based metrics (适老化: text contrast ≥ 4.5:1 everywhere).
// Every colour that text is drawn in is listed with the background it is drawn on in text_pairs(), and a
// unit test checks the WCAG 2 contrast ratio of each pair; add a pair there when you add a colour.
#include <string>
#include <vector>

struct ImGuiStyle;

namespace kiosk::ui {

struct Rgb {
    unsigned char r, g, b;
    unsigned int im() const;   // as ImU32 (opaque)
    unsigned int im(float alpha) const;
};

struct Theme {
    Rgb page{0xF4, 0xF6, 0xFA};        // screen background
    Rgb card{0xFF, 0xFF, 0xFF};        // panels, tiles
    Rgb text{0x14, 0x1A, 0x24};        // body text on page/card
    Rgb muted{0x45, 0x4F, 0x5E};       // secondary text on page/card
    Rgb bar{0x0B, 0x3D, 0x91};         // top bar (police blue)
    Rgb on_bar{0xFF, 0xFF, 0xFF};
    Rgb primary{0x0B, 0x3D, 0x91};     // main action buttons
    Rgb on_primary{0xFF, 0xFF, 0xFF};
    Rgb primary_down{0x07, 0x2A, 0x66};
    Rgb secondary{0xDD, 0xE5, 0xF2};   // other buttons (keys, choices)
    Rgb on_secondary{0x0B, 0x2A, 0x5C};
    Rgb secondary_down{0xB8, 0xC7, 0xE0};
    Rgb selected{0x0B, 0x3D, 0x91};    // chosen choice: same as primary
    Rgb on_selected{0xFF, 0xFF, 0xFF};
    Rgb danger{0xA8, 0x1C, 0x1C};      // call staff, errors
    Rgb on_danger{0xFF, 0xFF, 0xFF};
    Rgb error_text{0xA8, 0x1C, 0x1C};  // error message on card/page
    Rgb ok_text{0x1B, 0x5E, 0x20};     // "checksum OK" on card/page
    Rgb warn_bg{0xFF, 0xF1, 0xD6};     // idle warning panel
    Rgb on_warn{0x4A, 0x30, 0x00};
    Rgb outline{0x5A, 0x6B, 0x85};     // borders (non-text: ≥ 3:1 against page)

    struct Pair { std::string name; Rgb fg, bg; };
    std::vector<Pair> text_pairs() const;
    // Sets ImGui's style: colours above, rounding and paddings in em of the body font size `em_px`.
    void apply(ImGuiStyle& style, float em_px) const;
};

const Theme& theme();

// WCAG 2.x relative luminance and contrast ratio (1..21).
double relative_luminance(Rgb c);
double contrast_ratio(Rgb a, Rgb b);

// Metrics in em (multiples of the body font size) so elderly mode scales everything with the text.
namespace em {
constexpr float tap_min = 2.2f;      // smallest tap target: 2.2 em = 57 px at 1080p (≥ 44), 86 px elderly (≥ 60)
constexpr float gap = 0.6f;
constexpr float pad = 1.0f;
constexpr float bar_height = 2.6f;   // the call-staff button (tap_min) and a margin
constexpr float line_spacing = 1.35f; // ≥ 1.3 (MIIT 适老化)
} // namespace em

} // namespace kiosk::ui
