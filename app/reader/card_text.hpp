#pragma once
// [SECTION] The 256-byte text block of a second-generation card (GA 490-2013; layouts of the four card
// kinds in ../shared/reference/idcard-reader.md) ⇄ the decoded identity, and the checks on what was read.
// UTF-16LE, space-padded fields at fixed offsets; the kind is the character at byte 248.
#include "app/reader/frame.hpp"
#include "app/result.hpp"
#include "app/text.hpp"
#include "app/validators.hpp"

#include <string>

namespace kiosk::reader {

enum class CardKind {
    resident_id,        // 居民身份证 (kind character space or 0)
    hmt_permit,         // 港澳台居民居住证 ('J')
    foreign_pr_2017,    // 外国人永久居留身份证 2017 ('I')
    foreign_pr_2023,    // 外国人永久居留身份证 2023 ('Y')
};
const char* card_kind_name(CardKind k);                 // "resident_id" | "hmt_permit" | "foreign_pr_2017" | "foreign_pr_2023"
bool parse_card_kind(std::string_view s, CardKind& out);
LocalText card_kind_words(CardKind k);                  // 居民身份证 / Resident ID card …

// What a card says, in UTF-8, padding trimmed. Fields a kind does not have stay empty.
struct CardIdentity {
    CardKind kind = CardKind::resident_id;
    std::string name;          // Chinese name (cn_name on permanent residence cards; may be empty on a 2017 one)
    std::string name_en;       // permanent residence cards (2023: chars 1-35 + 36-46 joined)
    std::string sex_code;      // "1" | "2" (GB/T 2261.1)
    std::string nation_code;   // "01".."56", "97", "98" — resident ID and HK/MO/TW permit only
    std::string birth;         // YYYY-MM-DD when the card holds a real date, else as read
    std::string address;       // resident ID / permit; replaced by the appended (new) address when present
    std::string id_number;     // citizen number; permit number; permanent residence number
    std::string issuer;        // issuing authority (2017 PR card: the authority code)
    std::string valid_from;    // YYYY-MM-DD
    std::string valid_to;      // YYYY-MM-DD, empty when long_term
    bool long_term = false;    // 长期
    std::string pass_no;       // HK/MO/TW permit: the travel-permit number
    std::string issue_count;   // HK/MO/TW permit: times issued
    std::string nationality;   // PR cards: ISO 3166-1 alpha-3
    std::string renewals;      // 2023 PR card
    std::string card_version;  // 2017 PR card
    std::string prev_no_link;  // 2023 PR card: link to the previous card number
};
// OPENSSL_cleanse on every string (app/crypto wipe), for each copy once it is used.
void wipe(CardIdentity& c);

std::string sex_words(std::string_view code, Locale l);   // 男/女/未知/未说明, male/female/…
std::string nation_words(std::string_view code);          // 汉, 蒙古 … as printed on the card; "" if unknown

// Decodes a text block (exactly kTextSize bytes). Errors: "card.text_size", "card.kind" (a kind character
// the standard does not know). Text that is not UTF-16 (unpaired surrogates) becomes U+FFFD, never a crash.
Result<CardIdentity> decode_card_text(ByteView text);
// The inverse, for the simulator and the tests: each field truncated or space-padded to its slot.
Bytes encode_card_text(const CardIdentity& c);
// A UTF-16LE, space-padded block decoded and trimmed (also the appended-address answer).
std::string decode_utf16_field(ByteView bytes);

// [SECTION] Checks on what was read. An expired card is still read (and flagged); a number whose checksum
// or birth date does not match is a read the kiosk must not trust (the resident is asked to read again or type).
struct CardChecks {
    bool number_ok = true;       // GB 11643 MOD 11-2 and structure (app/validate_id), per kind
    bool birth_matches = true;   // the birth date inside the number equals the card's birth field
    bool expired = false;        // valid_to before today (never for 长期)
    bool trusted() const { return number_ok && birth_matches; }
};
CardChecks check_card(const CardIdentity& c, const Date& today);

} // namespace kiosk::reader
