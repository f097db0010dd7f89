// libcurl client with the kiosk's fixed TLS policy. See https_client.hpp.
// [SECTION] Index: options check · credential preflight · handle setup · perform
#include "app/upload/https_client.hpp"

#include "app/upload/curl_api.hpp"
#include "app/tls_policy.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <csignal>
#include <cstdio>
#include <mutex>

namespace kiosk {

namespace {

Error config_error(std::string msg) { return make_error("upload.config", std::move(msg)); }

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

struct FileCloser { void operator()(FILE* f) const { if (f) std::fclose(f); } };
using File = std::unique_ptr<FILE, FileCloser>;

} // namespace

void ignore_sigpipe() {
    static std::once_flag once;
    std::call_once(once, [] {
        std::signal(SIGPIPE, SIG_IGN);
    });
}

// [SECTION] options check
Status check_upload_options(const HttpsClientOptions& o) {
    if (o.base_url.empty()) return config_error("upload.url is empty");
    const bool https = starts_with(o.base_url, "https://");
    const bool http = starts_with(o.base_url, "http://");
    if (!https && !(http && o.allow_http))
        return config_error(http ? "upload.url uses plain http://, allowed only in demo mode (kiosk.demo = true)"
                                 : "upload.url must start with https://");
    if (https) {
        if (o.ca_file.empty()) return config_error("upload.ca_file is not set: the kiosk trusts only the station CA");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(o.ca_file, ec))
            return config_error("upload.ca_file " + o.ca_file.string() + " does not exist");
    }
    for (const auto& p : o.pins)
        if (!starts_with(p, "sha256//") || p.size() < 20 || p.find(';') != std::string::npos)
            return config_error("upload.pins: each pin must look like sha256//BASE64");
    if (o.client_cert.empty() != o.client_key.empty())
        return config_error("upload.client_cert and upload.client_key must be set together");
    return ok_status();
}

// [SECTION] credential preflight
Status check_client_credentials(const HttpsClientOptions& o) {
    if (o.client_cert.empty())
        return config_error("upload.client_cert: no client certificate configured: the intake requires one");
    // The station CA first: without it nothing can be verified (a garbage file would otherwise show up
    // only as a TLS alert at the first upload).
    {
        File caf(std::fopen(o.ca_file.c_str(), "r"));
        if (!caf) return config_error("upload.ca_file " + o.ca_file.string() + ": cannot read the station CA certificate (" + std::strerror(errno) + ")");
        std::unique_ptr<X509, decltype(&X509_free)> ca(PEM_read_X509(caf.get(), nullptr, nullptr, nullptr), X509_free);
        if (!ca) return config_error("upload.ca_file " + o.ca_file.string() + ": not a PEM certificate (the station CA certificate belongs here)");
    }
    File cf(std::fopen(o.client_cert.c_str(), "r"));
    if (!cf) return config_error("upload.client_cert " + o.client_cert.string() + ": cannot read the client certificate (" + std::strerror(errno) + ")");
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_X509(cf.get(), nullptr, nullptr, nullptr), X509_free);
    if (!cert) return config_error("upload.client_cert " + o.client_cert.string() + ": not a PEM certificate");
    File kf(std::fopen(o.client_key.c_str(), "r"));
    if (!kf) return config_error("upload.client_key " + o.client_key.string() + ": cannot read the client key (" + std::strerror(errno) + ")");
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_PrivateKey(kf.get(), nullptr, nullptr, nullptr),
                                                             EVP_PKEY_free);
    if (!key) return config_error("upload.client_key " + o.client_key.string() + ": not a PEM private key");
    if (X509_check_private_key(cert.get(), key.get()) != 1)
        return config_error("upload.client_key " + o.client_key.string() +
                            ": the client key does not belong to the client certificate " + o.client_cert.string());

    auto date_of = [](const ASN1_TIME* t) {
        char buf[64] = "?";
        BIO* b = BIO_new(BIO_s_mem());
        if (b && ASN1_TIME_print(b, t) == 1) buf[BIO_read(b, buf, sizeof buf - 1)] = '\0';
        BIO_free(b);
        return std::string(buf);
    };
    if (X509_cmp_current_time(X509_get0_notAfter(cert.get())) <= 0)
        return config_error("upload.client_cert: the kiosk certificate expired on " + date_of(X509_get0_notAfter(cert.get())) +
                            ": issue a new one (docs/ADMIN.md)");
    if (X509_cmp_current_time(X509_get0_notBefore(cert.get())) >= 0)
        return config_error("upload.client_cert: the kiosk certificate is not valid before " + date_of(X509_get0_notBefore(cert.get())) +
                            ": check the kiosk's clock");

    // The station CA issues both the intake's and the kiosk's certificates; one it did not issue would be
    // refused by the intake anyway.
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), X509_STORE_CTX_free);
    if (!store || !ctx || X509_STORE_load_file(store.get(), o.ca_file.c_str()) != 1)
        return config_error("upload.ca_file " + o.ca_file.string() + ": cannot load the station CA");
    if (X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr) != 1)
        return config_error("cannot check the client certificate");
    X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT);
    if (X509_verify_cert(ctx.get()) != 1)
        return config_error(std::string("upload.client_cert: the kiosk certificate is not accepted by the station CA: ") +
                            X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
    return ok_status();
}

