// The `kiosk` executable: parses the command line and the config, then runs a subcommand (printer, staff,
// audit: kiosk/subcommands.cpp) or the kiosk itself (kiosk/kiosk_app.cpp, the composition root).
#include "kiosk/kiosk_app.hpp"
#include "kiosk/startup.hpp"
#include "kiosk/subcommands.hpp"
#include "kiosk/watchdog.hpp"

#include "app/cli_args.hpp"
#include "app/config.hpp"

#include <iostream>

using namespace kiosk;

int main(int argc, char** argv) {
    app_main::adopt_notify_socket();   // before any thread: it may setenv (kiosk/watchdog.hpp)
    auto args = parse_cli(std::vector<std::string>(argv, argv + argc));
    if (!args) return app_main::fail(2, args.error().message);
    if (args->help) { std::cout << cli_usage(); return 0; }
    if (args->version) { std::cout << "kiosk " << KIOSK_VERSION << "\n"; return 0; }

    auto cfg_r = args->config.empty() ? parse_config("", "(defaults)") : load_config(args->config);
    if (!cfg_r) return app_main::fail(2, cfg_r.error().message);
    Config cfg = cfg_r.value();
    if (!args->data_dir.empty()) {
        cfg.kiosk.data_dir = args->data_dir;
        cfg.data_dir_from_command_line = true;
    }
    if (args->windowed) cfg.kiosk.fullscreen = false;
    if (args->locale) cfg.kiosk.locale = *args->locale;
    if (!args->subcommand.empty()) return app_main::run_subcommand(*args, cfg);
    return app_main::run_kiosk(*args, cfg);
}
