// bench_events: a desk "call" → the kiosk's call board updated (the banner's data; the next frame draws it),
// over loopback mutual TLS: the fake intake (tests/upload/fake_events_server.hpp) adds a call while the
// kiosk's EventWorker waits in its long-poll; timed until the worker has committed it (cursor + calls row,
// one transaction) and handed it on. Baseline in the same run: the bare long-poll — one HttpsClient GET
// /v1/events waiting when the call is added, timed until its answer is in (TLS, HTTP, no parse, no SQLite).
// Goal (issue #15): p99 ≤ 1 s end to end. The store lives on /dev/shm: the protocol's cost, not the disk's.
//   bench_events [--n N]
#include "bench_stats.hpp"
#include "fake_events_server.hpp"

#include "app/events/event_worker.hpp"
#include "app/upload/https_client.hpp"

#include <condition_variable>
#include <cstdio>
#include <mutex>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    int n = 50;
    for (int i = 1; i + 1 < argc; ++i) if (std::string(argv[i]) == "--n") n = std::max(5, std::atoi(argv[i + 1]));
    const uptest::fs::path shm = uptest::fs::exists("/dev/shm") ? "/dev/shm" : uptest::fs::temp_directory_path();
    char tmpl[256];
    std::snprintf(tmpl, sizeof tmpl, "%s/kiosk-bench-events-XXXXXX", shm.c_str());
    if (!::mkdtemp(tmpl)) return std::perror("mkdtemp"), 1;
    const uptest::fs::path dir = tmpl;
    int rc = 0;
    {
        uptest::FakeEventsServer srv;
        if (srv.port() <= 0) return std::fputs("bench_events: cannot listen\n", stderr), 1;
        uptest::Kiosk k(dir, srv.url());

        // [SECTION] the kiosk's path: call → committed → handed on
        std::mutex mu;
        std::condition_variable cv;
        long long seen = 0;
        Clock::time_point seen_at{};
        kiosk::EventWorkerOptions o;
        o.wait_s = 5;
        kiosk::EventWorker w(*k.store, k.config, [&](const std::vector<kiosk::StationEvent>& evs) {
            std::lock_guard l(mu);
            seen = evs.back().seq;
            seen_at = Clock::now();
            cv.notify_all();
        }, {}, o);
        w.start();
        std::vector<double> kiosk_ms;
        for (int i = 0; i < n + 3; ++i) {   // the first three warm the connection up
            std::this_thread::sleep_for(30ms);   // the worker is back in its long-poll
            const auto t0 = Clock::now();
            const long long seq = srv.add_call("A" + std::to_string(100 + i), 1 + i % 3);
            std::unique_lock l(mu);
            if (!cv.wait_for(l, 10s, [&] { return seen >= seq; })) { std::fputs("bench_events: a call did not arrive\n", stderr); rc = 1; break; }
            if (i >= 3) kiosk_ms.push_back(std::chrono::duration<double, std::milli>(seen_at - t0).count());
        }
        w.stop();

        // [SECTION] baseline: the bare long-poll answer
        kiosk::HttpsClientOptions ho;
        ho.base_url = k.config.upload.url;
        ho.ca_file = k.config.upload.ca_file;
        ho.client_cert = k.config.upload.client_cert;
        ho.client_key = k.config.upload.client_key;
        ho.total_timeout = 20s;
        auto client = kiosk::HttpsClient::create(ho);
        if (!client) return std::fprintf(stderr, "bench_events: %s\n", client.error().message.c_str()), 1;
        std::vector<double> base_ms;
        for (int i = 0; i < n + 3 && rc == 0; ++i) {
            long long after = 0;
            if (auto c = k.store->event_cursor()) after = *c;
            after += i;
            Clock::time_point t0{}, t1{};
            std::thread poll([&] {
                (void)(*client)->get("/v1/events?after=" + std::to_string(after) + "&wait=5");
                t1 = Clock::now();
            });
            std::this_thread::sleep_for(30ms);
            t0 = Clock::now();
            srv.add_call("B" + std::to_string(100 + i), 1);
            poll.join();
            if (i >= 3) base_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        }
        if (rc == 0) {
            const double km = percentile(kiosk_ms, 0.5), kp = percentile(kiosk_ms, 0.99);
            const double bm = percentile(base_ms, 0.5), bp = percentile(base_ms, 0.99);
            std::printf("%-46s %10s %10s %10s %8s\n", "benchmark", "median", "p99", "baseline", "ratio");
            std::printf("%-46s %8.2fms %8.2fms %8.2fms %7.2fx\n", "call -> kiosk call board (commit + hand-on)", km, kp, bm, km / bm);
            std::printf("%-46s %8.2fms %8.2fms %10s %8s\n", "baseline: bare long-poll answer", bm, bp, "-", "-");
            std::printf("kiosk path: p90 %.2f ms, max %.2f ms; baseline p90 %.2f ms, max %.2f ms\n", percentile(kiosk_ms, 0.9),
                        percentile(kiosk_ms, 1.0), percentile(base_ms, 0.9), percentile(base_ms, 1.0));
            std::printf("goal: p99 <= 1000 ms end to end: %s (n = %d)\n", kp <= 1000 ? "met" : "NOT met", n);
        }
    }
    std::error_code ec;
    uptest::fs::remove_all(dir, ec);
    return rc;
}
