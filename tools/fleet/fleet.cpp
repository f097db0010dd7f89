// kiosk-fleet: many simulated kiosks draining their queues into one or more kiosk-intake instances that share
// one database (issue #18; docs/ADMIN.md "PostgreSQL", docs/BENCHMARKS.md "Fleet"). Each kiosk is a thread
// with its own client certificate (CN QS-QHJ-F<n>, made once with the openssl CLI) and its own kept-alive
// mutual-TLS connection per instance (app/upload HttpsClient, the kiosk's own client). What a kiosk does
// is what the uploader does: POST /v1/requests with Idempotency-Key, and on a refused connection, a 5xx or
// a 503 try again — on the next instance — with the same request id and the same bytes until acknowledged.
//
//   kiosk-fleet --intake BIN --pki DIR --catalog DIR --work DIR --db SPEC [--key-dir DIR]
//               [--instances N] [--kiosks K] [--per-kiosk R] [--resend] [--kill-one-at F] [--db-pid PID]
//               [--pause-db-at F --pause-cmd CMD --resume-cmd CMD [--pause-s S]]
//   --resend       every acknowledged request is sent again to another instance: must be 200, same answer
//   --kill-one-at  SIGKILL instance 1 once a fraction F of the requests is acknowledged (it stays down)
//   --db-pid PID   the PostgreSQL postmaster, for the database's CPU per request in the result line
//   --pause-db-at  run CMD (e.g. tests/pg/pg_server.sh halt DIR) at F, RESUME_CMD S seconds later
// At the end `kiosk-intake list` must hold every acknowledged request exactly once and nothing else.
// Prints one result line; exit 0 only when exactly-once held (1 otherwise, 2 on usage).
#include "app/crypto.hpp"
#include "app/upload/https_client.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

struct Options {
    std::string intake, pki, catalog, work, db, key_dir, pause_cmd, resume_cmd;
    int instances = 1, kiosks = 20, per_kiosk = 20;
    bool resend = false;
    pid_t db_pid = 0;   // the PostgreSQL postmaster: its CPU and its reaped backends' is the database's share
    double kill_at = -1, pause_at = -1, pause_s = 3;
};

