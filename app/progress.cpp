// The progress query. See progress.hpp.
// [SECTION] Index: codes · lifecycle · ask/answer · look-up · intake · store
#include "app/progress.hpp"

#include "app/catalog.hpp"
#include "app/short_ref.hpp"
#include "app/upload/https_client.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>

namespace kiosk {

// [SECTION] codes
std::optional<std::string> request_id_from_code(const std::string& raw) {
    std::string c = raw;
    while (!c.empty() && std::isspace(static_cast<unsigned char>(c.back()))) c.pop_back();
    if (c.size() != 36) return std::nullopt;
    for (std::size_t i = 0; i < c.size(); ++i) {
        const char ch = static_cast<char>(std::tolower(static_cast<unsigned char>(c[i])));
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? ch != '-' : !std::isxdigit(static_cast<unsigned char>(ch))) return std::nullopt;
        c[i] = ch;
    }
    return c;
}

// [SECTION] lifecycle
ProgressService::ProgressService(Store& store, const Config& config, const Catalog& catalog, std::function<void()> wake,
                                 bool preflight)
    : store_(store), config_(config), catalog_(catalog), wake_(std::move(wake)), preflight_(preflight) {
    if (!wake_) wake_ = [] {};
    thread_ = std::thread([this] { run(); });
}

ProgressService::~ProgressService() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

// [SECTION] ask/answer
void ProgressService::ask(const ProgressQuery& q, std::uint64_t visit) {
    std::lock_guard lock(mu_);
    if (visit != visit_) { visit_ = visit; failures_ = 0; }
    if (failures_ >= kMaxFailures) {
        answer_ = ProgressAnswer{};
        answer_.outcome = ProgressOutcome::too_many;
        return;
    }
    queued_ = q;
    answer_ = ProgressAnswer{};
    answer_.outcome = ProgressOutcome::pending;
    cv_.notify_all();
}

ProgressAnswer ProgressService::answer(std::uint64_t visit) const {
    std::lock_guard lock(mu_);
    if (visit != visit_) return ProgressAnswer{};
    return answer_;
}

void ProgressService::forget(std::uint64_t visit) {
    std::lock_guard lock(mu_);
    if (visit == visit_ && answer_.outcome != ProgressOutcome::pending) answer_ = ProgressAnswer{};
}

void ProgressService::run() {
    for (;;) {
        ProgressQuery q;
        std::uint64_t visit = 0;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return stopping_ || queued_.has_value(); });
            if (stopping_) return;
            q = *queued_;
            queued_.reset();
            visit = visit_;
        }
        ProgressAnswer a = look_up(q);
        wipe(q.phone_last4);
        wipe(q.id_number);
        {
            std::lock_guard lock(mu_);
            if (visit != visit_ || queued_) continue;   // the visit ended, or a newer question came
            if (a.outcome == ProgressOutcome::not_found && ++failures_ >= kMaxFailures) a.outcome = ProgressOutcome::too_many;
            answer_ = a;
        }
        wake_();
    }
}

// [SECTION] look-up
ProgressAnswer ProgressService::look_up(const ProgressQuery& q) {
    ProgressAnswer none;
    none.outcome = ProgressOutcome::not_found;
    std::string id;
    switch (q.way) {
    case ProgressWay::receipt: {
        auto rid = request_id_from_code(q.code);
        if (!rid) return none;
        id = *rid;
        break;
    }
    case ProgressWay::ticket_phone: {
        std::string t;
        for (char c : q.ticket) t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        // Tickets repeat every day: the newest of the last 90 days whose phone matches.
        auto ids = store_.find_by_ticket(t, q.phone_last4, WallClock::now() - std::chrono::hours(24 * 90));
        if (!ids || ids->empty()) return none;
        id = ids->front();
        break;
    }
    case ProgressWay::short_ref: {
        // This kiosk's own request first (its id then asks the intake for the desk's latest word); one taken
        // at another kiosk of the station only the intake knows (POST /v1/progress/by-short-ref).
        auto ref = parse_short_reference(q.code);
        if (!ref) return none;
        if (auto ids = store_.ids_with_ticket(ref->ticket, WallClock::now() - std::chrono::hours(24 * 90)))
            for (const std::string& rid : *ids)
                if (short_reference_matches(*ref, ref->ticket, rid)) { id = rid; break; }
        if (!id.empty()) break;
        bool offline = false;
        if (auto a = ask_intake_by_short_ref(ref->text(), offline)) return *a;
        none.offline = offline;
        return none;
    }
    case ProgressWay::card: {
        // The intake finds the station's newest request for this number (its HMAC index); when it cannot
        // be asked, or does not know it yet (not uploaded), this kiosk's own newest one.
        if (q.id_number.empty()) return none;
        bool offline = false;
        if (auto a = ask_intake_by_id_number(q.id_number, offline)) return *a;
        auto ids = store_.find_by_id_number(q.id_number, WallClock::now() - std::chrono::hours(24 * 90));
        if (ids && !ids->empty())
            if (auto a = ask_store(ids->front())) {
                a->offline = offline;
                return *a;
            }
        none.offline = offline;
        return none;
    }
    }
    bool offline = false;
    if (auto a = ask_intake(id, offline)) return *a;
    if (auto a = ask_store(id)) {
        a->offline = offline;
        return *a;
    }
    none.offline = offline;
    return none;
}

