#include "ui/glyph_sets.hpp"

namespace kiosk::ui {

void need_catalog_glyphs(Fonts& f, const Catalog& c, const Config& cfg) {
    auto lt = [&](const LocalText& t) { f.need(t.zh); f.need(t.en); };
    lt(cfg.station.name);
    for (const auto& cat : c.categories) { lt(cat.name); lt(cat.description); }
    for (const auto& s : c.services) {
        lt(s.name); lt(s.description); lt(s.elsewhere); lt(s.fee); lt(s.processing_time); lt(s.eligibility);
        for (const auto& m : s.materials) lt(m);
        for (const auto& fs : s.form) {
            lt(fs.label); lt(fs.hint);
            for (const auto& ch : fs.choices) lt(ch.label);
        }
    }
}

void need_session_glyphs(Fonts& f, const Session& s) {
    // Values typed with the pinyin keyboard or a scanner may hold characters the tables do not.
    for (const FieldSpec* fs : s.all_fields()) {
        f.need(s.value(fs->id));
        for (const auto& ch : fs->choices) { f.need(ch.label.zh); f.need(ch.label.en); }
        f.need(fs->label.zh); f.need(fs->label.en);
    }
    for (const auto& fs : s.identity_fields()) { f.need(fs.label.zh); f.need(fs.label.en); }
}

} // namespace kiosk::ui
