// bench_ui — the kiosk UI against an empty GLFW + ImGui window, measured in the same run:
//   start → first frame (15 alternating pairs: medians, and the median of the per-pair ratios) and peak
//   RSS, kiosk vs ui_baseline_window;
//   a tap on the attract screen → the home screen on the display;
//   idle CPU on the home screen over 60 s (the event-driven loop should sleep);
//   UI-thread CPU per frame on the busiest screen (identity with the pinyin keyboard and candidates) at
//   1920×1080, p50/p99.
// It runs the real binaries (BUILD/kiosk, BUILD/ui/ui_baseline_window) and needs a display: without one it
// re-runs itself under xvfb-run. Goals (issue 3): ≤ 1.3× the baseline's time, ≤ its memory + 25 MiB,
// idle ≤ 0.5 % of a core, p99 ≤ 4 ms.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Run {
    double first_frame_ms = -1;
    long peak_rss_kib = 0;
    std::string out;
    int status = -1;
};

// Spawns argv with stdout on a pipe; notes when the line "first_frame" arrives; waits; peak RSS from wait4.
Run run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}) {
    int p[2];
    if (pipe(p) != 0) return {};
    auto t0 = Clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
        std::vector<char*> a;
        for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
        a.push_back(nullptr);
        execv(a[0], a.data());
        _exit(127);
    }
    close(p[1]);
    Run r;
    std::string line;
    char buf[4096];
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; ++i) {
            if (buf[i] == '\n') {
                if (line == "first_frame" && r.first_frame_ms < 0)
                    r.first_frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                r.out += line + "\n";
                line.clear();
            } else {
                line += buf[i];
            }
        }
    }
    close(p[0]);
    rusage ru{};
    wait4(pid, &r.status, 0, &ru);
    r.peak_rss_kib = ru.ru_maxrss;
    return r;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::string field(const std::string& out, const std::string& key) {
    auto p = out.find(key + " ");
    if (p == std::string::npos) return "?";
    p += key.size() + 1;
    return out.substr(p, out.find_first_of(" \n", p) - p);
}

} // namespace

