// Staff mode's search box (app/staff_query.hpp + Store::list with RequestFilter::query) and what staff see
// without unmasking: the non-personal answers of a request, audit rows with tickets and display names.
#include "test_store_util.hpp"
#include "tests/test_assets.hpp"

#include "app/catalog.hpp"
#include "app/mask.hpp"
#include "app/staff_desk.hpp"
#include "app/staff_query.hpp"

using namespace kiosk;
using namespace kiosk::testing;
using Kind = StaffQuery::Kind;

TEST_CASE("the search box tells a ticket, digits and a name apart") {
    CHECK(parse_staff_query("").kind == Kind::none);
    CHECK(parse_staff_query("   ").kind == Kind::none);
    CHECK(parse_staff_query("a023").kind == Kind::ticket);
    CHECK(parse_staff_query("a023").text == "A023");
    CHECK(parse_staff_query(" B14 ").text == "B14");
    CHECK(parse_staff_query("23").kind == Kind::digits);
    CHECK(parse_staff_query("8000").kind == Kind::digits);
    CHECK(parse_staff_query("12345").kind == Kind::name);   // too long for a ticket number or a phone tail
    CHECK(parse_staff_query("张").kind == Kind::name);
    CHECK(parse_staff_query("Zhang San").kind == Kind::name);
}

TEST_CASE("a query matches tickets by number and phones by their last four digits") {
    Applicant a{"张三丰", "resident_id", "11010519491231002X", "13800138000"};
    CHECK(staff_query_matches(parse_staff_query("A023"), "A023", nullptr));
    CHECK(staff_query_matches(parse_staff_query("a23"), "A023", nullptr));
    CHECK_FALSE(staff_query_matches(parse_staff_query("B23"), "A023", nullptr));
    CHECK_FALSE(staff_query_matches(parse_staff_query("A230"), "A023", nullptr));
    CHECK(staff_query_matches(parse_staff_query("23"), "A023", nullptr));
    CHECK(staff_query_matches(parse_staff_query("023"), "B023", nullptr));
    CHECK_FALSE(staff_query_matches(parse_staff_query("24"), "A023", nullptr));
    CHECK(staff_query_matches(parse_staff_query("8000"), "A023", &a));
    CHECK_FALSE(staff_query_matches(parse_staff_query("8001"), "A023", &a));
    CHECK_FALSE(staff_query_matches(parse_staff_query("8000"), "A023", nullptr));   // no applicant: no phone match
    CHECK(staff_query_matches(parse_staff_query("三丰"), "A023", &a));
    CHECK_FALSE(staff_query_matches(parse_staff_query("李"), "A023", &a));
    CHECK(staff_query_needs_applicant(parse_staff_query("8000")));
    CHECK_FALSE(staff_query_needs_applicant(parse_staff_query("A023")));
    CHECK_FALSE(staff_query_needs_applicant(parse_staff_query("23")));
}

TEST_CASE("Store::list finds requests by ticket, phone tail and name, masked, newest first") {
    StoreFixture fx("staff-search");
    auto now = WallClock::now();
    auto zhang = fx.store->submit(sample_request("张三丰", "11010519491231002X", "13800138000"), now);
    auto li = fx.store->submit(sample_request("李四", "11010519491231002X", "13911112222"), now);
    auto wang = fx.store->submit(sample_request("王小明", "11010519491231002X", "13733338000", "B"), now);
    REQUIRE((zhang.ok() && li.ok() && wang.ok()));
    auto find = [&](const std::string& query) {
        RequestFilter f;
        f.query = query;
        auto r = fx.store->list(f);
        REQUIRE(r.ok());
        std::vector<std::string> tickets;
        for (const auto& s : *r) tickets.push_back(s.ticket);
        return tickets;
    };
    CHECK(find(zhang->ticket) == std::vector<std::string>{zhang->ticket});
    CHECK(find("2222") == std::vector<std::string>{li->ticket});
    CHECK(find("8000") == (std::vector<std::string>{wang->ticket, zhang->ticket}));   // newest first
    CHECK(find("李") == std::vector<std::string>{li->ticket});
    CHECK(find("赵").empty());
    // Results are masked like every list row: the full name never leaves the store.
    RequestFilter f;
    f.query = "三丰";
    auto rows = fx.store->list(f);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    CHECK(rows->front().masked_name == mask_name("张三丰"));
    CHECK(rows->front().masked_name != "张三丰");
    // Paging applies to the matches, not to the rows scanned.
    f.query = "8000";
    f.limit = 1;
    f.offset = 1;
    rows = fx.store->list(f);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    CHECK(rows->front().ticket == zhang->ticket);
    // Other filters still apply.
    f = RequestFilter{};
    f.query = "8000";
    f.service_id = "no.such.service";
    CHECK(fx.store->list(f)->empty());
}

