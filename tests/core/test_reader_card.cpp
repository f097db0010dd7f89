// app/reader/card_text: a resident block laid out by hand (independent of the encoder), every card kind
// through encoder → 1295-byte frame → decoder, padding, 长期, sex and nation words, broken UTF-16, and the
// checks (GB 11643 checksum, birth date against the number's, expiry).
#include <catch2/catch.hpp>

#include "app/reader/card_text.hpp"

#include <string>

using namespace kiosk;
using namespace kiosk::reader;

namespace {

const Date kReadDay{2026, 12, 2};

// UTF-16LE of an ASCII/BMP string written at `off`; the rest of the block stays space-padded.
void put16(Bytes& b, std::size_t off, std::u16string_view s) {
    for (char16_t c : s) { b[off++] = static_cast<std::uint8_t>(c & 0xFF); b[off++] = static_cast<std::uint8_t>(c >> 8); }
}
Bytes blank() {
    Bytes b(kTextSize, 0);
    for (std::size_t i = 0; i < kTextSize; i += 2) b[i] = ' ';
    return b;
}

CardIdentity resident() {
    CardIdentity c;
    c.name = "张小明";
    c.sex_code = "1";
    c.nation_code = "01";
    c.birth = "1985-03-12";
    c.address = "北京市朝阳区青和路88号院3号楼2单元501室";
    c.id_number = "110105198503121234";
    c.issuer = "北京市公安局朝阳分局";
    c.valid_from = "2015-06-01";
    c.valid_to = "2035-06-01";
    return c;
}

// Through the whole answer as the reader sends it, and back.
CardIdentity round_trip(const CardIdentity& c) {
    const Bytes frame = encode_response(0x90, build_text_response_data(encode_card_text(c), Bytes(kPhotoSize, 0x42)));
    REQUIRE(frame.size() == 1295);
    const FrameResult f = decode_frame(frame, 3);
    REQUIRE(f.status == FrameStatus::frame);
    TextAndPhoto tp;
    REQUIRE(split_text_response(parse_response(f.body).data, tp));
    auto d = decode_card_text(tp.text);
    REQUIRE(d.ok());
    return d.value();
}

void check_same(const CardIdentity& a, const CardIdentity& b) {
    CHECK(a.kind == b.kind);
    CHECK(a.name == b.name);
    CHECK(a.name_en == b.name_en);
    CHECK(a.sex_code == b.sex_code);
    CHECK(a.nation_code == b.nation_code);
    CHECK(a.birth == b.birth);
    CHECK(a.address == b.address);
    CHECK(a.id_number == b.id_number);
    CHECK(a.issuer == b.issuer);
    CHECK(a.valid_from == b.valid_from);
    CHECK(a.valid_to == b.valid_to);
    CHECK(a.long_term == b.long_term);
    CHECK(a.pass_no == b.pass_no);
    CHECK(a.issue_count == b.issue_count);
    CHECK(a.nationality == b.nationality);
    CHECK(a.renewals == b.renewals);
    CHECK(a.card_version == b.card_version);
}

} // namespace

TEST_CASE("a resident block laid out by hand decodes field by field") {
    Bytes b = blank();
    put16(b, 0, u"张小明");
    put16(b, 30, u"1");
    put16(b, 32, u"01");
    put16(b, 36, u"19850312");
    put16(b, 52, u"北京市朝阳区青和路88号");
    put16(b, 122, u"110105198503121234");
    put16(b, 158, u"北京市公安局朝阳分局");
    put16(b, 188, u"20150601");
    put16(b, 204, u"长期");
    auto d = decode_card_text(b);
    REQUIRE(d.ok());
    const CardIdentity& c = d.value();
    CHECK(c.kind == CardKind::resident_id);
    CHECK(c.name == "张小明");
    CHECK(sex_words(c.sex_code, Locale::zh) == "男");
    CHECK(nation_words(c.nation_code) == "汉");
    CHECK(c.birth == "1985-03-12");
    CHECK(c.address == "北京市朝阳区青和路88号");
    CHECK(c.id_number == "110105198503121234");
    CHECK(c.issuer == "北京市公安局朝阳分局");
    CHECK(c.valid_from == "2015-06-01");
    CHECK(c.long_term);
    CHECK(c.valid_to.empty());
    CHECK(check_card(c, kReadDay).trusted());
    CHECK_FALSE(check_card(c, kReadDay).expired);
}

TEST_CASE("NUL padding and a NUL kind character are a resident card too") {
    Bytes b(kTextSize, 0);
    put16(b, 0, u"李四");
    auto d = decode_card_text(b);
    REQUIRE(d.ok());
    CHECK(d->kind == CardKind::resident_id);
    CHECK(d->name == "李四");
}

