#include "app/cli_args.hpp"

#include <catch2/catch.hpp>

using namespace kiosk;

TEST_CASE("the kiosk's flags parse") {
    auto r = parse_cli({"kiosk", "--config", "k.toml", "--windowed", "1920x1080", "--locale", "en", "--elderly",
                        "--screenshot", "out.png", "--quit-after-frames", "5", "--data-dir", "/tmp/d"});
    REQUIRE(r.ok());
    CHECK(r->config == "k.toml");
    REQUIRE(r->windowed);
    CHECK(r->windowed->first == 1920);
    CHECK(r->windowed->second == 1080);
    CHECK(r->locale == Locale::en);
    CHECK(r->elderly);
    CHECK(r->screenshot == "out.png");
    CHECK(r->quit_after_frames == 5);
    CHECK(r->data_dir == "/tmp/d");
    CHECK(r->subcommand.empty());
}

TEST_CASE("subcommands keep their own words") {
    auto r = parse_cli({"kiosk", "staff", "add", "wang", "--config", "k.toml"});
    REQUIRE(r.ok());
    CHECK(r->subcommand == "staff");
    CHECK(r->rest == std::vector<std::string>{"add", "wang"});
    CHECK(r->config == "k.toml");
    auto p = parse_cli({"kiosk", "printer", "status", "--printer", "tcp://127.0.0.1:9100"});
    REQUIRE(p.ok());
    CHECK(p->rest == std::vector<std::string>{"status", "--printer", "tcp://127.0.0.1:9100"});
}

TEST_CASE("bad arguments say what is wrong") {
    auto bad = [](std::vector<std::string> v) {
        auto r = parse_cli(v);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "usage");
        return r.error().message;
    };
    CHECK_THAT(bad({"kiosk", "--windowed", "big"}), Catch::Contains("WIDTHxHEIGHT"));
    CHECK_THAT(bad({"kiosk", "--windowed", "10x10"}), Catch::Contains("WIDTHxHEIGHT"));
    CHECK_THAT(bad({"kiosk", "--locale", "fr"}), Catch::Contains("zh-CN or en"));
    CHECK_THAT(bad({"kiosk", "--config"}), Catch::Contains("needs a value"));
    CHECK_THAT(bad({"kiosk", "--frobnicate"}), Catch::Contains("--frobnicate"));
    CHECK_THAT(bad({"kiosk", "--quit-after-frames", "3"}), Catch::Contains("--screenshot"));
    CHECK_THAT(bad({"kiosk", "--screenshot", "a.png", "--quit-after-frames", "x"}), Catch::Contains("whole number"));
}

TEST_CASE("a screenshot without a frame count renders a few frames") {
    auto r = parse_cli({"kiosk", "--screenshot", "a.png"});
    REQUIRE(r.ok());
    CHECK(r->quit_after_frames == 3);
}
