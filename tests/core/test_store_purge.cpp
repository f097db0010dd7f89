// Store: the staff list (masked), clear, and the retention purge (PII gone from the DB file and the WAL).
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/audit.hpp"
#include "app/mask.hpp"
#include "app/store_sql.hpp"

using namespace kiosk;
using namespace kiosk::testing;

namespace {

struct PurgeFixture : StoreFixture {
    PurgeFixture() : StoreFixture("purge") {}
    std::string submit_uploaded(const NewRequest& r, WallTime at) {
        auto sub = store->submit(r, at);
        REQUIRE(sub.ok());
        REQUIRE(store->next_due(at, "K1", "S1")->has_value());
        REQUIRE(store->mark_sending(sub->request_id).ok());
        REQUIRE(store->mark_uploaded(sub->request_id, "SRV-" + sub->ticket, at).ok());
        return sub->request_id;
    }
    Bytes blob(const char* sql_text, const std::string& id) {
        sql::Stmt q(raw(*store), sql_text);
        q.bind(1, id);
        REQUIRE(q.step() == SQLITE_ROW);
        return q.blob(0);
    }
};

std::string as_string(const Bytes& b) { return std::string(b.begin(), b.end()); }

} // namespace

TEST_CASE("the staff list masks applicant data and filters by state, service and day") {
    use_beijing_time();
    PurgeFixture f;
    auto day1 = beijing(2026, 11, 27, 10, 0), day2 = beijing(2026, 11, 28, 10, 0);
    const std::string up = f.submit_uploaded(sample_request("张小三", "11010519491231002X", "13800138000"), day1);
    NewRequest other = sample_request("李四", "110105194912310021", "13912345678", "B");
    other.service_id = "hukou.transfer";
    REQUIRE(f.store->submit(other, day2).ok());

    auto all = f.store->list(RequestFilter{});
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    const RequestSummary& newest = (*all)[0];
    CHECK(newest.service_id == "hukou.transfer");   // newest first
    CHECK(newest.ticket == "B001");
    CHECK(newest.masked_id == mask_id_number("110105194912310021"));
    CHECK(newest.masked_phone == "139****5678");
    CHECK(newest.masked_id.find("19491231") == std::string::npos);
    const RequestSummary& older = (*all)[1];
    CHECK(older.request_id == up);
    CHECK(older.state == RequestState::uploaded);
    CHECK(older.server_ref == "SRV-A001");
    CHECK(older.attempts == 1);
    CHECK(older.masked_name == mask_name("张小三"));
    CHECK(older.masked_name != "张小三");

    CHECK(f.store->list(RequestFilter{RequestState::uploaded})->size() == 1);
    CHECK(f.store->list(RequestFilter{RequestState::dead_letter})->empty());
    RequestFilter by_service;
    by_service.service_id = "hukou.transfer";
    CHECK(f.store->list(by_service)->size() == 1);
    RequestFilter by_day;
    by_day.day = "2026-11-27";
    REQUIRE(f.store->list(by_day)->size() == 1);
    CHECK((*f.store->list(by_day))[0].request_id == up);
    RequestFilter paged;
    paged.limit = 1;
    paged.offset = 1;
    REQUIRE(f.store->list(paged)->size() == 1);
    CHECK((*f.store->list(paged))[0].request_id == up);
}

TEST_CASE("clear: needs a reason, is audited, and withdraws a queued request from upload") {
    PurgeFixture f;
    auto now = WallClock::now();
    auto queued = f.store->submit(sample_request(), now);
    REQUIRE(queued.ok());
    CHECK(f.store->clear(queued->request_id, "", now).error().code == "store.invalid");
    CHECK(f.store->clear("missing", "x", now).error().code == "store.not_found");

    REQUIRE(f.store->mark_sending(queued->request_id).ok());
    CHECK(f.store->clear(queued->request_id, "done on paper", now).error().code == "store.bad_state");   // in flight
    REQUIRE(f.store->mark_retry(queued->request_id, now + std::chrono::hours(1), "offline").ok());
    REQUIRE(f.store->clear(queued->request_id, "done on paper", now, "li.wei").ok());
    CHECK_FALSE(f.store->next_due(now + std::chrono::hours(2), "K1", "S1")->has_value());
    CHECK(f.store->counts()->cleared == 1);
    auto rows = f.store->list(RequestFilter{RequestState::cleared});
    REQUIRE(rows->size() == 1);
    CHECK((*rows)[0].cleared_reason == "done on paper");

    auto log = f.store->list_audit();
    REQUIRE(log->size() == 1);
    CHECK((*log)[0].actor == "li.wei");
    CHECK((*log)[0].action == "request.clear");
    CHECK((*log)[0].detail.find(queued->request_id) != std::string::npos);
    CHECK((*log)[0].detail.find("from=retry_wait") != std::string::npos);
}

