#pragma once
// Walking a session to any step through its intents, with plausible values: shared by the headless screen
// tests (test_screens, test_legibility) so each draws the same screens the same way.
#include "app/session.hpp"

#include <algorithm>
#include <string>

namespace kiosk::ui::test {

inline void fill(Session& s) {
    for (const FieldSpec* f : s.current_fields()) {
        std::string v;
        switch (f->type) {
        case FieldType::name: v = "张三"; break;
        case FieldType::id_number: v = "11010519491231002X"; break;
        case FieldType::phone: v = "13800138000"; break;
        case FieldType::date: v = f->date_range == DateRange::past ? "1990-05-01" : "2099-12-15"; break;
        case FieldType::address: v = "青山区青和路88号3栋"; break;
        case FieldType::choice: v = f->choices.empty() ? "" : f->choices.front().value; break;
        case FieldType::yes_no: v = "no"; break;
        case FieldType::number: v = std::to_string(std::max(1L, f->min)); break;
        default: v = "办理需要"; break;
        }
        if (f->id == Session::kIdType) v = "resident_id";
        s.set_value(f->id, v);
    }
}

// Walks the session to `target` through its intents (`service`: the one whose form is walked).
inline void go_to(Session& s, Step target, const std::string& service = "cert.no-criminal-record") {
    s.reset();
    if (target == Step::attract) return;
    s.activity();
    if (target == Step::home) return;
    if (target == Step::category) { s.open_category("cert"); return; }
    if (target == Step::search) { s.open_search(); s.set_search_query("wfzjl"); return; }
    if (target == Step::progress) { s.open_progress(); return; }
    s.choose_service(service);
    for (int i = 0; i < 20 && s.step() != target; ++i) {
        if (s.step() == Step::identity || s.step() == Step::fields) fill(s);
        if (s.step() == Step::consent) { s.set_consent(true); s.set_sensitive_consent(true); }
        if (!s.next()) break;
    }
}

} // namespace kiosk::ui::test
