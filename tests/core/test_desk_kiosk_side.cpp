// The kiosk's side of the station desk (issue 14): [kiosk] ticket_mark in tickets, the heartbeat's audit
// head / anchor / help / ratings, the intake's anchor_seq answer, the store's audit_head and audit_at.
#include "test_store_util.hpp"

#include "app/config.hpp"
#include "app/upload/heartbeat.hpp"

#include <nlohmann/json.hpp>

using namespace kiosk;
using namespace kiosk::testing;

TEST_CASE("ticket_mark: one digit between the letter and the number; anything else is refused") {
    CHECK(parse_config("", "kiosk.toml")->kiosk.ticket_mark.empty());
    CHECK(parse_config("[kiosk]\nticket_mark = \"1\"\n", "kiosk.toml")->kiosk.ticket_mark == "1");
    for (const char* bad : {"\"12\"", "\"A\"", "\"-\"", "1"}) {
        auto r = parse_config(std::string("[kiosk]\nticket_mark = ") + bad + "\n", "kiosk.toml");
        INFO(bad);
        REQUIRE_FALSE(r);
        CHECK(r.error().message.find("kiosk.ticket_mark") != std::string::npos);
    }
    use_beijing_time();
    StoreFixture fx("store-ticket-mark");
    auto at = beijing(2026, 11, 28, 9, 0);
    CHECK(fx.store->submit(sample_request(), at)->ticket == "A001");
    fx.store->set_ticket_mark("2");
    CHECK(fx.store->submit(sample_request(), at)->ticket == "A2002");
    auto stored = fx.store->load(fx.store->submit(sample_request("李四", "11010519491231002X", "13800138000", "B"), at)->request_id);
    REQUIRE(stored);
    CHECK(stored->sub.ticket == "B2001");
    CHECK(stored->req.ticket_prefix == "B");   // the letter is still read back as the category's prefix
}

TEST_CASE("heartbeat: audit head and anchor, help flag, ratings; anchor_seq read from the answer") {
    use_beijing_time();
    StoreFixture fx("store-heartbeat");
    CHECK_FALSE(*fx.store->audit_head());
    for (int i = 0; i < 3; ++i) REQUIRE(fx.store->append_audit(WallClock::now(), "system", "test", "row"));
    auto head = fx.store->audit_head();
    REQUIRE(head);
    REQUIRE(*head);
    CHECK((*head)->seq == 3);
    auto at2 = fx.store->audit_at(2);
    REQUIRE(at2);
    REQUIRE(*at2);
    CHECK((*at2)->seq == 2);
    CHECK_FALSE(*fx.store->audit_at(9));
    REQUIRE(fx.store->rate("r1", "cert.no-criminal-record", 5));
    REQUIRE(fx.store->rate("r2", "cert.no-criminal-record", 3));
    auto ratings = fx.store->ratings_by_day("2000-01-01");
    REQUIRE(ratings);
    REQUIRE(ratings->size() == 1);
    CHECK(ratings->front().count == 2);
    CHECK(ratings->front().sum == 8);

    HeartbeatExtras x;
    x.audit_head = **head;
    x.audit_at_anchor = **at2;
    x.help_requested = true;
    x.ratings = *ratings;
    auto j = nlohmann::json::parse(heartbeat_body(Config{}, {}, PrinterState::ok, 1, WallClock::now(), x));
    CHECK(j["audit_head"]["seq"] == 3);
    CHECK(j["audit_head"]["hash"] == (*head)->hash);
    CHECK(j["audit_at_anchor"]["seq"] == 2);
    CHECK(j["audit_at_anchor"]["hash"] == (*at2)->hash);
    CHECK(j["help_requested"] == true);
    CHECK(j["ratings"][0]["sum"] == 8);
    auto plain = nlohmann::json::parse(heartbeat_body(Config{}, {}, PrinterState::ok, 1, WallClock::now()));
    CHECK(plain["audit_head"]["seq"] == 0);
    CHECK_FALSE(plain.contains("audit_at_anchor"));
    CHECK(plain["help_requested"] == false);

    CHECK(heartbeat_anchor_seq(R"({"anchor_seq":7})") == 7);
    CHECK_FALSE(heartbeat_anchor_seq(""));              // 204 from an older intake
    CHECK_FALSE(heartbeat_anchor_seq(R"({"anchor_seq":0})"));
    CHECK_FALSE(heartbeat_anchor_seq(R"({"anchor_seq":"7"})"));
    CHECK_FALSE(heartbeat_anchor_seq("not json"));
}
