// Session flows: steps, validation gates, edit from review, submit outcomes, idle machine, wipe on reset.
#include "app/session.hpp"

#include <catch2/catch.hpp>

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

// A tiny catalog built in code so these tests do not depend on the shipped catalog's content.
Catalog small_catalog() {
    Catalog c;
    c.version = "test.1";
    c.categories.push_back({"cert", "A", {"证明", "Certificates"}, {}, "doc"});
    Service s;
    s.id = "cert.no-criminal-record";
    s.category = "cert";
    s.name = {"无犯罪记录证明", "No-criminal-record certificate"};
    FieldSpec purpose;
    purpose.id = "purpose";
    purpose.type = FieldType::choice;
    purpose.label = {"用途", "Purpose"};
    purpose.choices = {{"employment", {"就业", "Employment"}}, {"visa", {"签证", "Visa"}}};
    purpose.group = 0;
    FieldSpec copies;
    copies.id = "copies";
    copies.type = FieldType::number;
    copies.label = {"份数", "Copies"};
    copies.min = 1;
    copies.max = 5;
    copies.group = 1;
    s.form = {purpose, copies};
    c.services.push_back(s);
    Service off;
    off.id = "exit.passport";
    off.category = "cert";
    off.name = {"护照", "Passport"};
    off.on_site = false;
    off.elsewhere = {"出入境窗口", "Exit-entry window"};
    c.services.push_back(off);
    Service sens = s;
    sens.id = "visit.home";
    sens.form[0].sensitive = true;
    c.services.push_back(sens);
    return c;
}

struct FakeClock {
    std::chrono::steady_clock::time_point t = std::chrono::steady_clock::time_point{} + 1000s;
};

struct SessionFixture {
    Catalog cat = small_catalog();
    FakeClock clock;
    std::vector<NewRequest> submitted;
    bool fail_submit = false;
    Session s{cat, SessionOptions{}, [this](const NewRequest& r) -> Result<SubmittedRequest> {
                  if (fail_submit) return Error{"store.full", "disk full"};
                  submitted.push_back(r);
                  return SubmittedRequest{"00000000-0000-4000-8000-000000000001", "A001", "2026-11-28T10:00:00+08:00"};
              },
              SessionClocks{[this] { return clock.t; }, [] { return Date{2026, 11, 28}; },
                            [] { return std::string("2026-11-28T10:00:00+08:00"); }}};

    void fill_identity() {
        s.set_value(Session::kName, "张三");
        s.set_value(Session::kIdNumber, "11010519491231002x");
        s.set_value(Session::kPhone, "13800138000");
    }
    void to_review() {
        s.activity();
        s.choose_service("cert.no-criminal-record");
        REQUIRE(s.next());   // service → identity
        fill_identity();
        REQUIRE(s.next());   // identity → fields group 0
        s.set_value("purpose", "employment");
        REQUIRE(s.next());   // group 0 → group 1
        s.set_value("copies", "2");
        REQUIRE(s.next());   // group 1 → review
        REQUIRE(s.step() == Step::review);
    }
};

} // namespace

TEST_CASE_METHOD(SessionFixture, "a full application goes from attract to done and submits once") {
    REQUIRE(s.step() == Step::attract);
    s.activity();
    REQUIRE(s.step() == Step::home);
    to_review();
    REQUIRE(s.next());
    REQUIRE(s.step() == Step::consent);
    CHECK_FALSE(s.next());   // no consent tick yet
    CHECK(s.step() == Step::consent);
    s.set_consent(true);
    REQUIRE(s.next());
    CHECK(s.step() == Step::done);
    REQUIRE(submitted.size() == 1);
    CHECK(submitted[0].applicant.id_number == "11010519491231002X");   // normalized
    CHECK(submitted[0].applicant.id_type == "resident_id");
    CHECK(submitted[0].ticket_prefix == "A");
    CHECK(submitted[0].fields.at("purpose") == "employment");
    CHECK(submitted[0].consent.notice_version == s.notice_version());
    REQUIRE(s.submitted());
    CHECK(s.submitted()->ticket == "A001");
}

