// Catalog entries: JSON → Category / FieldSpec / Service, with a precise message for every way an entry can
// be wrong. The format is documented in docs/CATALOG.md; keep both in step.
//
// [SECTION] Helpers (ids, defaults, key checks)
// [SECTION] Texts
// [SECTION] Categories
// [SECTION] Fields and forms
// [SECTION] Services
#include "catalog_parse.hpp"

#include <set>

namespace kiosk::catalog_detail {

using nlohmann::json;

// [SECTION] Helpers (ids, defaults, key checks) -------------------------------------------------------------

bool valid_id(const std::string& id) {
    if (id.empty()) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum) continue;
        if (i > 0 && (c == '.' || c == '-' || c == '_')) continue;
        return false;
    }
    return true;
}

std::size_t default_max_len(FieldType t) {
    switch (t) {
    case FieldType::text: return 50;        // one line on the touch keyboard screen
    case FieldType::long_text: return 500;  // a few sentences; staff read it, nobody needs an essay
    default: return 0;                      // name/address/phone/id/date/number: the validator's own rule
    }
}

bool default_pii(FieldType t) {
    switch (t) {
    case FieldType::text:
    case FieldType::long_text:
    case FieldType::name:
    case FieldType::id_number:
    case FieldType::phone:
    case FieldType::address: return true;
    default: return false;
    }
}

bool EntryParser::fail(const std::string& what) {
    what_ = what;
    return false;
}

Error EntryParser::error() const {
    std::string msg = "catalog: " + file_;
    if (!entry_.empty()) msg += ": " + entry_;
    msg += ": " + what_;
    return make_error("catalog.invalid", msg);
}

bool EntryParser::only_keys(const json& obj, std::initializer_list<const char*> allowed, const char* what) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string& key = it.key();
        if (!key.empty() && key[0] == '_') continue;
        bool known = false;
        for (const char* a : allowed) known = known || key == a;
        if (!known) return fail(std::string("unknown key '") + key + "' in " + what + " (a typo? keys starting with '_' are comments)");
    }
    return true;
}

namespace {

bool get_bool(const json& j, const char* key, bool fallback, bool& out, std::string& why) {
    auto it = j.find(key);
    if (it == j.end()) { out = fallback; return true; }
    if (!it->is_boolean()) { why = std::string("'") + key + "' must be true or false"; return false; }
    out = it->get<bool>();
    return true;
}

bool get_string(const json& j, const char* key, std::string& out, std::string& why) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
        why = std::string("missing or empty '") + key + "' (a non-empty string)";
        return false;
    }
    out = it->get<std::string>();
    return true;
}

} // namespace

// [SECTION] Texts --------------------------------------------------------------------------------------------

bool EntryParser::text_value(const json& v, const std::string& key, LocalText& out) {
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (s.size() < 2 || s[0] != '@')
            return fail("'" + key + "' must be an object {\"zh\", \"en\"} or a \"@name\" text reference, got \"" + s + "\"");
        auto it = shared_.texts.find(s.substr(1));
        if (it == shared_.texts.end()) return fail("'" + key + "' refers to unknown text '" + s + "' (declare it under \"texts\" in index.json)");
        out = it->second;
        return true;
    }
    if (!v.is_object()) return fail("'" + key + "' must be an object {\"zh\", \"en\"} or a \"@name\" text reference");
    if (!only_keys(v, {"zh", "en"}, ("'" + key + "'").c_str())) return false;
    auto zh = v.find("zh");
    auto en = v.find("en");
    if (zh == v.end() || !zh->is_string() || zh->get_ref<const std::string&>().empty())
        return fail("'" + key + "' has no Chinese text (\"zh\" missing or empty)");
    if (en == v.end() || !en->is_string() || en->get_ref<const std::string&>().empty())
        return fail("'" + key + "' has no English text (\"en\" missing or empty)");
    out.zh = zh->get<std::string>();
    out.en = en->get<std::string>();
    return true;
}

bool EntryParser::local_text(const json& parent, const char* key, bool required, LocalText& out) {
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) {
        if (required) return fail(std::string("missing '") + key + "' (both \"zh\" and \"en\" are required)");
        out = {};
        return true;
    }
    return text_value(*it, key, out);
}

// [SECTION] Categories ---------------------------------------------------------------------------------------

