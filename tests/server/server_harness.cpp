// The in-process station of the intake tests. See server_harness.hpp.
#include "server_harness.hpp"

#include "app/crypto.hpp"
#include "app/request.hpp"
#include "server/desk_cli.hpp"
#include "server/intake_store.hpp"
#include "tests/upload/sample_request.hpp"

#include <catch2/catch.hpp>

#include <libpq-fe.h>

#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <fstream>

namespace svtest {

using namespace std::chrono_literals;

namespace {
int wait_port(const fs::path& f) {
    for (int i = 0; i < 3000; ++i) {   // ≤ 30 s even under ASan on a busy machine
        if (fs::exists(f)) return std::stoi(uptest::read_file(f));
        std::this_thread::sleep_for(10ms);
    }
    return 0;
}
} // namespace

Station::Station(StationOptions o) {
    std::signal(SIGPIPE, SIG_IGN);   // as kiosk-intake's main: a client that vanished must not end the test
    const fs::path& pki = uptest::pki();
    assets_ = o.assets;
    if (assets_.empty()) {
        assets_ = dir_.path / "desk";
        fs::create_directories(assets_);
        std::ofstream(assets_ / "index.html") << "<!doctype html><title>desk</title><script src=\"app.js\"></script>\n";
        std::ofstream(assets_ / "app.js") << "console.log('desk');\n";
        std::ofstream(dir_.path / "secret.txt") << "outside the assets\n";
    }
    intake::OpenOptions own;
    own.key_dir = o.db_key_dir;
    auto st = o.db_spec.empty() ? db_.open() : intake::open_intake_store(o.db_spec, own);
    INFO((st ? std::string() : st.error().message));
    REQUIRE(st);
    store_ = std::move(*st);
    watch_ = store_->watch_events(hub_);
    auto cat = kiosk::load_catalog(uptest::test_catalog());
    REQUIRE(cat);
    catalog_ = *cat;

    intake::ServerOptions ko;
    ko.port = 0;
    ko.cert = pki / "server.crt";
    ko.key = pki / "server.key";
    ko.client_ca = pki / "ca.crt";
    ko.port_file = dir_.path / "kiosk.port";
    kiosk_srv_ = std::make_unique<intake::IntakeServer>(ko, *store_, hub_, catalog_);
    kiosk_thread_ = std::thread([this] { (void)kiosk_srv_->run(); });

    intake::DeskOptions d;
    d.port = 0;
    d.cert = ko.cert;
    d.key = ko.key;
    d.assets = assets_;
    d.port_file = dir_.path / "desk.port";
    d.idle_timeout = o.idle;
    d.dummy_iterations = kTestIterations;
    desk_srv_ = std::make_unique<intake::DeskServer>(d, *store_, hub_, catalog_);
    desk_thread_ = std::thread([this] { (void)desk_srv_->run(); });
    kiosk_port_ = wait_port(ko.port_file);
    desk_port_ = wait_port(d.port_file);
    REQUIRE(kiosk_port_ > 0);
    REQUIRE(desk_port_ > 0);
}

Station::~Station() {
    hub_.stop();
    desk_srv_->stop();
    kiosk_srv_->stop();
    if (desk_thread_.joinable()) desk_thread_.join();
    if (kiosk_thread_.joinable()) kiosk_thread_.join();
    watch_.reset();
}

// [SECTION] the test database
bool testing_pg() {
    const char* e = std::getenv("KIOSK_TEST_DB");
    return e && std::string(e).rfind("pg", 0) == 0;
}

// KIOSK_TEST_DB=pg:FILE names the fixture's URI file; a bare "pg" falls back to KIOSK_TEST_PG_URI_FILE.
std::string pg_uri_file() {
    const std::string e = std::getenv("KIOSK_TEST_DB");
    if (e.rfind("pg:", 0) == 0) return e.substr(3);
    const char* f = std::getenv("KIOSK_TEST_PG_URI_FILE");
    return f ? f : "";
}

namespace {
// The fixture URI with another database name: postgresql://user@/NAME?host=… .
std::string with_database(const std::string& uri, const std::string& name) {
    const auto auth = uri.find("://");
    const auto slash = uri.find('/', auth + 3);
    const auto query = uri.find('?', slash);
    return uri.substr(0, slash + 1) + name + (query == std::string::npos ? "" : uri.substr(query));
}

// True when every statement of `sql` ran; the error goes to the test's log.
bool pg_exec(const std::string& uri, const std::string& sql) {
    PGconn* c = PQconnectdb(uri.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        UNSCOPED_INFO("connecting to " << uri << ": " << PQerrorMessage(c));
        PQfinish(c);
        return false;
    }
    PGresult* r = PQexec(c, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok) UNSCOPED_INFO(sql << " -> " << PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
    return ok;
}
} // namespace

TestDb::TestDb() : pg_(testing_pg()) {
    if (!pg_) {
        spec_ = (dir_.path / "intake.db").string();
        return;
    }
    const std::string f = pg_uri_file();
    REQUIRE(!f.empty());   // the pg pass always has the fixture; a missing one is a failure, never a skip
    std::string uri = uptest::read_file(f);
    while (!uri.empty() && (uri.back() == '\n' || uri.back() == ' ')) uri.pop_back();
    REQUIRE(!uri.empty());
    admin_uri_ = uri;
    name_ = "t_" + kiosk::sha256_hex(kiosk::new_uuid_v4()).substr(0, 16);
    REQUIRE(pg_exec(admin_uri_, "CREATE DATABASE " + name_));
    spec_ = with_database(uri, name_);
    options_.key_dir = dir_.path;
}

TestDb::~TestDb() {
    if (!pg_ || name_.empty()) return;
    PGconn* c = PQconnectdb(admin_uri_.c_str());
    if (PQstatus(c) == CONNECTION_OK) PQclear(PQexec(c, ("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)").c_str()));
    PQfinish(c);
}

std::string TestDb::cli_args() const {
    std::string a = "--db '" + spec_ + "'";
    if (pg_) a += " --key-dir '" + dir_.path.string() + "'";
    return a;
}

kiosk::Result<std::unique_ptr<intake::IntakeStore>> TestDb::open(intake::OpenOptions o) const {
    if (o.key_dir.empty()) o.key_dir = options_.key_dir;
    return intake::open_intake_store(spec_, o);
}

bool TestDb::exec_pg(const std::string& sql) const { return pg_ && pg_exec(spec_, sql); }

std::unique_ptr<httplib::SSLClient> Station::kiosk_client(const std::string& cert) const {
    const fs::path& pki = uptest::pki();
    auto c = std::make_unique<httplib::SSLClient>("localhost", kiosk_port_, (pki / (cert + ".crt")).string(),
                                                  (pki / (cert + ".key")).string());
    c->set_ca_cert_path((pki / "ca.crt").string().c_str());
    c->enable_server_certificate_verification(true);
    c->set_read_timeout(40, 0);
    return c;
}

std::unique_ptr<httplib::SSLClient> Station::desk_client() const {
    auto c = std::make_unique<httplib::SSLClient>("localhost", desk_port_);
    c->set_ca_cert_path((uptest::pki() / "ca.crt").string().c_str());
    c->enable_server_certificate_verification(true);
    c->set_read_timeout(20, 0);
    return c;
}

std::string Station::upload(const std::string& ticket, const std::string& cert, int* status, const std::string& name,
                            const std::string& id_number) {
    kiosk::NewRequest req = uptest::sample_request(next_ticket_);
    req.applicant.name = name;
    req.applicant.id_number = id_number;
    char t[16];
    std::snprintf(t, sizeof t, "A%03d", next_ticket_++);
    kiosk::StoredRequest s{req, {kiosk::new_uuid_v4(), ticket.empty() ? std::string(t) : ticket, intake::now_rfc3339()}};
    const std::string kiosk_id = cert == "kiosk" ? "QS-QHJ-01" : cert == "other-kiosk" ? "QS-OTHER-99" : "QS-XY-01";
    const std::string station = cert == "station2-kiosk" ? "xinyuan" : "qingshan-qinghe";
    const std::string body = kiosk::to_wire(s, kiosk_id, station).dump();
    auto c = kiosk_client(cert);
    auto r = c->Post("/v1/requests", {{"Idempotency-Key", s.sub.request_id}}, body, "application/json");
    if (status) *status = r ? r->status : 0;
    if (!r || (r->status != 201 && r->status != 200)) return {};
    return s.sub.request_id;
}

void Station::add_officer(const std::string& name, int window, std::vector<std::string> serves, const std::string& password) {
    REQUIRE(intake::add_desk_account(*store_, name, window, serves, password, kTestIterations));
}

// [SECTION] officer
httplib::Result Officer::get(const std::string& path) const {
    httplib::Headers h;
    if (!cookie.empty()) h.emplace("Cookie", "desk_session=" + cookie);
    return http->Get(path.c_str(), h);
}

httplib::Result Officer::post(const std::string& path, const json& body, bool with_csrf) const {
    httplib::Headers h;
    if (!cookie.empty()) h.emplace("Cookie", "desk_session=" + cookie);
    if (with_csrf && !csrf.empty()) h.emplace("X-CSRF-Token", csrf);
    return http->Post(path.c_str(), h, body.dump(), "application/json");
}

Officer login(const Station& s, const std::string& name, const std::string& password) {
    Officer o;
    o.http = s.desk_client();
    auto r = o.http->Post("/desk/api/login", json{{"name", name}, {"password", password}}.dump(), "application/json");
    if (!r) return o;
    o.login_status = r->status;
    o.login_body = body_json(r);
    const std::string set = r->get_header_value("Set-Cookie");
    const std::string key = "desk_session=";
    if (auto p = set.find(key); p != std::string::npos) o.cookie = set.substr(p + key.size(), set.find(';', p) - p - key.size());
    o.csrf = o.login_body.value("csrf_token", "");
    return o;
}

json body_json(const httplib::Result& r) {
    if (!r) return json::object();
    json j = json::parse(r->body, nullptr, false);
    return j.is_discarded() ? json::object() : j;
}

} // namespace svtest
