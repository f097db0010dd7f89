// Hidden case that writes the sample pictures kept in docs/ (run: test_printer "[.samples]" with
// KIOSK_SAMPLES_OUT=docs). Not part of the suite: it writes outside the build tree.
#include "printer/a4_form.hpp"
#include "printer/emulator.hpp"
#include "printer/receipt_encode.hpp"
#include "sample.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace kiosk;
using namespace kiosk::printer;

TEST_CASE("write the sample receipts and A4 form", "[.samples]") {
    const char* out = std::getenv("KIOSK_SAMPLES_OUT");
    REQUIRE(out);
    std::filesystem::path dir(out);
    Config cfg;
    auto req = test::sample_request();
    auto service = test::sample_service();
    REQUIRE(render_png(encode_receipt(build_receipt(req, service, cfg, Locale::zh), profile_80mm()), profile_80mm(),
                       dir / "receipt-80mm-zh.png"));
    auto en = test::sample_request("Li Wei");
    REQUIRE(render_png(encode_receipt(build_receipt(en, service, cfg, Locale::en), profile_58mm()), profile_58mm(),
                       dir / "receipt-58mm-en.png"));
    auto rare = test::sample_request("𠮷田");
    REQUIRE(render_png(encode_receipt(build_receipt(rare, service, cfg, Locale::zh), profile_58mm()), profile_58mm(),
                       dir / "receipt-58mm-zh-rare.png"));
    A4Output a4{dir / "a4-form.pdf", dir / "a4-form.png"};
    REQUIRE(render_a4_form(req, service, cfg, Locale::zh, a4));
}
