// kiosk-intake internals in-process: the idempotent store, server refs, export formats, payload checks.
#include "harness.hpp"

#include "app/catalog.hpp"
#include "app/request.hpp"
#include "server/export.hpp"
#include "server/intake_store.hpp"
#include "server/payload_check.hpp"
#include "tests/test_assets.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace uptest;

namespace {
intake::NewRecord record(const std::string& id, const std::string& payload) {
    intake::NewRecord r;
    r.request_id = id;
    r.kiosk_id = "QS-QHJ-01";
    r.station_id = "qingshan-qinghe";
    r.service_id = "cert.no-criminal-record";
    r.ticket = "A001";
    r.created_at = "2026-11-28T21:30:05+08:00";
    r.payload = payload;
    r.payload_sha256 = kiosk::sha256_hex(payload);
    return r;
}

kiosk::WireRequest wire(const kiosk::NewRequest& req) {
    kiosk::StoredRequest s{req, {"0b7c3f1e-8a2d-4c5e-9f10-1234567890ab", "A001", "2026-11-28T21:30:05+08:00"}};
    auto w = kiosk::from_wire(kiosk::to_wire(s, "QS-QHJ-01", "qingshan-qinghe"));
    REQUIRE(w);
    return *w;
}

std::vector<std::string> codes(const std::vector<intake::FieldError>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.field + " " + e.code);
    return out;
}
} // namespace

TEST_CASE("intake store: 201 once, replay with the same body, conflict on a different payload") {
    TempDir dir("intake-db");
    auto db = intake::open_intake_store((dir.path / "i.db").string());
    REQUIRE(db);
    auto first = (*db)->store(record("id-1", R"({"a":1})"));
    REQUIRE(first);
    CHECK(first->kind == intake::StoreKind::created);
    auto j = nlohmann::json::parse(first->response);
    CHECK(j["request_id"] == "id-1");
    const std::string ref = j["server_ref"];
    CHECK(ref == "QH-" + intake::today_compact() + "-000001");

    auto again = (*db)->store(record("id-1", R"({"a":1})"));
    REQUIRE(again);
    CHECK(again->kind == intake::StoreKind::replay);
    CHECK(again->response == first->response);   // byte for byte
    auto other = (*db)->store(record("id-1", R"({"a":2})"));
    REQUIRE(other);
    CHECK(other->kind == intake::StoreKind::conflict);

    auto looked = (*db)->lookup("id-1", kiosk::sha256_hex(R"({"a":1})"));
    REQUIRE(looked);
    CHECK(looked->kind == intake::StoreKind::replay);
    auto unknown = (*db)->lookup("id-9", "x");
    REQUIRE(unknown);
    CHECK(unknown->kind == intake::StoreKind::created);
    CHECK(unknown->response.empty());

    auto second = (*db)->store(record("id-2", R"({"b":1})"));
    REQUIRE(second);
    CHECK(nlohmann::json::parse(second->response)["server_ref"] == "QH-" + intake::today_compact() + "-000002");
    auto rows = (*db)->rows();
    REQUIRE(rows);
    CHECK(rows->size() == 2);
    CHECK((*db)->check_writable());
    CHECK((*db)->store_heartbeat("QS-QHJ-01", "{}"));
    CHECK(*(*db)->heartbeat_count() == 1);
}

TEST_CASE("intake store: refuses a path it cannot open") {
    auto db = intake::open_intake_store("/nonexistent/dir/i.db");
    REQUIRE_FALSE(db);
    CHECK(db.error().code == "intake.db");
}

