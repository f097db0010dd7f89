// kiosk-intake: the reference intake server (DESIGN.md, "Configuration and command lines").
//   kiosk-intake --listen 127.0.0.1:8443 --db FILE --cert F --key F --client-ca F [--catalog DIR]
//                [--ref-prefix QH] [--port-file F] [--station ID] [--desk-listen HOST:PORT …] [--fault-… see usage]
//   kiosk-intake list   --db DB
//   kiosk-intake export --db DB [--format csv|json]
//   kiosk-intake desk add|remove|list|passwd NAME --window N [--serves A,B] --db DB
//   kiosk-intake audit verify|list --db DB
// DB: a path, sqlite:PATH or postgresql://… (then --key-dir DIR, and for the server --db-pool N).
// Exit codes: 0 ok, 2 usage/config error, 1 runtime failure. Logs on stderr, never PII.
#include "app/catalog.hpp"
#include "server/export.hpp"
#include "server/desk_cli.hpp"
#include "server/desk_server.hpp"
#include "server/intake_server.hpp"
#include "server/intake_shared.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <pthread.h>
#include <string>
#include <thread>

namespace {

constexpr const char* kUsage = R"(usage:
  kiosk-intake --listen HOST:PORT --db DB --cert FILE --key FILE --client-ca FILE
               [--catalog DIR] [--ref-prefix QH] [--port-file FILE] [--station ID]
               [--desk-listen HOST:PORT] [--desk-assets DIR] [--desk-port-file FILE] [--desk-idle-timeout-s S]
               [--fault-fail-rate P] [--fault-delay-ms N] [--fault-429 N] [--fault-retry-after S]
               [--fault-drop-after-commit P] [--fault-close-mid-request N] [--fault-lie N] [--fault-seed N]
               [--threads N] [--key-dir DIR] [--db-pool N]
  kiosk-intake list   --db DB [--key-dir DIR]
  kiosk-intake export --db DB [--key-dir DIR] [--format csv|json]
  kiosk-intake desk add NAME --window N [--serves A,B] --db DB [--key-dir DIR]   (password read twice from stdin)
  kiosk-intake desk passwd|remove NAME --db DB · kiosk-intake desk list --db DB
  kiosk-intake audit verify|list --db DB [--key-dir DIR]
  kiosk-intake migrate --from sqlite:PATH --to postgresql://… --key-dir DIR   (into an empty database)
--db takes a path, sqlite:PATH or a PostgreSQL URI (postgresql://user@host/db, libpq's syntax). SQLite keeps
its keys beside the database; PostgreSQL needs --key-dir DIR, the directory of intake-data.key and
intake-lookup.key — the same two files on every instance (docs/ADMIN.md, "16. PostgreSQL"). --db-pool N: the
connections one instance keeps to PostgreSQL (default 4). --threads N: the most kiosk connections served at
once (default 1024; each kept-alive upload and each events long-poll holds one; threads grow as they come).
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

// A database that must exist already (list, export, audit): a SQLite path is checked before opening, so a
// typo does not create an empty database; a PostgreSQL server answers for itself.
bool missing_database(const std::string& spec) {
    return !intake::is_postgres_spec(spec) && !std::filesystem::exists(intake::sqlite_path(spec));
}

// --key-dir and --db-pool, for every command that opens a database.
bool open_options(const std::map<std::string, std::string>& o, intake::OpenOptions& into, std::string& err) {
    if (o.count("key-dir")) into.key_dir = o.at("key-dir");
    if (!number(o, "db-pool", into.pool_size, err)) return false;
    if (into.pool_size < 1 || into.pool_size > 256) return err = "--db-pool must be 1 to 256", false;
    return true;
}

int run_db_command(const std::string& cmd, const std::map<std::string, std::string>& o) {
    if (!o.count("db")) return usage(cmd + " needs --db DB");
    const std::string format = o.count("format") ? o.at("format") : "csv";
    if (format != "csv" && format != "json") return usage("--format must be csv or json");
    if (missing_database(o.at("db"))) return usage("no database at " + o.at("db"));
    intake::OpenOptions open_opts;
    std::string err;
    if (!open_options(o, open_opts, err)) return usage(err);
    auto db = intake::open_intake_store(o.at("db"), open_opts);
    if (!db) return std::fprintf(stderr, "kiosk-intake: %s\n", db.error().message.c_str()), db.error().code == "intake.usage" ? 2 : 1;
    auto rows = (*db)->rows();
    if (!rows) return std::fprintf(stderr, "kiosk-intake: %s\n", rows.error().message.c_str()), 1;
    if (cmd == "list") intake::write_list(std::cout, *rows);
    else intake::write_export(std::cout, *rows, format);
    return std::cout.good() ? 0 : 1;
}

// `desk …` and `audit …`: positional words first, then --key value pairs (--db among them).
int run_admin_command(const std::string& cmd, int argc, char** argv) {
    std::vector<std::string> args;
    std::string db_spec;
    intake::OpenOptions open_opts;
    for (int i = 2; i < argc; ++i) {
        if (std::string(argv[i]) == "--db" && i + 1 < argc) db_spec = argv[++i];
        else if (std::string(argv[i]) == "--key-dir" && i + 1 < argc) open_opts.key_dir = argv[++i];
        else args.push_back(argv[i]);
    }
    if (db_spec.empty()) return usage(cmd + " needs --db DB");
    if (cmd == "audit" && missing_database(db_spec)) return usage("no database at " + db_spec);
    open_opts.pool_size = 1;   // one command, one connection
    auto db = intake::open_intake_store(db_spec, open_opts);
    if (!db) return std::fprintf(stderr, "kiosk-intake: %s\n", db.error().message.c_str()), db.error().code == "intake.usage" ? 2 : 1;
    kiosk::CliIo io{std::cin, std::cout, std::cerr, kiosk::read_secret_from_terminal};
    return cmd == "desk" ? intake::desk_cli(args, **db, io) : intake::intake_audit_cli(args, **db, io);
}

// `migrate --from sqlite:PATH --to postgresql://… --key-dir DIR`: every table copied as stored into an empty
// PostgreSQL database in one transaction, with the source's keys (docs/ADMIN.md, "16. PostgreSQL").
int run_migrate(const std::map<std::string, std::string>& o) {
    for (const char* k : {"from", "to", "key-dir"})
        if (!o.count(k)) return usage(std::string("migrate needs --") + k);
    const std::string from = o.at("from"), to = o.at("to");
    if (intake::is_postgres_spec(from) || intake::sqlite_path(from).empty()) return usage("--from must be a SQLite database");
    if (!intake::is_postgres_spec(to)) return usage("--to must be a postgresql:// database");
    if (missing_database(from)) return usage("no database at " + from);
    const auto path = intake::sqlite_path(from);
    auto src = intake::open_intake_store(from);
    if (!src) return std::fprintf(stderr, "kiosk-intake: %s\n", src.error().message.c_str()), 1;
    auto tables = (*src)->dump_tables();
    if (!tables) return std::fprintf(stderr, "kiosk-intake: %s\n", tables.error().message.c_str()), 1;
    if (auto st = intake::copy_keys(path.has_parent_path() ? path.parent_path() : ".", o.at("key-dir")); !st)
        return std::fprintf(stderr, "kiosk-intake: %s\n", st.error().message.c_str()), 1;
    intake::OpenOptions open_opts;
    open_opts.key_dir = o.at("key-dir");
    open_opts.pool_size = 1;
    auto dst = intake::open_intake_store(to, open_opts);
    if (!dst) return std::fprintf(stderr, "kiosk-intake: %s\n", dst.error().message.c_str()), dst.error().code == "intake.usage" ? 2 : 1;
    if (auto st = (*dst)->load_tables(*tables); !st)
        return std::fprintf(stderr, "kiosk-intake: %s\n", st.error().message.c_str()), st.error().code == "intake.usage" ? 2 : 1;
    auto v = (*dst)->verify_audit();
    if (!v || !v->ok) return std::fprintf(stderr, "kiosk-intake: the copied audit chain does not verify\n"), 1;
    std::size_t n = 0;
    for (const auto& t : *tables) n += t.rows.size();
    std::printf("migrated %zu row(s) in %zu table(s); the audit chain verifies (%lld rows)\n", n, tables->size(),
                static_cast<long long>(v->rows));
    return 0;
}

bool host_port(const std::string& s, std::string& host, int& port) {
    const auto colon = s.rfind(':');
    if (colon == std::string::npos) return false;
    host = s.substr(0, colon);
    try {
        std::size_t used = 0;
        port = std::stoi(s.substr(colon + 1), &used);
        if (used != s.size() - colon - 1) return false;
    } catch (...) {
        return false;
    }
    return port >= 0 && port <= 65535 && !host.empty();
}

int serve(const std::map<std::string, std::string>& o) {
    for (const char* required : {"db", "cert", "key", "client-ca"})
        if (!o.count(required)) return usage(std::string("missing --") + required);
    for (const auto& [k, v] : o) {
        static const char* known[] = {"listen", "db", "cert", "key", "client-ca", "catalog", "ref-prefix",
                                      "port-file", "fault-fail-rate", "fault-delay-ms", "fault-429",
                                      "fault-retry-after", "fault-drop-after-commit", "fault-close-mid-request",
                                      "fault-lie", "fault-seed", "station", "desk-listen", "desk-assets",
                                      "desk-port-file", "desk-idle-timeout-s", "key-dir", "db-pool", "threads"};
        bool ok = false;
        for (const char* n : known) ok = ok || k == n;
        if (!ok) return usage("unknown option --" + k);
    }
    intake::ServerOptions opts;
    const std::string listen = o.count("listen") ? o.at("listen") : "127.0.0.1:8443";
    if (!host_port(listen, opts.host, opts.port)) return usage("--listen must be HOST:PORT, got " + listen);
    if (o.count("station")) opts.station = o.at("station");
    if (opts.station.empty()) return usage("--station must not be empty");
    opts.cert = o.at("cert");
    opts.key = o.at("key");
    opts.client_ca = o.at("client-ca");
    if (o.count("port-file")) opts.port_file = o.at("port-file");
    std::string err;
    if (!number(o, "threads", opts.threads, err)) return usage(err);
    if (opts.threads < 8 || opts.threads > 16384) return usage("--threads must be 8 to 16384");
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
    std::optional<intake::DeskOptions> desk;
    if (o.count("desk-listen")) {
        desk.emplace();
        if (!host_port(o.at("desk-listen"), desk->host, desk->port))
            return usage("--desk-listen must be HOST:PORT, got " + o.at("desk-listen"));
        desk->cert = opts.cert;
        desk->key = opts.key;
        desk->station = opts.station;
        desk->assets = o.count("desk-assets") ? std::filesystem::path(o.at("desk-assets"))
                                              : std::filesystem::path(KIOSK_SOURCE_ASSETS) / "desk";
        if (o.count("desk-port-file")) desk->port_file = o.at("desk-port-file");
        int idle = 600;
        if (!number(o, "desk-idle-timeout-s", idle, err)) return usage(err);
        if (idle < 1 || idle > 86400) return usage("--desk-idle-timeout-s must be 1 to 86400");
        desk->idle_timeout = std::chrono::seconds(idle);
    } else {
        for (const char* k : {"desk-assets", "desk-port-file", "desk-idle-timeout-s"})
            if (o.count(k)) return usage(std::string("--") + k + " needs --desk-listen");
    }
    intake::OpenOptions open_opts;
    if (o.count("ref-prefix")) open_opts.ref_prefix = o.at("ref-prefix");
    if (!open_options(o, open_opts, err)) return usage(err);
    auto db = intake::open_intake_store(o.at("db"), open_opts);
    if (!db) return std::fprintf(stderr, "kiosk-intake: %s\n", db.error().message.c_str()), db.error().code == "intake.usage" ? 2 : 1;

    // SIGPIPE: a client that vanishes must not kill the server. SIGINT/SIGTERM: blocked in every thread and
    // taken by one waiter thread, which stops the server cleanly (no work in a signal handler).
    std::signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    intake::EventHub hub;
    // Events committed by other instances on the same PostgreSQL wake this one's long-polls (no-op on SQLite).
    auto watch = (*db)->watch_events(hub);
    intake::IntakeServer server(opts, **db, hub, *catalog);
    std::unique_ptr<intake::DeskServer> desk_server;
    if (desk) desk_server = std::make_unique<intake::DeskServer>(*desk, **db, hub, *catalog);
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&set, &sig);
        if (sig != SIGUSR1) std::fprintf(stderr, "kiosk-intake: signal %d, stopping\n", sig);
        hub.stop();
        if (desk_server) desk_server->stop();
        server.stop();
    });
    // The desk listener on its own thread; if it cannot start, the whole intake stops (a half-started
    // station server is worse than a clear failure).
    kiosk::Status desk_st = kiosk::ok_status();
    std::thread desk_thread;
    if (desk_server)
        desk_thread = std::thread([&] {
            desk_st = desk_server->run();
            if (!desk_st) server.stop();
        });
    auto st = server.run();
    if (desk_server) desk_server->stop();
    if (desk_thread.joinable()) desk_thread.join();
    pthread_kill(waiter.native_handle(), SIGUSR1);   // run() ended by itself: release the waiter
    waiter.join();
    if (!desk_st) return std::fprintf(stderr, "kiosk-intake: %s\n", desk_st.error().message.c_str()), 1;
    if (!st) return std::fprintf(stderr, "kiosk-intake: %s\n", st.error().message.c_str()), 1;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h"))
        return std::fputs(kUsage, stdout), 0;
    std::map<std::string, std::string> opts;
    std::string err;
    if (argc >= 2 && (std::string(argv[1]) == "desk" || std::string(argv[1]) == "audit")) return run_admin_command(argv[1], argc, argv);
    if (argc >= 2 && (std::string(argv[1]) == "list" || std::string(argv[1]) == "export")) {
        if (!parse_options(argc, argv, 2, opts, err)) return usage(err);
        return run_db_command(argv[1], opts);
    }
    if (argc >= 2 && std::string(argv[1]) == "migrate") {
        if (!parse_options(argc, argv, 2, opts, err)) return usage(err);
        return run_migrate(opts);
    }
    if (!parse_options(argc, argv, 1, opts, err)) return usage(err);
    return serve(opts);
}
