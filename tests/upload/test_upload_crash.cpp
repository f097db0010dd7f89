// The kiosk is SIGKILLed at random points while submitting and sending, several rounds; after a final
// run every request it committed has arrived at the intake exactly once and both databases are intact.
#include "harness.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <random>
#include <fcntl.h>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace uptest;
using namespace std::chrono_literals;

namespace {

pid_t spawn_helper(const fs::path& data, const std::string& url, int n, bool until_drained) {
    std::vector<std::string> args = {KIOSK_CRASH_HELPER_BIN, data.string(), url, pki().string(), std::to_string(n)};
    if (until_drained) args.emplace_back("--until-drained");
    const std::string log = (data / "helper.log").string();
    std::vector<char*> argv;   // built before fork(): the child calls only async-signal-safe functions
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) ::dup2(fd, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

// Waits at most `limit` for the child; SIGKILLs it if still running. Returns its exit status or -1.
int reap(pid_t pid, std::chrono::milliseconds limit) {
    int status = 0;
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::this_thread::sleep_for(10ms);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
}

} // namespace

TEST_CASE("SIGKILL while submitting and sending, several rounds: every request arrives exactly once") {
    TempDir dir("sigkill");
    const fs::path data = dir.path / "kiosk";
    fs::create_directories(data);
    // A small delay widens the window in which a kill lands between "sent" and "answer recorded".
    Intake intake(dir.path, {"--fault-delay-ms", "15", "--fault-drop-after-commit", "0.2", "--fault-seed", "3"});
    intake.start();
    REQUIRE(intake.port() > 0);

    const unsigned seed = std::random_device{}();
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> when(20, 250);
    for (int round = 0; round < 6; ++round) {
        pid_t pid = spawn_helper(data, intake.url(), 12, false);
        std::this_thread::sleep_for(std::chrono::milliseconds(when(rng)));
        ::kill(pid, SIGKILL);
        reap(pid, 5s);
    }
    pid_t last = spawn_helper(data, intake.url(), 0, true);
    REQUIRE(reap(last, 70s) == 0);

    // The kiosk's own database is the truth of what was committed.
    auto keys = kiosk::KeyRing::load_or_create(data / "data.key");
    REQUIRE(keys);
    auto store = kiosk::Store::open(data / "kiosk.db", *keys);
    REQUIRE(store);
    kiosk::RequestFilter f;
    f.limit = 10000;
    auto rows = (*store)->list(f);
    REQUIRE(rows);
    std::set<std::string> kiosk_ids;
    for (const auto& r : *rows) {
        CHECK(r.state == kiosk::RequestState::uploaded);
        kiosk_ids.insert(r.request_id);
    }
    CHECK(counts(**store).pending() == 0);
    const auto server_ids = intake.request_ids();
    CHECK(std::set<std::string>(server_ids.begin(), server_ids.end()) == kiosk_ids);
    CHECK(server_ids.size() == kiosk_ids.size());   // exactly once
    CHECK(intake.count_in_log("different payload") == 0);   // frozen payloads: a resend is byte-identical
    CHECK(integrity(data / "kiosk.db") == "ok");
    intake.stop();
    CHECK(integrity(intake.db()) == "ok");
    CHECK(kiosk_ids.size() > 0);
}
