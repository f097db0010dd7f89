// Home's large shortcuts: the services residents ask for most ([station] shortcuts in the config), each a
// big tile with its category's pictogram and the service's name, one tap to its page. Kept apart from
// home.cpp so the home screen's own layout stays a few lines.
#include "ui/screens/registry.hpp"
#include "ui/widgets/widgets.hpp"

namespace kiosk::ui {

namespace {
constexpr std::size_t kMaxShortcuts = 6;
}

std::vector<const Service*> home_shortcut_services(const Ui& ui) {
    std::vector<const Service*> out;
    for (const std::string& id : ui.app.config.station.shortcuts) {
        const Service* sv = ui.app.catalog.find_service(id);
        if (sv && out.size() < kMaxShortcuts) out.push_back(sv);
    }
    return out;
}

float draw_home_shortcuts(Ui& ui, float width) {
    const auto services = home_shortcut_services(ui);
    // 查询办理进度 is one of the shortcuts (the last tile), where the kiosk has the progress query: a row
    // of its own would leave room for only one or two category rows at 1280×800.
    const bool progress = ui.app.progress != nullptr;
    if (services.empty() && !progress) return 0;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float gap = ui.px(em::gap);
    text(ui, ui.tr("home.popular"), ui.fonts.bold, ui.theme.text.im(), width);
    const float top = ImGui::GetCursorScreenPos().y;
    // All on one row when each tile gets ≥ 10 em, else two rows (portrait, elderly mode at 1280×800).
    const int n = static_cast<int>(services.size()) + (progress ? 1 : 0);
    const int fit = static_cast<int>((width + gap) / (ui.px(10) + gap));
    const int cols = std::max(1, n <= fit ? n : (n + 1) / 2);
    const float tile_w = (width - (cols - 1) * gap) / cols;
    const float tile_h = ui.px(3.4f);
    const float icon = ui.px(2.0f);
    for (std::size_t i = 0; i < services.size(); ++i) {
        const Service* sv = services[i];
        const int r = static_cast<int>(i) / cols, c = static_cast<int>(i) % cols;
        ImVec2 p(o.x + c * (tile_w + gap), top + r * (tile_h + gap));
        ImGui::SetCursorScreenPos(p);
        // The name leaves room for the pictogram on the tile's left.
        if (button(ui, "##shortcut_" + sv->id, ImVec2(tile_w, tile_h), ButtonKind::primary)) ui.session.choose_service(sv->id);
        const std::string name = ui.text(sv->name);
        register_target(ui, name, p, ImVec2(p.x + tile_w, p.y + tile_h));
        const Category* cat = ui.app.catalog.find_category(sv->category);
        pictogram(ui, cat ? cat->icon : std::string(), ImVec2(p.x + ui.px(0.4f) + icon * 0.5f, p.y + tile_h * 0.5f), icon, ui.theme.on_primary.im());
        ImFont* f = ui.fonts.bold;
        ui.fonts.need(name);
        const float tx = p.x + icon + ui.px(0.8f), tw = tile_w - icon - ui.px(1.1f);
        ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, tw, name.c_str());
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->PushClipRect(p, ImVec2(p.x + tile_w, p.y + tile_h), true);
        dl->AddText(f, f->FontSize, ImVec2(tx, p.y + (tile_h - ts.y) * 0.5f), ui.theme.on_primary.im(), name.c_str(), nullptr, tw);
        dl->PopClipRect();
    }
    if (progress) {
        const int i = n - 1, r = i / cols, c = i % cols;
        ImVec2 p(o.x + c * (tile_w + gap), top + r * (tile_h + gap));
        ImGui::SetCursorScreenPos(p);
        if (button(ui, std::string(ui.tr("home.progress")) + "##home_progress", ImVec2(tile_w, tile_h), ButtonKind::primary,
                   ui.fonts.bold, {}, "search"))
            ui.session.open_progress();
    }
    const int rows = (n + cols - 1) / cols;
    const float bottom = top + rows * tile_h + (rows - 1) * gap;
    ImGui::SetCursorScreenPos(ImVec2(o.x, bottom + gap));
    return bottom + gap - o.y;
}

} // namespace kiosk::ui
