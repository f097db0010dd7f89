// Store: claim_next (the uploader's one transaction per request) and the per-connection statement cache.
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/store_sql.hpp"

#include <nlohmann/json.hpp>

using namespace kiosk;
using namespace kiosk::testing;

namespace {

struct OutboxRow {
    std::int64_t attempts = -1;
    bool frozen = false;
    std::string state;
};

OutboxRow row_of(Store& s, const std::string& id) {
    sql::Stmt q(raw(s), "SELECT o.attempts, o.payload IS NOT NULL, r.state FROM outbox o JOIN requests r "
                            "ON r.id = o.request_id WHERE o.request_id=?");
    q.bind(1, id);
    REQUIRE(q.step() == SQLITE_ROW);
    return {q.i64(0), q.i64(1) != 0, q.text(2)};
}

} // namespace

TEST_CASE("claim_next freezes, marks sending and counts the attempt in one step, oldest first") {
    use_beijing_time();
    StoreFixture fx("store-claim");
    auto& store = fx.store;
    auto t0 = beijing(2026, 11, 28, 10, 0);
    const std::string a = store->submit(sample_request(), t0)->request_id;
    const std::string b = store->submit(sample_request(), t0 + std::chrono::seconds(1))->request_id;

    auto first = store->claim_next(t0 + std::chrono::minutes(1), "K1", "S1");
    REQUIRE(first.ok());
    REQUIRE(first->has_value());
    CHECK((*first)->request_id == a);
    CHECK((*first)->attempts == 0);   // tries before this one
    CHECK(nlohmann::json::parse((*first)->payload)["request_id"] == a);
    OutboxRow ra = row_of(*store, a);
    CHECK(ra.state == "sending");
    CHECK(ra.attempts == 1);
    CHECK(ra.frozen);
    CHECK_FALSE(row_of(*store, b).frozen);   // only the claimed row

    // A row in `sending` stays due (a crash mid-upload), but the older one comes first.
    auto again = store->claim_next(t0 + std::chrono::minutes(1), "K1", "S1");
    CHECK((*again)->request_id == a);
    CHECK((*again)->attempts == 1);
    CHECK((*again)->payload == (*first)->payload);   // the frozen bytes, not a fresh rendering
    CHECK(row_of(*store, a).attempts == 2);

    REQUIRE(store->mark_uploaded(a, "SRV-1", t0).ok());
    CHECK((*store->claim_next(t0 + std::chrono::minutes(1), "K1", "S1"))->request_id == b);
    REQUIRE(store->mark_retry(b, t0 + std::chrono::minutes(5), "HTTP 503").ok());
    CHECK_FALSE(store->claim_next(t0 + std::chrono::minutes(2), "K1", "S1")->has_value());
    CHECK(row_of(*store, b).state == "retry_wait");   // an empty claim changes nothing
    auto later = store->claim_next(t0 + std::chrono::minutes(5), "OTHER", "OTHER");
    REQUIRE(later->has_value());
    CHECK((*later)->request_id == b);
    CHECK(nlohmann::json::parse((*later)->payload)["kiosk_id"] == "K1");   // frozen at the first claim
}

TEST_CASE("claim_next moves an undecryptable request to dead letters and hands out the next one") {
    TempDir dir("store-claim-badkey");
    KeyRing keys = test_keys(1);
    auto store = open_store(dir / "kiosk.db", keys);
    const std::string old_id = store->submit(sample_request())->request_id;
    // One row under a key id the ring does not have (a whole replaced key is refused at open).
    REQUIRE(sql::exec(raw(*store), "UPDATE requests SET key_id='00000000deadbeef'", "test").ok());
    const std::string fresh = store->submit(sample_request())->request_id;
    auto due = store->claim_next(WallClock::now(), "K1", "S1");
    REQUIRE(due.ok());
    REQUIRE(due->has_value());
    CHECK((*due)->request_id == fresh);
    CHECK(row_of(*store, old_id).state == "dead_letter");
    CHECK(row_of(*store, old_id).attempts == 0);   // the rolled-back claim left no trace
    CHECK(row_of(*store, fresh).state == "sending");
}

TEST_CASE("mark_uploaded still says why a transition is refused") {
    StoreFixture fx("store-claim-refuse");
    auto& store = fx.store;
    const std::string id = store->submit(sample_request())->request_id;
    CHECK(store->mark_uploaded("no-such-id", "SRV", WallClock::now()).error().code == "store.not_found");
    REQUIRE(store->mark_uploaded(id, "SRV", WallClock::now()).ok());
    auto again = store->mark_uploaded(id, "SRV-2", WallClock::now());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == "store.bad_state");
    CHECK(again.error().message.find("uploaded") != std::string::npos);
    CHECK(store->mark_sending(id).error().code == "store.bad_state");
}

TEST_CASE("the statement cache prepares once, lends a copy when used re-entrantly, and resets what it lends") {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    REQUIRE(sql::exec(db, "CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2), (3)", "setup").ok());
    {
        sql::StmtCache cache(db);
        const char* q = "SELECT x FROM t ORDER BY x";
        {
            sql::Stmt outer(cache, q);
            REQUIRE(outer.step() == SQLITE_ROW);
            CHECK(outer.i64(0) == 1);
            {
                sql::Stmt inner(cache, q);   // same SQL while `outer` is mid-read: a private statement
                REQUIRE(inner.step() == SQLITE_ROW);
                CHECK(inner.i64(0) == 1);
            }
            REQUIRE(outer.step() == SQLITE_ROW);
            CHECK(outer.i64(0) == 2);   // the inner use did not disturb the outer cursor
        }
        CHECK(cache.size() == 1);
        {
            sql::Stmt again(cache, q);   // reset when returned: starts from the first row
            REQUIRE(again.step() == SQLITE_ROW);
            CHECK(again.i64(0) == 1);
        }
        {
            sql::Stmt bind(cache, "SELECT ?1");
            CHECK(bind.step() == SQLITE_ROW);
            CHECK(bind.is_null(0));   // bindings were cleared, none set: NULL
        }
        {
            sql::Stmt bind(cache, "SELECT ?1");
            bind.bind(1, 42);
            REQUIRE(bind.step() == SQLITE_ROW);
            CHECK(bind.i64(0) == 42);
        }
        {
            sql::Stmt bind(cache, "SELECT ?1");   // the 42 from before does not linger
            REQUIRE(bind.step() == SQLITE_ROW);
            CHECK(bind.is_null(0));
        }
        {
            sql::Stmt bad(cache, "SELEKT nonsense");
            CHECK_FALSE(bad.prepared());
            CHECK(bad.step() == SQLITE_ERROR);
            auto st = bad.run("a bad statement");
            CHECK(st.error().code == "store.error");
        }
        CHECK(cache.size() == 2);   // failed SQL is not cached
        {
            sql::Tx tx(cache);
            REQUIRE(tx.begun().ok());
            REQUIRE(sql::Stmt(cache, "INSERT INTO t VALUES (4)").run("insert").ok());
            REQUIRE(tx.commit().ok());
        }
        {
            sql::Tx tx(cache);
            REQUIRE(sql::Stmt(cache, "INSERT INTO t VALUES (5)").run("insert").ok());
        }   // not committed: rolled back
        sql::Stmt n(cache, "SELECT COUNT(*) FROM t");
        REQUIRE(n.step() == SQLITE_ROW);
        CHECK(n.i64(0) == 4);
    }
    CHECK(sqlite3_close(db) == SQLITE_OK);   // everything the cache prepared was finalized
}
