// Config: defaults, every section, and errors that name the file, the key and why.
#include "app/config.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace kiosk;

namespace {
std::string err(const std::string& toml) {
    auto r = parse_config(toml, "kiosk.toml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "config.invalid");
    return r.error().message;
}
} // namespace

TEST_CASE("an empty file gives safe defaults") {
    auto r = parse_config("", "kiosk.toml");
    REQUIRE(r.ok());
    CHECK(r->kiosk.idle_timeout_s == 60);
    CHECK(r->kiosk.warn_s == 20);
    CHECK(r->printer.uri == "none");
    CHECK(r->printer.paper == 80);
    CHECK(r->privacy.retention_days == 30);
    CHECK(r->upload.url.empty());
    CHECK(r->kiosk.locale == Locale::zh);
    CHECK(r->db_path() == std::filesystem::path("kiosk-data/kiosk.db"));
}

TEST_CASE("every section is read") {
    auto r = parse_config(R"(
[station]
name = "青山派出所"
name_en = "Qingshan Police Station"
id = "qs-01"
[kiosk]
id = "QS-01"
data_dir = "/var/lib/kiosk"
locale = "en"
fullscreen = false
idle_timeout_s = 90
warn_s = 30
[upload]
url = "https://intake.local:8443"
ca_file = "ca.pem"
client_cert = "kiosk.pem"
client_key = "kiosk.key"
pins = ["sha256//AAAA", "sha256//BBBB"]
[printer]
uri = "tcp://192.0.2.1:9100"
paper = 58
native_qr = false
a4_queue = "office_a4"
[privacy]
retention_days = 7
[staff]
auto_logout_s = 300
)", "kiosk.toml");
    REQUIRE(r.ok());
    CHECK(r->station.name.zh == "青山派出所");
    CHECK(r->station.id == "qs-01");
    CHECK(r->kiosk.locale == Locale::en);
    CHECK_FALSE(r->kiosk.fullscreen);
    CHECK(r->kiosk.idle_timeout_s == 90);
    CHECK(r->upload.pins.size() == 2);
    CHECK(r->printer.paper == 58);
    CHECK_FALSE(r->printer.native_qr);
    CHECK(r->printer.a4_queue == "office_a4");
    CHECK(r->privacy.retention_days == 7);
    CHECK(r->staff.auto_logout_s == 300);
    CHECK(r->db_path() == std::filesystem::path("/var/lib/kiosk/kiosk.db"));
}

TEST_CASE("syntax errors name the file and the line") {
    auto m = err("[kiosk\nid = 1");
    CHECK_THAT(m, Catch::Contains("kiosk.toml:1"));
}

TEST_CASE("wrong types and ranges name the key and why") {
    CHECK_THAT(err("[kiosk]\nidle_timeout_s = \"sixty\""), Catch::Contains("kiosk.idle_timeout_s") && Catch::Contains("whole number"));
    CHECK_THAT(err("[kiosk]\nidle_timeout_s = 2"), Catch::Contains("between 15 and 3600"));
    CHECK_THAT(err("[kiosk]\nlocale = \"fr\""), Catch::Contains("kiosk.locale"));
    CHECK_THAT(err("[printer]\npaper = 70"), Catch::Contains("printer.paper"));
    CHECK_THAT(err("[printer]\nuri = \"lpt1\""), Catch::Contains("printer.uri"));
    CHECK_THAT(err("[printer]\na4_queue = \"my printer\""), Catch::Contains("printer.a4_queue"));
    CHECK_THAT(err("[kiosk]\nfullscreen = \"yes\""), Catch::Contains("true or false"));
    CHECK_THAT(err("kiosk = 3"), Catch::Contains("[section]"));
    CHECK_THAT(err("[station]\nid = \"\""), Catch::Contains("station.id") && Catch::Contains("empty"));
}

TEST_CASE("unknown keys are refused so a typo never falls back to a default") {
    CHECK_THAT(err("[upload]\nca_fiel = \"ca.pem\""), Catch::Contains("upload.ca_fiel") && Catch::Contains("unknown"));
    CHECK_THAT(err("[uplaod]\nurl = \"https://x\""), Catch::Contains("uplaod"));
}

TEST_CASE("insecure upload settings are refused outside demo mode") {
    CHECK_THAT(err("[upload]\nurl = \"http://127.0.0.1:8080\""), Catch::Contains("http://") && Catch::Contains("demo"));
    CHECK_THAT(err("[upload]\nurl = \"https://x:8443\"\nclient_cert = \"c\"\nclient_key = \"k\""), Catch::Contains("upload.ca_file"));
    CHECK_THAT(err("[upload]\nurl = \"https://x:8443\"\nca_file = \"ca\"\nclient_key = \"k\""), Catch::Contains("upload.client_cert"));
    CHECK_THAT(err("[upload]\nurl = \"ftp://x\""), Catch::Contains("https://"));
    CHECK_THAT(err("[upload]\nurl = \"https://x\"\nca_file = \"a\"\nclient_cert = \"b\"\nclient_key = \"c\"\npins = [\"md5//x\"]"), Catch::Contains("upload.pins"));
    auto demo = parse_config("[kiosk]\ndemo = true\n[upload]\nurl = \"http://127.0.0.1:8080\"", "kiosk.toml");
    CHECK(demo.ok());
}

TEST_CASE("a missing file is one clear error") {
    auto r = load_config("/nonexistent/kiosk.toml");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("/nonexistent/kiosk.toml"));
}

