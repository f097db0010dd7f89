#pragma once
// [SECTION] The kiosk's HTTPS client: one libcurl easy handle, reused for every call so the TCP connection
// and the TLS session survive between requests. Security settings are fixed here, not left to callers:
// TLS ≥ 1.2, peer and host verification always on, trust only the configured station CA (no system store),
// optional SPKI pins (several, joined with ';', so a backup key can be pinned before rotation), client
// certificate (mutual TLS), no redirects. Plain http:// only when Config::kiosk.demo is set.
#include "app/result.hpp"
#include "app/upload/retry_policy.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

struct CurlApi;   // curl_api.hpp

struct HttpsClientOptions {
    std::string base_url;                       // "https://intake.example:8443" (no trailing path needed)
    std::filesystem::path ca_file;              // the station CA: the only trust anchor
    std::filesystem::path client_cert, client_key;
    std::vector<std::string> pins;              // "sha256//BASE64"; any one matching is enough
    int connect_timeout_s = 10;
    std::chrono::milliseconds total_timeout{30000};   // a whole call, connect included
    int low_speed_time_s = 15;                  // abort when under 1 byte/s for this long
    // A kept-alive connection idle for max_idle_reuse_s + 1 s or more is not reused: a fresh one is opened
    // (the TLS session is resumed, so it stays cheap). curl compares whole seconds (CURLOPT_MAXAGE_CONN:
    // idle/1000 > N), so 3 means "idle 4 s or more" — below the intake's keep-alive timeout (5 s).
    // Reusing a connection the server was closing made one heartbeat in seven fail with curl 55
    // "Connection died", and the kiosk showed 离线保存 for a minute with the intake up.
    int max_idle_reuse_s = 3;
    bool allow_http = false;                    // Config::kiosk.demo only
    // Check our own certificate (readable, key matches, in date, issued by ca_file) before connecting, so
    // staff get "the kiosk certificate expired on …" instead of a TLS alert. Tests turn it off to watch the
    // intake refuse such certificates itself.
    bool preflight = true;
    const std::atomic<bool>* cancel = nullptr;  // when it becomes true, a call in flight is aborted
};

// Refuses an insecure or unusable configuration. Error code "upload.config", message in words for staff.
Status check_upload_options(const HttpsClientOptions& o);
// The preflight described above (also run by create() when o.preflight). Error code "upload.config".
Status check_client_credentials(const HttpsClientOptions& o);

// Ignores SIGPIPE for the whole process, once: a peer closing a TLS connection must not kill the kiosk.
void ignore_sigpipe();

class HttpsClient {
public:
    static Result<std::unique_ptr<HttpsClient>> create(const HttpsClientOptions& o);
    ~HttpsClient();
    HttpsClient(const HttpsClient&) = delete;
    HttpsClient& operator=(const HttpsClient&) = delete;

    // POST `body` as application/json to base_url + path. Never throws; failures are in the outcome.
    HttpOutcome post_json(std::string_view path, const std::string& body, const std::string& idempotency_key = {});
    HttpOutcome get(std::string_view path);

    // How many new TCP connections curl opened so far (connection reuse is checked by the benchmark).
    long connects() const { return connects_; }

private:
    explicit HttpsClient(HttpsClientOptions o) : opts_(std::move(o)) {}
    HttpOutcome perform(std::string_view path, const std::string* body, const std::string& idempotency_key);
    HttpsClientOptions opts_;
    void* curl_ = nullptr;       // CURL*, kept opaque so users of this header need no curl include
    const CurlApi* api_ = nullptr;   // libcurl, loaded on first use (curl_api.hpp)
    std::string pins_joined_;
    long connects_ = 0;
};

} // namespace kiosk
