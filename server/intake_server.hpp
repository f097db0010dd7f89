#pragma once
// [SECTION] The HTTPS side of kiosk-intake: cpp-httplib's SSLServer with mutual TLS (client certificates from
// the station CA only, TLS ≥ 1.2), the endpoints of DESIGN.md "Wire protocol" and "Station desk and events"
// (events long-poll, progress, heartbeat anchoring), and fault injection for tests. A kiosk's station is the
// OU of its client certificate, or the intake's own (--station) when the certificate has none. Logs go to stderr and name request ids and service ids only — never PII.
#include "app/catalog.hpp"
#include "server/event_hub.hpp"
#include "server/intake_store.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace intake {

// Test-only misbehaviour; everything off by default. Faults apply to POST /v1/requests only, so that a
// test can still read /v1/health and heartbeats while requests suffer.
struct Faults {
    double fail_rate = 0;           // probability of a 500 or 503 (alternating), no Retry-After
    int delay_ms = 0;               // fixed delay before handling
    int first_429 = 0;              // the first N requests get 429 with Retry-After: retry_after_s
    int retry_after_s = 1;
    double drop_after_commit = 0;   // probability of closing the connection right after a *new* commit
                                    // (replays are always answered, so P = 1 still converges)
    int close_mid_request = 0;      // the first N requests: connection closed before the body is read
    int lie = 0;                    // the first N requests: 201 naming a different request_id, nothing stored
    std::uint64_t seed = 0;         // 0 = random
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8443;                // 0 = any free port (see port_file)
    std::filesystem::path cert, key, client_ca;
    std::filesystem::path port_file;   // written with the bound port once listening (tests)
    std::string station = "qingshan-qinghe";   // the intake's station: kiosks whose certificate names none
    int threads = 1024;             // at most this many connections served at once (--threads)
    Faults faults;
};

class IntakeServer {
public:
    // `hub` is woken after every event the store commits (the desk server shares it).
    IntakeServer(ServerOptions opts, IntakeStore& db, EventHub& hub, const kiosk::Catalog& catalog);
    ~IntakeServer();
    // Binds and serves until stop(). Returns a runtime error (TLS setup, bind) as a Status.
    kiosk::Status run();
    void stop();   // thread-safe; run() returns promptly

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace intake
