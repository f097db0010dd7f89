// [SECTION] Index
//   [SECTION] Frame — one frame: fonts, input, the screens (frame.hpp), voice, the GL draw, capture
//   [SECTION] Loop  — event-driven: wait for input or the next timer, never spin while idle
// The window and its callbacks are in window.cpp, the glyph sets in glyph_sets.cpp, the benchmark probes
// in bench_probe.cpp; background loads are the composition root's (UiOptions hooks).
#include "ui/kiosk_ui.hpp"
#include "app/startup_trace.hpp"
#include "ui/bench_probe.hpp"
#include "ui/font_texture.hpp"
#include "ui/frame.hpp"
#include "ui/glyph_sets.hpp"
#include "ui/probe.hpp"
#include "ui/runtime.hpp"
#include "ui/screens/registry.hpp"
#include "ui/voice.hpp"
#include "ui/widgets/widgets.hpp"
#include "ui/window.hpp"
#include "app/scanner/scan_inbox.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace kiosk::ui {

namespace {

// [SECTION] Frame
struct Frame {
    GLFWwindow* window;
    Ui& ui;
    InputQueue& input;
    Voice& voice;
    bool fixed_step = false;   // automation: a fixed 1/30 s per frame makes replays deterministic
    bool first = true;
};

void render(Frame& f, Runtime* rt) {
    Ui& ui = f.ui;
    Session& s = ui.session;
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(f.window, &fb_w, &fb_h);

    need_session_glyphs(ui.fonts, s);
    // The prebuilt atlas holds the attract screen's glyphs only: a first frame anywhere else (a script,
    // a tour or a screenshot that starts on another screen) bakes everything before it draws.
    const bool attract_only = s.step() == Step::attract && !ui.staff_mode;
    apply_font_sizes(ui, FontSizes::for_window(fb_w, fb_h, s.elderly()), attract_only, [&] {
        upload_font_texture();
        startup_phase(f.first ? "font_texture" : "font_texture_rebuilt");
    });

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    begin_frame(ui, f.input, f.fixed_step);
    const Step step = s.step();
    draw_screens(ui);
    std::string spoken;
    if (s.step() != step || f.first) {
        ui.keep_awake(3);
        if (s.voice()) if (const ScreenEntry* e = screen_for(s.step())) spoken = ui.strings.get(e->prompt_key, s.locale());
    }
    // The card still lies on the reader as the visit ends: said even with the voice toggle off (like a
    // call, it is for whoever stands there), after the screen's prompt in the same utterance so that one
    // never cuts the other.
    if (s.take_card_reminder_due()) spoken += (spoken.empty() ? "" : " ") + ui.strings.get("reader.take_card", s.locale());
    if (!spoken.empty()) f.voice.say(spoken, s.locale());
    f.first = false;
    if (ui.fonts.dirty()) ui.keep_awake(2);   // new characters appeared: bake them and draw again

    ImGui::Render();
    glViewport(0, 0, fb_w, fb_h);
    const Rgb& bg = ui.theme.page;
    glClearColor(bg.r / 255.f, bg.g / 255.f, bg.b / 255.f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (rt && !rt->capture.empty()) {
        if (auto e = save_framebuffer_png(rt->capture, fb_w, fb_h); !e.empty()) std::cerr << "kiosk: screenshot: " << e << "\n";
        rt->capture.clear();
    }
    glfwSwapBuffers(f.window);
}

bool g_display_ready = false;

} // namespace

// [SECTION] Loop
void preinit_display() {
    if (g_display_ready) return;
    // Quiet while connecting: without a display run() says so in one clear line, and only after main()
    // has reported any configuration or database error first, as it always did.
    glfwSetErrorCallback([](int, const char*) {});
    g_display_ready = glfwInit() == GLFW_TRUE;
    glfwSetErrorCallback([](int code, const char* msg) { std::fprintf(stderr, "kiosk: GLFW error %d: %s\n", code, msg); });
}

int run(AppState& app, const UiOptions& opts) {
    Strings strings;
    if (auto e = strings.load(opts.assets_dir / "i18n"); !e.empty()) {
        std::cerr << "kiosk: " << e << "\n";
        return 1;
    }
    Fonts fonts;
    FontFiles font_files;
    // KIOSK_ICON_FONT: another icon font file (tests and bench_ui run the kiosk without one: the drawn shapes).
    if (const char* icons = std::getenv("KIOSK_ICON_FONT")) font_files.icons = icons;
    if (auto e = fonts.open(font_files); !e.empty()) {
        std::cerr << "kiosk: " << e << "\n";
        return 1;
    }
    std::unique_ptr<Player> player;
    if (!opts.script.empty()) {
        std::string err;
        player = make_script_player(opts.script, err);
        if (!player) { std::cerr << "kiosk: --script: " << err << "\n"; return 2; }
    } else if (!opts.tour_dir.empty()) {
        player = make_tour_player(opts.tour_dir);
    } else if (!opts.screenshot.empty() || opts.quit_after_frames > 0) {
        // --quit-after-frames alone: render and exit without a file (start-up benchmarks).
        player = make_screenshot_player(opts.screenshot, std::max(1, opts.quit_after_frames));
    }

    preinit_display();
    if (!g_display_ready) {
        std::cerr << "kiosk: no display: set DISPLAY, or run under xvfb-run -a -s \"-screen 0 1920x1080x24\"\n";
        return 1;
    }
    startup_phase("glfw_init");

    // Every string the kiosk can show is wanted; what the attract screen (where every start and every
    // reset lands) shows is baked while the window is being created, the rest at the second frame (see
    // Fonts::prebuild). Both languages: the locale can be switched from the first tap.
    for (const std::string* s : strings.all()) fonts.need(*s);
    need_catalog_glyphs(fonts, app.catalog, app.config);
    if (opts.elderly) app.session.set_elderly(true);
    fonts.prebuild(FontSizes::for_window(expected_framebuffer_width(opts), expected_framebuffer_height(opts), app.session.elderly()),
                   fonts.with_basics(attract_strings(strings, app.config)));
    startup_phase("glyph_set");

    std::string err;
    GLFWwindow* window = open_window(opts, err);
    if (!window) { std::cerr << "kiosk: " << err << "\n"; glfwTerminate(); g_display_ready = false; return 1; }
    startup_phase("window");
    glfwMakeContextCurrent(window);
    pin_gl_driver();
    glfwSwapInterval(1);
    if (opts.hide_cursor) glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);