// [SECTION] handle setup
Result<std::unique_ptr<HttpsClient>> HttpsClient::create(const HttpsClientOptions& o) {
    ignore_sigpipe();
    if (auto st = check_upload_options(o); !st) return st.error();
    const bool https = starts_with(o.base_url, "https://");
    if (https && o.preflight)
        if (auto st = check_client_credentials(o); !st) return st.error();

    std::string why;
    const CurlApi* api = curl_api(&why);
    if (!api) return make_error("upload.curl", why);
    std::unique_ptr<HttpsClient> c(new HttpsClient(o));
    c->api_ = api;
    CURL* h = api->easy_init();
    if (!h) return make_error("upload.curl", "curl_easy_init failed");
    c->curl_ = h;
    for (const auto& p : o.pins) c->pins_joined_ += (c->pins_joined_.empty() ? "" : ";") + p;

    bool ok = api->easy_setopt(h, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
    ok &= api->easy_setopt(h, CURLOPT_PROTOCOLS_STR, (https ? "https" : "http")) == CURLE_OK;
    ok &= api->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;
    ok &= api->easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(o.connect_timeout_s)) == CURLE_OK;
    ok &= api->easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(o.total_timeout.count())) == CURLE_OK;
    ok &= api->easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L) == CURLE_OK;
    ok &= api->easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(o.low_speed_time_s)) == CURLE_OK;
    ok &= api->easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L) == CURLE_OK;
    ok &= api->easy_setopt(h, CURLOPT_MAXAGE_CONN, static_cast<long>(o.max_idle_reuse_s)) == CURLE_OK;
    ok &= api->easy_setopt(h, CURLOPT_USERAGENT, "kiosk/" KIOSK_VERSION) == CURLE_OK;
    if (https) {
        ok &= api->easy_setopt(h, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2)) == CURLE_OK;
        // The intake's suites (app/tls_policy.hpp): the kiosk never agrees to CBC or static RSA either.
        ok &= api->easy_setopt(h, CURLOPT_SSL_CIPHER_LIST, tls::tls12_ciphers) == CURLE_OK;
        ok &= api->easy_setopt(h, CURLOPT_TLS13_CIPHERS, tls::tls13_suites) == CURLE_OK;
        ok &= api->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK;
        ok &= api->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK;
        ok &= api->easy_setopt(h, CURLOPT_CAINFO, o.ca_file.c_str()) == CURLE_OK;
        ok &= api->easy_setopt(h, CURLOPT_CAPATH, nullptr) == CURLE_OK;   // no system trust store
        if (!c->pins_joined_.empty())
            ok &= api->easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, c->pins_joined_.c_str()) == CURLE_OK;
        if (!o.client_cert.empty()) {
            ok &= api->easy_setopt(h, CURLOPT_SSLCERT, o.client_cert.c_str()) == CURLE_OK;
            ok &= api->easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM") == CURLE_OK;
            ok &= api->easy_setopt(h, CURLOPT_SSLKEY, o.client_key.c_str()) == CURLE_OK;
            ok &= api->easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM") == CURLE_OK;
        }
    }
    if (!ok) return make_error("upload.curl", "this libcurl lacks a required TLS option (needs curl >= 7.85 with OpenSSL)");
    return c;
}