TEST_CASE("load_config reads a real file") {
    auto path = std::filesystem::temp_directory_path() / "kiosk-test-config.toml";
    {
        std::ofstream(path) << "[privacy]\nretention_days = 14\n";
    }
    auto r = load_config(path);
    std::filesystem::remove(path);
    REQUIRE(r.ok());
    CHECK(r->privacy.retention_days == 14);
    CHECK(r->source == path);
}

// [SECTION] Hostile shapes: refused by the pre-scan (app/config_prescan.hpp) before tomlplusplus recurses
// into them, with the usual file:line and why; a crash here would be a stack overflow, not a failed CHECK.
namespace {
std::string parts(const char* part, const char* sep, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) { if (i) s += sep; s += part; }
    return s;
}
std::string nested(const char* open, const char* inner, const char* close, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += open;
    s += inner;
    for (int i = 0; i < n; ++i) s += close;
    return s;
}
} // namespace

TEST_CASE("a dotted key of 50 000 parts is refused, naming file, line and why") {
    const std::string key = parts("a", ".", 50000) + "=1\n";
    REQUIRE(key.size() > 100000);
    const std::string m = err("# a comment first\n" + key);
    CHECK_THAT(m, Catch::StartsWith("kiosk.toml:2: nested more than 64 levels deep"));
    CHECK_THAT(err("[kiosk]\n" + key), Catch::Contains("kiosk.toml:2:"));
}

TEST_CASE("a table header of 50 000 parts is refused") {
    CHECK_THAT(err("[" + parts("a", ".", 50000) + "]\nx = 1\n"), Catch::StartsWith("kiosk.toml:1: nested more than 64"));
    CHECK_THAT(err("[[" + parts("a", ".", 50000) + "]]\n"), Catch::StartsWith("kiosk.toml:1: nested more than 64"));
}

TEST_CASE("deep arrays and inline tables are refused") {
    CHECK_THAT(err("a=" + nested("[", "1", "]", 50000)), Catch::StartsWith("kiosk.toml:1: nested more than 64"));
    CHECK_THAT(err("a=" + nested("{b=", "1", "}", 50000)), Catch::StartsWith("kiosk.toml:1: nested more than 64"));
    // Depth adds up along the path: header, dotted key, arrays and inline tables together.
    CHECK_THAT(err("[" + parts("s", ".", 30) + "]\n" + parts("k", ".", 20) + " = [{x = " + nested("[", "1", "]", 20) + "}]\n"),
               Catch::StartsWith("kiosk.toml:2: nested more than 64"));
    // Over several lines, the line of the level that goes too deep is named.
    CHECK_THAT(err("a = [\n" + nested("[\n", "1", "]\n", 70)), Catch::StartsWith("kiosk.toml:65:"));
}

