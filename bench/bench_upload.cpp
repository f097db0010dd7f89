// bench_upload: drain N queued requests (default 10,000) from a kiosk store to kiosk-intake over mutual TLS
// on loopback, and in the same run the baseline: the `curl` command line posting the same kind of payload,
// one process per request (a sample, extrapolated). Goals: ≥ 1,000 requests/s and ≥ 20× the curl loop.
//   bench_upload [--n N] [--sample S] [--disk]
// By default both databases live on /dev/shm (tmpfs): the figure is then the protocol's and the software's
// cost, not the disk's fsync latency. --disk puts them in $TMPDIR to show what the storage adds.
#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/store.hpp"
#include "app/upload/https_client.hpp"
#include "app/upload/uploader.hpp"
#include "tests/upload/sample_request.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// [SECTION] processes
pid_t spawn(const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

int wait_exit(pid_t pid) {
    int st = 0;
    if (waitpid(pid, &st, 0) != pid) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// [SECTION] statistics
struct Stats {
    double median_ms = 0, p99_ms = 0, mean_ms = 0;
};
Stats stats_of(std::vector<double> ms) {
    Stats s;
    if (ms.empty()) return s;
    std::sort(ms.begin(), ms.end());
    s.median_ms = ms[ms.size() / 2];
    s.p99_ms = ms[std::min(ms.size() - 1, static_cast<std::size_t>(static_cast<double>(ms.size()) * 0.99))];
    double sum = 0;
    for (double v : ms) sum += v;
    s.mean_ms = sum / static_cast<double>(ms.size());
    return s;
}

// The wire body for a fresh request id (the same shape the store freezes), for the client and curl runs.
std::string wire_body(const std::string& id, int i) {
    kiosk::StoredRequest s;
    s.req = uptest::sample_request(i);
    s.sub = {id, "A" + std::to_string(1000 + i % 999), "2026-11-28T21:30:05+08:00"};
    return kiosk::to_wire(s, "QS-QHJ-01", "qingshan-qinghe").dump();
}

} // namespace

int main(int argc, char** argv) {
    int n = 10000, sample = 100;
    bool disk = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--n" && i + 1 < argc) n = std::atoi(argv[++i]);
        else if (a == "--sample" && i + 1 < argc) sample = std::atoi(argv[++i]);
        else if (a == "--disk") disk = true;
        else return std::fprintf(stderr, "usage: bench_upload [--n N] [--sample S] [--disk]\n"), 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    const fs::path src = fs::path(KIOSK_SOURCE_ASSETS).parent_path();
    // BUILD/bench/bench_upload → BUILD/server/kiosk-intake, unless $KIOSK_INTAKE_BIN says otherwise.
    const char* env_bin = std::getenv("KIOSK_INTAKE_BIN");
    const fs::path intake_bin = env_bin ? fs::path(env_bin)
                                        : fs::canonical("/proc/self/exe").parent_path().parent_path() / "server" / "kiosk-intake";
    if (!fs::exists(intake_bin)) return std::fprintf(stderr, "bench_upload: %s not built\n", intake_bin.c_str()), 1;

    fs::path base = (!disk && fs::is_directory("/dev/shm")) ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string tmpl = (base / "bench-upload-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return std::perror("mkdtemp"), 1;
    const fs::path dir = tmpl, pki = dir / "pki";
    if (wait_exit(spawn({(src / "scripts/dev-pki").string(), pki.string()}, dir / "pki.out", dir / "pki.err")) != 0)
        return std::fprintf(stderr, "bench_upload: scripts/dev-pki failed\n"), 1;

    // [SECTION] intake
    const fs::path port_file = dir / "port";
    pid_t intake = spawn({intake_bin.string(), "--listen", "127.0.0.1:0", "--port-file", port_file.string(), "--db",
                          (dir / "intake.db").string(), "--cert", (pki / "server.crt").string(), "--key",
                          (pki / "server.key").string(), "--client-ca", (pki / "ca.crt").string(), "--catalog",
                          (src / "tests/upload/catalog").string()},
                         dir / "intake.out", dir / "intake.log");
    for (int i = 0; i < 1000 && !fs::exists(port_file); ++i) std::this_thread::sleep_for(10ms);
    if (!fs::exists(port_file)) return std::fprintf(stderr, "bench_upload: kiosk-intake did not start\n"), 1;
    const std::string url = "https://localhost:" + std::to_string(std::stoi(slurp(port_file)));

    std::array<std::uint8_t, 32> key{};
    key.fill(7);
    kiosk::KeyRing keys = kiosk::KeyRing::from_bytes(key);
    auto store = kiosk::Store::open(dir / "kiosk.db", keys);
    if (!store) return std::fprintf(stderr, "bench_upload: %s\n", store.error().message.c_str()), 1;
    kiosk::Config cfg;
    cfg.kiosk.data_dir = dir;
    cfg.upload.url = url;
    cfg.upload.ca_file = pki / "ca.crt";
    cfg.upload.client_cert = pki / "kiosk.crt";
    cfg.upload.client_key = pki / "kiosk.key";
    cfg.upload.heartbeat_s = 3600;

    // [SECTION] fill the queue (not timed as part of the drain)
    const auto s0 = Clock::now();
    for (int i = 0; i < n; ++i)
        if (auto r = (*store)->submit(uptest::sample_request(i)); !r)
            return std::fprintf(stderr, "bench_upload: submit: %s\n", r.error().message.c_str()), 1;
    const double submit_s = std::chrono::duration<double>(Clock::now() - s0).count();

    // [SECTION] drain with the uploader
    kiosk::Uploader up(**store, cfg, [] {});
    const auto t0 = Clock::now();
    up.start();
    for (int i = 0; i < 60000; ++i) {   // bounded: 10 min
        auto c = (*store)->counts();
        if (c && c->pending() == 0) break;
        std::this_thread::sleep_for(10ms);
    }
    const double drain_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const auto ustats = up.stats();
    up.stop();
    auto c = (*store)->counts();
    const bool complete = c && c->pending() == 0 && c->uploaded == n && ustats.uploaded == n;

    // [SECTION] per-request latency: the kiosk's client (one reused handle) vs the curl command line
    kiosk::HttpsClientOptions co;
    co.base_url = url;
    co.ca_file = cfg.upload.ca_file;
    co.client_cert = cfg.upload.client_cert;
    co.client_key = cfg.upload.client_key;
    auto client = kiosk::HttpsClient::create(co);
    if (!client) return std::fprintf(stderr, "bench_upload: %s\n", client.error().message.c_str()), 1;
    std::vector<double> lib_ms, cli_ms;
    for (int i = 0; i < std::max(sample * 10, 1000); ++i) {
        const std::string id = kiosk::new_uuid_v4();
        const std::string body = wire_body(id, i);
        const auto a = Clock::now();
        auto out = (*client)->post_json("/v1/requests", body, id);
        lib_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
        if (out.http_status != 201) return std::fprintf(stderr, "bench_upload: client got %ld\n", out.http_status), 1;
    }
    int cli_failures = 0;
    for (int i = 0; i < sample; ++i) {
        const std::string id = kiosk::new_uuid_v4();
        const fs::path body = dir / "body.json";
        std::ofstream(body, std::ios::trunc) << wire_body(id, i);
        const auto a = Clock::now();
        pid_t p = spawn({"curl", "-sS", "--fail", "-o", "/dev/null", "--tlsv1.2", "--cacert", co.ca_file.string(),
                         "--cert", co.client_cert.string(), "--key", co.client_key.string(), "-H",
                         "Content-Type: application/json", "-H", "Idempotency-Key: " + id, "--data-binary",
                         "@" + body.string(), url + "/v1/requests"},
                        "/dev/null", dir / "curl.err");
        if (wait_exit(p) != 0) ++cli_failures;
        cli_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
    }
    kill(intake, SIGTERM);
    wait_exit(intake);

    // [SECTION] report
    const double drain_rate = n / drain_s;
    const Stats lib = stats_of(lib_ms), cli = stats_of(cli_ms);
    const double cli_rate = 1000.0 / cli.mean_ms;
    std::printf("storage: %s (%s)\n", base.c_str(), disk ? "disk" : "tmpfs unless unavailable");
    std::printf("filled the queue: %d requests in %.2f s (%.0f submits/s, one transaction each)\n", n, submit_s, n / submit_s);
    std::printf("%-44s %12s %10s %10s %14s %8s\n", "name", "rate", "median", "p99", "baseline", "ratio");
    // The drain is one timed run: its per-request figure is the mean (wall time / N), shown as the median.
    std::printf("%-44s %8.0f r/s %7.3f ms %10s %10.0f r/s %7.1fx\n",
                ("drain " + std::to_string(n) + " queued via Uploader (mTLS)").c_str(), drain_rate,
                drain_s * 1000 / n, "(mean)", cli_rate, drain_rate / cli_rate);
    std::printf("%-44s %8.0f r/s %7.3f ms %7.3f ms %10.0f r/s %7.1fx\n", "POST via HttpsClient (reused handle)",
                1000.0 / lib.mean_ms, lib.median_ms, lib.p99_ms, cli_rate, (1000.0 / lib.mean_ms) / cli_rate);
    std::printf("%-44s %8.0f r/s %7.3f ms %7.3f ms   (baseline: %d-request sample, %d failed; %d would take %.0f s)\n",
                "curl CLI, one process per request", cli_rate, cli.median_ms, cli.p99_ms, sample, cli_failures, n,
                cli.mean_ms * n / 1000);
    std::printf("connections opened by the uploader: %ld; uploader stats: %ld attempts, %ld retries\n", ustats.connects,
                ustats.attempts, ustats.retries);
    std::printf("goals: >= 1000 r/s %s; >= 20x curl loop %s; all %d arrived exactly once: %s\n",
                drain_rate >= 1000 ? "MET" : "NOT MET", drain_rate / cli_rate >= 20 ? "MET" : "NOT MET", n,
                complete ? "yes" : "NO");
    std::error_code ec;
    fs::remove_all(dir, ec);
    return complete ? 0 : 1;
}
