// kiosk-intake HTTPS endpoints, mTLS setup and fault injection. See intake_server.hpp.
// [SECTION] Index: TLS context · helpers · faults · POST /v1/requests · heartbeat/health · events/progress · run/stop
#include "server/intake_server.hpp"
#include "server/worker_pool.hpp"

#include "app/crypto.hpp"
#include "app/request.hpp"
#include "app/tls_policy.hpp"
#include "server/heartbeat_check.hpp"
#include "server/kiosk_events.hpp"
#include "server/payload_check.hpp"
#include "server/short_ref_lookup.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <chrono>
#include <functional>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

namespace intake {

using json = nlohmann::json;

namespace {

void log_line(const std::string& s) { std::fprintf(stderr, "kiosk-intake: %s\n", s.c_str()); }

// [SECTION] TLS context
// Logs why a client certificate was refused (expired, unknown CA …). The subject's CN is a kiosk id, not PII.
int verify_cb(int preverify_ok, X509_STORE_CTX* store) {
    if (!preverify_ok) {
        const int err = X509_STORE_CTX_get_error(store);
        char cn[128] = "?";
        if (X509* cert = X509_STORE_CTX_get_current_cert(store))
            X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
        log_line(std::string("client certificate refused (CN ") + cn + "): " + X509_verify_cert_error_string(err));
    }
    return preverify_ok;
}

bool setup_tls(SSL_CTX& ctx, const ServerOptions& o) {
    SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    // The suites the kiosk also asks for (app/tls_policy.hpp): no CBC, no static RSA, nothing below 1.2.
    if (SSL_CTX_set_cipher_list(&ctx, kiosk::tls::tls12_ciphers) != 1 ||
        SSL_CTX_set_ciphersuites(&ctx, kiosk::tls::tls13_suites) != 1)
        return log_line("this OpenSSL rejects the TLS suite list of app/tls_policy.hpp"), false;
    if (SSL_CTX_use_certificate_chain_file(&ctx, o.cert.c_str()) != 1) return log_line("cannot load --cert " + o.cert.string()), false;
    if (SSL_CTX_use_PrivateKey_file(&ctx, o.key.c_str(), SSL_FILETYPE_PEM) != 1) return log_line("cannot load --key " + o.key.string()), false;
    if (SSL_CTX_check_private_key(&ctx) != 1) return log_line("--key does not match --cert"), false;
    if (SSL_CTX_load_verify_locations(&ctx, o.client_ca.c_str(), nullptr) != 1)
        return log_line("cannot load --client-ca " + o.client_ca.string()), false;
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(o.client_ca.c_str())) SSL_CTX_set_client_CA_list(&ctx, names);
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_cb);
    // Needed for session resumption when client certificates are verified; the kiosk reuses sessions.
    static const unsigned char kSid[] = "kiosk-intake";
    SSL_CTX_set_session_id_context(&ctx, kSid, sizeof kSid - 1);
    return true;
}

// [SECTION] helpers
std::string client_cn(const httplib::Request& req) {
    if (!req.ssl) return {};
    X509* cert = SSL_get1_peer_certificate(req.ssl);
    if (!cert) return {};
    char cn[256] = "";
    const int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
    X509_free(cert);
    return n > 0 ? std::string(cn, static_cast<std::size_t>(n)) : std::string{};
}

// The station a client certificate belongs to: its OU (organizationalUnitName), set by the station CA.
std::string client_ou(const httplib::Request& req) {
    if (!req.ssl) return {};
    X509* cert = SSL_get1_peer_certificate(req.ssl);
    if (!cert) return {};
    char ou[256] = "";
    const int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_organizationalUnitName, ou, sizeof ou);
    X509_free(cert);
    return n > 0 ? std::string(ou, static_cast<std::size_t>(n)) : std::string{};
}

// Closes the TCP connection under httplib's feet: its response write then fails and the client sees the
// connection end with no answer. shutdown(), not close(): httplib still owns (and later closes) the fd.
void drop_connection(const httplib::Request& req) {
    if (req.ssl) ::shutdown(SSL_get_fd(req.ssl), SHUT_RDWR);
}

// For log lines: the Idempotency-Key only when it has the shape of a request id (never arbitrary text).
std::string key_for_log(const httplib::Request& req) {
    const std::string k = req.get_header_value("Idempotency-Key");
    return kiosk::is_uuid(k) ? k : std::string("(none)");
}

