#pragma once
// Bilingual text: every resident-facing string exists in Chinese and English.
#include <string>

namespace kiosk {

enum class Locale { zh, en };

inline const char* locale_tag(Locale l) { return l == Locale::zh ? "zh-CN" : "en"; }
inline bool parse_locale(const std::string& s, Locale& out) {
    if (s == "zh-CN" || s == "zh") { out = Locale::zh; return true; }
    if (s == "en" || s == "en-US") { out = Locale::en; return true; }
    return false;
}

struct LocalText {
    std::string zh;
    std::string en;
    const std::string& get(Locale l) const { return (l == Locale::en && !en.empty()) ? en : zh; }
    bool empty() const { return zh.empty() && en.empty(); }
};

} // namespace kiosk
