#include "ui/screens/registry.hpp"

namespace kiosk::ui {

namespace {
constexpr ScreenEntry kScreens[] = {
    {Step::attract, draw_attract, "voice.attract"},
    {Step::home, draw_home, "voice.home"},
    {Step::category, draw_service_list, "voice.category"},
    {Step::search, draw_service_list, "voice.search"},
    {Step::service, draw_service, "voice.service"},
    {Step::identity, draw_identity, "voice.identity"},
    {Step::fields, draw_fields, "voice.fields"},
    {Step::review, draw_review, "voice.review"},
    {Step::consent, draw_consent, "voice.consent"},
    {Step::done, draw_done, "voice.done"},
    {Step::rating, draw_rating, "voice.rating"},
    {Step::progress, draw_progress, "voice.progress"},
};
} // namespace

std::span<const ScreenEntry> screens() { return kScreens; }

const ScreenEntry* screen_for(Step s) {
    for (const auto& e : kScreens)
        if (e.step == s) return &e;
    return nullptr;
}

} // namespace kiosk::ui