TEST_CASE("each card kind survives encoder → 1295-byte answer → decoder") {
    SECTION("resident ID") { check_same(round_trip(resident()), resident()); }
    SECTION("HK/MO/TW residence permit") {
        CardIdentity c = resident();
        c.kind = CardKind::hmt_permit;
        c.name = "陈家明";
        c.id_number = "810000199001010035";
        c.birth = "1990-01-01";
        c.pass_no = "H12345678";
        c.issue_count = "01";
        const CardIdentity d = round_trip(c);
        check_same(d, c);
        CHECK(check_card(d, kReadDay).trusted());
    }
    SECTION("permanent residence card 2017") {
        CardIdentity c;
        c.kind = CardKind::foreign_pr_2017;
        c.name_en = "SMITH, JOHN ALEXANDER";
        c.name = "史密斯";
        c.sex_code = "1";
        c.id_number = "USA110080010100";
        c.nationality = "USA";
        c.birth = "1980-01-01";
        c.valid_from = "2018-01-01";
        c.valid_to = "2028-01-01";
        c.card_version = "01";
        c.issuer = "1500";
        const CardIdentity d = round_trip(c);
        check_same(d, c);
        CHECK(check_card(d, kReadDay).trusted());
    }
    SECTION("permanent residence card 2023, English name over both slots") {
        CardIdentity c;
        c.kind = CardKind::foreign_pr_2023;
        c.name = "玛丽";
        c.name_en = "GARCIA MARTINEZ, MARIA DEL CARMEN ISABEL";   // 40 characters: 35 + 5
        c.sex_code = "2";
        c.renewals = "00";
        c.birth = "1992-08-15";
        c.id_number = "911101199208150023";
        c.nationality = "ESP";
        c.valid_from = "2024-01-10";
        c.valid_to = "2034-01-10";
        const CardIdentity d = round_trip(c);
        check_same(d, c);
        CHECK(check_card(d, kReadDay).trusted());
        const Bytes t = encode_card_text(c);
        CHECK(t[248] == 'Y');
    }
    SECTION("a name with a character outside the BMP (surrogate pair)") {
        CardIdentity c = resident();
        c.name = "王𠀀明";
        CHECK(round_trip(c).name == "王𠀀明");
    }
}

TEST_CASE("a field longer than its slot is cut, never spilling into the next") {
    CardIdentity c = resident();
    c.name = "一二三四五六七八九十甲乙丙丁戊己";   // 16 characters, the slot holds 15
    const CardIdentity d = round_trip(c);
    CHECK(d.name == "一二三四五六七八九十甲乙丙丁戊");
    CHECK(d.sex_code == "1");
}

TEST_CASE("broken text never crashes and never yields control characters") {
    Bytes b = blank();
    b[0] = 0x00; b[1] = 0xD8;   // an unpaired high surrogate
    b[2] = 0x07; b[3] = 0x00;   // BEL
    put16(b, 4, u"A");
    auto d = decode_card_text(b);
    REQUIRE(d.ok());
    CHECK(d->name == "\xEF\xBF\xBD\xEF\xBF\xBD" "A");
    CHECK(d->birth.empty());
}

TEST_CASE("wrong block size and unknown kinds are refused with a code") {
    CHECK(decode_card_text(Bytes(255, 0x20)).error().code == "card.text_size");
    Bytes b = blank();
    put16(b, 248, u"Q");
    CHECK(decode_card_text(b).error().code == "card.kind");
}

TEST_CASE("sex and nation codes become words") {
    CHECK(sex_words("2", Locale::zh) == "女");
    CHECK(sex_words("1", Locale::en) == "male");
    CHECK(sex_words("x", Locale::zh) == "未知");
    CHECK(nation_words("56") == "基诺");
    CHECK(nation_words("05") == "维吾尔");
    CHECK(nation_words("97") == "其他");
    CHECK(nation_words("98") == "外国血统中国籍人士");
    CHECK(nation_words("57").empty());
    CHECK(nation_words("1").empty());
}

TEST_CASE("checks: checksum, birth date against the number, expiry") {
    CardIdentity c = resident();
    CHECK(check_card(c, kReadDay).trusted());
    SECTION("one digit of the number misread") {
        c.id_number[16] = '5';
        const CardChecks k = check_card(c, kReadDay);
        CHECK_FALSE(k.number_ok);
        CHECK_FALSE(k.trusted());
    }
    SECTION("birth field differs from the number's") {
        c.birth = "1985-03-13";
        const CardChecks k = check_card(c, kReadDay);
        CHECK(k.number_ok);
        CHECK_FALSE(k.birth_matches);
        CHECK_FALSE(k.trusted());
    }
    SECTION("expired yesterday: read, trusted, flagged") {
        c.valid_to = "2026-12-01";
        const CardChecks k = check_card(c, kReadDay);
        CHECK(k.trusted());
        CHECK(k.expired);
    }
    SECTION("valid until today is not expired") {
        c.valid_to = "2026-12-02";
        CHECK_FALSE(check_card(c, kReadDay).expired);
    }
    SECTION("长期 never expires") {
        c.valid_to.clear();
        c.long_term = true;
        CHECK_FALSE(check_card(c, Date{2099, 1, 1}).expired);
    }
    SECTION("an unreadable expiry counts as expired (staff look at the card)") {
        c.valid_to = "2035-13-01";
        CHECK(check_card(c, kReadDay).expired);
    }
    SECTION("2023 permanent residence number must start with 9") {
        c.kind = CardKind::foreign_pr_2023;
        c.id_number = "110105198503121234";
        CHECK_FALSE(check_card(c, kReadDay).number_ok);
    }
}

TEST_CASE("wipe empties every field") {
    CardIdentity c = resident();
    c.long_term = true;
    wipe(c);
    CHECK(c.name.empty());
    CHECK(c.id_number.empty());
    CHECK(c.address.empty());
    CHECK_FALSE(c.long_term);
}
