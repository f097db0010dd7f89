// The driver against kiosk-reader-sim over a real pty: card on → fields; every fault mode → its Problem
// and then recovery; no reader; the device unplugged and back. Short poll intervals keep it quick; the
// waits are bounded (a failure shows the last status, never hangs).
#include <catch2/catch.hpp>

#include "app/reader/reader_driver.hpp"
#include "app/reader/reader_uri.hpp"
#include "tests/reader/sim_process.hpp"

#include <fcntl.h>
#include <filesystem>
#include <stdlib.h>
#include <unistd.h>
#include <random>

using namespace kiosk;
using namespace kiosk::reader;
using namespace std::chrono_literals;
using test_reader::SimProcess;

namespace {

std::filesystem::path scratch() {
    std::random_device rd;
    auto d = std::filesystem::temp_directory_path() / ("reader-test-" + std::to_string(rd()));
    std::filesystem::create_directories(d);
    return d;
}

struct Scratch {
    std::filesystem::path dir = scratch();
    ~Scratch() { std::error_code ec; std::filesystem::remove_all(dir, ec); }
};

DriverOptions fast(const std::string& uri) {
    DriverOptions o;
    o.uri = parse_reader_uri(uri).value();
    o.today = [] { return Date{2026, 12, 2}; };
    o.poll_interval = 50ms;
    o.removal_poll = 50ms;
    o.idle_check = 200ms;
    o.reconnect_interval = 100ms;
    return o;
}

bool wait_problem(ReaderDriver& d, Problem p, std::chrono::milliseconds t = 5s) {
    const bool ok = d.wait_for([&](const ReaderStatus& s) { return s.problem == p; }, t);
    if (!ok) { const auto s = d.status(); UNSCOPED_INFO("last status: " << problem_name(s.problem) << " — " << s.staff_text); }
    return ok;
}
bool wait_reads(ReaderDriver& d, std::uint64_t n, std::chrono::milliseconds t = 5s) {
    const bool ok = d.wait_for([&](const ReaderStatus& s) { return s.reads >= n; }, t);
    if (!ok) { const auto s = d.status(); UNSCOPED_INFO("last status: " << problem_name(s.problem) << " — " << s.staff_text); }
    return ok;
}

} // namespace

TEST_CASE("card on → the driver reads its fields, card off → it notices") {
    Scratch s;
    SimProcess sim(s.dir);
    REQUIRE(sim.started());
    ReaderDriver d(fast(sim.uri()));
    d.start();
    REQUIRE(d.wait_for([](const ReaderStatus& st) { return st.device == DeviceState::ok; }, 5s));
    CHECK(d.status().problem == Problem::none);
    d.set_wanted(true);
    CHECK(sim.card_on("resident.json") == "ok card on");
    REQUIRE(wait_reads(d, 1));
    auto card = d.take_card();
    REQUIRE(card);
    CHECK(card->identity.name == "张小明");
    CHECK(card->identity.id_number == "110105198503121234");
    CHECK(card->identity.address == "北京市朝阳区青和路88号院3号楼2单元501室");
    CHECK(card->identity.valid_to == "2035-06-01");
    CHECK(card->checks.trusted());
    CHECK_FALSE(card->checks.expired);
    CHECK_FALSE(d.take_card());   // handed over once
    CHECK(d.status().card_present);
    // The same card lying there is not read again…
    std::this_thread::sleep_for(300ms);
    CHECK(d.status().reads == 1);
    // …unless the resident asks (重新读卡).
    d.request_reread();
    REQUIRE(wait_reads(d, 2));
    CHECK(sim.command("off") == "ok card off");
    CHECK(d.wait_for([](const ReaderStatus& st) { return !st.card_present; }, 5s));
}

