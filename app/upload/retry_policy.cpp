// Retry policy: outcome → verdict, Retry-After parsing, full-jitter backoff. See retry_policy.hpp.
// [SECTION] Index: verdict names · curl failures · HTTP statuses · Retry-After · backoff
#include "app/upload/retry_policy.hpp"

#include "app/upload/curl_api.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <ctime>
#include <memory>
#include <random>
#include <vector>

namespace kiosk {

const char* verdict_name(Verdict v) {
    switch (v) {
    case Verdict::uploaded: return "uploaded";
    case Verdict::retry: return "retry";
    case Verdict::dead_letter: return "dead_letter";
    case Verdict::config_error: return "config_error";
    }
    return "unknown";
}

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Keeps staff messages short: server reasons are echoed, but bounded.
std::string clip(std::string s, std::size_t n = 240) {
    if (s.size() > n) {
        s.resize(n);
        // do not cut a UTF-8 sequence in half
        while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
        if (!s.empty() && (static_cast<unsigned char>(s.back()) & 0x80)) s.pop_back();
        s += "…";
    }
    return s;
}

// [SECTION] curl failures
// TLS alerts the peer sends when it rejects *our* certificate (TLS 1.3 reports them only on the first read,
// so they arrive as CURLE_RECV_ERROR rather than a handshake error). Anything else on 35/55/56 is the
// network: a server that died mid-handshake must not park the queue for five minutes.
constexpr std::array<const char*, 10> kCertAlerts{
    "alert certificate",       // certificate required / expired / revoked / unknown / unsupported
    "alert bad certificate",   "alert unknown ca",     "alert access denied",
    "alert protocol version",  "alert handshake failure", "alert decrypt error",
    "certificate verify failed", "wrong version number", "no certificate",
};

} // namespace

bool is_config_failure(int curl_code, std::string_view curl_error) {
    switch (curl_code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_TOO_MANY_REDIRECTS:
        return true;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR: {
        const std::string e = lower(curl_error);
        return std::any_of(kCertAlerts.begin(), kCertAlerts.end(),
                           [&](const char* a) { return e.find(a) != std::string::npos; });
    }
    default:
        return false;
    }
}

namespace {

Classification from_curl(const HttpOutcome& o) {
    Classification c;
    const std::string what = o.curl_error.empty() ? curl_error_text(o.curl_code) : o.curl_error;
    if (is_config_failure(o.curl_code, o.curl_error)) {
        c.verdict = Verdict::config_error;
        c.reason = clip("TLS/certificate or URL problem (curl " + std::to_string(o.curl_code) + "): " + what);
    } else {
        c.verdict = Verdict::retry;
        c.reason = clip("network (curl " + std::to_string(o.curl_code) + "): " + what);
    }
    return c;
}

// The server's own words for a refusal: "field code: message; …" from {errors:[…]}, or {error}.
std::string server_reason(const std::string& body) {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return {};
    std::string out;
    if (auto it = j.find("errors"); it != j.end() && it->is_array()) {
        for (const auto& e : *it) {
            if (!e.is_object()) continue;
            if (!out.empty()) out += "; ";
            out += e.value("field", std::string{}) + " " + e.value("code", std::string{});
            const std::string msg = e.value("message", std::string{});
            if (!msg.empty()) out += ": " + msg;
        }
    } else if (auto e = j.find("error"); e != j.end() && e->is_string()) {
        out = e->get<std::string>();
    }
    return out;
}

// [SECTION] HTTP statuses
Classification from_status(const HttpOutcome& o, SystemTime now) {
    Classification c;
    const long s = o.http_status;
    c.retry_after = parse_retry_after(o.retry_after, now);
    const std::string status = "HTTP " + std::to_string(s);
    const std::string said = server_reason(o.body);
    const std::string tail = said.empty() ? std::string{} : ": " + said;
    if (s == 408 || s == 409 || s == 425 || s == 429 || s >= 500 || s < 100) {
        c.verdict = Verdict::retry;
        c.reason = clip("intake busy or failing (" + status + ")" + tail);
    } else if (s >= 300 && s < 400) {
        // Never follow redirects: the body would go to a peer nobody configured.
        c.verdict = Verdict::config_error;
        c.reason = clip("intake URL redirects (" + status + "): check upload.url");
    } else if (s == 401 || s == 403) {
        // The intake refuses this kiosk, not this request: every request would fail the same way, so
        // dead-lettering would only bury the queue. Staff fix the certificate or kiosk id instead.
        c.verdict = Verdict::config_error;
        c.reason = clip("intake refused this kiosk (" + status + ")" + tail + ": check the client certificate and kiosk.id");
    } else if (s == 404 || s == 405) {
        c.verdict = Verdict::config_error;
        c.reason = clip("intake endpoint not found (" + status + "): check upload.url");
    } else if (s >= 400) {
        c.verdict = Verdict::dead_letter;
        c.reason = clip("intake rejected the request (" + status + ")" + tail);
    } else {
        c.verdict = Verdict::retry;   // 1xx as final, 2xx handled by the caller
        c.reason = clip("unexpected answer (" + status + ")");
    }
    return c;
}

} // namespace

