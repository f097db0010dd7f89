// Trust and identity: the kiosk sends nothing to an intake it cannot verify (wrong CA, wrong name, pin
// mismatch); the intake refuses kiosks without a valid station certificate; both show up as config errors.
#include "harness.hpp"

#include "app/upload/https_client.hpp"

#include <catch2/catch.hpp>

using namespace uptest;
using namespace std::chrono_literals;
using kiosk::HttpsClient;
using kiosk::HttpsClientOptions;
using kiosk::Uploader;

namespace {

// Runs an uploader against `intake` until it reports a configuration error, then checks that the intake
// saw no HTTP request at all: the TLS handshake failed before any byte of the request left the kiosk.
void expect_nothing_sent(Intake& intake, Kiosk& k, const std::string& words) {
    submit_n(*k.store, 2);
    Uploader up(*k.store, k.config, [] {}, fast_options());
    up.start();
    REQUIRE(eventually([&] { return up.stats().config_errors >= 2; }));   // retried (slowly), still failing
    auto st = up.status();
    up.stop();
    CHECK(st.upload_config_error);
    CHECK_FALSE(st.online);
    INFO(st.last_upload_error);
    CHECK(st.last_upload_error.find(words) != std::string::npos);
    CHECK(intake.count_in_log("recv ") == 0);   // not even a heartbeat
    CHECK(intake.requests() == 0);
    CHECK(counts(*k.store).pending() == 2);
    CHECK(counts(*k.store).dead_letter == 0);   // a setup problem never buries requests
}

HttpsClientOptions client_for(const Intake& intake, const std::string& cert) {
    HttpsClientOptions o;
    o.base_url = intake.url();
    o.ca_file = pki() / "ca.crt";
    if (!cert.empty()) {
        o.client_cert = pki() / (cert + ".crt");
        o.client_key = pki() / (cert + ".key");
    }
    o.preflight = false;   // let the intake be the one that refuses
    o.total_timeout = 5s;
    return o;
}

} // namespace

TEST_CASE("intake certificate from a foreign CA: nothing is sent, config error") {
    TempDir dir("foreign-server");
    Intake intake(dir.path, {}, "server-foreign");
    intake.start();
    Kiosk k(dir.path, intake.url());
    expect_nothing_sent(intake, k, "TLS/certificate");
}

TEST_CASE("intake certificate for another host name: nothing is sent, config error") {
    TempDir dir("wrongname");
    Intake intake(dir.path, {}, "server-wrongname");
    intake.start();
    Kiosk k(dir.path, intake.url());
    expect_nothing_sent(intake, k, "TLS/certificate");
}

TEST_CASE("SPKI pin mismatch: nothing is sent, config error") {
    TempDir dir("pin");
    Intake intake(dir.path);
    intake.start();
    Kiosk k(dir.path, intake.url());
    k.config.upload.pins = {read_file(pki() / "backup.pin").substr(0, 52)};   // only the spare key's pin
    while (!k.config.upload.pins[0].empty() && std::isspace(static_cast<unsigned char>(k.config.upload.pins[0].back())))
        k.config.upload.pins[0].pop_back();
    expect_nothing_sent(intake, k, "curl 90");
}

TEST_CASE("SPKI pins: the current key pinned next to a backup pin uploads normally") {
    TempDir dir("pin-ok");
    Intake intake(dir.path);
    intake.start();
    Kiosk k(dir.path, intake.url());
    auto trim = [](std::string s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
        return s;
    };
    k.config.upload.pins = {trim(read_file(pki() / "backup.pin")), trim(read_file(pki() / "server.pin"))};
    submit_n(*k.store, 1);
    Uploader up(*k.store, k.config, [] {}, fast_options());
    up.start();
    REQUIRE(eventually([&] { return counts(*k.store).uploaded == 1; }));
    CHECK(intake.requests() == 1);
}

TEST_CASE("missing, expired or foreign client certificate: the kiosk reports a config error and sends nothing") {
    for (const char* cert : {"", "expired", "foreign"}) {
        DYNAMIC_SECTION("client certificate: " << (*cert ? cert : "none")) {
            TempDir dir("clientcert");
            Intake intake(dir.path);
            intake.start();
            Kiosk k(dir.path, intake.url());
            k.config.upload.client_cert = *cert ? pki() / (std::string(cert) + ".crt") : kiosk::Config{}.upload.client_cert;
            k.config.upload.client_key = *cert ? pki() / (std::string(cert) + ".key") : kiosk::Config{}.upload.client_key;
            expect_nothing_sent(intake, k, "certificate");
        }
    }
}

TEST_CASE("missing, expired or foreign client certificate: the intake itself refuses the handshake") {
    TempDir dir("intake-refuses");
    Intake intake(dir.path);
    intake.start();
    for (const char* cert : {"", "expired", "foreign"}) {
        INFO("client certificate: " << (*cert ? cert : "none"));
        auto c = HttpsClient::create(client_for(intake, cert));
        REQUIRE(c);
        auto out = (*c)->get("/v1/health");
        CHECK(out.curl_code != 0);          // no HTTP answer at all
        CHECK(out.http_status == 0);
        const auto verdict = kiosk::classify_plain(out, kiosk::WallClock::now()).verdict;
        CHECK(verdict != kiosk::Verdict::uploaded);
    }
    CHECK(intake.count_in_log("recv ") == 0);
    CHECK(intake.count_in_log("client certificate refused (CN QS-QHJ-01): certificate has expired") == 1);
    CHECK(intake.count_in_log("client certificate refused (CN QS-QHJ-01): unable to get local issuer") == 1);
    // The same client with the right certificate gets through: the refusals above were about the certificate.
    auto ok = HttpsClient::create(client_for(intake, "kiosk"));
    REQUIRE(ok);
    CHECK((*ok)->get("/v1/health").http_status == 200);
}

TEST_CASE("a kiosk whose certificate names another kiosk is refused (403) and shown as a config error") {
    TempDir dir("mismatch");
    Intake intake(dir.path);
    intake.start();
    Kiosk k(dir.path, intake.url());
    k.config.upload.client_cert = pki() / "other-kiosk.crt";
    k.config.upload.client_key = pki() / "other-kiosk.key";
    submit_n(*k.store, 1);
    Uploader up(*k.store, k.config, [] {}, fast_options());
    up.start();
    REQUIRE(eventually([&] { return up.stats().config_errors >= 1; }));
    auto st = up.status();
    up.stop();
    CHECK(st.upload_config_error);
    CHECK(st.last_upload_error.find("403") != std::string::npos);
    CHECK(intake.requests() == 0);
    CHECK(counts(*k.store).dead_letter == 0);
}

TEST_CASE("TLS below 1.2 is refused by the intake") {
    TempDir dir("tls11");
    Intake intake(dir.path);
    intake.start();
    // The kiosk's own client cannot be told to use TLS 1.1; the curl command line can.
    const std::string cmd = "curl -s -o /dev/null --tlsv1.1 --tls-max 1.1 --cacert '" + (pki() / "ca.crt").string() +
                            "' --cert '" + (pki() / "kiosk.crt").string() + "' --key '" + (pki() / "kiosk.key").string() +
                            "' " + intake.url() + "/v1/health";
    CHECK(std::system(cmd.c_str()) != 0);
    CHECK(intake.count_in_log("recv ") == 0);
}
