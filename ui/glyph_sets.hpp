#pragma once
// [SECTION] Glyph sets — every string the kiosk can show is wanted in the atlas: the catalog's texts (both
// languages) once at start, and each frame what a resident typed (pinyin and scanners may bring
// characters no table has).
#include "app/catalog.hpp"
#include "app/config.hpp"
#include "app/session.hpp"
#include "ui/fonts.hpp"

namespace kiosk::ui {

void need_catalog_glyphs(Fonts& f, const Catalog& c, const Config& cfg);
void need_session_glyphs(Fonts& f, const Session& s);

} // namespace kiosk::ui
