// HttpsClient configuration rules and the credential preflight. No network.
#include "harness.hpp"

#include "app/upload/heartbeat.hpp"
#include "app/upload/curl_api.hpp"
#include "app/upload/https_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace uptest;
using kiosk::CurlApi;
using kiosk::curl_api;
using kiosk::curl_error_text;
using kiosk::HttpsClient;
using kiosk::HttpsClientOptions;

namespace {
HttpsClientOptions good() {
    HttpsClientOptions o;
    o.base_url = "https://localhost:1";
    o.ca_file = pki() / "ca.crt";
    o.client_cert = pki() / "kiosk.crt";
    o.client_key = pki() / "kiosk.key";
    return o;
}
std::string why(const kiosk::Status& s) { return s ? std::string{} : s.error().message; }
} // namespace

TEST_CASE("plain http:// is refused unless in demo mode") {
    auto o = good();
    o.base_url = "http://localhost:8443";
    auto refused = HttpsClient::create(o);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "upload.config");
    CHECK(refused.error().message.find("demo") != std::string::npos);
    o.allow_http = true;
    CHECK(HttpsClient::create(o));
}

TEST_CASE("upload options: scheme, CA, pins and key pairs are checked") {
    CHECK(kiosk::check_upload_options(good()));
    auto o = good();
    o.base_url = "ftp://x";
    CHECK(why(kiosk::check_upload_options(o)).find("https://") != std::string::npos);
    o = good();
    o.ca_file.clear();
    CHECK(why(kiosk::check_upload_options(o)).find("ca_file") != std::string::npos);
    o = good();
    o.ca_file = "/nonexistent/ca.crt";
    CHECK(why(kiosk::check_upload_options(o)).find("does not exist") != std::string::npos);
    o = good();
    o.pins = {"md5//abc"};
    CHECK(why(kiosk::check_upload_options(o)).find("pins") != std::string::npos);
    o.pins = {"sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;sha256//BBB"};
    CHECK_FALSE(kiosk::check_upload_options(o));
    o = good();
    o.client_key.clear();
    CHECK(why(kiosk::check_upload_options(o)).find("together") != std::string::npos);
    o = good();
    o.base_url.clear();
    CHECK_FALSE(kiosk::check_upload_options(o));
}

TEST_CASE("credential preflight names the problem in words") {
    CHECK(kiosk::check_client_credentials(good()));
    auto o = good();
    o.client_cert = pki() / "expired.crt";
    o.client_key = pki() / "expired.key";
    CHECK(why(kiosk::check_client_credentials(o)).find("expired on") != std::string::npos);
    o = good();
    o.client_cert = pki() / "foreign.crt";
    o.client_key = pki() / "foreign.key";
    CHECK(why(kiosk::check_client_credentials(o)).find("not accepted by the station CA") != std::string::npos);
    o = good();
    o.client_key = pki() / "other-kiosk.key";
    CHECK(why(kiosk::check_client_credentials(o)).find("does not belong") != std::string::npos);
    o = good();
    o.client_cert = pki() / "missing.crt";
    CHECK(why(kiosk::check_client_credentials(o)).find("cannot read") != std::string::npos);
    o = good();
    o.client_cert = pki() / "server.pin";   // not PEM
    CHECK(why(kiosk::check_client_credentials(o)).find("not a PEM") != std::string::npos);
    o = good();
    o.client_cert.clear();
    o.client_key.clear();
    CHECK(why(kiosk::check_client_credentials(o)).find("no client certificate") != std::string::npos);
    // create() runs the preflight by default and reports the same words.
    o = good();
    o.client_cert = pki() / "expired.crt";
    o.client_key = pki() / "expired.key";
    auto c = HttpsClient::create(o);
    REQUIRE_FALSE(c);
    CHECK(c.error().message.find("expired") != std::string::npos);
}

TEST_CASE("nothing listening: a network error, classified for retry") {
    auto o = good();
    TempDir d("noport");
    Intake probe(d.path);
    probe.start();
    const int port = probe.port();
    probe.kill9();
    o.base_url = "https://localhost:" + std::to_string(port);
    auto c = HttpsClient::create(o);
    REQUIRE(c);
    auto out = (*c)->post_json("/v1/requests", "{}", "k");
    CHECK(out.curl_code != 0);
    CHECK(kiosk::classify_upload(out, "k", kiosk::WallClock::now()).verdict == kiosk::Verdict::retry);
}

TEST_CASE("heartbeat body: ids, version, queue depths, printer and disk, no PII") {
    kiosk::Config cfg;
    kiosk::QueueCounts q;
    q.queued = 2;
    q.dead_letter = 1;
    auto j = nlohmann::json::parse(kiosk::heartbeat_body(cfg, q, kiosk::PrinterState::paper_out, 1234, kiosk::WallClock::now()));
    CHECK(j["kiosk_id"] == cfg.kiosk.id);
    CHECK(j["station_id"] == cfg.station.id);
    CHECK(j["version"] == KIOSK_VERSION);
    CHECK(j["queue"]["queued"] == 2);
    CHECK(j["queue"]["dead_letter"] == 1);
    CHECK(j["printer"] == "paper_out");
    CHECK(j["disk_free_mb"] == 1234);
    CHECK(kiosk::disk_free_mb(".") >= 0);
    CHECK(kiosk::disk_free_mb("/nonexistent/dir") == -1);
}

TEST_CASE("libcurl is loaded on first use, and its error texts are available") {
    std::string why;
    const CurlApi* api = curl_api(&why);
    INFO(why);
    REQUIRE(api != nullptr);
    CHECK(why.empty());
    CHECK(curl_api() == api);   // loaded once
    CHECK(curl_error_text(CURLE_COULDNT_CONNECT) == std::string(api->easy_strerror(CURLE_COULDNT_CONNECT)));
    CHECK(curl_error_text(CURLE_COULDNT_CONNECT).find("onnect") != std::string::npos);
}
