// --script FILE: replays a resident's visit, one command per line ('#' starts a comment):
//   tap X Y · tap_text "label" · drag X1 Y1 X2 Y2 · text "…" · key NAME · wait_frames N · sleep S
//   advance_clock S · screenshot FILE · expect_step NAME · expect_text "label" · expect_value FIELD "v"
//   type_keys "abc" (a tap_text per character, on the keypad or keyboard shown)
//   scan "CODE" (a keyboard-wedge scanner's burst) · wait_text "label" S (until it is on screen, ≤ S s)
//   wait_file PATH S (until PATH exists, ≤ S s) · scan_file PATH (its first line as a scan): a test that
//   drives another program (the desk in a browser) hands the kiosk what it learnt (tests/e2e)
//   idle S (let the ordinary event-driven loop run S seconds; prints the process CPU it used: benchmark)
//   measure_frames N (render N frames; prints the UI thread's CPU per frame, p50/p99: benchmark)
//   hold X Y S (press and keep still for S seconds of frame time: staff mode's hidden entry)   [staff]
// Coordinates are window pixels. Every action is followed by a few frames so the screen settles before
// the next command looks at it (tap_text finds a label among the previous frame's tap targets).
#include "ui/runtime.hpp"
#include "app/utf8.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

namespace kiosk::ui {

namespace {

struct Cmd {
    std::string op;
    std::vector<std::string> args;
    int line = 0;
};

// Splits a line into words; "quoted strings" keep spaces and may hold \" and \\.
bool tokenize(const std::string& s, std::vector<std::string>& out) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') { ++i; continue; }
        if (s[i] == '#') break;
        std::string w;
        if (s[i] == '"') {
            ++i;
            bool closed = false;
            while (i < s.size()) {
                if (s[i] == '\\' && i + 1 < s.size()) { w += s[i + 1]; i += 2; continue; }
                if (s[i] == '"') { closed = true; ++i; break; }
                w += s[i++];
            }
            if (!closed) return false;
        } else {
            while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') w += s[i++];
        }
        out.push_back(w);
    }
    return true;
}

class ScriptPlayer : public Player {
public:
    explicit ScriptPlayer(std::vector<Cmd> cmds) : cmds_(std::move(cmds)) {}
    int exit_code() const override { return exit_; }

    bool before_frame(Runtime& rt) override {
        if (rt.frame < 3 || !rt.ui.app.pinyin_settled) return true;   // first screen laid out, dictionary loaded
        if (idle_measuring_) finish_idle(rt);
        if (frames_to_measure_ > 0) {
            if (measured_.size() < static_cast<std::size_t>(frames_to_measure_) + 1) {
                measured_.push_back(rt.last_frame_cpu_ns);
                return true;
            }
            report_frames();
        }
        if (!steps_.empty()) {           // a drag in progress: one finger position per frame
            auto f = steps_.front();
            steps_.erase(steps_.begin());
            f(rt);
            return true;
        }
        if (wait_ > 0) { --wait_; return true; }
        if (waiting_for_) {   // wait_text: until the label is on screen, or fail at the deadline
            bool seen = false;
            for (const auto& t : rt.ui.targets) seen = seen || t.label.find(waiting_for_->args[0]) != std::string::npos;
            if (seen) waiting_for_.reset();
            else if (glfwGetTime() > wait_text_until_) { const Cmd c = *waiting_for_; waiting_for_.reset(); return fail(c, "\"" + c.args[0] + "\" did not appear in time"); }
            else { std::this_thread::sleep_for(std::chrono::milliseconds(10)); return true; }
        }
        if (waiting_file_) {   // wait_file: real time, the frames go on (workers, events, the banner)
            if (std::filesystem::exists(waiting_file_->args[0])) waiting_file_.reset();
            else if (glfwGetTime() > wait_text_until_) { const Cmd c = *waiting_file_; waiting_file_.reset(); return fail(c, "\"" + c.args[0] + "\" did not appear in time"); }
            else { std::this_thread::sleep_for(std::chrono::milliseconds(10)); return true; }
        }
        if (pc_ >= cmds_.size()) return false;
        const Cmd& c = cmds_[pc_++];
        try {
            return run(rt, c);
        } catch (const std::exception&) {   // std::stof on a bad number: a script error, not a crash
            return fail(c, "bad number");
        }
    }

private:
    bool fail(const Cmd& c, const std::string& why) {
        std::cerr << "kiosk: script line " << c.line << " (" << c.op << "): " << why << "\n";
        exit_ = 1;
        return false;
    }
    static float num(const std::string& s) { return std::stof(s); }

