// Store point lookups (state, summary) and what list() decrypts: a request is found by its id without
// listing, in every state, and an unknown id is store.not_found.
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/store_sql.hpp"

using namespace kiosk;
using namespace kiosk::testing;

namespace {

// One request in each state of DESIGN.md's life cycle, all submitted at t0.
struct EveryState : StoreFixture {
    EveryState() : StoreFixture("store-lookup") {
        use_beijing_time();
        for (int i = 0; i < 7; ++i) {
            auto sub = store->submit(sample_request("张三丰", "11010519491231002X", "13800138000"), t0);
            REQUIRE(sub.ok());
            ids.push_back(sub->request_id);
        }
        REQUIRE(store->mark_sending(id(RequestState::sending)).ok());
        REQUIRE(store->mark_sending(id(RequestState::retry_wait)).ok());
        REQUIRE(store->mark_retry(id(RequestState::retry_wait), t0 + std::chrono::minutes(5), "HTTP 503").ok());
        REQUIRE(store->mark_sending(id(RequestState::uploaded)).ok());
        REQUIRE(store->mark_uploaded(id(RequestState::uploaded), "SRV-1", t0).ok());
        REQUIRE(store->mark_sending(id(RequestState::dead_letter)).ok());
        REQUIRE(store->mark_dead_letter(id(RequestState::dead_letter), "422 field purpose").ok());
        REQUIRE(store->clear(id(RequestState::cleared), "processed on paper", t0).ok());
        REQUIRE(store->clear(id(RequestState::purged), "processed on paper", t0 - std::chrono::hours(24 * 40)).ok());
        auto n = store->purge(t0, 30);
        REQUIRE(n.ok());
        REQUIRE(*n == 1);
    }
    const std::string& id(RequestState s) const { return ids[static_cast<std::size_t>(s)]; }
    WallTime t0 = beijing(2026, 11, 28, 10, 0);
    std::vector<std::string> ids;   // indexed by RequestState
};

constexpr RequestState kAll[] = {RequestState::queued,      RequestState::sending, RequestState::retry_wait,
                                 RequestState::uploaded,    RequestState::dead_letter, RequestState::cleared,
                                 RequestState::purged};

} // namespace

TEST_CASE_METHOD(EveryState, "state(id) answers each state of the life cycle") {
    for (RequestState s : kAll) {
        INFO(state_name(s));
        auto got = store->state(id(s));
        REQUIRE(got.ok());
        CHECK(*got == s);
    }
}

TEST_CASE_METHOD(EveryState, "summary(id) is the row list() shows, masked, in each state") {
    auto all = store->list(RequestFilter{std::nullopt, "", "", 100, 0});
    REQUIRE(all.ok());
    REQUIRE(all->size() == 7);
    for (RequestState s : kAll) {
        INFO(state_name(s));
        auto got = store->summary(id(s));
        REQUIRE(got.ok());
        CHECK(got->request_id == id(s));
        CHECK(got->state == s);
        const RequestSummary* listed = nullptr;
        for (const auto& r : *all)
            if (r.request_id == id(s)) listed = &r;
        REQUIRE(listed);
        CHECK(got->ticket == listed->ticket);
        CHECK(got->created_at == listed->created_at);
        CHECK(got->attempts == listed->attempts);
        CHECK(got->last_error == listed->last_error);
        CHECK(got->cleared_reason == listed->cleared_reason);
        CHECK(got->server_ref == listed->server_ref);
        CHECK(got->masked_name == listed->masked_name);
        CHECK(got->masked_id == listed->masked_id);
        CHECK(got->masked_phone == listed->masked_phone);
        if (s == RequestState::purged) {
            CHECK(got->masked_name.empty());   // nothing left to decrypt
        } else {
            CHECK(got->masked_name == "张*丰");
            CHECK(got->masked_id == "1101**********002X");
            CHECK(got->masked_phone == "138****8000");
        }
    }
    CHECK(store->summary(id(RequestState::uploaded))->server_ref == "SRV-1");
    CHECK(store->summary(id(RequestState::dead_letter))->last_error == "422 field purpose");
    CHECK(store->summary(id(RequestState::retry_wait))->attempts == 1);
    CHECK(store->summary(id(RequestState::cleared))->cleared_reason == "processed on paper");
}

TEST_CASE("state(id) and summary(id) of an unknown id are store.not_found") {
    StoreFixture fx("store-lookup-none");
    REQUIRE(fx.store->submit(sample_request()).ok());
    const std::string unknown = "00000000-0000-4000-8000-000000000000";
    auto s = fx.store->state(unknown);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "store.not_found");
    auto m = fx.store->summary(unknown);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().code == "store.not_found");
    CHECK(fx.store->summary("").error().code == "store.not_found");
}

TEST_CASE("a list without masks decrypts nothing: an unreadable row still lists, unmarked") {
    StoreFixture fx("store-lookup-nomask");
    auto sub = fx.store->submit(sample_request());
    REQUIRE(sub.ok());
    // Damage the sealed PII: a masked list shows "?" for it; an unmasked one never opens it.
    REQUIRE(sql::exec(raw(*fx.store), "UPDATE requests SET pii = zeroblob(64)", "test").ok());
    auto masked = fx.store->list(RequestFilter{});
    REQUIRE(masked.ok());
    REQUIRE(masked->size() == 1);
    CHECK(masked->front().masked_name == "?");
    CHECK(fx.store->summary(sub->request_id)->masked_name == "?");
    RequestFilter plain;
    plain.masked = false;
    auto rows = fx.store->list(plain);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    CHECK(rows->front().request_id == sub->request_id);
    CHECK(rows->front().ticket == sub->ticket);
    CHECK(rows->front().masked_name.empty());
    CHECK(rows->front().masked_id.empty());
}
