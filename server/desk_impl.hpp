#pragma once
// Internal to desk_server.cpp and desk_api.cpp: the desk server's state and its handlers.
#include "server/desk_server.hpp"
#include "server/desk_sessions.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>

namespace intake {

struct DeskServer::Impl {
    DeskOptions opts;
    IntakeStore& store;
    EventHub& hub;
    const kiosk::Catalog& catalog;
    DeskSessions sessions;
    std::unique_ptr<httplib::SSLServer> svr;
    std::atomic<bool> stopping{false}, finished{false};
    std::atomic<int> bound_port{0};

    Impl(DeskOptions o, IntakeStore& s, EventHub& h, const kiosk::Catalog& c)
        : opts(std::move(o)), store(s), hub(h), catalog(c), sessions(s, opts.idle_timeout) {}

    void routes();
    // desk_api.cpp
    void login(const httplib::Request& req, httplib::Response& res);
    void logout(const DeskSession& s, const httplib::Request& req, httplib::Response& res);
    void session_info(const DeskSession& s, httplib::Response& res);
    void queue(const DeskSession& s, const httplib::Request& req, httplib::Response& res);
    void search(const DeskSession& s, const httplib::Request& req, httplib::Response& res);
    void call_next(const DeskSession& s, const httplib::Request& req, httplib::Response& res);
    void call_action(const DeskSession& s, const httplib::Request& req, httplib::Response& res);
    void detail(const DeskSession& s, const httplib::Request& req, httplib::Response& res);
    void unmask(const DeskSession& s, const httplib::Request& req, httplib::Response& res);
    void status(const DeskSession& s, const httplib::Request& req, httplib::Response& res);
    void form_pdf(const DeskSession& s, const httplib::Request& req, httplib::Response& res);
    void report(const DeskSession& s, const httplib::Request& req, httplib::Response& res, bool csv);
    void serve_static(const httplib::Request& req, httplib::Response& res);
};

// { "error": code, "message": zh or en by Accept-Language }
void desk_error(const httplib::Request& req, httplib::Response& res, int status, const std::string& code,
                const std::string& zh, const std::string& en);
void desk_json(httplib::Response& res, int status, const nlohmann::json& body);
bool wants_english(const httplib::Request& req);
void desk_log(const std::string& line);
// A store error as the console's answer: 404/409 for the desk.* codes, otherwise 503 + Retry-After (the
// database down or restarting: the console retries, nothing was changed).
void store_failure(const httplib::Request& req, httplib::Response& res, const kiosk::Error& e);

} // namespace intake