// [SECTION] processes
std::string read_file(const fs::path& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

int run_shell(const std::string& cmd) {
    const int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

struct Instance {
    pid_t pid = -1;
    int port = 0;
};

Instance start_instance(const Options& o, int n) {
    const fs::path port_file = fs::path(o.work) / ("intake" + std::to_string(n) + ".port");
    const fs::path log = fs::path(o.work) / ("intake" + std::to_string(n) + ".log");
    fs::remove(port_file);
    std::vector<std::string> a = {o.intake, "--listen", "127.0.0.1:0", "--port-file", port_file.string(), "--db", o.db,
                                  "--cert", o.pki + "/server.crt", "--key", o.pki + "/server.key",
                                  "--client-ca", o.pki + "/ca.crt", "--catalog", o.catalog, "--station", "QS-QHJ"};
    if (!o.key_dir.empty()) { a.push_back("--key-dir"); a.push_back(o.key_dir); }
    Instance in;
    in.pid = fork();
    if (in.pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); }
        std::vector<char*> argv;
        for (auto& s : a) argv.push_back(s.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    for (int i = 0; i < 600 && in.port == 0; ++i) {
        int st = 0;
        if (waitpid(in.pid, &st, WNOHANG) == in.pid) {
            std::fprintf(stderr, "kiosk-fleet: instance %d exited at start:\n%s\n", n, read_file(log).c_str());
            in.pid = -1;
            return in;
        }
        in.port = std::atoi(read_file(port_file).c_str());
        if (in.port == 0) std::this_thread::sleep_for(50ms);
    }
    return in;
}

void stop_instance(Instance& in, int sig) {
    if (in.pid <= 0) return;
    kill(in.pid, sig);
    for (int i = 0; i < 300; ++i) {
        if (waitpid(in.pid, nullptr, WNOHANG) == in.pid) { in.pid = -1; return; }
        std::this_thread::sleep_for(50ms);
    }
    kill(in.pid, SIGKILL);
    waitpid(in.pid, nullptr, 0);
    in.pid = -1;
}

// Client certificates CN QS-QHJ-F<n> from the dev CA, EC P-256, made once (kept beside WORK, in fleet-certs).
fs::path cert_dir(const Options& o) { return fs::path(o.work).parent_path() / "fleet-certs"; }

bool make_certs(const Options& o) {
    const fs::path dir = cert_dir(o);
    fs::create_directories(dir);
    std::string script = "set -e; cd " + quote(dir.string()) + "; umask 077; for n in $(seq 0 " + std::to_string(o.kiosks - 1) +
                         "); do [ -f k$n.crt ] && continue; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k$n.key 2>/dev/null;"
                         " printf 'extendedKeyUsage=clientAuth\\nkeyUsage=critical,digitalSignature\\n' > ext;"
                         " openssl req -new -key k$n.key -subj /CN=QS-QHJ-F$n 2>/dev/null | openssl x509 -req -CA " +
                         quote(o.pki + "/ca.crt") + " -CAkey " + quote(o.pki + "/ca.key") +
                         " -CAcreateserial -sha256 -days 30 -extfile ext -out k$n.crt 2>/dev/null; done";
    return run_shell(script) == 0;
}

// CPU time a process has used so far (utime + stime of /proc/PID/stat; with `children`, also that of its
// children it has reaped — a PostgreSQL backend's, once its connection closed), in ms; -1 when unreadable.
double process_cpu_ms(pid_t pid, bool children = false) {
    std::istringstream f(read_file("/proc/" + std::to_string(pid) + "/stat"));
    std::string field;
    for (int i = 1; i <= 13 && f >> field; ++i)
        if (i == 2)
            while (field.back() != ')' && f >> field) {}   // the command name may hold spaces
    long long ut = -1, st = -1, cut = 0, cst = 0;
    if (!(f >> ut >> st >> cut >> cst)) return -1;
    const long long ticks = ut + st + (children ? cut + cst : 0);
    return 1000.0 * static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Busy and total CPU time of the whole machine (/proc/stat, first line), in ms.
std::pair<double, double> machine_cpu_ms() {
    std::istringstream f(read_file("/proc/stat"));
    std::string cpu;
    f >> cpu;
    long long v, busy = 0, total = 0;
    for (int i = 0; i < 8 && f >> v; ++i) {
        total += v;
        if (i != 3 && i != 4) busy += v;   // idle and iowait are not work
    }
    const double tick = 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
    return {static_cast<double>(busy) * tick, static_cast<double>(total) * tick};
}

double self_cpu_ms() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

// [SECTION] one kiosk
std::string request_body(const std::string& id, const std::string& kiosk, const std::string& ticket) {
    const std::string now = "2026-12-02T10:00:00+08:00";
    nlohmann::json j = {{"request_id", id}, {"kiosk_id", kiosk}, {"station_id", "QS-QHJ"},
                        {"service_id", "cert.no-criminal-record"}, {"catalog_version", "2026.11.1"}, {"ticket", ticket},
                        {"created_at", now}, {"locale", "zh-CN"},
                        {"applicant", {{"name", "张三"}, {"id_type", "resident_id"}, {"id_number", "11010519491231002X"}, {"phone", "13800138000"}}},
                        {"fields", {{"purpose", "employment"}, {"destination", "加拿大"}, {"copies", "1"}}},
                        {"consent", {{"notice_version", "2026-11"}, {"accepted_at", now}, {"sensitive", false}}}};
    return j.dump();
}

struct Shared {
    std::vector<std::atomic<int>> ports;   // 0 = instance down (a killed one)
    std::atomic<long long> acked{0}, retries{0}, replays_ok{0}, bad{0}, connects{0};
    std::mutex mu;
    std::vector<double> latency_ms;
    std::vector<std::string> acked_ids;
    std::map<std::string, int> errors;   // what failed, for the result line
    std::latch ready, go{1};   // every kiosk has its queue; the clock has started
    Shared(int n, int kiosks) : ports(n), ready(kiosks) {}
};

void kiosk_thread(const Options& o, Shared& sh, int k) {
    const std::string kid = "QS-QHJ-F" + std::to_string(k);
    std::vector<std::unique_ptr<kiosk::HttpsClient>> clients(o.instances);
    auto client = [&](int n) -> kiosk::HttpsClient* {
        if (!clients[n]) {
            kiosk::HttpsClientOptions h;
            h.base_url = "https://localhost:" + std::to_string(sh.ports[n].load());
            h.ca_file = o.pki + "/ca.crt";
            h.client_cert = cert_dir(o) / ("k" + std::to_string(k) + ".crt");
            h.client_key = cert_dir(o) / ("k" + std::to_string(k) + ".key");
            h.connect_timeout_s = 5;
            h.total_timeout = 20s;
            h.preflight = false;
            auto c = kiosk::HttpsClient::create(h);
            if (!c) { std::lock_guard l(sh.mu); ++sh.errors["client: " + c.error().message]; return nullptr; }
            clients[n] = std::move(*c);
        }
        return clients[n].get();
    };
    std::vector<double> lat;
    std::vector<std::string> ids;
    // One address, one kept-alive connection, as a real kiosk behind a load balancer has: kiosk k stays on
    // instance k mod N and moves to the next only when that one fails (the balancer's new connection).
    int n = k % o.instances;
    // The queue is filled before the clock starts: a kiosk's requests wait in its store, frozen, long before
    // they are sent, so building them is not part of draining (the fleet's own CPU figure is the upload's).
    std::vector<std::pair<std::string, std::string>> queue;   // request id, body
    for (int i = 0; i < o.per_kiosk; ++i) {
        const std::string id = kiosk::new_uuid_v4();
        char ticket[16];
        std::snprintf(ticket, sizeof ticket, "A%06d", k * o.per_kiosk + i);
        queue.emplace_back(id, request_body(id, kid, ticket));
    }
    sh.ready.count_down();
    sh.go.wait();
    for (const auto& [id, body] : queue) {
        const auto t0 = Clock::now();
        std::string answer;
        int acked_on = -1;
        for (int attempt = 0; attempt < 2000 && acked_on < 0; ++attempt) {
            if (sh.ports[n].load() == 0) { n = (n + 1) % o.instances; continue; }
            kiosk::HttpsClient* c = client(n);
            if (!c) break;
            const auto r = c->post_json("/v1/requests", body, id);
            if (r.curl_code == 0 && (r.http_status == 200 || r.http_status == 201)) { acked_on = n; answer = r.body; break; }
            if (r.curl_code == 0 && r.http_status >= 400 && r.http_status < 500) {   // a refusal: never retried
                std::lock_guard l(sh.mu);
                ++sh.errors["HTTP " + std::to_string(r.http_status) + " " + r.body.substr(0, 80)];
                ++sh.bad;
                break;
            }
            ++sh.retries;
            {
                std::lock_guard l(sh.mu);
                ++sh.errors[r.curl_code ? "retry: curl " + std::to_string(r.curl_code) + " " + r.curl_error.substr(0, 60)
                                        : "retry: HTTP " + std::to_string(r.http_status) + " " + r.body.substr(0, 80)];
            }
            sh.connects += c->connects();
            clients[n].reset();            // a fresh connection next time (the instance may be gone)
            n = (n + 1) % o.instances;     // another instance, as a load balancer would, and it stays there
            std::this_thread::sleep_for(std::chrono::milliseconds(r.http_status == 503 ? 200 : 50));
        }
        if (acked_on < 0) continue;
        lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        ids.push_back(id);
        ++sh.acked;
        if (o.resend && o.instances > 1) {   // the same key on another instance: 200 and the stored answer
            const int m = (acked_on + 1) % o.instances;
            if (sh.ports[m].load() != 0) {
                if (auto* c = client(m)) {
                    const auto r = c->post_json("/v1/requests", body, id);
                    const auto a = nlohmann::json::parse(answer, nullptr, false), b = nlohmann::json::parse(r.body, nullptr, false);
                    if (r.curl_code == 0 && r.http_status == 200 && !a.is_discarded() && a.value("server_ref", "") == b.value("server_ref", "x"))
                        ++sh.replays_ok;
                    else if (r.curl_code == 0 && r.http_status != 503) {
                        std::lock_guard l(sh.mu);
                        ++sh.errors["resend: HTTP " + std::to_string(r.http_status) + " " + r.body.substr(0, 80)];
                        ++sh.bad;
                    }
                }
            }
        }
    }
    for (auto& c : clients) if (c) sh.connects += c->connects();
    std::lock_guard l(sh.mu);
    sh.latency_ms.insert(sh.latency_ms.end(), lat.begin(), lat.end());
    sh.acked_ids.insert(sh.acked_ids.end(), ids.begin(), ids.end());
}

double pct(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto val = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--intake") o.intake = val();
        else if (a == "--pki") o.pki = val();
        else if (a == "--catalog") o.catalog = val();
        else if (a == "--work") o.work = val();
        else if (a == "--db") o.db = val();
        else if (a == "--key-dir") o.key_dir = val();
        else if (a == "--instances") o.instances = std::atoi(val().c_str());
        else if (a == "--kiosks") o.kiosks = std::atoi(val().c_str());
        else if (a == "--per-kiosk") o.per_kiosk = std::atoi(val().c_str());
        else if (a == "--resend") o.resend = true;
        else if (a == "--db-pid") o.db_pid = static_cast<pid_t>(std::atoi(val().c_str()));
        else if (a == "--kill-one-at") o.kill_at = std::atof(val().c_str());
        else if (a == "--pause-db-at") o.pause_at = std::atof(val().c_str());
        else if (a == "--pause-cmd") o.pause_cmd = val();
        else if (a == "--resume-cmd") o.resume_cmd = val();
        else if (a == "--pause-s") o.pause_s = std::atof(val().c_str());
        else return false;
    }
    return !o.intake.empty() && !o.pki.empty() && !o.catalog.empty() && !o.work.empty() && !o.db.empty() &&
           o.instances >= 1 && o.kiosks >= 1 && o.per_kiosk >= 1 && (o.pause_at < 0 || (!o.pause_cmd.empty() && !o.resume_cmd.empty()));
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::fputs("usage: kiosk-fleet --intake BIN --pki DIR --catalog DIR --work DIR --db SPEC [--key-dir DIR] [--instances N]\n"
                   "       [--kiosks K] [--per-kiosk R] [--resend] [--kill-one-at F] [--pause-db-at F --pause-cmd CMD --resume-cmd CMD]\n", stderr);
        return 2;
    }
    kiosk::ignore_sigpipe();
    for (std::string* p : {&o.intake, &o.pki, &o.catalog, &o.work}) *p = fs::absolute(*p).string();   // the cert script cds
    if (o.db.find("://") == std::string::npos) o.db = fs::absolute(o.db).string();
    fs::create_directories(o.work);
    if (!make_certs(o)) return std::fputs("kiosk-fleet: could not make the client certificates (openssl)\n", stderr), 1;
    std::vector<Instance> inst(o.instances);
    Shared sh(o.instances, o.kiosks);
    for (int n = 0; n < o.instances; ++n) {   // one after the other: the first one makes the keys
        inst[n] = start_instance(o, n);
        if (inst[n].pid <= 0 || inst[n].port == 0) {
            for (auto& i : inst) stop_instance(i, SIGTERM);
            return std::fputs("kiosk-fleet: an intake instance did not start\n", stderr), 1;
        }
        sh.ports[n] = inst[n].port;
    }
    const long long total = static_cast<long long>(o.kiosks) * o.per_kiosk;
    std::vector<std::thread> threads;
    for (int k = 0; k < o.kiosks; ++k) threads.emplace_back(kiosk_thread, std::cref(o), std::ref(sh), k);
    sh.ready.wait();
    const auto t0 = Clock::now();
    const auto machine0 = machine_cpu_ms();
    const double fleet0 = self_cpu_ms();
    std::vector<double> intake0;
    for (auto& i : inst) intake0.push_back(process_cpu_ms(i.pid));
    const double db0 = o.db_pid > 0 ? process_cpu_ms(o.db_pid, true) : -1;
    sh.go.count_down();

    // [SECTION] faults while the fleet drains
    bool killed = false, paused = false, resumed = false;
    Clock::time_point paused_at{};
    std::atomic<bool> all_done{false};
    std::thread joiner([&] { for (auto& t : threads) t.join(); all_done = true; });
    while (!all_done) {
        const double f = static_cast<double>(sh.acked.load()) / total;
        if (!killed && o.kill_at >= 0 && f >= o.kill_at && o.instances > 1) {
            sh.ports[1] = 0;
            stop_instance(inst[1], SIGKILL);
            killed = true;
        }
        if (!paused && o.pause_at >= 0 && f >= o.pause_at) {
            if (run_shell(o.pause_cmd) != 0) std::fputs("kiosk-fleet: the pause command failed\n", stderr);
            paused = true;
            paused_at = Clock::now();
        }
        if (paused && !resumed && Clock::now() - paused_at > std::chrono::duration<double>(o.pause_s)) {
            if (run_shell(o.resume_cmd) != 0) std::fputs("kiosk-fleet: the resume command failed\n", stderr);
            resumed = true;
        }
        std::this_thread::sleep_for(10ms);
    }
    joiner.join();
    if (paused && !resumed) run_shell(o.resume_cmd);
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    // Where the CPU went while the fleet drained: the intake instances (a killed one is not counted), this
    // process (the kiosks' TLS and HTTP), and the whole machine (that plus the database and anything else
    // running: only on a quiet machine is machine − intake − fleet the database's share).
    const auto machine1 = machine_cpu_ms();
    const double fleet_ms = self_cpu_ms() - fleet0;
    double intake_ms = 0;
    for (std::size_t n = 0; n < inst.size(); ++n)
        if (inst[n].pid > 0) intake_ms += std::max(0.0, process_cpu_ms(inst[n].pid) - intake0[n]);
    const double busy_ms = machine1.first - machine0.first, all_ms = machine1.second - machine0.second;
    for (auto& i : inst) stop_instance(i, SIGTERM);
    // The instances' connections closed with them; their backends' CPU counts once the postmaster has
    // reaped them (and includes the instances' start-up and shutdown: a few ms).
    double db_ms = -1;
    if (db0 >= 0) {
        std::this_thread::sleep_for(300ms);
        db_ms = process_cpu_ms(o.db_pid, true) - db0;
    }

    // [SECTION] exactly once, from the database itself
    std::string list_cmd = quote(o.intake) + " list --db " + quote(o.db);
    if (!o.key_dir.empty()) list_cmd += " --key-dir " + quote(o.key_dir);
    const fs::path listed = fs::path(o.work) / "list.txt";
    const int lrc = run_shell(list_cmd + " > " + quote(listed.string()) + " 2>&1");
    std::map<std::string, int> in_db;
    std::istringstream lines(read_file(listed));
    for (std::string line; std::getline(lines, line);) {
        const auto tab = line.rfind('\t');
        if (tab != std::string::npos && line.rfind("server_ref", 0) != 0) ++in_db[line.substr(tab + 1)];
    }
    long long doubled = 0, missing = 0;
    std::set<std::string> acked(sh.acked_ids.begin(), sh.acked_ids.end());
    for (const auto& [id, n] : in_db) if (n > 1) ++doubled;
    for (const auto& id : acked) if (!in_db.count(id)) ++missing;
    const long long extra = static_cast<long long>(in_db.size()) - static_cast<long long>(acked.size());
    const bool once = lrc == 0 && doubled == 0 && missing == 0 && extra == 0 && sh.bad == 0 &&
                      sh.acked.load() == total && acked.size() == static_cast<std::size_t>(total);
    std::printf("fleet instances=%d kiosks=%d requests=%lld acked=%lld seconds=%.2f rps=%.0f p50_ms=%.1f p99_ms=%.1f "
                "retries=%lld connects=%lld cpu_ms_per_req=intake:%.3f,db:%s,fleet:%.3f,machine:%.3f machine_busy=%.0f%% resent_ok=%lld in_db=%zu doubled=%lld missing=%lld extra=%lld refused=%lld killed=%d paused=%d "
                "exactly_once=%s\n",
                o.instances, o.kiosks, total, sh.acked.load(), secs, sh.acked.load() / secs, pct(sh.latency_ms, .5),
                pct(sh.latency_ms, .99), sh.retries.load(), sh.connects.load(), intake_ms / std::max(1LL, sh.acked.load()),
                db_ms < 0 ? "-" : std::to_string(db_ms / std::max(1LL, sh.acked.load())).substr(0, 5).c_str(),
                fleet_ms / std::max(1LL, sh.acked.load()), busy_ms / std::max(1LL, sh.acked.load()),
                all_ms > 0 ? 100.0 * busy_ms / all_ms : 0.0, sh.replays_ok.load(), in_db.size(), doubled, missing, extra,
                sh.bad.load(), killed ? 1 : 0, paused ? 1 : 0, once ? "yes" : "NO");
    for (const auto& [what, n] : sh.errors) std::printf("  %d × %s\n", n, what.c_str());
    if (lrc != 0) std::printf("  kiosk-intake list failed: %s\n", read_file(listed).substr(0, 400).c_str());
    return once ? 0 : 1;
}
