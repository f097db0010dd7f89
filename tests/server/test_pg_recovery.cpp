// The PostgreSQL store when things go wrong (issue #18): the database stopped (store calls answer
// "intake.db_down", kiosks and desk consoles get 503 + Retry-After, all recover without a restart), a key
// directory that does not match the database, and `kiosk-intake migrate` from a SQLite intake. [pg]: the
// "server(pg): " pass only.
#include "pg_test_util.hpp"

#include "server/desk_cli.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <thread>

using namespace svtest;
using namespace std::chrono_literals;

// A PostgreSQL server of a test's own (tests/pg/pg_server.sh): stopping the shared one would fail the tests
// running beside this one.
struct PrivatePg {
    uptest::TempDir dir{"pg-outage"};
    std::string uri;
    int sh(const std::string& cmd) const {
        const auto script = fs::path(KIOSK_SOURCE_ASSETS).parent_path() / "tests/pg/pg_server.sh";
        return std::system(("'" + script.string() + "' " + cmd + " '" + dir.path.string() + "' >/dev/null 2>&1").c_str());
    }
    PrivatePg() {
        REQUIRE(sh("start") == 0);
        uri = uptest::read_file(dir.path / "uri");
        while (!uri.empty() && uri.back() == '\n') uri.pop_back();
    }
    ~PrivatePg() { sh("stop"); }
    StationOptions station() const {   // a Station (kiosk and desk listeners) on this server
        StationOptions so;
        so.db_spec = uri;
        so.db_key_dir = dir.path;
        return so;
    }
};

TEST_CASE("pg: the database stopped — store calls answer intake.db_down, then recover by themselves", "[pg]") {
    REQUIRE(testing_pg());
    PrivatePg server;
    intake::OpenOptions o;
    o.key_dir = server.dir.path;
    o.pool_size = 2;
    auto s = intake::open_intake_store(server.uri, o);
    REQUIRE(s);
    auto& store = **s;
    auto before = pg_record("A400");
    REQUIRE(store.store(before)->kind == intake::StoreKind::created);

    REQUIRE(server.sh("halt") == 0);
    auto during = pg_record("A401");
    for (int i = 0; i < 3; ++i) {   // every call, not just the first on a stale connection
        auto r = store.store(during);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == "intake.db_down");
    }
    CHECK(store.ticket(before.request_id).error().code == "intake.db_down");
    CHECK(store.check_writable().error().code == "intake.db_down");

    REQUIRE(server.sh("resume") == 0);
    bool back = false;
    for (int i = 0; i < 100 && !back; ++i) {   // ≤ 10 s: the pool resets its connections by itself
        auto r = store.store(during);
        back = r.ok();
        if (!back) std::this_thread::sleep_for(100ms);
        else CHECK(r->kind == intake::StoreKind::created);
    }
    CHECK(back);
    CHECK(store.store(during)->kind == intake::StoreKind::replay);
    CHECK(store.rows()->size() == 2);   // nothing lost, nothing doubled
    CHECK(store.verify_audit()->ok);
}

TEST_CASE("pg: while the database is down kiosks get 503 + Retry-After (intake.db_down), and their retries go through after", "[pg]") {
    REQUIRE(testing_pg());
    PrivatePg server;
    Station st(server.station());
    int status = 0;
    REQUIRE(!st.upload("", "kiosk", &status).empty());
    CHECK(status == 201);

    REQUIRE(server.sh("halt") == 0);
    auto k = st.kiosk_client();
    auto health = k->Get("/v1/health");
    REQUIRE(health);
    CHECK(health->status == 503);
    CHECK(health->get_header_value("Retry-After") == "5");
    auto j = body_json(health);
    REQUIRE(j.contains("errors"));
    CHECK(j["errors"][0].value("code", "") == "intake.db_down");
    CHECK(st.upload("", "kiosk", &status).empty());
    CHECK(status == 503);   // not acknowledged: the kiosk keeps it queued

    REQUIRE(server.sh("resume") == 0);
    bool drained = false;
    for (int i = 0; i < 100 && !drained; ++i) {
        drained = !st.upload("A777", "kiosk", &status).empty();
        if (!drained) std::this_thread::sleep_for(100ms);
    }
    CHECK(drained);
    CHECK(status == 201);
    CHECK(st.store().rows()->size() == 2);
}