TEST_CASE("purge removes PII after retention, keeps the skeleton, and leaves no ciphertext in DB or WAL") {
    PurgeFixture f;
    const std::string id_number = "11010519491231002X";
    auto t0 = WallClock::now() - std::chrono::hours(24 * 40);
    const std::string old_id = f.submit_uploaded(sample_request("王五", id_number, "13800138000"), t0);
    const std::string recent_id = f.submit_uploaded(sample_request(), t0);
    const std::string uncleared = f.submit_uploaded(sample_request(), t0);
    REQUIRE(f.store->clear(old_id, "processed", t0 + std::chrono::hours(24)).ok());
    REQUIRE(f.store->clear(recent_id, "processed", WallClock::now() - std::chrono::hours(24 * 5)).ok());
    const Bytes old_pii = f.blob("SELECT pii FROM requests WHERE id=?", old_id);
    const Bytes old_payload = f.blob("SELECT payload FROM outbox WHERE request_id=?", old_id);
    REQUIRE(old_pii.size() > 40);
    REQUIRE(old_payload.size() > 40);
    // Before the purge the ciphertext is on disk (WAL or DB): the search below can find what it looks for.
    const auto db = f.dir / "kiosk.db", wal = f.dir / "kiosk.db-wal";
    const std::string needle = as_string(Bytes(old_pii.begin() + 12, old_pii.begin() + 40));
    CHECK((file_contains(db, needle) || file_contains(wal, needle)));

    auto n = f.store->purge(WallClock::now(), 30);
    REQUIRE(n.ok());
    CHECK(*n == 1);
    CHECK(f.store->load(old_id).error().code == "store.purged");
    CHECK(f.store->load(recent_id).ok());     // cleared 5 days ago: kept
    CHECK(f.store->load(uncleared).ok());     // never cleared: kept
    CHECK(f.store->counts()->purged == 1);

    // Skeleton stays: ticket, service, state, server ref.
    sql::Stmt q(raw(*f.store), "SELECT ticket, service_id, state, server_ref, pii IS NULL, purged_at IS NOT NULL "
                                   "FROM requests WHERE id=?");
    q.bind(1, old_id);
    REQUIRE(q.step() == SQLITE_ROW);
    CHECK(q.text(0) == "A001");
    CHECK(q.text(1) == "cert.no-criminal-record");
    CHECK(q.text(2) == "purged");
    CHECK(q.text(3) == "SRV-A001");
    CHECK(q.i64(4) == 1);
    CHECK(q.i64(5) == 1);
    q.reset();

    // secure_delete + wal_checkpoint(TRUNCATE): neither file holds the purged ciphertext any more.
    CHECK((!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0));
    for (const Bytes& b : {old_pii, old_payload}) {
        const std::string a = as_string(Bytes(b.begin() + 12, b.begin() + 40));
        CHECK_FALSE(file_contains(db, a));
        CHECK_FALSE(file_contains(wal, a));
    }
    CHECK_FALSE(file_contains(db, id_number));

    auto log = f.store->list_audit();
    REQUIRE_FALSE(log->empty());
    CHECK((*log)[0].action == "request.purge");
    CHECK((*log)[0].detail == "count=1 retention_days=30");
    CHECK(f.store->verify_audit()->ok);

    SECTION("purging again finds nothing and writes no audit row") {
        const auto rows = log->size();
        CHECK(*f.store->purge(WallClock::now(), 30) == 0);
        CHECK(f.store->list_audit()->size() == rows);
    }
    SECTION("a purged request cannot be cleared or requeued again") {
        CHECK(f.store->clear(old_id, "x", WallClock::now()).error().code == "store.bad_state");
        CHECK(f.store->requeue(old_id).error().code == "store.bad_state");
    }
    SECTION("a negative retention is refused") {
        CHECK(f.store->purge(WallClock::now(), -1).error().code == "store.invalid");
    }
}
