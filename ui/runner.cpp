// [SECTION] Index
//   [SECTION] Window     — GLFW window, callbacks (ours first, ImGui's chained), OpenGL 3.3 core
//   [SECTION] Glyphs     — every string the kiosk can show is baked into the atlas
//   [SECTION] Frame      — one frame: fonts, input, the current screen, the idle overlay, voice
//   [SECTION] Loop       — event-driven: wait for input or the next timer, never spin while idle
#include "ui/kiosk_ui.hpp"
#include "ui/probe.hpp"
#include "app/startup_trace.hpp"
#include "app/staff_desk.hpp"
#include "ui/font_texture.hpp"
#include "ui/runtime.hpp"
#include "ui/screens/registry.hpp"
#include "ui/staff/staff_mode.hpp"   // [staff]
#include "ui/voice.hpp"
#include "ui/widgets/widgets.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <cstdlib>
#include <ctime>
#include <atomic>
#include <iostream>
#include <thread>

namespace kiosk::ui {

namespace {

// [SECTION] Window
struct WindowCtx {
    InputQueue* input = nullptr;
    Ui* ui = nullptr;
};

void on_key(GLFWwindow* w, int key, int, int action, int) {
    auto* c = static_cast<WindowCtx*>(glfwGetWindowUserPointer(w));
    if (action == GLFW_REPEAT || !c || !c->input) return;
    c->input->key(key, action == GLFW_PRESS);
}
void on_button(GLFWwindow* w, int button, int action, int) {
    auto* c = static_cast<WindowCtx*>(glfwGetWindowUserPointer(w));
    if (!c || !c->input) return;
    // Where the press happened, from the window system itself: the first tap after start (or after the
    // pointer left the window) may come with no motion event before it.
    if (action == GLFW_PRESS) {
        double x = 0, y = 0;
        glfwGetCursorPos(w, &x, &y);
        c->input->move(static_cast<float>(x), static_cast<float>(y));
    }
    c->input->button(button, action == GLFW_PRESS);
}
void on_cursor(GLFWwindow* w, double x, double y) {
    auto* c = static_cast<WindowCtx*>(glfwGetWindowUserPointer(w));
    if (c && c->input) c->input->move(static_cast<float>(x), static_cast<float>(y));
}
void on_close(GLFWwindow* w) {
    // A resident must not be able to close the kiosk (window close, Alt-F4): only staff mode may.
    auto* c = static_cast<WindowCtx*>(glfwGetWindowUserPointer(w));
    if (!c || !c->ui || !c->ui->staff_mode) { glfwSetWindowShouldClose(w, GLFW_FALSE); return; }
    // Staff closing the window is closing the kiosk: recorded like the "close kiosk" button.
    if (c->ui->app.staff) (void)c->ui->app.staff->allow_close();
}

GLFWwindow* open_window(const UiOptions& o, std::string& err) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_DOUBLEBUFFER, GLFW_TRUE);
    GLFWwindow* w = nullptr;
    if (o.fullscreen) {
        // Borderless full screen: a window with the monitor's own video mode, so no mode switch happens.
        GLFWmonitor* m = glfwGetPrimaryMonitor();
        const GLFWvidmode* mode = m ? glfwGetVideoMode(m) : nullptr;
        if (mode) {
            glfwWindowHint(GLFW_RED_BITS, mode->redBits);
            glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
            glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
            glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
            glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
            w = glfwCreateWindow(mode->width, mode->height, "kiosk", m, nullptr);
        }
    }
    if (!w) w = glfwCreateWindow(std::max(o.width, 320), std::max(o.height, 240), "kiosk", nullptr, nullptr);
    if (!w) err = "cannot create an OpenGL 3.3 window (is Mesa installed? under xvfb-run use -s \"-screen 0 1920x1080x24\")";
    return w;
}