// [SECTION] intake
HttpsClient* ProgressService::client() {
    if (config_.upload.url.empty()) return nullptr;
    if (!client_) {
        HttpsClientOptions o;
        o.base_url = config_.upload.url;
        o.ca_file = config_.upload.ca_file;
        o.client_cert = config_.upload.client_cert;
        o.client_key = config_.upload.client_key;
        o.pins = config_.upload.pins;
        o.connect_timeout_s = std::min(config_.upload.connect_timeout_s, 5);
        o.total_timeout = std::chrono::milliseconds(8000);   // a resident is waiting in front of the screen
        o.low_speed_time_s = 6;
        o.allow_http = config_.kiosk.demo;
        o.preflight = preflight_;
        auto c = HttpsClient::create(o);
        if (!c) return nullptr;
        client_ = std::move(*c);
    }
    return client_.get();
}

std::optional<ProgressAnswer> ProgressService::ask_intake(const std::string& id, bool& offline) {
    offline = true;
    HttpsClient* c = client();
    if (!c) return std::nullopt;
    return intake_answer(c->get("/v1/requests/" + id + "/progress"), offline);
}

std::optional<ProgressAnswer> ProgressService::ask_intake_by_id_number(const std::string& id_number, bool& offline) {
    offline = true;
    HttpsClient* c = client();
    if (!c) return std::nullopt;
    // In the body, not the URL: the number must never reach an access log.
    std::string body = nlohmann::json{{"id_number", id_number}}.dump();
    HttpOutcome out = c->post_json("/v1/progress/by-id-number", body);
    wipe(body);
    return intake_answer(out, offline);
}

std::optional<ProgressAnswer> ProgressService::ask_intake_by_short_ref(const std::string& short_ref, bool& offline) {
    offline = true;
    HttpsClient* c = client();
    if (!c) return std::nullopt;
    return intake_answer(c->post_json("/v1/progress/by-short-ref", nlohmann::json{{"short_ref", short_ref}}.dump()), offline);
}

std::optional<ProgressAnswer> ProgressService::intake_answer(const HttpOutcome& out, bool& offline) {
    offline = true;
    // 429 (the intake's tries limit, or a busy intake) counts as "cannot be asked": the kiosk's own record.
    if (out.curl_code != 0 || out.http_status == 0 || out.http_status >= 500 || out.http_status == 429) return std::nullopt;
    offline = false;
    if (out.http_status != 200) return std::nullopt;   // 404: unknown here, or another station's
    using json = nlohmann::json;
    json j = json::parse(out.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) { offline = true; return std::nullopt; }
    auto str = [&](const json& o, const char* k) {
        auto it = o.find(k);
        return (it != o.end() && it->is_string()) ? it->get<std::string>() : std::string();
    };
    auto text = [&](const char* k) {
        LocalText t;
        auto it = j.find(k);
        if (it == j.end()) return t;
        if (it->is_string()) t.zh = it->get<std::string>();
        else if (it->is_object()) { t.zh = str(*it, "zh"); t.en = str(*it, "en"); }
        return t;
    };
    ProgressAnswer a;
    a.outcome = ProgressOutcome::found;
    a.from_intake = true;
    a.service = text("service");
    if (const Service* s = catalog_.find_service(str(j, "service_id"))) a.service = s->name;
    a.masked_name = str(j, "masked_name");
    if (a.masked_name.empty()) a.masked_name = str(j, "name_masked");
    a.status = str(j, "desk_status");
    if (a.status.empty()) a.status = str(j, "status");
    if (!valid_desk_status(a.status)) a.status = "received";
    a.message = text("message");
    a.updated_at = str(j, "updated_at");
    return a;
}

// [SECTION] store
std::optional<ProgressAnswer> ProgressService::ask_store(const std::string& id) {
    auto s = store_.summary(id);
    if (!s || s->state == RequestState::purged) return std::nullopt;
    ProgressAnswer a;
    a.outcome = ProgressOutcome::found;
    if (const Service* svc = catalog_.find_service(s->service_id)) a.service = svc->name;
    a.masked_name = s->masked_name;
    switch (s->state) {
    case RequestState::uploaded: a.status = "received"; break;
    case RequestState::cleared: a.status = "cleared"; break;
    default: a.status = "saved"; break;   // still on its way to the station
    }
    if (auto d = store_.desk_status(id); d && *d) {
        a.status = (*d)->status;
        a.message = (*d)->message;
        a.updated_at = (*d)->at;
    }
    return a;
}

} // namespace kiosk
