#pragma once
// [SECTION] `kiosk-intake desk add|remove|list|passwd` and `kiosk-intake audit verify|list` — what an admin
// runs at the intake. Passwords are read twice from standard input (no echo on a terminal, one per line
// from a pipe) exactly as `kiosk staff add` reads a PIN (app/staff_cli), and hashed with PBKDF2-SHA256.
#include "app/staff_cli.hpp"
#include "server/intake_store.hpp"

#include <string>
#include <vector>

namespace intake {

constexpr int kDeskIterations = 600'000;   // as the kiosk's staff PINs (OWASP 2023)

// Desk passwords: 10–128 bytes, not one character repeated. Code "desk.weak_password".
kiosk::Status check_password_rules(const std::string& password);

// Creates an account (hashing outside the store); the audit row names `actor`.
kiosk::Status add_desk_account(IntakeStore& store, const std::string& name, int window,
                               const std::vector<std::string>& serves, const std::string& password,
                               int iterations = kDeskIterations, const std::string& actor = "admin");

// args start after "desk" / "audit". Exit codes: 0 ok, 2 usage or refused input, 1 storage failure.
int desk_cli(const std::vector<std::string>& args, IntakeStore& store, kiosk::CliIo io, int iterations = kDeskIterations);
int intake_audit_cli(const std::vector<std::string>& args, IntakeStore& store, kiosk::CliIo io);

} // namespace intake
