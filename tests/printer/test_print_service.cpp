// PrintService: jobs on the worker, outcomes and states against the fake printer in each condition.
// Waits are bounded loops on the outcome (never on time itself).
#include "fake_printer.hpp"
#include "printer/print_service.hpp"
#include "sample.hpp"

#include <catch2/catch.hpp>

#include <atomic>

using namespace kiosk;
using namespace kiosk::printer;
using kiosk::printer::test::FakeMode;
using kiosk::printer::test::FakePrinter;

namespace {

PrintServiceOptions opts(int status_ms = 3000) {
    PrintServiceOptions o;
    o.timeouts.connect_ms = 3000;
    o.timeouts.send_ms = 3000;
    o.timeouts.status_ms = status_ms;
    o.poll_interval_ms = 0;   // no background polling: the tests decide when
    return o;
}

// Waits (bounded) until the outcome is no longer pending.
PrintOutcome settle(const PrintService& ps, const std::string& id) {
    for (int i = 0; i < 1500; ++i) {
        auto o = ps.outcome(id);
        if (o != PrintOutcome::pending) return o;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return PrintOutcome::pending;
}

Config config_for(const std::string& uri, int paper = 80) {
    Config cfg;
    cfg.printer.uri = uri;
    cfg.printer.paper = paper;
    return cfg;
}

Receipt sample_receipt(const Config& cfg) {
    return build_receipt(test::sample_request(), test::sample_service(), cfg, Locale::zh);
}

} // namespace

TEST_CASE("print service: a healthy printer prints, wake is called, reprint works", "[service]") {
    FakePrinter fp;
    Config cfg = config_for(fp.uri());
    std::atomic<int> wakes{0};
    PrintService ps(cfg, [&] { ++wakes; }, opts());
    const std::string id = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    CHECK(ps.outcome(id) == PrintOutcome::none);
    ps.submit(sample_receipt(cfg), id);
    CHECK(settle(ps, id) == PrintOutcome::printed);
    CHECK(std::string(state_name(ps.state())) == "ok");
    CHECK(wakes > 0);
    for (int i = 0; i < 500 && fp.cuts() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(fp.cuts() == 1);

    CHECK(fp.chinese_text().find("补打") == std::string::npos);   // the first copy is not marked
    REQUIRE(ps.reprint(id));
    CHECK(settle(ps, id) == PrintOutcome::printed);
    for (int i = 0; i < 500 && fp.cuts() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(fp.cuts() == 2);
    CHECK(fp.chinese_text().find("排队凭条（补打）") != std::string::npos);   // the second copy says so
    REQUIRE(ps.reprint(id));   // a third copy is marked once, not twice
    CHECK(settle(ps, id) == PrintOutcome::printed);
    for (int i = 0; i < 500 && fp.cuts() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(fp.chinese_text().find("（补打）（补打）") == std::string::npos);
    CHECK_FALSE(ps.reprint("never-submitted"));
}

TEST_CASE("print service: paper out, cover open and offline fail the job and say why", "[service][fault]") {
    struct Case { FakeMode mode; const char* state; const char* zh; };
    for (Case c : {Case{FakeMode::paper_out, "paper_out", "缺纸"}, Case{FakeMode::cover_open, "cover_open", "盖"},
                   Case{FakeMode::offline, "offline", "离线"}}) {
        FakePrinter fp(c.mode);
        Config cfg = config_for(fp.uri());
        PrintService ps(cfg, [] {}, opts());
        ps.submit(sample_receipt(cfg), "id-1");
        INFO(c.state);
        CHECK(settle(ps, "id-1") == PrintOutcome::failed);
        CHECK(std::string(state_name(ps.state())) == c.state);
        CHECK(ps.message(Locale::zh).find(c.zh) != std::string::npos);
        CHECK(fp.cuts() == 0);   // nothing was sent to a printer that cannot print

        // Staff fix the printer and reprint: now it prints.
        fp.set_mode(FakeMode::ok);
        REQUIRE(ps.reprint("id-1"));
        CHECK(settle(ps, "id-1") == PrintOutcome::printed);
        CHECK(std::string(state_name(ps.state())) == "ok");
    }
}

TEST_CASE("print service: paper near end still prints, with a warning state", "[service]") {
    FakePrinter fp(FakeMode::paper_near_end);
    Config cfg = config_for(fp.uri(), 58);
    PrintService ps(cfg, [] {}, opts());
    ps.submit(sample_receipt(cfg), "id-2");
    CHECK(settle(ps, "id-2") == PrintOutcome::printed);
    CHECK(std::string(state_name(ps.state())) == "paper_near_end");
}

TEST_CASE("print service: a slow or mute printer prints, state unknown", "[service][fault]") {
    for (FakeMode m : {FakeMode::slow, FakeMode::mute}) {
        FakePrinter fp(m);
        Config cfg = config_for(fp.uri());
        PrintService ps(cfg, [] {}, opts(200));
        ps.submit(sample_receipt(cfg), "id-3");
        CHECK(settle(ps, "id-3") == PrintOutcome::printed);
        CHECK(std::string(state_name(ps.state())) == "unknown");
    }
}

TEST_CASE("print service: unreachable printer fails the job as offline, naming the URI", "[service][fault]") {
    int port;
    { FakePrinter gone; port = gone.port(); }
    Config cfg = config_for("tcp://127.0.0.1:" + std::to_string(port));
    PrintService ps(cfg, [] {}, opts());
    ps.submit(sample_receipt(cfg), "id-4");
    CHECK(settle(ps, "id-4") == PrintOutcome::failed);
    CHECK(std::string(state_name(ps.state())) == "offline");
    CHECK(ps.message(Locale::en).find("tcp://127.0.0.1:") != std::string::npos);
}

TEST_CASE("print service: a jammed printer times out, the worker carries on", "[service][fault]") {
    FakePrinter fp(FakeMode::stuck);
    Config cfg = config_for(fp.uri());
    auto o = opts();
    o.timeouts.send_ms = 300;
    PrintService ps(cfg, [] {}, o);
    // An ordinary receipt fits the socket buffers; a very long one cannot, so the send must time out.
    Receipt big = sample_receipt(cfg);
    for (int i = 0; i < 20000; ++i) big.materials.push_back("材料 " + std::to_string(i));
    ps.submit(big, "id-5");
    CHECK(settle(ps, "id-5") == PrintOutcome::failed);
    CHECK(std::string(state_name(ps.state())) == "offline");
    ps.submit(sample_receipt(cfg), "id-6");   // the worker is still alive
    CHECK(settle(ps, "id-6") != PrintOutcome::pending);
}

TEST_CASE("print service: none is disabled, a bad URI fails visibly, png prints", "[service]") {
    {
        PrintService ps(config_for("none"), [] {}, opts());
        CHECK(std::string(state_name(ps.state())) == "disabled");
        ps.submit(sample_receipt(Config{}), "id-7");
        CHECK(ps.outcome("id-7") == PrintOutcome::none);
        CHECK_FALSE(ps.reprint("id-7"));
    }
    {
        PrintService ps(config_for("lpt1"), [] {}, opts());
        CHECK(std::string(state_name(ps.state())) == "offline");
        CHECK(ps.message(Locale::en).find("'lpt1'") != std::string::npos);
        ps.submit(sample_receipt(Config{}), "id-8");
        CHECK(ps.outcome("id-8") == PrintOutcome::failed);
    }
    {
        test::TempDir dir;
        Config cfg = config_for("png:" + dir.path.string());
        PrintService ps(cfg, [] {}, opts());
        ps.submit(sample_receipt(cfg), "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b");
        CHECK(settle(ps, "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b") == PrintOutcome::printed);
        CHECK(std::filesystem::exists(dir.path / "A023-3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b.png"));
        CHECK(std::string(state_name(ps.state())) == "ok");
    }
}

TEST_CASE("print service: status is polled without a job, and shutdown with queued jobs is clean", "[service]") {
    FakePrinter fp(FakeMode::cover_open);
    Config cfg = config_for(fp.uri());
    std::atomic<int> wakes{0};
    auto o = opts();
    auto ps = std::make_unique<PrintService>(cfg, [&] { ++wakes; }, o);
    for (int i = 0; i < 1000 && std::string(state_name(ps->state())) != "cover_open"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(std::string(state_name(ps->state())) == "cover_open");   // read at start, before any job
    CHECK(wakes > 0);
    fp.set_mode(FakeMode::paper_out);
    ps->refresh_status();
    for (int i = 0; i < 1000 && std::string(state_name(ps->state())) != "paper_out"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(std::string(state_name(ps->state())) == "paper_out");
    for (int i = 0; i < 20; ++i) ps->submit(sample_receipt(cfg), "q-" + std::to_string(i));
    ps.reset();   // must not hang or crash with jobs still queued
    SUCCEED();
}

TEST_CASE("print service: the idle poll notices a change by itself", "[service]") {
    FakePrinter fp(FakeMode::ok);
    Config cfg = config_for(fp.uri());
    auto o = opts();
    o.poll_interval_ms = 50;
    std::atomic<int> wakes{0};
    PrintService ps(cfg, [&] { ++wakes; }, o);
    for (int i = 0; i < 1000 && std::string(state_name(ps.state())) != "ok"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(std::string(state_name(ps.state())) == "ok");
    fp.set_mode(FakeMode::paper_near_end);   // no job, no refresh_status(): only the poll can see it
    for (int i = 0; i < 1000 && std::string(state_name(ps.state())) != "paper_near_end"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(std::string(state_name(ps.state())) == "paper_near_end");
    CHECK(ps.message(Locale::en).find("nearly") != std::string::npos);
    CHECK(wakes >= 2);
}
