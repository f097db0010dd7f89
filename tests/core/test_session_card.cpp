// Session: the identity from the ID-card reader. A card on attract/home starts a visit and fills the
// identity once a service is chosen (and the address where its form asks); on the identity step it
// fills at once; 手动填写 wipes what the card gave; the request records card or typed; every wipe of a
// visit drops the held card.
#include "app/reader/card_fill.hpp"
#include "app/request.hpp"
#include "app/session.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

Catalog card_catalog() {
    Catalog c;
    c.version = "test.1";
    c.categories.push_back({"hukou", "B", {"户籍", "Household"}, {}, "doc"});
    Service s;
    s.id = "hukou.move";
    s.category = "hukou";
    s.name = {"户口迁移", "Hukou transfer"};
    FieldSpec addr;
    addr.id = "current_address";
    addr.type = FieldType::address;
    addr.label = {"现住址", "Current address"};
    addr.pii = true;
    s.form = {addr};
    c.services.push_back(s);
    Service plain = s;
    plain.id = "hukou.info";
    plain.form.clear();
    c.services.push_back(plain);
    Service anon = plain;
    anon.id = "info.anon";
    anon.needs_identity = false;
    c.services.push_back(anon);
    return c;
}

CardIdentityFill card(bool expired = false) {
    return CardIdentityFill{"张小明", "resident_id", "110105198503121234", "北京市朝阳区青和路88号院3号楼2单元501室", expired};
}

struct Fixture {
    Catalog cat = card_catalog();
    std::vector<NewRequest> submitted;
    Session s{cat, SessionOptions{}, [this](const NewRequest& r) -> Result<SubmittedRequest> {
                  submitted.push_back(r);
                  return SubmittedRequest{"00000000-0000-4000-8000-000000000001", "B001", "2026-12-02T10:00:00+08:00"};
              },
              SessionClocks{[] { return std::chrono::steady_clock::time_point{} + 1000s; }, [] { return Date{2026, 12, 2}; },
                            [] { return std::string("2026-12-02T10:00:00+08:00"); }}};

    void submit_from_identity() {
        s.set_value(Session::kPhone, "13800138000");
        REQUIRE(s.next());   // identity → fields or review
        while (s.step() == Step::fields) REQUIRE(s.next());
        REQUIRE(s.step() == Step::review);
        REQUIRE(s.next());
        s.set_consent(true);
        REQUIRE(s.next());
        REQUIRE(s.step() == Step::done);
    }
};

} // namespace

TEST_CASE_METHOD(Fixture, "a card on the attract screen starts a visit and fills the identity of the service chosen") {
    REQUIRE(s.step() == Step::attract);
    s.put_card(card());
    CHECK(s.step() == Step::home);
    CHECK(s.card_held());
    CHECK(s.value(Session::kName).empty());   // nothing shown before a service is chosen
    s.choose_service("hukou.move");
    CHECK_FALSE(s.card_held());
    CHECK(s.identity_from_card());
    CHECK(s.value(Session::kName) == "张小明");
    CHECK(s.value(Session::kIdType) == "resident_id");
    CHECK(s.value(Session::kIdNumber) == "110105198503121234");
    CHECK(s.value("current_address") == "北京市朝阳区青和路88号院3号楼2单元501室");
    CHECK(s.from_card(Session::kIdNumber));
    CHECK(s.from_card("current_address"));
    CHECK_FALSE(s.from_card(Session::kPhone));
    REQUIRE(s.next());   // service → identity
    REQUIRE(s.step() == Step::identity);
    submit_from_identity();
    REQUIRE(submitted.size() == 1);
    CHECK(submitted[0].applicant.source == "card");
    CHECK(submitted[0].applicant.name == "张小明");
    CHECK(submitted[0].fields.at("current_address") == "北京市朝阳区青和路88号院3号楼2单元501室");
}

TEST_CASE_METHOD(Fixture, "typed identities are recorded as typed") {
    s.activity();
    s.choose_service("hukou.info");
    REQUIRE(s.next());
    s.set_value(Session::kName, "李四");
    s.set_value(Session::kIdNumber, "11010519491231002X");
    submit_from_identity();
    REQUIRE(submitted.size() == 1);
    CHECK(submitted[0].applicant.source == "typed");
}

