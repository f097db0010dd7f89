// make bench: the station desk with 100,000 requests in the intake database (issue 14's goals: queue API
// p95 <= 50 ms; a "call" reaching a waiting long-poll p99 <= 100 ms at the server). Each is printed beside
// a GET /v1/health round trip measured in the same run on the same connection kind (the baseline).
//   bench_desk [--n 100000] [--today 300] [--sample 200]
// Everything runs in-process on 127.0.0.1 with a throwaway dev PKI and database (tmpfs when available).
#include "app/catalog.hpp"
#include "app/crypto.hpp"
#include "bench_stats.hpp"
#include "server/desk_cli.hpp"
#include "server/desk_server.hpp"
#include "server/intake_server.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

int wait_port(const fs::path& f) {
    for (int i = 0; i < 3000; ++i) {
        if (fs::exists(f)) {
            std::ifstream in(f);
            int p = 0;
            in >> p;
            if (p > 0) return p;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return 0;
}

std::string day_back(int days) {
    const auto t = std::chrono::system_clock::now() - std::chrono::hours(24 * days);
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
    return buf;
}

void row(const char* name, const std::vector<double>& v, double base_median, double base_p99) {
    const double med = percentile(v, 0.5), p95 = percentile(v, 0.95), p99 = percentile(v, 0.99);
    std::printf("%-40s %9.3f ms %9.3f ms %9.3f ms   baseline %7.3f / %7.3f ms   ratio %5.1fx\n", name, med, p95, p99,
                base_median, base_p99, base_median > 0 ? med / base_median : 0.0);
}

} // namespace

int main(int argc, char** argv) {
    int n = 100000, today = 300, sample = 200;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--n" && i + 1 < argc) n = std::atoi(argv[++i]);
        else if (a == "--today" && i + 1 < argc) today = std::atoi(argv[++i]);
        else if (a == "--sample" && i + 1 < argc) sample = std::atoi(argv[++i]);
        else return std::fprintf(stderr, "usage: bench_desk [--n N] [--today T] [--sample S]\n"), 2;
    }
    if (today > n || sample < 10) return std::fprintf(stderr, "bench_desk: --today must be <= --n, --sample >= 10\n"), 2;
    std::signal(SIGPIPE, SIG_IGN);
    const fs::path src = fs::path(KIOSK_SOURCE_ASSETS).parent_path();
    const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string tmpl = (base / "bench-desk-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return std::perror("mkdtemp"), 1;
    const fs::path dir = tmpl, pki = dir / "pki";
    if (std::system(("'" + (src / "scripts/dev-pki").string() + "' '" + pki.string() + "' >/dev/null").c_str()) != 0)
        return std::fprintf(stderr, "bench_desk: scripts/dev-pki failed\n"), 1;

    // [SECTION] fill: n requests over the past days, `today` of them today (a busy station's day).
    auto opened = intake::open_intake_store((dir / "intake.db").string());
    if (!opened) return std::fprintf(stderr, "bench_desk: %s\n", opened.error().message.c_str()), 1;
    intake::IntakeStore& store = **opened;
    const auto fill0 = Clock::now();
    std::vector<intake::NewRecord> batch;
    for (int i = 0; i < n; ++i) {
        const bool is_today = i >= n - today;
        const int days = is_today ? 0 : 1 + (n - today - 1 - i) / std::max(today, 1);
        intake::NewRecord r;
        r.request_id = kiosk::new_uuid_v4();
        r.kiosk_id = "QS-QHJ-01";
        r.station_id = "qingshan-qinghe";
        r.service_id = i % 3 ? "cert.no-criminal-record" : "hukou.transfer";
        char t[16];
        std::snprintf(t, sizeof t, "%c%03d", i % 2 ? 'A' : 'B', i % today);
        r.ticket = t;
        r.created_at = is_today ? intake::now_rfc3339() : day_back(days);
        r.name = "张三";
        r.id_number = "11010519491231002X";
        r.payload = R"({"applicant":{"name":"张三","id_number":"11010519491231002X","phone":"13800138000"},"n":)" + std::to_string(i) + "}";
        r.payload_sha256 = kiosk::sha256_hex(r.payload);
        batch.push_back(std::move(r));
        if (batch.size() == 5000 || i == n - 1) {
            if (auto st = store.store_batch(batch); !st) return std::fprintf(stderr, "bench_desk: %s\n", st.error().message.c_str()), 1;
            batch.clear();
        }
    }
    const double fill_s = ms_since(fill0) / 1000;
    if (auto st = intake::add_desk_account(store, "bench", 1, {}, "bench password 1", 1000); !st)
        return std::fprintf(stderr, "bench_desk: %s\n", st.error().message.c_str()), 1;

    // [SECTION] servers
    auto catalog = kiosk::load_catalog(src / "assets" / "catalog");
    if (!catalog) return std::fprintf(stderr, "bench_desk: %s\n", catalog.error().message.c_str()), 1;
    intake::EventHub hub;
    intake::ServerOptions ko;
    ko.port = 0;
    ko.cert = pki / "server.crt";
    ko.key = pki / "server.key";
    ko.client_ca = pki / "ca.crt";
    ko.port_file = dir / "kiosk.port";
    intake::IntakeServer kiosk_srv(ko, store, hub, *catalog);
    std::thread kt([&] { (void)kiosk_srv.run(); });
    intake::DeskOptions d;
    d.port = 0;
    d.cert = ko.cert;
    d.key = ko.key;
    d.assets = dir;
    d.port_file = dir / "desk.port";
    intake::DeskServer desk_srv(d, store, hub, *catalog);
    std::thread dt([&] { (void)desk_srv.run(); });
    const int kport = wait_port(ko.port_file), dport = wait_port(d.port_file);
    if (!kport || !dport) return std::fprintf(stderr, "bench_desk: the servers did not start\n"), 1;

    httplib::SSLClient kiosk("localhost", kport, (pki / "kiosk.crt").string(), (pki / "kiosk.key").string());
    kiosk.set_ca_cert_path((pki / "ca.crt").c_str());
    kiosk.enable_server_certificate_verification(true);
    kiosk.set_keep_alive(true);
    kiosk.set_read_timeout(40, 0);
    httplib::SSLClient health("localhost", kport, (pki / "kiosk.crt").string(), (pki / "kiosk.key").string());
    health.set_ca_cert_path((pki / "ca.crt").c_str());
    health.enable_server_certificate_verification(true);
    health.set_keep_alive(true);
    httplib::SSLClient desk("localhost", dport);
    desk.set_ca_cert_path((pki / "ca.crt").c_str());
    desk.enable_server_certificate_verification(true);
    desk.set_keep_alive(true);
    auto lr = desk.Post("/desk/api/login", json{{"name", "bench"}, {"password", "bench password 1"}}.dump(), "application/json");
    if (!lr || lr->status != 200) return std::fprintf(stderr, "bench_desk: login failed\n"), 1;
    const std::string set = lr->get_header_value("Set-Cookie");
    const std::string cookie = set.substr(0, set.find(';'));
    const std::string csrf = json::parse(lr->body)["csrf_token"];
    httplib::Headers auth{{"Cookie", cookie}}, change{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};

    // [SECTION] baseline: GET /v1/health (a real write + COMMIT) on a kept-alive mTLS connection
    std::vector<double> hv;
    for (int i = 0; i < sample + 5; ++i) {
        const auto t0 = Clock::now();
        auto r = health.Get("/v1/health");
        if (!r || r->status != 200) return std::fprintf(stderr, "bench_desk: health failed\n"), 1;
        if (i >= 5) hv.push_back(ms_since(t0));
    }
    const double hmed = percentile(hv, 0.5), hp99 = percentile(hv, 0.99);

    // [SECTION] queue: GET /desk/api/queue (today's tickets, filtered, JSON) with n rows in the table
    std::vector<double> qv;
    std::size_t listed = 0;
    for (int i = 0; i < sample + 5; ++i) {
        const auto t0 = Clock::now();
        auto r = desk.Get("/desk/api/queue", auth);
        if (!r || r->status != 200) return std::fprintf(stderr, "bench_desk: queue failed\n"), 1;
        if (i >= 5) qv.push_back(ms_since(t0));
        if (i == 0) listed = json::parse(r->body)["tickets"].size();
    }

    // [SECTION] call → event: a kiosk long-polls; the desk calls; measured from just before the call is sent
    // to the moment the long-poll's answer is read (both ends here, so one clock).
    std::vector<double> cv;
    long long after = 0;
    {
        auto r = kiosk.Get("/v1/events?after=0&wait=0");
        if (r) after = json::parse(r->body)["next"];
    }
    const int calls = std::min(sample, today);
    for (int i = 0; i < calls; ++i) {
        Clock::time_point sent{};
        std::atomic<bool> ready{false};
        double got_ms = -1;
        std::thread poll([&] {
            ready = true;
            auto r = kiosk.Get(("/v1/events?after=" + std::to_string(after) + "&wait=10").c_str());
            if (r && r->status == 200) {
                auto j = json::parse(r->body);
                if (!j["events"].empty()) {
                    got_ms = ms_since(sent);
                    after = j["next"];
                }
            }
        });
        while (!ready) std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));   // the poll is waiting at the server
        sent = Clock::now();
        auto c = desk.Post("/desk/api/calls/next", change, "", "application/json");
        poll.join();
        if (!c || c->status != 200 || got_ms < 0) return std::fprintf(stderr, "bench_desk: call %d failed\n", i), 1;
        cv.push_back(got_ms);
    }

    std::printf("bench_desk: %d requests in the intake database (%d today, %zu listed for window 1), filled in %.1f s\n",
                n, today, listed, fill_s);
    std::printf("%-40s %12s %12s %12s\n", "name", "median", "p95", "p99");
    row("GET /v1/health (baseline, mTLS)", hv, hmed, hp99);
    row("GET /desk/api/queue", qv, hmed, hp99);
    row("call -> long-poll answer", cv, hmed, hp99);
    std::printf("goals: queue p95 <= 50 ms: %s; call -> event p99 <= 100 ms: %s\n",
                percentile(qv, 0.95) <= 50 ? "met" : "MISSED", percentile(cv, 0.99) <= 100 ? "met" : "MISSED");

    hub.stop();
    desk_srv.stop();
    kiosk_srv.stop();
    dt.join();
    kt.join();
    opened->reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
    return 0;
}
