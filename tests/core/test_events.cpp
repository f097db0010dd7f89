// Station events at the kiosk: parsing the long-poll's answer, and the store applying it — in order, each
// event once, the cursor moved in the same transaction (docs/EVENTS.md).
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/events/call_board.hpp"
#include "app/events/station_event.hpp"
#include "app/store_sql.hpp"

using namespace kiosk;
using namespace kiosk::testing;

namespace {

EventBatch batch(const std::string& body) {
    auto b = parse_event_batch(body);
    INFO(body);
    REQUIRE(b.ok());
    return *b;
}

std::string call(int seq, const std::string& ticket, int window, bool recall = false) {
    return R"({"seq":)" + std::to_string(seq) + R"(,"type":"call","at":"2026-12-02T09:30:00+08:00","ticket":")" + ticket +
           R"(","window":)" + std::to_string(window) + R"(,"recall":)" + (recall ? "true" : "false") + "}";
}

std::string status(int seq, const std::string& id, const std::string& st, const std::string& msg = "") {
    return R"({"seq":)" + std::to_string(seq) + R"(,"type":"status","request_id":")" + id + R"(","status":")" + st +
           R"(","officer":"王警官","message":{"zh":")" + msg + R"(","en":""}})";
}

std::string answer(const std::vector<std::string>& evs, long long next = 0) {
    std::string s = R"({"events":[)";
    for (std::size_t i = 0; i < evs.size(); ++i) s += (i ? "," : "") + evs[i];
    return s + "],\"next\":" + std::to_string(next) + "}";
}

long long count(Store& s, const char* sql_text) {
    sql::Stmt q(raw(s), sql_text);
    REQUIRE(q.step() == SQLITE_ROW);
    return q.i64(0);
}

} // namespace

TEST_CASE("the events answer is parsed, unusable events keep their seq as unknown, a broken answer is refused") {
    auto b = batch(answer({call(3, "A023", 2), status(4, "r-1", "done"), R"({"seq":5,"type":"notice","title":"停水"})",
                           R"({"seq":6,"type":"call","ticket":"A 023; rm -rf","window":2})", R"({"seq":7,"type":"weather"})"},
                          7));
    REQUIRE(b.events.size() == 5);
    CHECK(b.next == 7);
    CHECK(b.events[0].type == EventType::call);
    CHECK(b.events[0].ticket == "A023");
    CHECK(b.events[0].window == "2");
    CHECK_FALSE(b.events[0].recall);
    CHECK(b.events[1].type == EventType::status);
    CHECK(b.events[1].officer == "王警官");
    CHECK(b.events[2].type == EventType::notice);
    CHECK(b.events[3].type == EventType::unknown);   // a ticket no banner or voice should carry
    CHECK(b.events[3].seq == 6);
    CHECK(b.events[4].type == EventType::unknown);
    CHECK(b.malformed == 2);

    for (const char* bad : {"", "[]", "{}", R"({"events":{}})", R"({"events":[{"type":"call"}]})",
                            R"({"events":[{"seq":0,"type":"call"}]})", R"({"events":[{"seq":"3"}]})", R"({"events":[1]})",
                            "{\"events\":[", R"({"events":[{"seq":-4}]})"}) {
        INFO(bad);
        auto r = parse_event_batch(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "events.bad_answer");
    }
}

