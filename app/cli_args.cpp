#include "cli_args.hpp"

#include <charconv>

namespace kiosk {
namespace {

bool parse_int(const std::string& s, int& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

Error usage(const std::string& why) { return Error{"usage", why + "\n" + cli_usage()}; }

} // namespace

const char* cli_usage() {
    return "usage: kiosk [--config FILE] [--data-dir DIR] [--windowed WxH] [--locale zh-CN|en] [--elderly]\n"
           "             [--screenshot FILE --quit-after-frames N] [--tour DIR] [--script FILE]\n"
           "       kiosk printer test|status [--printer URI]      (installer checks)\n"
           "       kiosk reader status|test [--wait S]             (ID-card reader checks)\n"
           "       kiosk staff add|remove|list|passwd [ID]         (staff accounts; PIN read without echo)\n"
           "       kiosk audit verify                              (check the audit chain)\n"
           "       kiosk queue count|sources                       (requests by upload state; card/typed identities)\n"
           "       common: --config FILE --data-dir DIR; --help; --version\n";
}

Result<CliArgs> parse_cli(const std::vector<std::string>& argv) {
    CliArgs a;
    std::size_t i = 1;
    if (argv.size() > 1 && (argv[1] == "printer" || argv[1] == "staff" || argv[1] == "audit" ||
                            argv[1] == "queue" || argv[1] == "reader")) {
        a.subcommand = argv[1];
        i = 2;
    }
    auto value = [&](const std::string& flag) -> std::optional<std::string> {
        if (i + 1 >= argv.size()) return std::nullopt;
        (void)flag;
        return argv[++i];
    };
    for (; i < argv.size(); ++i) {
        const std::string& f = argv[i];
        if (f == "--help" || f == "-h") { a.help = true; continue; }
        if (f == "--version") { a.version = true; continue; }
        if (f == "--elderly") { a.elderly = true; continue; }
        if (f == "--config" || f == "--data-dir" || f == "--windowed" || f == "--locale" || f == "--screenshot" ||
            f == "--quit-after-frames" || f == "--tour" || f == "--script") {
            auto v = value(f);
            if (!v) return usage(f + " needs a value");
            if (f == "--config") a.config = *v;
            else if (f == "--data-dir") a.data_dir = *v;
            else if (f == "--screenshot") a.screenshot = *v;
            else if (f == "--tour") a.tour_dir = *v;
            else if (f == "--script") a.script = *v;
            else if (f == "--locale") {
                Locale l;
                if (!parse_locale(*v, l)) return usage("--locale must be zh-CN or en, not '" + *v + "'");
                a.locale = l;
            } else if (f == "--quit-after-frames") {
                if (!parse_int(*v, a.quit_after_frames) || a.quit_after_frames < 1)
                    return usage("--quit-after-frames needs a whole number ≥ 1, not '" + *v + "'");
            } else if (f == "--windowed") {
                auto x = v->find('x');
                int w = 0, h = 0;
                if (x == std::string::npos || !parse_int(v->substr(0, x), w) || !parse_int(v->substr(x + 1), h) ||
                    w < 320 || h < 240 || w > 16384 || h > 16384)
                    return usage("--windowed needs WIDTHxHEIGHT such as 1280x800, not '" + *v + "'");
                a.windowed = std::make_pair(w, h);
            }
            continue;
        }
        if (!a.subcommand.empty()) { a.rest.push_back(f); continue; }   // the subcommand's own words
        return usage("unknown argument '" + f + "'");
    }
    if (!a.screenshot.empty() && a.quit_after_frames == 0) a.quit_after_frames = 3;
    if (a.quit_after_frames > 0 && a.screenshot.empty())
        return usage("--quit-after-frames goes with --screenshot FILE");
    return a;
}

} // namespace kiosk
