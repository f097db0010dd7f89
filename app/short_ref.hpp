#pragma once
// [SECTION] Short reference — what a resident can read aloud to an officer or over the phone
// ("A023-7K3M"), instead of the request id (a UUID nobody can say). The QR code keeps carrying the request
// id itself (printer/receipt.hpp, qr_payload_for); the short reference is printed and shown beside it.
//
// The ticket alone is not enough (it restarts every day, and two stations share numbers); four characters
// from a hash of the request id tell that day's A023 apart from every other A023 with 1 in ~332 000
// chance of a clash. The alphabet leaves out the characters people misread or mishear: 0/O/Q, 1/I/L, 2/Z,
// 5/S, 8/B.
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

inline constexpr std::string_view kShortRefAlphabet = "34679ACDEFGHJKMNPRTUVWXY";   // 24 characters

// "A023" + "-" + four characters of kShortRefAlphabet, the same for the same request id every time.
// Without a ticket just the four characters; without a request id "" (nothing to refer to).
std::string short_reference(std::string_view ticket, std::string_view request_id);

// What a resident says or an officer types, understood: "A023-7K3M", "a0237k3m", "A023 7K3M" → ticket
// "A023", code "7K3M". The code is always the last four characters, so the dash may be left out; case and
// spaces do not matter. nullopt when it cannot be one (the code outside kShortRefAlphabet, a ticket that
// is not a letter, letters/digits and a number: "A023", "A1023").
struct ShortRef {
    std::string ticket, code;
    std::string text() const { return ticket + "-" + code; }
};
std::optional<ShortRef> parse_short_reference(std::string_view typed);
// Whether the request (`ticket`, `request_id`) is the one `ref` names.
bool short_reference_matches(const ShortRef& ref, std::string_view ticket, std::string_view request_id);

} // namespace kiosk