    bool run(Runtime& rt, const Cmd& c) {
        auto need = [&](std::size_t n) { return c.args.size() == n; };
        Ui& ui = rt.ui;
        if (c.op == "tap" && need(2)) {
            rt.input.tap(num(c.args[0]), num(c.args[1]));
            wait_ = 4;
        } else if (c.op == "tap_text" && need(1)) {
            // Exact label first; else the first label containing the text (ticks carry a ○/✓ mark).
            const TapTarget* hit = nullptr;
            for (const auto& t : ui.targets) if (t.label == c.args[0]) { hit = &t; break; }
            if (!hit)
                for (const auto& t : ui.targets) if (t.label.find(c.args[0]) != std::string::npos) { hit = &t; break; }
            if (!hit) {
                std::string seen;
                for (const auto& t : ui.targets) seen += " \"" + t.label + "\"";
                return fail(c, "no button \"" + c.args[0] + "\" on screen " + step_name(ui.session.step()) + "; there are:" + seen);
            }
            rt.input.tap((hit->x0 + hit->x1) / 2, (hit->y0 + hit->y1) / 2);
            wait_ = 4;
        } else if (c.op == "drag" && need(4)) {
            float x1 = num(c.args[0]), y1 = num(c.args[1]), x2 = num(c.args[2]), y2 = num(c.args[3]);
            rt.input.move(x1, y1);
            rt.input.button(0, true);
            const int n = 8;   // a quick flick: eight frames from start to end
            for (int i = 1; i <= n; ++i) {
                float t = static_cast<float>(i) / n;
                steps_.push_back([=](Runtime& r) { r.input.move(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t); });
            }
            steps_.push_back([](Runtime& r) { r.input.button(0, false); });
            wait_ = 3;
        } else if (c.op == "hold" && need(3)) {   // [staff] hold X Y SECONDS: press, keep still, release
            float x = num(c.args[0]), y = num(c.args[1]);
            rt.input.move(x, y);
            rt.input.button(0, true);
            for (int i = 0, n = static_cast<int>(num(c.args[2]) * 30) + 1; i < n; ++i) steps_.push_back([](Runtime&) {});
            steps_.push_back([](Runtime& r) { r.input.button(0, false); });
            wait_ = 3;
        } else if (c.op == "text" && need(1)) {
            rt.input.text(c.args[0]);
            wait_ = 3;
        } else if (c.op == "scan" && need(1)) {   // a keyboard-wedge scanner's burst ([scanner] uri = hid)
            rt.input.simulate_scan(c.args[0]);
            wait_ = 4;
        } else if (c.op == "scan_file" && need(1)) {
            std::ifstream f(c.args[0]);
            std::string code;
            if (!f || !std::getline(f, code) || code.empty()) return fail(c, "cannot read a code from \"" + c.args[0] + "\"");
            rt.input.simulate_scan(code);
            wait_ = 4;
        } else if (c.op == "wait_file" && need(2)) {   // wait_file PATH SECONDS
            waiting_file_ = c;
            wait_text_until_ = glfwGetTime() + num(c.args[1]);
        } else if (c.op == "wait_text" && need(2)) {   // wait_text "label" SECONDS (real time: workers, events)
            waiting_for_ = c;
            wait_text_until_ = glfwGetTime() + num(c.args[1]);
        } else if (c.op == "key" && need(1)) {
            int k = key_from_name(c.args[0]);
            if (k < 0) return fail(c, "unknown key name \"" + c.args[0] + "\"");
            rt.input.key(k, true);
            rt.input.key(k, false);
            wait_ = 3;
        } else if (c.op == "wait_frames" && need(1)) {
            wait_ = std::max(0, std::stoi(c.args[0]));
        } else if (c.op == "sleep" && need(1)) {
            // Real time, for idle timeouts when the session's clock is not the scripted one.
            std::this_thread::sleep_for(std::chrono::duration<double>(num(c.args[0])));
            wait_ = 3;
        } else if (c.op == "advance_clock" && need(1)) {
            advance_steady_clock(num(c.args[0]));
            wait_ = 3;
        } else if (c.op == "idle" && need(1)) {
            idle_measuring_ = true;
            idle_wall_ = glfwGetTime();
            idle_cpu_ = cpu_seconds();
            idle_frames_ = rt.rendered;
            rt.idle_until = idle_wall_ + num(c.args[0]);
        } else if (c.op == "measure_frames" && need(1)) {
            frames_to_measure_ = std::max(1, std::stoi(c.args[0]));
            measured_.clear();
        } else if (c.op == "screenshot" && need(1)) {
            rt.capture = c.args[0];
        } else if (c.op == "expect_step" && need(1)) {
            if (c.args[0] != step_name(ui.session.step()))
                return fail(c, std::string("expected step ") + c.args[0] + ", on " + step_name(ui.session.step()));
        } else if (c.op == "expect_text" && need(1)) {
            bool found = false;
            for (const auto& t : ui.targets) if (t.label == c.args[0]) found = true;
            if (!found) return fail(c, "no \"" + c.args[0] + "\" on screen " + step_name(ui.session.step()));
        } else if (c.op == "expect_value" && need(2)) {
            if (ui.session.value(c.args[0]) != c.args[1])
                return fail(c, "field " + c.args[0] + " holds something else than expected");
        } else {
            return fail(c, "unknown command or wrong number of arguments");
        }
        return true;
    }

