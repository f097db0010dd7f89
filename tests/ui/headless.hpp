#pragma once
// What both headless harnesses (tests/ui, tests/staff) do in place of a renderer.
#include "tests/test_assets.hpp"
#include "ui/frame.hpp"
#include "ui/ui.hpp"

#include <catch2/catch.hpp>
#include <imgui.h>

namespace kiosk::ui::test {

// A new atlas is "uploaded" by reading its pixels: ImGui asserts a frame whose atlas was never read.
inline void read_atlas() {
    unsigned char* px = nullptr;
    int tw = 0, th = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&px, &tw, &th);
}

// An ImGui context of w × h px with the kiosk's strings and fonts loaded and the atlas baked, as the runner
// has it before its first frame. The caller destroys the context (ImGui::DestroyContext).
inline void open_headless(Ui& ui, float w, float h, bool elderly) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(w, h);
    REQUIRE(ui.strings.load(kiosk::testing::assets_dir() / "i18n").empty());
    REQUIRE(ui.fonts.open().empty());
    for (const std::string* s : ui.strings.all()) ui.fonts.need(*s);
    apply_font_sizes(ui, FontSizes::for_window(static_cast<int>(w), static_cast<int>(h), elderly), false, read_atlas);
    ui.width = w;
    ui.height = h;
}

} // namespace kiosk::ui::test