bool EntryParser::category(const json& j, Category& out) {
    if (!j.is_object()) return fail("a category must be an object");
    if (!only_keys(j, {"id", "ticket_prefix", "name", "description", "icon"}, "category")) return false;
    std::string why;
    if (!get_string(j, "id", out.id, why)) return fail(why);
    set_entry(entry_ + " '" + out.id + "'");
    if (!valid_id(out.id)) return fail("id '" + out.id + "' may only use a-z, 0-9 and . - _");
    if (!get_string(j, "ticket_prefix", out.ticket_prefix, why)) return fail(why);
    if (out.ticket_prefix.size() != 1 || out.ticket_prefix[0] < 'A' || out.ticket_prefix[0] > 'Z')
        return fail("ticket_prefix '" + out.ticket_prefix + "' must be one capital letter A-Z");
    if (!local_text(j, "name", true, out.name)) return false;
    if (!local_text(j, "description", false, out.description)) return false;
    auto icon = j.find("icon");
    if (icon != j.end()) {
        if (!icon->is_string()) return fail("'icon' must be a string");
        out.icon = icon->get<std::string>();
    }
    return true;
}

// [SECTION] Fields and forms ---------------------------------------------------------------------------------

bool EntryParser::field(const json& j, std::size_t index, FieldSpec& out) {
    const std::string where = "field #" + std::to_string(index + 1);
    if (!j.is_object()) return fail(where + " must be an object");
    std::string why;
    if (!get_string(j, "id", out.id, why)) return fail(where + ": " + why);
    const std::string named = "field '" + out.id + "'";
    if (!only_keys(j, {"id", "type", "label", "hint", "required", "pii", "sensitive", "max_len", "choices",
                       "date_range", "working_days", "min", "max", "group", "show_if"}, "this field"))
        return fail(named + ": " + what_);
    if (!valid_id(out.id)) return fail(named + ": id may only use a-z, 0-9 and . - _");
    if (out.id.rfind("applicant.", 0) == 0)
        return fail(named + ": ids starting with 'applicant.' are reserved for the identity step");
    std::string type;
    if (!get_string(j, "type", type, why)) return fail(named + ": " + why);
    if (!parse_field_type(type, out.type))
        return fail(named + ": unknown field type '" + type +
                    "' (text, long_text, name, id_number, phone, date, address, choice, yes_no, number)");
    if (!local_text(j, "label", true, out.label)) return fail(named + ": " + what_);
    if (!local_text(j, "hint", false, out.hint)) return fail(named + ": " + what_);

    if (!get_bool(j, "required", true, out.required, why)) return fail(named + ": " + why);
    if (!get_bool(j, "pii", default_pii(out.type), out.pii, why)) return fail(named + ": " + why);
    if (!get_bool(j, "sensitive", false, out.sensitive, why)) return fail(named + ": " + why);
    if (out.sensitive) out.pii = true;   // sensitive personal information is personal information

    out.max_len = default_max_len(out.type);
    if (auto it = j.find("max_len"); it != j.end()) {
        if (!it->is_number_integer() || it->get<long long>() <= 0)
            return fail(named + ": 'max_len' must be a positive integer");
        const bool has_length = out.type == FieldType::text || out.type == FieldType::long_text ||
                                out.type == FieldType::name || out.type == FieldType::address;
        if (!has_length) return fail(named + ": 'max_len' only applies to text, long_text, name and address fields");
        out.max_len = static_cast<std::size_t>(it->get<long long>());
    }

    if (auto it = j.find("choices"); it != j.end()) {
        if (out.type != FieldType::choice) return fail(named + ": 'choices' only applies to choice fields");
        if (!it->is_array()) return fail(named + ": 'choices' must be a list");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const json& c = (*it)[i];
            const std::string cw = named + ": choice #" + std::to_string(i + 1);
            if (!c.is_object()) return fail(cw + " must be an object {\"value\", \"label\"}");
            if (!only_keys(c, {"value", "label"}, cw.c_str())) return false;
            Choice choice;
            if (!get_string(c, "value", choice.value, why)) return fail(cw + ": " + why);
            if (!seen.insert(choice.value).second) return fail(cw + ": duplicate value '" + choice.value + "'");
            if (!local_text(c, "label", true, choice.label)) return fail(cw + ": " + what_);
            out.choices.push_back(std::move(choice));
        }
    }
    if (out.type == FieldType::choice && out.choices.empty())
        return fail(named + ": a choice field needs a non-empty 'choices' list");

    if (auto it = j.find("date_range"); it != j.end()) {
        if (out.type != FieldType::date) return fail(named + ": 'date_range' only applies to date fields");
        const std::string r = it->is_string() ? it->get<std::string>() : "";
        if (r == "any") out.date_range = DateRange::any;
        else if (r == "past") out.date_range = DateRange::past;
        else if (r == "future") out.date_range = DateRange::future;
        else return fail(named + ": 'date_range' must be \"any\", \"past\" or \"future\"");
    }
    if (auto it = j.find("working_days"); it != j.end()) {
        if (out.type != FieldType::date || !it->is_boolean())
            return fail(named + ": 'working_days' is true or false, and only for date fields");
        out.working_days = it->get<bool>();
    }

    const bool has_min = j.contains("min"), has_max = j.contains("max");
    if ((has_min || has_max) && out.type != FieldType::number)
        return fail(named + ": 'min'/'max' only apply to number fields");
    if (out.type == FieldType::number) {
        if (!has_max || !j["max"].is_number_integer()) return fail(named + ": a number field needs an integer 'max'");
        if (has_min && !j["min"].is_number_integer()) return fail(named + ": 'min' must be an integer");
        out.min = has_min ? j["min"].get<long>() : 0;
        out.max = j["max"].get<long>();
        if (out.min < 0) return fail(named + ": 'min' must not be negative (number fields are non-negative)");
        if (out.max < out.min) return fail(named + ": 'max' is smaller than 'min'");
    }

    if (auto it = j.find("group"); it != j.end()) {
        if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 99)
            return fail(named + ": 'group' must be an integer 0..99");
        out.group = it->get<int>();
    }
    if (auto it = j.find("show_if"); it != j.end())
        if (!show_if(*it, named, out)) return false;
    return true;
}

