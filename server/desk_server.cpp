// The desk listener: TLS, security headers, the session/CSRF gate, routes, static files. See desk_server.hpp.
// [SECTION] Index: helpers · TLS · gate · routes · static files · run/stop
#include "server/desk_impl.hpp"

#include "app/tls_policy.hpp"

#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace intake {

using json = nlohmann::json;

// [SECTION] helpers
void desk_log(const std::string& line) { std::fprintf(stderr, "kiosk-intake: desk: %s\n", line.c_str()); }

bool wants_english(const httplib::Request& req) {
    const std::string al = req.get_header_value("Accept-Language");
    return al.rfind("en", 0) == 0;
}

void desk_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    // replace: a broken byte in stored text must not turn an answer into an exception
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void desk_error(const httplib::Request& req, httplib::Response& res, int status, const std::string& code,
                const std::string& zh, const std::string& en) {
    desk_json(res, status, json{{"error", code}, {"message", wants_english(req) ? en : zh}});
}

namespace {

// [SECTION] TLS
// The kiosk listener's policy (app/tls_policy.hpp), without client certificates: browsers have none.
bool setup_tls(SSL_CTX& ctx, const DeskOptions& o) {
    SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (SSL_CTX_set_cipher_list(&ctx, kiosk::tls::tls12_ciphers) != 1 ||
        SSL_CTX_set_ciphersuites(&ctx, kiosk::tls::tls13_suites) != 1)
        return desk_log("this OpenSSL rejects the TLS suite list of app/tls_policy.hpp"), false;
    if (SSL_CTX_use_certificate_chain_file(&ctx, o.cert.c_str()) != 1) return desk_log("cannot load --cert " + o.cert.string()), false;
    if (SSL_CTX_use_PrivateKey_file(&ctx, o.key.c_str(), SSL_FILETYPE_PEM) != 1) return desk_log("cannot load --key " + o.key.string()), false;
    if (SSL_CTX_check_private_key(&ctx) != 1) return desk_log("--key does not match --cert"), false;
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_NONE, nullptr);
    return true;
}

bool same_token(const std::string& a, const std::string& b) {
    return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

const char* content_type(const std::filesystem::path& p) {
    const std::string e = p.extension().string();
    if (e == ".html") return "text/html; charset=utf-8";
    if (e == ".js") return "text/javascript; charset=utf-8";
    if (e == ".css") return "text/css; charset=utf-8";
    if (e == ".json") return "application/json; charset=utf-8";
    if (e == ".svg") return "image/svg+xml";
    if (e == ".png") return "image/png";
    if (e == ".ico") return "image/x-icon";
    if (e == ".woff2") return "font/woff2";
    return "application/octet-stream";
}

} // namespace

// [SECTION] routes
void DeskServer::Impl::routes() {
    auto& s = *svr;
    using Handler = std::function<void(const DeskSession&, const httplib::Request&, httplib::Response&)>;
    // The gate of every /desk/api/ call but login: a live session (401), then for a state change the
    // session's CSRF token in X-CSRF-Token (403) — in that order, so a stale cookie is 401.
    auto gate = [this](bool changes_state, Handler h) {
        return [this, changes_state, h](const httplib::Request& req, httplib::Response& res) {
            const std::string token = cookie_value(req.get_header_value("Cookie"), "desk_session");
            auto found = sessions.find(token);
            if (!found) return store_failure(req, res, found.error());   // 503: the database did not answer
            const auto& session = *found;
            if (!session) return desk_error(req, res, 401, "no_session", "请先登录（会话已过期或无效）", "please log in (no valid session)");
            if (changes_state && !same_token(req.get_header_value("X-CSRF-Token"), session->csrf))
                return desk_error(req, res, 403, "csrf", "请求缺少有效的 CSRF 令牌，请刷新页面", "missing or wrong CSRF token: reload the page");
            h(*session, req, res);
        };
    };
    s.Post("/desk/api/login", [this](const httplib::Request& req, httplib::Response& res) { login(req, res); });
    s.Post("/desk/api/logout", gate(true, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& res) { logout(d, q, res); }));
    s.Get("/desk/api/session", gate(false, [this](const DeskSession& d, const httplib::Request&, httplib::Response& res) { session_info(d, res); }));
    s.Get("/desk/api/queue", gate(false, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { queue(d, q, r); }));
    s.Get("/desk/api/search", gate(false, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { search(d, q, r); }));
    s.Post("/desk/api/calls/next", gate(true, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { call_next(d, q, r); }));
    s.Post(R"(/desk/api/calls/([^/]+)/(recall|no_show|transfer))",
           gate(true, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { call_action(d, q, r); }));
    s.Get(R"(/desk/api/requests/([^/]+)/form\.pdf)",
          gate(false, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { form_pdf(d, q, r); }));
    s.Get(R"(/desk/api/requests/([^/]+))",
          gate(false, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { detail(d, q, r); }));
    s.Post(R"(/desk/api/requests/([^/]+)/unmask)",
           gate(true, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { unmask(d, q, r); }));
    s.Post(R"(/desk/api/requests/([^/]+)/status)",
           gate(true, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { status(d, q, r); }));
    s.Get("/desk/api/report", gate(false, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { report(d, q, r, false); }));
    s.Get("/desk/api/report.csv", gate(false, [this](const DeskSession& d, const httplib::Request& q, httplib::Response& r) { report(d, q, r, true); }));
    // Anything else under /desk/api/: the gate first (401 without a session), then 404.
    auto unknown = [](bool changes_state) {
        return std::make_pair(changes_state, Handler([](const DeskSession&, const httplib::Request& q, httplib::Response& r) {
            desk_error(q, r, 404, "not_found", "没有这个接口", "no such API call");
        }));
    };
    for (bool post : {false, true}) {
        auto [cs, h] = unknown(post);
        if (post) {
            s.Post(R"(/desk/api/.*)", gate(cs, h));
            s.Put(R"(/desk/api/.*)", gate(cs, h));
            s.Delete(R"(/desk/api/.*)", gate(cs, h));
        } else {
            s.Get(R"(/desk/api/.*)", gate(cs, h));
        }
    }
    s.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) { serve_static(req, res); });
}