TEST_CASE_METHOD(SessionFixture, "invalid values block next and name the field") {
    s.activity();
    s.choose_service("cert.no-criminal-record");
    REQUIRE(s.next());
    s.set_value(Session::kName, "张三");
    s.set_value(Session::kIdNumber, "110105194912310021");   // wrong check character
    s.set_value(Session::kPhone, "12345");
    CHECK_FALSE(s.next());
    CHECK(s.step() == Step::identity);
    REQUIRE(s.error(Session::kIdNumber));
    CHECK(s.error(Session::kIdNumber)->code == "id.checksum");
    REQUIRE(s.error(Session::kPhone));
    CHECK(s.error(Session::kName) == nullptr);
    s.set_value(Session::kIdNumber, "11010519491231002X");
    CHECK(s.error(Session::kIdNumber) == nullptr);   // changing a value clears its error
}

TEST_CASE_METHOD(SessionFixture, "edit from review returns to review after next") {
    to_review();
    s.edit("copies");
    REQUIRE(s.step() == Step::fields);
    CHECK(s.group_index() == 1);
    s.set_value("copies", "3");
    REQUIRE(s.next());
    CHECK(s.step() == Step::review);
    s.edit(Session::kPhone);
    CHECK(s.step() == Step::identity);
    REQUIRE(s.next());
    CHECK(s.step() == Step::review);
}

TEST_CASE_METHOD(SessionFixture, "back walks the steps in reverse") {
    to_review();
    s.back();
    CHECK(s.step() == Step::fields);
    CHECK(s.group_index() == 1);
    s.back();
    CHECK(s.group_index() == 0);
    s.back();
    CHECK(s.step() == Step::identity);
    s.back();
    CHECK(s.step() == Step::service);
    s.back();
    CHECK(s.step() == Step::category);
    s.back();
    CHECK(s.step() == Step::home);
}

TEST_CASE_METHOD(SessionFixture, "a service not on site has no form") {
    s.activity();
    s.choose_service("exit.passport");
    CHECK_FALSE(s.next());
    CHECK(s.step() == Step::service);
}

TEST_CASE_METHOD(SessionFixture, "sensitive data needs its own consent tick") {
    s.activity();
    s.choose_service("visit.home");
    REQUIRE(s.needs_sensitive_consent());
    REQUIRE(s.next());
    fill_identity();
    REQUIRE(s.next());
    s.set_value("purpose", "visa");
    REQUIRE(s.next());
    s.set_value("copies", "1");
    REQUIRE(s.next());
    REQUIRE(s.next());
    s.set_consent(true);
    CHECK_FALSE(s.next());
    s.set_sensitive_consent(true);
    CHECK(s.next());
    REQUIRE(submitted.size() == 1);
    CHECK(submitted[0].consent.sensitive);
}

TEST_CASE_METHOD(SessionFixture, "a failed submit keeps every value and says why") {
    to_review();
    REQUIRE(s.next());
    s.set_consent(true);
    fail_submit = true;
    CHECK_FALSE(s.next());
    CHECK(s.step() == Step::consent);
    REQUIRE(s.submit_error());
    CHECK(s.submit_error()->code == "store.full");
    CHECK(s.value(Session::kName) == "张三");
    fail_submit = false;
    CHECK(s.next());
    CHECK(s.step() == Step::done);
}

