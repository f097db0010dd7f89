// The pre-scan declared in config_prescan.hpp: one pass, no allocation but a small stack of open brackets.
// It follows just enough of TOML to tell keys from values (strings, comments, headers, `=`, brackets,
// commas) and counts depth along the way; it never decides whether the text is valid TOML.
#include "app/config_prescan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kiosk {
namespace {

class Scanner {
public:
    explicit Scanner(std::string_view text) : s_(text) {}

    // The reason the text is refused, with line() naming where; nullopt when it may go to the parser.
    std::optional<std::string> run() {
        while (i_ < s_.size() && !why_) step();
        if (!why_) check_line_length(s_.size());
        return why_;
    }
    std::size_t line() const { return line_; }

private:
    // key: left of `=` (or an inline table's keys); header: inside [..] / [[..]]; value: right of `=`;
    // after: behind a header's closing bracket, where only the parser's business remains.
    enum class Ctx { key, header, value, after };
    struct Open {
        char kind;           // '[' or '{'
        std::size_t depth;   // of the array or inline table itself
    };

    void step() {
        const char c = s_[i_];
        if (c == '\n') { newline(); ++i_; if (open_.empty()) start_statement(); return; }
        if (c == '#') { while (i_ < s_.size() && s_[i_] != '\n') ++i_; return; }
        if (c == '"' || c == '\'') { skip_string(c); return; }   // quoted keys and string values alike
        ++i_;
        switch (ctx_) {
            case Ctx::key: key_char(c); break;
            case Ctx::header:
                if (c == '.') add_part();
                else if (c == ']') { section_depth_ = parts_; ctx_ = Ctx::after; }
                break;
            case Ctx::value: value_char(c); break;
            case Ctx::after: break;
        }
    }

    void key_char(char c) {
        if (c == ' ' || c == '\t' || c == '\r') return;
        const bool first = statement_start_;
        statement_start_ = false;
        if (first && c == '[') {   // a table header: its depth is absolute, not below the last section
            ctx_ = Ctx::header;
            base_ = 0;
            parts_ = 1;
            if (i_ < s_.size() && s_[i_] == '[') ++i_;
            return;
        }
        if (c == '.') add_part();
        else if (c == '=') { value_depth_ = base_ + parts_; ctx_ = Ctx::value; }
        else if (c == '}') close();   // `{}`: an empty inline table
    }

    void value_char(char c) {
        if (c == '[' || c == '{') {
            const std::size_t d = value_depth_;
            if (d > ConfigLimits::max_depth) { too_deep(d); return; }
            open_.push_back({c, d});
            if (c == '[') value_depth_ = d + 1;
            else enter_inline_key(d);
        } else if (c == ']' || c == '}') {
            close();
        } else if (c == ',' && !open_.empty()) {
            if (open_.back().kind == '[') value_depth_ = open_.back().depth + 1;
            else enter_inline_key(open_.back().depth);
        }
    }

    void enter_inline_key(std::size_t table_depth) {
        ctx_ = Ctx::key;
        base_ = table_depth;
        parts_ = 1;
    }

    // Mismatched brackets are the parser's to report; here a close only ends what is open.
    void close() {
        if (!open_.empty()) open_.pop_back();
        ctx_ = Ctx::value;
        if (!open_.empty() && open_.back().kind == '[') value_depth_ = open_.back().depth + 1;
    }

    void add_part() {
        ++parts_;
        if (base_ + parts_ > ConfigLimits::max_depth) too_deep(base_ + parts_);
    }

    void start_statement() {
        ctx_ = Ctx::key;
        statement_start_ = true;
        base_ = section_depth_;
        parts_ = 1;
    }

    // Basic ("…", with \ escapes) and literal ('…') strings, single- or multi-line. A multi-line string
    // may end in up to two extra quotes (`""""` is `"` and the delimiter): the whole run of quotes ends it.
    void skip_string(char q) {
        const std::string delimiter(3, q);
        const bool multi = s_.substr(i_, 3) == delimiter;
        i_ += multi ? 3 : 1;
        while (i_ < s_.size() && !why_) {
            const char c = s_[i_];
            if (c == '\n') {
                if (!multi) return;   // unterminated: the parser says so
                newline();
                ++i_;
            } else if (c == '\\' && q == '"') {
                ++i_;                 // the escaped character, or a line-ending backslash's newline, is next
                if (i_ < s_.size() && s_[i_] == '\n') { if (!multi) return; newline(); }
                ++i_;
            } else if (c == q && !multi) {
                ++i_;
                return;
            } else if (c == q && s_.substr(i_, 3) == delimiter) {
                while (i_ < s_.size() && s_[i_] == q) ++i_;
                return;
            } else {
                ++i_;
            }
        }
    }

    // Called with i_ at a '\n' that ends the current line.
    void newline() {
        check_line_length(i_);
        if (why_) return;
        ++line_;
        line_start_ = i_ + 1;
    }

    void check_line_length(std::size_t end) {
        if (end - line_start_ > ConfigLimits::max_line_bytes)
            why_ = "line longer than " + std::to_string(ConfigLimits::max_line_bytes) +
                   " bytes (a kiosk config's lines are short; is this the right file?)";
    }

    void too_deep(std::size_t depth) {
        why_ = "nested more than " + std::to_string(ConfigLimits::max_depth) +
               " levels deep (tables, dotted keys, arrays and inline tables together; got " +
               std::to_string(depth) + "): refused before parsing, no kiosk setting is nested beyond 2";
    }

    std::string_view s_;
    std::size_t i_ = 0, line_ = 1, line_start_ = 0;
    std::optional<std::string> why_;
    std::vector<Open> open_;
    Ctx ctx_ = Ctx::key;
    bool statement_start_ = true;
    std::size_t base_ = 0, parts_ = 1, section_depth_ = 0, value_depth_ = 0;
};

} // namespace

Status prescan_config(std::string_view text, const std::filesystem::path& name) {
    if (text.size() > ConfigLimits::max_file_bytes)
        return Error{"config.invalid", name.string() + ": larger than " +
                                           std::to_string(ConfigLimits::max_file_bytes / 1024) +
                                           " KiB (a kiosk config is a few KB; is this the right file?)"};
    Scanner scan(text);
    if (auto why = scan.run())
        return Error{"config.invalid", name.string() + ":" + std::to_string(scan.line()) + ": " + *why};
    return ok_status();
}

} // namespace kiosk
