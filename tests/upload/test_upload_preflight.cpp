// Uploader::preflight: the station CA and the client certificate/key are checked at start, before any
// upload; a problem is in the status from the first frame, in the config file's words (file and key).
#include "harness.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace uptest;
using kiosk::Uploader;

namespace {
// Runs the preflight with one configured file replaced; returns the status staff would see.
kiosk::StatusSnapshot preflight_with(Kiosk& k) {
    k.config.source = "/etc/kiosk/kiosk.toml";
    Uploader up(*k.store, k.config, [] {}, fast_options());
    CHECK_FALSE(up.preflight());
    return up.status();
}
} // namespace

TEST_CASE("preflight passes the dev PKI and stays quiet when uploads are off") {
    TempDir dir("preflight-ok");
    Kiosk k(dir.path, "https://127.0.0.1:1");
    Uploader up(*k.store, k.config, [] {}, fast_options());
    CHECK(up.preflight());
    CHECK_FALSE(up.status().upload_config_error);
    k.config.upload.url.clear();
    Uploader off(*k.store, k.config, [] {}, fast_options());
    CHECK(off.preflight());
}

TEST_CASE("a garbage or missing station CA is reported at start, naming the file and the key") {
    TempDir dir("preflight-ca");
    Kiosk k(dir.path, "https://127.0.0.1:1");
    const auto garbage = dir.path / "garbage.crt";
    std::ofstream(garbage) << "this is not a certificate\n";
    k.config.upload.ca_file = garbage;
    auto s = preflight_with(k);
    CHECK(s.upload_config_error);
    CHECK(s.last_upload_error.find("/etc/kiosk/kiosk.toml: key 'upload.ca_file'") != std::string::npos);
    CHECK(s.last_upload_error.find(garbage.string()) != std::string::npos);
    CHECK(s.last_upload_error.find("not a PEM certificate") != std::string::npos);

    k.config.upload.ca_file = dir.path / "missing-ca.crt";
    s = preflight_with(k);
    CHECK(s.last_upload_error.find("key 'upload.ca_file'") != std::string::npos);
}

TEST_CASE("an unreadable or garbage client certificate or key is reported at start") {
    TempDir dir("preflight-client");
    Kiosk k(dir.path, "https://127.0.0.1:1");
    const auto garbage = dir.path / "garbage.pem";
    std::ofstream(garbage) << "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n";
    SECTION("client key is garbage") {
        k.config.upload.client_key = garbage;
        auto s = preflight_with(k);
        CHECK(s.last_upload_error.find("key 'upload.client_key'") != std::string::npos);
        CHECK(s.last_upload_error.find("not a PEM private key") != std::string::npos);
    }
    SECTION("client certificate is garbage") {
        k.config.upload.client_cert = garbage;
        auto s = preflight_with(k);
        CHECK(s.last_upload_error.find("key 'upload.client_cert'") != std::string::npos);
    }
    SECTION("client key is another kiosk's") {
        k.config.upload.client_key = pki() / "other-kiosk.key";
        auto s = preflight_with(k);
        CHECK(s.last_upload_error.find("key 'upload.client_key'") != std::string::npos);
        CHECK(s.last_upload_error.find("does not belong") != std::string::npos);
    }
}
