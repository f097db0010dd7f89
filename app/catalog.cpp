// The service catalog: lookups, and load_catalog(), which reads index.json and services/*.json and checks
// everything that needs more than one entry to see (unknown categories, duplicate ids and ticket prefixes).
// One entry's own checks live in catalog_parse.cpp. Format: docs/CATALOG.md.
//
// [SECTION] Lookups
// [SECTION] Files
// [SECTION] index.json
// [SECTION] services/*.json
// [SECTION] load_catalog
#include "catalog.hpp"
#include "catalog_parse.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace kiosk {

using nlohmann::json;
using catalog_detail::EntryParser;
using catalog_detail::Shared;

// [SECTION] Lookups ------------------------------------------------------------------------------------------

const Service* Catalog::find_service(const std::string& id) const {
    for (const Service& s : services)
        if (s.id == id) return &s;
    return nullptr;
}

const Category* Catalog::find_category(const std::string& id) const {
    for (const Category& c : categories)
        if (c.id == id) return &c;
    return nullptr;
}

std::vector<const Service*> Catalog::services_in(const std::string& category_id) const {
    std::vector<const Service*> out;
    for (const Service& s : services)
        if (s.category == category_id) out.push_back(&s);
    return out;
}

std::size_t Catalog::on_site_count() const {
    return static_cast<std::size_t>(std::count_if(services.begin(), services.end(), [](const Service& s) { return s.on_site; }));
}

// [SECTION] Files --------------------------------------------------------------------------------------------

namespace {

Error file_error(const std::filesystem::path& file, const std::string& what) {
    return make_error("catalog.invalid", "catalog: " + file.string() + ": " + what);
}

Result<std::string> read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return file_error(file, "cannot be read (missing, or no permission)");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<json> parse_json(std::string_view text, const std::filesystem::path& file) {
    // JSON lets a key appear twice and keeps the last: a second "on_site" or "form" pasted into a service would
    // silently replace the first. The callback tracks the keys (and the "id", for the message) of each object.
    struct Frame {
        std::set<std::string> keys;
        std::string last_key, id;
    };
    std::vector<Frame> frames;
    std::string duplicate;
    auto track = [&](int, json::parse_event_t ev, json& parsed) {
        switch (ev) {
        case json::parse_event_t::object_start: frames.emplace_back(); break;
        case json::parse_event_t::object_end:
            if (!frames.empty()) frames.pop_back();
            break;
        case json::parse_event_t::key:
            if (!frames.empty() && parsed.is_string()) {
                Frame& f = frames.back();
                f.last_key = parsed.get<std::string>();
                if (!f.keys.insert(f.last_key).second && duplicate.empty())
                    duplicate = "duplicate key '" + f.last_key + "' in " +
                                (f.id.empty() ? std::string("one object") : "the object with id '" + f.id + "'") +
                                " (JSON would silently keep only the last one)";
            }
            break;
        case json::parse_event_t::value:
            if (!frames.empty() && frames.back().last_key == "id" && parsed.is_string() && frames.back().id.empty())
                frames.back().id = parsed.get<std::string>();
            break;
        default: break;
        }
        return true;
    };
    try {
        json doc = json::parse(text, track);
        if (!duplicate.empty()) return file_error(file, duplicate);
        return doc;
    } catch (const json::parse_error& e) {
        // e.byte is 1-based: the byte where the parser gave up, which is where an editor should look.
        return file_error(file, "malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    } catch (const json::exception& e) {
        // Not only parse_error: a number too large for a double (1E777777) is an out_of_range, which used to
        // escape the loader and end the kiosk (found by tests/fuzz/fuzz_catalog).
        return file_error(file, std::string("malformed JSON: ") + e.what());
    }
}

// [SECTION] index.json ---------------------------------------------------------------------------------------

Status read_index(std::string_view text, const std::filesystem::path& file, Catalog& cat, Shared& shared) {
    auto doc = parse_json(text, file);
    if (!doc) return doc.error();
    const json& j = *doc;
    EntryParser p(shared, file.string());
    if (!j.is_object()) return file_error(file, "the top level must be an object");
    if (!p.only_keys(j, {"version", "categories", "texts", "field_sets"}, "index.json")) return p.error();

    auto v = j.find("version");
    if (v == j.end() || !v->is_string() || v->get_ref<const std::string&>().empty())
        return file_error(file, "missing or empty 'version' (e.g. \"2026.11.1\")");
    cat.version = v->get<std::string>();

    // Texts first: field sets and categories may refer to them.
    if (auto t = j.find("texts"); t != j.end()) {
        if (!t->is_object()) return file_error(file, "'texts' must be an object of name → {\"zh\", \"en\"}");
        for (auto it = t->begin(); it != t->end(); ++it) {
            p.set_entry("text '" + it.key() + "'");
            LocalText lt;
            if (!p.text_value(it.value(), it.key(), lt)) return p.error();
            shared.texts.emplace(it.key(), std::move(lt));
        }
    }
    if (auto fs = j.find("field_sets"); fs != j.end()) {
        if (!fs->is_object()) return file_error(file, "'field_sets' must be an object of name → list of fields");
        for (auto it = fs->begin(); it != fs->end(); ++it) {
            p.set_entry("field set '" + it.key() + "'");
            std::vector<FieldSpec> fields;
            if (!p.field_list(it.value(), "", fields)) return p.error();
            if (fields.empty()) { p.fail("is empty"); return p.error(); }
            std::set<std::string> seen;
            for (const FieldSpec& f : fields)
                if (!seen.insert(f.id).second) { p.fail("has two fields with id '" + f.id + "'"); return p.error(); }
            shared.field_sets.emplace(it.key(), std::move(fields));
        }
    }

    auto c = j.find("categories");
    if (c == j.end() || !c->is_array() || c->empty()) return file_error(file, "missing or empty 'categories' list");
    std::map<std::string, std::string> prefix_owner;
    for (std::size_t i = 0; i < c->size(); ++i) {
        p.set_entry("category #" + std::to_string(i + 1));
        Category cat_entry;
        if (!p.category((*c)[i], cat_entry)) return p.error();
        if (cat.find_category(cat_entry.id)) { p.fail("duplicate category id"); return p.error(); }
        auto [owner, fresh] = prefix_owner.emplace(cat_entry.ticket_prefix, cat_entry.id);
        if (!fresh) {
            p.fail("ticket_prefix '" + cat_entry.ticket_prefix + "' is already used by category '" + owner->second +
                   "' (tickets would collide)");
            return p.error();
        }
        cat.categories.push_back(std::move(cat_entry));
    }
    return ok_status();
}

// [SECTION] services/*.json ----------------------------------------------------------------------------------

Status read_services_file(std::string_view text, const std::filesystem::path& file, const Shared& shared, Catalog& cat,
                          std::map<std::string, std::string>& id_file) {
    auto doc = parse_json(text, file);
    if (!doc) return doc.error();
    const json& j = *doc;
    EntryParser p(shared, file.string());
    if (!j.is_object()) return file_error(file, "the top level must be an object {\"category\", \"services\": [...]}");
    if (!p.only_keys(j, {"category", "services"}, "a services file")) return p.error();

    std::string default_category;
    if (auto c = j.find("category"); c != j.end()) {
        if (!c->is_string()) return file_error(file, "'category' must be a string");
        default_category = c->get<std::string>();
    }
    auto list = j.find("services");
    if (list == j.end() || !list->is_array()) return file_error(file, "missing 'services' list");

    for (std::size_t i = 0; i < list->size(); ++i) {
        p.set_entry("service #" + std::to_string(i + 1));
        Service s;
        if (!p.service((*list)[i], default_category, s)) return p.error();
        if (!cat.find_category(s.category)) {
            p.fail("unknown category '" + s.category + "' (categories are declared in index.json)");
            return p.error();
        }
        auto [first, fresh] = id_file.emplace(s.id, file.filename().string());
        if (!fresh) {
            p.fail("duplicate service id (first defined in " + first->second + ")");
            return p.error();
        }
        cat.services.push_back(std::move(s));
    }
    return ok_status();
}

} // namespace

// [SECTION] load_catalog -------------------------------------------------------------------------------------

Result<Catalog> load_catalog(const std::filesystem::path& dir) {
    auto index = read_text(dir / "index.json");
    if (!index) return index.error();

    const std::filesystem::path services_dir = dir / "services";
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::directory_iterator(services_dir, ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec)) {
        if (it->path().extension() == ".json") files.push_back(it->path());
    }
    if (ec || files.empty()) {
        // A broken index.json is named first, as it always was; only then the folder.
        Catalog probe;
        Shared probe_shared;
        if (Status st = read_index(*index, dir / "index.json", probe, probe_shared); !st) return st.error();
        if (ec) return file_error(services_dir, "cannot list the services folder: " + ec.message());
        return file_error(services_dir, "holds no *.json service files");
    }
    // Sorted so the catalog's order (and so the UI's lists) never depends on the file system.
    std::sort(files.begin(), files.end());

