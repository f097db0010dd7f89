#pragma once
// Headless ImGui harness (example_null style): a real ImGui context and font atlas, no window, no GPU.
// Frames are driven by hand; input goes through the same InputQueue the runner uses.
#include "app/catalog.hpp"
#include "app/config.hpp"
#include "app/search.hpp"
#include "app/session.hpp"
#include "tests/test_assets.hpp"
#include "tests/ui/headless.hpp"
#include "ui/fonts.hpp"
#include "ui/frame.hpp"
#include "ui/i18n.hpp"
#include "ui/input_queue.hpp"
#include "ui/theme.hpp"
#include "ui/ui.hpp"

#include <catch2/catch.hpp>
#include <imgui.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

namespace kiosk::ui::test {

inline std::filesystem::path assets() { return kiosk::testing::assets_dir(); }

inline Catalog load_test_catalog() {
    auto r = load_catalog(assets() / "catalog");
    return r ? r.value() : Catalog{};
}

struct Harness {
    Config cfg;
    Catalog catalog = load_test_catalog();
    Session session{catalog, SessionOptions{}, [](const NewRequest&) { return Result<SubmittedRequest>(SubmittedRequest{"id", "A001", "now"}); }};
    CatalogSearch search{catalog};
    AppState app{cfg, catalog, session, search};
    Strings strings;
    Fonts fonts;
    InputQueue input;
    Ui ui{app, session, strings, fonts, theme()};

    explicit Harness(float w = 1920, float h = 1080, bool elderly = false) {
        input.arrival_times = false;   // the harness steps its own clock (InputQueue::last_button_time)
        open_headless(ui, w, h, elderly);
    }
    ~Harness() { ImGui::DestroyContext(); }

    // One frame as the runner begins it (ui/frame.hpp), with `draw` inside a full-screen window.
    void frame(const std::function<void()>& draw) {
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.0f / 60.0f;
        begin_frame(ui, input, false);
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("##test", nullptr, ImGuiWindowFlags_NoDecoration);
        draw();
        ImGui::End();
        ImGui::Render();
    }
    void frames(int n, const std::function<void()>& draw) { for (int i = 0; i < n; ++i) frame(draw); }
    // One frame of the resident screens as the runner draws them (draw_screens, no test window around
    // them, so taps and drags reach the screen's own windows), then new glyphs baked as between frames.
    void screen_frames(int n) {
        for (int i = 0; i < n; ++i) {
            ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
            begin_frame(ui, input, false);
            draw_screens(ui);
            ImGui::Render();
            apply_font_sizes(ui, fonts.sizes(), false, read_atlas);
        }
    }
    // Taps the centre of the labelled target of the last frame; false if there is none.
    bool tap(const std::string& label) {
        for (const auto& t : ui.targets)
            if (t.label == label) { input.tap((t.x0 + t.x1) / 2, (t.y0 + t.y1) / 2); return true; }
        return false;
    }
};

} // namespace kiosk::ui::test
