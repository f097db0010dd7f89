// Drag-to-scroll with inertia for touch screens. ImGui 1.86 scrolls only with a wheel or the scrollbar;
// a finger drags the content instead. The trick that keeps a drag from clicking: once the finger has moved
// more than half an em, the active id (the button the finger went down on) is cleared, so the release is
// not a click on it.
#include "ui/widgets/widgets.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace kiosk::ui {

namespace {
struct ScrollState {
    bool tracking = false, dragging = false;
    float start_y = 0, start_scroll = 0, last_y = 0;
    float velocity = 0;   // px/s in the scroll direction, while coasting
    float scroll = 0;     // where we put it, so a coast continues from the exact fractional position
};
std::unordered_map<ImGuiID, ScrollState> g_states;
constexpr float kDragStartEm = 0.5f;   // finger movement that turns a touch into a drag
constexpr float kDecayPerS = 3.5f;     // velocity decays by e^-3.5 each second: a flick coasts ~1 s
} // namespace

void begin_touch_scroll(Ui& ui, const char* id, ImVec2 size) {
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollbar);
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    ScrollState& s = g_states[w->ID];
    ImGuiIO& io = ImGui::GetIO();
    bool inside = w->InnerRect.Contains(io.MousePos);
    float dt = std::max(io.DeltaTime, 1e-3f);
    float max_scroll = std::max(0.0f, w->ScrollMax.y);
    auto set_scroll = [&](float y) {
        y = std::clamp(y, 0.0f, max_scroll);
        s.scroll = y;
        ImGui::SetScrollY(y);
    };

    if (io.MouseClicked[0] && inside) {
        s.tracking = true;
        s.dragging = false;
        s.start_y = s.last_y = io.MousePos.y;
        s.start_scroll = w->Scroll.y;
        s.velocity = 0;   // a touch stops a coasting list, like every phone does
    }
    if (s.tracking && io.MouseDown[0]) {
        float dy = io.MousePos.y - s.start_y;
        if (!s.dragging && std::fabs(dy) > ui.px(kDragStartEm)) s.dragging = true;
        if (s.dragging) {
            if (ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
            set_scroll(s.start_scroll - dy);
            float inst = -(io.MousePos.y - s.last_y) / dt;
            s.velocity = 0.6f * inst + 0.4f * s.velocity;
            ui.keep_awake(2);
        }
        s.last_y = io.MousePos.y;
    } else if (s.tracking) {
        // Released. A drag's release is not a click on what is under the finger.
        if (s.dragging && ImGui::GetActiveID() != 0) ImGui::ClearActiveID();
        s.tracking = false;
        s.dragging = false;
        s.scroll = w->Scroll.y;
    } else if (std::fabs(s.velocity) > ui.px(0.5f)) {
        float next = s.scroll + s.velocity * dt;
        if (next <= 0 || next >= max_scroll) s.velocity = 0;
        set_scroll(next);
        s.velocity *= std::exp(-kDecayPerS * dt);
        ui.keep_awake(2);
    } else {
        s.velocity = 0;
    }
}

void end_touch_scroll(Ui& ui) {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    float max_scroll = std::max(0.0f, w->ScrollMax.y);
    // Scroll position indicator: a thin bar, for the eye only (it is not a control).
    if (max_scroll > 0) {
        ImRect r = w->InnerRect;
        float h = r.GetHeight();
        float bar = std::max(ui.px(1.5f), h * h / (h + max_scroll));
        float y = r.Min.y + (h - bar) * (w->Scroll.y / max_scroll);
        w->DrawList->AddRectFilled(ImVec2(r.Max.x - ui.px(0.35f), y), ImVec2(r.Max.x - ui.px(0.1f), y + bar),
                                   ui.theme.outline.im(0.8f), ui.px(0.15f));
    }
    ImGui::EndChild();
}

} // namespace kiosk::ui