TEST_CASE("pg: while the database is down a logged-in console gets 503 + Retry-After, not 401, and the same session works after", "[pg]") {
    REQUIRE(testing_pg());
    PrivatePg server;
    Station st(server.station());
    st.add_officer("li", 1, {});
    auto li = login(st, "li");
    REQUIRE(li.login_status == 200);
    REQUIRE(li.get("/desk/api/queue"));
    CHECK(li.get("/desk/api/queue")->status == 200);

    REQUIRE(server.sh("halt") == 0);
    auto down = li.get("/desk/api/queue");   // the session cannot be checked: the console must retry, not log out
    REQUIRE(down);
    CHECK(down->status == 503);
    CHECK(down->get_header_value("Retry-After") == "5");
    CHECK(body_json(down).value("code", "") == "intake.db_down");
    auto login_down = login(st, "li");
    CHECK(login_down.login_status == 503);

    REQUIRE(server.sh("resume") == 0);
    int after = 0;
    for (int i = 0; i < 100 && after != 200; ++i) {
        auto r = li.get("/desk/api/queue");
        after = r ? r->status : 0;
        if (after != 200) std::this_thread::sleep_for(100ms);
    }
    CHECK(after == 200);   // the same cookie: the session outlived the outage
}

TEST_CASE("pg: a missing or different key in --key-dir is refused while the database holds requests", "[pg]") {
    REQUIRE(testing_pg());
    TestDb db;
    {
        auto s = open_store(db);
        REQUIRE(s->store(pg_record("A500"))->kind == intake::StoreKind::created);
    }
    const auto key = db.dir() / "intake-data.key";
    const std::string saved = uptest::read_file(key);
    fs::remove(key);
    auto missing = db.open();
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == "key.missing");
    CHECK_FALSE(fs::exists(key));   // no new key was made
    { std::ofstream(key, std::ios::binary) << std::string(32, 'k'); }
    fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
    auto wrong = db.open();
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == "key.wrong");
    { std::ofstream(key, std::ios::binary | std::ios::trunc) << saved; }
    auto back = db.open();
    REQUIRE(back);
    CHECK((*back)->rows()->size() == 1);   // the same key reads what it sealed
    // Without --key-dir there is nowhere to keep keys: refused before anything is opened.
    CHECK(intake::open_intake_store(db.spec()).error().code == "intake.usage");
}

TEST_CASE("pg: kiosk-intake migrate copies a SQLite intake — requests, statuses, events, accounts, audit chain", "[pg]") {
    REQUIRE(testing_pg());
    uptest::TempDir src("migrate-src"), keys("migrate-keys");
    const fs::path db = src.path / "intake.db";
    std::vector<intake::NewRecord> recs;
    {
        auto s = intake::open_intake_store(db.string());
        REQUIRE(s);
        for (int i = 0; i < 3; ++i) {
            recs.push_back(pg_record("A60" + std::to_string(i)));
            REQUIRE((*s)->store(recs.back())->kind == intake::StoreKind::created);
        }
        REQUIRE(intake::add_desk_account(**s, "li", 2, {"A"}, "correct horse 1", kTestIterations));
        REQUIRE((*s)->call_next("qingshan-qinghe", "2026-12-02", 2, {}, "li"));
        REQUIRE((*s)->set_status(recs[0].request_id, "accepted", "已受理", "accepted", "", "li"));
    }
    TestDb target;
    const std::string cmd = "'" KIOSK_INTAKE_BIN "' migrate --from 'sqlite:" + db.string() + "' --to '" + target.spec() +
                            "' --key-dir '" + keys.path.string() + "' 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    const int rc = ::pclose(p);
    INFO(out);
    REQUIRE(rc == 0);
    CHECK(out.find("the audit chain verifies") != std::string::npos);

    intake::OpenOptions o;
    o.key_dir = keys.path;
    auto s = intake::open_intake_store(target.spec(), o);
    REQUIRE(s);
    auto rows = (*s)->rows();
    REQUIRE(rows);
    REQUIRE(rows->size() == 3);
    for (int i = 0; i < 3; ++i) CHECK(rows->at(i).payload == recs[i].payload);   // sealed rows read with the copied keys
    CHECK((*s)->store(recs[1])->kind == intake::StoreKind::replay);              // a kiosk's retry still gets its answer
    auto t = (*s)->ticket(recs[0].request_id);
    REQUIRE(t);
    REQUIRE(*t);
    CHECK((*t)->desk_status == "accepted");
    CHECK((*t)->call_state == "served");
    CHECK((*s)->account("li")->has_value());
    CHECK((*s)->find_by_id_number("11010519491231002X")->size() == 3);
    auto v = (*s)->verify_audit();
    REQUIRE(v);
    CHECK(v->ok);
    const auto before = v->rows;
    CHECK(*(*s)->last_event_seq("qingshan-qinghe") == 2);   // the call and the status
    // It goes on where the source stopped: the next event is seq 3, the chain grows and still verifies.
    REQUIRE((*s)->call_next("qingshan-qinghe", "2026-12-02", 2, {}, "li"));
    CHECK(*(*s)->last_event_seq("qingshan-qinghe") == 3);
    CHECK((*s)->verify_audit()->ok);
    CHECK((*s)->verify_audit()->rows == before + 1);
    CHECK((*s)->store(pg_record("A699"))->kind == intake::StoreKind::created);
    // Again into the same (now full) database: refused, nothing changed.
    CHECK(std::system((cmd + " >/dev/null").c_str()) != 0);
    CHECK((*s)->rows()->size() == 4);
}
