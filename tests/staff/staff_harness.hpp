#pragma once
// Headless harness for staff mode (example_null style): a real ImGui context and font atlas, no window and
// no GPU, plus a real Store/StaffAccounts/StaffDesk in a temporary directory with clocks the test moves.
// Each frame does what the runner does around draw_staff_mode(): input, fonts rebuilt between frames, and a
// stand-in resident screen (with a button in the bottom-right corner, where "next" usually is) when staff
// mode does not draw.
#include "tests/core/test_store_util.hpp"
#include "tests/test_assets.hpp"
#include "tests/ui/headless.hpp"

#include "app/catalog.hpp"
#include "app/config.hpp"
#include "app/search.hpp"
#include "app/session.hpp"
#include "app/staff_desk.hpp"
#include "ui/fonts.hpp"
#include "ui/frame.hpp"
#include "ui/i18n.hpp"
#include "ui/input_queue.hpp"
#include "ui/staff/staff_mode.hpp"
#include "ui/staff/staff_ui.hpp"
#include "ui/theme.hpp"
#include "ui/widgets/widgets.hpp"

#include <imgui.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace kiosk::staff_test {

using namespace std::chrono_literals;

inline std::filesystem::path assets() { return testing::assets_dir(); }

struct Harness {
    testing::TempDir dir{"staffui"};
    KeyRing keys = testing::test_keys();
    std::unique_ptr<Store> store = std::move(*Store::open(dir / "kiosk.db", keys));
    StaffAccounts accounts{*store, 1000};   // few PBKDF2 rounds: these tests are about the screens
    Config cfg;
    Catalog catalog = *load_catalog(assets() / "catalog");
    Session session{catalog, SessionOptions{}, [](const NewRequest&) { return Result<SubmittedRequest>(Error{"test", "no submit"}); }};
    CatalogSearch search{catalog};
    std::chrono::steady_clock::time_point t = std::chrono::steady_clock::time_point{} + 1000s;
    WallTime wall = WallClock::now();
    StaffDesk desk{*store, accounts, cfg, StaffDeskClocks{[this] { return t; }, [this] { return wall; }}};
    AppState app{cfg, catalog, session, search};
    ui::Strings strings;
    ui::Fonts fonts;
    ui::InputQueue input;
    ui::Ui ui{app, session, strings, fonts, ui::theme()};
    int resident_clicks = 0;      // the stand-in resident screen's corner button
    bool staff_call_acknowledged = false;

    explicit Harness(float w = 1280, float h = 800) {
        cfg.kiosk.data_dir = dir.path;
        app.staff = &desk;
        app.acknowledge_staff_call = [this] { staff_call_acknowledged = true; };
        ui::test::open_headless(ui, w, h, false);
    }
    ~Harness() {
        ImGui::DestroyContext();
    }
    void rebuild_fonts(float h) {
        ui::apply_font_sizes(ui, ui::FontSizes::for_window(static_cast<int>(ImGui::GetIO().DisplaySize.x), static_cast<int>(h), false), false, ui::test::read_atlas);
    }

    // One frame as the runner draws it. Returns what draw_staff_mode returned.
    bool frame() {
        rebuild_fonts(ui.height);
        ImGuiIO& io = ImGui::GetIO();
        ui::begin_frame(ui, input, true);   // as the runner begins a frame (fixed 1/30 s steps)
        bool drew = ui::draw_staff_mode(ui);
        if (!drew) {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(io.DisplaySize);
            ImGui::Begin("##resident", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBringToFrontOnFocus);
            float bw = ui.px(9), bh = ui.px(ui::em::tap_min);
            ImGui::SetCursorScreenPos(ImVec2(ui.width - bw - 2, ui.height - bh - 2));
            if (ui::button(ui, "resident next", ImVec2(bw, bh))) ++resident_clicks;
            ImGui::End();
        }
        ImGui::Render();
        return drew;
    }
    // Staff mode's state, as the Ui holds it (a fresh one per Harness).
    ui::staff::StaffUi& st() { return *ui.staff_ui; }
    void frames(int n) { for (int i = 0; i < n; ++i) frame(); }

    const ui::TapTarget* target(const std::string& label) const {
        for (const auto& x : ui.targets) if (x.label == label) return &x;
        return nullptr;
    }
    bool has(const std::string& label) const { return target(label) != nullptr; }
    // Taps the labelled target of the last frame and lets the screen settle.
    bool tap(const std::string& label) {
        const ui::TapTarget* x = target(label);
        if (!x) return false;
        input.tap((x->x0 + x->x1) / 2, (x->y0 + x->y1) / 2);
        frames(4);
        return true;
    }
    bool tap_key(const std::string& i18n_key) { return tap(strings.get(i18n_key, session.locale())); }
    std::string tr(const std::string& key) const { return strings.get(key, session.locale()); }

    // The hidden gesture: hold the top-left corner 3.2 s, then three taps in the bottom-right corner (on the
    // stand-in resident's button, which must not see them).
    void gesture() {
        input.move(ui.width * 0.02f, ui.height * 0.02f);
        input.button(0, true);
        frames(3 + static_cast<int>(3.2 * 30));
        input.button(0, false);
        frames(3);
        for (int i = 0; i < 3; ++i) {
            input.tap(ui.width * 0.95f, ui.height * 0.96f);
            frames(4);
        }
        frames(2);
    }
    void type_pin(const std::string& pin) {
        for (char c : pin) REQUIRE(tap(std::string(1, c)));
    }
    // Submits the PIN and waits (bounded) for the check that runs off the UI thread.
    void submit_pin() {
        REQUIRE(tap_key("staff.pin.enter"));
        for (int i = 0; i < 500 && st().pin.pending.valid(); ++i) {
            std::this_thread::sleep_for(5ms);
            frame();
        }
        REQUIRE_FALSE(st().pin.pending.valid());
        frames(2);
    }
    // The staff account the tests log in with: login() types its PIN.
    static constexpr const char* kPin = "246813";
    void add_account() { REQUIRE(accounts.add("wang", "王警官", kPin).ok()); }
    void login(const std::string& pin = kPin) {
        gesture();
        type_pin(pin);
        submit_pin();
        REQUIRE(ui.staff_mode);
    }
    std::vector<AuditEntry> audit_rows() {
        return *store->list_audit(1000, 0);
    }
    int audited(const std::string& action) {
        int n = 0;
        for (const auto& e : audit_rows()) n += e.action == action;
        return n;
    }
};

} // namespace kiosk::staff_test