TEST_CASE("the appended address replaces the card's own, 长期 and expired cards are read") {
    Scratch s;
    SimProcess sim(s.dir);
    REQUIRE(sim.started());
    ReaderDriver d(fast(sim.uri()));
    d.start();
    d.set_wanted(true);
    sim.card_on("resident-longterm.json");
    REQUIRE(wait_reads(d, 1));
    auto card = d.take_card();
    REQUIRE(card);
    CHECK(card->identity.address == "北京市朝阳区青和路99号院1号楼101室");
    CHECK(card->identity.long_term);
    CHECK_FALSE(card->checks.expired);
    sim.command("off");
    REQUIRE(d.wait_for([](const ReaderStatus& st) { return !st.card_present; }, 5s));
    sim.card_on("resident-expired.json");
    REQUIRE(wait_reads(d, 2));
    card = d.take_card();
    REQUIRE(card);
    CHECK(card->identity.name == "李秀英");
    CHECK(card->checks.expired);
    CHECK(d.status().staff_text.find("expired") != std::string::npos);
}

TEST_CASE("every card kind reads over the pty") {
    Scratch s;
    SimProcess sim(s.dir);
    REQUIRE(sim.started());
    ReaderDriver d(fast(sim.uri()));
    d.start();
    d.set_wanted(true);
    struct K { const char* file; CardKind kind; const char* number; };
    const K kinds[] = {{"hmt-permit.json", CardKind::hmt_permit, "810000199001010035"},
                       {"foreign-pr-2017.json", CardKind::foreign_pr_2017, "USA110080010100"},
                       {"foreign-pr-2023.json", CardKind::foreign_pr_2023, "911101199208150023"}};
    std::uint64_t n = 0;
    for (const K& k : kinds) {
        INFO(k.file);
        REQUIRE(sim.card_on(k.file).rfind("ok", 0) == 0);
        REQUIRE(wait_reads(d, ++n));
        auto c = d.take_card();
        REQUIRE(c);
        CHECK(c->identity.kind == k.kind);
        CHECK(c->identity.id_number == k.number);
        sim.command("off");
        REQUIRE(d.wait_for([](const ReaderStatus& st) { return !st.card_present; }, 5s));
    }
}

TEST_CASE("card removed in the middle of a read → a clear error, and the next placing reads") {
    Scratch s;
    SimProcess sim(s.dir);
    REQUIRE(sim.started());
    ReaderDriver d(fast(sim.uri()));
    d.start();
    d.set_wanted(true);
    REQUIRE(sim.command("fault removed-mid-read") == "ok fault removed-mid-read");
    sim.card_on("resident.json");
    REQUIRE(wait_problem(d, Problem::removed_mid_read));
    CHECK(resident_hint(d.status().problem) == ResidentHint::place_card);
    CHECK(d.status().reads == 0);
    CHECK_FALSE(d.take_card());
    sim.card_on("resident.json");
    REQUIRE(wait_reads(d, 1));
    CHECK(d.status().problem == Problem::none);
    auto c = d.take_card();
    REQUIRE(c);
    CHECK(c->identity.name == "张小明");
}

