// Retry policy: every verdict, Retry-After in all its forms, full-jitter bounds. Pure: no network.
#include "app/upload/retry_policy.hpp"

#include <catch2/catch.hpp>
#include <curl/curl.h>

#include <vector>

using namespace kiosk;
using namespace std::chrono_literals;

namespace {
const std::string kId = "0b7c3f1e-8a2d-4c5e-9f10-1234567890ab";
// 2026-11-28 21:30:00 UTC
const SystemTime kNow = std::chrono::system_clock::from_time_t(1795901400);

HttpOutcome http(long status, std::string body = {}, std::string retry_after = {}) {
    HttpOutcome o;
    o.http_status = status;
    o.body = std::move(body);
    o.retry_after = std::move(retry_after);
    return o;
}
HttpOutcome curl_fail(int code, std::string msg = {}) {
    HttpOutcome o;
    o.curl_code = code;
    o.curl_error = std::move(msg);
    return o;
}
} // namespace

TEST_CASE("2xx echoing the request id is uploaded, with the server ref") {
    for (long s : {200L, 201L}) {
        auto c = classify_upload(http(s, R"({"request_id":")" + kId + R"(","server_ref":"QH-20261128-000001"})"), kId, kNow);
        CHECK(c.verdict == Verdict::uploaded);
        CHECK(c.server_ref == "QH-20261128-000001");
    }
}

TEST_CASE("2xx that does not echo our request id is retried, never counted") {
    const std::vector<std::string> bodies = {
        R"({"request_id":"another-id","server_ref":"QH-1"})",   // lying server
        R"({"server_ref":"QH-1"})",                             // no id at all
        R"({"request_id":42})",                                 // wrong type
        "<html>captive portal</html>",                          // not JSON
        "",                                                     // empty
        R"(["0b7c3f1e-8a2d-4c5e-9f10-1234567890ab"])",          // JSON but not an object
    };
    for (const auto& b : bodies) {
        INFO(b);
        auto c = classify_upload(http(201, b), kId, kNow);
        CHECK(c.verdict == Verdict::retry);
        CHECK(c.reason.find("not counted") != std::string::npos);
        CHECK(c.server_ref.empty());
    }
}

TEST_CASE("transient statuses are retried") {
    for (long s : {408L, 409L, 425L, 429L, 500L, 502L, 503L, 504L, 599L}) {
        INFO(s);
        CHECK(classify_upload(http(s), kId, kNow).verdict == Verdict::retry);
    }
}

TEST_CASE("other 4xx are dead letters carrying the server's reason") {
    const std::string body =
        R"({"errors":[{"field":"applicant.phone","code":"phone.format","message":"手机号格式不对"},)"
        R"({"field":"fields.purpose","code":"choice.unknown","message":"not a listed choice"}]})";
    for (long s : {400L, 410L, 413L, 415L, 422L, 451L}) {
        INFO(s);
        auto c = classify_upload(http(s, body), kId, kNow);
        CHECK(c.verdict == Verdict::dead_letter);
        CHECK(c.reason.find("HTTP " + std::to_string(s)) != std::string::npos);
        CHECK(c.reason.find("applicant.phone phone.format") != std::string::npos);
        CHECK(c.reason.find("fields.purpose choice.unknown") != std::string::npos);
    }
    auto plain = classify_upload(http(422, R"({"error":"idempotency key reused with a different payload"})"), kId, kNow);
    CHECK(plain.verdict == Verdict::dead_letter);
    CHECK(plain.reason.find("different payload") != std::string::npos);
}

TEST_CASE("a huge server reason is clipped without breaking UTF-8") {
    std::string msg;
    for (int i = 0; i < 300; ++i) msg += "错";
    auto c = classify_upload(http(422, R"({"error":")" + msg + R"("})"), kId, kNow);
    CHECK(c.verdict == Verdict::dead_letter);
    CHECK(c.reason.size() < 300);
    CHECK(c.reason.substr(c.reason.size() - 3) == "…");
}

TEST_CASE("who-we-are and where-we-post problems are configuration errors, not dead letters") {
    for (long s : {301L, 302L, 307L, 401L, 403L, 404L, 405L}) {
        INFO(s);
        CHECK(classify_upload(http(s), kId, kNow).verdict == Verdict::config_error);
    }
}

TEST_CASE("curl failures: TLS and certificate problems are config errors, the network is retried") {
    for (int code : {CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CERTPROBLEM,
                     CURLE_SSL_CACERT_BADFILE, CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT,
                     CURLE_SSL_CLIENTCERT, CURLE_SSL_ISSUER_ERROR}) {
        INFO(code);
        CHECK(classify_upload(curl_fail(code), kId, kNow).verdict == Verdict::config_error);
    }
    for (int code : {CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT,
                     CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_SSL_CONNECT_ERROR,
                     CURLE_PARTIAL_FILE, CURLE_ABORTED_BY_CALLBACK}) {
        INFO(code);
        auto c = classify_upload(curl_fail(code, "Connection reset by peer"), kId, kNow);
        CHECK(c.verdict == Verdict::retry);
        CHECK(c.reason.find("network") != std::string::npos);
    }
    // TLS 1.3 reports the intake's rejection of our certificate on the first read.
    for (const char* alert : {"OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0",
                              "OpenSSL SSL_read: error:0A000418:SSL routines::tlsv1 alert unknown ca, errno 0",
                              "OpenSSL SSL_read: error:0A000415:SSL routines::sslv3 alert certificate expired, errno 0",
                              "OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake failure"}) {
        INFO(alert);
        CHECK(classify_upload(curl_fail(CURLE_RECV_ERROR, alert), kId, kNow).verdict == Verdict::config_error);
        CHECK(classify_upload(curl_fail(CURLE_SSL_CONNECT_ERROR, alert), kId, kNow).verdict == Verdict::config_error);
    }
    CHECK(classify_upload(curl_fail(CURLE_SSL_CONNECT_ERROR, "OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:8443"), kId, kNow).verdict == Verdict::retry);
}

