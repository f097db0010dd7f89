// The kiosk's event worker against a fake intake (fake_events_server.hpp) over loopback mutual TLS: events
// arrive in order and once, across a connection cut mid-answer, a broken server repeating and shuffling,
// and the intake being away for a while. And the progress query's intake path.
#include "fake_events_server.hpp"

#include "app/catalog.hpp"
#include "app/events/event_worker.hpp"
#include "app/progress.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace uptest;
using namespace kiosk;
using namespace std::chrono_literals;

namespace {

EventWorkerOptions fast_events() {
    EventWorkerOptions o;
    o.wait_s = 1;
    o.backoff = {std::chrono::milliseconds(20), std::chrono::milliseconds(200)};
    o.held_back_retry = std::chrono::milliseconds(50);
    return o;
}

// Every seq the worker handed on, in order: the "applied exactly once" record.
struct Applied {
    std::mutex mu;
    std::vector<long long> seqs;
    std::vector<std::string> tickets;
    EventWorker::AppliedFn fn() {
        return [this](const std::vector<StationEvent>& evs) {
            std::lock_guard l(mu);
            for (const auto& e : evs) { seqs.push_back(e.seq); if (e.type == EventType::call) tickets.push_back(e.ticket); }
        };
    }
    std::vector<long long> get() { std::lock_guard l(mu); return seqs; }
};

bool ordered_once(const std::vector<long long>& s, long long n) {
    if (static_cast<long long>(s.size()) != n) return false;
    for (long long i = 0; i < n; ++i) if (s[static_cast<std::size_t>(i)] != i + 1) return false;
    return true;
}

} // namespace

TEST_CASE("events worker: calls arrive in order, once, and the cursor is stored") {
    TempDir dir("events-basic");
    FakeEventsServer srv;
    REQUIRE(srv.port() > 0);
    Kiosk k(dir.path, srv.url());
    Applied applied;
    EventWorker w(*k.store, k.config, applied.fn(), {}, fast_events());
    w.start();
    for (int i = 1; i <= 5; ++i) srv.add_call("A00" + std::to_string(i), i % 3 + 1);
    REQUIRE(eventually([&] { return applied.get().size() >= 5; }));
    srv.add_call("B001", 2, true);
    REQUIRE(eventually([&] { return applied.get().size() >= 6; }));
    w.stop();
    CHECK(ordered_once(applied.get(), 6));
    CHECK(*k.store->event_cursor() == 6);
    auto st = w.status();
    CHECK(st.connected);
    CHECK(st.applied == 6);
    CHECK(st.cursor == 6);
    // The kiosk asked after what it had, never from 0 again.
    auto afters = srv.afters();
    REQUIRE_FALSE(afters.empty());
    CHECK(afters.front() == 0);
    CHECK(std::is_sorted(afters.begin(), afters.end()));
}

TEST_CASE("events worker: a connection cut mid-answer loses nothing and repeats nothing") {
    TempDir dir("events-drop");
    FakeEventsServer srv;
    Kiosk k(dir.path, srv.url());
    Applied applied;
    EventWorker w(*k.store, k.config, applied.fn(), {}, fast_events());
    srv.add_call("A001", 1);
    srv.add_call("A002", 1);
    srv.add_call("A003", 2);
    srv.drop_next(2);   // the first two answers are cut in half
    w.start();
    REQUIRE(eventually([&] { return applied.get().size() >= 3; }));
    srv.add_call("A004", 1);
    REQUIRE(eventually([&] { return applied.get().size() >= 4; }));
    w.stop();
    CHECK(ordered_once(applied.get(), 4));
    CHECK(w.status().failures >= 2);
    CHECK(*k.store->event_cursor() == 4);
}

TEST_CASE("events worker: a server that repeats and shuffles events gets each applied once, in seq order") {
    TempDir dir("events-dup");
    FakeEventsServer srv;
    Kiosk k(dir.path, srv.url());
    Applied applied;
    EventWorker w(*k.store, k.config, applied.fn(), {}, fast_events());
    srv.duplicate_and_shuffle(true);
    srv.max_per_answer(2);
    w.start();
    for (int i = 1; i <= 6; ++i) srv.add_call("C00" + std::to_string(i), 1);
    REQUIRE(eventually([&] { return *k.store->event_cursor() >= 6; }));
    w.stop();
    // Shuffled answers: an event that came after a higher seq in its batch is out of order and dropped,
    // never applied late; everything applied is applied once and in increasing order.
    auto s = applied.get();
    CHECK(std::is_sorted(s.begin(), s.end()));
    CHECK(std::set<long long>(s.begin(), s.end()).size() == s.size());
    CHECK(w.status().duplicates > 0);
}