TEST_CASE("export: CSV quotes, BOM, formula guard, JSON keeps the body, list shows no PII") {
    intake::Row r;
    r.server_ref = "QH-20261128-000001";
    r.request_id = "id-1";
    r.kiosk_id = "QS-QHJ-01";
    r.service_id = "cert.no-criminal-record";
    r.payload = R"J({"applicant":{"name":"=HYPERLINK(\"x\")","id_number":"11010519491231002X","phone":"13800138000"},)J"
                R"J("fields":{"purpose":"say \"hi\""},"locale":"zh-CN"})J";
    std::ostringstream csv, json, list;
    REQUIRE(intake::write_export(csv, {r}, "csv"));
    const std::string c = csv.str();
    CHECK(c.rfind("\xEF\xBB\xBF" "server_ref,", 0) == 0);
    CHECK(c.find(R"J("'=HYPERLINK(""x"")")J") != std::string::npos);
    CHECK(c.find(R"J(""purpose"":""say \""hi\""""})J") != std::string::npos);
    REQUIRE(intake::write_export(json, {r}, "json"));
    auto j = nlohmann::json::parse(json.str());
    CHECK(j[0]["request"]["applicant"]["id_number"] == "11010519491231002X");
    CHECK_FALSE(intake::write_export(json, {r}, "xml"));
    intake::write_list(list, {r});
    CHECK(list.str().find("QH-20261128-000001") != std::string::npos);
    CHECK(list.str().find("11010519491231002X") == std::string::npos);
    CHECK(list.str().find("HYPERLINK") == std::string::npos);
}

TEST_CASE("payload checks use the kiosk's validators and the catalog") {
    auto cat = kiosk::load_catalog(test_catalog());
    REQUIRE(cat);
    const kiosk::Date today{2026, 11, 28};
    CHECK(intake::check_request(wire(sample_request()), *cat, today).empty());

    auto bad = sample_request();
    bad.applicant.phone = "12345";
    bad.applicant.id_number = "110105194912310021";   // wrong check digit
    bad.applicant.name = "";
    bad.fields["purpose"] = "smuggling";
    bad.fields["copies"] = "9";
    bad.fields["extra"] = "x";
    auto errors = codes(intake::check_request(wire(bad), *cat, today));
    INFO(Catch::Detail::stringify(errors));
    REQUIRE(errors.size() == 6);
    CHECK(errors[0].rfind("applicant.name ", 0) == 0);
    CHECK(errors[1].rfind("applicant.id_number ", 0) == 0);
    CHECK(errors[2].rfind("applicant.phone ", 0) == 0);
    CHECK(errors[3].rfind("fields.purpose ", 0) == 0);
    CHECK(errors[4].rfind("fields.copies ", 0) == 0);
    CHECK(errors[5] == "fields.extra field.unknown");

    auto no_required = sample_request();
    no_required.fields.erase("purpose");
    CHECK(codes(intake::check_request(wire(no_required), *cat, today)).at(0).rfind("fields.purpose ", 0) == 0);

    auto doc = sample_request();
    doc.applicant.id_type = "passport";
    CHECK(codes(intake::check_request(wire(doc), *cat, today)) == std::vector<std::string>{"applicant.id_type id_type.unknown"});

    auto svc = sample_request();
    svc.service_id = "cert.unknown";
    CHECK(codes(intake::check_request(wire(svc), *cat, today)) == std::vector<std::string>{"service_id service.unknown"});
}

// The kiosk leaves out a field its form does not ask with the answers given (show_if); the intake checks
// the same rule (kiosk::field_asked) and refuses a request that carries one.
TEST_CASE("payload checks follow show_if: not asked means not sent, asked means required") {
    auto cat = kiosk::load_catalog(kiosk::testing::assets_dir() / "catalog");
    REQUIRE(cat);
    const kiosk::Date today{2026, 11, 28};
    auto visit = sample_request();
    visit.service_id = "visit.home";
    visit.category_id = "visit";
    visit.fields = {{"visit_for", "self"}, {"address", "青山区青和路88号3栋2单元501室"}, {"reason", "idcard"},
                    {"preferred_date", "2026-12-02"}, {"time_slot", "morning"}};
    CHECK(codes(intake::check_request(wire(visit), *cat, today)).empty());

    auto extra = visit;
    extra.fields["person_name"] = "李四";   // not asked for 本人
    CHECK(codes(intake::check_request(wire(extra), *cat, today)) == std::vector<std::string>{"fields.person_name field.not_asked"});

    auto family = visit;
    family.fields["visit_for"] = "family";   // now the name and a contact phone are asked, and required
    auto errors = codes(intake::check_request(wire(family), *cat, today));
    INFO(Catch::Detail::stringify(errors));
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].rfind("fields.person_name ", 0) == 0);
    CHECK(errors[1].rfind("fields.contact_phone ", 0) == 0);
    family.fields["person_name"] = "李四";
    family.fields["contact_phone"] = "13900139000";
    CHECK(codes(intake::check_request(wire(family), *cat, today)).empty());
}
