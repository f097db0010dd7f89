// The package's pieces that are code: the conffile matches the config parser (every key, at its default),
// and the watchdog's decisions (READY once, pings only when due and only while the workers are fine).
#include "app/config.hpp"
#include "kiosk/startup.hpp"
#include "kiosk/watchdog.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace kiosk;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// "# key = value   # why" → "key = value   # why": the conffile with every default switched on.
std::string uncomment(const std::string& toml) {
    static const std::regex commented(R"(^# ([a-z0-9_]+ = .*)$)");
    std::istringstream in(toml);
    std::string line, out;
    while (std::getline(in, line)) out += std::regex_replace(line, commented, "$1") + "\n";
    return out;
}

// section → keys, from the parser's own lists of known keys (app/config.cpp, r.known(...)).
std::map<std::string, std::set<std::string>> parser_keys() {
    const std::string src = slurp(KIOSK_SOURCE_DIR "/app/config.cpp");
    static const std::regex known(R"re(known\(\s*[&a-z]+\s*,\s*"([a-z]*)"\s*,\s*\{([^}]*)\})re");
    static const std::regex word(R"re("([a-z0-9_]+)")re");
    std::map<std::string, std::set<std::string>> out;
    for (auto it = std::sregex_iterator(src.begin(), src.end(), known); it != std::sregex_iterator(); ++it) {
        const std::string list = (*it)[2];
        for (auto w = std::sregex_iterator(list.begin(), list.end(), word); w != std::sregex_iterator(); ++w)
            out[(*it)[1]].insert((*w)[1]);
    }
    return out;
}

} // namespace

TEST_CASE("conffile: packaging/kiosk.toml lists every key app/config.cpp knows, in its section") {
    const auto keys = parser_keys();
    REQUIRE(keys.count(""));              // the list of sections
    REQUIRE(keys.size() > 3);             // and the sections' own lists: the regex still finds them
    const std::string toml = slurp(KIOSK_SOURCE_DIR "/packaging/kiosk.toml");
    REQUIRE_FALSE(toml.empty());
    for (const std::string& section : keys.at("")) {
        INFO("section [" << section << "]");
        const auto at = toml.find("\n[" + section + "]\n");
        REQUIRE(at != std::string::npos);
        const auto end = toml.find("\n[", at + 1);
        const std::string body = toml.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (!keys.count(section)) continue;
        for (const std::string& key : keys.at(section)) {
            INFO("key " << section << "." << key);
            CHECK(std::regex_search(body, std::regex("\n(# )?" + key + " = ")));
        }
    }
}

TEST_CASE("conffile: with every line uncommented it parses, and each value is the built-in default") {
    auto parsed = parse_config(uncomment(slurp(KIOSK_SOURCE_DIR "/packaging/kiosk.toml")), "kiosk.toml");
    INFO((parsed ? std::string() : parsed.error().message));
    REQUIRE(parsed);
    const Config& c = parsed.value();
    const Config d;
    CHECK(c.kiosk.data_dir == "/var/lib/kiosk");   // the one value the package sets on purpose
    CHECK(c.station.name.zh == d.station.name.zh);
    CHECK(c.station.name.en == d.station.name.en);
    CHECK(c.station.id == d.station.id);
    CHECK(c.station.hotline == d.station.hotline);
    CHECK(c.kiosk.id == d.kiosk.id);
    CHECK(c.kiosk.locale == d.kiosk.locale);
    CHECK(c.kiosk.fullscreen == d.kiosk.fullscreen);
    CHECK(c.kiosk.idle_timeout_s == d.kiosk.idle_timeout_s);
    CHECK(c.kiosk.warn_s == d.kiosk.warn_s);
    CHECK(c.kiosk.done_return_s == d.kiosk.done_return_s);
    CHECK(c.kiosk.voice == d.kiosk.voice);
    CHECK(c.kiosk.demo == d.kiosk.demo);
    CHECK(c.kiosk.assets_dir == d.kiosk.assets_dir);
    CHECK(c.kiosk.cursor == d.kiosk.cursor);
    CHECK(c.upload.url == d.upload.url);
    CHECK(c.upload.ca_file == d.upload.ca_file);
    CHECK(c.upload.client_cert == d.upload.client_cert);
    CHECK(c.upload.client_key == d.upload.client_key);
    CHECK(c.upload.pins == d.upload.pins);
    CHECK(c.upload.connect_timeout_s == d.upload.connect_timeout_s);
    CHECK(c.upload.heartbeat_s == d.upload.heartbeat_s);
    CHECK(c.printer.uri == d.printer.uri);
    CHECK(c.printer.paper == d.printer.paper);
    CHECK(c.printer.native_qr == d.printer.native_qr);
    CHECK(c.printer.a4_queue == d.printer.a4_queue);
    CHECK(c.privacy.retention_days == d.privacy.retention_days);
    CHECK(c.staff.auto_logout_s == d.staff.auto_logout_s);
}

