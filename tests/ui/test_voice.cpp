// Voice guidance: espeak-ng runs as a child process with the cmn voice for Chinese; say() never waits.
#include <catch2/catch.hpp>

#include "ui/voice.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace kiosk;

TEST_CASE("a prompt is spoken by a child process with the right voice, without blocking") {
    auto dir = std::filesystem::temp_directory_path() / ("kiosk-voice-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto log = dir / "spoken.txt";
    auto fake = dir / "espeak";
    {
        std::ofstream f(fake);
        // Records its arguments, then lingers: if say() waited for it, the test would take seconds.
        f << "#!/bin/sh\necho \"$@\" >> '" << log.string() << "'\nsleep 3\n";
    }
    std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
    ::setenv("KIOSK_ESPEAK", fake.c_str(), 1);
    {
        ui::Voice v;
        REQUIRE(v.available());
        v.say("请选择您要办理的业务", Locale::zh);
        CHECK(v.spoken() == 1);
        // The child writes its log asynchronously; wait for it without a time assertion.
        for (int i = 0; i < 200 && !std::filesystem::exists(log); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        v.say("Please choose a service", Locale::en);   // a new prompt replaces the one still speaking
        CHECK(v.spoken() == 2);
    }   // destructor stops the child
    ::unsetenv("KIOSK_ESPEAK");
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK(ss.str().find("-v cmn") != std::string::npos);
    CHECK(ss.str().find("请选择您要办理的业务") != std::string::npos);
    std::filesystem::remove_all(dir);
}
