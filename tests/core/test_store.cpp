// Store: submit, encryption at rest, tickets, atomicity, the outbox state machine and crash recovery.
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/audit.hpp"
#include "app/store_sql.hpp"

#include <nlohmann/json.hpp>

using namespace kiosk;
using namespace kiosk::testing;

namespace {

std::int64_t count_rows(Store& s, const char* table) {
    sql::Stmt q(raw(s), (std::string("SELECT COUNT(*) FROM ") + table).c_str());
    REQUIRE(q.step() == SQLITE_ROW);
    return q.i64(0);
}

} // namespace

TEST_CASE("submit then load returns the same request, with a v4 id and a local RFC 3339 time") {
    use_beijing_time();
    StoreFixture fx("store-rt");
    auto& store = fx.store;
    NewRequest req = sample_request();
    auto sub = store->submit(req, beijing(2026, 11, 28, 21, 30, 5));
    REQUIRE(sub.ok());
    CHECK(is_uuid(sub->request_id));
    CHECK(sub->request_id[14] == '4');
    CHECK(sub->ticket == "A001");
    CHECK(sub->created_at == "2026-11-28T21:30:05+08:00");

    auto back = store->load(sub->request_id);
    REQUIRE(back.ok());
    CHECK(back->sub.request_id == sub->request_id);
    CHECK(back->sub.ticket == "A001");
    CHECK(back->sub.created_at == sub->created_at);
    CHECK(back->req.service_id == req.service_id);
    CHECK(back->req.category_id == req.category_id);
    CHECK(back->req.ticket_prefix == "A");
    CHECK(back->req.catalog_version == req.catalog_version);
    CHECK(back->req.applicant.name == req.applicant.name);
    CHECK(back->req.applicant.id_number == req.applicant.id_number);
    CHECK(back->req.applicant.phone == req.applicant.phone);
    CHECK(back->req.fields == req.fields);
    CHECK(back->req.consent.accepted_at == req.consent.accepted_at);
    CHECK(back->req.consent.sensitive);

    CHECK(store->load("00000000-0000-4000-8000-000000000000").error().code == "store.not_found");
}

TEST_CASE("the database file and its WAL never hold the ID number, name or phone in plaintext") {
    TempDir dir("store-plain");
    KeyRing keys = test_keys();
    const std::string id = "11010519491231002X", name = "欧阳娜娜", phone = "13912345678";
    {
        auto store = open_store(dir / "kiosk.db", keys);
        for (int i = 0; i < 5; ++i) REQUIRE(store->submit(sample_request(name, id, phone)).ok());
        auto due = store->next_due(WallClock::now(), "QS-QHJ-01", "qingshan-qinghe");   // freezes a payload too
        REQUIRE(due.ok());
        REQUIRE(due->has_value());
        CHECK((*due)->payload.find(id) != std::string::npos);   // the decrypted payload does carry it
        // While open, the data sits in the WAL: search it before the close checkpoints it away.
        REQUIRE(std::filesystem::exists(dir / "kiosk.db-wal"));
        CHECK(std::filesystem::file_size(dir / "kiosk.db-wal") > 0);
        for (const char* f : {"kiosk.db", "kiosk.db-wal"}) {
            INFO(f);
            CHECK_FALSE(file_contains(dir / f, id));
            CHECK_FALSE(file_contains(dir / f, name));
            CHECK_FALSE(file_contains(dir / f, phone));
            CHECK_FALSE(file_contains(dir / f, "青和路88号"));
        }
        // Positive control: non-PII skeleton columns are in clear text, so the search itself works.
        CHECK(file_contains(dir / "kiosk.db-wal", "cert.no-criminal-record"));
    }
    CHECK_FALSE(file_contains(dir / "kiosk.db", id));
    CHECK_FALSE(file_contains(dir / "kiosk.db", name));
}

TEST_CASE("tickets count per category prefix and restart every local day") {
    use_beijing_time();
    StoreFixture fx("store-ticket");
    auto& store = fx.store;
    auto at = beijing(2026, 11, 28, 9, 0);
    CHECK(store->submit(sample_request(), at)->ticket == "A001");
    CHECK(store->submit(sample_request(), at)->ticket == "A002");
    CHECK(store->submit(sample_request("李四", "11010519491231002X", "13800138000", "B"), at)->ticket == "B001");
    CHECK(store->submit(sample_request(), beijing(2026, 11, 28, 23, 59, 59))->ticket == "A003");
    // 00:00 Beijing is 16:00 UTC the day before: the local day decides.
    CHECK(store->submit(sample_request(), beijing(2026, 11, 29, 0, 0, 0))->ticket == "A001");
    CHECK(store->submit(sample_request("李四", "11010519491231002X", "13800138000", "B"), beijing(2026, 11, 29, 8, 0))->ticket == "B001");

    // Past 999 the number just grows: A1000.
    {
        sql::Stmt up(raw(*store), "UPDATE tickets SET last_seq=998 WHERE day='2026-11-29' AND prefix='A'");
        REQUIRE(up.run("test").ok());
    }
    CHECK(store->submit(sample_request(), beijing(2026, 11, 29, 9, 0))->ticket == "A999");
    CHECK(store->submit(sample_request(), beijing(2026, 11, 29, 9, 1))->ticket == "A1000");

    SECTION("bad prefixes are refused before anything is written") {
        for (const char* p : {"", "a", "ABC", "1"}) {
            auto r = store->submit(sample_request("张三", "11010519491231002X", "13800138000", p));
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == "store.invalid");
        }
        CHECK(count_rows(*store, "requests") == 8);
    }
}

