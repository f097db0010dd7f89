// The desk API's JSON shapes. See desk_json.hpp.
#include "server/desk_json.hpp"

#include "app/field.hpp"
#include "app/mask.hpp"
#include "server/export.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

namespace intake {

using json = nlohmann::json;

std::int64_t rfc3339_ms(const std::string& t) {
    int y, mo, d, h, mi, s;
    if (t.size() < 19 || std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return 0;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    std::int64_t epoch = timegm(&tm);
    std::size_t i = 19;
    if (i < t.size() && t[i] == '.')
        for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9';) ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
        int oh = 0, om = 0;
        if (std::sscanf(t.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return 0;
        const int off = (oh * 60 + om) * 60;
        epoch -= t[i] == '+' ? off : -off;
    } else if (i >= t.size() || t[i] != 'Z') {
        return 0;
    }
    return epoch * 1000;
}

json service_names(const kiosk::Catalog& catalog, const std::string& service_id) {
    if (const kiosk::Service* s = catalog.find_service(service_id)) return {{"zh", s->name.zh}, {"en", s->name.en}};
    return {{"zh", service_id}, {"en", service_id}};
}

json ticket_json(const Ticket& t, const kiosk::Catalog& catalog, std::int64_t now_ms) {
    const std::int64_t created = rfc3339_ms(t.created_at);
    const std::int64_t until = t.called_ms > 0 ? t.called_ms : now_ms;
    const std::int64_t wait = created > 0 ? std::max<std::int64_t>(0, (until - created) / 1000) : 0;
    return {{"request_id", t.request_id}, {"ticket", t.ticket}, {"category", t.category}, {"service_id", t.service_id},
            {"service", service_names(catalog, t.service_id)}, {"name_masked", t.name_masked},
            {"kiosk_id", t.kiosk_id}, {"created_at", t.created_at}, {"wait_s", wait}, {"call_state", t.call_state},
            {"window", t.window}, {"recalls", t.recalls}, {"desk_status", t.desk_status}};
}

namespace {

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string mask_value(const kiosk::FieldSpec& f, const std::string& v) {
    switch (f.type) {
    case kiosk::FieldType::name: return kiosk::mask_name(v);
    case kiosk::FieldType::id_number: return kiosk::mask_id_number(v);
    case kiosk::FieldType::phone: return kiosk::mask_phone(v);
    default: return v.empty() ? v : "***";
    }
}

} // namespace

json detail_json(const Ticket& t, const std::string& payload, const std::vector<HistoryItem>& history,
                 const kiosk::Catalog& catalog, bool unmasked, kiosk::Locale l) {
    json p = json::parse(payload, nullptr, false);
    if (!p.is_object()) p = json::object();
    const json a = p.value("applicant", json::object());
    const json values = p.value("fields", json::object());
    const std::string name = str(a, "name"), id = str(a, "id_number"), phone = str(a, "phone");
    json applicant{{"name", unmasked ? name : kiosk::mask_name(name)},
                   {"id_type", str(a, "id_type")},
                   {"id_number", unmasked ? id : kiosk::mask_id_number(id)},
                   {"phone", unmasked ? phone : kiosk::mask_phone(phone)}};
    json fields = json::array(), materials = json::array();
    if (const kiosk::Service* s = catalog.find_service(t.service_id)) {
        for (const auto& f : s->form) {
            auto it = values.find(f.id);
            if (it == values.end() || !it->is_string()) continue;
            const std::string v = it->get<std::string>();
            fields.push_back({{"key", f.id}, {"label", {{"zh", f.label.zh}, {"en", f.label.en}}},
                              {"value", f.pii && !unmasked ? mask_value(f, v) : kiosk::display_text(f, v, l)}});
        }
        for (const auto& m : s->materials) materials.push_back({{"zh", m.zh}, {"en", m.en}});
    } else {   // a service the catalog no longer has: its values, still masked by default
        for (auto it = values.begin(); it != values.end(); ++it)
            if (it->is_string())
                fields.push_back({{"key", it.key()}, {"label", {{"zh", it.key()}, {"en", it.key()}}},
                                  {"value", unmasked ? it->get<std::string>() : std::string("***")}});
    }
    json hist = json::array();
    for (const auto& h : history) hist.push_back({{"at", h.at}, {"actor", h.actor}, {"what", h.what}});
    const std::string source = str(a, "source");   // the kiosk's applicant.source: card | typed (absent before it was recorded)
    return {{"request_id", t.request_id}, {"ticket", t.ticket}, {"server_ref", t.server_ref},
            {"service_id", t.service_id}, {"service", service_names(catalog, t.service_id)},
            {"kiosk_id", t.kiosk_id}, {"created_at", t.created_at}, {"received_at", t.received_at},
            {"identity_source", source.empty() ? std::string("unknown") : source}, {"unmasked", unmasked},
            {"applicant", applicant}, {"fields", fields}, {"materials", materials},
            {"desk_status", t.desk_status}, {"message", {{"zh", t.message_zh}, {"en", t.message_en}}},
            {"call_state", t.call_state}, {"window", t.window}, {"recalls", t.recalls}, {"history", hist}};
}

DayReport day_report(const std::string& day, const std::vector<Ticket>& tickets, const DayRatings& ratings) {
    DayReport r;
    r.day = day;
    r.ratings = ratings;
    std::vector<long long> waits;
    std::map<std::string, long long> by;
    for (const auto& t : tickets) {
        if (t.call_state == "served") ++r.served;
        if (t.call_state == "no_show") ++r.no_shows;
        ++by[t.service_id];
        const std::int64_t created = rfc3339_ms(t.created_at);
        if (t.called_ms > 0 && created > 0) waits.push_back(std::max<std::int64_t>(0, (t.called_ms - created) / 1000));
    }
    if (!waits.empty()) {
        std::sort(waits.begin(), waits.end());
        long long sum = 0;
        for (auto w : waits) sum += w;
        r.avg_wait_s = sum / static_cast<long long>(waits.size());
        // Nearest rank: the smallest wait that at least 90 % of the called tickets did not exceed.
        const std::size_t rank = (waits.size() * 9 + 9) / 10;
        r.p90_wait_s = waits[std::max<std::size_t>(rank, 1) - 1];
    }
    for (const auto& [id, n] : by) r.by_service.emplace_back(id, n);
    return r;
}

json report_json(const DayReport& r, const kiosk::Catalog& catalog) {
    json by = json::array();
    for (const auto& [id, n] : r.by_service)
        by.push_back({{"service_id", id}, {"service", service_names(catalog, id)}, {"count", n}});
    const double avg = r.ratings.count ? static_cast<double>(r.ratings.sum) / static_cast<double>(r.ratings.count) : 0.0;
    return {{"day", r.day}, {"served", r.served}, {"no_shows", r.no_shows}, {"avg_wait_s", r.avg_wait_s},
            {"p90_wait_s", r.p90_wait_s}, {"ratings", {{"count", r.ratings.count}, {"average", avg}}}, {"by_service", by}};
}

std::string report_csv(const DayReport& r, const kiosk::Catalog& catalog) {
    const json j = report_json(r, catalog);
    char avg[32];
    std::snprintf(avg, sizeof avg, "%.2f", j["ratings"]["average"].get<double>());
    std::string out = "\xEF\xBB\xBF";   // BOM: spreadsheet programs then show the Chinese service names
    out += "day,served,no_shows,avg_wait_s,p90_wait_s,ratings_count,ratings_average\r\n";
    out += csv_cell(r.day) + "," + std::to_string(r.served) + "," + std::to_string(r.no_shows) + "," +
           std::to_string(r.avg_wait_s) + "," + std::to_string(r.p90_wait_s) + "," +
           std::to_string(r.ratings.count) + "," + avg + "\r\n\r\nservice_id,service_zh,service_en,count\r\n";
    for (const auto& [id, n] : r.by_service) {
        const json names = service_names(catalog, id);
        out += csv_cell(id) + "," + csv_cell(names["zh"]) + "," + csv_cell(names["en"]) + "," + std::to_string(n) + "\r\n";
    }
    return out;
}

} // namespace intake
