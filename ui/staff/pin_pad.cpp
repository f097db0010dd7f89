// The PIN pad: large digits, masked dots, no hint of the PIN's length or of who it belongs to.
// A wrong PIN says how many tries are left; a lockout counts down; with no staff account at all the pad
// says how to create one (there is no default PIN). The PIN is checked off the UI thread (PBKDF2 with
// 600 000 rounds takes a noticeable moment per account) and its digits are wiped after every attempt.
#include "ui/staff/staff_ui.hpp"
#include "ui/widgets/keys.hpp"

#include <GLFW/glfw3.h>

#include <chrono>
#include <cmath>

namespace kiosk::ui::staff {

namespace {

constexpr std::size_t kMaxPin = 12;   // StaffAccounts' rules: 6–12 digits

void finish_attempt(Ui& ui, StaffUi& st) {
    PinPad& p = st.pin;
    Result<LoginResult> r = p.pending.get();
    if (!r) {
        p.message = error_words(ui, r.error());
        p.message_is_error = true;
        return;
    }
    switch (r->outcome) {
    case LoginOutcome::ok:
        enter_staff_mode(ui, st);
        return;
    case LoginOutcome::wrong:
        p.message = ui.trf("staff.pin.wrong", {std::to_string(r->attempts_left)});
        p.message_is_error = true;
        return;
    case LoginOutcome::locked:
        p.locked_until = ui.time + r->seconds_left;
        p.message.clear();
        return;
    }
}

void start_attempt(Ui& ui, StaffUi& st) {
    PinPad& p = st.pin;
    StaffDesk* desk = ui.app.staff;
    std::string pin = p.digits;
    wipe(p.digits);
    p.message = ui.tr("staff.pin.checking");
    p.message_is_error = false;
    p.pending = std::async(std::launch::async, [desk, pin]() mutable {
        auto r = desk->login(pin);
        wipe(pin);
        return r;
    });
    ui.keep_awake();
}

void cancel(Ui& ui, StaffUi& st) {
    wipe(st.pin.digits);
    st.pin_open = false;
    st.pin.has_accounts.reset();
    ui.keep_awake();   // the resident screen comes back as it was
}

// Masked dots, one per digit typed: the PIN's full length is never shown in advance.
void dots(Ui& ui, std::size_t n, float cx, float y) {
    float r = ui.px(0.45f), step = ui.px(1.4f);
    float x0 = cx - step * (std::max<std::size_t>(n, 1) - 1) * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (n == 0) dl->AddCircle(ImVec2(cx, y + r), r, ui.theme.outline.im(), 0, ui.px(0.08f));
    for (std::size_t i = 0; i < n; ++i) dl->AddCircleFilled(ImVec2(x0 + step * i, y + r), r, ui.theme.text.im());
}

} // namespace

void draw_pin_pad(Ui& ui, StaffUi& st) {
    PinPad& p = st.pin;
    StaffDesk* desk = ui.app.staff;
    if (p.pending.valid() && p.pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        finish_attempt(ui, st);
        if (ui.staff_mode) return;   // logged in: the staff screens draw from the next frame
    }
    if (desk && !p.has_accounts) {
        auto any = desk->has_accounts();
        p.has_accounts = any.ok() ? any.value() : false;
        if (!any) { p.message = error_words(ui, any.error()); p.message_is_error = true; }
    }

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
    ImGui::Begin("##staff_pin", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollWithMouse);
    float bar_h = top_bar(ui, ui.tr("staff.pin.bar"));

    float w = std::min(ui.px(20), ui.width - ui.px(4));
    float x = (ui.width - w) * 0.5f, h = ui.px(em::tap_min);
    float y = bar_h + ui.px(1);
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    text_centered(ui, ui.tr("staff.pin.title"), ui.fonts.title, ui.theme.text.im(), w);
    y = ImGui::GetCursorScreenPos().y + ui.px(0.6f);

    bool no_account = !desk || (p.has_accounts && !*p.has_accounts);
    if (no_account) {
        ImGui::SetCursorScreenPos(ImVec2(x - ui.px(4), y));
        text(ui, ui.tr(desk ? "staff.pin.no_account" : "staff.pin.no_desk"), ui.fonts.body, ui.theme.error_text.im(), w + ui.px(8));
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + ui.px(1)));
        if (button(ui, std::string(ui.tr("staff.cancel")) + "##pin_cancel", ImVec2(w, h))) cancel(ui, st);
        ImGui::End();
        return;
    }

    double locked_left = p.locked_until - ui.time;
    bool locked = locked_left > 0;
    bool busy = p.pending.valid();
    dots(ui, p.digits.size(), ui.width * 0.5f, y);
    y += ui.px(1.4f);
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (locked) {
        int s = static_cast<int>(std::ceil(locked_left));
        std::string t = ui.trf("staff.pin.locked", {std::to_string(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + std::to_string(s % 60)});
        text_centered(ui, t, ui.fonts.bold, ui.theme.error_text.im(), w);
        ui.wake_in(locked_left - std::floor(locked_left) + 0.01);
    } else {
        const std::string& m = p.message.empty() ? std::string(" ") : p.message;
        text_centered(ui, m, ui.fonts.bold, p.message_is_error ? ui.theme.error_text.im() : ui.theme.muted.im(), w);
        // For --script wait_text: a flow must know the check has finished (the pad is disabled until then,
        // so digits typed earlier would be dropped — the PBKDF2 check takes seconds under ASan).
        if (!p.message.empty()) register_target(ui, p.message, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    if (busy) ui.keep_awake(2);   // poll the check's result

    y = ImGui::GetCursorScreenPos().y + ui.px(0.4f);
    float pad_h = std::min(ui.px(15), ui.height - y - h - ui.px(2));
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ImGui::BeginDisabled(locked || busy);
    if (keypad(ui, KeypadKind::digits, p.digits, kMaxPin, ImVec2(w, pad_h))) {
        if (!p.message_is_error || !p.digits.empty()) p.message.clear();
    }
    ImGui::EndDisabled();
    y += pad_h + ui.px(0.6f);
    float gap = ui.px(em::gap), bw = (w - gap) * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ImGui::BeginDisabled(busy);
    if (button(ui, std::string(ui.tr("staff.cancel")) + "##pin_cancel", ImVec2(bw, h))) cancel(ui, st);
    ImGui::EndDisabled();
    bool can_try = !locked && !busy && p.digits.size() >= 6;
    ImGui::SetCursorScreenPos(ImVec2(x + bw + gap, y));
    ImGui::BeginDisabled(!can_try);
    bool go = button(ui, std::string(ui.tr("staff.pin.enter")) + "##pin_ok", ImVec2(bw, h), can_try ? ButtonKind::primary : ButtonKind::secondary);
    ImGui::EndDisabled();
    if (can_try && (ImGui::IsKeyPressed(GLFW_KEY_ENTER, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER, false))) go = true;
    if (go && can_try) start_attempt(ui, st);
    if (!busy && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) cancel(ui, st);
    ImGui::End();
}

} // namespace kiosk::ui::staff