    InputQueue input;
    Voice voice;
    Ui ui{app, app.session, strings, fonts, theme()};
    ui.voice = &voice;
    if (app.speak_prompt) voice.set_sink(app.speak_prompt);
    if (app.config.scanner.uri == "hid" && app.scans)   // keyboard-wedge scanner: its bursts never reach a field
        input.watch_for_scans([&app](std::string code) { app.scans->push(std::move(code)); });
    WindowCtx ctx{&input, &ui};
    install_callbacks(window, ctx);   // ours first: ImGui's backend saves these and chains to them

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(fonts.take_prebuilt());
    startup_phase("font_atlas");
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // a kiosk keeps no layout between runs
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    io.ConfigInputTextCursorBlink = false;   // a blinking caret would keep the event loop awake
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    if (app.config.scanner.uri == "hid" && app.scans) route_chars_through_queue(window);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    init_font_texture_backend();
    startup_phase("imgui");
    app.wake = [] { glfwPostEmptyEvent(); };

    Frame frame{window, ui, input, voice};
    frame.fixed_step = player != nullptr;
    Runtime rt{ui, input};
    Probe probe;   // KIOSK_PROBE: where tests aim real X input
    const bool bench = std::getenv("KIOSK_BENCH") != nullptr;
    int exit_code = 0;
    bool first_frames_done = false;
    while (!glfwWindowShouldClose(window) && !app.quit_requested) {   // [staff] quit_requested: "close the kiosk"
        // A player drives every frame, except while it lets the kiosk idle as in service (benchmarks).
        const double now_s = glfwGetTime();
        const bool scripted = player && now_s >= rt.idle_until;
        if (scripted) {
            if (!player->before_frame(rt)) { exit_code = player->exit_code(); break; }
            glfwPollEvents();
        } else if (ui.frames_wanted > 0 || input.pending() || input.any_down()) {
            glfwPollEvents();
        } else {
            // Nothing to animate: sleep until input, a worker's wake, or the next timer (idle warning,
            // countdown second, attract rotation). An hour is just "forever" with a safety net.
            double t = 3600;
            if (auto next = app.session.seconds_to_next_event()) t = std::min(t, *next);
            if (ui.wake_in_s >= 0) t = std::min(t, ui.wake_in_s);
            if (player) t = std::min(t, rt.idle_until - now_s);
            glfwWaitEventsTimeout(std::max(t, 0.001));
            if (player && glfwGetTime() >= rt.idle_until) continue;   // back to the player, no extra frame
        }
        // A keyboard-wedge scanner's burst is arriving: collect it at its own pace, draw afterwards.
        if (!scripted && input.collecting_scan()) { glfwWaitEventsTimeout(0.002); continue; }
        // After the first frame and the atlas's full bake (the second frame, normally), not beside it: the two
        // are the largest temporary allocations of start-up, and together they would set the peak memory.
        if (rt.rendered >= 1 && !fonts.dirty() && !first_frames_done) {
            first_frames_done = true;
            // The full atlas (8-bit coverage, also its size on the GPU): what the glyphs cost in memory.
            if (bench) {
                const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
                std::printf("atlas_kib %.0f atlas_size %dx%d atlas_glyphs %zu\n", atlas->TexWidth * double(atlas->TexHeight) / 1024.0,
                            atlas->TexWidth, atlas->TexHeight, fonts.glyph_count());
                std::fflush(stdout);
            }
            opts.after_first_frames();
        }
        opts.before_frame();
        app.session.update();
        if (bench && rt.input_seen_at < 0 && input.pending()) rt.input_seen_at = glfwGetTime();
        const Step step_before = app.session.step();
        rt.frame_start_cpu_ns = thread_cpu_ns();
        render(frame, &rt);
        rt.last_frame_cpu_ns = thread_cpu_ns() - rt.frame_start_cpu_ns;
        ++rt.frame;
        ++rt.rendered;
        probe.after_frame(ui, rt.rendered);
        if (bench) report_step_latency(rt, step_before, app.session.step());
        if (bench) report_marks(rt);
        else ui.bench_marks.clear();
        if (rt.rendered == 1 && bench) report_first_frame();
    }

    app.wake = [] {};
    destroy_font_texture();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    g_display_ready = false;
    return exit_code;
}

} // namespace kiosk::ui
