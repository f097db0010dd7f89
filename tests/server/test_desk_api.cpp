// The desk API of docs/DESK_API.md over real HTTPS (httplib SSL client): sessions, lockout, CSRF, static
// files, queue, calls, detail/unmask, status transitions, form, report.
#include "server_harness.hpp"

#include "app/crypto.hpp"
#include "app/short_ref.hpp"
#include "server/desk_sessions.hpp"
#include "server/short_ref_lookup.hpp"

#include <cctype>

#include <catch2/catch.hpp>

using namespace svtest;
using namespace std::chrono_literals;

namespace {
int status(const httplib::Result& r) { return r ? r->status : 0; }
int audit_rows(intake::IntakeStore& s, const std::string& action) {
    int n = 0;
    auto rows = s.list_audit(1000);   // named: iterating *temporary would dangle
    for (const auto& e : *rows) n += e.action == action;
    return n;
}
} // namespace

TEST_CASE("desk login: the right password opens a session — wrong ones are 401 then 429 with Retry-After") {
    Station st;
    st.add_officer("li", 2, {"A", "B"});
    auto ok = login(st, "li");
    REQUIRE(ok.login_status == 200);
    CHECK(ok.cookie.size() == 64);   // 256 random bits, hex
    CHECK(ok.csrf.size() == 64);
    CHECK(ok.csrf != ok.cookie);
    CHECK(ok.login_body["officer"]["window"] == 2);
    CHECK(ok.login_body["officer"]["serves"] == json::array({"A", "B"}));
    CHECK(ok.login_body["idle_timeout_s"] == 600);
    auto raw = st.desk_client()->Post("/desk/api/login", json{{"name", "li"}, {"password", "correct horse 1"}}.dump(), "application/json");
    REQUIRE(raw);
    const std::string cookie = raw->get_header_value("Set-Cookie");
    for (const char* attr : {"Path=/desk", "Secure", "HttpOnly", "SameSite=Strict"}) CHECK(cookie.find(attr) != std::string::npos);
    CHECK(raw->get_header_value("Cache-Control") == "no-store");
    CHECK(raw->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(raw->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(audit_rows(st.store(), "desk.login") == 2);

    for (int i = 1; i <= 4; ++i) {
        auto bad = login(st, "li", "wrong password " + std::to_string(i));
        CHECK(bad.login_status == 401);
        CHECK(bad.login_body["error"] == "wrong_credentials");
        CHECK(bad.cookie.empty());
    }
    auto fifth = st.desk_client()->Post("/desk/api/login", json{{"name", "li"}, {"password", "wrong again!"}}.dump(), "application/json");
    REQUIRE(fifth);
    CHECK(fifth->status == 429);
    CHECK(body_json(fifth)["error"] == "locked");
    CHECK(fifth->get_header_value("Retry-After") == "30");
    // While locked even the right password is refused.
    CHECK(login(st, "li").login_status == 429);
    CHECK(audit_rows(st.store(), "desk.lockout") == 1);
    // A name that is no account behaves alike (no telling names apart) and the typed name is not audited.
    for (int i = 0; i < 4; ++i) CHECK(login(st, "nobody", "whatever12345").login_status == 401);
    CHECK(login(st, "nobody", "whatever12345").login_status == 429);
    auto rows = st.store().list_audit(1000);
    for (const auto& e : *rows) CHECK(e.detail.find("nobody") == std::string::npos);
    // The growing delay: 30 s, doubling, capped at 15 minutes.
    int secs = 0;
    intake::LoginThrottle t;
    for (int lockout = 0; lockout < 8; ++lockout)
        for (int i = 0; i < intake::kDeskMaxFailures; ++i) t = intake::count_desk_failure(t, 0, &secs);
    CHECK(secs == 900);
    t = {};
    for (int i = 0; i < 2 * intake::kDeskMaxFailures; ++i) t = intake::count_desk_failure(t, 0, &secs);
    CHECK(secs == 60);
}

TEST_CASE("desk sessions: 401 without one, 403 without CSRF, a stale cookie, another officer's token, logout, expiry") {
    Station st(StationOptions{2s, {}});
    st.add_officer("li", 1, {});
    st.add_officer("wang", 2, {});
    auto li = login(st, "li"), wang = login(st, "wang");
    REQUIRE(li.login_status == 200);
    REQUIRE(wang.login_status == 200);
    CHECK(li.login_body["idle_timeout_s"] == 2);

    Officer anon{st.desk_client(), "", "", {}, 0};
    for (const char* path : {"/desk/api/queue", "/desk/api/session", "/desk/api/report", "/desk/api/nonexistent"}) {
        auto r = anon.get(path);
        CHECK(status(r) == 401);
        CHECK(body_json(r)["error"] == "no_session");
    }
    CHECK(status(anon.post("/desk/api/calls/next")) == 401);
    CHECK(status(li.post("/desk/api/calls/next", json::object(), false)) == 403);
    CHECK(body_json(li.post("/desk/api/calls/next", json::object(), false))["error"] == "csrf");
    Officer stale{st.desk_client(), std::string(64, 'a'), li.csrf, {}, 0};
    CHECK(status(stale.post("/desk/api/calls/next")) == 401);   // session before CSRF: a stale cookie is 401
    Officer mixed{st.desk_client(), li.cookie, wang.csrf, {}, 0};
    CHECK(status(mixed.post("/desk/api/calls/next")) == 403);   // li's session with wang's token
    CHECK(status(li.get("/desk/api/session")) == 200);
    CHECK(body_json(li.get("/desk/api/session"))["officer"]["name"] == "li");
    CHECK(status(li.get("/desk/api/nonexistent")) == 404);

    auto out = li.post("/desk/api/logout");
    CHECK(status(out) == 204);
    CHECK(out->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
    CHECK(status(li.get("/desk/api/queue")) == 401);   // logged out: the old cookie is stale
    CHECK(status(wang.get("/desk/api/queue")) == 200);
    std::this_thread::sleep_for(2500ms);                // idle longer than the 2 s timeout
    CHECK(status(wang.get("/desk/api/queue")) == 401);
}

TEST_CASE("desk sessions live in the database: another instance (or the intake restarted) knows them — only the cookie's hash is kept — a removed account or a new password ends them") {
    TestDb db;   // both backends: for SQLite the second Station is the intake restarted on the same file
    StationOptions so{2s, {}, db.spec(), db.options().key_dir};
    Station a(so), b(so);
    a.add_officer("li", 1, {});
    auto li = login(a, "li");
    REQUIRE(li.login_status == 200);
    Officer on_b{b.desk_client(), li.cookie, li.csrf, {}, 0};
    CHECK(status(on_b.get("/desk/api/session")) == 200);
    CHECK(body_json(on_b.get("/desk/api/session"))["officer"]["window"] == 1);
    // A state change on B with the token A gave: past the gate (nobody waits, so 404 none_waiting).
    CHECK(body_json(on_b.post("/desk/api/calls/next"))["error"] == "none_waiting");
    CHECK(status(on_b.post("/desk/api/calls/next", json::object(), false)) == 403);

    // The cookie is not in the database, only its SHA-256.
    auto by_cookie = b.store().desk_session(li.cookie);
    REQUIRE(by_cookie);
    CHECK(!*by_cookie);
    auto by_hash = b.store().desk_session(kiosk::sha256_hex(li.cookie));
    REQUIRE(by_hash);
    REQUIRE(*by_hash);
    CHECK((*by_hash)->name == "li");
    CHECK((*by_hash)->csrf == li.csrf);

    // Used on B every 0.5 s for 3 s (past the 2 s idle time): still alive on A — B's use renewed it.
    for (int i = 0; i < 6; ++i) {
        std::this_thread::sleep_for(500ms);
        REQUIRE(status(on_b.get("/desk/api/queue")) == 200);
    }
    CHECK(status(li.get("/desk/api/queue")) == 200);

    // Logged out on B: dead on A.
    CHECK(status(on_b.post("/desk/api/logout")) == 204);
    CHECK(status(li.get("/desk/api/queue")) == 401);

    // A new password (kiosk-intake desk passwd, here through the store) logs every console out.
    auto again = login(a, "li");
    REQUIRE(again.login_status == 200);
    auto acct = a.store().account("li");
    REQUIRE(acct);
    REQUIRE(*acct);
    REQUIRE(b.store().set_password("li", (*acct)->salt, (*acct)->hash, (*acct)->iterations, "admin"));
    CHECK(status(again.get("/desk/api/queue")) == 401);

    // So does removing the account, on either instance.
    auto third = login(b, "li");
    REQUIRE(third.login_status == 200);
    REQUIRE(a.store().remove_account("li", "admin"));
    CHECK(status(third.get("/desk/api/queue")) == 401);
    Officer third_on_a{a.desk_client(), third.cookie, third.csrf, {}, 0};
    CHECK(status(third_on_a.get("/desk/api/queue")) == 401);
    auto gone = a.store().desk_session(kiosk::sha256_hex(third.cookie));
    REQUIRE(gone);
    CHECK(!*gone);
}

TEST_CASE("desk static files: the console's files with CSP — nothing outside the folder") {
    Station st;
    auto c = st.desk_client();
    auto index = c->Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->body.find("<title>desk</title>") != std::string::npos);
    CHECK(index->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
    CHECK(index->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
    auto js = c->Get("/app.js");
    REQUIRE(js);
    CHECK(js->status == 200);
    CHECK(js->get_header_value("Content-Type").find("javascript") != std::string::npos);
    std::filesystem::create_symlink(st.dir() / "secret.txt", st.assets() / "link.txt");
    for (const char* p : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
                          "//etc/passwd", "/link.txt", "/missing.html", "/.%2e/secret.txt", "/a/../../secret.txt"}) {
        auto r = c->Get(p);
        INFO(p);
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(r->body.find("outside the assets") == std::string::npos);
    }
}

TEST_CASE("desk queue and calls: filtered by the window's categories — next, recall, no-show, transfer") {
    Station st;
    st.add_officer("li", 1, {"A"});
    st.add_officer("wang", 3, {"B"});
    const std::string a1 = st.upload("A001"), b1 = st.upload("B001"), a2 = st.upload("A002");
    REQUIRE_FALSE(a1.empty());
    REQUIRE_FALSE(b1.empty());
    REQUIRE_FALSE(a2.empty());
    auto li = login(st, "li"), wang = login(st, "wang");

    json q = body_json(li.get("/desk/api/queue"));
    REQUIRE(q["tickets"].size() == 2);
    CHECK(q["tickets"][0]["ticket"] == "A001");
    CHECK(q["tickets"][0]["name_masked"] == "张*");
    CHECK(q["tickets"][0]["service"]["zh"].get<std::string>().size() > 0);
    CHECK(q["window"] == 1);
    CHECK(q["day"] == intake::today_dashed());
    CHECK(body_json(li.get("/desk/api/queue?all=1"))["tickets"].size() == 3);
    CHECK(li.get("/desk/api/queue")->body.find("11010519491231002X") == std::string::npos);

    auto n1 = body_json(li.post("/desk/api/calls/next"));
    CHECK(n1["ticket"] == "A001");
    CHECK(n1["window"] == 1);
    CHECK(n1["request_id"] == a1);
    CHECK(body_json(li.post("/desk/api/calls/next"))["ticket"] == "A002");   // oldest waiting A, skipping B001
    auto none = li.post("/desk/api/calls/next");
    CHECK(status(none) == 404);
    CHECK(body_json(none)["error"] == "none_waiting");

    auto rc = body_json(li.post("/desk/api/calls/" + a1 + "/recall"));
    CHECK(rc["recalls"] == 1);
    CHECK(body_json(li.post("/desk/api/calls/" + a1 + "/recall"))["recalls"] == 2);
    auto ns = li.post("/desk/api/calls/" + a1 + "/no_show");
    CHECK(status(ns) == 200);
    CHECK(body_json(ns)["call_state"] == "no_show");
    CHECK(status(li.post("/desk/api/calls/" + a1 + "/no_show")) == 409);     // not called now
    CHECK(status(li.post("/desk/api/calls/next")) == 404);                   // a no-show is not waiting
    CHECK(body_json(li.post("/desk/api/calls/" + a1 + "/recall"))["recalls"] == 3);   // called again later

    // Transfer A002 to window 3: wang (serves B only) calls it next, after nothing else of his is older.
    auto tr = li.post("/desk/api/calls/" + a2 + "/transfer", {{"window", 3}});
    CHECK(status(tr) == 200);
    CHECK(body_json(tr)["window"] == 3);
    CHECK(status(li.post("/desk/api/calls/" + a2 + "/transfer", {{"window", "x"}})) == 422);
    CHECK(status(li.post("/desk/api/calls/" + a2 + "/transfer", {{"window", 0}})) == 422);
    CHECK(body_json(wang.post("/desk/api/calls/next"))["ticket"] == "B001");
    CHECK(body_json(wang.post("/desk/api/calls/next"))["ticket"] == "A002");
    CHECK(status(li.post("/desk/api/calls/0b7c3f1e-8a2d-4c5e-9f10-1234567890ab/recall")) == 404);
    CHECK(audit_rows(st.store(), "call.next") == 4);
    CHECK(audit_rows(st.store(), "call.recall") == 3);
    CHECK(audit_rows(st.store(), "call.no_show") == 1);
    CHECK(audit_rows(st.store(), "call.transfer") == 1);
    auto rows = st.store().list_audit(1000);
    for (const auto& e : *rows) {
        CHECK(e.detail.find("11010519491231002X") == std::string::npos);
        CHECK(e.detail.find("张三") == std::string::npos);
    }
}

TEST_CASE("desk requests: masked detail, unmask with a reason (audited), status transitions with 409/422") {
    Station st;
    st.add_officer("li", 1, {});
    const std::string id = st.upload("A001");
    REQUIRE_FALSE(id.empty());
    auto li = login(st, "li");

    auto d = li.get("/desk/api/requests/" + id);
    REQUIRE(status(d) == 200);
    json dj = body_json(d);
    CHECK(dj["unmasked"] == false);
    CHECK(dj["applicant"]["name"] == "张*");
    CHECK(dj["applicant"]["id_number"] == "1101**********002X");
    CHECK(dj["applicant"]["phone"] == "138****8000");
    CHECK(d->body.find("11010519491231002X") == std::string::npos);
    CHECK(dj["fields"].size() >= 1);
    CHECK(dj["desk_status"] == "received");
    CHECK(dj["server_ref"].get<std::string>().rfind("QH-", 0) == 0);
    CHECK(status(li.get("/desk/api/requests/nope")) == 404);

    CHECK(status(li.post("/desk/api/requests/" + id + "/unmask", {{"reason", "  "}})) == 422);
    CHECK(body_json(li.post("/desk/api/requests/" + id + "/unmask", json::object()))["error"] == "reason_required");
    CHECK(audit_rows(st.store(), "request.unmask") == 0);
    auto u = body_json(li.post("/desk/api/requests/" + id + "/unmask", {{"reason", "核对身份证"}}));
    CHECK(u["unmasked"] == true);
    CHECK(u["applicant"]["id_number"] == "11010519491231002X");
    CHECK(audit_rows(st.store(), "request.unmask") == 1);
    bool reason_audited = false;
    auto rows = st.store().list_audit(1000);
    for (const auto& e : *rows)
        reason_audited = reason_audited || (e.action == "request.unmask" && e.actor == "li" && e.detail.find("核对身份证") != std::string::npos);
    CHECK(reason_audited);

    auto post_status = [&](const json& b) { return li.post("/desk/api/requests/" + id + "/status", b); };
    CHECK(status(post_status({{"status", "done"}})) == 409);
    CHECK(body_json(post_status({{"status", "done"}}))["error"] == "bad_transition");
    CHECK(status(post_status({{"status", "flying"}})) == 422);
    CHECK(status(post_status({{"status", "accepted"}})) == 200);
    CHECK(status(post_status({{"status", "accepted"}})) == 409);
    CHECK(status(post_status({{"status", "processing"}})) == 200);
    CHECK(body_json(post_status({{"status", "needs_more"}}))["error"] == "message_required");
    auto nm = post_status({{"status", "needs_more"}, {"message", {{"zh", "请补交户口本"}, {"en", "Bring the hukou book"}}}});
    CHECK(status(nm) == 200);
    CHECK(body_json(nm)["message"]["zh"] == "请补交户口本");
    CHECK(body_json(nm)["call_state"] == "served");
    CHECK(status(post_status({{"status", "processing"}})) == 200);
    CHECK(body_json(post_status({{"status", "rejected"}}))["error"] == "reason_required");
    CHECK(status(post_status({{"status", "rejected"}, {"reason", "材料不全"}})) == 200);
    CHECK(status(post_status({{"status", "processing"}})) == 409);   // rejected is final
    CHECK(audit_rows(st.store(), "request.status") == 5);
    auto hist = body_json(li.get("/desk/api/requests/" + id))["history"];
    CHECK(hist.size() >= 7);   // received, unmask, 5 status changes
    CHECK(st.store().verify_audit()->ok);

    auto csv = li.get("/desk/api/report.csv");
    REQUIRE(status(csv) == 200);
    CHECK(csv->get_header_value("Content-Type").find("text/csv") == 0);
    CHECK(csv->body.find("11010519491231002X") == std::string::npos);
    CHECK(csv->body.find("张") == std::string::npos);
    auto rep = body_json(li.get("/desk/api/report"));
    CHECK(rep["served"] == 1);
    CHECK(rep["by_service"].size() == 1);
    CHECK(status(li.get("/desk/api/report?day=2026-13-45x")) == 422);
}

TEST_CASE("desk form.pdf: the A4 form, audited like an unmask") {
    Station st;
    st.add_officer("li", 1, {});
    const std::string id = st.upload("A001");
    auto li = login(st, "li");
    auto pdf = li.get("/desk/api/requests/" + id + "/form.pdf");
    REQUIRE(status(pdf) == 200);
    CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
    CHECK(pdf->body.rfind("%PDF", 0) == 0);
    CHECK(audit_rows(st.store(), "request.form_pdf") == 1);
}

TEST_CASE("desk search: the receipt's short reference finds the request on any recent day, in any case, dash or not") {
    Station st;
    st.add_officer("li", 1, {"B"});   // serves B only: a search still finds an A ticket (the resident is here)
    const std::string today = st.upload("A001");
    REQUIRE_FALSE(today.empty());
    // Yesterday's A001: the same ticket, another request (tickets restart every day).
    intake::NewRecord old;
    old.request_id = kiosk::new_uuid_v4();
    old.kiosk_id = "QS-QHJ-01";
    old.station_id = "qingshan-qinghe";
    old.service_id = "cert.no-criminal-record";
    old.ticket = "A001";
    const std::string yesterday = intake::local_day_before(1);
    old.created_at = yesterday + intake::now_rfc3339().substr(10);
    old.payload = R"({"applicant":{"name":"李四"}})";
    old.payload_sha256 = kiosk::sha256_hex(old.payload);
    old.name = "李四";
    old.id_number = "110105198503121234";
    REQUIRE(st.store().store(old));
    auto li = login(st, "li");
    auto search = [&](const std::string& q) { return li.get("/desk/api/search?q=" + q); };

    const std::string ref_today = kiosk::short_reference("A001", today), ref_old = kiosk::short_reference("A001", old.request_id);
    REQUIRE(ref_today != ref_old);
    auto r = search(ref_today);
    REQUIRE(status(r) == 200);
    json j = body_json(r);
    CHECK(j["kind"] == "short_ref");
    REQUIRE(j["results"].size() == 1);
    CHECK(j["results"][0]["request_id"] == today);
    CHECK(j["results"][0]["short_ref"] == ref_today);
    CHECK(j["results"][0]["name_masked"] == "张*");
    CHECK(r->body.find("11010519491231002X") == std::string::npos);

    std::string typed = ref_old.substr(0, 4) + ref_old.substr(5);   // "a001xxxx": no dash, lower case
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    j = body_json(search(typed));
    REQUIRE(j["results"].size() == 1);
    CHECK(j["results"][0]["request_id"] == old.request_id);
    CHECK(j["results"][0]["day"] == yesterday);

    // A ticket alone: today's. A wrong code: nothing. Not a reference or a ticket: 422.
    j = body_json(search("a001"));
    CHECK(j["kind"] == "ticket");
    REQUIRE(j["results"].size() == 1);
    CHECK(j["results"][0]["request_id"] == today);
    std::string wrong = ref_today;
    wrong.back() = wrong.back() == '3' ? '4' : '3';
    CHECK(body_json(search(wrong))["results"].empty());
    auto bad = search("%E5%BC%A0%E4%B8%89");   // 张三: names are not searched here
    CHECK(status(bad) == 422);
    CHECK(body_json(bad)["error"] == "query_invalid");
    CHECK(status(search("")) == 422);
    CHECK(status(search("HELLO")) == 422);   // letters only: not a ticket
    CHECK(status(search("A02B")) == 422);    // a letter after the digits
    // Audited by kind, never with what was typed; and only with a session.
    CHECK(audit_rows(st.store(), "desk.search") == 4);
    auto rows = st.store().list_audit(1000);
    for (const auto& e : *rows) CHECK(e.detail.find(ref_today) == std::string::npos);
    auto anon = st.desk_client()->Get(("/desk/api/search?q=" + ref_today).c_str());
    CHECK(status(anon) == 401);
}