// "show_if": {"field": "visit_for", "equals": "family"}. Whether the field exists is checked with the
// whole form (form()), which knows the order.
bool EntryParser::show_if(const json& j, const std::string& named, FieldSpec& out) {
    if (!j.is_object() || !j.contains("field") || !j.contains("equals") || !j["field"].is_string() ||
        !j["equals"].is_string() || j.size() != 2)
        return fail(named + ": 'show_if' must be {\"field\": \"<id of an earlier choice>\", \"equals\": \"<one of its values>\"}");
    out.show_if = FieldSpec::ShowIf{j["field"].get<std::string>(), j["equals"].get<std::string>()};
    return true;
}

bool EntryParser::field_list(const json& j, const std::string& what, std::vector<FieldSpec>& out) {
    if (!j.is_array()) return fail(what.empty() ? "must be a list of fields" : what + " must be a list of fields");
    for (std::size_t i = 0; i < j.size(); ++i) {
        FieldSpec f;
        if (!field(j[i], i, f)) return fail(what.empty() ? what_ : what + ": " + what_);
        out.push_back(std::move(f));
    }
    return true;
}

// A form is a list whose items are fields or {"use": "set", "group": n} references to shared field sets.
bool EntryParser::form(const json& j, std::vector<FieldSpec>& out) {
    if (!j.is_array()) return fail("'form' must be a list of fields");
    for (std::size_t i = 0; i < j.size(); ++i) {
        const json& item = j[i];
        if (item.is_object() && item.contains("use")) {
            const std::string where = "form item #" + std::to_string(i + 1);
            if (!only_keys(item, {"use", "group", "show_if"}, where.c_str())) return false;
            const std::string name = item["use"].is_string() ? item["use"].get<std::string>() : "";
            auto set = shared_.field_sets.find(name);
            if (set == shared_.field_sets.end())
                return fail(where + ": unknown field set '" + name + "' (declare it under \"field_sets\" in index.json)");
            std::optional<int> group;
            if (auto g = item.find("group"); g != item.end()) {
                if (!g->is_number_integer() || g->get<long long>() < 0 || g->get<long long>() > 99)
                    return fail(where + ": 'group' must be an integer 0..99");
                group = g->get<int>();
            }
            FieldSpec cond;
            if (auto c = item.find("show_if"); c != item.end() && !show_if(*c, where, cond)) return false;
            for (FieldSpec f : set->second) {
                if (group) f.group = *group;
                if (cond.show_if) f.show_if = cond.show_if;
                out.push_back(std::move(f));
            }
            continue;
        }
        FieldSpec f;
        if (!field(item, i, f)) return fail("form " + what_);
        out.push_back(std::move(f));
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const FieldSpec& f = out[i];
        if (!seen.insert(f.id).second) return fail("form has two fields with id '" + f.id + "'");
        // Screens follow the form's order, one per group: a group that comes back would split a screen.
        if (i > 0 && f.group < out[i - 1].group)
            return fail("form field '" + f.id + "' is in group " + std::to_string(f.group) + " after a field of group " +
                        std::to_string(out[i - 1].group) + " (groups must not go back: order the form by screen)");
        if (!f.show_if) continue;
        // The field it depends on comes first (the resident answers it first) and is a choice whose
        // values include the one named: a typo would hide the field for ever.
        const FieldSpec* ctl = nullptr;
        for (std::size_t k = 0; k < i; ++k) if (out[k].id == f.show_if->field) ctl = &out[k];
        const std::string named = "form field '" + f.id + "': 'show_if'";
        if (!ctl) return fail(named + " names '" + f.show_if->field + "', which is not an earlier field of this form");
        if (ctl->type != FieldType::choice && ctl->type != FieldType::yes_no)
            return fail(named + " names '" + ctl->id + "', which is not a choice (only choices can decide what is asked)");
        bool known = ctl->type == FieldType::yes_no && (f.show_if->equals == "yes" || f.show_if->equals == "no");
        for (const Choice& c : ctl->choices) known |= c.value == f.show_if->equals;
        if (!known) return fail(named + ": '" + f.show_if->equals + "' is not one of the values of '" + ctl->id + "'");
    }
    return true;
}

