// upload_crash_helper: a minimal kiosk for the SIGKILL test. Opens the store, starts the uploader, submits
// N requests (notifying after each), and keeps uploading. The test kills it at random points; with
// --until-drained it exits 0 once nothing is pending (or 2 after a bounded 60 s).
//   upload_crash_helper DATA_DIR URL PKI_DIR N [--until-drained]
#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/store.hpp"
#include "app/upload/uploader.hpp"
#include "tests/upload/sample_request.hpp"

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

int main(int argc, char** argv) {
    if (argc < 5) return std::fputs("usage: upload_crash_helper DATA_DIR URL PKI_DIR N [--until-drained]\n", stderr), 2;
    const std::filesystem::path data = argv[1], pki = argv[3];
    const int n = std::stoi(argv[4]);
    const bool until_drained = argc > 5 && std::string(argv[5]) == "--until-drained";

    kiosk::Config cfg;
    cfg.kiosk.data_dir = data;
    cfg.upload.url = argv[2];
    cfg.upload.ca_file = pki / "ca.crt";
    cfg.upload.client_cert = pki / "kiosk.crt";
    cfg.upload.client_key = pki / "kiosk.key";
    cfg.upload.heartbeat_s = 3600;
    auto keys = kiosk::KeyRing::load_or_create(cfg.key_path());
    if (!keys) return std::fprintf(stderr, "helper: %s\n", keys.error().message.c_str()), 1;
    auto store = kiosk::Store::open(cfg.db_path(), *keys);
    if (!store) return std::fprintf(stderr, "helper: %s\n", store.error().message.c_str()), 1;

    kiosk::UploaderOptions opts;
    opts.backoff.base = std::chrono::milliseconds(10);
    opts.backoff.cap = std::chrono::milliseconds(100);
    kiosk::Uploader up(**store, cfg, [] {}, opts);
    up.start();
    for (int i = 0; i < n; ++i) {
        if (auto s = (*store)->submit(uptest::sample_request(i)); !s) return std::fprintf(stderr, "helper: %s\n", s.error().message.c_str()), 1;
        up.notify();
    }
    for (int i = 0; i < 6000; ++i) {   // bounded: 60 s
        if (until_drained) {
            auto c = (*store)->counts();
            if (c && c->pending() == 0) {
                up.stop();
                return 0;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    up.stop();
    return until_drained ? 2 : 0;
}
