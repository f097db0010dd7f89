// Category list and search results: one drag-scrollable list of services. Search types pinyin, initials
// or letters on its own keyboard ("wfzjl" → 无犯罪记录证明); 汉字 work from a physical keyboard too.
#include "ui/screens/registry.hpp"
#include "ui/widgets/keys.hpp"

namespace kiosk::ui {

namespace {
void service_rows(Ui& ui, const std::vector<const Service*>& list, ImVec2 size) {
    begin_touch_scroll(ui, "##services", size);
    float w = size.x - ui.px(0.6f);
    for (const Service* sv : list) {
        std::string sub = sv->on_site ? ui.text(sv->fee) + " · " + ui.text(sv->processing_time) : std::string(ui.tr("service.not_on_site"));
        // Each row with its category's pictogram (search results mix categories).
        const Category* cat = ui.app.catalog.find_category(sv->category);
        if (button(ui, ui.text(sv->name) + "##svc_" + sv->id, ImVec2(w, ui.px(3.6f)), ButtonKind::secondary, ui.fonts.bold, sub,
                   cat && !cat->icon.empty() ? cat->icon : std::string("certificate")))
            ui.session.choose_service(sv->id);
    }
    if (list.empty()) text(ui, ui.tr("search.none"), ui.fonts.body, ui.theme.muted.im());
    end_touch_scroll(ui);
}
} // namespace

void draw_service_list(Ui& ui) {
    Session& s = ui.session;
    bool search = s.step() == Step::search;
    const Category* cat = search ? nullptr : ui.app.catalog.find_category(s.category_id());
    ImVec2 avail = begin_screen(ui, search ? ui.tr("search.title") : (cat ? ui.text(cat->name) : std::string()));
    float bottom = nav_row_height(ui);
    std::vector<const Service*> list;
    if (search) {
        float kb_h = std::min(avail.y * 0.45f, ui.px(4 * (em::tap_min + 0.3f)));
        ImVec2 o = ImGui::GetCursorScreenPos();
        // The query line.
        std::string q = s.search_query();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        float qh = ui.px(2.2f);
        dl->AddRectFilled(o, ImVec2(o.x + avail.x, o.y + qh), ui.theme.card.im(), ui.px(0.3f));
        dl->AddRect(o, ImVec2(o.x + avail.x, o.y + qh), ui.theme.outline.im(), ui.px(0.3f));
        const std::string shown = q.empty() ? std::string(ui.tr("search.hint")) : q + "_";
        dl->AddText(ui.fonts.body, ui.fonts.body->FontSize, ImVec2(o.x + ui.px(0.5f), o.y + (qh - ui.em) / 2),
                    q.empty() ? ui.theme.muted.im() : ui.theme.text.im(), shown.c_str());
        ImGui::Dummy(ImVec2(avail.x, qh));
        for (const auto& h : ui.app.search.query(q, 60)) list.push_back(h.service);
        float list_h = avail.y - qh - kb_h - bottom - ui.px(1);
        service_rows(ui, list, ImVec2(avail.x, list_h));
        ImGui::SetCursorScreenPos(ImVec2(o.x + avail.x * 0.1f, ImGui::GetCursorScreenPos().y + ui.px(0.3f)));
        if (letter_keyboard(ui, q, 24, ImVec2(avail.x * 0.8f, kb_h))) s.set_search_query(q);
    } else {
        list = ui.app.catalog.services_in(s.category_id());
        service_rows(ui, list, ImVec2(avail.x, avail.y - bottom - ui.px(0.4f)));
    }
    if (nav_row(ui, true, "") < 0) s.back();
    end_screen(ui);
}

} // namespace kiosk::ui
