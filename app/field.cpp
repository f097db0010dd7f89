// Field type names as they appear in the catalog JSON and in logs. The names are part of the catalog format
// (docs/CATALOG.md): renaming one breaks every catalog that uses it.
#include "field.hpp"
#include "validators.hpp"

#include <array>
#include <utility>

namespace kiosk {

namespace {
constexpr std::array<std::pair<FieldType, const char*>, 10> kFieldTypeNames{{
    {FieldType::text, "text"},
    {FieldType::long_text, "long_text"},
    {FieldType::name, "name"},
    {FieldType::id_number, "id_number"},
    {FieldType::phone, "phone"},
    {FieldType::date, "date"},
    {FieldType::address, "address"},
    {FieldType::choice, "choice"},
    {FieldType::yes_no, "yes_no"},
    {FieldType::number, "number"},
}};
} // namespace

const char* field_type_name(FieldType t) {
    for (const auto& [type, name] : kFieldTypeNames)
        if (type == t) return name;
    return "unknown";   // only reachable with a value cast from outside the enum
}

bool parse_field_type(const std::string& s, FieldType& out) {
    for (const auto& [type, name] : kFieldTypeNames) {
        if (s == name) {
            out = type;
            return true;
        }
    }
    return false;
}

bool field_asked(const FieldSpec& f, const std::map<std::string, std::string>& answers) {
    if (!f.show_if) return true;
    auto it = answers.find(f.show_if->field);
    return it != answers.end() && it->second == f.show_if->equals;
}

std::string display_text(const FieldSpec& f, const std::string& v, Locale l) {
    if (f.type == FieldType::choice)
        for (const auto& c : f.choices)
            if (c.value == v) return c.label.get(l);
    if (f.type == FieldType::yes_no) {
        if (v == "yes") return l == Locale::zh ? "是" : "Yes";
        if (v == "no") return l == Locale::zh ? "否" : "No";
    }
    if (f.type == FieldType::date)
        if (auto d = parse_date(v)) {
            static const char* const zh[] = {"一", "二", "三", "四", "五", "六", "日"};
            static const char* const en[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
            const int w = weekday(*d);
            if (l == Locale::zh)
                return std::to_string(d->y) + "年" + std::to_string(d->m) + "月" + std::to_string(d->d) + "日 星期" + zh[w];
            return std::string(en[w]) + " " + v;
        }
    return v;
}

} // namespace kiosk
