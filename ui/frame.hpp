#pragma once
// [SECTION] Frame — what every frame does before and around the screens, in one place: the runner and the
// headless test harnesses call these same functions, so a test drives the frame the kiosk really runs.
//   apply_font_sizes(): bake the atlas when sizes or characters changed, then theme and em follow
//   begin_frame():      input (at most one transition per button/key), the idle rule, NewFrame, the
//                       per-frame resets, the per-visit state dropped when the session's generation moved
//   draw_screens():     staff mode, or the resident screen of the current step and its idle overlay
#include "ui/fonts.hpp"
#include "ui/input_queue.hpp"
#include "ui/ui.hpp"

#include <functional>

namespace kiosk::ui {

// Rebuilds the atlas when needed (see Fonts::rebuild_if_needed; `partial_ok`: the start-up atlas may stay
// while it covers what is shown). `upload` hands the new atlas to the renderer: the runner's GL texture,
// a harness's read of the pixels. Returns true when it rebuilt.
bool apply_font_sizes(Ui& ui, const FontSizes& want, bool partial_ok, const std::function<void()>& upload);

// After the platform backends' NewFrame (the runner's) or a harness's own DeltaTime: applies queued input
// to io, starts the ImGui frame and resets what each frame rebuilds. `fixed_step`: 1/30 s per frame, so
// automation replays deterministically. Returns true when there was input.
bool begin_frame(Ui& ui, InputQueue& input, bool fixed_step);

// Staff mode when it draws, else the current step's screen (and the idle warning over it).
void draw_screens(Ui& ui);

} // namespace kiosk::ui
