// The PostgreSQL store where several instances share one database (issue #18): exactly once across
// instances, gapless event seqs under concurrent calls, migrations applied once when instances start
// together, NOTIFY waking the other instance's long-polls (outages, keys and migration: test_pg_recovery.cpp).
// [pg]: the "server(pg): " pass only (tests/server/CMakeLists.txt).
#include "pg_test_util.hpp"

#include "app/crypto.hpp"
#include "server/desk_cli.hpp"
#include "server/event_hub.hpp"
#include "server/intake_pg.hpp"
#include "server/intake_store.hpp"

#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <thread>

using namespace svtest;
using namespace std::chrono_literals;


namespace {

// Holds today's day counter row locked (as a store's transaction does) until release(): stores started
// meanwhile wait, so they pile up into the group commit's next batch whatever the machine's timing.
class CounterLock {
public:
    explicit CounterLock(const std::string& uri) : c_(PQconnectdb(uri.c_str())) {
        ok_ = PQstatus(c_) == CONNECTION_OK && run("BEGIN") &&
              run("INSERT INTO day_counters(day, n) VALUES('" + intake::today_compact() +
                  "', 0) ON CONFLICT(day) DO UPDATE SET n = day_counters.n");
    }
    ~CounterLock() { PQfinish(c_); }
    bool ok() const { return ok_; }
    bool release() { return run("COMMIT"); }

private:
    bool run(const std::string& sql) {
        PGresult* r = PQexec(c_, sql.c_str());
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        return ok;
    }
    PGconn* c_;
    bool ok_ = false;
};

// Waits (bounded) until `n` sessions of the test database wait for a lock: the stores' leaders.
bool lock_waiters(const std::string& uri, int n) {
    for (int i = 0; i < 500; ++i) {
        if (scalar(uri, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                        "wait_event_type = 'Lock'") == std::to_string(n))
            return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

} // namespace


TEST_CASE("pg: two instances given the same request at the same moment — one created, one replay — another payload conflicts", "[pg]") {
    REQUIRE(testing_pg());
    TestDb db;
    auto a = open_store(db), b = open_store(db);
    for (int round = 0; round < 20; ++round) {
        const auto rec = pg_record("A" + std::to_string(100 + round));
        std::barrier start(2);
        intake::StoreOutcome out[2];
        bool ok[2] = {false, false};
        auto racer = [&](int i, intake::IntakeStore& s) {
            start.arrive_and_wait();
            auto r = s.store(rec);
            ok[i] = r.ok();
            if (r) out[i] = *r;
        };
        std::thread t1(racer, 0, std::ref(*a)), t2(racer, 1, std::ref(*b));
        t1.join();
        t2.join();
        REQUIRE(ok[0]);
        REQUIRE(ok[1]);
        const int created = (out[0].kind == intake::StoreKind::created) + (out[1].kind == intake::StoreKind::created);
        const int replay = (out[0].kind == intake::StoreKind::replay) + (out[1].kind == intake::StoreKind::replay);
        CHECK(created == 1);
        CHECK(replay == 1);
        CHECK(out[0].response == out[1].response);   // the replay answers with the stored body
    }
    CHECK(a->rows()->size() == 20);
    // The same key with another payload, on the other instance: a conflict, nothing stored.
    auto first = pg_record("B001");
    REQUIRE(a->store(first)->kind == intake::StoreKind::created);
    auto changed = pg_record("B001", first.request_id, "-changed");
    CHECK(b->store(changed)->kind == intake::StoreKind::conflict);
    CHECK(b->store(pg_record("B001"))->kind == intake::StoreKind::ticket_taken);
    CHECK(b->rows()->size() == 21);
    auto v = b->verify_audit();
    REQUIRE(v);
    CHECK(v->ok);
    CHECK(v->rows == 21);   // one request.received per stored request, one chain across both instances
}

TEST_CASE("pg: stores at once on two instances share transactions (group commit) and each is answered as if alone", "[pg]") {
    REQUIRE(testing_pg());
    TestDb db;
    auto a = open_store(db), b = open_store(db);
    constexpr int kRecords = 24;
    std::vector<intake::NewRecord> recs;
    for (int i = 0; i < kRecords; ++i) recs.push_back(pg_record("C" + std::to_string(100 + i)));
    // Who sends what: every record on its instance; the first 8 again on the other one (a kiosk's resend);
    // 4 with the key of records 8–11 but another payload; 4 new ids with the tickets of records 16–19.
    struct Send {
        intake::NewRecord rec;
        int instance;
        std::string group;   // records with the same request_id share a group; "t:…" a ticket
    };
    std::vector<Send> sends;
    for (int i = 0; i < kRecords; ++i) sends.push_back({recs[i], i % 2, recs[i].request_id});
    for (int i = 0; i < 8; ++i) sends.push_back({recs[i], 1 - i % 2, recs[i].request_id});
    for (int i = 8; i < 12; ++i) sends.push_back({pg_record(recs[i].ticket, recs[i].request_id, "-other"), 1 - i % 2, recs[i].request_id});
    for (int i = 16; i < 20; ++i) sends.push_back({pg_record(recs[i].ticket), 1 - i % 2, "t:" + recs[i].ticket});

    CounterLock blocker(db.spec());
    REQUIRE(blocker.ok());
    std::vector<std::optional<intake::StoreOutcome>> outs(sends.size());
    std::atomic<int> entered{0};
    std::vector<std::thread> ts;
    for (std::size_t i = 0; i < sends.size(); ++i)
        ts.emplace_back([&, i] {
            ++entered;
            auto r = (sends[i].instance ? *b : *a).store(sends[i].rec);
            if (r) outs[i] = *r;
        });
    // Both instances' leaders wait for the counter row; everyone else queues behind them.
    REQUIRE(lock_waiters(db.spec(), 2));
    while (entered < static_cast<int>(sends.size())) std::this_thread::sleep_for(5ms);
    std::this_thread::sleep_for(100ms);   // the last ones from entering to queued (not asserted on)
    REQUIRE(blocker.release());
    for (auto& t : ts) t.join();

    std::map<std::string, std::string> created;   // group → the stored answer
    for (std::size_t i = 0; i < sends.size(); ++i) {
        INFO("send " << i);
        REQUIRE(outs[i]);
        if (outs[i]->kind == intake::StoreKind::created) {
            CHECK(created.count(sends[i].group) == 0);
            created[sends[i].group] = outs[i]->response;
        }
    }
    for (std::size_t i = 0; i < sends.size(); ++i) {
        INFO("send " << i);
        const auto kind = outs[i]->kind;
        const auto& g = sends[i].group;
        if (g.rfind("t:", 0) == 0) {   // a new id on a taken ticket: refused, or it won and the original was
            const auto& orig = recs[std::stoi(g.substr(3)) - 100];
            CHECK((kind == intake::StoreKind::ticket_taken) != (created.count(orig.request_id) == 0));
            continue;
        }
        if (kind == intake::StoreKind::replay) CHECK(outs[i]->response == created[g]);
        if (kind == intake::StoreKind::ticket_taken) CHECK(created.count(g) == 0);
    }
    // Each request id stored once, each ticket once; server refs 1…N without gaps; one chain.
    auto rows = a->rows();
    REQUIRE(rows);
    CHECK(rows->size() == kRecords);
    std::set<std::string> refs;
    for (const auto& r : *rows) refs.insert(r.server_ref.substr(r.server_ref.size() - 6));
    CHECK(refs.size() == kRecords);
    CHECK(*refs.begin() == "000001");
    CHECK(*refs.rbegin() == "0000" + std::to_string(kRecords));
    auto v = b->verify_audit();
    REQUIRE(v);
    CHECK(v->ok);
    CHECK(v->rows == kRecords);
    // Rows written by one transaction share its xmin: fewer transactions than requests means they were batched.
    CHECK(std::stoi(scalar(db.spec(), "SELECT count(DISTINCT xmin::text) FROM requests")) < kRecords / 2);
}

TEST_CASE("pg: a record the database refuses fails alone — the rest of its batch is stored", "[pg]") {
    REQUIRE(testing_pg());
    TestDb db;
    auto a = open_store(db);
    std::vector<intake::NewRecord> recs;
    for (int i = 0; i < 6; ++i) recs.push_back(pg_record("D" + std::to_string(100 + i)));
    recs[3].kiosk_id = "QS-\xff";   // not UTF-8: PostgreSQL refuses the statement that carries it
    recs[1].service_id = R"(cert."quoted"\back,{x})";   // array syntax inside a value (arrays + unnest)
    CounterLock blocker(db.spec());
    REQUIRE(blocker.ok());
    std::vector<std::optional<kiosk::Result<intake::StoreOutcome>>> outs(recs.size());
    std::atomic<int> entered{0};
    std::vector<std::thread> ts;
    for (std::size_t i = 0; i < recs.size(); ++i)
        ts.emplace_back([&, i] {
            ++entered;
            outs[i] = a->store(recs[i]);
        });
    REQUIRE(lock_waiters(db.spec(), 1));
    while (entered < static_cast<int>(recs.size())) std::this_thread::sleep_for(5ms);
    std::this_thread::sleep_for(100ms);
    REQUIRE(blocker.release());
    for (auto& t : ts) t.join();
    for (std::size_t i = 0; i < recs.size(); ++i) {
        INFO("record " << i);
        if (i == 3) {
            REQUIRE(!*outs[i]);
            CHECK(outs[i]->error().code == "intake.db");
        } else {
            REQUIRE(*outs[i]);
            CHECK((*outs[i])->kind == intake::StoreKind::created);
        }
    }
    auto rows = a->rows();
    REQUIRE(rows);
    CHECK(rows->size() == 5);
    CHECK(std::count_if(rows->begin(), rows->end(), [&](const intake::Row& r) { return r.service_id == recs[1].service_id; }) == 1);
    auto v = a->verify_audit();
    REQUIRE(v);
    CHECK(v->ok);
    CHECK(v->rows == 5);
}

TEST_CASE("pg: desks on two instances calling at once — every ticket called once, event seqs unique and gapless", "[pg]") {
    REQUIRE(testing_pg());
    TestDb db;
    auto a = open_store(db), b = open_store(db);
    constexpr int kTickets = 30;
    std::vector<intake::NewRecord> batch;
    for (int i = 0; i < kTickets; ++i) batch.push_back(pg_record("A" + std::to_string(200 + i)));
    REQUIRE(a->store_batch(batch));
    const std::string day = batch[0].created_at.substr(0, 10);
    std::mutex mu;
    std::vector<std::string> called;
    std::atomic<int> failures{0};
    auto desk = [&](intake::IntakeStore& s, int window) {
        for (;;) {
            auto t = s.call_next("qingshan-qinghe", day, window, {}, "officer" + std::to_string(window));
            if (!t) {
                if (t.error().code != "desk.none_waiting") ++failures;
                return;
            }
            std::lock_guard lock(mu);
            called.push_back(t->ticket);
        }
    };
    std::thread t1(desk, std::ref(*a), 1), t2(desk, std::ref(*b), 2), t3(desk, std::ref(*a), 3), t4(desk, std::ref(*b), 4);
    t1.join();
    t2.join();
    t3.join();
    t4.join();
    CHECK(failures == 0);
    CHECK(called.size() == kTickets);
    CHECK(std::set<std::string>(called.begin(), called.end()).size() == kTickets);
    auto ev = b->events_after("qingshan-qinghe", 0, 1000);
    REQUIRE(ev);
    REQUIRE(ev->size() == kTickets);
    for (int i = 0; i < kTickets; ++i) CHECK((*ev)[i].seq == i + 1);
    CHECK(*a->last_event_seq("qingshan-qinghe") == kTickets);
    CHECK(a->verify_audit()->ok);
}

TEST_CASE("pg: instances starting together apply each migration once", "[pg]") {
    REQUIRE(testing_pg());
    TestDb db;
    std::barrier start(4);
    std::atomic<int> opened{0};
    std::vector<std::thread> ts;
    std::vector<std::string> errors(4);
    for (int i = 0; i < 4; ++i)
        ts.emplace_back([&, i] {
            start.arrive_and_wait();
            auto s = db.open();
            if (s) ++opened;
            else errors[i] = s.error().message;
        });
    for (auto& t : ts) t.join();
    for (const auto& e : errors) CHECK(e == "");   // the message, when one failed
    CHECK(opened == 4);
    const std::string n = std::to_string(intake::PgIntakeStore::kSchemaVersion);
    CHECK(scalar(db.spec(), "SELECT count(*) FROM schema_migrations") == n);
    auto again = open_store(db);   // and once more, later: nothing to do
    CHECK(scalar(db.spec(), "SELECT count(*) FROM schema_migrations") == n);
    CHECK(scalar(db.spec(), "SELECT max(version) FROM schema_migrations") == n);
}

TEST_CASE("pg: a call committed on one instance wakes a long-poll waiting on the other", "[pg]") {
    REQUIRE(testing_pg());
    TestDb db;
    auto a = open_store(db), b = open_store(db);
    REQUIRE(a->store(pg_record("A300")));
    intake::EventHub hub_b;   // instance B's hub: nothing on B itself will notify it
    auto watch = b->watch_events(hub_b);
    // The watcher wakes its hub once when it has connected (it may have missed notifications before).
    auto seen = hub_b.wait(0, std::chrono::steady_clock::now() + 10s);
    REQUIRE(seen != 0);
    std::this_thread::sleep_for(200ms);
    seen = hub_b.generation();
    CHECK(hub_b.wait(seen, std::chrono::steady_clock::now() + 300ms) == seen);   // idle: nothing wakes it
    const auto before = std::chrono::steady_clock::now();
    REQUIRE(a->call_next("qingshan-qinghe", pg_record("X").created_at.substr(0, 10), 1, {}, "officer1"));
    const auto now = hub_b.wait(seen, std::chrono::steady_clock::now() + 5s);
    CHECK(now != seen);
    CHECK(std::chrono::steady_clock::now() - before < 2s);
    CHECK(b->events_after("qingshan-qinghe", 0, 10)->size() == 1);
    watch.reset();   // stops its thread
}
