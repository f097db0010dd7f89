// A4Printer: only services with paper_form and only with a queue configured; lp runs off the caller's
// thread; outcomes printed/failed; lp sees the PDF on stdin.
#include "printer/a4_printer.hpp"
#include "sample.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace kiosk;
using namespace kiosk::printer;

namespace {
PrintOutcome wait_done(const A4Printer& p, const std::string& id) {
    for (int i = 0; i < 3000; ++i) {   // bounded: 30 s at most
        PrintOutcome o = p.outcome(id);
        if (o == PrintOutcome::printed || o == PrintOutcome::failed) return o;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return p.outcome(id);
}
} // namespace

TEST_CASE("A4 printer: forms go to the configured CUPS queue, and failures are reported", "[a4][cups]") {
    test::TempDir dir;
    auto sink = dir.path / "job.pdf";
    test::install_fake_lp(dir, sink);

    StoredRequest r = test::sample_request();
    Service s = test::sample_service();

    SECTION("no queue configured: nothing is queued") {
        Config cfg;
        A4Printer p(cfg, [] {});
        s.paper_form = true;
        CHECK_FALSE(p.enabled());
        CHECK_FALSE(p.submit(r, s, Locale::zh));
        CHECK(p.outcome(r.sub.request_id) == PrintOutcome::none);
    }
    SECTION("a service without a paper form is not printed") {
        Config cfg;
        cfg.printer.a4_queue = "forms";
        A4Printer p(cfg, [] {});
        s.paper_form = false;
        CHECK_FALSE(p.submit(r, s, Locale::zh));
    }
    SECTION("printed on the queue, with the caller woken") {
        Config cfg;
        cfg.printer.a4_queue = "forms";
        int woken = 0;
        A4Printer p(cfg, [&] { ++woken; });
        s.paper_form = true;
        REQUIRE(p.submit(r, s, Locale::zh));
        CHECK(wait_done(p, r.sub.request_id) == PrintOutcome::printed);
        std::ifstream in(sink, std::ios::binary);
        std::string head(5, '\0');
        in.read(head.data(), 5);
        CHECK(head == "%PDF-");
        CHECK(woken >= 1);
        CHECK(p.last_error().empty());
    }
    SECTION("a queue lp refuses: failed, with the reason for staff") {
        Config cfg;
        cfg.printer.a4_queue = "broken";
        A4Printer p(cfg, [] {});
        s.paper_form = true;
        REQUIRE(p.submit(r, s, Locale::zh));
        CHECK(wait_done(p, r.sub.request_id) == PrintOutcome::failed);
        CHECK_FALSE(p.last_error().empty());
        CHECK(p.last_error().find(r.req.applicant.id_number) == std::string::npos);
    }
    ::unsetenv("KIOSK_LP");
}
