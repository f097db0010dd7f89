// [reader] uri: the three forms, baud rates, and a bad value refused by the config with the key named.
#include <catch2/catch.hpp>

#include "app/config.hpp"
#include "app/reader/reader_status.hpp"
#include "app/reader/reader_uri.hpp"

using namespace kiosk;
using namespace kiosk::reader;

TEST_CASE("reader uri forms") {
    auto none = parse_reader_uri("none");
    REQUIRE(none.ok());
    CHECK(none->kind == ReaderUri::Kind::none);
    auto s = parse_reader_uri("serial:/dev/ttyUSB0");
    REQUIRE(s.ok());
    CHECK(s->kind == ReaderUri::Kind::serial);
    CHECK(s->path == "/dev/ttyUSB0");
    CHECK(s->baud == 115200);
    auto b = parse_reader_uri("serial:/dev/ttyUSB1?baud=57600");
    REQUIRE(b.ok());
    CHECK(b->baud == 57600);
    CHECK(b->text() == "serial:/dev/ttyUSB1?baud=57600");
    auto sim = parse_reader_uri("sim:/tmp/reader.pty");
    REQUIRE(sim.ok());
    CHECK(sim->kind == ReaderUri::Kind::sim);
    CHECK(sim->path == "/tmp/reader.pty");
}

TEST_CASE("bad reader uris are refused with what was expected") {
    for (const char* bad : {"", "serial:", "serial:ttyUSB0", "serial:/dev/ttyUSB0?baud=12345", "serial:/dev/ttyUSB0?baud=",
                            "serial:/dev/ttyUSB0?parity=even", "sim:/tmp/x?baud=9600", "usb:/dev/ttyUSB0", "NONE"}) {
        INFO(bad);
        auto r = parse_reader_uri(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "reader.uri");
        CHECK(r.error().message.find("serial:/dev/ttyUSB0") != std::string::npos);
    }
}

TEST_CASE("the config defaults to no reader and names the key for a bad one") {
    auto d = parse_config("", "(defaults)");
    REQUIRE(d.ok());
    CHECK(d->reader.uri == "none");
    auto ok = parse_config("[reader]\nuri = \"serial:/dev/ttyUSB0?baud=115200\"\n", "k.toml");
    REQUIRE(ok.ok());
    CHECK(ok->reader.uri == "serial:/dev/ttyUSB0?baud=115200");
    auto bad = parse_config("[reader]\nuri = \"/dev/ttyUSB0\"\n", "k.toml");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("k.toml: key 'reader.uri'") == 0);
    auto typo = parse_config("[reader]\nurl = \"none\"\n", "k.toml");
    REQUIRE_FALSE(typo.ok());
    CHECK(typo.error().message.find("reader.url") != std::string::npos);
    auto empty = parse_config("[reader]\nuri = \"\"\n", "k.toml");
    REQUIRE_FALSE(empty.ok());
}

TEST_CASE("[reader] position: below by default, right or left, anything else refused with the key named") {
    auto d = parse_config("", "(defaults)");
    REQUIRE(d.ok());
    CHECK(d->reader.position == "below");
    for (const char* p : {"below", "right", "left"}) {
        auto c = parse_config(std::string("[reader]\nposition = \"") + p + "\"\n", "k.toml");
        REQUIRE(c.ok());
        CHECK(c->reader.position == p);
    }
    auto bad = parse_config("[reader]\nposition = \"above\"\n", "k.toml");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("k.toml: key 'reader.position'") == 0);
    CHECK(bad.error().message.find("below | right | left") != std::string::npos);
}

TEST_CASE("staff mode's reader word follows the driver's status") {
    ReaderStatus s;
    CHECK(std::string(staff_state_name(s)) == "none");   // not configured
    s.configured = true;
    CHECK(std::string(staff_state_name(s)) == "connecting");   // not tried yet
    s.checked = true;
    s.device = DeviceState::absent;
    CHECK(std::string(staff_state_name(s)) == "absent");
    s.device = DeviceState::fault;
    s.problem = Problem::sam_fault;
    CHECK(std::string(staff_state_name(s)) == "fault");
    s.device = DeviceState::ok;
    s.problem = Problem::none;
    CHECK(std::string(staff_state_name(s)) == "ready");
    s.card_present = true;
    CHECK(std::string(staff_state_name(s)) == "card_present");
}
