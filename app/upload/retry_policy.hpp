#pragma once
// [SECTION] Retry policy — what one upload attempt means for the request, and when to try again.
// Pure: no I/O, no clock reads, no global RNG. The uploader feeds it what curl returned; tests feed it
// every case (tests/upload/test_retry_policy.cpp). DESIGN.md, "A request's life", step 4.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

// What one HTTP exchange produced, as the curl client reports it.
struct HttpOutcome {
    int curl_code = 0;           // CURLcode; 0 = a complete response arrived
    std::string curl_error;      // curl's error buffer (TLS alerts etc.); never holds request data
    long http_status = 0;
    std::string body;            // response body
    std::string retry_after;     // raw Retry-After header value, empty if absent
};

enum class Verdict {
    uploaded,      // 2xx and the body echoes our request_id
    retry,         // transient: network, 408/409/425/429/5xx, a lying or garbled answer
    dead_letter,   // the intake refused this request's content (other 4xx): staff must look
    config_error,  // TLS/certificate/URL problem: nothing will work until staff fix the setup
};
const char* verdict_name(Verdict v);

struct Classification {
    Verdict verdict = Verdict::retry;
    std::string reason;                           // in words, for staff and logs; never PII
    std::string server_ref;                       // when uploaded
    std::optional<std::chrono::seconds> retry_after;  // server asked us to wait at least this long
};

using SystemTime = std::chrono::system_clock::time_point;

// Classifies an answer to POST /v1/requests for `request_id`. `now` resolves an HTTP-date Retry-After.
Classification classify_upload(const HttpOutcome& o, std::string_view request_id, SystemTime now);

// Classifies any other call (heartbeat, health): 2xx is success, the rest as for uploads minus the echo.
Classification classify_plain(const HttpOutcome& o, SystemTime now);

// True when a curl failure means the TLS/certificate/URL setup is wrong rather than the network flaky.
bool is_config_failure(int curl_code, std::string_view curl_error);

// Retry-After: delta-seconds ("120") or an HTTP-date (IMF-fixdate, RFC 850 or asctime). A date in the
// past gives 0 s; garbage gives nullopt. Values are clamped to kMaxRetryAfter so a broken server cannot
// park the queue for days.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, SystemTime now);
inline constexpr std::chrono::seconds kMaxRetryAfter{3600};

// [SECTION] Backoff — "full jitter" (AWS architecture blog): uniform in [0, min(cap, base·2^n)].
// Full jitter spreads a fleet of kiosks that all lost the intake at once, so they do not return in step.
struct BackoffParams {
    std::chrono::milliseconds base{1000};
    std::chrono::milliseconds cap{5 * 60 * 1000};
};
// Uniform 64-bit random numbers; injectable so tests are deterministic.
using Rng64 = std::function<std::uint64_t()>;
Rng64 default_rng();   // std::mt19937_64 seeded from std::random_device

// `failures_before` = how many attempts already failed before this one (0 after the first failure).
std::chrono::milliseconds full_jitter_delay(int failures_before, const BackoffParams& p, const Rng64& rng);

// The wait before the next attempt: the jittered backoff, but never shorter than the server's Retry-After.
std::chrono::milliseconds next_retry_delay(int failures_before, const Classification& c,
                                           const BackoffParams& p, const Rng64& rng);

} // namespace kiosk