void send_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
}

void send_errors(httplib::Response& res, int status, const std::vector<FieldError>& errors) {
    json arr = json::array();
    for (const auto& e : errors)
        arr.push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}, {"message_en", e.message_en}});
    send_json(res, status, json{{"errors", arr}}.dump());
}

void send_error(httplib::Response& res, int status, const std::string& field, const std::string& code,
                const std::string& message) {
    send_errors(res, status, {FieldError{field, code, message, message}});
}

} // namespace

struct IntakeServer::Impl {
    ServerOptions opts;
    IntakeStore& db;
    EventHub& hub;
    const kiosk::Catalog& catalog;
    std::unique_ptr<httplib::SSLServer> svr;
    std::atomic<bool> stopping{false}, finished{false};
    // [SECTION] faults
    std::mutex rng_mu;
    std::mt19937_64 rng;
    std::atomic<int> seen_429{0}, seen_close{0}, seen_lie{0}, seen_fail{0};
    IdLookupLimiter id_lookups;   // the progress query by ID number (kiosk_events.hpp)
    IdLookupLimiter ref_lookups;  // and by short reference

    Impl(ServerOptions o, IntakeStore& d, EventHub& h, const kiosk::Catalog& c) : opts(std::move(o)), db(d), hub(h), catalog(c) {
        rng.seed(opts.faults.seed ? opts.faults.seed : std::random_device{}());
    }
    std::string station_of(const httplib::Request& req) const {
        std::string ou = client_ou(req);
        return ou.empty() ? opts.station : ou;
    }
    bool chance(double p) {
        if (p <= 0) return false;
        if (p >= 1) return true;
        std::lock_guard lock(rng_mu);
        return std::uniform_real_distribution<double>(0, 1)(rng) < p;
    }
    // Returns true when a fault answered (or dropped) the request.
    bool inject(const httplib::Request& req, httplib::Response& res) {
        const Faults& f = opts.faults;
        if (f.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(f.delay_ms));
        if (f.first_429 > 0 && seen_429.fetch_add(1) < f.first_429) {
            res.set_header("Retry-After", std::to_string(f.retry_after_s));
            send_error(res, 429, "", "fault.rate_limited", "too many requests (injected)");
            log_line("fault: 429 request_id=" + key_for_log(req));
            return true;
        }
        if (chance(f.fail_rate)) {
            const int status = (seen_fail.fetch_add(1) % 2) ? 503 : 500;
            send_error(res, status, "", "fault.failure", "injected failure");
            log_line("fault: " + std::to_string(status) + " request_id=" + key_for_log(req));
            return true;
        }
        return false;
    }

    // [SECTION] POST /v1/requests
    void post_request(const httplib::Request& req, httplib::Response& res) {
        if (inject(req, res)) return;
        const std::string cn = client_cn(req);
        if (cn.empty()) return send_error(res, 401, "", "auth.no_client_cert", "client certificate required");

        auto body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object())
            return send_error(res, 400, "", "body.not_json", "the body is not a JSON object");
        auto wire = kiosk::from_wire(body);
        if (!wire) return send_error(res, 422, "", wire.error().code, wire.error().message);
        const std::string& id = wire->request.sub.request_id;
        if (req.get_header_value("Idempotency-Key") != id)
            return send_error(res, 422, "Idempotency-Key", "idempotency.key_mismatch",
                              "Idempotency-Key must equal the body's request_id");
        // The client certificate says who is talking; the body must not claim to be another kiosk.
        if (wire->kiosk_id != cn) {
            log_line("refused request_id=" + id + ": body kiosk_id differs from certificate CN " + cn);
            return send_error(res, 403, "kiosk_id", "auth.kiosk_mismatch",
                              "kiosk_id does not match the client certificate");
        }
        if (wire->station_id != station_of(req)) {
            log_line("refused request_id=" + id + ": body station_id differs from the certificate's station");
            return send_error(res, 403, "station_id", "auth.station_mismatch",
                              "station_id does not match the client certificate's station");
        }
        if (opts.faults.lie > 0 && seen_lie.fetch_add(1) < opts.faults.lie) {
            log_line("fault: lying about request_id=" + id);
            return send_json(res, 201, json{{"request_id", kiosk::new_uuid_v4()}, {"server_ref", "QH-LIE"},
                                             {"received_at", now_rfc3339()}}.dump());
        }

