// [SECTION] Index
// - Helpers: typed readers that name the key and say why a value is wrong
// - Sections: station, kiosk, upload, printer, reader, privacy, staff
// - Security checks: an insecure upload setting is refused outside demo mode
// (Before any of it, config_prescan refuses shapes that would crash the parser.)
#include "config.hpp"
#include "config_prescan.hpp"
#include "scanner/serial_scanner.hpp"
#include "reader/reader_uri.hpp"

#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace kiosk {
namespace {

// Collects the first error; later reads become no-ops so the message names the first bad key.
struct Reader {
    const std::filesystem::path& file;
    std::optional<Error> err;

    void fail(const std::string& key, const std::string& why) {
        if (!err) err = Error{"config.invalid", config_error_text(file, key, why)};
    }
    const toml::table* section(const toml::table& root, const std::string& name) {
        const toml::node* n = root.get(name);
        if (!n) return nullptr;
        if (!n->is_table()) { fail(name, "must be a [section] table"); return nullptr; }
        return n->as_table();
    }
    void str(const toml::table* t, const std::string& sec, const char* key, std::string& out, bool nonempty = false) {
        if (!t) return;
        const toml::node* n = t->get(key);
        if (!n) return;
        if (!n->is_string()) { fail(sec + "." + key, "must be a string in quotes"); return; }
        std::string v = n->as_string()->get();
        if (nonempty && v.empty()) { fail(sec + "." + key, "must not be empty"); return; }
        out = v;
    }
    void path(const toml::table* t, const std::string& sec, const char* key, std::filesystem::path& out) {
        std::string s = out.string();
        str(t, sec, key, s);
        out = s;
    }
    void integer(const toml::table* t, const std::string& sec, const char* key, int& out, long lo, long hi) {
        if (!t) return;
        const toml::node* n = t->get(key);
        if (!n) return;
        if (!n->is_integer()) { fail(sec + "." + key, "must be a whole number"); return; }
        long v = static_cast<long>(n->as_integer()->get());
        if (v < lo || v > hi) {
            fail(sec + "." + key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                                      ", got " + std::to_string(v));
            return;
        }
        out = static_cast<int>(v);
    }
    void boolean(const toml::table* t, const std::string& sec, const char* key, bool& out) {
        if (!t) return;
        const toml::node* n = t->get(key);
        if (!n) return;
        if (!n->is_boolean()) { fail(sec + "." + key, "must be true or false (no quotes)"); return; }
        out = n->as_boolean()->get();
    }
    // Unknown keys are errors: a typo in a security key must not silently fall back to a default.
    void known(const toml::table* t, const std::string& sec, std::set<std::string> keys) {
        if (!t) return;
        for (auto&& [k, v] : *t) {
            (void)v;
            if (!keys.count(std::string(k.str()))) fail(sec + "." + std::string(k.str()), "unknown key (check the spelling; see docs/ADMIN.md)");
        }
    }
};

bool valid_printer_uri(const std::string& uri) {
    static const char* prefixes[] = {"file:", "tcp://", "usb:", "cups:", "png:"};
    if (uri == "none") return true;
    for (const char* p : prefixes) {
        std::string ps = p;
        if (uri.rfind(ps, 0) == 0 && uri.size() > ps.size()) return true;
    }
    return false;
}

void read_sections(Reader& r, const toml::table& root, Config& c) {
    r.known(&root, "", {"station", "kiosk", "upload", "printer", "reader", "scanner", "privacy", "staff"});

    const toml::table* st = r.section(root, "station");
    r.known(st, "station", {"name", "name_en", "id", "hotline", "hours", "hours_en", "shortcuts"});
    r.str(st, "station", "name", c.station.name.zh, true);
    r.str(st, "station", "name_en", c.station.name.en, true);
    r.str(st, "station", "id", c.station.id, true);
    r.str(st, "station", "hotline", c.station.hotline);
    // Hours given in Chinese only: English shows the same words rather than a default that may be wrong.
    const std::string default_hours_zh = c.station.hours.zh;
    r.str(st, "station", "hours", c.station.hours.zh);
    if (c.station.hours.zh != default_hours_zh && !(st && st->get("hours_en"))) c.station.hours.en = c.station.hours.zh;
    r.str(st, "station", "hours_en", c.station.hours.en);
    if (const toml::node* sc = st ? st->get("shortcuts") : nullptr) {
        const toml::array* a = sc->as_array();
        if (!a) r.fail("station.shortcuts", "must be a list of service ids, e.g. [\"cert.no-criminal-record\"]");
        else {
            c.station.shortcuts.clear();
            for (const toml::node& n : *a) {
                if (!n.is_string()) { r.fail("station.shortcuts", "every entry must be a service id in quotes"); break; }
                c.station.shortcuts.push_back(n.as_string()->get());
            }
        }
    }

    const toml::table* k = r.section(root, "kiosk");
    r.known(k, "kiosk", {"id", "data_dir", "locale", "fullscreen", "idle_timeout_s", "warn_s", "done_return_s",
                         "voice", "demo", "assets_dir", "cursor", "ticket_mark"});
    r.str(k, "kiosk", "id", c.kiosk.id, true);
    r.str(k, "kiosk", "ticket_mark", c.kiosk.ticket_mark);
    if (!c.kiosk.ticket_mark.empty() &&
        (c.kiosk.ticket_mark.size() != 1 || c.kiosk.ticket_mark[0] < '0' || c.kiosk.ticket_mark[0] > '9'))
        r.fail("kiosk.ticket_mark", "must be one digit 0-9 (or empty), got \"" + c.kiosk.ticket_mark + "\"");
    r.path(k, "kiosk", "data_dir", c.kiosk.data_dir);
    std::string loc = locale_tag(c.kiosk.locale);
    r.str(k, "kiosk", "locale", loc);
    if (!parse_locale(loc, c.kiosk.locale)) r.fail("kiosk.locale", "must be \"zh-CN\" or \"en\", got \"" + loc + "\"");
    r.boolean(k, "kiosk", "fullscreen", c.kiosk.fullscreen);
    r.integer(k, "kiosk", "idle_timeout_s", c.kiosk.idle_timeout_s, 15, 3600);
    r.integer(k, "kiosk", "warn_s", c.kiosk.warn_s, 5, 300);
    r.integer(k, "kiosk", "done_return_s", c.kiosk.done_return_s, 5, 600);
    r.boolean(k, "kiosk", "voice", c.kiosk.voice);
    r.boolean(k, "kiosk", "demo", c.kiosk.demo);
    r.path(k, "kiosk", "assets_dir", c.kiosk.assets_dir);
    r.str(k, "kiosk", "cursor", c.kiosk.cursor);
    if (c.kiosk.cursor != "auto" && c.kiosk.cursor != "hidden" && c.kiosk.cursor != "shown")
        r.fail("kiosk.cursor", "must be \"auto\", \"hidden\" or \"shown\", got \"" + c.kiosk.cursor + "\"");
    if (c.kiosk.data_dir.empty()) r.fail("kiosk.data_dir", "must not be empty");

    const toml::table* u = r.section(root, "upload");
    r.known(u, "upload", {"url", "ca_file", "client_cert", "client_key", "pins", "connect_timeout_s", "heartbeat_s"});
    r.str(u, "upload", "url", c.upload.url);
    r.path(u, "upload", "ca_file", c.upload.ca_file);
    r.path(u, "upload", "client_cert", c.upload.client_cert);
    r.path(u, "upload", "client_key", c.upload.client_key);
    r.integer(u, "upload", "connect_timeout_s", c.upload.connect_timeout_s, 1, 120);
    r.integer(u, "upload", "heartbeat_s", c.upload.heartbeat_s, 10, 3600);
    if (u) {
        if (const toml::node* pins = u->get("pins")) {
            const toml::array* a = pins->as_array();
            if (!a) r.fail("upload.pins", "must be a list of \"sha256//BASE64\" strings");
            else for (auto&& p : *a) {
                if (!p.is_string() || p.as_string()->get().rfind("sha256//", 0) != 0) {
                    r.fail("upload.pins", "every pin must be a string \"sha256//BASE64\" (see docs/ADMIN.md, pinning)");
                    break;
                }
                c.upload.pins.push_back(p.as_string()->get());
            }
        }
    }

    const toml::table* p = r.section(root, "printer");
    r.known(p, "printer", {"uri", "paper", "native_qr", "a4_queue"});
    r.str(p, "printer", "uri", c.printer.uri, true);
    if (!valid_printer_uri(c.printer.uri))
        r.fail("printer.uri", "\"" + c.printer.uri + "\" is not one of none | file:PATH | tcp://HOST:9100 | usb:/dev/usb/lp0 | cups:QUEUE | png:DIR");
    r.integer(p, "printer", "paper", c.printer.paper, 58, 80);
    if (c.printer.paper != 58 && c.printer.paper != 80) r.fail("printer.paper", "must be 58 or 80 (mm)");
    r.boolean(p, "printer", "native_qr", c.printer.native_qr);
    r.str(p, "printer", "a4_queue", c.printer.a4_queue);
    if (c.printer.a4_queue.find_first_of(" /\t") != std::string::npos)
        r.fail("printer.a4_queue", "must be a CUPS queue name (no spaces or slashes), as `lpstat -p` lists it");

    const toml::table* rd = r.section(root, "reader");
    r.known(rd, "reader", {"uri", "position"});
    r.str(rd, "reader", "uri", c.reader.uri, true);
    if (auto ru = reader::parse_reader_uri(c.reader.uri); !ru) r.fail("reader.uri", ru.error().message);
    r.str(rd, "reader", "position", c.reader.position);
    if (c.reader.position != "below" && c.reader.position != "right" && c.reader.position != "left")
        r.fail("reader.position", "\"" + c.reader.position + "\" is not one of below | right | left (where the reader's pad is, facing the screen)");

    const toml::table* pv = r.section(root, "privacy");
    r.known(pv, "privacy", {"retention_days"});
    r.integer(pv, "privacy", "retention_days", c.privacy.retention_days, 1, 3650);

    const toml::table* sc = r.section(root, "scanner");
    r.known(sc, "scanner", {"uri"});
    r.str(sc, "scanner", "uri", c.scanner.uri, true);
    {
        std::string dev;
        int baud = 0;
        if (c.scanner.uri != "none" && c.scanner.uri != "hid" && !parse_serial_scanner_uri(c.scanner.uri, dev, baud))
            r.fail("scanner.uri", "\"" + c.scanner.uri + "\" is not one of none | hid | serial:/dev/ttyACM0[?baud=9600|19200|38400|57600|115200]");
    }

    const toml::table* sf = r.section(root, "staff");
    r.known(sf, "staff", {"auto_logout_s"});
    r.integer(sf, "staff", "auto_logout_s", c.staff.auto_logout_s, 30, 3600);
}

// Never a silent insecure default: refuse plain HTTP or half-configured mutual TLS outside demo mode.
void check_upload_security(Reader& r, const Config& c) {
    const auto& u = c.upload;
    if (u.url.empty()) return;   // uploads off: requests stay queued, staff see it
    bool https = u.url.rfind("https://", 0) == 0;
    bool http = u.url.rfind("http://", 0) == 0;
    if (!https && !http) { r.fail("upload.url", "must start with https://"); return; }
    if (http && !c.kiosk.demo) { r.fail("upload.url", "plain http:// is refused: use https:// (allowed only with kiosk.demo = true)"); return; }
    if (https) {
        if (u.ca_file.empty()) r.fail("upload.ca_file", "is required with an https:// url: the station CA certificate (PEM)");
        if (u.client_cert.empty()) r.fail("upload.client_cert", "is required: the kiosk's client certificate for mutual TLS");
        if (u.client_key.empty()) r.fail("upload.client_key", "is required: the kiosk's client key for mutual TLS");
    }
}

} // namespace

