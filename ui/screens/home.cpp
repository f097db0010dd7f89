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

    // Search box (a button that opens the search screen and its keyboard) and the three toggles. A toggle
    // keeps its name and shows its state by colour (filled = on): a label that flips is read as the state.
    float toggle_w = ui.px(6.5f);
    float search_w = avail.x - 3 * (toggle_w + gap);
    // Narrow (portrait, elderly): the search box across the width, the toggles in a row under it.
    const bool stacked = search_w < ui.px(9);
    if (stacked) search_w = avail.x;
    if (button(ui, std::string(ui.tr("home.search")) + "##home_search", ImVec2(search_w, row_h), ButtonKind::secondary, ui.fonts.body))
        s.open_search();
    if (stacked) { o.y += row_h + gap; search_w = -gap; toggle_w = std::min(toggle_w, (avail.x - 2 * gap) / 3); }
    ImGui::SetCursorScreenPos(ImVec2(o.x + search_w + gap, o.y));
    if (button(ui, std::string(s.locale() == Locale::zh ? "English" : "中文") + "##lang", ImVec2(toggle_w, row_h), ButtonKind::secondary))
        s.switch_locale(s.locale() == Locale::zh ? Locale::en : Locale::zh);
    ImGui::SetCursorScreenPos(ImVec2(o.x + search_w + gap + (toggle_w + gap), o.y));
    if (button(ui, std::string(ui.tr("home.elderly")) + "##elderly", ImVec2(toggle_w, row_h),
               s.elderly() ? ButtonKind::selected : ButtonKind::secondary))
        s.switch_elderly(!s.elderly());
    ImGui::SetCursorScreenPos(ImVec2(o.x + search_w + gap + 2 * (toggle_w + gap), o.y));
    if (button(ui, std::string(ui.tr("home.voice")) + "##voice", ImVec2(toggle_w, row_h),
               s.voice() ? ButtonKind::selected : ButtonKind::secondary))
        s.set_voice(!s.voice());

    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + row_h + gap * 1.5f));
    (void)draw_home_shortcuts(ui, avail.x);
    if (reader_hint_home(ui, avail.x) > 0) ImGui::Dummy(ImVec2(1, gap * 0.5f));   // where the ID-card reader is

    // Category tiles: as many columns as fit at ~11 em each.
    float list_h = ui.height - ImGui::GetCursorScreenPos().y - ui.px(0.6f);
    begin_touch_scroll(ui, "##categories", ImVec2(avail.x, list_h));
    const auto& cats = ui.app.catalog.categories;
    int cols = std::max(2, static_cast<int>((avail.x + gap) / (ui.px(11) + gap)));
    float tile_w = (avail.x - (cols - 1) * gap) / cols;
    float tile_h = ui.px(4.2f);
    for (std::size_t i = 0; i < cats.size(); ++i) {
        if (i % static_cast<std::size_t>(cols) != 0) ImGui::SameLine(0, gap);
        std::size_t n = ui.app.catalog.services_in(cats[i].id).size();
        if (button(ui, ui.text(cats[i].name) + "##cat_" + cats[i].id, ImVec2(tile_w, tile_h), ButtonKind::secondary, ui.fonts.title,
                   ui.trf("home.services_count", {std::to_string(n)})))
            s.open_category(cats[i].id);
    }
    // 查询办理进度: the last tile (ui/screens/progress.cpp), where the kiosk has the progress query.
    if (ui.app.progress) {
        if (!cats.empty() && cats.size() % static_cast<std::size_t>(cols) != 0) ImGui::SameLine(0, gap);
        if (button(ui, std::string(ui.tr("home.progress")) + "##home_progress", ImVec2(tile_w, tile_h), ButtonKind::primary,
                   ui.fonts.title, ui.tr("home.progress_sub")))
            s.open_progress();
    }
    end_touch_scroll(ui);
    end_screen(ui);
}

} // namespace kiosk::ui
