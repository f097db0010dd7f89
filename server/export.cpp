// list/export for the back office. See export.hpp.
#include "server/export.hpp"

#include <nlohmann/json.hpp>

namespace intake {

using json = nlohmann::json;

std::string csv_cell(const std::string& v) {
    // Quote always; double embedded quotes. A leading =,+,-,@ is prefixed with ' so a spreadsheet never
    // runs a resident's free text as a formula (CSV injection).
    std::string s = v;
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s.insert(0, "'");
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

namespace {

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

} // namespace

void write_list(std::ostream& out, const std::vector<Row>& rows) {
    out << "server_ref\treceived_at\tkiosk_id\tservice_id\tticket\trequest_id\n";
    for (const auto& r : rows)
        out << r.server_ref << '\t' << r.received_at << '\t' << r.kiosk_id << '\t' << r.service_id << '\t'
            << r.ticket << '\t' << r.request_id << '\n';
    out << rows.size() << " request(s)\n";
}

bool write_export(std::ostream& out, const std::vector<Row>& rows, const std::string& format) {
    if (format == "json") {
        json arr = json::array();
        for (const auto& r : rows) {
            json p = json::parse(r.payload, nullptr, false);
            arr.push_back({{"server_ref", r.server_ref}, {"received_at", r.received_at}, {"request", p}});
        }
        out << arr.dump(2) << '\n';
        return true;
    }
    if (format != "csv") return false;
    out << "\xEF\xBB\xBF";
    const char* header[] = {"server_ref", "received_at", "request_id", "kiosk_id", "station_id", "service_id",
                            "ticket", "created_at", "locale", "applicant_name", "id_type", "id_number", "phone",
                            "fields_json", "consent_notice_version", "consent_accepted_at"};
    for (std::size_t i = 0; i < std::size(header); ++i) out << (i ? "," : "") << header[i];
    out << "\r\n";
    for (const auto& r : rows) {
        json p = json::parse(r.payload, nullptr, false);
        if (p.is_discarded()) p = json::object();
        const json a = p.value("applicant", json::object());
        const json c = p.value("consent", json::object());
        const std::string cells[] = {r.server_ref, r.received_at, r.request_id, r.kiosk_id, r.station_id,
                                     r.service_id, r.ticket, r.created_at, str(p, "locale"), str(a, "name"),
                                     str(a, "id_type"), str(a, "id_number"), str(a, "phone"),
                                     p.value("fields", json::object()).dump(), str(c, "notice_version"),
                                     str(c, "accepted_at")};
        for (std::size_t i = 0; i < std::size(cells); ++i) out << (i ? "," : "") << csv_cell(cells[i]);
        out << "\r\n";
    }
    return true;
}

} // namespace intake
