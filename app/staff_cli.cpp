#include "staff_cli.hpp"

#include "audit.hpp"
#include "crypto.hpp"
#include "staff_accounts.hpp"

#include <iostream>
#include <mutex>
#include <termios.h>
#include <unistd.h>

namespace kiosk {

bool read_secret_from_terminal(const std::string& prompt, std::string& secret) {
    bool tty = ::isatty(STDIN_FILENO);
    termios old{};
    if (tty) {
        std::cerr << prompt << std::flush;
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    bool ok = static_cast<bool>(std::getline(std::cin, secret));
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << "\n";
    }
    return ok;
}

namespace {

const char* kStaffUsage =
    "usage: kiosk staff add ID [--name \"Display name\"]   (asks for the PIN twice)\n"
    "       kiosk staff passwd ID                          (asks for the new PIN twice)\n"
    "       kiosk staff remove ID\n"
    "       kiosk staff list\n";

// Asks twice so a typo does not lock staff out of their own kiosk.
bool ask_new_pin(CliIo& io, std::string& pin) {
    std::string again;
    if (!io.read_secret("New PIN (6–12 digits): ", pin) || !io.read_secret("Repeat the PIN: ", again)) {
        io.err << "kiosk staff: no PIN given\n";
        return false;
    }
    bool same = pin == again;
    wipe(again);
    if (!same) { io.err << "kiosk staff: the two PINs differ; nothing changed\n"; wipe(pin); }
    return same;
}

int report(CliIo& io, const Status& st, const std::string& done) {
    if (st) { io.out << done << "\n"; return 0; }
    io.err << "kiosk staff: " << st.error().message << "\n";
    return st.error().code.rfind("store.", 0) == 0 ? 1 : 2;
}

} // namespace

int staff_cli(const std::vector<std::string>& args, Store& store, CliIo io, int iterations) {
    if (args.empty()) { io.err << kStaffUsage; return 2; }
    StaffAccounts accounts(store, iterations);
    const std::string& cmd = args[0];
    if (cmd == "list" && args.size() == 1) {
        auto l = accounts.list();
        if (!l) { io.err << "kiosk staff: " << l.error().message << "\n"; return 1; }
        if (l->empty()) io.out << "no staff accounts yet: create one with `kiosk staff add ID`\n";
        for (const auto& a : l.value()) {
            bool locked = a.locked_until > WallClock::now();
            io.out << a.id << "\t" << a.display_name << (locked ? "\t(locked)" : "") << "\n";
        }
        return 0;
    }
    if (args.size() < 2) { io.err << kStaffUsage; return 2; }
    const std::string& id = args[1];
    if (cmd == "add") {
        std::string name = id;
        for (std::size_t i = 2; i + 1 < args.size(); i += 2)
            if (args[i] == "--name") name = args[i + 1];
        std::string pin;
        if (!ask_new_pin(io, pin)) return 2;
        Status st = accounts.add(id, name, pin, WallClock::now(), "admin-cli");
        wipe(pin);
        return report(io, st, "staff account '" + id + "' created");
    }
    if (cmd == "passwd" && args.size() == 2) {
        std::string pin;
        if (!ask_new_pin(io, pin)) return 2;
        Status st = accounts.change_pin(id, pin, WallClock::now(), "admin-cli");
        wipe(pin);
        return report(io, st, "PIN of '" + id + "' changed");
    }
    if (cmd == "remove" && args.size() == 2)
        return report(io, accounts.remove(id, WallClock::now(), "admin-cli"), "staff account '" + id + "' removed");
    io.err << kStaffUsage;
    return 2;
}

int audit_cli(const std::vector<std::string>& args, Store& store, CliIo io) {
    if (args.size() == 1 && args[0] == "verify") {
        auto v = store.verify_audit();
        if (!v) { io.err << "kiosk audit: " << v.error().message << "\n"; return 1; }
        if (v->ok) { io.out << "audit chain ok: " << v->rows << " rows verified\n"; return 0; }
        io.out << "audit chain BROKEN at row " << v->first_broken.value_or(-1) << ": " << v->why << "\n";
        return 1;
    }
    if (!args.empty() && args[0] == "list") {
        int limit = args.size() > 1 ? std::max(1, std::atoi(args[1].c_str())) : 50;
        auto l = store.list_audit(limit, 0);
        if (!l) { io.err << "kiosk audit: " << l.error().message << "\n"; return 1; }
        for (const auto& e : l.value())
            io.out << e.seq << "\t" << e.at << "\t" << e.actor << "\t" << e.action << "\t" << e.detail << "\n";
        return 0;
    }
    io.err << "usage: kiosk audit verify | kiosk audit list [N]\n";
    return 2;
}

} // namespace kiosk