TEST_CASE("events worker: offline it keeps retrying, and catches up from its cursor when the intake is back") {
    TempDir dir("events-offline");
    auto srv = std::make_unique<FakeEventsServer>();
    const int port = srv->port();
    Kiosk k(dir.path, srv->url());
    Applied applied;
    EventWorker w(*k.store, k.config, applied.fn(), {}, fast_events());
    w.start();
    srv->add_call("A001", 1);
    REQUIRE(eventually([&] { return applied.get().size() >= 1; }));
    srv->stop();   // the intake goes away; the kiosk goes on
    REQUIRE(eventually([&] { return !w.status().connected && w.status().failures >= 2; }));
    CHECK_FALSE(w.status().last_error.empty());
    // Back on the same port, with what happened meanwhile: the kiosk asks after 1 and gets the rest.
    srv->add_call("A002", 2);
    srv->add_call("A003", 3);
    srv->start(port);
    REQUIRE(srv->port() == port);
    REQUIRE(eventually([&] { return applied.get().size() >= 3; }));
    w.stop();
    CHECK(ordered_once(applied.get(), 3));
    CHECK(w.status().connected);
}

TEST_CASE("events worker: a done status from the desk clears the kiosk's request, with the officer in the audit") {
    TempDir dir("events-status");
    FakeEventsServer srv;
    Kiosk k(dir.path, srv.url());
    const std::string id = submit(*k.store, sample_request());
    REQUIRE(k.store->mark_sending(id).ok());
    REQUIRE(k.store->mark_uploaded(id, "S-1", WallClock::now()).ok());
    Applied applied;
    EventWorker w(*k.store, k.config, applied.fn(), {}, fast_events());
    w.start();
    srv.add_status(id, "processing");
    srv.add_status(id, "done");
    REQUIRE(eventually([&] { return applied.get().size() >= 2; }));
    w.stop();
    CHECK(*k.store->state(id) == RequestState::cleared);
    auto last = k.store->last_audit("request.clear");
    REQUIRE(last.ok());
    REQUIRE(last->has_value());
    CHECK((*last)->actor == "desk:王警官");
}

TEST_CASE("progress query: the intake's answer, its 404 and the kiosk's own record when the intake is away") {
    TempDir dir("progress");
    auto srv = std::make_unique<FakeEventsServer>();
    Kiosk k(dir.path, srv->url());
    auto cat = load_catalog(test_catalog());
    REQUIRE(cat.ok());
    const std::string ours = submit(*k.store, sample_request());
    srv->set_progress(ours, R"({"service_id":"cert.no-criminal-record","service":{"zh":"无犯罪记录证明","en":"x"},)"
                            R"("masked_name":"张*丰","desk_status":"needs_more","message":{"zh":"请补充户口本原件","en":""},)"
                            R"("updated_at":"2026-12-02T10:00:00+08:00"})");
    std::atomic<int> wakes{0};
    ProgressService ps(*k.store, k.config, *cat, [&] { ++wakes; });
    auto ask = [&](ProgressQuery q, std::uint64_t visit) {
        ps.ask(q, visit);
        REQUIRE(eventually([&] { return ps.answer(visit).outcome != ProgressOutcome::pending; }));
        return ps.answer(visit);
    };
    ProgressQuery scan;
    scan.code = ours;
    auto a = ask(scan, 1);
    REQUIRE(a.outcome == ProgressOutcome::found);
    CHECK(a.from_intake);
    CHECK(a.status == "needs_more");
    CHECK(a.message.zh == "请补充户口本原件");
    CHECK(a.masked_name == "张*丰");
    CHECK(wakes > 0);

    // Another station's receipt (a well-formed id the intake does not know, nor this kiosk): not_found,
    // exactly as for garbage.
    ProgressQuery foreign;
    foreign.code = "0f0f0f0f-1111-4222-8333-444455556666";
    CHECK(ask(foreign, 1).outcome == ProgressOutcome::not_found);
    ProgressQuery garbage;
    garbage.code = "http://evil.example/?q=1";
    CHECK(ask(garbage, 1).outcome == ProgressOutcome::not_found);

    // The intake away: the kiosk's own record, labelled (from_intake false, offline true).
    srv.reset();
    auto local = ask(scan, 2);
    REQUIRE(local.outcome == ProgressOutcome::found);
    CHECK_FALSE(local.from_intake);
    CHECK(local.offline);
    CHECK(local.status == "saved");
    CHECK(local.masked_name == "张*");
    CHECK_FALSE(local.service.empty());

    // Ticket + last four phone digits, typed.
    auto sum = k.store->summary(ours);
    REQUIRE(sum.ok());
    ProgressQuery typed;
    typed.way = ProgressWay::ticket_phone;
    typed.ticket = sum->ticket;
    typed.phone_last4 = "8000";
    CHECK(ask(typed, 3).outcome == ProgressOutcome::found);
    typed.phone_last4 = "1234";
    CHECK(ask(typed, 3).outcome == ProgressOutcome::not_found);

    // Too many tries in one visit: the fifth failure says so, and so does every later question, even a
    // right one; a new visit starts afresh.
    ProgressQuery wrong = garbage;
    ProgressOutcome last = ProgressOutcome::none;
    for (int i = 0; i < ProgressService::kMaxFailures; ++i) last = ask(wrong, 4).outcome;
    CHECK(last == ProgressOutcome::too_many);
    ps.ask(scan, 4);
    CHECK(ps.answer(4).outcome == ProgressOutcome::too_many);
    CHECK(ask(scan, 5).outcome == ProgressOutcome::found);

}

