// The intake's TLS suites (app/tls_policy.hpp), seen from a plain OpenSSL client restricted to one suite or
// protocol at a time: the modern suites (TLS 1.3; TLS 1.2 ECDHE + AES-GCM / ChaCha20-Poly1305) succeed,
// everything else — CBC, static-RSA key exchange (no forward secrecy), finite-field DHE, TLS 1.1 and 1.0 —
// and any client without a station certificate is refused by the server. The RSA-keyed intake
// (dev-pki's server-rsa) is what makes the static-RSA and ECDHE-RSA cases meaningful.
#include "harness.hpp"

#include "app/tls_policy.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <sstream>

using namespace uptest;

namespace {

struct ClientSpec {
    int min_version = TLS1_2_VERSION;
    int max_version = TLS1_3_VERSION;
    std::string tls12_ciphers;   // empty: OpenSSL's default
    std::string tls13_suites;    // empty: OpenSSL's default
    std::string cert = "kiosk";  // dev-pki name; empty: no client certificate
};

struct Outcome {
    bool ok = false;          // an HTTP answer came back
    bool handshake = false;   // SSL_connect succeeded (in TLS 1.3 even when the server then refuses the client)
    std::string cipher, version, error;
};

std::string openssl_errors() {
    std::string out;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        out += std::string(out.empty() ? "" : "; ") + buf;
    }
    return out;
}

// One connection to the intake on 127.0.0.1: the handshake, then GET /v1/health, because in TLS 1.3 the
// server judges the client certificate only after the client has finished its side of the handshake.
Outcome connect_with(int port, const ClientSpec& spec) {
    Outcome r;
    // A refused TLS 1.3 client learns it only when it writes: the server may have closed by then, and the
    // write must fail with EPIPE rather than kill the test process (the kiosk ignores SIGPIPE too).
    std::signal(SIGPIPE, SIG_IGN);
    ERR_clear_error();
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
    SSL_CTX_set_min_proto_version(ctx.get(), spec.min_version);
    SSL_CTX_set_max_proto_version(ctx.get(), spec.max_version);
    if (!spec.tls12_ciphers.empty()) REQUIRE(SSL_CTX_set_cipher_list(ctx.get(), spec.tls12_ciphers.c_str()) == 1);
    if (!spec.tls13_suites.empty()) REQUIRE(SSL_CTX_set_ciphersuites(ctx.get(), spec.tls13_suites.c_str()) == 1);
    REQUIRE(SSL_CTX_load_verify_locations(ctx.get(), (pki() / "ca.crt").c_str(), nullptr) == 1);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    if (!spec.cert.empty()) {
        REQUIRE(SSL_CTX_use_certificate_chain_file(ctx.get(), (pki() / (spec.cert + ".crt")).c_str()) == 1);
        REQUIRE(SSL_CTX_use_PrivateKey_file(ctx.get(), (pki() / (spec.cert + ".key")).c_str(), SSL_FILETYPE_PEM) == 1);
    }

    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval tv{10, 0};   // bounded: a server that never answers fails the case instead of hanging it
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);

    SSL* ssl = SSL_new(ctx.get());
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "localhost");
    SSL_set1_host(ssl, "localhost");
    if (SSL_connect(ssl) == 1) {
        r.handshake = true;
        r.cipher = SSL_get_cipher_name(ssl);
        r.version = SSL_get_version(ssl);
        const std::string req = "GET /v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        char buf[64] = {};
        if (SSL_write(ssl, req.data(), static_cast<int>(req.size())) > 0 && SSL_read(ssl, buf, sizeof buf - 1) > 0)
            r.ok = std::string(buf).rfind("HTTP/1.1 ", 0) == 0;
    }
    if (!r.ok) r.error = openssl_errors();
    SSL_free(ssl);
    ::close(fd);
    return r;
}

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream ss(list);
    for (std::string s; std::getline(ss, s, ':');) out.push_back(s);
    return out;
}

// The server, not the client, must be the one saying no: a handshake that fails does so with an alert
// the server sent, not a local setup failure. (A TLS 1.3 client without a certificate completes its side
// of the handshake; the server's alert may then be lost in the reset of the connection it closes.)
void check_refused(const Outcome& o, bool tls13_client_auth = false) {
    INFO("error: " << o.error);
    CHECK_FALSE(o.ok);
    if (tls13_client_auth) return;
    CHECK_FALSE(o.handshake);
    CHECK(o.error.find("alert") != std::string::npos);
}

