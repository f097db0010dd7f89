#pragma once
// [SECTION] The desk listener (--desk-listen): a second cpp-httplib SSLServer with the intake's server
// certificate and no client certificate, for officers' browsers. Static files of the console from
// --desk-assets (default: the build's assets/desk; none needed to start), and the JSON API of
// docs/DESK_API.md under /desk/api/. Sessions are in memory. Every officer action is audited in the
// intake's chain; calls and status changes become events (the shared EventHub wakes the kiosks' long-polls).
#include "app/catalog.hpp"
#include "server/event_hub.hpp"
#include "server/intake_store.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace intake {

struct DeskOptions {
    std::string host = "127.0.0.1";
    int port = 8444;                              // 0 = any free one (see port_file)
    std::filesystem::path cert, key;
    std::filesystem::path assets;                 // the console's files (index.html …)
    std::filesystem::path port_file;
    std::string station = "qingshan-qinghe";      // whose tickets the desk works on
    std::chrono::milliseconds idle_timeout{600'000};
    int dummy_iterations = 600'000;               // PBKDF2 for an unknown name, so timing does not tell names
};

class DeskServer {
public:
    DeskServer(DeskOptions opts, IntakeStore& store, EventHub& hub, const kiosk::Catalog& catalog);
    ~DeskServer();
    kiosk::Status run();   // binds and serves until stop()
    void stop();
    int port() const;      // the bound port once run() has bound (0 before)

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace intake