    static double cpu_seconds() {
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    }
    void finish_idle(Runtime& rt) {
        idle_measuring_ = false;
        double wall = glfwGetTime() - idle_wall_;
        double cpu = cpu_seconds() - idle_cpu_;
        std::printf("idle_seconds %.1f idle_cpu_percent %.3f frames_rendered %lld\n", wall, 100.0 * cpu / wall, rt.rendered - idle_frames_);
        std::fflush(stdout);
    }
    void report_frames() {
        measured_.erase(measured_.begin());   // the first value belongs to the frame before the command
        std::sort(measured_.begin(), measured_.end());
        auto pct = [&](double p) { return measured_[std::min(measured_.size() - 1, static_cast<std::size_t>(p * measured_.size()))] / 1e6; };
        std::printf("frames %zu frame_cpu_ms_p50 %.3f frame_cpu_ms_p99 %.3f frame_cpu_ms_max %.3f\n", measured_.size(), pct(0.5), pct(0.99),
                    measured_.back() / 1e6);
        std::fflush(stdout);
        frames_to_measure_ = 0;
        measured_.clear();
    }

    bool idle_measuring_ = false;
    std::optional<Cmd> waiting_for_, waiting_file_;
    double wait_text_until_ = 0;
    double idle_wall_ = 0, idle_cpu_ = 0;
    long long idle_frames_ = 0;
    int frames_to_measure_ = 0;
    std::vector<long long> measured_;
    std::vector<Cmd> cmds_;
    std::size_t pc_ = 0;
    int wait_ = 0;
    int exit_ = 0;
    std::vector<std::function<void(Runtime&)>> steps_;
};

class ScreenshotPlayer : public Player {
public:
    ScreenshotPlayer(std::filesystem::path f, int n) : file_(std::move(f)), frames_(n) {}
    bool before_frame(Runtime& rt) override {
        // The screenshot is of the home screen (the chain the foundation issue proves: window, CJK font,
        // the catalog's categories), not of the attract loop the kiosk starts in.
        if (rt.frame == 0) rt.ui.session.activity();
        if (rt.frame >= frames_) return false;
        if (rt.frame == frames_ - 1) rt.capture = file_;
        return true;
    }
private:
    std::filesystem::path file_;
    long long frames_;
};

} // namespace

std::unique_ptr<Player> make_script_player(const std::filesystem::path& file, std::string& error) {
    std::ifstream in(file);
    if (!in) { error = file.string() + ": cannot read"; return nullptr; }
    std::vector<Cmd> cmds;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        std::vector<std::string> words;
        if (!tokenize(line, words)) { error = file.string() + ":" + std::to_string(n) + ": unclosed quote"; return nullptr; }
        if (words.empty()) continue;
        if (words[0] == "type_keys" && words.size() == 2) {
            // type_keys "110105…": one tap_text per character, on whatever keypad or keyboard is shown.
            const std::string& s = words[1];
            utf8::for_each(s, utf8::OnBad::replace, [&](char32_t, std::string_view ch) {
                cmds.push_back({"tap_text", {std::string(ch)}, n});
            });
            continue;
        }
        Cmd c{words[0], {words.begin() + 1, words.end()}, n};
        cmds.push_back(std::move(c));
    }
    return std::make_unique<ScriptPlayer>(std::move(cmds));
}

std::unique_ptr<Player> make_screenshot_player(const std::filesystem::path& file, int frames) {
    return std::make_unique<ScreenshotPlayer>(file, frames);
}

} // namespace kiosk::ui
