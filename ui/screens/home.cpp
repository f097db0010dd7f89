// Home: category tiles, the search box, 中文/English, 大字模式 and voice toggles.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

void draw_home(Ui& ui) {
    Session& s = ui.session;
    const bool reader = ui.app.reader().configured;
    ImVec2 avail = begin_screen(ui, ui.tr(reader ? "home.title_card" : "home.title"));
    float gap = ui.px(em::gap);
    float row_h = ui.px(em::tap_min);
    ImVec2 o = ImGui::GetCursorScreenPos();

    // Search box (a button that opens the search screen and its keyboard) and two toggles (大字模式 is in
    // the header, on every screen). A toggle keeps its name and shows its state by colour (filled = on): a
    // label that flips is read as the state.
    float toggle_w = ui.px(6.5f);
    float search_w = avail.x - 2 * (toggle_w + gap);
    // Narrow (portrait, elderly): the search box across the width, the toggles in a row under it.
    const bool stacked = search_w < ui.px(9);
    if (stacked) search_w = avail.x;
    if (button(ui, std::string(ui.tr("home.search")) + "##home_search", ImVec2(search_w, row_h), ButtonKind::secondary, ui.fonts.body, {}, "search"))
        s.open_search();
    if (stacked) { o.y += row_h + gap; search_w = -gap; toggle_w = std::min(toggle_w, (avail.x - gap) / 2); }
    ImGui::SetCursorScreenPos(ImVec2(o.x + search_w + gap, o.y));
    if (button(ui, std::string(s.locale() == Locale::zh ? "English" : "中文") + "##lang", ImVec2(toggle_w, row_h), ButtonKind::secondary))
        s.switch_locale(s.locale() == Locale::zh ? Locale::en : Locale::zh);
    ImGui::SetCursorScreenPos(ImVec2(o.x + search_w + gap + (toggle_w + gap), o.y));
    if (button(ui, std::string(ui.tr("home.voice")) + "##voice", ImVec2(toggle_w, row_h),
               s.voice() ? ButtonKind::selected : ButtonKind::secondary))
        s.set_voice(!s.voice());

    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + row_h + gap * 1.5f));
    (void)draw_home_shortcuts(ui, avail.x);
    if (reader_hint_home(ui, avail.x) > 0) ImGui::Dummy(ImVec2(1, gap * 0.5f));   // where the ID-card reader is

    // Category tiles: as many columns as fit at ~11 em each; when their rows would not all fit under the
    // shortcuts (1280×800), more columns (down to 8 em wide), then lower tiles (down to 3.4 em) if that
    // makes them all fit. Otherwise (portrait, elderly mode) full-height tiles — a long name wraps onto two
    // lines and still needs the room — and the list scrolls.
    float list_h = ui.height - ImGui::GetCursorScreenPos().y - ui.px(0.6f);
    const auto& cats = ui.app.catalog.categories;
    const int n_cats = static_cast<int>(cats.size());
    int cols = std::max(2, static_cast<int>((avail.x + gap) / (ui.px(11) + gap)));
    auto rows_for = [&](int c) { return std::max(1, (n_cats + c - 1) / c); };
    auto height_for = [&](int c, float th) { return rows_for(c) * (th + gap) - gap; };
    float tile_h = ui.px(4.2f);
    while (height_for(cols, tile_h) > list_h && (avail.x + gap) / (cols + 1) - gap >= ui.px(8)) ++cols;
    if (height_for(cols, tile_h) > list_h) {
        const float fit_h = (list_h - (rows_for(cols) - 1) * gap) / rows_for(cols) - 0.5f;
        if (fit_h >= std::max(ui.px(3.4f), ui.px(em::tap_min))) tile_h = fit_h;
    }
    begin_touch_scroll(ui, "##categories", ImVec2(avail.x, list_h));
    float tile_w = (avail.x - (cols - 1) * gap) / cols;
    for (std::size_t i = 0; i < cats.size(); ++i) {
        if (i % static_cast<std::size_t>(cols) != 0) ImGui::SameLine(0, gap);
        std::size_t n = ui.app.catalog.services_in(cats[i].id).size();
        if (button(ui, ui.text(cats[i].name) + "##cat_" + cats[i].id, ImVec2(tile_w, tile_h), ButtonKind::secondary, ui.fonts.title,
                   ui.trf("home.services_count", {std::to_string(n)}), cats[i].icon.empty() ? "certificate" : cats[i].icon))
            s.open_category(cats[i].id);
    }
    end_touch_scroll(ui);
    end_screen(ui);
}

} // namespace kiosk::ui
