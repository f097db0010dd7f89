#include "ui/probe.hpp"
#include "app/validators.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace kiosk::ui {

Probe::Probe() {
    if (const char* p = std::getenv("KIOSK_PROBE"); p && *p) path_ = p;
}

void Probe::after_frame(const Ui& ui, long long frame) {
    if (!active()) return;
    nlohmann::json targets = nlohmann::json::array();
    for (const TapTarget& t : ui.targets)
        targets.push_back({{"label", t.label}, {"x0", t.x0}, {"y0", t.y0}, {"x1", t.x1}, {"y1", t.y1}});
    nlohmann::json fields = nlohmann::json::object();
    for (const FieldSpec* f : ui.session.current_fields())
        fields[f->id] = {{"chars", utf8_length(ui.session.value(f->id)).value_or(0)}, {"error", ui.session.error(f->id) != nullptr}};
    nlohmann::json state = {{"step", step_name(ui.session.step())}, {"staff_mode", ui.staff_mode},
                            {"focus", ui.visit.focus_field}, {"targets", targets}, {"fields", fields}};
    std::string body = state.dump();
    if (body == last_) return;
    last_ = body;
    state["frame"] = frame;
    std::filesystem::path tmp = path_;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << state.dump() << "\n";
        if (!out) return;   // a test's problem, never the kiosk's: the next change tries again
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path_, ec);
}

} // namespace kiosk::ui
