// The desk's JSON API (docs/DESK_API.md): login/logout/session, queue, calls, request detail, unmask,
// status, the A4 form, the day report. The session gate is in desk_server.cpp.
// [SECTION] Index: helpers · session · queue · search · calls · requests · report
#include "server/desk_impl.hpp"

#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/request.hpp"
#include "printer/a4_form.hpp"
#include "server/desk_json.hpp"
#include "server/short_ref_lookup.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace intake {

using json = nlohmann::json;

// [SECTION] helpers
namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

json officer_json(const DeskSession& s, std::chrono::milliseconds idle) {
    return {{"csrf_token", s.csrf},
            {"officer", {{"name", s.name}, {"window", s.window}, {"serves", s.serves}}},
            {"idle_timeout_s", std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(idle).count())}};
}

json body_of(const httplib::Request& req) {
    json j = json::parse(req.body, nullptr, false);
    return j.is_object() ? j : json::object();
}

std::string text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

bool serves_category(const DeskSession& s, const Ticket& t) {
    if (s.serves.empty() || t.window == s.window) return true;
    return std::find(s.serves.begin(), s.serves.end(), t.category) != s.serves.end();
}

} // namespace

void store_failure(const httplib::Request& req, httplib::Response& res, const kiosk::Error& e) {
    if (e.code == "desk.not_found") return desk_error(req, res, 404, "not_found", "没有这个申请", "no such request");
    if (e.code == "desk.bad_transition")
        return desk_error(req, res, 409, "bad_transition", "当前状态下不能这样操作：" + e.message, "not allowed now: " + e.message);
    if (e.code == "desk.none_waiting") return desk_error(req, res, 404, "none_waiting", "没有等候的号", "no ticket is waiting");
    desk_log("store: " + e.message);
    res.set_header("Retry-After", "5");
    if (is_db_down(e))   // PostgreSQL down or restarting: the console retries; nothing was changed
        return desk_json(res, 503, json{{"error", "unavailable"}, {"code", "intake.db_down"},
                                        {"message", wants_english(req) ? "the intake's database is unreachable; retrying"
                                                                       : "数据库暂时无法连接，正在重试"}});
    desk_error(req, res, 503, "unavailable", "服务器暂时无法处理，请稍后再试", "the intake cannot answer right now");
}

// [SECTION] session
void DeskServer::Impl::login(const httplib::Request& req, httplib::Response& res) {
    const json b = body_of(req);
    const std::string name = text(b, "name"), password = text(b, "password");
    if (name.empty() || password.empty() || name.size() > 64 || password.size() > 256)
        return desk_error(req, res, 401, "wrong_credentials", "用户名或密码错误", "wrong name or password");
    auto acct = store.account(name);
    if (!acct) return store_failure(req, res, acct.error());
    const std::int64_t now = now_ms();
    LoginThrottle t = *acct ? (*acct)->throttle : sessions.unknown_throttle(name);
    auto locked = [&](std::int64_t until) {
        const long long secs = std::max<long long>(1, (until - now + 999) / 1000);
        res.set_header("Retry-After", std::to_string(secs));
        desk_error(req, res, 429, "locked", "错误次数过多，请 " + std::to_string(secs) + " 秒后再试",
                   "too many wrong passwords: try again in " + std::to_string(secs) + " s");
    };
    if (t.locked_until_ms > now) return locked(t.locked_until_ms);

    // The hash is computed for unknown names too, so the answer's timing does not tell which names exist.
    const kiosk::Bytes salt = *acct ? (*acct)->salt : kiosk::Bytes(16, 0);
    const int iterations = *acct ? (*acct)->iterations : opts.dummy_iterations;
    const kiosk::Bytes h = kiosk::pbkdf2_sha256(password, salt, std::max(iterations, 1));
    if (*acct && kiosk::same_bytes(h, (*acct)->hash)) {
        if (auto st = store.write_throttle(name, LoginThrottle{}); !st) return store_failure(req, res, st.error());
        (void)store.append_audit(name, "desk.login", "window " + std::to_string((*acct)->window));
        auto s = sessions.create(**acct);
        if (!s) return store_failure(req, res, s.error());
        res.set_header("Set-Cookie", "desk_session=" + s->token + "; Path=/desk; Secure; HttpOnly; SameSite=Strict");
        return desk_json(res, 200, officer_json(*s, sessions.idle()));
    }
    int lockout_s = 0;
    const LoginThrottle next = count_desk_failure(t, now, &lockout_s);
    if (*acct) {
        if (auto st = store.write_throttle(name, next); !st) return store_failure(req, res, st.error());
        (void)store.append_audit(name, lockout_s ? "desk.lockout" : "desk.login_failed",
                                 lockout_s ? "locked for " + std::to_string(lockout_s) + " s" : std::string("wrong password"));
    } else {
        sessions.set_unknown_throttle(name, next);
        // The typed name is not written down: it may be a password typed into the wrong box.
        (void)store.append_audit("unknown", lockout_s ? "desk.lockout" : "desk.login_failed", "no such account");
    }
    if (lockout_s) return locked(next.locked_until_ms);
    desk_error(req, res, 401, "wrong_credentials", "用户名或密码错误", "wrong name or password");
}

