#include "app/short_ref.hpp"

#include "app/crypto.hpp"

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

} // namespace kiosk
