// [SECTION] Panel registry — one staff panel per file, registered in one line each, as the resident screens
// are in ui/screens/registry.cpp. The navigation column and the dispatch in staff_mode.cpp both read it.
#include "ui/staff/staff_ui.hpp"

namespace kiosk::ui::staff {

namespace {

void reread_list(StaffUi& st) { st.list.invalidate(); }
void reread_audit(StaffUi& st) { st.audit_loaded = false; }   // re-read on every visit
int dead_letter_count(const StaffUi& st) { return st.counts ? st.counts->dead_letter : 0; }

// In the order of enum Panel (also the navigation column's order), so a panel's entry is at its index.
constexpr PanelEntry kPanels[] = {
    {Panel::dashboard, draw_dashboard, "staff.nav.dashboard"},
    {Panel::requests, draw_request_list, "staff.nav.requests", reread_list},
    {Panel::detail, draw_request_detail, nullptr},   // opened from a list row or a dead letter
    {Panel::dead_letters, draw_dead_letters, "staff.nav.dead_letters", nullptr, dead_letter_count},
    {Panel::audit, draw_audit_panel, "staff.nav.audit", reread_audit},
    {Panel::maintenance, draw_maintenance, "staff.nav.maintenance"},
};

constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < std::size(kPanels); ++i)
        if (static_cast<std::size_t>(kPanels[i].panel) != i) return false;
    return true;
}
static_assert(in_enum_order(), "kPanels: one line per Panel, in the order enum Panel lists them (staff_ui.hpp)");

} // namespace

std::span<const PanelEntry> panels() { return kPanels; }

const PanelEntry* panel_for(Panel p) {
    auto i = static_cast<std::size_t>(p);
    return i < std::size(kPanels) ? &kPanels[i] : nullptr;
}

} // namespace kiosk::ui::staff
