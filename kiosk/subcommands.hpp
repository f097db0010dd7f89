#pragma once
// [SECTION] `kiosk printer|reader|staff|audit …`: the admin's subcommands. Each opens only what it needs (the
// printer test opens no database) and returns the process exit code (0 ok, 2 usage/config, 1 runtime).
#include "app/cli_args.hpp"
#include "app/config.hpp"

namespace kiosk::app_main {

int run_subcommand(const CliArgs& args, const Config& cfg);

} // namespace kiosk::app_main