// The framebuffer height open_window() will produce (font sizes scale with it), known before the window
// exists so the atlas can be built meanwhile. A wrong guess costs only a rebuild at the first frame.
int expected_framebuffer_height(const UiOptions& o) {
    if (o.fullscreen)
        if (GLFWmonitor* m = glfwGetPrimaryMonitor())
            if (const GLFWvidmode* mode = glfwGetVideoMode(m)) return mode->height;
    return std::max(o.height, 240);
}

#if defined(__SANITIZE_ADDRESS__)
// Under LeakSanitizer: Mesa's DRI driver keeps a few allocations until exit, but glfwTerminate unloads it,
// so LSan sees them in an "<unknown module>" that tests/lsan.supp cannot name. Pinning every loaded
// *_dri.so (RTLD_NOLOAD | RTLD_NODELETE) keeps its name in the report, where the suppression applies.
int pin_dri(dl_phdr_info* info, size_t, void*) {
    if (info->dlpi_name && std::strstr(info->dlpi_name, "_dri.so")) ::dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    return 0;
}
void pin_gl_driver() { dl_iterate_phdr(pin_dri, nullptr); }
#else
void pin_gl_driver() {}
#endif

// [SECTION] Glyphs
void need_catalog_glyphs(Fonts& f, const Catalog& c, const Config& cfg) {
    auto lt = [&](const LocalText& t) { f.need(t.zh); f.need(t.en); };
    lt(cfg.station.name);
    for (const auto& cat : c.categories) { lt(cat.name); lt(cat.description); }
    for (const auto& s : c.services) {
        lt(s.name); lt(s.description); lt(s.elsewhere); lt(s.fee); lt(s.processing_time); lt(s.eligibility);
        for (const auto& m : s.materials) lt(m);
        for (const auto& fs : s.form) {
            lt(fs.label); lt(fs.hint);
            for (const auto& ch : fs.choices) lt(ch.label);
        }
    }
}

void need_session_glyphs(Fonts& f, const Session& s) {
    // Values typed with the pinyin keyboard or a scanner may hold characters the tables do not.
    for (const FieldSpec* fs : s.all_fields()) {
        f.need(s.value(fs->id));
        for (const auto& ch : fs->choices) { f.need(ch.label.zh); f.need(ch.label.en); }
        f.need(fs->label.zh); f.need(fs->label.en);
    }
    for (const auto& fs : s.identity_fields()) { f.need(fs.label.zh); f.need(fs.label.en); }
}

long long thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// [SECTION] Frame
struct Frame {
    GLFWwindow* window;
    Ui& ui;
    InputQueue& input;
    Voice& voice;
    bool fixed_step = false;   // automation: a fixed 1/30 s per frame makes replays deterministic
    Step last_step = Step::attract;
    bool first = true;
};