TEST_CASE("fault modes of the simulator each become their problem, and clear") {
    Scratch s;
    SimProcess sim(s.dir);
    REQUIRE(sim.started());
    ReaderDriver d(fast(sim.uri()));
    d.start();
    d.set_wanted(true);
    REQUIRE(d.wait_for([](const ReaderStatus& st) { return st.device == DeviceState::ok; }, 5s));
    struct F { const char* mode; Problem p; };
    const F faults[] = {{"auth-fail", Problem::auth_failed}, {"bad-checksum", Problem::frame_checksum},
                        {"wrong-length", Problem::frame_length}};
    std::uint64_t reads = 0;
    for (const F& f : faults) {
        INFO(f.mode);
        REQUIRE(sim.command(std::string("fault ") + f.mode).rfind("ok", 0) == 0);
        sim.card_on("resident.json");
        REQUIRE(wait_problem(d, f.p));
        CHECK(d.status().device == DeviceState::ok);
        CHECK(d.status().reads == reads);
        sim.command("fault none");
        REQUIRE(wait_reads(d, ++reads));
        CHECK(d.take_card());
        sim.command("off");
        REQUIRE(d.wait_for([](const ReaderStatus& st) { return !st.card_present; }, 5s));
    }
    SECTION("no SAM: the device is a fault for staff, and recovers by itself") {
        sim.command("fault no-sam");
        REQUIRE(wait_problem(d, Problem::sam_fault));
        CHECK(d.status().device == DeviceState::fault);
        CHECK(d.status().staff_text.find("SW3 60") != std::string::npos);
        CHECK(resident_hint(Problem::sam_fault) == ResidentHint::use_typing);
        CHECK(std::string(staff_state_name(d.status())) == "fault");
        sim.command("fault none");
        REQUIRE(d.wait_for([](const ReaderStatus& st) { return st.device == DeviceState::ok; }, 5s));
        // Recovered: staff still see the last failure, with its SW3 code and when it happened.
        CHECK(std::string(staff_state_name(d.status())) == "ready");
        CHECK(d.status().last_error.find("SW3 60") != std::string::npos);
        CHECK(d.status().last_error_at.size() == std::string("2026-11-28T21:30:05+08:00").size());
    }
    // Each failure above is kept for staff after the good read that followed it.
    CHECK_FALSE(d.status().last_error.empty());
}

TEST_CASE("no reader: a missing device and uri none are clear states, not hangs") {
    ReaderDriver missing(fast("sim:/nonexistent/reader-test-device"));
    missing.start();
    REQUIRE(wait_problem(missing, Problem::no_device));
    CHECK(missing.status().device == DeviceState::absent);
    CHECK(missing.status().staff_text.find("/nonexistent/reader-test-device") != std::string::npos);
    CHECK(resident_hint(Problem::no_device) == ResidentHint::use_typing);
    ReaderDriver none(fast("none"));
    none.start();
    CHECK(none.status().problem == Problem::not_configured);
    CHECK_FALSE(none.status().configured);
}

TEST_CASE("a device that opens but does not answer is 'not answering', and absent") {
    // A pty with nobody answering on its other side: a wrong port, or the reader switched off.
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(::grantpt(master) == 0);
    REQUIRE(::unlockpt(master) == 0);
    const std::string slave = ::ptsname(master);
    const int hold = ::open(slave.c_str(), O_RDWR | O_NOCTTY);   // keeps the master from seeing a hang-up
    auto o = fast("serial:" + slave);
    o.sam_timeout = 100ms;
    ReaderDriver d(o);
    d.start();
    CHECK(wait_problem(d, Problem::not_answering));
    CHECK(d.status().device == DeviceState::absent);
    CHECK(d.status().staff_text.find("no reader answering") != std::string::npos);
    d.stop();
    ::close(hold);
    ::close(master);
}

TEST_CASE("the reader unplugged and back: absent, then recovers by itself and reads") {
    Scratch s;
    SimProcess sim(s.dir);
    REQUIRE(sim.started());
    ReaderDriver d(fast(sim.uri()));
    d.start();
    d.set_wanted(true);
    sim.card_on("resident.json");
    REQUIRE(wait_reads(d, 1));
    (void)d.take_card();
    REQUIRE(sim.command("unplug") == "ok unplugged");
    REQUIRE(d.wait_for([](const ReaderStatus& st) { return st.device == DeviceState::absent; }, 5s));
    const Problem p = d.status().problem;
    CHECK((p == Problem::unplugged || p == Problem::no_device || p == Problem::not_answering));
    CHECK_FALSE(d.status().card_present);
    REQUIRE(sim.command("plug").rfind("ok plugged", 0) == 0);
    REQUIRE(d.wait_for([](const ReaderStatus& st) { return st.device == DeviceState::ok; }, 5s));
    // The card still lies there: after a reconnect it is read again.
    REQUIRE(wait_reads(d, 2));
    CHECK(d.take_card());
}