TEST_CASE_METHOD(Fixture, "a card on the identity step fills at once, replacing what was typed") {
    s.activity();
    s.choose_service("hukou.info");
    REQUIRE(s.next());
    s.set_value(Session::kName, "别人");
    s.put_card(card());
    CHECK(s.value(Session::kName) == "张小明");
    CHECK(s.identity_from_card());
    SECTION("手动填写 wipes the card's values and the identity becomes typed") {
        s.type_identity();
        CHECK_FALSE(s.identity_from_card());
        CHECK(s.value(Session::kName).empty());
        CHECK(s.value(Session::kIdNumber).empty());
        CHECK_FALSE(s.from_card(Session::kName));
        s.set_value(Session::kName, "张小明");
        s.set_value(Session::kIdNumber, "110105198503121234");
        submit_from_identity();
        CHECK(submitted.at(0).applicant.source == "typed");
    }
    SECTION("typing over a card value makes it typed") {
        s.set_value(Session::kName, "张晓明");
        CHECK_FALSE(s.identity_from_card());
        submit_from_identity();
        CHECK(submitted.at(0).applicant.source == "typed");
    }
}

TEST_CASE_METHOD(Fixture, "an expired card is filled and flagged") {
    s.put_card(card(true));
    s.choose_service("hukou.info");
    CHECK(s.identity_from_card());
    CHECK(s.card_expired());
}

TEST_CASE_METHOD(Fixture, "a held card survives a service without identity, and dies with the visit") {
    s.put_card(card());
    s.choose_service("info.anon");
    CHECK(s.card_held());
    s.choose_service("hukou.info");
    CHECK(s.identity_from_card());
    s.go_home();
    CHECK_FALSE(s.identity_from_card());
    CHECK_FALSE(s.card_held());
    CHECK(s.value(Session::kName).empty());
    s.put_card(card());
    CHECK(s.card_held());
    s.reset();
    CHECK_FALSE(s.card_held());
}

TEST_CASE_METHOD(Fixture, "a card put on in the middle of a form is ignored") {
    s.activity();
    s.choose_service("hukou.move");
    REQUIRE(s.next());
    s.set_value(Session::kName, "李四");
    s.set_value(Session::kIdNumber, "11010519491231002X");
    s.set_value(Session::kPhone, "13800138000");
    REQUIRE(s.next());
    REQUIRE(s.step() == Step::fields);
    s.put_card(card());
    CHECK(s.value(Session::kName) == "李四");
    CHECK_FALSE(s.identity_from_card());
}

TEST_CASE("identity_fill: resident ID and HK/MO/TW permit fill, permanent residence cards do not") {
    reader::CardRead r;
    r.identity.kind = reader::CardKind::resident_id;
    r.identity.name = "张小明";
    r.identity.id_number = "110105198503121234";
    r.checks.expired = true;
    auto f = reader::identity_fill(r);
    REQUIRE(f);
    CHECK(f->id_type == "resident_id");
    CHECK(f->expired);
    r.identity.kind = reader::CardKind::hmt_permit;
    CHECK(reader::identity_fill(r)->id_type == "hmt_residence_permit");
    r.identity.kind = reader::CardKind::foreign_pr_2023;
    CHECK_FALSE(reader::identity_fill(r));
}

TEST_CASE("applicant.source on the wire: written when known, optional, only card or typed") {
    StoredRequest r;
    r.req.service_id = "hukou.info";
    r.req.catalog_version = "test.1";
    r.req.applicant = {"张小明", "resident_id", "110105198503121234", "13800138000", "card"};
    r.sub = {"00000000-0000-4000-8000-000000000001", "B001", "2026-12-02T10:00:00+08:00"};
    nlohmann::json j = to_wire(r, "K1", "S1");
    CHECK(j["applicant"]["source"] == "card");
    auto back = from_wire(j);
    REQUIRE(back.ok());
    CHECK(back->request.req.applicant.source == "card");
    SECTION("an older payload without it still parses") {
        j["applicant"].erase("source");
        auto old = from_wire(j);
        REQUIRE(old.ok());
        CHECK(old->request.req.applicant.source.empty());
    }
    SECTION("any other value is refused, naming the key") {
        j["applicant"]["source"] = "scanner";
        auto bad = from_wire(j);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().message.find("applicant.source") != std::string::npos);
    }
    SECTION("the sealed copy in the store keeps it") {
        NewRequest n;
        REQUIRE(pii_from_json(pii_to_json(r.req), n).ok());
        CHECK(n.applicant.source == "card");
    }
}