namespace {
struct SearchDesk {
    TempDir dir{"staff-search-desk"};
    KeyRing keys = test_keys();
    std::unique_ptr<Store> store = std::move(*Store::open(dir / "kiosk.db", keys));
    StaffAccounts accounts{*store, 1000};
    Config cfg;
    StaffDesk desk{*store, accounts, cfg};
    SearchDesk() {
        use_beijing_time();
        REQUIRE(accounts.add("wang", "王警官", "246813").ok());
        REQUIRE(desk.login("246813").ok());
    }
};
} // namespace

TEST_CASE("staff mode shows the officer's name and audits a search by its kind only") {
    SearchDesk d;
    CHECK(d.desk.display_name() == "王警官");
    REQUIRE(d.desk.note_search("张三丰").ok());
    REQUIRE(d.desk.note_search("A023").ok());
    auto rows = d.store->list_audit(10, 0);
    REQUIRE(rows.ok());
    int searches = 0;
    for (const auto& e : *rows) {
        CHECK(e.detail.find("张") == std::string::npos);   // the typed name is never written down
        if (e.action == "request.search") {
            ++searches;
            CHECK(e.actor == "wang");
        }
    }
    CHECK(searches == 2);
    CHECK((*rows)[0].detail == "kind=ticket");
    CHECK((*rows)[1].detail == "kind=name");
    d.desk.logout();
    CHECK(d.desk.display_name().empty());
    CHECK(d.desk.note_search("A023").error().code == "staff.not_logged_in");
}

TEST_CASE("the detail's non-personal answers come without unmasking and without an audit row") {
    SearchDesk d;
    auto catalog = load_catalog(assets_dir() / "catalog");
    REQUIRE(catalog.ok());
    auto sub = d.store->submit(sample_request());
    REQUIRE(sub.ok());
    auto before = d.store->list_audit(100, 0)->size();
    auto lines = d.desk.answers(sub->request_id, *catalog, Locale::zh);
    REQUIRE(lines.ok());
    REQUIRE(lines->size() == 1);
    CHECK(lines->front().rfind("用途：", 0) == 0);    // the purpose (a choice) is shown
    for (const auto& l : *lines) CHECK(l.find("青山区") == std::string::npos);   // the address (personal) is not
    CHECK(d.store->list_audit(100, 0)->size() == before);
}

TEST_CASE("audit lines name the request's ticket and the officer's display name") {
    SearchDesk d;
    auto sub = d.store->submit(sample_request());
    REQUIRE(sub.ok());
    REQUIRE(d.desk.clear(sub->request_id, "已办结").ok());
    auto lines = d.desk.audit_lines(20);
    REQUIRE(lines.ok());
    bool found = false;
    for (const auto& l : *lines)
        if (l.entry.action == "request.clear") {
            found = true;
            CHECK(l.ticket == sub->ticket);
            CHECK(l.actor_name == "王警官");
        }
    CHECK(found);
}
