// [SECTION] Panel registry — one staff panel per file, registered in one line each, as the resident screens
// are in ui/screens/registry.cpp. The navigation column and the dispatch in staff_mode.cpp both read it.
#include "ui/staff/staff_ui.hpp"

namespace kiosk::ui::staff {

namespace {

void reread_list(StaffUi& st) { st.list.invalidate(); }
void reread_audit(StaffUi& st) { st.audit_loaded = false; }   // re-read on every visit
int dead_letter_count(const StaffUi& st) { return st.counts ? st.counts->dead_letter : 0; }

constexpr PanelEntry kPanels[] = {
    {Panel::dashboard, draw_dashboard, "staff.nav.dashboard"},
    {Panel::requests, draw_request_list, "staff.nav.requests", reread_list},
    {Panel::detail, draw_request_detail, nullptr},   // opened from a list row or a dead letter
    {Panel::dead_letters, draw_dead_letters, "staff.nav.dead_letters", nullptr, dead_letter_count},
    {Panel::audit, draw_audit_panel, "staff.nav.audit", reread_audit},
    {Panel::maintenance, draw_maintenance, "staff.nav.maintenance"},
};

} // namespace

std::span<const PanelEntry> panels() { return kPanels; }

const PanelEntry* panel_for(Panel p) {
    for (const auto& e : kPanels)
        if (e.panel == p) return &e;
    return nullptr;
}

} // namespace kiosk::ui::staff
