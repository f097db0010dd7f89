// The calling banner (叫号): the station's newest calls in a band of its own at the bottom of every
// resident screen. The band is reserved — draw_screens lays the screen out above it — so the banner never
// covers a button, and it is drawn on the foreground draw list, which takes no input: it can never steal a
// tap. It appears and goes only while no finger is down, so a button never moves under a finger.
// Newest call first, large (the ticket in the huge ASCII font); the few before it smaller beside it.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

#include "app/events/call_board.hpp"

#include <chrono>

namespace kiosk::ui {

namespace {
constexpr auto kShownFor = std::chrono::minutes(30);   // after the newest call the band stays this long
constexpr double kHighlightS = 8;                      // a new call stands out this long

struct BannerState {
    bool shown = false;
    std::uint64_t version = 0;
    double new_since = -1;
};
BannerState g_banner;   // one per process: the runner draws one Ui

std::vector<CallRecord> live_calls(const Ui& ui, double& expires_in_s) {
    expires_in_s = -1;
    if (!ui.app.calls) return {};
    std::vector<CallRecord> calls = ui.app.calls->snapshot();
    if (calls.empty()) return calls;
    const auto age = WallClock::now() - calls.front().received;
    if (age > kShownFor) return {};
    expires_in_s = std::chrono::duration<double>(kShownFor - age).count() + 0.5;
    return calls;
}
// The band takes at most ~15% of the screen: on a short screen in elderly mode the huge ticket font would
// squeeze the screen above it (the keyboard met the nav row), so the ticket is drawn in the title font.
bool compact(const Ui& ui) { return ui.fonts.huge->FontSize + ui.px(1.2f) > 0.15f * ui.height; }
ImFont* ticket_font(const Ui& ui) { return compact(ui) ? ui.fonts.title : ui.fonts.huge; }
} // namespace

float call_band_height(Ui& ui) {
    double expires = -1;
    const bool want = !live_calls(ui, expires).empty();
    if (expires > 0) ui.wake_in(expires);
    // Never while a finger is down: the screen above would shift under it.
    if (want != g_banner.shown && !ImGui::GetIO().MouseDown[0]) g_banner.shown = want;
    if (!g_banner.shown) return 0;
    return ticket_font(ui)->FontSize + ui.px(compact(ui) ? 0.7f : 1.2f);
}

void draw_call_banner(Ui& ui, float y, float h) {
    double expires = -1;
    std::vector<CallRecord> calls = live_calls(ui, expires);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    const float x0 = 0, x1 = ui.width;
    dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + h), ui.theme.bar.im());
    if (calls.empty()) return;   // the band is going: keep its place until the finger lifts

    const std::uint64_t v = ui.app.calls->version();
    const CallRecord& newest = calls.front();
    if (v != g_banner.version) { g_banner.version = v; g_banner.new_since = ui.time; ui.bench_marks.push_back("call_drawn " + newest.ticket); }
    const bool fresh = g_banner.new_since >= 0 && ui.time - g_banner.new_since < kHighlightS;
    if (fresh) ui.wake_in(kHighlightS - (ui.time - g_banner.new_since) + 0.05);

    // Label block at the left: 叫号 / 再次呼叫.
    const CallRecord& c = newest;
    ImFont* tf = ui.fonts.title;
    ImFont* hf = ticket_font(ui);
    const float pad = ui.px(0.8f);
    const std::string label = ui.tr(c.recall ? "calls.recall" : "calls.title");
    ui.fonts.need(label);
    const float label_w = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, 0, label.c_str()).x + 2 * pad;
    dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + label_w, y + h), fresh ? ui.theme.danger.im() : ui.theme.primary_down.im());
    dl->AddText(tf, tf->FontSize, ImVec2(x0 + pad, y + (h - tf->FontSize) * 0.5f), ui.theme.on_bar.im(), label.c_str());

    // "请 A023 号到 2 号窗口办理": the words in the title font, ticket and window in the huge one. The
    // sentence comes from the string table ("calls.banner", {0} ticket, {1} window) split at its holes.
    std::string pattern = ui.tr("calls.banner");
    float x = x0 + label_w + pad;
    const float base = y + (h - hf->FontSize) * 0.5f;
    std::string full;   // for --script expect_text / wait_text
    std::size_t i = 0;
    while (i < pattern.size()) {
        const std::size_t hole = pattern.find('{', i);
        const std::string words = pattern.substr(i, hole == std::string::npos ? std::string::npos : hole - i);
        if (!words.empty()) {
            dl->AddText(tf, tf->FontSize, ImVec2(x, base + (hf->FontSize - tf->FontSize) * 0.6f), ui.theme.on_bar.im(), words.c_str());
            x += tf->CalcTextSizeA(tf->FontSize, FLT_MAX, 0, words.c_str()).x;
            full += words;
        }
        if (hole == std::string::npos || hole + 2 >= pattern.size()) break;
        const std::string& value = pattern[hole + 1] == '0' ? c.ticket : c.window;
        dl->AddText(hf, hf->FontSize, ImVec2(x, base), fresh ? IM_COL32(0xFF, 0xE0, 0x66, 255) : ui.theme.on_bar.im(), value.c_str());
        x += hf->CalcTextSizeA(hf->FontSize, FLT_MAX, 0, value.c_str()).x;
        full += value;
        i = hole + 3;
    }
    register_target(ui, full, ImVec2(x0, y), ImVec2(x, y + h));

    // The calls before it, smaller, right-aligned: "A021 → 1号窗口".
    ImFont* sf = ui.fonts.body;
    float rx = x1 - pad;
    for (std::size_t k = 1; k < calls.size(); ++k) {
        const std::string t = ui.trf("calls.earlier", {calls[k].ticket, calls[k].window});
        ui.fonts.need(t);
        const float w = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, t.c_str()).x;
        if (rx - w < x + pad * 2) break;   // no room left beside the newest call
        rx -= w;
        dl->AddText(sf, sf->FontSize, ImVec2(rx, y + (h - sf->FontSize) * 0.5f), ui.theme.on_bar.im(0.85f), t.c_str());
        register_target(ui, t, ImVec2(rx, y), ImVec2(rx + w, y + h));
        rx -= pad * 1.5f;
    }
}

} // namespace kiosk::ui