TEST_CASE("conffile: as shipped (defaults commented out) it parses too") {
    auto parsed = parse_config(slurp(KIOSK_SOURCE_DIR "/packaging/kiosk.toml"), "kiosk.toml");
    INFO((parsed ? std::string() : parsed.error().message));
    REQUIRE(parsed);
    CHECK(parsed.value().kiosk.data_dir == "/var/lib/kiosk");
}

namespace {

struct Recorder {
    std::vector<std::string> sent;
    app_main::Watchdog::Options options(long long usec) {
        app_main::Watchdog::Options o;
        o.notify = true;
        o.watchdog_usec = usec;
        o.send = [this](const std::string& m) { sent.push_back(m); };
        return o;
    }
    long count(const std::string& m) const { return static_cast<long>(std::count(sent.begin(), sent.end(), m)); }
};

// Turns the "UI loop" for `seconds`, every 5 ms.
void turn_for(app_main::Watchdog& wd, double seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        wd.loop_turn();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

} // namespace

TEST_CASE("watchdog: READY=1 once, at the first frame, and nothing before it") {
    Recorder r;
    app_main::Watchdog wd(r.options(0));
    wd.loop_turn();
    CHECK(r.sent.empty());
    wd.first_frame();
    wd.first_frame();
    REQUIRE(r.sent.size() == 1);
    CHECK(r.sent[0].rfind("READY=1", 0) == 0);
    turn_for(wd, 0.1);   // no WATCHDOG_USEC: no pings
    CHECK(r.count("WATCHDOG=1") == 0);
}

TEST_CASE("watchdog: without NOTIFY_SOCKET nothing is sent at all") {
    Recorder r;
    auto o = r.options(100000);
    o.notify = false;
    {
        app_main::Watchdog wd(o);
        wd.first_frame();
        turn_for(wd, 0.2);
    }
    CHECK(r.sent.empty());
}

TEST_CASE("watchdog: pings at half the interval while the loop turns, none while it does not") {
    Recorder r;
    app_main::Watchdog wd(r.options(200000));   // 0.2 s: a ping due every 0.1 s
    CHECK(wd.ping_interval_s() == Approx(0.1));
    wd.first_frame();
    turn_for(wd, 1.0);
    const long turning = r.count("WATCHDOG=1");
    CHECK(turning >= 5);     // ~10 expected; wide bounds for a loaded machine
    CHECK(turning <= 12);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));   // the loop does not turn: no ping
    CHECK(r.count("WATCHDOG=1") == turning);
    wd.loop_turn();          // due ticks do not pile up: one turn sends one ping at most
    CHECK(r.count("WATCHDOG=1") == turning + 1);
}

TEST_CASE("watchdog: a worker stuck in one job withholds the pings until it moves again") {
    Recorder r;
    auto o = r.options(100000);
    o.worker_stuck_s = 60;
    app_main::Watchdog wd(o);
    double busy = 0;
    wd.add_worker({"upload", [&busy] { return busy; }});
    wd.first_frame();
    turn_for(wd, 0.3);
    const long before = r.count("WATCHDOG=1");
    CHECK(before >= 2);
    busy = 61;               // in one call for over a minute
    turn_for(wd, 0.3);
    CHECK(r.count("WATCHDOG=1") == before);
    busy = 0;                // back to waiting for work
    turn_for(wd, 0.3);
    CHECK(r.count("WATCHDOG=1") > before);
}

TEST_CASE("cursor auto: a touch screen is a device with multi-touch positions, a mouse is not") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("kiosk-touch-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto write = [&](const char* name, const std::string& text) {
        std::ofstream(dir / name) << text;
        return dir / name;
    };
    // As /proc/bus/input/devices shows an ILITEK touch panel and a USB mouse.
    const auto touch = write("touch", "I: Bus=0003 Vendor=222a Product=0001\nN: Name=\"ILITEK Multi-Touch\"\n"
                                      "B: EV=1b\nB: KEY=400 0 0 0 0 0\nB: ABS=260800000000003\n\n");
    const auto mouse = write("mouse", "I: Bus=0003 Vendor=046d Product=c077\nN: Name=\"Logitech USB Mouse\"\n"
                                      "B: EV=17\nB: REL=903\n\n");
    CHECK(app_main::touch_screen_attached(touch));
    CHECK_FALSE(app_main::touch_screen_attached(mouse));
    CHECK_FALSE(app_main::touch_screen_attached(dir / "missing"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("config: [kiosk] cursor is auto, hidden or shown, anything else names the key") {
    CHECK(parse_config("[kiosk]\ncursor = \"hidden\"\n", "k.toml"));
    auto bad = parse_config("[kiosk]\ncursor = \"off\"\n", "k.toml");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("kiosk.cursor") != std::string::npos);
}
