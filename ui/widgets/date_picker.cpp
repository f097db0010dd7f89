// Date picker: no typing. Year and month steppers (a birth date decades back is a few taps on the year
// stepper: ±10 years too), then a grid of the month's days.
#include "ui/widgets/keys.hpp"

#include "app/validators.hpp"

#include <ctime>

namespace kiosk::ui {

namespace {
int days_in(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}
// 0 = Monday.
int weekday(int y, int m, int d) {
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3) y -= 1;
    int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;   // 0 = Sunday
    return (w + 6) % 7;
}
Date today_local() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}
} // namespace

bool date_picker(Ui& ui, std::string& value, DateRange range, ImVec2 size) {
    VisitState& v = ui.visit;
    Date today = today_local();
    if (v.date_year == 0) {
        if (auto d = parse_date(value)) { v.date_year = d->y; v.date_month = d->m; }
        else { v.date_year = today.y - (range == DateRange::past ? 30 : 0); v.date_month = today.m; }
    }
    float gap = ui.px(0.3f);
    float bh = ui.px(em::tap_min);
    float sw = (size.x - 5 * gap) / 6;
    ImVec2 o = ImGui::GetCursorScreenPos();
    bool changed = false;
    auto step = [&](const char* label, int dy, int dm, float x) {
        ImGui::SetCursorScreenPos(ImVec2(x, o.y));
        if (button(ui, label, ImVec2(sw, bh))) {
            v.date_year += dy;
            v.date_month += dm;
            if (v.date_month < 1) { v.date_month = 12; --v.date_year; }
            if (v.date_month > 12) { v.date_month = 1; ++v.date_year; }
        }
    };
    step("-10##y10m", -10, 0, o.x);
    step("-1##y1m", -1, 0, o.x + (sw + gap));
    step("<##mprev", 0, -1, o.x + 2 * (sw + gap));
    step(">##mnext", 0, 1, o.x + 3 * (sw + gap));
    step("+1##y1p", 1, 0, o.x + 4 * (sw + gap));
    step("+10##y10p", 10, 0, o.x + 5 * (sw + gap));
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + bh + gap));
    text_centered(ui, ui.trf("date.month_title", {std::to_string(v.date_year), std::to_string(v.date_month)}), ui.fonts.title,
                  ui.theme.text.im(), size.x);

    float gy = ImGui::GetCursorScreenPos().y + gap;
    float cw = (size.x - 6 * gap) / 7;
    float ch = std::max(bh, (size.y - (gy - o.y) - 5 * gap) / 6);
    for (int i = 0; i < 7; ++i) {
        std::string wd = ui.tr("date.wd" + std::to_string(i));
        ImVec2 ts = ui.fonts.small->CalcTextSizeA(ui.fonts.small->FontSize, FLT_MAX, 0, wd.c_str());
        ImGui::GetWindowDrawList()->AddText(ui.fonts.small, ui.fonts.small->FontSize, ImVec2(o.x + i * (cw + gap) + (cw - ts.x) / 2, gy),
                                            ui.theme.muted.im(), wd.c_str());
    }
    gy += ui.fonts.small->FontSize + gap;
    int first = weekday(v.date_year, v.date_month, 1);
    int n = days_in(v.date_year, v.date_month);
    auto chosen = parse_date(value);
    for (int d = 1; d <= n; ++d) {
        int cell = first + d - 1;
        ImGui::SetCursorScreenPos(ImVec2(o.x + (cell % 7) * (cw + gap), gy + (cell / 7) * (ch + gap)));
        Date dd{v.date_year, v.date_month, d};
        bool allowed = range == DateRange::any || (range == DateRange::past ? dd <= today : dd >= today);
        bool sel = chosen && *chosen == dd;
        ImGui::BeginDisabled(!allowed);
        if (button(ui, std::to_string(d) + "##day" + std::to_string(d), ImVec2(cw, ch), sel ? ButtonKind::selected : ButtonKind::secondary)) {
            value = format_date(dd);
            changed = true;
        }
        ImGui::EndDisabled();
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, gy + 6 * (ch + gap)));
    ImGui::Dummy(ImVec2(size.x, 1));
    return changed;
}

} // namespace kiosk::ui