TEST_CASE("a failure in the middle of submit leaves nothing behind") {
    StoreFixture fx("store-atomic");
    auto& store = fx.store;
    REQUIRE(store->submit(sample_request()).ok());
    // Make the outbox insert (the last step) fail: the request row and ticket number must roll back too.
    REQUIRE(sql::exec(raw(*store),
                      "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected'); END",
                      "test").ok());
    auto r = store->submit(sample_request());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "store.constraint");
    CHECK(count_rows(*store, "requests") == 1);
    CHECK(count_rows(*store, "outbox") == 1);
    CHECK(sqlite3_get_autocommit(raw(*store)) == 1);   // no transaction left open
    REQUIRE(sql::exec(raw(*store), "DROP TRIGGER fail_outbox", "test").ok());
    CHECK(store->submit(sample_request())->ticket == "A002");   // the failed one did not consume A002
}

TEST_CASE("the outbox hands out the oldest due request and enforces its state machine") {
    use_beijing_time();
    StoreFixture fx("store-outbox");
    auto& store = fx.store;
    auto t0 = beijing(2026, 11, 28, 10, 0);
    auto first = store->submit(sample_request(), t0);
    auto second = store->submit(sample_request(), t0 + std::chrono::seconds(5));
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    const std::string a = first->request_id, b = second->request_id;

    auto due = store->next_due(t0 + std::chrono::minutes(1), "K1", "S1");
    REQUIRE(due.ok());
    REQUIRE(due->has_value());
    CHECK((*due)->request_id == a);
    CHECK((*due)->state == RequestState::queued);
    CHECK((*due)->attempts == 0);
    auto body = nlohmann::json::parse((*due)->payload);
    CHECK(body["request_id"] == a);
    CHECK(body["kiosk_id"] == "K1");
    CHECK(body["ticket"] == "A001");
    CHECK(body["applicant"]["id_number"] == "11010519491231002X");

    REQUIRE(store->mark_sending(a).ok());
    REQUIRE(store->mark_retry(a, t0 + std::chrono::minutes(10), "HTTP 503").ok());
    // a waits until its retry time; b is due now.
    CHECK((*store->next_due(t0 + std::chrono::minutes(2), "K1", "S1"))->request_id == b);
    CHECK(store->next_wakeup().has_value());
    REQUIRE(store->mark_sending(b).ok());
    REQUIRE(store->mark_uploaded(b, "SRV-2", t0 + std::chrono::minutes(2)).ok());
    CHECK(*store->next_wakeup() == t0 + std::chrono::minutes(10));
    CHECK_FALSE(store->next_due(t0 + std::chrono::minutes(3), "K1", "S1")->has_value());
    auto again = store->next_due(t0 + std::chrono::minutes(10), "K1", "S1");
    REQUIRE(again->has_value());
    CHECK((*again)->request_id == a);
    CHECK((*again)->state == RequestState::retry_wait);
    CHECK((*again)->attempts == 1);

    SECTION("invalid transitions are refused and change nothing") {
        CHECK(store->mark_uploaded(b, "SRV-X", t0).error().code == "store.bad_state");   // already uploaded
        CHECK(store->mark_retry(b, t0, "x").error().code == "store.bad_state");
        CHECK(store->mark_dead_letter(b, "x").error().code == "store.bad_state");
        CHECK(store->requeue(b).error().code == "store.bad_state");
        CHECK(store->mark_uploaded(a, "", t0).error().code == "store.invalid");
        CHECK(store->mark_sending("no-such-id").error().code == "store.not_found");
        REQUIRE(store->clear(a, "processed on paper", t0).ok());
        CHECK(store->mark_uploaded(a, "SRV-1", t0).error().code == "store.bad_state");   // cleared
        CHECK(store->mark_sending(a).error().code == "store.bad_state");
        CHECK(store->clear(a, "again", t0).error().code == "store.bad_state");
        auto counts = store->counts();
        CHECK(counts->uploaded == 1);
        CHECK(counts->cleared == 1);
        CHECK(counts->pending() == 0);
    }
    SECTION("staff can retry a waiting request now") {
        REQUIRE(store->requeue(a, "wang").ok());
        auto now_due = store->next_due(t0 + std::chrono::minutes(3), "K1", "S1");
        REQUIRE(now_due->has_value());
        CHECK((*now_due)->request_id == a);
        CHECK((*now_due)->state == RequestState::queued);
        CHECK(*store->next_wakeup() <= t0);
    }
    SECTION("dead letters wait for staff, who can requeue them (audited)") {
        REQUIRE(store->mark_dead_letter(a, "HTTP 422 invalid id_number").ok());
        CHECK_FALSE(store->next_due(t0 + std::chrono::hours(1), "K1", "S1")->has_value());
        CHECK(store->counts()->dead_letter == 1);
        auto dl = store->list(RequestFilter{RequestState::dead_letter});
        REQUIRE(dl->size() == 1);
        CHECK((*dl)[0].last_error == "HTTP 422 invalid id_number");
        REQUIRE(store->requeue(a, "wang").ok());
        CHECK((*store->next_due(t0, "K1", "S1"))->request_id == a);
        auto log = store->list_audit();
        REQUIRE(log->size() == 2);
        CHECK((*log)[0].action == "request.requeue");
        CHECK((*log)[0].actor == "wang");
        CHECK((*log)[1].action == "request.dead_letter");
    }
}

