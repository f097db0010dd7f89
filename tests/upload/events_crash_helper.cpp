// events_crash_helper: a minimal kiosk for the event SIGKILL test. Opens the store, runs the event worker
// against URL and appends every seq it hands on (after the commit) to DATA_DIR/applied.log. Exits 0 once
// the durable cursor reaches TARGET (or 2 after a bounded 60 s); the test kills it at random points before.
//   events_crash_helper DATA_DIR URL PKI_DIR TARGET
#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/events/event_worker.hpp"
#include "app/store.hpp"

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <string>
#include <thread>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 5) return std::fputs("usage: events_crash_helper DATA_DIR URL PKI_DIR TARGET\n", stderr), 2;
    const std::filesystem::path data = argv[1], pki = argv[3];
    const long long target = std::stoll(argv[4]);
    kiosk::Config cfg;
    cfg.kiosk.data_dir = data;
    cfg.upload.url = argv[2];
    cfg.upload.ca_file = pki / "ca.crt";
    cfg.upload.client_cert = pki / "kiosk.crt";
    cfg.upload.client_key = pki / "kiosk.key";
    auto keys = kiosk::KeyRing::load_or_create(cfg.key_path());
    if (!keys) return std::fprintf(stderr, "helper: %s\n", keys.error().message.c_str()), 1;
    auto store = kiosk::Store::open(cfg.db_path(), *keys);
    if (!store) return std::fprintf(stderr, "helper: %s\n", store.error().message.c_str()), 1;
    const int log = ::open((data / "applied.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (log < 0) return std::perror("helper: applied.log"), 1;

    kiosk::EventWorkerOptions o;
    o.wait_s = 1;
    o.backoff = {std::chrono::milliseconds(10), std::chrono::milliseconds(100)};
    o.held_back_retry = std::chrono::milliseconds(20);
    kiosk::EventWorker w(**store, cfg, [log](const std::vector<kiosk::StationEvent>& evs) {
        for (const auto& e : evs) {
            const std::string line = std::to_string(e.seq) + "\n";
            if (::write(log, line.data(), line.size()) < 0) std::perror("helper: write");
        }
    }, {}, o);
    w.start();
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < end) {
        if (auto c = (*store)->event_cursor(); c && *c >= target) { w.stop(); ::close(log); return 0; }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return 2;
}