TEST_CASE("classify_plain: 2xx without a body is success") {
    CHECK(classify_plain(http(204), kNow).verdict == Verdict::uploaded);
    CHECK(classify_plain(http(503), kNow).verdict == Verdict::retry);
    CHECK(classify_plain(curl_fail(CURLE_PEER_FAILED_VERIFICATION), kNow).verdict == Verdict::config_error);
}

TEST_CASE("Retry-After: delta-seconds") {
    CHECK(parse_retry_after("0", kNow) == 0s);
    CHECK(parse_retry_after("120", kNow) == 120s);
    CHECK(parse_retry_after("  7 ", kNow) == 7s);
    CHECK(parse_retry_after("999999", kNow) == kMaxRetryAfter);
    CHECK(parse_retry_after("99999999999999999999", kNow) == kMaxRetryAfter);
    CHECK_FALSE(parse_retry_after("", kNow));
    CHECK_FALSE(parse_retry_after("-5", kNow));
    CHECK_FALSE(parse_retry_after("1.5", kNow));
    CHECK_FALSE(parse_retry_after("soon", kNow));
}

TEST_CASE("Retry-After: HTTP-date in the three RFC 7231 formats") {
    CHECK(parse_retry_after("Sat, 28 Nov 2026 21:31:30 GMT", kNow) == 90s);     // IMF-fixdate
    CHECK(parse_retry_after("Saturday, 28-Nov-26 21:31:30 GMT", kNow) == 90s);  // RFC 850
    CHECK(parse_retry_after("Sat Nov 28 21:31:30 2026", kNow) == 90s);          // asctime
    CHECK(parse_retry_after("Sat Nov  28 21:31:30 2026", kNow) == 90s);
    CHECK(parse_retry_after("Sat, 28 Nov 2026 20:00:00 GMT", kNow) == 0s);      // in the past
    CHECK(parse_retry_after("Sun, 29 Nov 2026 21:30:00 GMT", kNow) == kMaxRetryAfter);
    CHECK_FALSE(parse_retry_after("Sat, 28 Foo 2026 21:31:30 GMT", kNow));
    CHECK_FALSE(parse_retry_after("Sat, 28 Nov 2026 25:31:30 GMT", kNow));
    CHECK_FALSE(parse_retry_after("Sat, 28 Nov 2026 21:31:30 CET", kNow));
}

TEST_CASE("429 and 503 carry their Retry-After into the classification") {
    auto c = classify_upload(http(429, "", "30"), kId, kNow);
    REQUIRE(c.retry_after);
    CHECK(*c.retry_after == 30s);
    auto d = classify_upload(http(503, "", "Sat, 28 Nov 2026 21:32:00 GMT"), kId, kNow);
    REQUIRE(d.retry_after);
    CHECK(*d.retry_after == 120s);
}

TEST_CASE("full jitter stays within [0, min(cap, base * 2^n)] and reaches both ends") {
    BackoffParams p;   // 1 s base, 5 min cap
    std::uint64_t next = 0;
    Rng64 zero = [] { return std::uint64_t{0}; };
    Rng64 max = [] { return ~std::uint64_t{0}; };
    CHECK(full_jitter_delay(0, p, zero) == 0ms);
    // ~0 % (ceiling+1) == ceiling only when ceiling+1 is a power of two; use ceiling itself as the draw.
    Rng64 exact = [&] { return next; };
    for (int n = 0; n < 12; ++n) {
        const long long ceiling = std::min<long long>(1000LL << n, 300000);
        next = static_cast<std::uint64_t>(ceiling);
        CHECK(full_jitter_delay(n, p, exact).count() == ceiling);
        CHECK(full_jitter_delay(n, p, max).count() <= ceiling);
    }
    // Far beyond the cap, and absurd attempt counts, never overflow.
    next = 300000;
    CHECK(full_jitter_delay(1000, p, exact) == 300000ms);
    CHECK(full_jitter_delay(-3, p, exact) <= 1000ms);   // clamped to n = 0: ceiling 1 s
    auto rng = default_rng();
    for (int i = 0; i < 1000; ++i) {
        const auto d = full_jitter_delay(i % 20, p, rng);
        REQUIRE(d >= 0ms);
        REQUIRE(d <= 300000ms);
    }
}

TEST_CASE("the next delay is never shorter than Retry-After") {
    BackoffParams p;
    Rng64 zero = [] { return std::uint64_t{0}; };
    Classification c;
    c.retry_after = 42s;
    CHECK(next_retry_delay(0, c, p, zero) == 42000ms);
    c.retry_after.reset();
    CHECK(next_retry_delay(0, c, p, zero) == 0ms);
}