TEST_CASE("brackets, dots and quotes inside strings and comments do not count") {
    const std::string deep_text = nested("[", "", "]", 100) + parts("a", ".", 100);
    auto r = parse_config("[station]\nname = \"" + deep_text + "\"\nname_en = '" + deep_text + "'\n"
                          "hotline = \"\"\"\n" + deep_text + "\n\\\"\"\"\"\n# " + deep_text + "\n"
                          "[\"a.b.c.d\".\"" + parts("x", ".", 100) + "\"]\n", "kiosk.toml");
    REQUIRE_FALSE(r.ok());   // the last header is an unknown section: past the pre-scan, refused as usual
    CHECK_THAT(r.error().message, Catch::Contains("unknown key"));
    // A multi-line string may end in extra quotes; what follows is scanned again.
    CHECK_THAT(err("a = [\"\"\"x\"\"\"\" , " + nested("[", "1", "]", 70) + "]"), Catch::Contains("nested more than 64"));
}

TEST_CASE("an overlong line and an oversized file are refused") {
    CHECK_THAT(err("[station]\nname = \"" + std::string(70000, 'x') + "\"\n"),
               Catch::StartsWith("kiosk.toml:2: line longer than 65536 bytes"));
    CHECK_THAT(err(std::string(2 * 1024 * 1024, '\n')), Catch::StartsWith("kiosk.toml: larger than 1024 KiB"));
}

TEST_CASE("nesting within the limit still parses") {
    // 64 levels is the limit: the parser must handle this much, and the pre-scan must not refuse it.
    auto r = parse_config("[" + parts("a", ".", 60) + "]\nb.c.d = [[1]]\n", "kiosk.toml");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("unknown key"));   // 'a': passed the scan, refused by the reader
    auto inline_ok = parse_config("[upload]\npins = [\"sha256//AAAA\",\n  \"sha256//BBBB\"]  # two\n"
                                  "[station]\nname = \"青山 [派出所] {1.2}\"\n", "kiosk.toml");
    REQUIRE(inline_ok.ok());
    CHECK(inline_ok->upload.pins.size() == 2);
    CHECK(inline_ok->station.name.zh == "青山 [派出所] {1.2}");
}

TEST_CASE("load_config refuses a hostile file through the same path") {
    auto path = std::filesystem::temp_directory_path() / "kiosk-test-hostile.toml";
    {
        std::ofstream(path) << "[kiosk]\n" << parts("a", ".", 50000) << "=1\n";
    }
    auto r = load_config(path);
    std::filesystem::remove(path);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::StartsWith(path.string() + ":2: nested more than 64"));
}

TEST_CASE("[station] hours: a default in both languages, Chinese alone serves English too, not a string refused") {
    auto d = parse_config("", "kiosk.toml");
    REQUIRE(d.ok());
    CHECK_FALSE(d->station.hours.zh.empty());
    CHECK_FALSE(d->station.hours.en.empty());
    auto both = parse_config("[station]\nhours = \"每天 9:00–17:00\"\nhours_en = \"Daily 9:00–17:00\"\n", "kiosk.toml");
    REQUIRE(both.ok());
    CHECK(both->station.hours.zh == "每天 9:00–17:00");
    CHECK(both->station.hours.en == "Daily 9:00–17:00");
    auto zh_only = parse_config("[station]\nhours = \"每天 9:00–17:00\"\n", "kiosk.toml");
    REQUIRE(zh_only.ok());
    CHECK(zh_only->station.hours.en == "每天 9:00–17:00");
    CHECK(err("[station]\nhours = 9\n").find("station.hours") != std::string::npos);
}

TEST_CASE("[station] shortcuts: a default list, replaced by the station's, anything but strings refused") {
    auto d = parse_config("", "kiosk.toml");
    REQUIRE(d.ok());
    CHECK_FALSE(d->station.shortcuts.empty());
    auto own = parse_config("[station]\nshortcuts = [\"visit.home\"]\n", "kiosk.toml");
    REQUIRE(own.ok());
    CHECK(own->station.shortcuts == std::vector<std::string>{"visit.home"});
    CHECK(err("[station]\nshortcuts = \"visit.home\"\n").find("station.shortcuts") != std::string::npos);
    CHECK(err("[station]\nshortcuts = [1]\n").find("station.shortcuts") != std::string::npos);
}
