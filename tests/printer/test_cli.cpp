// `kiosk printer status|test|render`: words and exit codes an installer relies on.
#include "fake_printer.hpp"
#include "printer/printer_cli.hpp"
#include "sample.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace kiosk;
using namespace kiosk::printer;
using kiosk::printer::test::FakeMode;
using kiosk::printer::test::FakePrinter;

namespace {

int run(std::vector<std::string> args, std::string& out, std::string& err, Config cfg = {}) {
    std::ostringstream o, e;
    int rc = printer_cli(args, cfg, o, e);
    out = o.str();
    err = e.str();
    return rc;
}

} // namespace

TEST_CASE("cli: usage errors exit 2", "[cli]") {
    std::string out, err;
    CHECK(run({}, out, err) == 2);
    CHECK(err.find("usage") != std::string::npos);
    CHECK(run({"frobnicate"}, out, err) == 2);
    CHECK(run({"status", "--printer"}, out, err) == 2);
    CHECK(run({"test", "--paper", "76"}, out, err) == 2);
    CHECK(run({"status", "--printer", "lpt1"}, out, err) == 2);
    CHECK(err.find("'lpt1'") != std::string::npos);
    CHECK(run({"render"}, out, err) == 2);
}

TEST_CASE("cli: status in words, exit 0 when ready and 1 on a problem", "[cli]") {
    FakePrinter fp;
    std::string out, err;
    CHECK(run({"status", "--printer", fp.uri()}, out, err) == 0);
    CHECK(out.find("打印机正常") != std::string::npos);
    CHECK(out.find("Printer ready") != std::string::npos);
    fp.set_mode(FakeMode::paper_near_end);
    CHECK(run({"status", "--printer", fp.uri()}, out, err) == 0);
    CHECK(out.find("paper_near_end") != std::string::npos);
    fp.set_mode(FakeMode::paper_out);
    CHECK(run({"status", "--printer", fp.uri()}, out, err) == 1);
    CHECK(out.find("Out of paper") != std::string::npos);
    fp.set_mode(FakeMode::cover_open);
    CHECK(run({"status", "--printer", fp.uri()}, out, err) == 1);
    CHECK(out.find("cover") != std::string::npos);
    CHECK(run({"status", "--printer", "none"}, out, err) == 1);
    CHECK(out.find("disabled") != std::string::npos);
    test::TempDir dir;
    CHECK(run({"status", "--printer", "png:" + dir.path.string()}, out, err) == 1);   // cannot be read
}

TEST_CASE("cli: test prints Chinese text, a QR code and a cut", "[cli]") {
    FakePrinter fp;
    std::string out, err;
    CHECK(run({"test", "--printer", fp.uri(), "--paper", "58"}, out, err) == 0);
    for (int i = 0; i < 500 && fp.cuts() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(fp.cuts() == 1);
    CHECK(fp.chinese_text().find("示例文本打印机!") != std::string::npos);
    REQUIRE(fp.qr_payloads().size() == 1);
    CHECK(fp.qr_payloads()[0] == "PRINTER-TEST");

    fp.set_mode(FakeMode::paper_out);
    CHECK(run({"test", "--printer", fp.uri()}, out, err) == 1);
    CHECK(fp.cuts() == 1);   // nothing more sent

    int port;
    { FakePrinter gone; port = gone.port(); }
    CHECK(run({"test", "--printer", "tcp://127.0.0.1:" + std::to_string(port)}, out, err) == 1);
    CHECK(err.find("cannot connect") != std::string::npos);
}

TEST_CASE("cli: render writes the test page as PNG", "[cli]") {
    test::TempDir dir;
    std::string out, err;
    auto png = dir.path / "test.png";
    CHECK(run({"render", "--out", png.string(), "--locale", "en"}, out, err) == 0);
    CHECK(std::filesystem::file_size(png) > 1000);
    CHECK(run({"render", "--out", (dir.path / "no/dir/x.png").string()}, out, err) == 1);
}