int main(int argc, char** argv) {
    fs::path self = fs::canonical("/proc/self/exe");
    if (!std::getenv("DISPLAY")) {
        std::vector<std::string> a = {"/usr/bin/xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", self.string()};
        for (int i = 1; i < argc; ++i) a.push_back(argv[i]);
        std::vector<char*> c;
        for (auto& s : a) c.push_back(s.data());
        c.push_back(nullptr);
        execv(c[0], c.data());
        std::perror("bench_ui: xvfb-run");
        return 1;
    }
    fs::path build = self.parent_path().parent_path();
    fs::path kiosk = build / "kiosk", baseline = build / "ui" / "ui_baseline_window";
    if (!fs::exists(kiosk) || !fs::exists(baseline)) {
        std::fprintf(stderr, "bench_ui: needs %s and %s (build them first)\n", kiosk.c_str(), baseline.c_str());
        return 1;
    }
    fs::path tmp = fs::temp_directory_path() / ("bench_ui." + std::to_string(getpid()));
    fs::create_directories(tmp);
    { std::ofstream(tmp / "bench.toml") << "[kiosk]\nidle_timeout_s = 3600\n"; }
    // A script that only waits: the kiosk draws, loads its pinyin dictionary (part of its real memory), exits.
    { std::ofstream(tmp / "start.script") << "wait_frames 1\n"; }
    std::vector<std::string> kiosk_args = {kiosk.string(), "--config", (tmp / "bench.toml").string(), "--data-dir",
                                           (tmp / "data").string(), "--windowed", "1920x1080"};

    // Start → first frame and peak RSS, alternating the two programs so both see the same machine state.
    // The ratio is the median of the per-pair ratios (each kiosk start against the baseline start right
    // after it): on a shared machine the load drifts between pairs more than within one.
    auto start_args = kiosk_args;
    start_args.insert(start_args.end(), {"--script", (tmp / "start.script").string()});
    // An installation's first start parses the pinyin dictionary and caches it in the data dir; every
    // later start maps that cache. The first start is measured once, apart; the pairs are ordinary starts.
    Run first = run(start_args, {"KIOSK_BENCH=1"});
    if (first.first_frame_ms < 0) {
        std::fprintf(stderr, "bench_ui: the first start did not draw (status %d)\n", first.status);
        return 1;
    }
    constexpr int kPairs = 15;
    std::vector<double> kt, bt, ratios;
    long krss = 0, brss = 0;
    for (int i = 0; i < kPairs; ++i) {
        const auto& a = start_args;
        Run k = run(a, {"KIOSK_BENCH=1"});
        Run b = run({baseline.string()});
        if (k.first_frame_ms < 0 || b.first_frame_ms < 0) {
            std::fprintf(stderr, "bench_ui: a run did not draw (kiosk status %d, baseline status %d)\n", k.status, b.status);
            return 1;
        }
        kt.push_back(k.first_frame_ms);
        bt.push_back(b.first_frame_ms);
        ratios.push_back(k.first_frame_ms / b.first_frame_ms);
        krss = std::max(krss, k.peak_rss_kib);
        brss = std::max(brss, b.peak_rss_kib);
    }
    std::sort(ratios.begin(), ratios.end());
    std::printf("%-28s %12s %12s %12s\n", "name", "kiosk", "baseline", "ratio/delta");
    std::printf("%-28s %12.1f %12.1f %11.2fx   (median of %d pairs; pair ratios %.2f-%.2f)\n", "start_to_first_frame_ms",
                median(kt), median(bt), median(ratios), kPairs, ratios.front(), ratios.back());
    std::printf("%-28s %12.1f %12.1f %+11.1f\n", "peak_rss_mib", krss / 1024.0, brss / 1024.0, (krss - brss) / 1024.0);
    std::printf("%-28s %12.1f %12.1f %+11.1f   (once per installation: parses and caches the dictionary)\n",
                "peak_rss_first_start_mib", first.peak_rss_kib / 1024.0, brss / 1024.0, (first.peak_rss_kib - brss) / 1024.0);

    // Idle on the home screen, then the busiest screen's frame cost.
    fs::path script = tmp / "bench.script";
    {
        std::ofstream s(script);
        s << "tap_text \"\xE8\xBD\xBB\xE8\xA7\xA6\xE5\xB1\x8F\xE5\xB9\x95\xE5\xBC\x80\xE5\xA7\x8B\xE5\x8A\x9E\xE7\x90\x86\"\n"   // 轻触屏幕开始办理
          << "expect_step home\nidle " << (argc > 1 ? argv[1] : "60") << "\n"
          << "tap_text \"\xE8\xAF\x81\xE6\x98\x8E\xE5\xBC\x80\xE5\x85\xB7\"\n"                                                 // 证明开具
          << "tap_text \"\xE6\x97\xA0\xE7\x8A\xAF\xE7\xBD\xAA\xE8\xAE\xB0\xE5\xBD\x95\xE8\xAF\x81\xE6\x98\x8E\"\n"             // 无犯罪记录证明
          << "tap_text \"\xE5\xBC\x80\xE5\xA7\x8B\xE5\x8A\x9E\xE7\x90\x86\"\n"                                                 // 开始办理
          << "tap_text \"\xE5\xA7\x93\xE5\x90\x8D\"\n"                                                                         // 姓名
          << "type_keys \"zhangwei\"\nmeasure_frames 1000\n";
    }
    auto a = kiosk_args;
    a.insert(a.end(), {"--script", script.string()});
    Run m = run(a, {"KIOSK_BENCH=1"});
    // The kiosk opens on the attract screen; the home screen is one tap away. How long after that tap
    // the home screen is on the display (KIOSK_BENCH's step_frame line).
    std::printf("%-28s %12s %12s %12s\n", "tap_to_home_frame_ms", field(m.out, "step_frame_home_ms").c_str(), "-", "-");
    std::printf("%-28s %12s %12s %12s\n", "idle_cpu_percent_home", field(m.out, "idle_cpu_percent").c_str(), "-", "goal<=0.5");
    std::printf("%-28s %12s %12s %12s\n", "idle_frames_rendered", field(m.out, "frames_rendered").c_str(), "-", "-");
    std::printf("%-28s %12s %12s %12s\n", "frame_cpu_ms_p50_identity", field(m.out, "frame_cpu_ms_p50").c_str(), "-", "-");
    std::printf("%-28s %12s %12s %12s\n", "frame_cpu_ms_p99_identity", field(m.out, "frame_cpu_ms_p99").c_str(), "-", "goal<=4");
    // The kiosk's full atlas after the second frame's bake (KIOSK_ICON_FONT=/nonexistent: without pictograms).
    std::printf("%-28s %12s %12s %12s   (%s, %s text glyphs)\n", "atlas_kib", field(m.out, "atlas_kib").c_str(), "-", "-",
                field(m.out, "atlas_size").c_str(), field(m.out, "atlas_glyphs").c_str());
    std::printf("\ngoals: first frame <= 1.3x baseline, peak RSS <= baseline + 25 MiB, idle <= 0.5%% of a core, p99 <= 4 ms\n");
    fs::remove_all(tmp);
    return m.status == 0 ? 0 : 1;
}