        NewRecord rec;
        rec.request_id = id;
        rec.kiosk_id = wire->kiosk_id;
        rec.station_id = wire->station_id;
        rec.service_id = wire->request.req.service_id;
        rec.ticket = wire->request.sub.ticket;
        rec.created_at = wire->request.sub.created_at;
        rec.payload = body.dump();   // canonical: nlohmann orders object keys
        rec.payload_sha256 = kiosk::sha256_hex(rec.payload);
        rec.name = wire->request.req.applicant.name;            // for the masked name and the id lookup MAC;
        rec.id_number = wire->request.req.applicant.id_number;  // the store keeps neither in clear

        // What was accepted once stays accepted even if the catalog changed since: a payload the checks
        // refuse is looked up first, and a replay (or a conflict) is answered from the database. A valid one
        // goes straight to store(), which answers a replay or a conflict from the database itself (one
        // round trip to the database per request instead of two).
        auto errors = check_request(*wire, catalog, local_today());
        if (!errors.empty()) {
            auto seen = db.lookup(id, rec.payload_sha256);
            if (!seen) return db_failure(res, seen.error());
            if (seen->kind != StoreKind::created) return answer(res, *seen, rec);
            std::string codes;
            for (const auto& e : errors) codes += " " + e.field + ":" + e.code;
            log_line("422 request_id=" + id + " service=" + rec.service_id + codes);
            return send_errors(res, 422, errors);
        }
        auto stored = db.store(rec);
        if (!stored) return db_failure(res, stored.error());
        answer(res, *stored, rec);
        if (stored->kind == StoreKind::created && chance(opts.faults.drop_after_commit)) {
            log_line("fault: dropping the response after commit request_id=" + id);
            drop_connection(req);
        }
    }

    void answer(httplib::Response& res, const StoreOutcome& o, const NewRecord& rec) {
        switch (o.kind) {
        case StoreKind::created:
            log_line("201 request_id=" + rec.request_id + " service=" + rec.service_id + " kiosk=" + rec.kiosk_id);
            return send_json(res, 201, o.response);
        case StoreKind::replay:
            log_line("200 replay request_id=" + rec.request_id);
            return send_json(res, 200, o.response);
        case StoreKind::ticket_taken:
            log_line("422 request_id=" + rec.request_id + ": ticket " + rec.ticket + " is taken on that day");
            return send_error(res, 422, "ticket", "ticket.taken",
                              "another request already holds ticket " + rec.ticket + " at this station on that day: "
                              "give each kiosk its own [kiosk] ticket_mark (docs/ADMIN.md)");
        case StoreKind::conflict:
            log_line("422 request_id=" + rec.request_id + ": key reused with a different payload");
            return send_error(res, 422, "request_id", "idempotency.payload_mismatch",
                              "this request_id was already received with a different payload");
        }
    }

    void db_failure(httplib::Response& res, const kiosk::Error& e) {
        log_line("database: " + e.message);
        res.set_header("Retry-After", "5");
        // The database down or restarting (PostgreSQL) has its own code, so a kiosk's log says why; either
        // way nothing was acknowledged and the kiosk keeps the request queued and retries.
        if (is_db_down(e)) return send_error(res, 503, "", "intake.db_down", "the intake's database is unreachable right now");
        send_error(res, 503, "", "intake.db", "the intake cannot store requests right now");
    }

    // [SECTION] heartbeat/health
    void post_heartbeat(const httplib::Request& req, httplib::Response& res) {
        const std::string cn = client_cn(req);
        if (cn.empty()) return send_error(res, 401, "", "auth.no_client_cert", "client certificate required");
        auto body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object())
            return send_error(res, 400, "", "body.not_json", "the body is not a JSON object");
        if (body.value("kiosk_id", std::string{}) != cn)
            return send_error(res, 403, "kiosk_id", "auth.kiosk_mismatch", "kiosk_id does not match the client certificate");
        if (auto st = db.store_heartbeat(cn, body.dump()); !st) return db_failure(res, st.error());
        auto anchor = check_heartbeat(db, cn, body, log_line);
        if (!anchor) return db_failure(res, anchor.error());
        send_json(res, 200, json{{"anchor_seq", *anchor}}.dump());
    }

    // [SECTION] events/progress
    void get_events(const httplib::Request& req, httplib::Response& res) {
        if (client_cn(req).empty()) return send_error(res, 401, "", "auth.no_client_cert", "client certificate required");
        auto q = parse_events_query(req.get_param_value("after"), req.get_param_value("wait"));
        if (!q) return send_error(res, 400, "after", "query.invalid", "after and wait must be whole numbers >= 0");
        auto answer = wait_for_events(db, hub, station_of(req), *q);
        if (!answer) return db_failure(res, answer.error());
        send_json(res, 200, answer->dump());
    }

    void get_progress(const httplib::Request& req, httplib::Response& res) {
        if (client_cn(req).empty()) return send_error(res, 401, "", "auth.no_client_cert", "client certificate required");
        const std::string id = req.matches[1];
        auto p = kiosk::is_uuid(id) ? request_progress(db, catalog, station_of(req), id)
                                    : Result<std::optional<json>>(std::optional<json>{});
        if (!p) return db_failure(res, p.error());
        if (!*p) return send_error(res, 404, "request_id", "not_found", "no such request at this station");
        send_json(res, 200, (*p)->dump());
    }

    // The look-ups a resident can try at the kiosk share one shape: the kiosk's certificate, a per-kiosk
    // tries limit that only misses count against, the key in the body (POST: never in the URL or the log),
    // and get_progress's answers. `find` returns nullopt for a key of the wrong shape (400).
    using ProgressAnswer = Result<std::optional<json>>;
    void limited_progress_lookup(const httplib::Request& req, httplib::Response& res, IdLookupLimiter& tries,
                                 const char* what, const char* field, const char* usage,
                                 const std::function<std::optional<ProgressAnswer>(const std::string&)>& find) {
        const std::string cn = client_cn(req);
        if (cn.empty()) return send_error(res, 401, "", "auth.no_client_cert", "client certificate required");
        const auto now = std::chrono::steady_clock::now();
        if (!tries.allowed(cn, now)) {
            log_line(std::string("progress by ") + what + ": too many look-ups without an answer from " + cn);
            return send_error(res, 429, "", "progress.too_many", "too many look-ups; ask at the window");
        }
        auto body = json::parse(req.body, nullptr, false);
        auto it = body.is_object() ? body.find(field) : body.end();
        std::optional<ProgressAnswer> p;
        if (it != body.end() && it->is_string() && !it->get<std::string>().empty() && it->get<std::string>().size() <= 64)
            p = find(it->get<std::string>());
        if (!p) return send_error(res, 400, field, "query.invalid", usage);
        if (!*p) return db_failure(res, p->error());
        if (!**p) {
            tries.missed(cn, now);
            return send_error(res, 404, "request_id", "not_found", "no such request at this station");   // as get_progress
        }
        send_json(res, 200, (**p)->dump());
    }

    // The progress query by ID card.
    void post_progress_by_id(const httplib::Request& req, httplib::Response& res) {
        limited_progress_lookup(req, res, id_lookups, "id number", "id_number", "body must be {\"id_number\": \"...\"}",
                                [&](const std::string& number) -> std::optional<ProgressAnswer> {
                                    return request_progress_by_id_number(db, catalog, station_of(req), number);
                                });
    }

    // The progress query by the receipt's short reference ("A023-7K3M"), for a request made at another kiosk
    // of the station. Not personal, but guessable four characters at a time: the same tries limit per
    // kiosk as the ID number, counted apart (server/short_ref_lookup.hpp).
    void post_progress_by_short_ref(const httplib::Request& req, httplib::Response& res) {
        limited_progress_lookup(req, res, ref_lookups, "short reference", "short_ref", "body must be {\"short_ref\": \"A023-7K3M\"}",
                                [&](const std::string& typed) -> std::optional<ProgressAnswer> {
                                    auto ref = kiosk::parse_short_reference(typed);
                                    if (!ref) return std::nullopt;
                                    return request_progress_by_short_ref(db, catalog, station_of(req), *ref);
                                });
    }

    void get_health(httplib::Response& res) {
        if (auto st = db.check_writable(); !st) return db_failure(res, st.error());
        send_json(res, 200, R"({"status":"ok"})");
    }
};