HttpsClient::~HttpsClient() {
    if (curl_) api_->easy_cleanup(static_cast<CURL*>(curl_));
}

// [SECTION] perform
namespace {

struct Sink {
    std::string body;
    std::string retry_after;
    const std::atomic<bool>* cancel = nullptr;
};

constexpr std::size_t kMaxBody = 64 * 1024;   // our answers are tiny; a huge one is not ours

size_t on_body(char* p, size_t size, size_t n, void* user) {
    auto* s = static_cast<Sink*>(user);
    const size_t len = size * n;
    if (s->body.size() + len > kMaxBody) return 0;   // aborts with CURLE_WRITE_ERROR
    s->body.append(p, len);
    return len;
}

size_t on_header(char* p, size_t size, size_t n, void* user) {
    auto* s = static_cast<Sink*>(user);
    const size_t len = size * n;
    std::string_view line(p, len);
    constexpr std::string_view kName = "retry-after:";
    if (line.size() > kName.size()) {
        bool match = true;
        for (size_t i = 0; i < kName.size() && match; ++i)
            match = static_cast<char>(std::tolower(static_cast<unsigned char>(line[i]))) == kName[i];
        if (match) {
            std::string_view v = line.substr(kName.size());
            while (!v.empty() && (v.back() == '\r' || v.back() == '\n')) v.remove_suffix(1);
            s->retry_after = std::string(v);
        }
    }
    if (line.rfind("HTTP/", 0) == 0) s->retry_after.clear();   // a new response (e.g. after 100) starts
    return len;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* s = static_cast<Sink*>(user);
    return (s->cancel && s->cancel->load()) ? 1 : 0;   // non-zero aborts: stop() must be prompt
}

} // namespace

HttpOutcome HttpsClient::perform(std::string_view path, const std::string* body, const std::string& key) {
    CURL* h = static_cast<CURL*>(curl_);
    const CurlApi* api = api_;
    HttpOutcome out;
    Sink sink;
    sink.cancel = opts_.cancel;
    char errbuf[CURL_ERROR_SIZE] = "";
    std::string url = opts_.base_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    url.append(path);

    curl_slist* headers = nullptr;
    headers = api->slist_append(headers, "Accept: application/json");
    headers = api->slist_append(headers, "Expect:");   // no 100-continue round trip for small bodies
    if (body) headers = api->slist_append(headers, "Content-Type: application/json");
    if (!key.empty()) headers = api->slist_append(headers, ("Idempotency-Key: " + key).c_str());

    api->easy_setopt(h, CURLOPT_URL, url.c_str());
    api->easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    api->easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    api->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    api->easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    api->easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    api->easy_setopt(h, CURLOPT_HEADERDATA, &sink);
    api->easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    api->easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    api->easy_setopt(h, CURLOPT_XFERINFODATA, &sink);
    if (body) {
        api->easy_setopt(h, CURLOPT_POST, 1L);
        api->easy_setopt(h, CURLOPT_POSTFIELDS, body->data());
        api->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    } else {
        api->easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }

    const CURLcode rc = api->easy_perform(h);
    out.curl_code = rc;
    if (rc != CURLE_OK) out.curl_error = errbuf[0] ? errbuf : api->easy_strerror(rc);
    long status = 0, conns = 0;
    api->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    api->easy_getinfo(h, CURLINFO_NUM_CONNECTS, &conns);
    connects_ += conns;
    out.http_status = status;
    out.body = std::move(sink.body);
    out.retry_after = std::move(sink.retry_after);

    // Nothing on the handle may point at this frame's locals once we return.
    api->easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    api->easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    api->easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
    api->slist_free_all(headers);
    return out;
}

HttpOutcome HttpsClient::post_json(std::string_view path, const std::string& body, const std::string& key) {
    return perform(path, &body, key);
}

HttpOutcome HttpsClient::get(std::string_view path) { return perform(path, nullptr, {}); }

} // namespace kiosk