TEST_CASE("events apply in order, the cursor moves with them, and a repeat or an older event is ignored") {
    StoreFixture f("events-order");
    Store& s = *f.store;
    REQUIRE(*s.event_cursor() == 0);
    const WallTime now = WallClock::now();

    auto first = s.apply_events(batch(answer({call(1, "A001", 1), call(2, "A002", 2), call(5, "B001", 3)}, 5)), now);
    REQUIRE(first.ok());
    CHECK(first->cursor == 5);
    REQUIRE(first->applied.size() == 3);
    CHECK(first->applied[0].seq == 1);
    CHECK(first->applied[2].ticket == "B001");
    CHECK(*s.event_cursor() == 5);

    // The same answer again (a response lost after commit, asked again), and one sent out of order.
    auto again = s.apply_events(batch(answer({call(2, "A002", 2), call(5, "B001", 3), call(4, "A004", 1)}, 5)), now);
    REQUIRE(again.ok());
    CHECK(again->applied.empty());
    CHECK(again->duplicates == 3);
    CHECK(again->cursor == 5);
    CHECK(count(s, "SELECT COUNT(*) FROM calls") == 3);

    // Within one batch: 7 then 6 — the 6 comes after the 7 was applied, so it is out of order and ignored.
    auto mixed = s.apply_events(batch(answer({call(7, "A007", 1), call(6, "A006", 1), call(8, "A008", 2)}, 8)), now);
    REQUIRE(mixed.ok());
    REQUIRE(mixed->applied.size() == 2);
    CHECK(mixed->applied[0].seq == 7);
    CHECK(mixed->applied[1].seq == 8);
    CHECK(mixed->duplicates == 1);

    // next beyond the last event (events for other kiosks filtered out) moves the cursor on.
    auto skip = s.apply_events(batch(answer({}, 12)), now);
    REQUIRE(skip.ok());
    CHECK(skip->cursor == 12);
    CHECK(*s.event_cursor() == 12);

    auto calls = s.recent_calls(10, now - std::chrono::minutes(1));
    REQUIRE(calls.ok());
    REQUIRE(calls->size() == 5);
    CHECK((*calls)[0].ticket == "A008");   // newest first
    CHECK((*calls)[0].window == "2");
}

TEST_CASE("the cursor is durable: a reopened store resumes after the last applied event, nothing twice") {
    TempDir dir("events-durable");
    KeyRing keys = test_keys();
    const WallTime now = WallClock::now();
    {
        auto s = open_store(dir / "kiosk.db", keys);
        REQUIRE(s->apply_events(batch(answer({call(1, "A001", 1), call(2, "A002", 1)}, 2)), now).ok());
    }
    auto s = open_store(dir / "kiosk.db", keys);
    CHECK(*s->event_cursor() == 2);
    auto r = s->apply_events(batch(answer({call(2, "A002", 1), call(3, "A003", 1)}, 3)), now);
    REQUIRE(r.ok());
    REQUIRE(r->applied.size() == 1);
    CHECK(r->applied[0].seq == 3);
    CHECK(count(*s, "SELECT COUNT(*) FROM calls") == 3);
}

TEST_CASE("a failed apply changes nothing: neither the cursor nor the events before the failure") {
    StoreFixture f("events-atomic");
    Store& s = *f.store;
    const WallTime now = WallClock::now();
    REQUIRE(s.apply_events(batch(answer({call(1, "A001", 1)}, 1)), now).ok());
    // A trigger makes the third event's insert fail inside the transaction.
    REQUIRE(sql::exec(raw(s), "CREATE TRIGGER no_b BEFORE INSERT ON calls WHEN NEW.ticket = 'B001' "
                              "BEGIN SELECT RAISE(ABORT, 'refused'); END",
                      "test trigger").ok());
    auto r = s.apply_events(batch(answer({call(2, "A002", 1), call(3, "B001", 1)}, 3)), now);
    REQUIRE_FALSE(r.ok());
    CHECK(*s.event_cursor() == 1);
    CHECK(count(s, "SELECT COUNT(*) FROM calls") == 1);
}

