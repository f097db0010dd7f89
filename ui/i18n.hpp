#pragma once
// [SECTION] Strings — the UI's zh-CN and en string tables (assets/i18n/*.json, flat {"key": "text"}).
// Placeholders are {0}, {1} … (format()). A key missing in a table falls back to the key itself, which
// the test "every i18n key exists in both languages" forbids from ever shipping.
#include "app/text.hpp"

#include <filesystem>
#include <initializer_list>
#include <map>
#include <string_view>
#include <string>
#include <vector>

namespace kiosk::ui {

class Strings {
public:
    // Loads zh-CN.json and en.json from `dir`. Returns an empty string or one clear error sentence.
    [[nodiscard]] std::string load(const std::filesystem::path& dir);
    const std::string& get(const std::string& key, Locale l) const;
    bool has(const std::string& key, Locale l) const;
    std::vector<std::string> keys(Locale l) const;
    // Every string in both languages (for the font: bake each character once).
    std::vector<const std::string*> all() const;
    // The strings, in both languages, whose keys start with one of `prefixes` (e.g. one screen's).
    std::vector<const std::string*> with_prefixes(std::initializer_list<std::string_view> prefixes) const;

private:
    std::map<std::string, std::string> zh_, en_;
};

// "{0} of {1}" with args → text. Unknown indices stay as written.
std::string format(const std::string& pattern, const std::vector<std::string>& args);

} // namespace kiosk::ui
