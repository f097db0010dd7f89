#include "kiosk/subcommands.hpp"
#include "kiosk/startup.hpp"

#include "app/reader/reader_cli.hpp"
#include "app/staff_cli.hpp"
#include "app/store.hpp"
#include "printer/printer_cli.hpp"

#include <iostream>

namespace kiosk::app_main {

namespace {

// `kiosk queue count`: one "STATE N" line per state, then "not_uploaded N" (queued, sending, waiting to
// retry or dead-lettered: everything the intake has not confirmed). The package's prerm uses it before a
// purge deletes the data. A data dir without a database counts 0 and is left as it was (no new key).
// `kiosk queue sources`: "card N", "typed N", "unknown N" — how the identity of the requests still held
// was given (the ID-card reader or typed, docs/READER.md); counts only, no personal data.
int queue_sources(Store& store) {
    auto n = store.identity_sources();
    if (!n) return fail(1, n.error().message);
    std::cout << "card " << n->card << "\ntyped " << n->typed << "\nunknown " << n->unknown << "\n";
    return std::cout.good() ? 0 : 1;
}

int queue_cli(const std::vector<std::string>& rest, const Config& cfg) {
    if (rest.size() != 1 || (rest[0] != "count" && rest[0] != "sources"))
        return fail(2, "usage: kiosk queue count|sources [--data-dir DIR | --config FILE]");
    std::error_code ec;
    QueueCounts c;
    if (std::filesystem::exists(cfg.db_path(), ec)) {
        auto keys = open_keys(cfg);
        if (!keys) return fail(exit_code_for(keys.error()), keys.error().message);
        auto store = Store::open(cfg.db_path(), keys.value());
        if (!store) return fail(exit_code_for(store.error()), store.error().message);
        if (rest[0] == "sources") return queue_sources(*store.value());
        auto counts = store.value()->counts();
        if (!counts) return fail(1, counts.error().message);
        c = counts.value();
    }
    if (rest[0] == "sources") { std::cout << "card 0\ntyped 0\nunknown 0\n"; return std::cout.good() ? 0 : 1; }   // no database yet
    std::cout << "queued " << c.queued << "\nsending " << c.sending << "\nretry_wait " << c.retry_wait
              << "\ndead_letter " << c.dead_letter << "\nuploaded " << c.uploaded << "\ncleared " << c.cleared
              << "\npurged " << c.purged << "\nnot_uploaded " << c.pending() + c.dead_letter << "\n";
    return std::cout.good() ? 0 : 1;
}

} // namespace

int run_subcommand(const CliArgs& args, const Config& cfg) {
    if (args.subcommand == "printer") return printer::printer_cli(args.rest, cfg);
    if (args.subcommand == "queue") return queue_cli(args.rest, cfg);
    if (args.subcommand == "reader") return reader::reader_cli(args.rest, cfg, std::cout, std::cerr);   // no database
    auto keys = open_keys(cfg);
    if (!keys) return fail(exit_code_for(keys.error()), keys.error().message);
    auto store = Store::open(cfg.db_path(), keys.value());
    if (!store) return fail(exit_code_for(store.error()), store.error().message);
    CliIo io{std::cin, std::cout, std::cerr, read_secret_from_terminal};
    if (args.subcommand == "staff") return staff_cli(args.rest, *store.value(), io);
    return audit_cli(args.rest, *store.value(), io);
}

} // namespace kiosk::app_main
