#pragma once
// Runs a command (no shell) with `input` on its stdin, bounded by a timeout; used for CUPS `lp`.
#include "app/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::printer {

struct ProcessResult {
    int exit_code = -1;        // -1 when killed by a signal or the timeout
    std::string output;        // stdout and stderr, at most 4 KiB (for the error message)
};

// Error "printer.spawn" if the program cannot be started, "printer.timeout" if it had to be killed.
Result<ProcessResult> run_process(const std::vector<std::string>& argv, std::string_view input, int timeout_ms);

} // namespace kiosk::printer
