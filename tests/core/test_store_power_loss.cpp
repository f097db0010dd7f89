// Power loss during submits and uploads: the power is cut after every possible number of disk operations
// (tests/core/power_loss_vfs.hpp keeps only what was synced). After each "reboot", every request whose
// submit() returned is there, every mark_uploaded() that returned still says uploaded, no ticket is burnt
// twice, and the database opens (integrity_check included, which Store::open runs).
#include "test_store_util.hpp"
#include "power_loss_vfs.hpp"

#include <set>

using namespace kiosk;
using namespace kiosk::testing;

namespace {

struct Acked {
    std::vector<std::string> submitted;   // request ids whose submit() returned ok
    std::vector<std::string> uploaded;    // ids whose mark_uploaded() returned ok
    std::vector<std::string> tickets;
};

// The workload: a resident's submits interleaved with the upload thread's claim → mark_uploaded. Stops at
// the first failure after the power went off; a failure while the power is on fails the test.
Acked run_workload(Store& store, PowerLossVfs& vfs) {
    Acked a;
    const auto now = WallClock::now();
    for (int i = 0; i < 6; ++i) {
        auto r = store.submit(sample_request(), now);
        if (!r) {
            REQUIRE(vfs.power_is_off());
            return a;
        }
        a.submitted.push_back(r->request_id);
        a.tickets.push_back(r->ticket);
        if (i % 2 == 1) {
            auto item = store.claim_next(now, "QS-QHJ-01", "qingshan-qinghe");
            if (!item) {
                REQUIRE(vfs.power_is_off());
                return a;
            }
            REQUIRE(item->has_value());
            if (!store.mark_uploaded((*item)->request_id, "QH-20261202-00000" + std::to_string(i), now)) {
                REQUIRE(vfs.power_is_off());
                return a;
            }
            a.uploaded.push_back((*item)->request_id);
        }
    }
    auto c = store.checkpoint();   // the store's own checkpoint: a cut inside it must lose nothing either
    if (!c) REQUIRE(vfs.power_is_off());
    return a;
}

// Cuts the power after n disk operations for every n in [0, total] with n % shards == shard. The sweep is
// split in shards (test cases of their own) so that CTest can run them on both cores: whole, it was the
// suite's longest test (~90 s plain, longer under ASan).
void sweep_power_cuts(long shard, long shards) {
    auto& vfs = PowerLossVfs::instance();
    vfs.install();
    const KeyRing keys = test_keys();

    // First a run with the power on, to count the disk operations the workload makes.
    long total = 0;
    {
        TempDir dir("power-count");
        vfs.forget();
        auto store = open_store(dir / "kiosk.db", keys);
        const long before = vfs.operations();
        auto acked = run_workload(*store, vfs);
        REQUIRE(acked.submitted.size() == 6);
        total = vfs.operations() - before;
        vfs.forget();
    }
    INFO("the workload makes " << total << " disk operations");
    REQUIRE(total > 20);   // submits sync: a workload of 6 submits and 3 uploads cannot take fewer

    long cuts = 0, expected_cuts = 0, lost_some_unacked = 0;
    for (long n = shard; n <= total; n += shards) ++expected_cuts;
    for (long n = shard; n <= total; n += shards) {
        TempDir dir("power-cut");
        const auto db = dir / "kiosk.db";
        vfs.forget();
        Acked acked;
        {
            auto store = open_store(db, keys);
            vfs.cut_after(n);
            acked = run_workload(*store, vfs);
            // Closing with the power off: the close's checkpoint and WAL delete fail, as they would.
        }
        vfs.reboot();
        ++cuts;

        INFO("power cut after " << n << " of " << total << " disk operations");
        auto reopened = Store::open(db, keys);
        INFO((reopened ? std::string() : reopened.error().code + ": " + reopened.error().message));
        REQUIRE(reopened.ok());
        auto& store = **reopened;
        for (const auto& id : acked.submitted) {
            auto st = store.state(id);
            INFO("acknowledged request " << id);
            REQUIRE(st.ok());
        }
        for (const auto& id : acked.uploaded) {
            auto st = store.state(id);
            REQUIRE(st.ok());
            CHECK(*st == RequestState::uploaded);
        }
        auto counts = store.counts();
        REQUIRE(counts.ok());
        const long long stored = counts->pending() + counts->uploaded;
        CHECK(stored >= static_cast<long long>(acked.submitted.size()));
        CHECK(stored <= 6);
        if (stored > static_cast<long long>(acked.submitted.size())) ++lost_some_unacked;   // committed, ack lost: fine
        // A new submit after the reboot works and never reuses a ticket that was handed out.
        auto next = store.submit(sample_request());
        REQUIRE(next.ok());
        std::set<std::string> tickets(acked.tickets.begin(), acked.tickets.end());
        CHECK(!tickets.count(next->ticket));
    }
    vfs.forget();
    vfs.uninstall();
    CHECK(cuts == expected_cuts);
    CHECK(cuts > 0);
    (void)lost_some_unacked;
}

} // namespace

// Four shards: together every n from 0 to the workload's last disk operation.
TEST_CASE("a power cut at any point of submit and upload loses nothing that was acknowledged (cuts 0, 4, 8, …)") {
    sweep_power_cuts(0, 4);
}
TEST_CASE("a power cut at any point of submit and upload loses nothing that was acknowledged (cuts 1, 5, 9, …)") {
    sweep_power_cuts(1, 4);
}
TEST_CASE("a power cut at any point of submit and upload loses nothing that was acknowledged (cuts 2, 6, 10, …)") {
    sweep_power_cuts(2, 4);
}
TEST_CASE("a power cut at any point of submit and upload loses nothing that was acknowledged (cuts 3, 7, 11, …)") {
    sweep_power_cuts(3, 4);
}

TEST_CASE("the power-loss shim really drops unsynced writes (the test above could not pass by accident)") {
    // With synchronous=OFF nothing is synced, so a cut loses committed transactions: the shim must show it.
    auto& vfs = PowerLossVfs::instance();
    vfs.install();
    TempDir dir("power-shim");
    const auto path = (dir / "plain.db").string();
    vfs.forget();
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(x);", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr) == SQLITE_OK);   // synced
    REQUIRE(sqlite3_exec(db, "PRAGMA synchronous=OFF; INSERT INTO t VALUES (2);", nullptr, nullptr, nullptr) ==
            SQLITE_OK);   // committed, never synced
    vfs.cut_after(0);
    sqlite3_close(db);
    vfs.reboot();
    vfs.uninstall();
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT group_concat(x) FROM t", -1, &q, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    CHECK(std::string(text ? text : "") == "1");   // row 2 was never on the disk
    sqlite3_finalize(q);
    sqlite3_close(db);
}
