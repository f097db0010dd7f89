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
Date today_local() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}
} // namespace

bool date_picker(Ui& ui, std::string& value, DateRange range, bool working_days, ImVec2 size) {
    VisitState& v = ui.visit;
    Date today = today_local();
    if (v.date_year == 0) {
        if (auto d = parse_date(value)) { v.date_year = d->y; v.date_month = d->m; }
        else { v.date_year = today.y - (range == DateRange::past ? 30 : 0); v.date_month = today.m; }
    }
    float gap = ui.px(0.3f);
    float bh = ui.px(em::tap_min);
    ImVec2 o = ImGui::GetCursorScreenPos();
    bool changed = false;
    auto shift = [&](int dy, int dm) {
        v.date_year += dy;
        v.date_month += dm;
        if (v.date_month < 1) { v.date_month = 12; --v.date_year; }
        if (v.date_month > 12) { v.date_month = 1; ++v.date_year; }
    };
    // Buttons that say what they do. A booking only needs months; a date in the past (a birth date decades
    // back) also needs years, in steps of 1 and 10.
    if (range == DateRange::future) {
        float w2 = (size.x - gap) / 2;
        if (button(ui, std::string(ui.tr("date.prev_month")) + "##mprev", ImVec2(w2, bh))) shift(0, -1);
        ImGui::SameLine(0, gap);
        if (button(ui, std::string(ui.tr("date.next_month")) + "##mnext", ImVec2(w2, bh))) shift(0, 1);
    } else {
        float sw = (size.x - 5 * gap) / 6;
        const struct { const char* key; int dy, dm; } steps[] = {
            {"date.minus10y", -10, 0}, {"date.minus1y", -1, 0}, {"date.prev_month", 0, -1},
            {"date.next_month", 0, 1}, {"date.plus1y", 1, 0}, {"date.plus10y", 10, 0}};
        for (int i = 0; i < 6; ++i) {
            ImGui::SetCursorScreenPos(ImVec2(o.x + i * (sw + gap), o.y));
            if (button(ui, std::string(ui.tr(steps[i].key)) + "##dstep" + std::to_string(i), ImVec2(sw, bh), ButtonKind::secondary, ui.fonts.small))
                shift(steps[i].dy, steps[i].dm);
        }
    }
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
    int first = weekday(Date{v.date_year, v.date_month, 1});
    int n = days_in(v.date_year, v.date_month);
    auto chosen = parse_date(value);
    for (int d = 1; d <= n; ++d) {
        int cell = first + d - 1;
        ImGui::SetCursorScreenPos(ImVec2(o.x + (cell % 7) * (cw + gap), gy + (cell / 7) * (ch + gap)));
        Date dd{v.date_year, v.date_month, d};
        // The validator's own rule (a booking from tomorrow, working days only): a day it would refuse
        // cannot be tapped.
        bool allowed = date_allowed(dd, range, working_days, today);
        bool sel = chosen && *chosen == dd;
        ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::BeginDisabled(!allowed);
        if (button(ui, std::to_string(d) + "##day" + std::to_string(d), ImVec2(cw, ch), sel ? ButtonKind::selected : ButtonKind::secondary)) {
            value = format_date(dd);
            changed = true;
        }
        ImGui::EndDisabled();
        if (dd == today) {   // 今天: outlined, with its word under the number
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRect(at, ImVec2(at.x + cw, at.y + ch), ui.theme.primary.im(), ui.px(0.3f), 0, ui.px(0.15f));
            const std::string t = ui.tr("date.today");
            ImVec2 ts = ui.fonts.small->CalcTextSizeA(ui.fonts.small->FontSize, FLT_MAX, 0, t.c_str());
            dl->AddText(ui.fonts.small, ui.fonts.small->FontSize, ImVec2(at.x + (cw - ts.x) / 2, at.y + ch - ts.y - ui.px(0.1f)),
                        ui.theme.primary.im(), t.c_str());
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, gy + 6 * (ch + gap)));
    if (chosen) {   // the chosen day in words, with its weekday: 已选：2026年12月2日 星期三
        const std::string wd = ui.tr("date.wd" + std::to_string(weekday(*chosen)));
        text(ui, ui.trf("date.chosen", {std::to_string(chosen->y), std::to_string(chosen->m), std::to_string(chosen->d), wd}),
             ui.fonts.bold, ui.theme.text.im(), size.x);
    }
    ImGui::Dummy(ImVec2(size.x, 1));
    return changed;
}

} // namespace kiosk::ui