void DeskServer::Impl::logout(const DeskSession& s, const httplib::Request& req, httplib::Response& res) {
    if (auto st = sessions.remove(s.token); !st) return store_failure(req, res, st.error());
    (void)store.append_audit(s.name, "desk.logout", "window " + std::to_string(s.window));
    res.set_header("Set-Cookie", "desk_session=; Path=/desk; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
    res.status = 204;
}

void DeskServer::Impl::session_info(const DeskSession& s, httplib::Response& res) {
    desk_json(res, 200, officer_json(s, sessions.idle()));
}

// [SECTION] queue
void DeskServer::Impl::queue(const DeskSession& s, const httplib::Request& req, httplib::Response& res) {
    const bool all = req.get_param_value("all") == "1";
    const std::string day = today_dashed();
    auto tickets = store.tickets(opts.station, day);
    if (!tickets) return store_failure(req, res, tickets.error());
    auto alerts = store.alerts(day);
    if (!alerts) return store_failure(req, res, alerts.error());
    const std::int64_t now = now_ms();
    json list = json::array(), al = json::array();
    for (const auto& t : *tickets)
        if (all || serves_category(s, t)) list.push_back(ticket_json(t, catalog, now));
    for (const auto& a : *alerts)
        al.push_back({{"kind", a.kind}, {"kiosk_id", a.kiosk_id}, {"at", a.at}, {"message", {{"zh", a.message_zh}, {"en", a.message_en}}}});
    desk_json(res, 200, json{{"day", day}, {"window", s.window}, {"updated_at", now_rfc3339()}, {"tickets", list}, {"alerts", al}});
}

// [SECTION] search
// What a resident reads off the receipt: the short reference ("A023-7K3M", any case, dash or not) finds the
// request on any of the last kShortRefDays days; a ticket alone ("A023") today's. Every category, whatever
// the window serves: the resident is standing at this window. Listing columns only (masked), as the queue.
void DeskServer::Impl::search(const DeskSession& s, const httplib::Request& req, httplib::Response& res) {
    const std::string q = req.get_param_value("q");
    std::vector<Ticket> found;
    std::string kind;
    if (auto ref = kiosk::parse_short_reference(q)) {
        kind = "short_ref";
        auto r = find_by_short_ref(store, opts.station, *ref);
        if (!r) return store_failure(req, res, r.error());
        found = std::move(*r);
    } else {
        std::string ticket;
        for (char c : q)
            if (c != ' ') ticket += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        // A ticket is its category's letters and then digits (A023): a word such as "HELLO" is neither a
        // ticket nor a reference and gets the hint, not an empty "not found".
        const auto digit0 = std::find_if(ticket.begin(), ticket.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        const auto letters = digit0 - ticket.begin();
        const bool is_ticket = letters >= 1 && letters <= 3 && ticket.size() - letters >= 1 && ticket.size() <= 12 &&
                               std::all_of(ticket.begin(), digit0, [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) &&
                               std::all_of(digit0, ticket.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        if (!is_ticket)
            return desk_error(req, res, 422, "query_invalid", "请输入查询编号（如 A023-7K3M）或票号（如 A023）",
                              "type a short reference (e.g. A023-7K3M) or one of today's tickets (e.g. A023)");
        kind = "ticket";
        auto r = store.tickets(opts.station, today_dashed());
        if (!r) return store_failure(req, res, r.error());
        for (Ticket& t : *r)
            if (t.ticket == ticket) found.push_back(std::move(t));
    }
    // The audit says that a search ran and of which kind, never what was typed (as the kiosk's staff search).
    (void)store.append_audit(s.name, "desk.search", kind + ", " + std::to_string(found.size()) + " found");
    const std::int64_t now = now_ms();
    json list = json::array();
    for (const Ticket& t : found) {
        json j = ticket_json(t, catalog, now);
        j["short_ref"] = kiosk::short_reference(t.ticket, t.request_id);
        j["day"] = t.day;
        list.push_back(std::move(j));
    }
    desk_json(res, 200, json{{"query", q}, {"kind", kind}, {"results", list}});
}

// [SECTION] calls
void DeskServer::Impl::call_next(const DeskSession& s, const httplib::Request& req, httplib::Response& res) {
    auto t = store.call_next(opts.station, today_dashed(), s.window, s.serves, s.name);
    if (!t) return store_failure(req, res, t.error());
    hub.notify();
    desk_json(res, 200, json{{"ticket", t->ticket}, {"window", t->window}, {"request_id", t->request_id}});
}

void DeskServer::Impl::call_action(const DeskSession& s, const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1], action = req.matches[2];
    auto cur = store.ticket(id);
    if (!cur) return store_failure(req, res, cur.error());
    if (!*cur || (*cur)->station_id != opts.station) return desk_error(req, res, 404, "not_found", "没有这个号", "no such ticket");
    if (action == "recall") {
        auto t = store.recall(id, s.window, s.name);
        if (!t) return store_failure(req, res, t.error());
        hub.notify();
        return desk_json(res, 200, json{{"ticket", t->ticket}, {"window", t->window}, {"recalls", t->recalls}});
    }
    if (action == "no_show") {
        auto t = store.no_show(id, s.name);
        if (!t) return store_failure(req, res, t.error());
        return desk_json(res, 200, json{{"ticket", t->ticket}, {"call_state", t->call_state}});
    }
    const json b = body_of(req);
    auto w = b.find("window");
    if (w == b.end() || !w->is_number_integer() || w->get<long long>() < 1 || w->get<long long>() > 99)
        return desk_error(req, res, 422, "window_invalid", "请填写 1–99 的窗口号", "window must be a number from 1 to 99");
    auto t = store.transfer(id, static_cast<int>(w->get<long long>()), s.name);
    if (!t) return store_failure(req, res, t.error());
    hub.notify();
    desk_json(res, 200, json{{"ticket", t->ticket}, {"window", t->window}});
}

// [SECTION] requests
namespace {
// The ticket of this desk's station, or an answer already sent (404).
std::optional<Ticket> station_ticket(IntakeStore& store, const std::string& station, const httplib::Request& req,
                                     httplib::Response& res) {
    auto t = store.ticket(req.matches[1]);
    if (!t) {
        store_failure(req, res, t.error());
        return std::nullopt;
    }
    if (!*t || (*t)->station_id != station) {
        desk_error(req, res, 404, "not_found", "没有这个申请", "no such request");
        return std::nullopt;
    }
    return **t;
}
} // namespace

void DeskServer::Impl::detail(const DeskSession&, const httplib::Request& req, httplib::Response& res) {
    auto t = station_ticket(store, opts.station, req, res);
    if (!t) return;
    auto p = store.payload(t->request_id);
    if (!p) return store_failure(req, res, p.error());
    auto h = store.history(t->request_id);
    if (!h) return store_failure(req, res, h.error());
    desk_json(res, 200, detail_json(*t, *p, *h, catalog, false, wants_english(req) ? kiosk::Locale::en : kiosk::Locale::zh));
    kiosk::wipe(*p);
}

void DeskServer::Impl::unmask(const DeskSession& s, const httplib::Request& req, httplib::Response& res) {
    const std::string reason = text(body_of(req), "reason");
    if (blank(reason) || reason.size() > 500)
        return desk_error(req, res, 422, "reason_required", "查看完整信息需要填写理由", "a reason is required to see the full data");
    auto t = station_ticket(store, opts.station, req, res);
    if (!t) return;
    // Audited before anything is shown: no audit row, no unmasked answer.
    if (auto st = store.append_audit(s.name, "request.unmask", "request " + t->request_id + " reason: " + reason, t->request_id); !st)
        return store_failure(req, res, st.error());
    auto p = store.payload(t->request_id);
    if (!p) return store_failure(req, res, p.error());
    auto h = store.history(t->request_id);
    if (!h) return store_failure(req, res, h.error());
    desk_json(res, 200, detail_json(*t, *p, *h, catalog, true, wants_english(req) ? kiosk::Locale::en : kiosk::Locale::zh));
    kiosk::wipe(*p);
}

void DeskServer::Impl::status(const DeskSession& s, const httplib::Request& req, httplib::Response& res) {
    const json b = body_of(req);
    const std::string to = text(b, "status"), reason = text(b, "reason");
    const json msg = b.value("message", json::object());
    const std::string zh = msg.is_object() ? text(msg, "zh") : std::string(), en = msg.is_object() ? text(msg, "en") : std::string();
    static const char* known[] = {"accepted", "processing", "done", "needs_more", "rejected"};
    if (std::find(std::begin(known), std::end(known), to) == std::end(known))
        return desk_error(req, res, 422, "status_invalid", "未知的状态", "unknown status");
    if (to == "needs_more" && blank(zh) && blank(en))
        return desk_error(req, res, 422, "message_required", "需补充材料时请写明居民需要补充什么", "say what the resident must bring");
    if (to == "rejected" && blank(reason))
        return desk_error(req, res, 422, "reason_required", "不予受理时请填写理由", "a reason is required to reject");
    if (zh.size() > 1000 || en.size() > 1000 || reason.size() > 500)
        return desk_error(req, res, 422, "too_long", "文字太长", "text too long");
    auto t = station_ticket(store, opts.station, req, res);
    if (!t) return;
    auto changed = store.set_status(t->request_id, to, zh, en, reason, s.name);
    if (!changed) return store_failure(req, res, changed.error());
    hub.notify();
    auto p = store.payload(t->request_id);
    if (!p) return store_failure(req, res, p.error());
    auto h = store.history(t->request_id);
    if (!h) return store_failure(req, res, h.error());
    desk_json(res, 200, detail_json(*changed, *p, *h, catalog, false, wants_english(req) ? kiosk::Locale::en : kiosk::Locale::zh));
    kiosk::wipe(*p);
}

void DeskServer::Impl::form_pdf(const DeskSession& s, const httplib::Request& req, httplib::Response& res) {
    auto t = station_ticket(store, opts.station, req, res);
    if (!t) return;
    const kiosk::Service* svc = catalog.find_service(t->service_id);
    if (!svc) return desk_error(req, res, 404, "not_found", "目录中已没有这项业务", "the catalog no longer has this service");
    // The form carries the full personal data: audited like an unmask, before it is made.
    if (auto st = store.append_audit(s.name, "request.form_pdf", "request " + t->request_id, t->request_id); !st)
        return store_failure(req, res, st.error());
    auto p = store.payload(t->request_id);
    if (!p) return store_failure(req, res, p.error());
    auto wire = kiosk::from_wire(*p);
    kiosk::wipe(*p);
    if (!wire) return desk_error(req, res, 500, "internal", "无法读取这份申请", "the stored request cannot be read");
    kiosk::Config cfg;
    cfg.station.id = opts.station;
    auto pdf = kiosk::printer::a4_form_pdf(wire->request, *svc, cfg, wants_english(req) ? kiosk::Locale::en : kiosk::Locale::zh);
    kiosk::wipe(wire->request.req);
    if (!pdf) return desk_error(req, res, 500, "internal", "无法生成申请表", "the form could not be drawn");
    res.status = 200;
    res.set_header("Content-Disposition", "inline; filename=\"form-" + t->ticket + ".pdf\"");
    res.set_content(*pdf, "application/pdf");
}

// [SECTION] report
void DeskServer::Impl::report(const DeskSession&, const httplib::Request& req, httplib::Response& res, bool csv) {
    std::string day = req.get_param_value("day");
    if (day.empty()) day = today_dashed();
    if (day.size() != 10 || rfc3339_ms(day + "T00:00:00Z") == 0)
        return desk_error(req, res, 422, "day_invalid", "日期格式应为 YYYY-MM-DD", "day must be YYYY-MM-DD");
    auto tickets = store.tickets(opts.station, day);
    if (!tickets) return store_failure(req, res, tickets.error());
    auto ratings = store.ratings(day);
    if (!ratings) return store_failure(req, res, ratings.error());
    const DayReport r = day_report(day, *tickets, *ratings);
    if (!csv) return desk_json(res, 200, report_json(r, catalog));
    res.status = 200;
    res.set_header("Content-Disposition", "attachment; filename=\"report-" + day + ".csv\"");
    res.set_content(report_csv(r, catalog), "text/csv; charset=utf-8");
}

} // namespace intake
