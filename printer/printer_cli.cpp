#include "printer/printer_cli.hpp"

#include "printer/emulator.hpp"
#include "printer/receipt_encode.hpp"
#include "printer/status.hpp"
#include "printer/transport.hpp"

#include <ctime>
#include <iostream>

namespace kiosk::printer {

namespace {

const char* kUsage =
    "usage: kiosk printer status [--printer URI]\n"
    "       kiosk printer test   [--printer URI] [--paper 58|80] [--raster-qr] [--locale zh|en]\n"
    "       kiosk printer render --out FILE.png [--paper 58|80] [--locale zh|en]\n"
    "URI: none | file:PATH | usb:/dev/usb/lp0 | tcp://HOST:9100 | cups:QUEUE | png:DIR\n";

struct Options {
    std::string command;
    Config::Printer printer;
    Locale locale = Locale::zh;
    std::string out;
};

bool parse(const std::vector<std::string>& args, const Config& cfg, Options& o, std::string& why) {
    o.printer = cfg.printer;
    o.locale = cfg.kiosk.locale;
    if (args.empty()) { why = "missing command"; return false; }
    o.command = args[0];
    if (o.command != "status" && o.command != "test" && o.command != "render") { why = "unknown command '" + o.command + "'"; return false; }
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= args.size()) { why = a + " needs a value"; return false; }
            into = args[++i];
            return true;
        };
        std::string v;
        if (a == "--printer") { if (!value(o.printer.uri)) return false; }
        else if (a == "--out") { if (!value(o.out)) return false; }
        else if (a == "--paper") {
            if (!value(v)) return false;
            if (v != "58" && v != "80") { why = "--paper is 58 or 80"; return false; }
            o.printer.paper = std::stoi(v);
        } else if (a == "--locale") {
            if (!value(v)) return false;
            if (!parse_locale(v, o.locale)) { why = "--locale is zh or en"; return false; }
        } else if (a == "--raster-qr") o.printer.native_qr = false;
        else { why = "unknown option '" + a + "'"; return false; }
    }
    if (o.command == "render" && o.out.empty()) { why = "render needs --out FILE.png"; return false; }
    return true;
}

std::string now_local() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

void say_state(std::ostream& out, PrinterState s) {
    out << "状态 status: " << state_name(s) << " — " << state_words(s, Locale::zh) << " / "
        << state_words(s, Locale::en) << "\n";
}

int exit_for(PrinterState s) { return (s == PrinterState::ok || s == PrinterState::paper_near_end) ? 0 : 1; }

// Reads and prints the status on a two-way transport; returns the state.
PrinterState report_status(Transport& t, const Timeouts& to, std::ostream& out, std::ostream& err) {
    auto st = query_status(t, to.status_ms);
    if (!st) { err << st.error().message << "\n"; say_state(out, PrinterState::offline); return PrinterState::offline; }
    PrinterState s = decode_status(*st);
    say_state(out, s);
    return s;
}

} // namespace

int printer_cli(const std::vector<std::string>& args, const Config& cfg) {
    return printer_cli(args, cfg, std::cout, std::cerr);
}

int printer_cli(const std::vector<std::string>& args, const Config& cfg, std::ostream& out, std::ostream& err) {
    Options o;
    std::string why;
    if (!parse(args, cfg, o, why)) { err << "kiosk printer: " << why << "\n" << kUsage; return 2; }
    const Profile profile = profile_for(o.printer);
    const Receipt receipt = test_receipt(cfg, o.locale, now_local());

    if (o.command == "render") {
        std::string warning;
        auto bytes = encode_receipt(receipt, profile, &warning);
        if (!warning.empty()) err << "warning: " << warning << "\n";
        if (auto s = render_png(bytes, profile, o.out); !s) { err << s.error().message << "\n"; return 1; }
        out << "wrote " << o.out << "\n";
        return 0;
    }

    auto uri = parse_printer_uri(o.printer.uri);
    if (!uri) { err << uri.error().message << "\n"; return 2; }
    out << "printer: " << uri->text << " (" << profile.paper_mm << " mm, " << (profile.native_qr ? "native QR" : "raster QR") << ")\n";
    if (uri->kind == PrinterUri::Kind::none) { say_state(out, PrinterState::disabled); return 1; }
    Timeouts to;
    auto t = open_transport(*uri, profile, to);
    if (!t) { err << t.error().message << "\n"; say_state(out, PrinterState::offline); return 1; }

    if (o.command == "status") {
        if (!(*t)->two_way()) {
            out << "this connection cannot read the printer's status (file:, cups: and png: are one-way) / "
                   "此连接方式无法读取打印机状态\n";
            say_state(out, PrinterState::unknown);
            return 1;
        }
        return exit_for(report_status(**t, to, out, err));
    }

    // test
    if ((*t)->two_way()) {
        PrinterState before = report_status(**t, to, out, err);
        if (exit_for(before) != 0) return 1;
    }
    std::string warning;
    auto bytes = encode_receipt(receipt, profile, &warning);
    if (!warning.empty()) err << "warning: " << warning << "\n";
    if (auto s = (*t)->send(bytes, JobInfo{"T000", "printer-test"}); !s) {
        err << s.error().message << "\n";
        say_state(out, PrinterState::offline);
        return 1;
    }
    out << "test page sent (" << bytes.size() << " bytes) / 测试页已发送\n";
    if (!(*t)->two_way()) return 0;
    return exit_for(report_status(**t, to, out, err));
}

} // namespace kiosk::printer