// The same intake twice: with the dev EC key and with an RSA key, each in its own directory.
struct EcAndRsa {
    explicit EcAndRsa(const std::string& tag)
        : dir(tag), ec(make_dir(dir.path / "ec"), {}, "server"), rsa(make_dir(dir.path / "rsa"), {}, "server-rsa") {
        ec.start();
        rsa.start();
        REQUIRE(ec.running());
        REQUIRE(rsa.running());
    }
    static fs::path make_dir(const fs::path& p) { fs::create_directories(p); return p; }
    TempDir dir;
    Intake ec, rsa;
};

} // namespace

TEST_CASE("intake TLS: the modern suites succeed, each one negotiated as asked") {
    EcAndRsa both("tls-modern");
    Intake &ec = both.ec, &rsa = both.rsa;
    for (const std::string& suite : split(kiosk::tls::tls13_suites)) {
        for (Intake* server : {&ec, &rsa}) {
            ClientSpec spec;
            spec.min_version = TLS1_3_VERSION;
            spec.tls13_suites = suite;
            const Outcome o = connect_with(server->port(), spec);
            INFO(suite << " error: " << o.error);
            CHECK(o.ok);
            CHECK(o.cipher == suite);
            CHECK(o.version == "TLSv1.3");
        }
    }
    for (const std::string& suite : split(kiosk::tls::tls12_ciphers)) {
        ClientSpec spec;
        spec.max_version = TLS1_2_VERSION;
        spec.tls12_ciphers = suite;
        Intake& server = suite.find("ECDSA") != std::string::npos ? ec : rsa;
        const Outcome o = connect_with(server.port(), spec);
        INFO(suite << " error: " << o.error);
        CHECK(o.ok);
        CHECK(o.cipher == suite);
        CHECK(o.version == "TLSv1.2");
    }
    // A client that offers everything OpenSSL has still ends up on TLS 1.3.
    const Outcome any = connect_with(ec.port(), ClientSpec{});
    CHECK(any.ok);
    CHECK(any.version == "TLSv1.3");
}

TEST_CASE("intake TLS: CBC, static-RSA and DHE suites are refused in TLS 1.2") {
    EcAndRsa both("tls-weak");
    Intake &ec = both.ec, &rsa = both.rsa;
    struct Case { const char* suite; Intake* server; };
    const Case cases[] = {
        {"ECDHE-ECDSA-AES128-SHA", &ec},        // CBC, forward secret
        {"ECDHE-ECDSA-AES256-SHA384", &ec},     // CBC
        {"ECDHE-RSA-AES128-SHA256", &rsa},      // CBC
        {"ECDHE-RSA-AES256-SHA", &rsa},         // CBC
        {"AES128-GCM-SHA256", &rsa},            // AEAD but static RSA: no forward secrecy
        {"AES256-GCM-SHA384", &rsa},            // the same
        {"AES128-SHA", &rsa},                   // static RSA and CBC
        {"DHE-RSA-AES128-GCM-SHA256", &rsa},    // finite-field DHE: not in the list (weak groups, slow)
    };
    for (const Case& c : cases) {
        ClientSpec spec;
        spec.max_version = TLS1_2_VERSION;
        spec.tls12_ciphers = c.suite;
        INFO(c.suite);
        check_refused(connect_with(c.server->port(), spec));
    }
}

TEST_CASE("intake TLS: TLS 1.1 and 1.0 are refused") {
    EcAndRsa both("tls-old");
    for (Intake* server : {&both.ec, &both.rsa}) {
        for (int version : {TLS1_1_VERSION, TLS1_VERSION}) {
            ClientSpec spec;
            spec.min_version = spec.max_version = version;
            spec.tls12_ciphers = "DEFAULT:@SECLEVEL=0";   // OpenSSL 3 would not even offer TLS 1.1 otherwise
            INFO("version 0x" << std::hex << version);
            check_refused(connect_with(server->port(), spec));
        }
    }
}

TEST_CASE("intake TLS: no handshake without a station client certificate") {
    EcAndRsa both("tls-nocert");
    Intake& ec = both.ec;
    for (int version : {TLS1_3_VERSION, TLS1_2_VERSION}) {
        for (const char* cert : {"", "foreign"}) {
            ClientSpec spec;
            spec.min_version = spec.max_version = version;
            spec.cert = cert;
            INFO("version 0x" << std::hex << version << ", cert '" << cert << "'");
            check_refused(connect_with(ec.port(), spec), version == TLS1_3_VERSION);
        }
    }
    CHECK(connect_with(ec.port(), ClientSpec{}).ok);   // the same intake, with the kiosk's certificate
}