TEST_CASE("status events: done and rejected clear this kiosk's request with the officer as actor, needs_more keeps the message") {
    use_beijing_time();
    StoreFixture f("events-status");
    Store& s = *f.store;
    const WallTime now = WallClock::now();
    auto a = s.submit(sample_request());
    auto b = s.submit(sample_request("李四", "11010519491231002X", "13900001234"));
    auto c = s.submit(sample_request("王五"));
    REQUIRE((a.ok() && b.ok() && c.ok()));
    REQUIRE(s.mark_sending(a->request_id).ok());
    REQUIRE(s.mark_uploaded(a->request_id, "S-1", now).ok());

    auto r = s.apply_events(batch(answer({status(1, a->request_id, "done"), status(2, b->request_id, "needs_more", "请补充户口本原件"),
                                          status(3, "not-ours-id", "done"), status(4, c->request_id, "rejected", "不属于本所")},
                                         4)),
                            now);
    REQUIRE(r.ok());
    CHECK(r->cursor == 4);
    CHECK(r->skipped == 1);   // another kiosk's request
    CHECK(*s.state(a->request_id) == RequestState::cleared);
    CHECK(*s.state(b->request_id) == RequestState::queued);   // needs_more: the resident comes back
    CHECK(*s.state(c->request_id) == RequestState::cleared);  // rejected while still queued: withdrawn

    auto d = s.desk_status(b->request_id);
    REQUIRE(d.ok());
    REQUIRE(d->has_value());
    CHECK((*d)->status == "needs_more");
    CHECK((*d)->message.zh == "请补充户口本原件");

    auto audit = s.list_audit(20);
    REQUIRE(audit.ok());
    int clears = 0;
    for (const auto& e : *audit)
        if (e.action == "request.clear") {
            ++clears;
            CHECK(e.actor == "desk:王警官");
            CHECK(e.detail.find("reason=desk: ") != std::string::npos);
        }
    CHECK(clears == 2);
    CHECK(s.verify_audit().ok());

    // The purge clock started: the cleared request's PII goes after the retention period.
    auto purged = s.purge(now + std::chrono::hours(24 * 31), 30);
    REQUIRE(purged.ok());
    CHECK(*purged == 2);

    // A repeat of the done event changes nothing (and is not a second clear).
    auto again = s.apply_events(batch(answer({status(1, a->request_id, "done")}, 4)), now);
    REQUIRE(again.ok());
    CHECK(again->duplicates == 1);
}

TEST_CASE("a final status for a request being uploaded right now waits, the events before it commit") {
    StoreFixture f("events-held");
    Store& s = *f.store;
    const WallTime now = WallClock::now();
    auto a = s.submit(sample_request());
    REQUIRE(a.ok());
    REQUIRE(s.mark_sending(a->request_id).ok());
    auto r = s.apply_events(batch(answer({call(1, "A001", 1), status(2, a->request_id, "done"), call(3, "A003", 1)}, 3)), now);
    REQUIRE(r.ok());
    CHECK_FALSE(r->held_back.empty());
    CHECK(r->cursor == 1);
    CHECK(*s.state(a->request_id) == RequestState::sending);
    // The upload finishes; asked again from the cursor, the rest applies.
    REQUIRE(s.mark_uploaded(a->request_id, "S-1", now).ok());
    auto r2 = s.apply_events(batch(answer({status(2, a->request_id, "done"), call(3, "A003", 1)}, 3)), now);
    REQUIRE(r2.ok());
    CHECK(r2->held_back.empty());
    CHECK(r2->applied.size() == 2);
    CHECK(*s.state(a->request_id) == RequestState::cleared);
}

TEST_CASE("the ticket look-up finds this kiosk's request only with the right last four phone digits") {
    use_beijing_time();
    StoreFixture f("events-ticket");
    Store& s = *f.store;
    auto a = s.submit(sample_request("张三", "11010519491231002X", "13800138000"));
    REQUIRE(a.ok());
    const WallTime since = WallClock::now() - std::chrono::hours(24);
    auto hit = s.find_by_ticket(a->ticket, "8000", since);
    REQUIRE(hit.ok());
    REQUIRE(hit->size() == 1);
    CHECK(hit->front() == a->request_id);
    for (const char* wrong : {"8001", "0000", "800", ""}) {
        auto miss = s.find_by_ticket(a->ticket, wrong, since);
        REQUIRE(miss.ok());
        CHECK(miss->empty());
    }
    auto other = s.find_by_ticket("Z999", "8000", since);
    REQUIRE(other.ok());
    CHECK(other->empty());
}

