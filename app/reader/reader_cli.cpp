#include "app/reader/reader_cli.hpp"

#include "app/mask.hpp"
#include "app/reader/reader_driver.hpp"

#include <charconv>
#include <ostream>

namespace kiosk::reader {
namespace {

using namespace std::chrono_literals;

int usage(std::ostream& err, const std::string& why) {
    err << "kiosk reader: " << why << "\nusage: kiosk reader status | kiosk reader test [--wait SECONDS]   ([reader] uri from --config)\n";
    return 2;
}

std::string line_for(const ReaderStatus& s) {
    return std::string(device_state_name(s.device)) + (s.problem == Problem::none ? "" : std::string(" (") + problem_name(s.problem) + ")") +
           ": " + s.staff_text;
}

void print_card(std::ostream& out, const CardRead& c) {
    const CardIdentity& i = c.identity;
    out << "card:      " << card_kind_words(i.kind).zh << " / " << card_kind_words(i.kind).en << "\n";
    if (!i.name.empty()) out << "name:      " << mask_name(i.name) << "\n";
    if (!i.name_en.empty()) out << "name (en): " << mask_name(i.name_en) << "\n";
    out << "number:    " << mask_id_number(i.id_number) << "\n";
    out << "sex:       " << sex_words(i.sex_code, Locale::zh) << "\n";
    if (!i.nation_code.empty()) out << "nation:    " << nation_words(i.nation_code) << "\n";
    if (!i.nationality.empty()) out << "nationality: " << i.nationality << "\n";
    if (!i.address.empty()) out << "address:   (read, hidden)\n";
    out << "valid to:  " << (i.long_term ? std::string("长期") : i.valid_to) << (c.checks.expired ? "  EXPIRED" : "") << "\n";
    out << "checks:    number " << (c.checks.number_ok ? "ok" : "BAD") << ", birth date " << (c.checks.birth_matches ? "matches" : "DIFFERS") << "\n";
}

} // namespace

int reader_cli(const std::vector<std::string>& args, const Config& cfg, std::ostream& out, std::ostream& err) {
    if (args.empty() || (args[0] != "status" && args[0] != "test")) return usage(err, "say status or test");
    int wait_s = 10;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[0] == "test" && args[i] == "--wait" && i + 1 < args.size()) {
            const std::string& v = args[++i];
            auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), wait_s);
            if (ec != std::errc() || p != v.data() + v.size() || wait_s < 1 || wait_s > 600)
                return usage(err, "--wait needs whole seconds between 1 and 600, not '" + v + "'");
        } else {
            return usage(err, "unknown argument '" + args[i] + "'");
        }
    }
    auto uri = parse_reader_uri(cfg.reader.uri);
    if (!uri) return usage(err, uri.error().message);   // load_config refuses it first; kept for direct callers
    if (uri->kind == ReaderUri::Kind::none) {
        err << "reader: no reader configured ([reader] uri = none in " << (cfg.source.empty() ? "(defaults)" : cfg.source.string()) << ")\n";
        return 1;
    }
    DriverOptions o;
    o.uri = *uri;
    ReaderDriver d(o);
    d.start();
    // The first attempt settles in one open + two SAM commands (< 2 s even when nothing answers).
    d.wait_for([](const ReaderStatus& s) { return s.checked && s.device == DeviceState::ok; }, 3s);
    ReaderStatus s = d.status();
    if (s.device != DeviceState::ok) {
        err << (s.device == DeviceState::fault ? "reader: reader fault — " : "reader: no reader answering — ") << line_for(s) << "\n";
        return 1;
    }
    if (args[0] == "status") {
        out << "reader: " << line_for(s) << "\n";
        return 0;
    }
    out << "reader: ready at " << uri->text() << "; put a card on the reader (waiting " << wait_s << " s)\n" << std::flush;
    d.set_wanted(true);
    d.wait_for([](const ReaderStatus& st) { return st.reads > 0; }, std::chrono::seconds(wait_s));
    auto card = d.take_card();
    s = d.status();
    if (!card) {
        if (s.device != DeviceState::ok) err << "reader: the reader stopped answering — " << line_for(s) << "\n";
        else if (s.problem != Problem::none) err << "reader: read failed — " << line_for(s) << "\n";
        else err << "reader: no card within " << wait_s << " s\n";
        return 1;
    }
    print_card(out, *card);
    wipe(card->identity);
    return 0;
}

} // namespace kiosk::reader