TEST_CASE_METHOD(SessionFixture, "idle: active, then warning, then reset that wipes everything") {
    to_review();
    s.set_locale(Locale::en);
    s.set_elderly(true);
    auto gen = s.generation();
    CHECK(s.idle_state() == IdleState::active);
    clock.t += 59s;
    CHECK(s.idle_state() == IdleState::active);
    CHECK_FALSE(s.update());
    clock.t += 2s;
    CHECK(s.idle_state() == IdleState::warning);
    CHECK(s.seconds_left() == 19);
    s.activity();   // a tap extends
    CHECK(s.idle_state() == IdleState::active);
    clock.t += 80s;
    CHECK(s.idle_state() == IdleState::expired);
    CHECK(s.update());
    CHECK(s.step() == Step::attract);
    CHECK(s.value(Session::kName).empty());
    CHECK(s.value(Session::kIdNumber).empty());
    CHECK(s.value("copies").empty());
    CHECK(s.service() == nullptr);
    CHECK(s.locale() == Locale::zh);
    CHECK_FALSE(s.elderly());
    CHECK(s.generation() == gen + 1);
    CHECK_FALSE(s.seconds_to_next_event());   // attract waits for a tap, no timers
}

TEST_CASE_METHOD(SessionFixture, "idle: seconds to the warning count down, and stop where no warning comes") {
    to_review();
    CHECK(s.seconds_to_warning() == 60);
    clock.t += 45s;
    CHECK(s.seconds_to_warning() == 15);
    clock.t += 16s;
    CHECK(s.idle_state() == IdleState::warning);
    CHECK(s.seconds_to_warning() == -1);   // the warning itself counts now
    s.activity();
    CHECK(s.seconds_to_warning() == 60);
    s.reset();
    CHECK(s.seconds_to_warning() == -1);   // attract: no warning
}

TEST_CASE_METHOD(SessionFixture, "the idle timeout is per screen") {
    to_review();
    clock.t += 50s;
    REQUIRE(s.next());   // entering consent restarts the timer
    clock.t += 50s;
    CHECK(s.idle_state() == IdleState::active);
    auto wait = s.seconds_to_next_event();
    REQUIRE(wait);
    CHECK(*wait == Approx(10.0));
}

TEST_CASE_METHOD(SessionFixture, "done returns to attract by itself, and rating is recorded once") {
    int rated = 0, stars = 0;
    s.set_rate_fn([&](const std::string& id, const std::string& svc, int n) {
        ++rated;
        stars = n;
        CHECK(id == "00000000-0000-4000-8000-000000000001");
        CHECK(svc == "cert.no-criminal-record");
    });
    to_review();
    REQUIRE(s.next());
    s.set_consent(true);
    REQUIRE(s.next());
    s.rate(6);   // out of range: ignored
    s.rate(5);
    s.rate(1);   // only once
    CHECK(rated == 1);
    CHECK(stars == 5);
    clock.t += 14s;
    CHECK_FALSE(s.update());
    clock.t += 2s;
    CHECK(s.update());
    CHECK(s.step() == Step::attract);
    CHECK_FALSE(s.submitted());
}

TEST_CASE_METHOD(SessionFixture, "display values use labels in the session's language") {
    to_review();
    const FieldSpec* f = s.field("purpose");
    REQUIRE(f);
    CHECK(s.display_value(*f) == "就业");
    s.set_locale(Locale::en);
    CHECK(s.display_value(*f) == "Employment");
    CHECK(s.display_value(*s.field(Session::kIdType)) == "Resident ID card");
    FieldSpec date;
    date.id = "preferred_date";
    date.type = FieldType::date;
    s.set_value("preferred_date", "2027-01-15");
    CHECK(s.display_value(date) == "Fri 2027-01-15");
    s.set_locale(Locale::zh);
    CHECK(s.display_value(date) == "2027年1月15日 星期五");
    CHECK(s.all_fields().size() == 6);
}

TEST_CASE_METHOD(SessionFixture, "choosing another service starts it empty, the applicant included") {
    to_review();
    s.go_home();
    CHECK(s.value(Session::kName).empty());   // going home abandons the application
    s.choose_service("cert.no-criminal-record");
    s.set_value(Session::kName, "李四");
    s.set_value("purpose", "visa");
    s.choose_service("visit.home");
    CHECK(s.value(Session::kName).empty());   // the next service may be chosen by the next person
    CHECK(s.value("purpose").empty());
}

