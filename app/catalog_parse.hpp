#pragma once
// Private to the catalog loader (app/catalog*.cpp): turns one JSON entry into a Category, FieldSpec or Service,
// and says exactly what is wrong when it cannot. Nothing outside the loader includes this.
#include "catalog.hpp"

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kiosk::catalog_detail {

// Shared pieces declared once in index.json and referenced from services (docs/CATALOG.md):
// "@name" for a text, {"use": "name"} for a field set inside a form.
struct Shared {
    std::map<std::string, LocalText> texts;
    std::map<std::string, std::vector<FieldSpec>> field_sets;
};

// Parses entries of one file. On failure a method returns false and error() names the file, the entry being
// parsed and what is wrong. The parser stops at the first problem: one clear message beats a list of echoes.
class EntryParser {
public:
    EntryParser(const Shared& shared, std::string file) : shared_(shared), file_(std::move(file)) {}

    void set_entry(std::string entry) { entry_ = std::move(entry); }
    bool fail(const std::string& what);
    Error error() const;

    bool category(const nlohmann::json& j, Category& out);
    bool field(const nlohmann::json& j, std::size_t index, FieldSpec& out);
    bool field_list(const nlohmann::json& j, const std::string& what, std::vector<FieldSpec>& out);
    bool service(const nlohmann::json& j, const std::string& default_category, Service& out);
    bool local_text(const nlohmann::json& parent, const char* key, bool required, LocalText& out);
    bool text_value(const nlohmann::json& v, const std::string& key, LocalText& out);

    // Rejects keys not in `allowed` (typos such as "requried" would otherwise be silently ignored).
    // Keys starting with '_' are comments and always allowed.
    bool only_keys(const nlohmann::json& obj, std::initializer_list<const char*> allowed, const char* what);

private:
    bool form(const nlohmann::json& j, std::vector<FieldSpec>& out);
    bool show_if(const nlohmann::json& j, const std::string& named, FieldSpec& out);
    const Shared& shared_;
    std::string file_;
    std::string entry_;
    std::string what_;
};

// Lowercase ASCII letters, digits and . - _ ; must start with a letter or digit.
bool valid_id(const std::string& id);

// Defaults for max_len when the catalog does not state one (0 for types whose validator has its own rule).
std::size_t default_max_len(FieldType t);
// pii defaults to true for types that carry personal data or free text that may contain it.
bool default_pii(FieldType t);

} // namespace kiosk::catalog_detail
