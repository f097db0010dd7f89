// bench_submit — submit → durable (request + outbox rows, WAL, synchronous=FULL) beside the cost of the
// cheapest durable write the disk allows: append a record of the same size to a file and fdatasync it.
// Both run interleaved in the same process on the same directory, so they see the same disk at the same
// moment. Goal (issue 2): submit p99 ≤ 1.5 × fdatasync p99. Checkpoints do not run inside submits (see
// Store::checkpoint); the bench prints what the upload thread's checkpoint of the whole run costs.
//
// Usage: bench_submit [N=300] [DIR=.]   (DIR should be on the disk the kiosk's data_dir lives on)
#include "bench_stats.hpp"
#include "app/crypto.hpp"
#include "app/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using namespace kiosk;
using Clock = std::chrono::steady_clock;

namespace {

NewRequest sample() {
    NewRequest r;
    r.service_id = "cert.no-criminal-record";
    r.category_id = "security";
    r.ticket_prefix = "A";
    r.catalog_version = "2026.11.1";
    r.applicant = {"张三丰", "resident_id", "11010519491231002X", "13800138000"};
    r.fields = {{"purpose", "employment"}, {"address", "青山区青和路88号3单元502室"}, {"note", std::string(200, 'x')}};
    r.consent = {"2026-11", "2026-11-28T21:29:50+08:00", true};
    return r;
}

} // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::max(20, std::atoi(argv[1])) : 300;
    const std::filesystem::path base = argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::current_path();
    const std::filesystem::path dir = base / ("bench-submit-" + new_uuid_v4().substr(0, 8));
    std::filesystem::create_directories(dir);

    std::array<std::uint8_t, 32> key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i * 7 + 1);
    KeyRing keys = KeyRing::from_bytes(key);
    auto opened = Store::open(dir / "kiosk.db", keys);
    if (!opened) {
        std::fprintf(stderr, "bench_submit: %s\n", opened.error().message.c_str());
        return 1;
    }
    Store& store = **opened;

    // The baseline record: the size of what one submit adds (sealed PII + skeleton + outbox row).
    const NewRequest req = sample();
    const std::size_t record_size = keys.seal(pii_to_json(req), new_uuid_v4())->size() + 300;
    const std::string record(record_size, 'r');
    int fd = ::open((dir / "baseline.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::perror("bench_submit: baseline file");
        return 1;
    }

    std::vector<double> submit_ms, sync_ms;
    const int warmup = 10;
    for (int i = 0; i < n + warmup; ++i) {
        auto t0 = Clock::now();
        if (::write(fd, record.data(), record.size()) != static_cast<ssize_t>(record.size()) || ::fdatasync(fd) != 0) {
            std::perror("bench_submit: write+fdatasync");
            return 1;
        }
        auto t1 = Clock::now();
        auto r = store.submit(req);
        auto t2 = Clock::now();
        if (!r) {
            std::fprintf(stderr, "bench_submit: submit failed: %s\n", r.error().message.c_str());
            return 1;
        }
        if (i < warmup) continue;
        sync_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        submit_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    }
    ::close(fd);
    // The cost taken off the submit path: the upload thread's checkpoint of everything submitted above.
    auto c0 = Clock::now();
    const bool ckpt_ok = store.checkpoint().ok();
    const double ckpt_ms = std::chrono::duration<double, std::milli>(Clock::now() - c0).count();
    opened->reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);

    const double s50 = percentile(submit_ms, 0.50), s99 = percentile(submit_ms, 0.99);
    const double b50 = percentile(sync_ms, 0.50), b99 = percentile(sync_ms, 0.99);
    std::printf("bench_submit: %d submits, %zu-byte baseline record, dir %s\n", n, record_size, base.c_str());
    std::printf("%-34s %10s %10s %14s %14s %9s %9s\n", "name", "p50 ms", "p99 ms", "baseline p50", "baseline p99",
                "ratio p50", "ratio p99");
    std::printf("%-34s %10.3f %10.3f %14.3f %14.3f %9.2f %9.2f\n", "submit -> durable (WAL, FULL)", s50, s99, b50, b99,
                s50 / b50, s99 / b99);
    std::printf("%-34s %10.3f %10.3f %14s %14s %9s %9s\n", "baseline: append + fdatasync", b50, b99, "-", "-", "1.00", "1.00");
    std::printf("goal: submit p99 <= 1.5 x fdatasync p99 -> %s\n", s99 <= 1.5 * b99 ? "met" : "NOT met");
    std::printf("off the submit path: one checkpoint of all %d submits (upload thread): %.3f ms%s\n", n + warmup, ckpt_ms,
                ckpt_ok ? "" : " (failed)");
    return 0;
}
