#pragma once
// [SECTION] Configuration — one TOML file (DESIGN.md, "Configuration"). Every key has a safe default so
// `make run` needs none; a bad file or key is one clear error naming the file, the key and why (exit 2).
#include "result.hpp"
#include "text.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace kiosk {

struct Config {
    std::filesystem::path source;   // the file it came from; empty when all defaults
    bool data_dir_from_command_line = false;   // --data-dir replaced kiosk.data_dir

    struct Station {
        LocalText name{"青山区青和社区警务室", "Qinghe Community Police Office, Qingshan"};
        std::string id = "qingshan-qinghe";
        std::string hotline = "110";
        // The counter's opening hours, shown on the attract screen (the kiosk itself is open all day).
        LocalText hours{"周一至周五 8:30–12:00，14:00–17:30", "Mon–Fri 8:30–12:00, 14:00–17:30"};
        // The services residents ask for most, as large shortcuts on home (ids from the catalog; at most
        // six are shown; an id the catalog lacks is skipped and logged at start).
        std::vector<std::string> shortcuts{"cert.no-criminal-record", "idcard.renewal", "residence.permit", "visit.home"};
    } station;

    struct Kiosk {
        std::string id = "QS-QHJ-01";
        // One digit put between a ticket's letter and its number (A023 → A1023), different on each kiosk of
        // a station, so two kiosks offline on the same day never print the same ticket. Empty: no mark.
        std::string ticket_mark;
        std::filesystem::path data_dir = "kiosk-data";
        Locale locale = Locale::zh;
        bool fullscreen = true;
        int idle_timeout_s = 60;      // per screen, before the "need more time?" warning
        int warn_s = 20;              // countdown shown before the visit is wiped
        int done_return_s = 15;       // the done screen returns home by itself
        bool voice = false;           // spoken prompts (espeak-ng) on by default?
        bool demo = false;            // allows plain http:// upload and other demo-only settings
        std::filesystem::path assets_dir;   // empty = the build's source assets
        std::string cursor = "auto";  // auto (hidden when a touch screen is attached) | hidden | shown
    } kiosk;

    struct Upload {
        std::string url;              // https://host:port ; empty = uploads disabled (kept queued)
        std::filesystem::path ca_file, client_cert, client_key;
        std::vector<std::string> pins;   // "sha256//BASE64" SPKI pins, optional
        int connect_timeout_s = 10;
        int heartbeat_s = 60;
    } upload;

    struct Printer {
        std::string uri = "none";     // none | file:PATH | tcp://HOST:9100 | usb:/dev/usb/lp0 | cups:QUEUE | png:DIR
        int paper = 80;               // 58 | 80
        bool native_qr = true;
        std::string a4_queue;         // CUPS queue for A4 application forms (services with paper_form); empty = none
    } printer;

    struct Reader {
        std::string uri = "none";     // none | serial:/dev/ttyUSB0[?baud=115200] | sim:PATH (app/reader/reader_uri.hpp)
        // Where the reader's pad is, seen from a resident facing the screen: the attract and home screens
        // draw the card going there and say it ("感应区在屏幕下方"). below | right | left.
        std::string position = "below";
    } reader;

    struct Privacy {
        int retention_days = 30;
    } privacy;

    struct Scanner {
        std::string uri = "none";     // none | hid (keyboard wedge) | serial:/dev/ttyACM0[?baud=9600]
    } scanner;

    struct Staff {
        int auto_logout_s = 120;      // staff mode locks itself after this much inactivity
    } staff;

    std::filesystem::path db_path() const { return kiosk.data_dir / "kiosk.db"; }
    std::filesystem::path key_path() const { return kiosk.data_dir / "data.key"; }
    std::filesystem::path pinyin_cache_path() const { return kiosk.data_dir / "pinyin.cache"; }
};

// "FILE: key 'a.b': why", the one form of every error about a configured value, also for the checks that
// run after parsing (the files a key names: data dir, client key, certificates).
std::string config_error_text(const std::filesystem::path& file, std::string_view key, std::string_view why);
std::string config_error_text(const Config& cfg, std::string_view key, std::string_view why);

// Parses `path`. Errors have code "config.invalid" and a message "FILE: key 'a.b': why".
Result<Config> load_config(const std::filesystem::path& path);
Result<Config> parse_config(std::string_view toml_text, const std::filesystem::path& name_for_errors);

} // namespace kiosk