// [SECTION] Services -----------------------------------------------------------------------------------------

bool EntryParser::service(const json& j, const std::string& default_category, Service& out) {
    if (!j.is_object()) return fail("a service must be an object");
    std::string why;
    if (!get_string(j, "id", out.id, why)) return fail(why);
    set_entry(entry_ + " '" + out.id + "'");
    if (!only_keys(j, {"id", "category", "name", "description", "on_site", "elsewhere", "elsewhere_url",
                       "materials", "fee", "processing_time", "eligibility", "keywords", "form",
                       "needs_identity", "paper_form", "appointment"}, "service"))
        return false;
    if (!valid_id(out.id)) return fail("id '" + out.id + "' may only use a-z, 0-9 and . - _");

    out.category = default_category;
    if (j.contains("category") && !get_string(j, "category", out.category, why)) return fail(why);
    if (out.category.empty()) return fail("missing 'category' (set it on the service or on the file)");

    if (!local_text(j, "name", true, out.name)) return false;
    if (!local_text(j, "description", true, out.description)) return false;
    if (!local_text(j, "fee", true, out.fee)) return false;
    if (!local_text(j, "processing_time", true, out.processing_time)) return false;
    if (!local_text(j, "eligibility", false, out.eligibility)) return false;

    auto on_site = j.find("on_site");
    if (on_site == j.end() || !on_site->is_boolean()) return fail("missing 'on_site' (true or false)");
    out.on_site = on_site->get<bool>();
    if (!get_bool(j, "needs_identity", true, out.needs_identity, why)) return fail(why);
    if (!get_bool(j, "paper_form", false, out.paper_form, why)) return fail(why);
    if (!get_bool(j, "appointment", false, out.appointment, why)) return fail(why);

    if (auto m = j.find("materials"); m != j.end()) {
        if (!m->is_array()) return fail("'materials' must be a list");
        for (std::size_t i = 0; i < m->size(); ++i) {
            LocalText t;
            if (!text_value((*m)[i], "materials #" + std::to_string(i + 1), t)) return false;
            out.materials.push_back(std::move(t));
        }
    }
    if (auto k = j.find("keywords"); k != j.end()) {
        if (!k->is_array()) return fail("'keywords' must be a list of strings");
        for (const json& w : *k) {
            if (!w.is_string() || w.get_ref<const std::string&>().empty()) return fail("'keywords' must hold non-empty strings");
            out.keywords.push_back(w.get<std::string>());
        }
    }

    if (!local_text(j, "elsewhere", !out.on_site, out.elsewhere)) {
        if (!out.on_site && !j.contains("elsewhere"))
            return fail("not on site but no 'elsewhere' (say where to go instead: window or online platform)");
        return false;
    }
    if (auto u = j.find("elsewhere_url"); u != j.end()) {
        if (!u->is_string() || u->get_ref<const std::string&>().rfind("https://", 0) != 0)
            return fail("'elsewhere_url' must be an https:// address (it is printed as a QR code)");
        out.elsewhere_url = u->get<std::string>();
    }

    auto f = j.find("form");
    if (out.on_site) {
        if (f == j.end()) return fail("on site but has no 'form' (list the fields the resident fills in)");
        if (!form(*f, out.form)) return false;
        if (out.form.empty()) return fail("on site but its 'form' is empty");
        if (out.materials.empty()) return fail("on site but 'materials' is empty (say what to bring)");
    } else if (f != j.end() && !(f->is_array() && f->empty())) {
        return fail("not on site but has a 'form' (residents cannot apply here: remove the form)");
    }
    return true;
}

} // namespace kiosk::catalog_detail
