#pragma once
// In-process station for the intake tests: a store in a temp dir, the kiosk listener (mTLS) and the desk
// listener on free 127.0.0.1 ports, each on its own thread and stopped at scope exit; httplib clients for
// a kiosk (dev PKI client certificate) and a browser (CA only); helpers to upload requests and make desk
// accounts with a small PBKDF2 count (the cost is per account, so tests stay fast; production uses 600,000).
#include "app/catalog.hpp"
#include "server/desk_server.hpp"
#include "server/intake_server.hpp"
#include "server/intake_store.hpp"
#include "tests/upload/harness.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace svtest {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr int kTestIterations = 1000;

// The database of one test case. SQLite in a temp dir by default; with KIOSK_TEST_DB=pg (the "server(pg): "
// pass, tests/server/CMakeLists.txt) a fresh PostgreSQL database t_<random> on the fixture's server
// (KIOSK_TEST_DB=pg:URI_FILE), keys in the temp dir, dropped at scope exit.
bool testing_pg();
std::string pg_uri_file();
class TestDb {
public:
    TestDb();
    ~TestDb();
    TestDb(const TestDb&) = delete;
    const std::string& spec() const { return spec_; }
    const intake::OpenOptions& options() const { return options_; }
    const fs::path& dir() const { return dir_.path; }
    bool pg() const { return pg_; }
    // The command-line options that open it: --db SPEC [--key-dir DIR].
    std::string cli_args() const;
    kiosk::Result<std::unique_ptr<intake::IntakeStore>> open(intake::OpenOptions o = {}) const;
    // PostgreSQL only: runs `sql` on the test database as the superuser (tampering tests); false on an error.
    bool exec_pg(const std::string& sql) const;

private:
    uptest::TempDir dir_{"db"};
    bool pg_ = false;
    std::string spec_, admin_uri_, name_;
    intake::OpenOptions options_;
};

struct StationOptions {
    std::chrono::milliseconds idle{600'000};
    fs::path assets;           // empty: a temp folder with index.html and app.js
    std::string db_spec;       // empty: the test case's TestDb; else this database (with db_key_dir)
    fs::path db_key_dir;
};

class Station {
public:
    explicit Station(StationOptions o = {});
    ~Station();
    intake::IntakeStore& store() { return *store_; }
    intake::EventHub& hub() { return hub_; }
    int kiosk_port() const { return kiosk_port_; }
    int desk_port() const { return desk_port_; }
    const fs::path& dir() const { return dir_.path; }
    const fs::path& assets() const { return assets_; }

    // A kiosk's mTLS client: cert "kiosk" (QS-QHJ-01, this station), "other-kiosk" (QS-OTHER-99, this
    // station), "station2-kiosk" (QS-XY-01, station xinyuan).
    std::unique_ptr<httplib::SSLClient> kiosk_client(const std::string& cert = "kiosk") const;
    std::unique_ptr<httplib::SSLClient> desk_client() const;

    // POSTs one valid request from `cert`'s kiosk; returns its request id ("" on failure). `ticket` empty =
    // a fresh one. `status` receives the HTTP status.
    std::string upload(const std::string& ticket, const std::string& cert = "kiosk", int* status = nullptr,
                       const std::string& name = "张三", const std::string& id_number = "11010519491231002X");
    void add_officer(const std::string& name, int window, std::vector<std::string> serves,
                     const std::string& password = "correct horse 1");

private:
    uptest::TempDir dir_{"station"};
    fs::path assets_;
    TestDb db_;
    std::unique_ptr<intake::IntakeStore> store_;
    kiosk::Catalog catalog_;
    intake::EventHub hub_;
    std::unique_ptr<intake::IntakeStore::Watch> watch_;
    std::unique_ptr<intake::IntakeServer> kiosk_srv_;
    std::unique_ptr<intake::DeskServer> desk_srv_;
    std::thread kiosk_thread_, desk_thread_;
    int kiosk_port_ = 0, desk_port_ = 0;
    int next_ticket_ = 1;
};

// A logged-in officer's browser: cookie and CSRF token, and calls that carry them.
struct Officer {
    std::unique_ptr<httplib::SSLClient> http;
    std::string cookie, csrf;
    json login_body;
    int login_status = 0;

    httplib::Result get(const std::string& path) const;
    httplib::Result post(const std::string& path, const json& body = json::object(), bool with_csrf = true) const;
};
Officer login(const Station& s, const std::string& name, const std::string& password = "correct horse 1");

json body_json(const httplib::Result& r);   // {} when no answer or not JSON

} // namespace svtest
