// Parsing and checking the intake's events. See station_event.hpp.
// [SECTION] Index: names · field checks · parse_event_batch · call texts
#include "app/events/station_event.hpp"

#include <nlohmann/json.hpp>

namespace kiosk {

// [SECTION] names
const char* event_type_name(EventType t) {
    switch (t) {
    case EventType::call: return "call";
    case EventType::status: return "status";
    case EventType::notice: return "notice";
    case EventType::unknown: break;
    }
    return "unknown";
}

bool valid_desk_status(std::string_view s) {
    for (const char* k : {"received", "accepted", "processing", "done", "needs_more", "rejected"})
        if (s == k) return true;
    return false;
}

bool desk_status_final(std::string_view s) { return s == "done" || s == "rejected"; }

// [SECTION] field checks
namespace {

using json = nlohmann::json;

bool plain_token(std::string_view s, std::size_t max) {
    if (s.empty() || s.size() > max) return false;
    for (char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string str_field(const json& o, const char* key) {
    auto it = o.find(key);
    return (it != o.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

// The officer's message: {zh, en} (either may be missing) or one plain string for both. Bounded: it is
// shown on a screen, not stored as a document.
LocalText message_field(const json& o) {
    LocalText t;
    auto it = o.find("message");
    if (it == o.end()) return t;
    constexpr std::size_t kMax = 600;
    if (it->is_string()) t.zh = it->get<std::string>();
    else if (it->is_object()) { t.zh = str_field(*it, "zh"); t.en = str_field(*it, "en"); }
    if (t.zh.size() > kMax) t.zh.resize(0);
    if (t.en.size() > kMax) t.en.resize(0);
    return t;
}

// Fills `e` from `o`; false when the type's fields are unusable (the caller then marks it unknown).
bool read_typed(const json& o, StationEvent& e) {
    const std::string type = str_field(o, "type");
    if (type == "call") {
        e.type = EventType::call;
        e.ticket = str_field(o, "ticket");
        auto w = o.find("window");
        if (w != o.end() && w->is_number_integer()) e.window = std::to_string(w->get<long long>());
        else if (w != o.end() && w->is_string()) e.window = w->get<std::string>();
        auto r = o.find("recall");
        if (r != o.end() && r->is_boolean()) e.recall = r->get<bool>();
        else if (r != o.end() && r->is_number_integer()) e.recall = r->get<long long>() > 0;
        return plain_token(e.ticket, 16) && plain_token(e.window, 8);
    }
    if (type == "status") {
        e.type = EventType::status;
        e.request_id = str_field(o, "request_id");
        e.status = str_field(o, "status");
        e.message = message_field(o);
        e.officer = str_field(o, "officer");
        if (e.officer.empty()) e.officer = str_field(o, "actor");
        if (e.officer.size() > 64) e.officer.resize(0);
        return plain_token(e.request_id, 64) && valid_desk_status(e.status);
    }
    if (type == "notice") {
        e.type = EventType::notice;
        e.notice_json = o.dump();
        return e.notice_json.size() <= 8 * 1024;
    }
    return false;   // a type this kiosk does not know yet: counted, skipped
}

} // namespace

// [SECTION] parse_event_batch
Result<EventBatch> parse_event_batch(std::string_view body) {
    auto bad = [](const std::string& why) { return make_error("events.bad_answer", "the intake's events answer " + why); };
    json doc = json::parse(body.begin(), body.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return bad("is not a JSON object");
    auto evs = doc.find("events");
    if (evs == doc.end() || !evs->is_array()) return bad("has no \"events\" list");
    EventBatch b;
    auto next = doc.find("next");
    if (next != doc.end() && next->is_number_integer()) b.next = next->get<std::int64_t>();
    for (const json& o : *evs) {
        if (!o.is_object()) return bad("holds an event that is not an object");
        auto s = o.find("seq");
        if (s == o.end() || !s->is_number_integer() || s->get<std::int64_t>() <= 0)
            return bad("holds an event without a positive whole-number seq");
        StationEvent e;
        e.seq = s->get<std::int64_t>();
        e.at = str_field(o, "at");
        if (e.at.size() > 40) e.at.clear();
        if (!read_typed(o, e)) {
            if (e.type != EventType::unknown || !str_field(o, "type").empty()) ++b.malformed;
            StationEvent u;
            u.seq = e.seq;
            u.at = e.at;
            e = u;
        }
        b.events.push_back(std::move(e));
    }
    return b;
}

// [SECTION] call texts
std::string call_spoken_text(std::string_view ticket, std::string_view window) {
    static const char* kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    std::string t;
    for (char c : ticket) {
        if (c == '-') continue;
        if (!t.empty()) t += ' ';
        if (c >= '0' && c <= '9') t += kDigits[c - '0'];
        else t += c;
    }
    // The window as a number is said the ordinary way (十二号窗口); anything else letter by letter.
    std::string w;
    bool digits = !window.empty() && window.size() <= 2;
    for (char c : window) digits = digits && c >= '0' && c <= '9';
    if (digits) {
        const int n = std::stoi(std::string(window));
        if (n < 10) w = kDigits[n];
        else w = std::string(n / 10 > 1 ? kDigits[n / 10] : "") + "十" + (n % 10 ? kDigits[n % 10] : "");
    } else {
        w = std::string(window);
    }
    return "请 " + t + " 号，到 " + w + " 号窗口办理";
}

} // namespace kiosk
