#pragma once
// Test harness for the upload tests: the dev PKI (generated once per build tree), temp dirs, a kiosk-intake
// child process on 127.0.0.1 (killed at scope exit), a kiosk store with sample requests, bounded waits.
#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/store.hpp"
#include "app/upload/uploader.hpp"
#include "tests/upload/sample_request.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace uptest {

namespace fs = std::filesystem;

// The dev PKI (scripts/dev-pki), generated once into the build tree under a file lock.
const fs::path& pki();
std::string read_file(const fs::path& p);
fs::path test_catalog();   // tests/upload/catalog

struct TempDir {
    explicit TempDir(const std::string& tag);
    ~TempDir();
    fs::path path;
};

// kiosk-intake as a child process. Its stderr goes to log(); its database is db().
class Intake {
public:
    // `server` picks the certificate pair by dev-pki name ("server", "server-foreign", "server-wrongname").
    Intake(const fs::path& dir, std::vector<std::string> extra_args = {}, std::string server = "server");
    ~Intake();
    void start(int port = 0);    // port 0: any free one (first start); restarts reuse port()
    void stop();                 // SIGTERM, bounded wait, then SIGKILL
    void kill9();
    bool running() const { return pid_ > 0; }
    int port() const { return port_; }
    std::string url() const { return "https://localhost:" + std::to_string(port_); }
    std::string log() const { return read_file(log_); }
    int count_in_log(const std::string& needle) const;
    long long requests() const;                  // rows in the intake's requests table
    long long heartbeats() const;
    std::string last_heartbeat() const;          // the body of the newest heartbeat, "" if none
    std::vector<std::string> request_ids() const;
    fs::path db() const { return db_; }
    void set_args(std::vector<std::string> a) { extra_ = std::move(a); }

private:
    long long count(const char* sql) const;
    fs::path dir_, db_, log_, port_file_;
    std::vector<std::string> extra_;
    std::string server_;
    pid_t pid_ = -1;
    int port_ = 0;
};

// A kiosk: key ring, store and config pointing at an intake URL with the dev client certificate.
struct Kiosk {
    Kiosk(const fs::path& dir, const std::string& url);
    kiosk::KeyRing keys;
    std::unique_ptr<kiosk::Store> store;
    kiosk::Config config;
};

std::string submit(kiosk::Store& s, const kiosk::NewRequest& r);   // returns the request id
std::vector<std::string> submit_n(kiosk::Store& s, int n);

// Test timings: short backoff so storms settle in well under a second.
kiosk::UploaderOptions fast_options();

// Polls `pred` every 10 ms for at most `limit`; returns its last value. A bounded loop, not an assertion
// about speed: callers REQUIRE the result, and the limit is generous.
bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = std::chrono::seconds(20));

kiosk::QueueCounts counts(kiosk::Store& s);
std::string integrity(const fs::path& db);

} // namespace uptest
