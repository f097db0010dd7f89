// Upload test harness. See harness.hpp.
#include "harness.hpp"

#include <sqlite3.h>

#include <array>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace uptest {

using namespace std::chrono_literals;

namespace {
fs::path source_dir() {
    if (const char* s = std::getenv("KIOSK_SOURCE_DIR")) return s;
    return fs::path(KIOSK_SOURCE_ASSETS).parent_path();
}
} // namespace

fs::path test_catalog() { return source_dir() / "tests/upload/catalog"; }

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const fs::path& pki() {
    static const fs::path dir = [] {
        const fs::path d = fs::path(KIOSK_UPLOAD_TEST_DIR) / "pki";
        if (!fs::exists(d / ".complete-3")) {   // scripts/dev-pki's marker
            // ctest -j runs test cases as parallel processes: a lock makes the first one generate it.
            const std::string lock = (fs::path(KIOSK_UPLOAD_TEST_DIR) / "pki.lock").string();
            int fd = ::open(lock.c_str(), O_CREAT | O_RDWR, 0600);
            if (fd >= 0) ::flock(fd, LOCK_EX);
            const std::string cmd = "'" + (source_dir() / "scripts/dev-pki").string() + "' '" + d.string() + "'";
            if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "harness: scripts/dev-pki failed\n");
            if (fd >= 0) ::close(fd);
        }
        return d;
    }();
    return dir;
}

TempDir::TempDir(const std::string& tag) {
    std::string tmpl = (fs::temp_directory_path() / ("kiosk-upload-" + tag + "-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    path = tmpl;
}
TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
}

// [SECTION] Intake child process
Intake::Intake(const fs::path& dir, std::vector<std::string> extra, std::string server)
    : dir_(dir), db_(dir / "intake.db"), log_(dir / "intake.log"), port_file_(dir / "intake.port"),
      extra_(std::move(extra)), server_(std::move(server)) {}

Intake::~Intake() { stop(); }

void Intake::start(int port) {
    if (pid_ > 0) return;
    if (port == 0) port = port_;
    std::error_code ec;
    fs::remove(port_file_, ec);
    const fs::path& p = pki();
    std::vector<std::string> args = {KIOSK_INTAKE_BIN,
                                     "--listen", "127.0.0.1:" + std::to_string(port),
                                     "--port-file", port_file_.string(),
                                     "--db", db_.string(),
                                     "--cert", (p / (server_ + ".crt")).string(),
                                     "--key", (p / (server_ + ".key")).string(),
                                     "--client-ca", (p / "ca.crt").string(),
                                     "--catalog", test_catalog().string()};
    args.insert(args.end(), extra_.begin(), extra_.end());
    // Everything the child needs is built before fork(): other threads (an uploader) may hold the malloc
    // lock, so the child only calls async-signal-safe functions.
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log_path = log_.string();
    pid_ = ::fork();
    if (pid_ == 0) {
        int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) ::dup2(fd, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    // Bounded wait for the port file (written once the socket is bound and listening).
    for (int i = 0; i < 3000 && !fs::exists(port_file_); ++i) {   // ≤ 30 s, even under ASan on a busy machine
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            break;
        }
        std::this_thread::sleep_for(10ms);
    }
    if (fs::exists(port_file_)) port_ = std::stoi(read_file(port_file_));
}

void Intake::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 300; ++i) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(10ms);
    }
    kill9();
}

void Intake::kill9() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

int Intake::count_in_log(const std::string& needle) const {
    const std::string l = log();
    int n = 0;
    for (auto pos = l.find(needle); pos != std::string::npos; pos = l.find(needle, pos + 1)) ++n;
    return n;
}

long long Intake::count(const char* sql) const {
    if (!fs::exists(db_)) return 0;
    sqlite3* db = nullptr;
    long long n = -1;
    if (sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

long long Intake::requests() const { return count("SELECT count(*) FROM requests"); }
long long Intake::heartbeats() const { return count("SELECT count(*) FROM heartbeats"); }

std::string Intake::last_heartbeat() const {
    std::string out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT body FROM heartbeats ORDER BY id DESC LIMIT 1", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

std::vector<std::string> Intake::request_ids() const {
    std::vector<std::string> out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT request_id FROM requests ORDER BY seq", -1, &st, nullptr) == SQLITE_OK)
            while (sqlite3_step(st) == SQLITE_ROW)
                out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

std::string integrity(const fs::path& path) {
    sqlite3* db = nullptr;
    std::string out = "cannot open";
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

// [SECTION] Kiosk side
namespace {
kiosk::KeyRing test_keys() {
    std::array<std::uint8_t, 32> k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return kiosk::KeyRing::from_bytes(k);
}
} // namespace

Kiosk::Kiosk(const fs::path& dir, const std::string& url) : keys(test_keys()) {
    config.kiosk.data_dir = dir;
    config.upload.url = url;
    config.upload.ca_file = pki() / "ca.crt";
    config.upload.client_cert = pki() / "kiosk.crt";
    config.upload.client_key = pki() / "kiosk.key";
    config.upload.connect_timeout_s = 5;
    config.upload.heartbeat_s = 60;
    auto s = kiosk::Store::open(dir / "kiosk.db", keys);
    if (!s) {
        std::fprintf(stderr, "harness: Store::open: %s\n", s.error().message.c_str());
        std::abort();
    }
    store = std::move(*s);
}

std::string submit(kiosk::Store& s, const kiosk::NewRequest& r) {
    auto sub = s.submit(r);
    if (!sub) {
        std::fprintf(stderr, "harness: submit: %s\n", sub.error().message.c_str());
        std::abort();
    }
    return sub->request_id;
}

std::vector<std::string> submit_n(kiosk::Store& s, int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back(submit(s, sample_request(i)));
    return ids;
}

kiosk::UploaderOptions fast_options() {
    kiosk::UploaderOptions o;
    o.backoff.base = 20ms;
    o.backoff.cap = 200ms;
    o.config_retry = 300ms;
    o.request_timeout = 5000ms;
    o.low_speed_time_s = 5;
    return o;
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return pred();
}

kiosk::QueueCounts counts(kiosk::Store& s) {
    auto c = s.counts();
    return c ? *c : kiosk::QueueCounts{};
}

} // namespace uptest
