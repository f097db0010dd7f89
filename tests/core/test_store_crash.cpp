// Killing the kiosk in the middle of submits: every request whose submit() returned is there after a
// restart, and no half-written request (a request without its outbox row, a burnt ticket) is.
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/store_sql.hpp"

#include <algorithm>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace kiosk;
using namespace kiosk::testing;

TEST_CASE("SIGKILL during a stream of submits loses nothing acknowledged and leaves nothing half-written") {
    TempDir dir("store-kill");
    const auto db = dir / "kiosk.db";
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The "kiosk": acknowledges each request (to the parent) only after submit() returned.
        ::close(fds[0]);
        KeyRing keys = test_keys();
        auto store = Store::open(db, keys);
        if (!store) ::_exit(3);
        for (int i = 0; i < 100000; ++i) {
            auto r = (*store)->submit(sample_request());
            if (!r) ::_exit(4);
            const std::string line = r->request_id + "\n";
            if (::write(fds[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(5);
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string acked;
    char buf[4096];
    // Let it commit a few dozen requests, then kill it without warning (no destructor, no checkpoint).
    while (std::count(acked.begin(), acked.end(), '\n') < 40) {
        ssize_t n = ::read(fds[0], buf, sizeof buf);
        REQUIRE(n > 0);
        acked.append(buf, static_cast<std::size_t>(n));
    }
    ::kill(child, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) acked.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);

    std::vector<std::string> ids;
    for (std::size_t pos = 0, nl; (nl = acked.find('\n', pos)) != std::string::npos; pos = nl + 1)
        ids.push_back(acked.substr(pos, nl - pos));
    REQUIRE(ids.size() >= 40);

    KeyRing keys = test_keys();
    auto store = Store::open(db, keys);   // also runs integrity_check
    REQUIRE(store.ok());
    for (const std::string& id : ids) {
        INFO(id);
        CHECK((*store)->load(id).ok());
    }
    sql::Stmt q(raw(**store), "SELECT (SELECT COUNT(*) FROM requests), (SELECT COUNT(*) FROM outbox), "
                                    "(SELECT SUM(last_seq) FROM tickets)");
    REQUIRE(q.step() == SQLITE_ROW);
    CHECK(q.i64(0) >= static_cast<std::int64_t>(ids.size()));
    CHECK(q.i64(0) <= static_cast<std::int64_t>(ids.size()) + 1);   // at most one committed but not yet acknowledged
    CHECK(q.i64(1) == q.i64(0));
    CHECK(q.i64(2) == q.i64(0));
}
