// Attract: rotating public notices (反诈, 防溺水, opening hours) while nobody uses the kiosk; any tap → home.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

#include <cmath>

namespace kiosk::ui {

std::vector<const std::string*> attract_strings(const Strings& strings, const Config& cfg) {
    // The top bar (station name, status mark, call staff), the welcome line, the notices, the prompt.
    auto out = strings.with_prefixes({"attract.", "notice.", "status.", "common."});
    out.push_back(&cfg.station.name.zh);
    out.push_back(&cfg.station.name.en);
    return out;
}

void draw_attract(Ui& ui) {
    static const char* kNotices[] = {"notice.fraud1", "notice.fraud2", "notice.fraud3", "notice.water", "notice.hours"};
    constexpr double kRotateS = 8;
    int n = static_cast<int>(ui.time / kRotateS) % static_cast<int>(std::size(kNotices));
    ui.wake_in(kRotateS - std::fmod(ui.time, kRotateS) + 0.01);

    begin_screen(ui, "");
    float w = ui.width - ui.px(4);
    ImGui::SetCursorScreenPos(ImVec2(ui.px(2), ui.height * 0.16f));
    text_centered(ui, ui.tr("attract.welcome"), ui.fonts.title, ui.theme.text.im(), w);
    ImGui::Dummy(ImVec2(1, ui.px(1)));

    // The notice card, centred like the lines above and below it.
    ImVec2 p(ui.px(2), ImGui::GetCursorScreenPos().y);
    float card_h = ui.height * 0.42f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + card_h), ui.theme.card.im(), ui.px(0.6f));
    dl->AddRect(p, ImVec2(p.x + w, p.y + card_h), ui.theme.outline.im(0.5f), ui.px(0.6f));
    std::string key = kNotices[n];
    ImGui::SetCursorScreenPos(ImVec2(p.x + ui.px(1.5f), p.y + ui.px(1.2f)));
    text(ui, ui.tr(key + ".title"), ui.fonts.title, ui.theme.bar.im(), w - ui.px(3));
    ImGui::Dummy(ImVec2(1, ui.px(0.4f)));
    ImGui::SetCursorPosX(p.x + ui.px(1.5f));
    text(ui, ui.tr(key + ".body"), ui.fonts.body, ui.theme.text.im(), w - ui.px(3));

    ImGui::SetCursorScreenPos(ImVec2(ui.px(2), p.y + card_h + ui.px(1.5f)));
    // With a reader the card is the main way in (docs/READER.md); a tap still starts a typed visit.
    const char* prompt = ui.app.reader().configured ? "attract.touch_or_card" : "attract.touch";
    text_centered(ui, ui.tr(prompt), ui.fonts.title, ui.theme.primary.im(), w);
    register_target(ui, ui.tr(prompt), ImVec2(0, 0), ImVec2(ui.width, ui.height));
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