// [SECTION] static files
// Only regular files inside the assets folder: the request path (already percent-decoded by httplib) may not
// hold "..", a backslash or a NUL, and the file's canonical path — symlinks resolved — must still lie inside
// the folder's canonical path. Everything else is the same 404.
void DeskServer::Impl::serve_static(const httplib::Request& req, httplib::Response& res) {
    auto not_found = [&] {
        res.status = 404;
        res.set_content("not found\n", "text/plain; charset=utf-8");
    };
    std::string rel = req.path;
    if (rel.empty() || rel[0] != '/' || rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos ||
        rel.find('\0') != std::string::npos || rel.find("//") != std::string::npos)
        return not_found();
    rel = rel.substr(1);
    if (rel.empty() || rel.back() == '/') rel += "index.html";
    std::error_code ec;
    const auto root = std::filesystem::canonical(opts.assets, ec);
    if (ec) return not_found();
    const auto file = std::filesystem::canonical(root / rel, ec);
    if (ec) return not_found();
    const std::string r = root.string() + "/", f = file.string();
    if (f.compare(0, r.size(), r) != 0 || !std::filesystem::is_regular_file(file, ec)) return not_found();
    std::ifstream in(file, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in.good() && !in.eof()) return not_found();
    res.status = 200;
    res.set_content(body.str(), content_type(file));
}

DeskServer::DeskServer(DeskOptions opts, IntakeStore& store, EventHub& hub, const kiosk::Catalog& catalog)
    : impl_(std::make_unique<Impl>(std::move(opts), store, hub, catalog)) {
    const DeskOptions& o = impl_->opts;
    impl_->svr = std::make_unique<httplib::SSLServer>([&o](SSL_CTX& ctx) { return setup_tls(ctx, o); });
}
DeskServer::~DeskServer() = default;

int DeskServer::port() const { return impl_->bound_port; }

// [SECTION] run/stop
kiosk::Status DeskServer::run() {
    Impl& m = *impl_;
    const DeskOptions& o = m.opts;
    if (!m.svr->is_valid()) return kiosk::make_error("intake.tls", "desk listener: TLS setup failed (see the lines above)");
    auto& svr = *m.svr;
    svr.set_tcp_nodelay(true);
    svr.set_read_timeout(10);
    svr.set_keep_alive_timeout(5);
    svr.set_payload_max_length(64 * 1024);
    // Every answer: never cached, never sniffed, no referrer, and a CSP with no inline script, so text a
    // resident typed can never run in the console (docs/DESK_API.md "Rules for every call").
    svr.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                                                  "img-src 'self' data:; frame-ancestors 'none'");
    });
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        desk_log("internal error (exception) in a handler");
        desk_json(res, 500, json{{"error", "internal"}, {"message", "internal error"}});
    });
    m.routes();

    int port = o.port;
    if (port == 0) {
        port = svr.bind_to_any_port(o.host);
        if (port < 0) return kiosk::make_error("intake.bind", "desk listener: cannot bind " + o.host);
    } else if (!svr.bind_to_port(o.host, port)) {
        return kiosk::make_error("intake.bind", "desk listener: cannot bind " + o.host + ":" + std::to_string(port));
    }
    m.bound_port = port;
    if (!o.port_file.empty()) {
        const auto tmp = o.port_file.string() + ".tmp";
        { std::ofstream(tmp) << port << "\n"; }
        std::error_code ec;
        std::filesystem::rename(tmp, o.port_file, ec);
        if (ec) return kiosk::make_error("intake.port_file", "cannot write " + o.port_file.string() + ": " + ec.message());
    }
    desk_log("listening on https://" + o.host + ":" + std::to_string(port) + " (desk console, assets " + o.assets.string() + ")");
    if (!m.stopping) svr.listen_after_bind();
    m.finished = true;
    return kiosk::ok_status();
}

void DeskServer::stop() {
    Impl& m = *impl_;
    m.stopping = true;
    for (int i = 0; i < 500 && !m.finished; ++i) {
        m.svr->stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

} // namespace intake