std::string config_error_text(const std::filesystem::path& file, std::string_view key, std::string_view why) {
    return file.string() + ": key '" + std::string(key) + "': " + std::string(why);
}

std::string config_error_text(const Config& cfg, std::string_view key, std::string_view why) {
    const std::string w = (key == "kiosk.data_dir" && cfg.data_dir_from_command_line ? "(set by --data-dir) " : "") + std::string(why);
    return config_error_text(cfg.source.empty() ? std::filesystem::path("(defaults)") : cfg.source, key, w);
}

Result<Config> parse_config(std::string_view toml_text, const std::filesystem::path& name) {
    Config c;
    c.source = name;
    // Before the parser: tomlplusplus recurses once per nesting level, so a hostile shape must be refused
    // here, where refusing is still possible (config_prescan.hpp).
    if (auto shape = prescan_config(toml_text, name); !shape) return shape.error();
    toml::table root;
    try {
        root = toml::parse(toml_text, name.string());
    } catch (const toml::parse_error& e) {
        std::ostringstream m;
        m << name.string() << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
        return Error{"config.invalid", m.str()};
    }
    Reader r{name, std::nullopt};
    read_sections(r, root, c);
    if (!r.err) check_upload_security(r, c);
    if (r.err) return *r.err;
    return c;
}

Result<Config> load_config(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return Error{"config.invalid", path.string() + ": cannot read the file (does it exist?)"};
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in.good() && !in.eof()) return Error{"config.invalid", path.string() + ": cannot read the file"};
    return parse_config(ss.str(), path);
}

} // namespace kiosk
