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

struct CardFixture {
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point{} + 1000s;
    Catalog cat = card_catalog();
    std::vector<NewRequest> submitted;
    Session s{cat, SessionOptions{}, [this](const NewRequest& r) -> Result<SubmittedRequest> {
                  submitted.push_back(r);
                  return SubmittedRequest{"00000000-0000-4000-8000-000000000001", "B001", "2026-12-02T10:00:00+08:00"};
              },
              SessionClocks{[this] { return now; }, [] { return Date{2026, 12, 2}; },
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

TEST_CASE_METHOD(CardFixture, "a card on the attract screen starts a visit and fills the identity of the service chosen") {
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

TEST_CASE_METHOD(CardFixture, "typed identities are recorded as typed") {
    s.activity();
    s.choose_service("hukou.info");
    REQUIRE(s.next());
    s.set_value(Session::kName, "李四");
    s.set_value(Session::kIdNumber, "11010519491231002X");
    submit_from_identity();
    REQUIRE(submitted.size() == 1);
    CHECK(submitted[0].applicant.source == "typed");
}

TEST_CASE_METHOD(CardFixture, "a card on the identity step fills at once, replacing what was typed") {
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

TEST_CASE_METHOD(CardFixture, "an expired card is filled and flagged") {
    s.put_card(card(true));
    s.choose_service("hukou.info");
    CHECK(s.identity_from_card());
    CHECK(s.card_expired());
}

TEST_CASE_METHOD(CardFixture, "a held card survives a service without identity, and dies with the visit") {
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

TEST_CASE_METHOD(CardFixture, "a card put on in the middle of a form is ignored") {
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

TEST_CASE("identity_fill: every card kind fills a document type the identity step offers") {
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
    SECTION("2023 permanent residence card: 18 digits starting with 9, validated as typed") {
        r.identity.kind = reader::CardKind::foreign_pr_2023;
        r.identity.name = "玛丽";
        r.identity.id_number = "911101199208150023";
        f = reader::identity_fill(r);
        REQUIRE(f);
        CHECK(f->id_type == "foreign_permanent_residence");
        IdType t{};
        REQUIRE(parse_id_type(f->id_type, t));
        CHECK_FALSE(validate_id_document(t, f->id_number, Date{2026, 12, 2}));
    }
    SECTION("2017 card without a Chinese name: the English name, in the form the name validator takes") {
        r.identity.kind = reader::CardKind::foreign_pr_2017;
        r.identity.name.clear();
        r.identity.name_en = "SMITH,  JOHN ALEXANDER ";
        r.identity.id_number = "USA110080010100";
        f = reader::identity_fill(r);
        REQUIRE(f);
        CHECK(f->id_type == "foreign_permanent_residence");
        CHECK(f->name == "SMITH JOHN ALEXANDER");
        CHECK_FALSE(validate_name(f->name));
        CHECK_FALSE(validate_id_document(IdType::foreign_permanent_residence, f->id_number, Date{2026, 12, 2}));
    }
}

TEST_CASE_METHOD(CardFixture, "a permanent residence card fills the identity step and the request") {
    reader::CardRead r;
    r.identity.kind = reader::CardKind::foreign_pr_2023;
    r.identity.name = "玛丽";
    r.identity.id_number = "911101199208150023";
    auto f = reader::identity_fill(r);
    REQUIRE(f);
    s.put_card(std::move(*f));
    s.choose_service("hukou.info");
    CHECK(s.value(Session::kIdType) == "foreign_permanent_residence");
    CHECK(s.value(Session::kIdNumber) == "911101199208150023");
    const FieldSpec* type = s.field(Session::kIdType);
    REQUIRE(type);
    CHECK(s.display_value(*type) == "外国人永久居留身份证");
    REQUIRE(s.next());
    REQUIRE(s.step() == Step::identity);
    CHECK_FALSE(s.check(Session::kIdNumber));
    submit_from_identity();
    REQUIRE(submitted.size() == 1);
    CHECK(submitted[0].applicant.id_type == "foreign_permanent_residence");
    CHECK(submitted[0].applicant.source == "card");
}

TEST_CASE_METHOD(CardFixture, "the typed path offers the permanent residence card, with its own number rule") {
    s.activity();
    s.choose_service("hukou.info");
    REQUIRE(s.next());
    const FieldSpec* type = s.field(Session::kIdType);
    REQUIRE(type);
    bool offered = false;
    for (const Choice& c : type->choices) offered |= c.value == "foreign_permanent_residence";
    CHECK(offered);
    s.set_value(Session::kIdType, "foreign_permanent_residence");
    s.set_value(Session::kName, "SMITH JOHN");
    s.set_value(Session::kIdNumber, "11010519491231002X");   // a citizen number under this type
    auto e = s.check(Session::kIdNumber);
    REQUIRE(e);
    CHECK(e->code == "fpr.prefix");
    s.set_value(Session::kIdNumber, "usa110080010100");
    CHECK_FALSE(s.check(Session::kIdNumber));
    submit_from_identity();
    REQUIRE(submitted.size() == 1);
    CHECK(submitted[0].applicant.id_type == "foreign_permanent_residence");
    CHECK(submitted[0].applicant.id_number == "USA110080010100");
    CHECK(submitted[0].applicant.source == "typed");
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

TEST_CASE_METHOD(CardFixture, "请取走您的身份证: at done and when the visit ends, while the card lies on the reader") {
    s.set_card_on_reader(true);
    s.put_card(card());
    s.choose_service("hukou.info");
    REQUIRE(s.next());
    CHECK_FALSE(s.take_card_reminder_due());   // mid-visit: nothing to remind
    submit_from_identity();
    CHECK(s.take_card_reminder_due());          // done, the card still there: said once
    CHECK_FALSE(s.take_card_reminder_due());
    CHECK_FALSE(s.take_card_band());            // done shows its own line, not the band
    SECTION("the done screen's countdown ends the visit: reminded again, the band on attract") {
        now += 120s;
        REQUIRE(s.update());
        REQUIRE(s.step() == Step::attract);
        CHECK(s.take_card_reminder_due());
        CHECK(s.take_card_band());
        now += 30s;
        CHECK(s.take_card_band());
        SECTION("the card is taken off: the band goes") {
            s.set_card_on_reader(false);
            CHECK_FALSE(s.take_card_band());
            s.set_card_on_reader(true);          // put back: not a visit that ended
            CHECK_FALSE(s.take_card_band());
        }
        SECTION("the band ends by itself after a minute") {
            now += std::chrono::seconds(static_cast<int>(Session::kTakeCardBandS));
            CHECK_FALSE(s.take_card_band());
        }
        SECTION("a new visit starts: no band on its screens") {
            s.activity();
            CHECK(s.step() == Step::home);
            CHECK_FALSE(s.take_card_band());
        }
    }
    SECTION("the card was taken off at done: nothing at attract") {
        s.set_card_on_reader(false);
        s.finish();
        CHECK_FALSE(s.take_card_reminder_due());
        CHECK_FALSE(s.take_card_band());
    }
}

TEST_CASE_METHOD(CardFixture, "the idle wipe with the card on the reader: the band and one reminder") {
    s.set_card_on_reader(true);
    s.put_card(card());
    REQUIRE(s.step() == Step::home);
    CHECK_FALSE(s.take_card_reminder_due());
    now += 3600s;
    REQUIRE(s.update());   // idle: wiped
    CHECK(s.step() == Step::attract);
    CHECK(s.take_card_band());
    CHECK(s.take_card_reminder_due());
    CHECK_FALSE(s.card_held());   // the wipe dropped what the card gave
}

TEST_CASE_METHOD(CardFixture, "no card on the reader: no reminder, no band") {
    s.activity();
    s.choose_service("hukou.info");
    REQUIRE(s.next());
    s.set_value(Session::kName, "李四");
    s.set_value(Session::kIdNumber, "11010519491231002X");
    submit_from_identity();
    CHECK_FALSE(s.take_card_reminder_due());
    s.finish();
    CHECK_FALSE(s.take_card_reminder_due());
    CHECK_FALSE(s.take_card_band());
}
