#include "app/short_ref.hpp"

#include "app/crypto.hpp"

#include <cctype>
#include <cstdint>

namespace kiosk {

std::string short_reference(std::string_view ticket, std::string_view request_id) {
    if (request_id.empty()) return {};
    // The first 32 bits of SHA-256 (hex) as a number, written in base 24 over the unambiguous alphabet.
    const std::string hex = sha256_hex(request_id);
    std::uint32_t n = static_cast<std::uint32_t>(std::stoul(hex.substr(0, 8), nullptr, 16));
    std::string code(4, ' ');
    for (char& c : code) {
        c = kShortRefAlphabet[n % kShortRefAlphabet.size()];
        n /= static_cast<std::uint32_t>(kShortRefAlphabet.size());
    }
    return ticket.empty() ? code : std::string(ticket) + "-" + code;
}

std::optional<ShortRef> parse_short_reference(std::string_view typed) {
    std::string s;
    for (char ch : typed) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '-' || std::isspace(c)) continue;
        if (!std::isalnum(c) || s.size() >= 24) return std::nullopt;
        s += static_cast<char>(std::toupper(c));
    }
    if (s.size() < 4 + 2) return std::nullopt;   // a ticket is at least a letter and a digit
    ShortRef r{s.substr(0, s.size() - 4), s.substr(s.size() - 4)};
    for (char c : r.code)
        if (kShortRefAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    if (!std::isalpha(static_cast<unsigned char>(r.ticket.front())) || !std::isdigit(static_cast<unsigned char>(r.ticket.back())))
        return std::nullopt;
    return r;
}

bool short_reference_matches(const ShortRef& ref, std::string_view ticket, std::string_view request_id) {
    return ticket == ref.ticket && short_reference(ticket, request_id) == ref.text();
}

} // namespace kiosk
