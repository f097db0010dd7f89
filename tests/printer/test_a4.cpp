// The A4 application form: a PDF with the data, a PNG preview whose QR decodes, 0600 files, printing via lp.
#include "printer/a4_form.hpp"
#include "sample.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace kiosk;
using namespace kiosk::printer;

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}


} // namespace

TEST_CASE("A4 form: PDF and PNG preview, private files", "[a4]") {
    test::TempDir dir;
    Config cfg;
    auto req = test::sample_request();
    A4Output out{dir.path / "form.pdf", dir.path / "form.png"};
    REQUIRE(render_a4_form(req, test::sample_service(), cfg, Locale::zh, out));
    std::string pdf = slurp(out.pdf);
    REQUIRE(pdf.size() > 2000);
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK(pdf.find("/MediaBox [ 0 0 595.") != std::string::npos);   // A4
    struct stat st{};
    REQUIRE(::stat(out.pdf.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);   // full personal data: owner only
    REQUIRE(::stat(out.png.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(std::filesystem::file_size(out.png) > 10000);

    if (std::system("command -v zbarimg >/dev/null 2>&1") == 0)
        CHECK(test::zbar(out.png) == req.sub.request_id);
    else
        WARN("zbarimg not installed: QR not decoded");
    if (std::system("command -v pdftoppm >/dev/null 2>&1") == 0) {
        CHECK(std::system(("pdftoppm -png -r 50 -f 1 -l 1 '" + out.pdf.string() + "' '" + (dir.path / "pp").string() + "'").c_str()) == 0);
    } else {
        WARN("pdftoppm (poppler-utils) not installed: the PDF is checked by its header only");
    }
}

TEST_CASE("A4 form: many fields flow onto more pages, English", "[a4]") {
    Config cfg;
    auto s = test::sample_service();
    auto req = test::sample_request("John Smith");
    for (int i = 0; i < 60; ++i) {
        FieldSpec f;
        f.id = "note" + std::to_string(i);
        f.type = FieldType::long_text;
        f.label = {"备注" + std::to_string(i), "Note " + std::to_string(i)};
        s.form.push_back(f);
        req.req.fields[f.id] = "A longer answer that needs to wrap across the value column of the form, twice over if need be.";
    }
    auto pdf = a4_form_pdf(req, s, cfg, Locale::en);
    REQUIRE(pdf);
    std::size_t pages = 0;
    for (std::size_t at = pdf->find("/Type /Page\n"); at != std::string::npos; at = pdf->find("/Type /Page\n", at + 1)) ++pages;
    std::size_t pages2 = 0;
    for (std::size_t at = pdf->find("/Type /Page "); at != std::string::npos; at = pdf->find("/Type /Page ", at + 1)) ++pages2;
    CHECK(pages + pages2 >= 2);
}

TEST_CASE("A4 form: printing goes to lp on stdin, errors are reported", "[a4][cups]") {
    test::TempDir dir;
    auto sink = dir.path / "job.pdf";
    test::install_fake_lp(dir, sink);
    Config cfg;
    auto pdf = a4_form_pdf(test::sample_request(), test::sample_service(), cfg, Locale::zh);
    REQUIRE(pdf);
    REQUIRE(print_a4_form(*pdf, "forms"));
    CHECK(slurp(sink) == *pdf);
    CHECK_FALSE(print_a4_form(*pdf, "other"));
    CHECK_FALSE(print_a4_form(*pdf, "-o"));
    ::unsetenv("KIOSK_LP");
}
