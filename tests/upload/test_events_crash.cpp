// The kiosk is SIGKILLed at random points while events arrive, several rounds; after a final run every
// event is applied (the calls table and the cleared requests say so) and none twice (the helper's log of
// what it handed on, and one audited clear per request).
#include "fake_events_server.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace uptest;
using namespace std::chrono_literals;

namespace {
pid_t spawn_events_helper(const fs::path& data, const std::string& url, long long target) {
    std::vector<std::string> args = {KIOSK_EVENTS_HELPER_BIN, data.string(), url, pki().string(), std::to_string(target)};
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
} // namespace

TEST_CASE("SIGKILL while events arrive, several rounds: every event applied, none twice") {
    TempDir dir("events-sigkill");
    const fs::path data = dir.path / "kiosk";
    fs::create_directories(data);
    // Ten requests this kiosk took and uploaded: the desk will mark each done once.
    std::vector<std::string> ids;
    {
        auto keys = kiosk::KeyRing::load_or_create(data / "data.key");
        REQUIRE(keys.ok());
        auto store = kiosk::Store::open(data / "kiosk.db", *keys);
        REQUIRE(store.ok());
        for (int i = 0; i < 10; ++i) {
            ids.push_back(submit(**store, sample_request()));
            REQUIRE((*store)->mark_sending(ids.back()).ok());
            REQUIRE((*store)->mark_uploaded(ids.back(), "S-" + std::to_string(i), kiosk::WallClock::now()).ok());
        }
    }
    FakeEventsServer srv;
    srv.max_per_answer(3);   // small answers: more commits for a kill to land between
    constexpr int kCalls = 120;
    std::atomic<bool> feeding{true};
    std::thread feeder([&] {
        for (int i = 1; i <= kCalls; ++i) {
            srv.add_call("A" + std::to_string(100 + i), i % 4 + 1);
            if (i % 12 == 0) srv.add_status(ids[static_cast<std::size_t>(i / 12 - 1)], "done");
            std::this_thread::sleep_for(4ms);
        }
        feeding = false;
    });
    const long long total = kCalls + 10;
    std::mt19937 rng(7);
    for (int round = 0; round < 6; ++round) {
        pid_t pid = spawn_events_helper(data, srv.url(), total);
        REQUIRE(pid > 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(60 + rng() % 200));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
    }
    feeder.join();
    pid_t pid = spawn_events_helper(data, srv.url(), total);
    int status = 0;
    ::waitpid(pid, &status, 0);
    INFO(read_file(data / "helper.log"));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);

    auto keys = kiosk::KeyRing::load_or_create(data / "data.key");
    REQUIRE(keys.ok());
    auto store = kiosk::Store::open(data / "kiosk.db", *keys);
    REQUIRE(store.ok());
    CHECK(*(*store)->event_cursor() == total);
    // None lost: every call is in the calls table, every request cleared.
    auto calls = (*store)->recent_calls(1000, kiosk::WallClock::now() - 1h);
    REQUIRE(calls.ok());
    CHECK(calls->size() == static_cast<std::size_t>(kCalls));
    for (const auto& id : ids) CHECK(*(*store)->state(id) == kiosk::RequestState::cleared);
    // None twice: one audited clear per request, and no seq handed on twice across the kills.
    auto audit = (*store)->list_audit(1000);
    REQUIRE(audit.ok());
    int clears = 0;
    for (const auto& e : *audit) clears += e.action == "request.clear";
    CHECK(clears == 10);
    std::ifstream in(data / "applied.log");
    std::set<long long> seen;
    long long seq = 0, lines = 0, last = 0;
    bool increasing = true;
    while (in >> seq) {
        ++lines;
        increasing = increasing && seq > last;
        last = seq;
        seen.insert(seq);
    }
    CHECK(static_cast<long long>(seen.size()) == lines);
    CHECK(increasing);
    CHECK(lines >= total - 6 * 3);   // a kill may land after a commit (≤ 3 events) before its seqs reach the log
}
