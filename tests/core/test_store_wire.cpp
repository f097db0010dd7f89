// The wire form (DESIGN.md): to_wire's shape, from_wire's round trip and its refusals, and the store shared
// by the UI thread and the upload thread at once.
#include "test_store_util.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <set>
#include <thread>

using namespace kiosk;
using namespace kiosk::testing;
using nlohmann::json;

namespace {

StoredRequest stored() {
    StoredRequest r;
    r.req = sample_request();
    r.sub = {"6f1c2a34-0b5d-4e6f-8a7b-1c2d3e4f5a6b", "A023", "2026-11-28T21:30:05+08:00"};
    return r;
}

} // namespace

TEST_CASE("to_wire has exactly the DESIGN.md keys") {
    json w = to_wire(stored(), "QS-QHJ-01", "qingshan-qinghe");
    std::set<std::string> keys;
    for (auto it = w.begin(); it != w.end(); ++it) keys.insert(it.key());
    CHECK(keys == std::set<std::string>{"request_id", "kiosk_id", "station_id", "service_id", "catalog_version", "ticket",
                                        "created_at", "locale", "applicant", "fields", "consent"});
    CHECK(w["locale"] == "zh-CN");
    CHECK(w["ticket"] == "A023");
    CHECK(w["applicant"]["id_type"] == "resident_id");
    CHECK(w["applicant"]["name"] == "张三丰");
    CHECK(w["fields"]["purpose"] == "employment");
    CHECK(w["consent"]["notice_version"] == "2026-11");
    CHECK(w["consent"]["sensitive"] == true);
}

TEST_CASE("from_wire(to_wire(x)) == x") {
    const StoredRequest in = stored();
    auto back = from_wire(to_wire(in, "QS-QHJ-01", "qingshan-qinghe").dump());
    REQUIRE(back.ok());
    CHECK(back->kiosk_id == "QS-QHJ-01");
    CHECK(back->station_id == "qingshan-qinghe");
    const StoredRequest& r = back->request;
    CHECK(r.sub.request_id == in.sub.request_id);
    CHECK(r.sub.ticket == in.sub.ticket);
    CHECK(r.sub.created_at == in.sub.created_at);
    CHECK(r.req.service_id == in.req.service_id);
    CHECK(r.req.catalog_version == in.req.catalog_version);
    CHECK(r.req.locale == Locale::zh);
    CHECK(r.req.applicant.id_number == in.req.applicant.id_number);
    CHECK(r.req.applicant.phone == in.req.applicant.phone);
    CHECK(r.req.fields == in.req.fields);
    CHECK(r.req.consent.accepted_at == in.req.consent.accepted_at);
    CHECK(r.req.consent.sensitive);
}

TEST_CASE("from_wire refuses malformed bodies, naming the key but never the value") {
    const json good = to_wire(stored(), "K", "S");
    auto refuse = [](const json& body, const std::string& key) {
        auto r = from_wire(body);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "wire.invalid");
        CHECK(r.error().message.find(key) != std::string::npos);
        CHECK(r.error().message.find("11010519491231002X") == std::string::npos);
    };
    CHECK(from_wire(std::string_view("{not json")).error().code == "wire.invalid");
    CHECK(from_wire(std::string_view("[1,2]")).error().code == "wire.invalid");
    for (const char* key : {"request_id", "kiosk_id", "station_id", "service_id", "ticket", "created_at", "locale", "consent"}) {
        json b = good;
        b.erase(key);
        INFO(key);
        refuse(b, key);
    }
    json b = good;
    b["request_id"] = "11010519491231002X";
    refuse(b, "request_id");
    b = good;
    b["locale"] = "fr";
    refuse(b, "locale");
    b = good;
    b["applicant"]["id_number"] = 11010519491231;
    refuse(b, "applicant.id_number");
    b = good;
    b["fields"]["purpose"] = json::array();
    refuse(b, "fields.purpose");
    b = good;
    b["consent"]["sensitive"] = "yes";
    refuse(b, "consent.sensitive");
    b = good;
    b["ticket"] = "";
    refuse(b, "ticket");
    b = good;
    b.erase("applicant");   // services without identity: allowed
    CHECK(from_wire(b).ok());
}

