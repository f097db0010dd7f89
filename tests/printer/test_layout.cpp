// Receipt model and layout: masking, columns, wrapping, and that 58 and 80 mm receipts fit their paper.
#include "printer/emulator.hpp"
#include "printer/layout.hpp"
#include "printer/receipt_encode.hpp"
#include "app/short_ref.hpp"
#include "app/utf8.hpp"
#include "sample.hpp"

#include <catch2/catch.hpp>

using namespace kiosk;
using namespace kiosk::printer;

TEST_CASE("columns: ASCII one, Chinese and GBK symbols two", "[layout]") {
    CHECK(text_columns(U"A023") == 4);
    CHECK(text_columns(U"张三") == 4);
    CHECK(text_columns(U"买买提·艾力") == 12);   // the middle dot is a two-byte GBK character
    CHECK(text_columns(U"￥20") == 4);
    CHECK(text_columns(U"𠮷") == 2);
    CHECK(text_columns(U"é") == 2);   // pinyin letters are in GBK: full width on the printer
    CHECK(text_columns(U"ő") == 1);   // not in GBK: printed as a raster, half width
}

TEST_CASE("wrapping: CJK anywhere, Latin at spaces, no line starts with closing punctuation", "[layout]") {
    auto l = wrap_text(U"一二三四五六七八九十", 8);
    REQUIRE(l.size() == 3);
    CHECK(l[0] == U"一二三四");
    CHECK(l[2] == U"九十");
    l = wrap_text(U"Please bring this slip", 12);
    REQUIRE(l.size() == 2);
    CHECK(l[0] == U"Please bring");
    CHECK(l[1] == U"this slip");
    l = wrap_text(U"一二三四。五六", 8);
    for (const auto& line : l) CHECK(line.front() != U'。');
    l = wrap_text(U"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10);   // no space: hard break
    REQUIRE(l.size() == 3);
    CHECK(l[0] == U"ABCDEFGHIJ");
    l = wrap_text(U"1. a long item that wraps", 12, 3);
    REQUIRE(l.size() >= 2);
    CHECK(l[1].substr(0, 3) == U"   ");
    for (int cols : {8, 12, 16, 32, 48})
        for (const auto& line : wrap_text(U"请在等候区休息，听到叫号“A023”后，凭本凭条到窗口办理。Please wait.", cols))
            CHECK(text_columns(line) <= cols);
}

TEST_CASE("receipt: masked applicant, materials, QR payload is the request reference", "[receipt]") {
    Config cfg;
    auto r = build_receipt(test::sample_request(), test::sample_service(), cfg, Locale::zh);
    CHECK(r.ticket == "A023");
    CHECK(r.station_name == "青山区青和社区警务室");
    CHECK(r.date_time == "2026-11-28 21:30");
    REQUIRE(r.applicant.size() == 3);
    CHECK(r.applicant[0].value == "张*三");
    CHECK(r.applicant[1].value == "4201**********123X");
    CHECK(r.applicant[2].value == "138****8000");
    CHECK(r.materials.size() == 3);
    CHECK(r.qr_payload == "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b");
    CHECK(r.hotline.find("110") != std::string::npos);
    auto en = build_receipt(test::sample_request("John Smith"), test::sample_service(), cfg, Locale::en);
    CHECK(en.service_name == "Certificate of no criminal record");
    CHECK(en.applicant[0].value == "J*** S****");
    CHECK(en.materials[0] == "Your resident identity card (original)");
}

TEST_CASE("receipt: a service done elsewhere says where", "[receipt]") {
    Config cfg;
    auto s = test::sample_service();
    s.on_site = false;
    s.elsewhere = {"请到区政务服务中心3号窗口办理", "Go to window 3 of the district service centre"};
    auto r = build_receipt(test::sample_request(), s, cfg, Locale::zh);
    REQUIRE_FALSE(r.next_steps.empty());
    CHECK(r.next_steps[0] == "请到区政务服务中心3号窗口办理");
}

// A home-visit booking is not a queue ticket: the slip says what was booked (choices and dates as people
// read them, never the address or other personal data) and that the officer calls to confirm.
TEST_CASE("receipt: a booking prints the appointment and 民警将致电确认, not the queue instructions", "[receipt]") {
    Config cfg;
    auto s = test::sample_service();
    s.appointment = true;
    FieldSpec date;
    date.id = "preferred_date";
    date.type = FieldType::date;
    date.label = {"希望的日期", "Preferred date"};
    FieldSpec slot;
    slot.id = "time_slot";
    slot.type = FieldType::choice;
    slot.label = {"时段", "Time of day"};
    slot.choices = {{"morning", {"上午（9:00–12:00）", "Morning (9:00–12:00)"}}};
    s.form.push_back(date);
    s.form.push_back(slot);
    auto req = test::sample_request();
    req.req.fields["preferred_date"] = "2027-01-15";
    req.req.fields["time_slot"] = "morning";
    auto r = build_receipt(req, s, cfg, Locale::zh);
    CHECK(r.title == "预约凭条");
    std::string all;
    for (const auto& line : r.next_steps) all += line + "\n";
    INFO(all);
    CHECK(all.find("希望的日期：2027年1月15日 星期五") != std::string::npos);
    CHECK(all.find("时段：上午（9:00–12:00）") != std::string::npos);
    CHECK(all.find("用途：就业") != std::string::npos);           // a choice of the form
    CHECK(all.find("民警将致电确认") != std::string::npos);
    CHECK(all.find("请在等候区休息") == std::string::npos);   // not the queue instructions
    CHECK(all.find("青和路") == std::string::npos);               // the address is personal data: not printed
    auto en = build_receipt(req, s, cfg, Locale::en);
    CHECK(en.title == "Appointment slip");
    bool calls = false;
    for (const auto& line : en.next_steps) calls |= line.rfind("An officer will call you", 0) == 0;
    CHECK(calls);
}

TEST_CASE("58 and 80 mm receipts fit the paper, zh and en", "[layout]") {
    Config cfg;
    for (Profile p : {profile_58mm(), profile_80mm()}) {
        for (Locale l : {Locale::zh, Locale::en}) {
            for (const char* name : {"张小三", "欧阳买买提·艾力克斯", "Maximilian Alexander Wolfeschlegelsteinhausen", "𠮷田"}) {
                auto receipt = build_receipt(test::sample_request(name), test::sample_service(), cfg, l);
                auto lines = layout_receipt(receipt, p);
                for (const auto& line : lines) {
                    if (line.kind != PrintLine::Kind::text) continue;
                    INFO(p.paper_mm << " mm, line: " << line.text);
                    CHECK(text_columns(utf8::decode_lossy(line.text, utf8::OnBad::replace)) * line.style.width_mul <= p.columns);
                }
                // And the printer itself (the emulator) never had to wrap a line.
                Emulator emu(p);
                emu.feed(encode_lines(lines, p));
                const Bitmap& paper = emu.finish();
                INFO(p.paper_mm << " mm " << (l == Locale::zh ? "zh" : "en") << " " << name);
                CHECK(emu.overflows() == 0);
                CHECK(emu.cuts() == 1);
                CHECK(emu.unknown_bytes() == 0);
                CHECK(paper.width == p.dots);
                CHECK(paper.height > 600);
            }
        }
    }
}

TEST_CASE("the ticket number is printed very large", "[layout]") {
    Config cfg;
    auto receipt = build_receipt(test::sample_request(), test::sample_service(), cfg, Locale::zh);
    for (Profile p : {profile_58mm(), profile_80mm()}) {
        bool found = false;
        for (const auto& line : layout_receipt(receipt, p))
            if (line.text == "A023") {
                found = true;
                CHECK(line.style.width_mul >= 4);
                CHECK(line.style.height_mul >= 4);
                CHECK(line.align == Align::center);
            }
        CHECK(found);
    }
}

TEST_CASE("the receipt prints a short reference to read aloud under the ticket, and the QR keeps the request id", "[layout]") {
    Config cfg;
    auto receipt = build_receipt(test::sample_request(), test::sample_service(), cfg, Locale::zh);
    const std::string code = short_reference("A023", "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b");
    REQUIRE(code.size() == 9);
    CHECK(receipt.short_ref == "查询编号：" + code);
    CHECK(receipt.qr_payload == "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b");
    for (Profile p : {profile_58mm(), profile_80mm()}) {
        auto lines = layout_receipt(receipt, p);
        std::size_t ticket_at = lines.size(), ref_at = lines.size();
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].text == "A023" && ticket_at == lines.size()) ticket_at = i;
            if (lines[i].text == receipt.short_ref) {
                ref_at = i;
                CHECK(lines[i].style.bold);
                CHECK(lines[i].style.height_mul == 2);
            }
        }
        REQUIRE(ref_at < lines.size());       // on one line, not wrapped
        CHECK(ref_at == ticket_at + 1);        // right under the ticket
    }
    auto en = build_receipt(test::sample_request(), test::sample_service(), cfg, Locale::en);
    CHECK(en.short_ref == "Reference: " + code);
}

TEST_CASE("raster QR profile sends a GS v 0 image instead of GS ( k", "[layout]") {
    Config cfg;
    auto receipt = build_receipt(test::sample_request(), test::sample_service(), cfg, Locale::zh);
    Profile p = profile_58mm();
    p.native_qr = false;
    Emulator emu(p);
    emu.feed(encode_receipt(receipt, p));
    (void)emu.finish();
    CHECK(emu.qr_payloads().empty());
    CHECK(emu.rasters() >= 1);
    Profile n = profile_58mm();
    Emulator emu2(n);
    emu2.feed(encode_receipt(receipt, n));
    (void)emu2.finish();
    REQUIRE(emu2.qr_payloads().size() == 1);
    CHECK(emu2.qr_payloads()[0] == receipt.qr_payload);
}

TEST_CASE("a request reference wraps at its hyphens on 58 mm", "[layout]") {
    auto l = wrap_text(U"Ref. 3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", 32);
    REQUIRE(l.size() == 2);
    CHECK(l[0] == U"Ref. 3f2a9c1e-5b7d-4e8f-9a0b-");
    CHECK(l[1] == U"1c2d3e4f5a6b");
}
