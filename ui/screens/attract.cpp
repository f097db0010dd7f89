// Attract: rotating public notices (反诈, 防溺水, opening hours) while nobody uses the kiosk; any tap → home.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

#include <cmath>

namespace kiosk::ui {

std::vector<const std::string*> attract_strings(const Strings& strings, const Config& cfg) {
    // The top bar (station name, status mark, call staff), the welcome line, the notices, the prompt.
    // reader.where.* and reader.take_card: where the reader is, and the band after a visit (reader_hint.cpp).
    auto out = strings.with_prefixes({"attract.", "notice.", "status.", "common.", "reader.where.", "reader.take_card"});
    out.push_back(&cfg.station.name.zh);
    out.push_back(&cfg.station.name.en);
    out.push_back(&cfg.station.hours.zh);
    out.push_back(&cfg.station.hours.en);
    return out;
}

namespace {
// 开始 drawn as a large primary button, centred in `width` at the cursor (not a separate target: the whole
// screen is one).
void start_mark(Ui& ui, float width) {
    ImFont* f = ui.fonts.title;
    const std::string label = ui.tr("attract.start");
    ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.c_str());
    ImVec2 size(std::max(ui.px(10), ts.x + ui.px(3)), ui.px(2.8f));
    ImVec2 c = ImGui::GetCursorScreenPos();
    ImVec2 a(c.x + (width - size.x) * 0.5f, c.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, ImVec2(a.x + size.x, a.y + size.y), ui.theme.primary.im(), ui.px(0.6f));
    dl->AddText(f, f->FontSize, ImVec2(a.x + (size.x - ts.x) * 0.5f, a.y + (size.y - f->FontSize) * 0.5f), ui.theme.on_primary.im(), label.c_str());
    ImGui::Dummy(ImVec2(width, size.y + ui.px(0.3f)));
}
float start_mark_height(const Ui& ui) { return ui.px(2.8f) + ui.px(0.3f) + ImGui::GetStyle().ItemSpacing.y; }
} // namespace

