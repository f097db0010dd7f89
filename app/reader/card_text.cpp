// [SECTION] Index
// - Field layouts of the four card kinds (byte offset, byte length)
// - UTF-16LE ⇄ UTF-8 (app/utf8 for the UTF-8 side), padding
// - Words for codes (sex, nation), dates
// - Decode / encode / checks
#include "app/reader/card_text.hpp"

#include "app/crypto.hpp"
#include "app/utf8.hpp"

#include <array>
#include <openssl/crypto.h>

namespace kiosk::reader {
namespace {

struct Slot {
    std::size_t off, len;
};
// Resident ID (and the HK/MO/TW permit up to byte 220).
constexpr Slot kName{0, 30}, kSex{30, 2}, kNation{32, 4}, kBirth{36, 16}, kAddress{52, 70}, kId{122, 36},
    kIssuer{158, 30}, kFrom{188, 16}, kTo{204, 16};
constexpr Slot kPassNo{220, 18}, kIssueCount{238, 4};
// 2017 permanent residence card ('I').
constexpr Slot kIEnName{0, 120}, kISex{120, 2}, kIPrNo{122, 30}, kINationality{152, 6}, kICnName{158, 30},
    kIBirth{220, 16}, kIVersion{236, 4}, kIAuthority{240, 8};
// 2023 permanent residence card ('Y').
constexpr Slot kYRenewals{32, 4}, kYEnName{52, 70}, kYEnNameExt{220, 22}, kYNationality{242, 6}, kYPrevLink{250, 6};
constexpr Slot kKind{248, 2};

std::u32string utf16le_to_u32(ByteView b) {
    std::u32string out;
    out.reserve(b.size() / 2);
    for (std::size_t i = 0; i + 1 < b.size(); i += 2) {
        const char32_t u = static_cast<char32_t>(b[i] | (b[i + 1] << 8));
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < b.size()) {
            const char32_t lo = static_cast<char32_t>(b[i + 2] | (b[i + 3] << 8));
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                out.push_back(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                i += 2;
                continue;
            }
        }
        out.push_back((u >= 0xD800 && u <= 0xDFFF) ? utf8::replacement_char : u);
    }
    return out;
}

bool is_padding(char32_t c) { return c == U' ' || c == 0 || c == 0x3000; }

std::string field(ByteView text, Slot s) { return decode_utf16_field(text.subspan(s.off, s.len)); }

void put(Bytes& text, Slot s, std::string_view utf8_value) {
    std::size_t pos = s.off;
    const std::size_t end = s.off + s.len;
    for (char32_t c : utf8::decode_lossy(utf8_value, utf8::OnBad::replace)) {
        auto unit = [&](char32_t u) {
            if (pos + 2 > end) return false;
            text[pos++] = static_cast<std::uint8_t>(u & 0xFF);
            text[pos++] = static_cast<std::uint8_t>(u >> 8);
            return true;
        };
        if (c >= 0x10000) {
            if (pos + 4 > end) break;   // a surrogate pair is never cut in half
            unit(0xD800 + ((c - 0x10000) >> 10));
            unit(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else if (!unit(c)) {
            break;
        }
    }
}

bool all_digits(std::string_view s) {
    for (char c : s) if (c < '0' || c > '9') return false;
    return !s.empty();
}

// "19491231" → "1949-12-31" when it is a real date; anything else is kept as read (and checks flag it).
std::string card_date(const std::string& raw) {
    if (raw.size() == 8 && all_digits(raw)) {
        const int y = std::stoi(raw.substr(0, 4)), m = std::stoi(raw.substr(4, 2)), d = std::stoi(raw.substr(6, 2));
        if (is_real_date(y, m, d)) return raw.substr(0, 4) + "-" + raw.substr(4, 2) + "-" + raw.substr(6, 2);
    }
    return raw;
}

// The inverse of card_date: only a YYYY-MM-DD value loses its dashes; anything else is written as it is.
std::string raw_date(const std::string& iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
    return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

} // namespace

const char* card_kind_name(CardKind k) {
    switch (k) {
    case CardKind::resident_id: return "resident_id";
    case CardKind::hmt_permit: return "hmt_permit";
    case CardKind::foreign_pr_2017: return "foreign_pr_2017";
    case CardKind::foreign_pr_2023: return "foreign_pr_2023";
    }
    return "resident_id";
}

bool parse_card_kind(std::string_view s, CardKind& out) {
    for (CardKind k : {CardKind::resident_id, CardKind::hmt_permit, CardKind::foreign_pr_2017, CardKind::foreign_pr_2023})
        if (s == card_kind_name(k)) { out = k; return true; }
    return false;
}

LocalText card_kind_words(CardKind k) {
    switch (k) {
    case CardKind::resident_id: return {"居民身份证", "Resident ID card"};
    case CardKind::hmt_permit: return {"港澳台居民居住证", "Residence permit for HK/Macao/Taiwan residents"};
    case CardKind::foreign_pr_2017: return {"外国人永久居留身份证（2017版）", "Foreigner's permanent residence ID card (2017)"};
    case CardKind::foreign_pr_2023: return {"外国人永久居留身份证（2023版）", "Foreigner's permanent residence ID card (2023)"};
    }
    return {};
}

void wipe(CardIdentity& c) {
    for (std::string* s : {&c.name, &c.name_en, &c.sex_code, &c.nation_code, &c.birth, &c.address, &c.id_number,
                           &c.issuer, &c.valid_from, &c.valid_to, &c.pass_no, &c.issue_count, &c.nationality,
                           &c.renewals, &c.card_version, &c.prev_no_link})
        kiosk::wipe(*s);
    c.long_term = false;
}

std::string sex_words(std::string_view code, Locale l) {
    const bool zh = l == Locale::zh;
    if (code == "1") return zh ? "男" : "male";
    if (code == "2") return zh ? "女" : "female";
    if (code == "9") return zh ? "未说明" : "not stated";
    return zh ? "未知" : "unknown";
}

std::string nation_words(std::string_view code) {
    // GB/T 3304-1991, in code order, as the card prints them (without 族).
    static constexpr std::array<const char*, 56> names = {
        "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
        "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
        "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
        "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
        "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"};
    if (code.size() != 2 || !all_digits(code)) return {};
    const int n = (code[0] - '0') * 10 + (code[1] - '0');
    if (n >= 1 && n <= 56) return names[n - 1];
    if (n == 97) return "其他";
    if (n == 98) return "外国血统中国籍人士";
    return {};
}

std::string decode_utf16_field(ByteView bytes) {
    const std::u32string cps = utf16le_to_u32(bytes);
    std::size_t b = 0, e = cps.size();
    while (b < e && is_padding(cps[b])) ++b;
    while (e > b && is_padding(cps[e - 1])) --e;
    std::string out;
    for (std::size_t i = b; i < e; ++i) {
        // Control characters never reach a form or a log line: a damaged block shows U+FFFD instead.
        const char32_t c = cps[i];
        utf8::append(out, (c < 0x20 || c == 0x7F) ? utf8::replacement_char : c);
    }
    return out;
}

Result<CardIdentity> decode_card_text(ByteView text) {
    if (text.size() != kTextSize)
        return make_error("card.text_size", "text block is " + std::to_string(text.size()) + " bytes, expected 256");
    CardIdentity c;
    const char16_t kind = static_cast<char16_t>(text[kKind.off] | (text[kKind.off + 1] << 8));
    switch (kind) {
    case u' ': case 0: c.kind = CardKind::resident_id; break;
    case u'J': c.kind = CardKind::hmt_permit; break;
    case u'I': c.kind = CardKind::foreign_pr_2017; break;
    case u'Y': c.kind = CardKind::foreign_pr_2023; break;
    default: return make_error("card.kind", "unknown card kind character U+" + std::to_string(kind));
    }
    c.valid_from = card_date(field(text, kFrom));
    const std::string to = field(text, kTo);
    c.long_term = to == "长期";
    if (!c.long_term) c.valid_to = card_date(to);
    switch (c.kind) {
    case CardKind::resident_id:
    case CardKind::hmt_permit:
        c.name = field(text, kName);
        c.sex_code = field(text, kSex);
        c.nation_code = field(text, kNation);
        c.birth = card_date(field(text, kBirth));
        c.address = field(text, kAddress);
        c.id_number = field(text, kId);
        c.issuer = field(text, kIssuer);
        if (c.kind == CardKind::hmt_permit) {
            c.pass_no = field(text, kPassNo);
            c.issue_count = field(text, kIssueCount);
        }
        break;
    case CardKind::foreign_pr_2017:
        c.name_en = field(text, kIEnName);
        c.sex_code = field(text, kISex);
        c.id_number = field(text, kIPrNo);
        c.nationality = field(text, kINationality);
        c.name = field(text, kICnName);
        c.birth = card_date(field(text, kIBirth));
        c.card_version = field(text, kIVersion);
        c.issuer = field(text, kIAuthority);
        break;
    case CardKind::foreign_pr_2023: {
        c.name = field(text, kName);
        c.sex_code = field(text, kSex);
        c.renewals = field(text, kYRenewals);
        c.birth = card_date(field(text, kBirth));
        // The English name runs on from its first slot (35 characters) into the second (11 more): the
        // raw slots are joined before trimming, so a space at the seam stays inside the name.
        std::array<std::uint8_t, kYEnName.len + kYEnNameExt.len> en{};
        for (std::size_t i = 0; i < kYEnName.len; ++i) en[i] = text[kYEnName.off + i];
        for (std::size_t i = 0; i < kYEnNameExt.len; ++i) en[kYEnName.len + i] = text[kYEnNameExt.off + i];
        c.name_en = decode_utf16_field(en);
        OPENSSL_cleanse(en.data(), en.size());
        c.id_number = field(text, kId);
        c.nationality = field(text, kYNationality);
        c.prev_no_link = field(text, kYPrevLink);
        break;
    }
    }
    return c;
}

Bytes encode_card_text(const CardIdentity& c) {
    Bytes t(kTextSize, 0);
    for (std::size_t i = 0; i < kTextSize; i += 2) t[i] = ' ';
    put(t, kFrom, raw_date(c.valid_from));
    put(t, kTo, c.long_term ? std::string("长期") : raw_date(c.valid_to));
    switch (c.kind) {
    case CardKind::resident_id:
    case CardKind::hmt_permit:
        put(t, kName, c.name);
        put(t, kSex, c.sex_code);
        put(t, kNation, c.nation_code);
        put(t, kBirth, raw_date(c.birth));
        put(t, kAddress, c.address);
        put(t, kId, c.id_number);
        put(t, kIssuer, c.issuer);
        if (c.kind == CardKind::hmt_permit) {
            put(t, kPassNo, c.pass_no);
            put(t, kIssueCount, c.issue_count);
            put(t, kKind, "J");
        }
        break;
    case CardKind::foreign_pr_2017:
        put(t, kIEnName, c.name_en);
        put(t, kISex, c.sex_code);
        put(t, kIPrNo, c.id_number);
        put(t, kINationality, c.nationality);
        put(t, kICnName, c.name);
        put(t, kIBirth, raw_date(c.birth));
        put(t, kIVersion, c.card_version);
        put(t, kIAuthority, c.issuer);
        put(t, kKind, "I");
        break;
    case CardKind::foreign_pr_2023: {
        put(t, kName, c.name);
        put(t, kSex, c.sex_code);
        put(t, kYRenewals, c.renewals);
        put(t, kBirth, raw_date(c.birth));
        const std::u32string en = utf8::decode_lossy(c.name_en, utf8::OnBad::replace);
        put(t, kYEnName, utf8::encode(std::u32string_view(en).substr(0, 35)));
        if (en.size() > 35) put(t, kYEnNameExt, utf8::encode(std::u32string_view(en).substr(35)));
        put(t, kId, c.id_number);
        put(t, kYNationality, c.nationality);
        put(t, kKind, "Y");
        put(t, kYPrevLink, c.prev_no_link);
        break;
    }
    }
    return t;
}

CardChecks check_card(const CardIdentity& c, const Date& today) {
    CardChecks k;
    const std::string& n = c.id_number;
    switch (c.kind) {
    case CardKind::resident_id: k.number_ok = !validate_resident_id(n, today); break;
    case CardKind::hmt_permit: k.number_ok = !validate_hmt_residence_permit(n, today); break;
    case CardKind::foreign_pr_2023: k.number_ok = !validate_foreign_permanent_residence(n, today) && n.size() == 18; break;
    case CardKind::foreign_pr_2017:
        // 15 characters: the nationality's three letters, then digits (the same rule as typing), and the
        // letters are the card's nationality.
        k.number_ok = n.size() == 15 && !validate_foreign_permanent_residence(n, today) &&
                      std::string_view(n).substr(0, 3) == c.nationality;
        break;
    }
    if (c.kind != CardKind::foreign_pr_2017) {
        const std::string from_number = n.size() == 18 ? n.substr(6, 4) + "-" + n.substr(10, 2) + "-" + n.substr(12, 2) : "";
        k.birth_matches = !from_number.empty() && from_number == c.birth;
    }
    if (!c.long_term) {
        const auto to = parse_date(c.valid_to);
        k.expired = !to || *to < today;   // an unreadable expiry counts as expired: staff look at the card
    }
    return k;
}

} // namespace kiosk::reader