Classification classify_upload(const HttpOutcome& o, std::string_view request_id, SystemTime now) {
    if (o.curl_code != 0) return from_curl(o);
    if (o.http_status < 200 || o.http_status >= 300) return from_status(o, now);
    Classification c;
    auto j = nlohmann::json::parse(o.body, nullptr, false);
    const bool echoed = !j.is_discarded() && j.is_object() && j.contains("request_id") &&
                        j["request_id"].is_string() && j["request_id"].get<std::string>() == request_id;
    if (!echoed) {
        // A 2xx that does not name our request proves nothing was stored for it: a proxy's page, a
        // misrouted answer or a lying server. Keep the request and try again.
        c.verdict = Verdict::retry;
        c.reason = "intake answered HTTP " + std::to_string(o.http_status) +
                   " without echoing this request id: not counted as uploaded";
        return c;
    }
    c.verdict = Verdict::uploaded;
    if (auto r = j.find("server_ref"); r != j.end() && r->is_string()) c.server_ref = r->get<std::string>();
    return c;
}

Classification classify_plain(const HttpOutcome& o, SystemTime now) {
    if (o.curl_code != 0) return from_curl(o);
    if (o.http_status >= 200 && o.http_status < 300) return Classification{Verdict::uploaded, {}, {}, {}};
    return from_status(o, now);
}

// [SECTION] Retry-After
namespace {

int month_index(std::string_view m) {
    static constexpr std::array<const char*, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    const std::string l = lower(m);
    for (int i = 0; i < 12; ++i)
        if (l == kMonths[static_cast<std::size_t>(i)]) return i;
    return -1;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::time_t> parse_http_date(std::string_view v) {
    // Tokenise on spaces, commas, colons and dashes; the three formats then differ only in order:
    //   IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT   → wd d mon y h m s GMT
    //   RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT  → wd d mon yy h m s GMT
    //   asctime:     Sun Nov  6 08:49:37 1994        → wd mon d h m s y
    std::vector<std::string> t;
    std::string cur;
    for (char c : v) {
        if (c == ' ' || c == ',' || c == ':' || c == '-') {
            if (!cur.empty()) t.push_back(cur), cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) t.push_back(cur);
    std::tm tm{};
    std::string d, mon, y, h, mi, s;
    if (t.size() == 8 && lower(t[7]) == "gmt") {
        d = t[1], mon = t[2], y = t[3], h = t[4], mi = t[5], s = t[6];
    } else if (t.size() == 7) {
        mon = t[1], d = t[2], h = t[3], mi = t[4], s = t[5], y = t[6];
    } else {
        return std::nullopt;
    }
    for (const auto* n : {&d, &y, &h, &mi, &s})
        if (!all_digits(*n) || n->size() > 4) return std::nullopt;
    const int m = month_index(mon);
    if (m < 0) return std::nullopt;
    int year = std::stoi(y);
    if (y.size() == 2) year += year < 70 ? 2000 : 1900;   // RFC 7231 §7.1.1.1: interpret 2-digit years
    tm.tm_year = year - 1900;
    tm.tm_mon = m;
    tm.tm_mday = std::stoi(d);
    tm.tm_hour = std::stoi(h);
    tm.tm_min = std::stoi(mi);
    tm.tm_sec = std::stoi(s);
    if (tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return std::nullopt;
    return timegm(&tm);
}

} // namespace

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, SystemTime now) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    if (all_digits(value)) {
        if (value.size() > 9) return kMaxRetryAfter;   // absurdly large: clamp, do not overflow
        return std::min(std::chrono::seconds(std::stol(std::string(value))), kMaxRetryAfter);
    }
    auto when = parse_http_date(value);
    if (!when) return std::nullopt;
    const auto delta = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::from_time_t(*when) - now);
    return std::clamp(delta, std::chrono::seconds(0), kMaxRetryAfter);
}

// [SECTION] Backoff
Rng64 default_rng() {
    auto gen = std::make_shared<std::mt19937_64>(std::random_device{}());
    return [gen] { return (*gen)(); };
}

std::chrono::milliseconds full_jitter_delay(int failures_before, const BackoffParams& p, const Rng64& rng) {
    using std::chrono::milliseconds;
    const int shift = std::clamp(failures_before, 0, 40);   // 2^40 s is far beyond any cap: no overflow
    const long long base = std::max<long long>(p.base.count(), 1);
    long long ceiling = p.cap.count();
    if (shift < 62 && base <= (ceiling >> shift)) ceiling = base << shift;
    if (ceiling <= 0) return milliseconds(0);
    // Modulo bias is < 2^-20 for ceilings under 2^44 ms: irrelevant for a sleep.
    return milliseconds(static_cast<long long>(rng() % static_cast<std::uint64_t>(ceiling + 1)));
}

std::chrono::milliseconds next_retry_delay(int failures_before, const Classification& c,
                                           const BackoffParams& p, const Rng64& rng) {
    auto d = full_jitter_delay(failures_before, p, rng);
    if (c.retry_after) d = std::max<std::chrono::milliseconds>(d, *c.retry_after);
    return d;
}

} // namespace kiosk