TEST_CASE("a frozen payload never changes across retries, even if the kiosk id changes") {
    StoreFixture fx("store-frozen");
    auto& store = fx.store;
    auto sub = store->submit(sample_request());
    auto t = WallClock::now();
    auto first = store->next_due(t, "K1", "S1");
    REQUIRE(first->has_value());
    const std::string frozen = (*first)->payload;
    for (int i = 0; i < 3; ++i) {
        REQUIRE(store->mark_sending(sub->request_id).ok());
        REQUIRE(store->mark_retry(sub->request_id, t, "timeout").ok());
        auto again = store->next_due(t, "OTHER-KIOSK", "OTHER-STATION");
        REQUIRE(again->has_value());
        CHECK((*again)->payload == frozen);
        CHECK((*again)->attempts == i + 1);
    }
}

TEST_CASE("after a crash, a request left in 'sending' is due again on reopen") {
    TempDir dir("store-crash");
    KeyRing keys = test_keys();
    std::string id;
    {
        auto store = open_store(dir / "kiosk.db", keys);
        id = store->submit(sample_request())->request_id;
        REQUIRE(store->next_due(WallClock::now(), "K1", "S1")->has_value());
        REQUIRE(store->mark_sending(id).ok());
        CHECK_FALSE(store->next_due(WallClock::now(), "K1", "S1")->value().request_id.empty());
    }   // the "crash": closed while sending
    auto store = open_store(dir / "kiosk.db", keys);
    CHECK(store->counts()->sending == 0);
    CHECK(store->counts()->queued == 1);
    auto due = store->next_due(WallClock::now(), "K1", "S1");
    REQUIRE(due->has_value());
    CHECK((*due)->request_id == id);
    CHECK((*due)->attempts == 1);
}

TEST_CASE("a request that cannot be decrypted becomes a dead letter instead of blocking the queue") {
    TempDir dir("store-badkey");
    KeyRing keys = test_keys(1);
    auto store = open_store(dir / "kiosk.db", keys);
    const std::string id1 = store->submit(sample_request())->request_id;
    // A row whose key id is not the loaded key's (a replaced data.key is refused at open, docs/STORE.md;
    // this is the safety net for a single foreign or tampered row).
    REQUIRE(sql::exec(raw(*store), "UPDATE requests SET key_id='00000000deadbeef'", "test").ok());
    const std::string id2 = store->submit(sample_request())->request_id;
    CHECK(store->load(id1).error().code == "crypto.key_mismatch");
    auto due = store->next_due(WallClock::now(), "K1", "S1");
    REQUIRE(due.ok());
    REQUIRE(due->has_value());
    CHECK((*due)->request_id == id2);
    CHECK(store->counts()->dead_letter == 1);
}

TEST_CASE("ratings: 1 to 5 stars, once per request") {
    StoreFixture fx("store-rate");
    auto& store = fx.store;
    auto sub = store->submit(sample_request());
    CHECK(store->rate(sub->request_id, "cert.no-criminal-record", 0).error().code == "store.invalid");
    CHECK(store->rate(sub->request_id, "cert.no-criminal-record", 6).error().code == "store.invalid");
    REQUIRE(store->rate(sub->request_id, "cert.no-criminal-record", 5).ok());
    REQUIRE(store->rate(sub->request_id, "cert.no-criminal-record", 1).ok());   // ignored: first answer counts
    sql::Stmt q(raw(*store), "SELECT COUNT(*), MAX(stars) FROM ratings");
    REQUIRE(q.step() == SQLITE_ROW);
    CHECK(q.i64(0) == 1);
    CHECK(q.i64(1) == 5);
}

TEST_CASE("checkpoints happen off the resident's path: submits only append to the WAL") {
    StoreFixture fx("store-ckpt");
    auto& store = fx.store;
    REQUIRE(store->checkpoint().ok());
    const auto db = fx.dir / "kiosk.db";
    const auto before = std::filesystem::file_size(db);
    // ~8 WAL pages per submit: 200 submits pass SQLite's default 1000-page auto-checkpoint, which would
    // have written the database file inside one of these submits.
    for (int i = 0; i < 200; ++i) REQUIRE(store->submit(sample_request()).ok());
    CHECK(std::filesystem::file_size(db) == before);
    REQUIRE(store->counts().ok());   // the upload thread's periodic call checkpoints
    CHECK(std::filesystem::file_size(db) > before);
    CHECK(store->counts()->queued == 200);
}