IntakeServer::IntakeServer(ServerOptions opts, IntakeStore& db, EventHub& hub, const kiosk::Catalog& catalog)
    : impl_(std::make_unique<Impl>(std::move(opts), db, hub, catalog)) {
    // Built here, not in run(): stop() may race with run() and must see a complete object.
    const ServerOptions& o = impl_->opts;
    impl_->svr = std::make_unique<httplib::SSLServer>([&o](SSL_CTX& ctx) { return setup_tls(ctx, o); });
}
IntakeServer::~IntakeServer() = default;

// [SECTION] run/stop
kiosk::Status IntakeServer::run() {
    Impl& m = *impl_;
    const ServerOptions& o = m.opts;
    if (!m.svr->is_valid()) return kiosk::make_error("intake.tls", "TLS setup failed (see the lines above)");
    auto& svr = *m.svr;
    svr.set_keep_alive_max_count(100000);   // a kiosk draining its queue keeps one connection
    svr.set_keep_alive_timeout(5);
    // httplib writes headers and body separately: with Nagle on, each answer waits ~40 ms for the
    // client's delayed ACK. Small request/response exchanges want TCP_NODELAY.
    svr.set_tcp_nodelay(true);
    svr.set_read_timeout(10);
    svr.set_payload_max_length(1 << 20);
    svr.set_pre_routing_handler([&m](const httplib::Request& req, httplib::Response&) {
        log_line("recv " + req.method + " " + req.path);
        if (req.method == "POST" && req.path == "/v1/requests" && m.opts.faults.close_mid_request > 0 &&
            m.seen_close.fetch_add(1) < m.opts.faults.close_mid_request) {
            log_line("fault: closing mid-request, before the body is read");
            drop_connection(req);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    svr.Post("/v1/requests", [&m](const httplib::Request& req, httplib::Response& res) { m.post_request(req, res); });
    svr.Post("/v1/heartbeat", [&m](const httplib::Request& req, httplib::Response& res) { m.post_heartbeat(req, res); });
    svr.Get("/v1/health", [&m](const httplib::Request&, httplib::Response& res) { m.get_health(res); });
    svr.Get("/v1/events", [&m](const httplib::Request& req, httplib::Response& res) { m.get_events(req, res); });
    svr.Get(R"(/v1/requests/([^/]+)/progress)",
            [&m](const httplib::Request& req, httplib::Response& res) { m.get_progress(req, res); });
    svr.Post("/v1/progress/by-id-number",
             [&m](const httplib::Request& req, httplib::Response& res) { m.post_progress_by_id(req, res); });
    svr.Post("/v1/progress/by-short-ref",
             [&m](const httplib::Request& req, httplib::Response& res) { m.post_progress_by_short_ref(req, res); });
    // A connection holds its worker while it lives (keep-alive, a 30 s long-poll): threads grow with the
    // kiosks connected, up to --threads (worker_pool.hpp).
    svr.new_task_queue = [&o] { return new WorkerPool(8, static_cast<std::size_t>(o.threads)); };
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        log_line("internal error (exception) in a handler");
        send_error(res, 500, "", "intake.internal", "internal error");
    });

    int port = o.port;
    if (port == 0) {
        port = svr.bind_to_any_port(o.host);
        if (port < 0) return kiosk::make_error("intake.bind", "cannot bind " + o.host);
    } else if (!svr.bind_to_port(o.host, port)) {
        return kiosk::make_error("intake.bind", "cannot bind " + o.host + ":" + std::to_string(port));
    }
    if (!o.port_file.empty()) {
        const auto tmp = o.port_file.string() + ".tmp";
        { std::ofstream(tmp) << port << "\n"; }
        std::error_code ec;
        std::filesystem::rename(tmp, o.port_file, ec);   // atomic: a reader never sees a half-written port
        if (ec) return kiosk::make_error("intake.port_file", "cannot write " + o.port_file.string() + ": " + ec.message());
    }
    log_line("listening on https://" + o.host + ":" + std::to_string(port) + " (mTLS, TLS >= 1.2)");
    if (!m.stopping) svr.listen_after_bind();
    m.finished = true;
    log_line("stopped");
    return kiosk::ok_status();
}

void IntakeServer::stop() {
    Impl& m = *impl_;
    m.stopping = true;
    m.hub.stop();   // long-polls answer at once, so the workers can finish
    // httplib's stop() is a no-op until listen has started: keep asking, for a bounded while.
    for (int i = 0; i < 500 && !m.finished; ++i) {
        m.svr->stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

} // namespace intake
