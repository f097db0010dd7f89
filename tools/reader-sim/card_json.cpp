#include "tools/reader-sim/card_json.hpp"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kiosk::reader_sim {

Result<SimCard> card_from_json(std::string_view json_text) {
    const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error("card.json", "not a JSON object");
    SimCard card;
    auto& c = card.identity;
    const std::map<std::string, std::string*> strings = {
        {"name", &c.name}, {"name_en", &c.name_en}, {"sex", &c.sex_code}, {"nation", &c.nation_code},
        {"birth", &c.birth}, {"address", &c.address}, {"id_number", &c.id_number}, {"issuer", &c.issuer},
        {"valid_from", &c.valid_from}, {"valid_to", &c.valid_to}, {"pass_no", &c.pass_no},
        {"issue_count", &c.issue_count}, {"nationality", &c.nationality}, {"renewals", &c.renewals},
        {"card_version", &c.card_version}, {"prev_no_link", &c.prev_no_link},
        {"appended_address", &card.appended_address}};
    for (auto& [key, value] : j.items()) {
        if (key == "kind" || key == "comment") continue;
        auto it = strings.find(key);
        if (it == strings.end()) return make_error("card.json", "unknown key \"" + key + "\"");
        if (!value.is_string()) return make_error("card.json", "\"" + key + "\" must be a string");
        *it->second = value.get<std::string>();
    }
    if (j.contains("kind")) {
        if (!j["kind"].is_string() || !reader::parse_card_kind(j["kind"].get<std::string>(), c.kind))
            return make_error("card.json", "\"kind\" must be resident_id | hmt_permit | foreign_pr_2017 | foreign_pr_2023");
    }
    if (c.valid_to == "长期") { c.long_term = true; c.valid_to.clear(); }
    return card;
}

Result<SimCard> load_card(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error("card.json", file.string() + ": cannot read the file");
    std::ostringstream s;
    s << in.rdbuf();
    auto r = card_from_json(s.str());
    if (!r) return make_error("card.json", file.string() + ": " + r.error().message);
    return r;
}

} // namespace kiosk::reader_sim