void render(Frame& f, Runtime* rt) {
    Ui& ui = f.ui;
    Session& s = ui.session;
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(f.window, &fb_w, &fb_h);

    need_session_glyphs(ui.fonts, s);
    FontSizes want = FontSizes::for_window(fb_h, s.elderly());
    // The prebuilt atlas holds the attract screen's glyphs only: a first frame anywhere else (a script,
    // a tour or a screenshot that starts on another screen) bakes everything before it draws.
    const bool attract_only = s.step() == Step::attract && !ui.staff_mode;
    if (ui.fonts.rebuild_if_needed(want, attract_only)) {
        upload_font_texture();
        startup_phase(f.first ? "font_texture" : "font_texture_rebuilt");
        ui.theme.apply(ImGui::GetStyle(), want.body);
        ui.em = want.body;
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    bool any_input = f.input.apply(io);
    if (f.fixed_step) io.DeltaTime = 1.0f / 30.0f;
    if (any_input) {
        ui.keep_awake(3);
        // Any touch or key restarts the idle timer, except where a screen decides itself: attract (the
        // tap that wakes it must not also press a home button) and the idle warning (its overlay does).
        if (s.step() != Step::attract && s.idle_state() == IdleState::active) s.activity();
    }
    ImGui::NewFrame();
    ui.width = io.DisplaySize.x;
    ui.height = io.DisplaySize.y;
    ui.time = ImGui::GetTime();
    ui.targets.clear();
    ui.frames_wanted = 0;
    ui.wake_in_s = -1;
    if (s.generation() != ui.visit_generation) {
        ui.visit = VisitState{};
        ui.visit_generation = s.generation();
    }

    Step step = s.step();
    // [staff] Hidden entry, PIN pad, staff screens, auto-logout (ui/staff/): when they draw, residents' screens don't.
    const bool staff_drew = draw_staff_mode(ui);
    if (!staff_drew) if (const ScreenEntry* e = screen_for(step)) e->draw(ui);
    if (!staff_drew && s.idle_state() == IdleState::warning) draw_idle_overlay(ui);
    if (s.step() != step || f.first) {
        ui.keep_awake(3);
        if (s.voice()) if (const ScreenEntry* e = screen_for(s.step())) f.voice.say(ui.strings.get(e->prompt_key, s.locale()), s.locale());
    }
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

} // namespace

// [SECTION] Loop
namespace {
bool g_display_ready = false;

// KIOSK_BENCH: a frame whose input changed the step drew the old screen; the next one draws the new
// screen, and once it is on the display, prints how long after the input that was (tap → home, …).
void report_step_latency(Runtime& rt, Step before, Step now) {
    if (rt.step_input_at >= 0 && before == now) {
        glFinish();
        std::printf("step_frame_%s_ms %.1f\n", step_name(now), (glfwGetTime() - rt.step_input_at) * 1000.0);
        std::fflush(stdout);
        rt.step_input_at = -1;
    } else if (before != now) {
        rt.step_input_at = rt.input_seen_at >= 0 ? rt.input_seen_at : glfwGetTime();
    }
    rt.input_seen_at = -1;
}
}

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
    if (auto e = fonts.open(); !e.empty()) {
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
    fonts.prebuild(FontSizes::for_window(expected_framebuffer_height(opts), app.session.elderly()),
                   fonts.with_basics(attract_strings(strings, app.config)));
    startup_phase("glyph_set");

    std::string err;
    GLFWwindow* window = open_window(opts, err);
    if (!window) { std::cerr << "kiosk: " << err << "\n"; glfwTerminate(); g_display_ready = false; return 1; }
    startup_phase("window");
    glfwMakeContextCurrent(window);
    pin_gl_driver();
    glfwSwapInterval(1);
    if (opts.fullscreen) glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);

    InputQueue input;
    Voice voice;
    Ui ui{app, app.session, strings, fonts, theme()};
    ui.voice = &voice;
    WindowCtx ctx{&input, &ui};
    glfwSetWindowUserPointer(window, &ctx);
    // Ours first: ImGui's backend saves these and chains to them from its own callbacks.
    glfwSetKeyCallback(window, on_key);
    glfwSetMouseButtonCallback(window, on_button);
    glfwSetCursorPosCallback(window, on_cursor);
    glfwSetWindowCloseCallback(window, on_close);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(fonts.take_prebuilt());
    startup_phase("font_atlas");
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // a kiosk keeps no layout between runs
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    io.ConfigInputTextCursorBlink = false;   // a blinking caret would keep the event loop awake
    ImGui_ImplGlfw_InitForOpenGL(window, true);
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
        // After the first frame and the atlas's full bake (the second frame, normally), not beside it: the two
        // are the largest temporary allocations of start-up, and together they would set the peak memory.
        if (rt.rendered >= 1 && !fonts.dirty() && !first_frames_done) {
            first_frames_done = true;
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
        if (rt.rendered == 1 && bench) {
            // bench_ui timestamps this line: process start → first frame on screen.
            glFinish();
            startup_phase("first_frame_drawn");
            std::printf("first_frame\n");
            std::fflush(stdout);
        }
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