TEST_CASE("the call board keeps the newest few, newest first, and a recall moves a ticket to the top") {
    CallBoard b;
    const auto t = WallClock::now();
    for (int i = 1; i <= 6; ++i) b.push(CallRecord{i, "A00" + std::to_string(i), "1", "", false, t});
    auto s = b.snapshot();
    REQUIRE(s.size() == CallBoard::kKept);
    CHECK(s[0].ticket == "A006");
    CHECK(s[3].ticket == "A003");
    const auto v = b.version();
    b.push(CallRecord{7, "A004", "2", "", true, t});
    s = b.snapshot();
    REQUIRE(s.size() == CallBoard::kKept);
    CHECK(s[0].ticket == "A004");
    CHECK(s[0].recall);
    CHECK(s[1].ticket == "A006");
    CHECK(b.version() != v);
}

TEST_CASE("a call is spoken with the ticket spelled out") {
    CHECK(call_spoken_text("A023", "2") == "请 A 零 二 三 号，到 二 号窗口办理");
    CHECK(call_spoken_text("B104", "12") == "请 B 一 零 四 号，到 十二 号窗口办理");
    CHECK(call_spoken_text("C001", "20") == "请 C 零 零 一 号，到 二十 号窗口办理");
}

TEST_CASE("a version 2 database gains the event tables at open and keeps its requests") {
    TempDir dir("events-migrate");
    KeyRing keys = test_keys();
    std::string id;
    {
        auto s = open_store(dir / "kiosk.db", keys);
        auto sub = s->submit(sample_request());
        REQUIRE(sub.ok());
        id = sub->request_id;
        // Make it look like a file written by the version 2 code.
        REQUIRE(sql::exec(raw(*s), "DROP TABLE event_cursor; DROP TABLE calls; DROP TABLE desk_status; DROP TABLE notices; "
                                   "DROP INDEX requests_by_ticket; PRAGMA user_version = 2;",
                          "test downgrade").ok());
    }
    auto s = open_store(dir / "kiosk.db", keys);
    CHECK(count(*s, "PRAGMA user_version") == Store::kSchemaVersion);
    CHECK(*s->event_cursor() == 0);
    CHECK(s->apply_events(batch(answer({call(1, "A001", 1)}, 1)), WallClock::now()).ok());
    CHECK(*s->state(id) == RequestState::queued);
}

// The shapes kiosk-intake (branch desk-server, server/intake_sqlite_desk.cpp) writes, as of 2026-12-02:
// calls carry the window as a number and may say "transfer"; statuses carry kiosk_id and no officer.
TEST_CASE("events as kiosk-intake writes them apply: numeric window, transfer flag, a status without officer") {
    StoreFixture f("events-intake-shapes");
    Store& s = *f.store;
    auto a = s.submit(sample_request());
    REQUIRE(a.ok());
    const std::string body =
        R"({"events":[{"seq":1,"type":"call","at":"2026-12-02T09:30:05+08:00","ticket":"A023","window":2,"recall":false},)"
        R"({"seq":2,"type":"call","at":"2026-12-02T09:31:00+08:00","ticket":"A023","window":3,"recall":false,"transfer":true},)"
        R"({"seq":3,"type":"status","at":"2026-12-02T09:40:00+08:00","request_id":")" + a->request_id +
        R"(","kiosk_id":"QS-QHJ-01","status":"rejected","message":{"zh":"不属于本所受理范围","en":""}}],"next":3})";
    auto r = s.apply_events(batch(body), WallClock::now());
    REQUIRE(r.ok());
    REQUIRE(r->applied.size() == 3);
    CHECK(r->applied[1].window == "3");
    CHECK(*s.state(a->request_id) == RequestState::cleared);
    auto last = s.last_audit("request.clear");
    REQUIRE(last.ok());
    REQUIRE(last->has_value());
    CHECK((*last)->actor == "desk");   // no officer in the event: the desk as a whole
}
