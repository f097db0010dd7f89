#pragma once
// What both headless harnesses (tests/ui, tests/staff) do in place of a renderer.
#include <imgui.h>

namespace kiosk::ui::test {

// A new atlas is "uploaded" by reading its pixels: ImGui asserts a frame whose atlas was never read.
inline void read_atlas() {
    unsigned char* px = nullptr;
    int tw = 0, th = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&px, &tw, &th);
}

} // namespace kiosk::ui::test