TEST_CASE("the UI thread submitting while the upload thread drains never corrupts or loses a request") {
    TempDir dir("store-threads");
    KeyRing keys = test_keys();
    auto opened = Store::open(dir / "kiosk.db", keys);
    REQUIRE(opened.ok());
    Store& store = **opened;
    constexpr int kRequests = 40;
    std::atomic<bool> done{false};
    std::atomic<int> uploaded{0}, errors{0};
    std::thread uploader([&] {
        for (int spins = 0; spins < 100000 && uploaded < kRequests; ++spins) {
            auto due = store.next_due(WallClock::now(), "K", "S");
            if (!due) { ++errors; continue; }
            if (!due->has_value()) {
                if (done) break;
                std::this_thread::yield();
                continue;
            }
            const std::string id = (*due)->request_id;
            if (!store.mark_sending(id) || !store.mark_uploaded(id, "SRV", WallClock::now())) ++errors;
            else ++uploaded;
        }
    });
    std::set<std::string> tickets;
    for (int i = 0; i < kRequests; ++i) {
        auto r = store.submit(sample_request());
        REQUIRE(r.ok());
        tickets.insert(r->ticket);
    }
    done = true;
    uploader.join();
    CHECK(errors == 0);
    CHECK(uploaded == kRequests);
    CHECK(tickets.size() == static_cast<std::size_t>(kRequests));
    CHECK(store.counts()->uploaded == kRequests);
}

TEST_CASE("two connections to one file (UI and upload thread, as the app runs) wait for each other, never fail") {
    TempDir dir("store-two-conn");
    KeyRing keys = test_keys();
    auto ui = Store::open(dir / "kiosk.db", keys);
    auto up = Store::open(dir / "kiosk.db", keys);
    REQUIRE(ui.ok());
    REQUIRE(up.ok());
    constexpr int kRequests = 30;
    std::atomic<bool> done{false};
    std::atomic<int> uploaded{0};
    std::vector<std::string> errors;
    std::thread uploader([&] {
        Store& s = **up;
        for (int spins = 0; spins < 100000 && uploaded < kRequests; ++spins) {
            // Read before asking: "nothing due" only ends the loop when every submit had committed before
            // the question (read after it, the last submit could land in between and be left behind).
            const bool all_submitted = done;
            auto due = s.next_due(WallClock::now(), "K", "S");
            if (!due) { errors.push_back(due.error().message); break; }
            if (!due->has_value()) {
                if (all_submitted) break;
                std::this_thread::yield();
                continue;
            }
            const std::string id = (*due)->request_id;
            auto a = s.mark_sending(id);
            auto b = a ? s.mark_uploaded(id, "SRV", WallClock::now()) : a;
            if (!b) { errors.push_back(b.error().message); break; }
            ++uploaded;
        }
    });
    for (int i = 0; i < kRequests; ++i) {
        auto r = (*ui)->submit(sample_request());
        INFO((r ? std::string() : r.error().message));
        REQUIRE(r.ok());
        auto c = (*ui)->counts();   // staff dashboard reading meanwhile
        REQUIRE(c.ok());
    }
    done = true;
    uploader.join();
    for (const std::string& e : errors) FAIL_CHECK(e);
    CHECK(uploaded == kRequests);
    CHECK((*ui)->counts()->uploaded == kRequests);
}

TEST_CASE("wiping a request empties every piece of the resident's data") {
    NewRequest r = sample_request();
    REQUIRE_FALSE(r.fields.empty());
    std::string& name = r.applicant.name;
    const char* name_bytes = name.data();   // small-string storage: inspect it after the wipe
    const std::size_t name_len = name.size();
    wipe(r);
    CHECK(r.applicant.name.empty());
    CHECK(r.applicant.id_number.empty());
    CHECK(r.applicant.phone.empty());
    CHECK(r.fields.empty());
    CHECK(std::string(name_bytes, name_len) == std::string(name_len, '\0'));   // overwritten, not just cleared
    CHECK(r.service_id == "cert.no-criminal-record");   // what is not personal stays
}
