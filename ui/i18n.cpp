#include "ui/i18n.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

namespace kiosk::ui {

namespace {
std::string load_table(const std::filesystem::path& file, std::map<std::string, std::string>& out) {
    std::ifstream in(file);
    if (!in) return "string table " + file.string() + " is missing (is --assets / KIOSK_ASSETS right?)";
    nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return "string table " + file.string() + " is not a JSON object";
    for (auto& [k, v] : j.items()) {
        if (!v.is_string()) return "string table " + file.string() + ": key '" + k + "' is not a string";
        out[k] = v.get<std::string>();
    }
    return {};
}
} // namespace

std::string Strings::load(const std::filesystem::path& dir) {
    zh_.clear();
    en_.clear();
    if (auto e = load_table(dir / "zh-CN.json", zh_); !e.empty()) return e;
    if (auto e = load_table(dir / "en.json", en_); !e.empty()) return e;
    // [staff] Staff mode's strings live in their own pair of tables (owned by ui/staff/), merged in here.
    if (auto e = load_table(dir / "staff.zh-CN.json", zh_); !e.empty()) return e;
    return load_table(dir / "staff.en.json", en_);
}

const std::string& Strings::get(const std::string& key, Locale l) const {
    const auto& t = l == Locale::en ? en_ : zh_;
    if (auto it = t.find(key); it != t.end()) return it->second;
    // Fall back to the other language, then to the key: visible, never a crash.
    const auto& o = l == Locale::en ? zh_ : en_;
    if (auto it = o.find(key); it != o.end()) return it->second;
    static thread_local std::string missing;
    missing = key;
    return missing;
}

bool Strings::has(const std::string& key, Locale l) const {
    return (l == Locale::en ? en_ : zh_).count(key) != 0;
}

std::vector<std::string> Strings::keys(Locale l) const {
    std::vector<std::string> out;
    for (auto& [k, v] : (l == Locale::en ? en_ : zh_)) out.push_back(k);
    return out;
}

std::vector<const std::string*> Strings::all() const {
    std::vector<const std::string*> out;
    for (auto& [k, v] : zh_) out.push_back(&v);
    for (auto& [k, v] : en_) out.push_back(&v);
    return out;
}

std::vector<const std::string*> Strings::with_prefixes(std::initializer_list<std::string_view> prefixes) const {
    std::vector<const std::string*> out;
    for (const auto* table : {&zh_, &en_})
        for (auto& [k, v] : *table)
            for (std::string_view p : prefixes)
                if (std::string_view(k).substr(0, p.size()) == p) { out.push_back(&v); break; }
    return out;
}

std::string format(const std::string& p, const std::vector<std::string>& args) {
    std::string out;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '{' && i + 2 < p.size() && p[i + 2] == '}' && p[i + 1] >= '0' && p[i + 1] <= '9') {
            std::size_t n = static_cast<std::size_t>(p[i + 1] - '0');
            if (n < args.size()) { out += args[n]; i += 2; continue; }
        }
        out += p[i];
    }
    return out;
}

} // namespace kiosk::ui
