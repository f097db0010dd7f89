// kiosk-intake: the reference intake server (DESIGN.md, "Configuration and command lines").
//   kiosk-intake --listen 127.0.0.1:8443 --db FILE --cert F --key F --client-ca F [--catalog DIR]
//                [--ref-prefix QH] [--port-file F] [--fault-… see usage]
//   kiosk-intake list   --db FILE
//   kiosk-intake export --db FILE [--format csv|json]
// Exit codes: 0 ok, 2 usage/config error, 1 runtime failure. Logs on stderr, never PII.
#include "app/catalog.hpp"
#include "server/export.hpp"
#include "server/intake_db.hpp"
#include "server/intake_server.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <pthread.h>
#include <string>
#include <thread>

namespace {

constexpr const char* kUsage = R"(usage:
  kiosk-intake --listen HOST:PORT --db FILE --cert FILE --key FILE --client-ca FILE
               [--catalog DIR] [--ref-prefix QH] [--port-file FILE]
               [--fault-fail-rate P] [--fault-delay-ms N] [--fault-429 N] [--fault-retry-after S]
               [--fault-drop-after-commit P] [--fault-close-mid-request N] [--fault-lie N] [--fault-seed N]
  kiosk-intake list   --db FILE
  kiosk-intake export --db FILE [--format csv|json]
)";

int usage(const std::string& why) {
    std::fprintf(stderr, "kiosk-intake: %s\n%s", why.c_str(), kUsage);
    return 2;
}

// --key value pairs; every option takes exactly one value.
bool parse_options(int argc, char** argv, int first, std::map<std::string, std::string>& out, std::string& err) {
    for (int i = first; i < argc; ++i) {
        std::string k = argv[i];
        if (k.rfind("--", 0) != 0) return err = "unexpected argument '" + k + "'", false;
        if (i + 1 >= argc) return err = "option " + k + " needs a value", false;
        out[k.substr(2)] = argv[++i];
    }
    return true;
}

template <class T>
bool number(const std::map<std::string, std::string>& o, const std::string& key, T& into, std::string& err) {
    auto it = o.find(key);
    if (it == o.end()) return true;
    try {
        std::size_t used = 0;
        if constexpr (std::is_floating_point_v<T>) into = static_cast<T>(std::stod(it->second, &used));
        else into = static_cast<T>(std::stoll(it->second, &used));
        if (used != it->second.size() || into < 0) throw std::invalid_argument("");
        return true;
    } catch (...) {
        err = "--" + key + ": not a non-negative number: " + it->second;
        return false;
    }
}

int run_db_command(const std::string& cmd, const std::map<std::string, std::string>& o) {
    if (!o.count("db")) return usage(cmd + " needs --db FILE");
    const std::string format = o.count("format") ? o.at("format") : "csv";
    if (format != "csv" && format != "json") return usage("--format must be csv or json");
    if (!std::filesystem::exists(o.at("db"))) return usage("no database at " + o.at("db"));
    auto db = intake::IntakeDb::open(o.at("db"));
    if (!db) return std::fprintf(stderr, "kiosk-intake: %s\n", db.error().message.c_str()), 1;
    auto rows = (*db)->rows();
    if (!rows) return std::fprintf(stderr, "kiosk-intake: %s\n", rows.error().message.c_str()), 1;
    if (cmd == "list") intake::write_list(std::cout, *rows);
    else intake::write_export(std::cout, *rows, format);
    return std::cout.good() ? 0 : 1;
}

int serve(const std::map<std::string, std::string>& o) {
    for (const char* required : {"db", "cert", "key", "client-ca"})
        if (!o.count(required)) return usage(std::string("missing --") + required);
    for (const auto& [k, v] : o) {
        static const char* known[] = {"listen", "db", "cert", "key", "client-ca", "catalog", "ref-prefix",
                                      "port-file", "fault-fail-rate", "fault-delay-ms", "fault-429",
                                      "fault-retry-after", "fault-drop-after-commit", "fault-close-mid-request",
                                      "fault-lie", "fault-seed"};
        bool ok = false;
        for (const char* n : known) ok = ok || k == n;
        if (!ok) return usage("unknown option --" + k);
    }
    intake::ServerOptions opts;
    const std::string listen = o.count("listen") ? o.at("listen") : "127.0.0.1:8443";
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) return usage("--listen must be HOST:PORT");
    opts.host = listen.substr(0, colon);
    try {
        opts.port = std::stoi(listen.substr(colon + 1));
    } catch (...) {
        return usage("--listen: bad port in " + listen);
    }
    if (opts.port < 0 || opts.port > 65535) return usage("--listen: bad port in " + listen);
    opts.cert = o.at("cert");
    opts.key = o.at("key");
    opts.client_ca = o.at("client-ca");
    if (o.count("port-file")) opts.port_file = o.at("port-file");
    std::string err;
    auto& f = opts.faults;
    if (!number(o, "fault-fail-rate", f.fail_rate, err) || !number(o, "fault-delay-ms", f.delay_ms, err) ||
        !number(o, "fault-429", f.first_429, err) || !number(o, "fault-retry-after", f.retry_after_s, err) ||
        !number(o, "fault-drop-after-commit", f.drop_after_commit, err) ||
        !number(o, "fault-close-mid-request", f.close_mid_request, err) || !number(o, "fault-lie", f.lie, err) ||
        !number(o, "fault-seed", f.seed, err))
        return usage(err);
    if (f.fail_rate > 1 || f.drop_after_commit > 1) return usage("fault probabilities are between 0 and 1");

    const std::filesystem::path catalog_dir =
        o.count("catalog") ? std::filesystem::path(o.at("catalog")) : std::filesystem::path(KIOSK_SOURCE_ASSETS) / "catalog";
    auto catalog = kiosk::load_catalog(catalog_dir);
    if (!catalog) return std::fprintf(stderr, "kiosk-intake: %s\n", catalog.error().message.c_str()), 2;
    auto db = intake::IntakeDb::open(o.at("db"), o.count("ref-prefix") ? o.at("ref-prefix") : "QH");
    if (!db) return std::fprintf(stderr, "kiosk-intake: %s\n", db.error().message.c_str()), 1;

    // SIGPIPE: a client that vanishes must not kill the server. SIGINT/SIGTERM: blocked in every thread and
    // taken by one waiter thread, which stops the server cleanly (no work in a signal handler).
    std::signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    intake::IntakeServer server(opts, **db, *catalog);
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&set, &sig);
        if (sig != SIGUSR1) std::fprintf(stderr, "kiosk-intake: signal %d, stopping\n", sig);
        server.stop();
    });
    auto st = server.run();
    pthread_kill(waiter.native_handle(), SIGUSR1);   // run() ended by itself: release the waiter
    waiter.join();
    if (!st) return std::fprintf(stderr, "kiosk-intake: %s\n", st.error().message.c_str()), 1;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h"))
        return std::fputs(kUsage, stdout), 0;
    std::map<std::string, std::string> opts;
    std::string err;
    if (argc >= 2 && (std::string(argv[1]) == "list" || std::string(argv[1]) == "export")) {
        if (!parse_options(argc, argv, 2, opts, err)) return usage(err);
        return run_db_command(argv[1], opts);
    }
    if (!parse_options(argc, argv, 1, opts, err)) return usage(err);
    return serve(opts);
}