void draw_attract(Ui& ui) {
    static const char* kNotices[] = {"notice.fraud1", "notice.fraud2", "notice.fraud3", "notice.water", "notice.hours"};
    constexpr double kRotateS = 8;
    int n = static_cast<int>(ui.time / kRotateS) % static_cast<int>(std::size(kNotices));
    ui.wake_in(kRotateS - std::fmod(ui.time, kRotateS) + 0.01);

    begin_screen(ui, "");
    float w = ui.width - ui.px(4);
    // Bottom up: the hours, the prompt and 开始 keep their room; the notice card takes what is left (the
    // same screen in elderly mode at 1280×800 and in portrait).
    const std::string hours = ui.trf("attract.hours", {ui.text(ui.app.config.station.hours)});
    ImFont* bf = ui.fonts.body;
    const float hours_h = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, w, hours.c_str()).y;
    const float touch_h = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, w, ui.tr("attract.touch")).y;
    const float base_block = start_mark_height(ui) + touch_h + ui.px(0.6f) + hours_h + ui.px(1.2f);
    // The card is as tall as the longest notice needs (so it does not jump as they rotate), no taller:
    // on a tall portrait screen the whole column is centred instead of a card of empty space.
    float needed = 0;
    for (const char* k : kNotices) {
        const std::string kk = k;
        ImFont* tf = ui.fonts.title;
        needed = std::max(needed, tf->CalcTextSizeA(tf->FontSize, FLT_MAX, w - ui.px(3), ui.tr(kk + ".title")).y +
                                      bf->CalcTextSizeA(bf->FontSize, FLT_MAX, w - ui.px(3), ui.tr(kk + ".body")).y);
    }
    needed += ui.px(2.8f);
    const float top = std::min(ui.height * 0.16f, ui.px(em::bar_height + 1.5f));
    const float welcome_h = ui.fonts.title->FontSize + ui.px(0.9f);
    // Where the ID-card reader is (0 without one): full size, or the smaller row when the notice card would
    // get less than its minimum (elderly mode on 1280×800), or not at all (the prompt still says 刷身份证).
    const float card_room = ui.height - base_block - ui.px(1.2f) - top - welcome_h - ui.px(0.4f);
    bool hint_compact = false;
    float hint_h = reader_hint_height(ui, false);
    if (hint_h > 0 && card_room - hint_h < ui.px(6)) { hint_compact = true; hint_h = reader_hint_height(ui, true); }
    if (hint_h > 0 && card_room - hint_h < ui.px(6)) hint_h = 0;
    const float bottom_block = base_block + (hint_h > 0 ? hint_h + ui.px(0.4f) : 0);
    const float room = ui.height - bottom_block - ui.px(1.2f) - top - welcome_h;
    const float slack = std::max(0.0f, room - std::max(needed, ui.px(6)));
    ImGui::SetCursorScreenPos(ImVec2(ui.px(2), top + slack * 0.4f));
    text_centered(ui, ui.tr("attract.welcome"), ui.fonts.title, ui.theme.text.im(), w);
    ImGui::Dummy(ImVec2(1, ui.px(0.3f)));

    // The notice card, centred like the lines above and below it.
    ImVec2 p(ui.px(2), ImGui::GetCursorScreenPos().y);
    float card_h = std::max(ui.px(6), std::min(needed, ui.height - bottom_block - ui.px(1.2f) - p.y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + card_h), ui.theme.card.im(), ui.px(0.6f));
    dl->AddRect(p, ImVec2(p.x + w, p.y + card_h), ui.theme.outline.im(0.5f), ui.px(0.6f));
    std::string key = kNotices[n];
    ImGui::SetCursorScreenPos(ImVec2(p.x + ui.px(1.5f), p.y + ui.px(0.8f)));
    text(ui, ui.tr(key + ".title"), ui.fonts.title, ui.theme.bar.im(), w - ui.px(3));
    ImGui::Dummy(ImVec2(1, ui.px(0.1f)));
    ImGui::SetCursorPosX(p.x + ui.px(1.5f));
    text(ui, ui.tr(key + ".body"), ui.fonts.body, ui.theme.text.im(), w - ui.px(3));

    // A large 开始 (any tap anywhere starts; this is where the eye goes), the prompt, the counter's hours.
    // With a reader the card is the main way in (docs/READER.md); a tap still starts a typed visit.
    ImGui::SetCursorScreenPos(ImVec2(ui.px(2), p.y + card_h + ui.px(1.0f)));
    start_mark(ui, w);
    const char* prompt = ui.app.reader().configured ? "attract.touch_or_card" : "attract.touch";
    text_centered(ui, ui.tr(prompt), bf, ui.theme.text.im(), w);
    if (hint_h > 0 && reader_hint(ui, w, hint_compact) > 0) ImGui::Dummy(ImVec2(1, ui.px(0.2f)));
    ImGui::Dummy(ImVec2(1, ui.px(0.2f)));
    text_centered(ui, hours, bf, ui.theme.muted.im(), w);
    register_target(ui, ui.tr(prompt), ImVec2(0, 0), ImVec2(ui.width, ui.height));
    take_card_band(ui, top);   // the visit ended with the card still on the reader
    end_screen(ui);

    // Any tap or key wakes the kiosk. On release, so the same touch does not press a home-screen button.
    ImGuiIO& io = ImGui::GetIO();
    bool pressed = io.InputQueueCharacters.Size > 0;
    for (int k = 0; k < 512 && !pressed; ++k) pressed = ImGui::IsKeyPressed(k, false);
    // Not the release of a tap on the bar's own button (呼叫工作人员): that tap calls staff and stays here.
    if ((ImGui::IsMouseReleased(0) && !ImGui::IsAnyItemHovered()) || pressed) {
        io.InputQueueCharacters.resize(0);
        ui.session.activity();
        ui.keep_awake();
    }
}

} // namespace kiosk::ui