    std::vector<ServicesText> texts;
    for (const auto& file : files) {
        auto t = read_text(file);
        if (!t) return t.error();
        texts.push_back({file, std::move(*t)});
    }
    return parse_catalog(*index, texts, dir);
}

struct ParsedIndex {
    Catalog catalog;   // version and categories; no services yet
    Shared shared;
};

Result<std::shared_ptr<const ParsedIndex>> parse_catalog_index(std::string_view index_json,
                                                               const std::filesystem::path& dir) {
    auto index = std::make_shared<ParsedIndex>();
    if (Status st = read_index(index_json, dir / "index.json", index->catalog, index->shared); !st) return st.error();
    return std::shared_ptr<const ParsedIndex>(std::move(index));
}

Result<Catalog> parse_catalog(const ParsedIndex& index, const std::vector<ServicesText>& services,
                              const std::filesystem::path& dir, bool every_category_used) {
    Catalog cat = index.catalog;
    std::map<std::string, std::string> id_file;
    for (const auto& f : services)
        if (Status st = read_services_file(f.json, f.file, index.shared, cat, id_file); !st) return st.error();

    if (every_category_used)
        for (const Category& c : cat.categories)
            if (cat.services_in(c.id).empty())
                return file_error(dir / "index.json", "category '" + c.id + "' has no services (the home screen would show an empty tile)");
    return cat;
}

Result<Catalog> parse_catalog(std::string_view index_json, const std::vector<ServicesText>& services,
                              const std::filesystem::path& dir, bool every_category_used) {
    auto index = parse_catalog_index(index_json, dir);
    if (!index) return index.error();
    return parse_catalog(**index, services, dir, every_category_used);
}

std::vector<std::string> booking_lines(const Service& s, const std::map<std::string, std::string>& answers, Locale l) {
    std::vector<std::string> out;
    for (const FieldSpec& f : s.form) {
        if (f.pii || !field_asked(f, answers)) continue;
        if (f.type != FieldType::choice && f.type != FieldType::date && f.type != FieldType::yes_no) continue;
        auto it = answers.find(f.id);
        if (it == answers.end() || it->second.empty()) continue;
        out.push_back(f.label.get(l) + (l == Locale::en ? ": " : "：") + display_text(f, it->second, l));
    }
    return out;
}

} // namespace kiosk
