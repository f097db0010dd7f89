#pragma once
// `kiosk staff add|remove|list|passwd` and `kiosk audit verify|list` — what an admin runs on the kiosk.
// PINs are read without echo from a terminal, or one per line from a pipe (for provisioning scripts).
#include "store.hpp"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace kiosk {

struct CliIo {
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
    // Reads a secret (no echo on a terminal). Returns false at end of input.
    std::function<bool(const std::string& prompt, std::string& secret)> read_secret;
};

// Reads from stdin with echo off when stdin is a terminal.
bool read_secret_from_terminal(const std::string& prompt, std::string& secret);

// Exit codes: 0 ok, 2 usage or refused input (weak PIN, unknown account), 1 database failure.
int staff_cli(const std::vector<std::string>& args, Store& store, CliIo io, int iterations = 600'000);
int audit_cli(const std::vector<std::string>& args, Store& store, CliIo io);

} // namespace kiosk
