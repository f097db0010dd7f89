// The kiosk-facing desk contract over real mTLS: GET /v1/events (ordering, resume, station from the
// certificate, bounded waits, wake-up on an event), GET /v1/requests/{id}/progress, heartbeat anchoring.
#include "server_harness.hpp"

#include "app/short_ref.hpp"
#include "server/kiosk_events.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cctype>

using namespace svtest;
using namespace std::chrono_literals;

namespace {

json events(httplib::SSLClient& c, long long after, int wait = 0, int* status = nullptr) {
    auto r = c.Get(("/v1/events?after=" + std::to_string(after) + "&wait=" + std::to_string(wait)).c_str());
    if (status) *status = r ? r->status : 0;
    return body_json(r);
}

json heartbeat(httplib::SSLClient& c, const json& extra, const std::string& kiosk = "QS-QHJ-01") {
    json b{{"kiosk_id", kiosk}, {"station_id", "qingshan-qinghe"}};
    b.update(extra);
    auto r = c.Post("/v1/heartbeat", b.dump(), "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return body_json(r);
}

json link(long long seq, const std::string& hash) { return json{{"seq", seq}, {"hash", hash}}; }

} // namespace

TEST_CASE("events: calls and status changes arrive in order, and a resume loses and repeats nothing") {
    Station st;
    st.add_officer("li", 1, {});
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(st.upload(""));
    for (const auto& id : ids) REQUIRE_FALSE(id.empty());
    auto officer = login(st, "li");
    REQUIRE(officer.login_status == 200);
    REQUIRE(officer.post("/desk/api/calls/next")->status == 200);                        // seq 1: call A001
    REQUIRE(officer.post("/desk/api/calls/" + ids[0] + "/recall")->status == 200);       // seq 2: recall
    REQUIRE(officer.post("/desk/api/requests/" + ids[0] + "/status", {{"status", "accepted"}})->status == 200);   // 3
    REQUIRE(officer.post("/desk/api/calls/next")->status == 200);                        // seq 4: call A002

    auto kiosk = st.kiosk_client();
    json all = events(*kiosk, 0);
    REQUIRE(all["events"].size() == 4);
    for (int i = 0; i < 4; ++i) CHECK(all["events"][i]["seq"] == i + 1);
    CHECK(all["next"] == 4);
    CHECK(all["events"][0]["type"] == "call");
    CHECK(all["events"][0]["ticket"] == "A001");
    CHECK(all["events"][0]["window"] == 1);
    CHECK(all["events"][0]["recall"] == false);
    CHECK(all["events"][1]["recall"] == true);
    CHECK(all["events"][2]["type"] == "status");
    CHECK(all["events"][2]["request_id"] == ids[0]);
    CHECK(all["events"][2]["status"] == "accepted");
    CHECK(all["events"][2]["officer"] == "li");   // the kiosk audits its clear as desk:li
    CHECK(all["events"][3]["ticket"] == "A002");

    // A kiosk that applied up to seq 2, then lost its connection, resumes with after=2.
    json part = events(*kiosk, 2);
    REQUIRE(part["events"].size() == 2);
    CHECK(part["events"][0]["seq"] == 3);
    CHECK(part["next"] == 4);
    // A connection dropped while a long-poll waits: the event committed meanwhile is there on the next poll.
    {
        auto doomed = st.kiosk_client();
        doomed->set_read_timeout(0, 200'000);   // the client gives up after 0.2 s: the connection drops
        auto r = doomed->Get("/v1/events?after=4&wait=5");
        CHECK_FALSE(r);
    }
    REQUIRE(officer.post("/desk/api/calls/" + ids[1] + "/transfer", {{"window", 3}})->status == 200);   // seq 5
    json resumed = events(*kiosk, 4);
    REQUIRE(resumed["events"].size() == 1);
    CHECK(resumed["events"][0]["seq"] == 5);
    CHECK(resumed["events"][0]["window"] == 3);
    CHECK(resumed["events"][0]["transfer"] == true);
    CHECK(events(*kiosk, 5)["events"].empty());
    CHECK(events(*kiosk, 5)["next"] == 5);
}

TEST_CASE("events: a waiting long-poll is answered when a call happens — an idle one after its wait, bounded") {
    Station st;
    st.add_officer("li", 2, {});
    REQUIRE_FALSE(st.upload("").empty());
    auto officer = login(st, "li");
    auto kiosk = st.kiosk_client();

    std::atomic<bool> answered{false};
    json got;
    std::thread poller([&] {
        got = events(*kiosk, 0, 20);
        answered = true;
    });
    std::this_thread::sleep_for(300ms);
    CHECK_FALSE(answered);   // it waits: no event yet
    REQUIRE(officer.post("/desk/api/calls/next")->status == 200);
    // Bounded wait for the answer (the latency itself is measured by make bench, not asserted here).
    for (int i = 0; i < 500 && !answered; ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(answered);
    poller.join();
    REQUIRE(got["events"].size() == 1);
    CHECK(got["events"][0]["window"] == 2);

    // Nothing new: the answer comes after `wait` seconds with no events, and never later than 30 s.
    const auto t0 = std::chrono::steady_clock::now();
    json empty = events(*kiosk, 1, 1);
    const auto took = std::chrono::steady_clock::now() - t0;
    CHECK(empty["events"].empty());
    CHECK(empty["next"] == 1);
    CHECK(took >= 900ms);
    int status = 0;
    events(*kiosk, 1, 0, &status);
    CHECK(status == 200);
    events(*kiosk, -1, 0, &status);
    CHECK(status == 400);
    auto bad = kiosk->Get("/v1/events?after=abc");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    auto q = intake::parse_events_query("0", "3600");
    REQUIRE(q);
    CHECK(q->wait_s == intake::kMaxEventWaitS);
}

TEST_CASE("events and progress: a kiosk reads only its own station's, whatever the query says") {
    Station st;
    st.add_officer("li", 1, {});
    const std::string here = st.upload("");
    int status = 0;
    const std::string there = st.upload("A001", "station2-kiosk", &status);
    REQUIRE_FALSE(here.empty());
    REQUIRE_FALSE(there.empty());   // the other station's kiosk uploads to this intake (its station: xinyuan)
    auto officer = login(st, "li");
    REQUIRE(officer.post("/desk/api/calls/next")->status == 200);

    auto ours = st.kiosk_client("kiosk"), theirs = st.kiosk_client("station2-kiosk"), neighbour = st.kiosk_client("other-kiosk");
    CHECK(events(*ours, 0)["events"].size() == 1);
    CHECK(events(*neighbour, 0)["events"].size() == 1);   // another kiosk of this station sees the calls too
    CHECK(events(*theirs, 0)["events"].empty());
    auto spoof = theirs->Get("/v1/events?after=0&station=qingshan-qinghe&kiosk_id=QS-QHJ-01");
    REQUIRE(spoof);
    CHECK(body_json(spoof)["events"].empty());

    auto p = ours->Get(("/v1/requests/" + here + "/progress").c_str());
    REQUIRE(p);
    REQUIRE(p->status == 200);
    json pj = body_json(p);
    CHECK(pj["desk_status"] == "received");
    CHECK(pj["call_state"] == "called");
    CHECK(pj["name_masked"] == "张*");
    CHECK(p->body.find("11010519491231002X") == std::string::npos);
    auto other = theirs->Get(("/v1/requests/" + here + "/progress").c_str());
    auto unknown = ours->Get("/v1/requests/0b7c3f1e-8a2d-4c5e-9f10-1234567890ab/progress");
    REQUIRE(other);
    REQUIRE(unknown);
    CHECK(other->status == 404);
    CHECK(unknown->status == 404);
    CHECK(other->body == unknown->body);   // the same answer: ids of another station cannot be probed
    // The desk of this station does not see the other station's ticket.
    CHECK(body_json(officer.get("/desk/api/queue?all=1"))["tickets"].size() == 1);
    CHECK(officer.get("/desk/api/requests/" + there)->status == 404);
}

TEST_CASE("anchoring: a head that goes backwards and a rewritten anchored hash both raise alerts") {
    Station st;
    st.add_officer("li", 1, {});
    auto officer = login(st, "li");
    auto kiosk = st.kiosk_client();
    auto audit_alerts = [&] {
        int n = 0;
        const json q = body_json(officer.get("/desk/api/queue"));   // a named copy: a temporary's member would dangle
        for (const auto& a : q["alerts"]) n += a["kind"] == "audit";
        return n;
    };
    const std::string h5(64, '5'), h7(64, '7'), h9(64, '9'), evil(64, 'e');

    // First contact: the intake anchors the head and asks for its hash next time.
    CHECK(heartbeat(*kiosk, {{"audit_head", link(5, h5)}})["anchor_seq"] == 5);
    CHECK(heartbeat(*kiosk, {{"audit_head", link(7, h7)}, {"audit_at_anchor", link(5, h5)}})["anchor_seq"] == 7);
    CHECK(audit_alerts() == 0);
    // A kiosk that restarted and does not send the anchored hash: asked again, the anchor stays.
    CHECK(heartbeat(*kiosk, {{"audit_head", link(8, h9)}})["anchor_seq"] == 7);
    CHECK(audit_alerts() == 0);

    SECTION("a rewritten chain: the hash at the anchored seq changed") {
        heartbeat(*kiosk, {{"audit_head", link(9, h9)}, {"audit_at_anchor", link(7, evil)}});
        CHECK(audit_alerts() == 1);
    }
    SECTION("a cut-off tail: the head went backwards") {
        heartbeat(*kiosk, {{"audit_head", link(3, h5)}, {"audit_at_anchor", link(7, h7)}});
        CHECK(audit_alerts() == 1);
        auto q = body_json(officer.get("/desk/api/queue"));
        CHECK(q["alerts"][0]["kiosk_id"] == "QS-QHJ-01");
        CHECK(q["alerts"][0]["message"]["en"].get<std::string>().find("backwards") != std::string::npos);
    }
    CHECK(st.store().verify_audit()->ok);   // the alert is itself an audit row, chained
}

TEST_CASE("heartbeat: a resident's call for staff is a help alert at the desk while it lasts — ratings count") {
    Station st;
    st.add_officer("li", 1, {});
    auto officer = login(st, "li");
    auto kiosk = st.kiosk_client();
    auto helps = [&] {
        int n = 0;
        const json q = body_json(officer.get("/desk/api/queue"));
        for (const auto& a : q["alerts"]) n += a["kind"] == "help";
        return n;
    };
    heartbeat(*kiosk, {{"help_requested", false}});
    CHECK(helps() == 0);
    heartbeat(*kiosk, {{"help_requested", true}, {"ratings", json::array({{{"day", intake::today_dashed()}, {"count", 2}, {"sum", 9}}})}});
    heartbeat(*kiosk, {{"help_requested", true}});
    CHECK(helps() == 1);
    heartbeat(*kiosk, {{"help_requested", false}});
    CHECK(helps() == 0);
    auto rep = body_json(officer.get("/desk/api/report"));
    CHECK(rep["ratings"]["count"] == 2);
    CHECK(rep["ratings"]["average"].get<double>() == Approx(4.5));
    // Nonsense ratings (more stars than 5 per rating) are ignored, not stored.
    heartbeat(*kiosk, {{"ratings", json::array({{{"day", intake::today_dashed()}, {"count", 1}, {"sum", 9}}})}});
    CHECK(body_json(officer.get("/desk/api/report"))["ratings"]["count"] == 2);
}

TEST_CASE("progress by ID card: POST /v1/progress/by-id-number answers this station's newest request, like an id") {
    Station st;
    const std::string older = st.upload("");
    const std::string newer = st.upload("");
    int status = 0;
    const std::string there = st.upload("A001", "station2-kiosk", &status);   // the same person at another station
    REQUIRE_FALSE(older.empty());
    REQUIRE_FALSE(newer.empty());
    REQUIRE_FALSE(there.empty());
    auto ours = st.kiosk_client("kiosk"), theirs = st.kiosk_client("station2-kiosk");
    auto ask = [](httplib::SSLClient& c, const std::string& body) { return c.Post("/v1/progress/by-id-number", body, "application/json"); };

    auto p = ask(*ours, R"({"id_number":"110105 19491231 002x"})");   // spaces and case as a person may type
    REQUIRE(p);
    REQUIRE(p->status == 200);
    json pj = body_json(p);
    CHECK(pj["request_id"] == newer);   // the newest of this station's
    CHECK(pj["name_masked"] == "张*");
    CHECK(pj["desk_status"] == "received");
    // The same shape as GET /v1/requests/{id}/progress, and nothing more of the request.
    auto by_id = ours->Get(("/v1/requests/" + newer + "/progress").c_str());
    REQUIRE(by_id);
    CHECK(body_json(by_id) == pj);
    CHECK(p->body.find("11010519491231002X") == std::string::npos);
    auto t = ask(*theirs, R"({"id_number":"11010519491231002X"})");
    REQUIRE(t);
    REQUIRE(t->status == 200);
    CHECK(body_json(t)["request_id"] == there);   // each station sees its own only

    // Unknown numbers and another station's: one and the same 404 as an unknown request id.
    auto unknown = ask(*ours, R"({"id_number":"110105198503121234"})");
    auto unknown_id = ours->Get("/v1/requests/0b7c3f1e-8a2d-4c5e-9f10-1234567890ab/progress");
    REQUIRE(unknown);
    REQUIRE(unknown_id);
    CHECK(unknown->status == 404);
    CHECK(unknown->body == unknown_id->body);
    for (const char* bad : {"", "not json", R"({"id":"x"})", R"({"id_number":12})", R"({"id_number":""})"}) {
        INFO(bad);
        auto r = ask(*ours, bad);
        REQUIRE(r);
        CHECK(r->status == 400);
    }
}

TEST_CASE("progress by ID card: a kiosk that keeps asking for numbers nobody has is refused for a while") {
    Station st;
    REQUIRE_FALSE(st.upload("").empty());
    auto ours = st.kiosk_client("kiosk"), neighbour = st.kiosk_client("other-kiosk");
    auto ask = [](httplib::SSLClient& c, const std::string& n) {
        auto r = c.Post("/v1/progress/by-id-number", json{{"id_number", n}}.dump(), "application/json");
        return r ? r->status : 0;
    };
    for (int i = 0; i < intake::IdLookupLimiter::kMaxIdMisses; ++i) REQUIRE(ask(*ours, "110105198503121234") == 404);
    CHECK(ask(*ours, "11010519491231002X") == 429);        // even a right one, until the window moves on
    CHECK(ask(*neighbour, "11010519491231002X") == 200);   // per kiosk: another kiosk still asks

    intake::IdLookupLimiter lim;
    const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
    for (int i = 0; i < intake::IdLookupLimiter::kMaxIdMisses; ++i) {
        CHECK(lim.allowed("k", t0));
        lim.missed("k", t0);
    }
    CHECK_FALSE(lim.allowed("k", t0 + 1s));
    CHECK(lim.allowed("k", t0 + intake::IdLookupLimiter::kIdMissWindow));
}

TEST_CASE("progress by short reference: POST /v1/progress/by-short-ref finds a request of another kiosk of the station") {
    Station st;
    const std::string mine = st.upload("A001", "other-kiosk");     // taken at the neighbouring kiosk
    int status = 0;
    const std::string there = st.upload("A001", "station2-kiosk", &status);   // the same ticket at another station
    REQUIRE_FALSE(mine.empty());
    REQUIRE_FALSE(there.empty());
    auto ours = st.kiosk_client("kiosk");
    auto ask = [&](const std::string& body) { return ours->Post("/v1/progress/by-short-ref", body, "application/json"); };
    const std::string ref = kiosk::short_reference("A001", mine);
    std::string lower = ref.substr(0, 4) + ref.substr(5);   // no dash, lower case: as a person may type it
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

    for (const std::string& typed : {ref, lower}) {
        INFO(typed);
        auto p = ask(json{{"short_ref", typed}}.dump());
        REQUIRE(p);
        REQUIRE(p->status == 200);
        json pj = body_json(p);
        CHECK(pj["request_id"] == mine);
        CHECK(pj["name_masked"] == "张*");
        // The same shape as GET /v1/requests/{id}/progress.
        auto by_id = ours->Get(("/v1/requests/" + mine + "/progress").c_str());
        REQUIRE(by_id);
        CHECK(body_json(by_id) == pj);
    }
    // Another station's request with its right reference, and a wrong code: the one 404 of an unknown id.
    auto theirs = ask(json{{"short_ref", kiosk::short_reference("A001", there)}}.dump());
    std::string wrong = ref;
    wrong.back() = wrong.back() == '3' ? '4' : '3';
    auto wrong_code = ask(json{{"short_ref", wrong}}.dump());
    auto unknown_id = ours->Get("/v1/requests/0b7c3f1e-8a2d-4c5e-9f10-1234567890ab/progress");
    REQUIRE(theirs);
    REQUIRE(wrong_code);
    REQUIRE(unknown_id);
    CHECK(theirs->status == 404);
    CHECK(wrong_code->status == 404);
    CHECK(theirs->body == unknown_id->body);
    for (const char* bad : {"", "not json", R"({"ref":"A001-7K3M"})", R"({"short_ref":12})", R"({"short_ref":"A001"})",
                            R"({"short_ref":"A001-7K3O"})"}) {
        INFO(bad);
        auto r = ask(bad);
        REQUIRE(r);
        CHECK(r->status == 400);
    }
    // Guessing codes one after the other is refused for a while, as guessing ID numbers is.
    for (int i = 0; i < intake::IdLookupLimiter::kMaxIdMisses - 2; ++i) {
        auto r = ask(json{{"short_ref", wrong}}.dump());
        REQUIRE(r);
        REQUIRE(r->status == 404);
    }
    auto refused = ask(json{{"short_ref", ref}}.dump());
    REQUIRE(refused);
    CHECK(refused->status == 429);
}
