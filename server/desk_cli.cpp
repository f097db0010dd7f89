// Desk accounts and the intake's audit log from the command line. See desk_cli.hpp.
#include "server/desk_cli.hpp"

#include "app/crypto.hpp"

#include <algorithm>
#include <iostream>

namespace intake {

namespace {

const char* kDeskUsage =
    "usage: kiosk-intake desk add NAME --window N [--serves A,B] --db FILE   (asks for the password twice)\n"
    "       kiosk-intake desk passwd NAME --db FILE                          (asks for the new password twice)\n"
    "       kiosk-intake desk remove NAME --db FILE\n"
    "       kiosk-intake desk list --db FILE\n";

bool valid_name(const std::string& n) {
    if (n.empty() || n.size() > 32) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

bool parse_serves(const std::string& s, std::vector<std::string>& out) {
    out.clear();
    std::string cur;
    for (char c : s + ",") {
        if (c == ',') {
            if (cur.empty()) return false;
            out.push_back(cur);
            cur.clear();
        } else if (c >= 'A' && c <= 'Z' && cur.empty()) {
            cur += c;
        } else {
            return false;   // one capital letter per category (the catalog's ticket prefixes)
        }
    }
    return true;
}

bool ask_new_password(kiosk::CliIo& io, std::string& pw) {
    std::string again;
    if (!io.read_secret("New password (at least 10 characters): ", pw) || !io.read_secret("Repeat the password: ", again)) {
        io.err << "kiosk-intake desk: no password given\n";
        return false;
    }
    const bool same = pw == again;
    kiosk::wipe(again);
    if (!same) {
        io.err << "kiosk-intake desk: the two passwords differ; nothing changed\n";
        kiosk::wipe(pw);
    }
    return same;
}

int report(kiosk::CliIo& io, const kiosk::Status& st, const std::string& done) {
    if (st) {
        io.out << done << "\n";
        return 0;
    }
    io.err << "kiosk-intake desk: " << st.error().message << "\n";
    return st.error().code.rfind("intake.", 0) == 0 ? 1 : 2;
}

} // namespace

kiosk::Status check_password_rules(const std::string& pw) {
    if (pw.size() < 10 || pw.size() > 128)
        return kiosk::make_error("desk.weak_password", "the password must have 10 to 128 characters");
    if (std::all_of(pw.begin(), pw.end(), [&](char c) { return c == pw[0]; }))
        return kiosk::make_error("desk.weak_password", "the password must not be one character repeated");
    return kiosk::ok_status();
}

kiosk::Status add_desk_account(IntakeStore& store, const std::string& name, int window,
                               const std::vector<std::string>& serves, const std::string& password, int iterations,
                               const std::string& actor) {
    if (!valid_name(name)) return kiosk::make_error("desk.invalid", "a desk name is 1–32 characters of a–z, 0–9, '.', '_' or '-'");
    if (window < 1 || window > 99) return kiosk::make_error("desk.invalid", "--window must be 1 to 99");
    if (auto st = check_password_rules(password); !st) return st;
    DeskAccount a;
    a.name = name;
    a.window = window;
    a.serves = serves;
    a.salt = kiosk::random_bytes(16);
    a.hash = kiosk::pbkdf2_sha256(password, a.salt, iterations);   // slow on purpose, before the store's lock
    a.iterations = iterations;
    if (a.hash.empty()) return kiosk::make_error("crypto.error", "PBKDF2 failed");
    return store.add_account(a, actor);
}

int desk_cli(const std::vector<std::string>& args, IntakeStore& store, kiosk::CliIo io, int iterations) {
    if (args.empty()) return io.err << kDeskUsage, 2;
    const std::string& cmd = args[0];
    if (cmd == "list") {
        auto l = store.accounts();
        if (!l) return io.err << "kiosk-intake desk: " << l.error().message << "\n", 1;
        if (l->empty()) io.out << "no desk accounts yet: create one with `kiosk-intake desk add NAME --window N --db FILE`\n";
        for (const auto& a : *l) {
            std::string serves;
            for (const auto& s : a.serves) serves += (serves.empty() ? "" : ",") + s;
            io.out << a.name << "\twindow " << a.window << "\tserves " << (serves.empty() ? "all" : serves) << "\n";
        }
        return 0;
    }
    if (args.size() < 2 || !valid_name(args[1])) return io.err << kDeskUsage, 2;
    const std::string& name = args[1];
    int window = 0;
    std::vector<std::string> serves;
    for (std::size_t i = 2; i < args.size(); i += 2) {
        if (i + 1 >= args.size()) return io.err << "kiosk-intake desk: " << args[i] << " needs a value\n" << kDeskUsage, 2;
        if (args[i] == "--window") {
            try {
                std::size_t used = 0;
                window = std::stoi(args[i + 1], &used);
                if (used != args[i + 1].size()) window = 0;
            } catch (...) {
                window = 0;
            }
            if (window < 1 || window > 99) return io.err << "kiosk-intake desk: --window must be 1 to 99\n", 2;
        } else if (args[i] == "--serves") {
            if (!parse_serves(args[i + 1], serves))
                return io.err << "kiosk-intake desk: --serves takes category letters such as A,B\n", 2;
        } else {
            return io.err << "kiosk-intake desk: unknown option " << args[i] << "\n" << kDeskUsage, 2;
        }
    }
    if (cmd == "add") {
        if (window == 0) return io.err << "kiosk-intake desk: add needs --window N\n", 2;
        std::string pw;
        if (!ask_new_password(io, pw)) return 2;
        auto st = add_desk_account(store, name, window, serves, pw, iterations);
        kiosk::wipe(pw);
        return report(io, st, "desk account " + name + " added (window " + std::to_string(window) + ")");
    }
    if (cmd == "passwd") {
        std::string pw;
        if (!ask_new_password(io, pw)) return 2;
        if (auto st = check_password_rules(pw); !st) return kiosk::wipe(pw), report(io, st, "");
        const kiosk::Bytes salt = kiosk::random_bytes(16);
        const kiosk::Bytes hash = kiosk::pbkdf2_sha256(pw, salt, iterations);
        kiosk::wipe(pw);
        return report(io, store.set_password(name, salt, hash, iterations, "admin"), "password of " + name + " changed");
    }
    if (cmd == "remove") return report(io, store.remove_account(name, "admin"), "desk account " + name + " removed");
    return io.err << kDeskUsage, 2;
}

int intake_audit_cli(const std::vector<std::string>& args, IntakeStore& store, kiosk::CliIo io) {
    if (!args.empty() && args[0] == "verify") {
        auto v = store.verify_audit();
        if (!v) return io.err << "kiosk-intake audit: " << v.error().message << "\n", 1;
        (v->ok ? io.out : io.err) << v->why << "\n";
        return v->ok ? 0 : 1;
    }
    if (!args.empty() && args[0] == "list") {
        auto l = store.list_audit(200);
        if (!l) return io.err << "kiosk-intake audit: " << l.error().message << "\n", 1;
        for (const auto& e : *l) io.out << e.seq << "\t" << e.at << "\t" << e.actor << "\t" << e.action << "\t" << e.detail << "\n";
        return 0;
    }
    io.err << "usage: kiosk-intake audit verify|list --db FILE\n";
    return 2;
}

} // namespace intake