TEST_CASE("progress query by ID card: the intake's answer by number, its 404, and the kiosk's own record offline") {
    TempDir dir("progress-card");
    auto srv = std::make_unique<FakeEventsServer>();
    Kiosk k(dir.path, srv->url());
    auto cat = load_catalog(test_catalog());
    REQUIRE(cat.ok());
    const std::string ours = submit(*k.store, sample_request());   // 张三丰, 11010519491231002X
    srv->set_progress_by_id_number("11010519491231002X",
                                   R"({"service_id":"cert.no-criminal-record","name_masked":"张*丰","desk_status":"done"})");
    ProgressService ps(*k.store, k.config, *cat, [] {});
    auto ask = [&](const std::string& number, std::uint64_t visit) {
        ProgressQuery q;
        q.way = ProgressWay::card;
        q.id_number = number;
        ps.ask(q, visit);
        REQUIRE(eventually([&] { return ps.answer(visit).outcome != ProgressOutcome::pending; }));
        return ps.answer(visit);
    };
    auto a = ask("11010519491231002x", 1);   // as a reader or a person may give it: the case does not matter
    REQUIRE(a.outcome == ProgressOutcome::found);
    CHECK(a.from_intake);
    CHECK(a.status == "done");
    CHECK(a.masked_name == "张*丰");
    CHECK(srv->by_id_number_posts() >= 1);   // asked by POST: the number never in a URL

    // A number the intake does not know and this kiosk never took: not_found, the same words as any.
    CHECK(ask("110105198503121234", 1).outcome == ProgressOutcome::not_found);

    // The intake away: this kiosk's newest request with that number, labelled as the kiosk's record.
    srv.reset();
    auto local = ask("11010519491231002X", 2);
    REQUIRE(local.outcome == ProgressOutcome::found);
    CHECK_FALSE(local.from_intake);
    CHECK(local.offline);
    CHECK(local.status == "saved");
    CHECK(local.masked_name == "张*");
    auto none = ask("110105198503121234", 2);
    CHECK(none.outcome == ProgressOutcome::not_found);
    CHECK(none.offline);
    // The visit's tries limit holds for cards too.
    ProgressOutcome last = ProgressOutcome::none;
    for (int i = 0; i < ProgressService::kMaxFailures; ++i) last = ask("110105198503121234", 3).outcome;
    CHECK(last == ProgressOutcome::too_many);
    CHECK(ask("11010519491231002X", 3).outcome == ProgressOutcome::too_many);
    // The kiosk's own look-up: newest first, ids only.
    auto ids = k.store->find_by_id_number("110105 19491231 002x", WallClock::now() - std::chrono::hours(1));
    REQUIRE(ids.ok());
    REQUIRE(ids->size() == 1);
    CHECK(ids->front() == ours);
}