// Defect: an ID number typed on the identity step was still there after 返回 … home and another service.
// Every way out of an application wipes it with the idle reset's wipe; only the reset also restores the
// kiosk's default language and size.
TEST_CASE_METHOD(SessionFixture, "every way out of an application wipes it") {
    auto start = [&] {
        s.reset();
        s.activity();
        s.choose_service("cert.no-criminal-record");
        REQUIRE(s.next());   // → identity
        fill_identity();
        s.set_value(Session::kIdNumber, "1101051949123100");   // too short: leaves an error behind
        REQUIRE_FALSE(s.next());
        REQUIRE(s.error(Session::kIdNumber));
        return s.generation();
    };
    auto check_empty = [&](std::uint64_t gen_before) {
        CHECK(s.value(Session::kName).empty());
        CHECK(s.value(Session::kIdNumber).empty());
        CHECK(s.value(Session::kPhone).empty());
        CHECK(s.error(Session::kIdNumber) == nullptr);
        CHECK_FALSE(s.consent());
        CHECK(s.generation() > gen_before);   // the UI drops its per-visit state (keyboard, focus)
    };

    SECTION("back, back, back to home, then another service") {
        auto gen = start();
        s.back();   // identity → service
        CHECK(s.value(Session::kIdNumber) == "1101051949123100");   // still inside the application
        s.back();   // service → category: the application is left
        CHECK(s.step() == Step::category);
        s.back();
        CHECK(s.step() == Step::home);
        s.choose_service("visit.home");
        check_empty(gen);
    }
    SECTION("home") {
        auto gen = start();
        s.go_home();
        CHECK(s.step() == Step::home);
        check_empty(gen);
    }
    SECTION("the same service chosen again from its category") {
        auto gen = start();
        s.back();
        s.back();
        s.choose_service("cert.no-criminal-record");
        check_empty(gen);
    }
    SECTION("language switch") {
        auto gen = start();
        s.switch_locale(Locale::en);
        CHECK(s.step() == Step::home);
        CHECK(s.locale() == Locale::en);   // the new language stays for the new visit
        check_empty(gen);
    }
    SECTION("the large-text switch keeps the form: same person, larger text") {
        auto gen = start();
        const Step before = s.step();
        s.switch_elderly(true);
        CHECK(s.step() == before);
        CHECK(s.elderly());
        CHECK(s.generation() == gen);
        CHECK(s.value(Session::kIdNumber) == "1101051949123100");
        s.switch_elderly(false);
        CHECK(s.step() == before);
        CHECK(s.value(Session::kIdNumber) == "1101051949123100");
        // The language switch after it still ends the visit.
        s.switch_locale(Locale::en);
        CHECK(s.step() == Step::home);
        check_empty(gen);
    }
    SECTION("idle") {
        auto gen = start();
        clock.t += 200s;
        CHECK(s.update());
        CHECK(s.step() == Step::attract);
        check_empty(gen);
    }
    SECTION("switches on home change only the preference") {
        s.activity();
        auto gen = s.generation();
        s.switch_locale(Locale::en);
        s.switch_elderly(true);
        CHECK(s.step() == Step::home);
        CHECK(s.generation() == gen);
    }
}

