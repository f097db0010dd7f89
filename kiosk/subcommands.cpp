#include "kiosk/subcommands.hpp"
#include "kiosk/startup.hpp"

#include "app/reader/reader_cli.hpp"
#include "app/staff_cli.hpp"
#include "app/store.hpp"
#include "printer/printer_cli.hpp"

#include <iostream>

namespace kiosk::app_main {

int run_subcommand(const CliArgs& args, const Config& cfg) {
    if (args.subcommand == "printer") return printer::printer_cli(args.rest, cfg);
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
