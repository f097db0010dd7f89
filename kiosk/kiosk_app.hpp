#pragma once
// [SECTION] The kiosk itself: the composition root. Loads the catalog and the store, starts the workers
// (printer, A4 forms, uploader, housekeeping, pinyin), wires them into the AppState the UI is handed, and
// runs the UI until it exits. The only code that knows every part; each wire is visible here.
#include "app/cli_args.hpp"
#include "app/config.hpp"

namespace kiosk::app_main {

// `cfg` has the command line's overrides applied. Returns the process exit code.
int run_kiosk(const CliArgs& args, const Config& cfg);

} // namespace kiosk::app_main