TEST_CASE("another person's ID number is checked as a resident ID whatever the applicant's document") {
    Catalog c = small_catalog();
    FieldSpec rel;
    rel.id = "relative_id_number";
    rel.type = FieldType::id_number;
    rel.label = {"亲属身份证号", "Relative's ID number"};
    c.services[0].form.push_back(rel);
    Session s(c, SessionOptions{}, [](const NewRequest&) -> Result<SubmittedRequest> { return Error{"x", "x"}; },
              SessionClocks{{}, [] { return Date{2026, 11, 28}; }, {}});
    s.activity();
    s.choose_service("cert.no-criminal-record");
    s.set_value(Session::kIdType, "hkmo_travel_permit");
    s.set_value(Session::kIdNumber, "H12345678");
    CHECK_FALSE(s.check(Session::kIdNumber));
    s.set_value("relative_id_number", "11010519491231002X");
    CHECK_FALSE(s.check("relative_id_number"));
    s.set_value("relative_id_number", "H12345678");
    CHECK(s.check("relative_id_number"));
}

// 上门服务 for 本人: the visited person's name and a contact phone are the applicant's own, so the form does
// not ask for them (FieldSpec::show_if); for a family member it does, and they are required.
TEST_CASE("a field asked only for one answer is skipped, not validated and not sent for the others") {
    Catalog c = small_catalog();
    Service visit;
    visit.id = "visit.booking";
    visit.category = "cert";
    visit.name = {"上门服务预约", "Home visit"};
    FieldSpec who;
    who.id = "visit_for";
    who.type = FieldType::choice;
    who.label = {"需要上门服务的是", "Who"};
    who.choices = {{"self", {"本人", "Myself"}}, {"family", {"家人", "A family member"}}};
    FieldSpec person;
    person.id = "person_name";
    person.type = FieldType::name;
    person.label = {"被服务人姓名", "Name of the person"};
    person.show_if = FieldSpec::ShowIf{"visit_for", "family"};
    FieldSpec phone;
    phone.id = "contact_phone";
    phone.type = FieldType::phone;
    phone.label = {"联系电话", "Contact phone"};
    phone.group = 1;
    phone.show_if = FieldSpec::ShowIf{"visit_for", "family"};
    visit.form = {who, person, phone};
    c.services.push_back(visit);
    std::vector<NewRequest> sent;
    Session s(c, SessionOptions{}, [&](const NewRequest& r) -> Result<SubmittedRequest> {
        sent.push_back(r);
        return SubmittedRequest{"00000000-0000-4000-8000-000000000002", "A002", "2026-11-28T10:00:00+08:00"};
    }, SessionClocks{[] { return std::chrono::steady_clock::time_point{} + 1000s; }, [] { return Date{2026, 11, 28}; },
                     [] { return std::string("2026-11-28T10:00:00+08:00"); }});
    auto ids = [&] {
        std::vector<std::string> out;
        for (const FieldSpec* f : s.current_fields()) out.push_back(f->id);
        return out;
    };
    s.activity();
    s.choose_service("visit.booking");
    REQUIRE(s.next());   // → identity
    s.set_value(Session::kName, "张三");
    s.set_value(Session::kIdNumber, "11010519491231002X");
    s.set_value(Session::kPhone, "13800138000");
    REQUIRE(s.next());   // → the form
    CHECK(ids() == std::vector<std::string>{"visit_for"});
    s.set_value("visit_for", "family");
    CHECK(ids() == std::vector<std::string>{"visit_for", "person_name"});
    CHECK_FALSE(s.next());   // asked now, so required
    CHECK(s.error("person_name"));
    CHECK(s.group_count() == 2);
    s.set_value("person_name", "李四");
    s.set_value("visit_for", "self");   // changed their mind: it is for themselves after all
    CHECK(ids() == std::vector<std::string>{"visit_for"});
    CHECK(s.group_count() == 1);        // the phone's screen is not shown at all
    REQUIRE(s.next());
    CHECK(s.step() == Step::review);
    for (const FieldSpec* f : s.all_fields()) CHECK(f->id != "person_name");
    REQUIRE(s.next());   // → consent
    s.set_consent(true);
    REQUIRE(s.next());   // → done
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].fields.count("visit_for") == 1);
    CHECK(sent[0].fields.count("person_name") == 0);   // typed, then no longer asked: not sent
}
