// The kiosk's one voice (app/voice_queue.hpp): calls and prompts never overlap, a call is never cut, a
// newer prompt replaces a waiting one, calls are not said while a form is shown, the chime is a real WAV.
// espeak-ng and the player are stand-in scripts that record what they were asked and take a while.
#include "app/voice_queue.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace kiosk;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Recorder {
    fs::path dir, log, espeak, player;
    Recorder() {
        char tmpl[] = "/tmp/kiosk-voice-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        log = dir / "said.log";
        espeak = dir / "espeak";
        player = dir / "player";
        // "B text" when it starts, "E" when it ends: overlapping utterances would show B B E E.
        std::ofstream(espeak) << "#!/bin/sh\nfor a; do last=$a; done\necho \"B $last\" >> '" << log.string()
                              << "'\nsleep 0.15\necho E >> '" << log.string() << "'\n";
        std::ofstream(player) << "#!/bin/sh\necho \"B chime\" >> '" << log.string() << "'\nsleep 0.05\necho E >> '"
                              << log.string() << "'\n";
        fs::permissions(espeak, fs::perms::owner_all);
        fs::permissions(player, fs::perms::owner_all);
    }
    ~Recorder() { std::error_code ec; fs::remove_all(dir, ec); }
    VoiceOptions options() const {
        VoiceOptions o;
        o.espeak = espeak.string();
        o.player = player.string();
        o.chime_wav = dir / "chime.wav";
        o.log = dir / "voice.log";
        return o;
    }
    std::vector<std::string> lines() const {
        std::ifstream in(log);
        std::vector<std::string> out;
        for (std::string l; std::getline(in, l);) out.push_back(l);
        return out;
    }
};

bool wait_idle(const VoiceQueue& q) {
    for (int i = 0; i < 500; ++i) {
        if (q.idle()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

// Every B is followed by its E before the next B.
bool never_overlaps(const std::vector<std::string>& l) {
    bool open = false;
    for (const auto& s : l) {
        if (s.rfind("B ", 0) == 0) { if (open) return false; open = true; }
        else if (s == "E") { if (!open) return false; open = false; }
    }
    return !open;
}

} // namespace

TEST_CASE("two calls and a prompt never overlap, a call is the chime and then the text twice") {
    Recorder r;
    REQUIRE(write_chime_wav(r.dir / "chime.wav"));
    {
        VoiceQueue q(r.options());
        q.announce("请 A 零 二 三 号，到 二 号窗口办理", 2);
        q.announce("请 A 零 二 四 号，到 一 号窗口办理", 2);
        std::this_thread::sleep_for(30ms);
        q.prompt("请选择您要办理的业务", Locale::zh);   // arrives while the first call is being said
        REQUIRE(wait_idle(q));
    }
    auto l = r.lines();
    INFO([&] { std::string s; for (auto& x : l) s += x + "\n"; return s; }());
    CHECK(never_overlaps(l));
    REQUIRE(l.size() == 2 * 7);   // (chime + 2×text) × 2 calls + 1 prompt, B and E each
    CHECK(l[0] == "B chime");
    CHECK(l[2] == "B 请 A 零 二 三 号，到 二 号窗口办理");
    CHECK(l[4] == "B 请 A 零 二 三 号，到 二 号窗口办理");
    // The prompt waited for the first call to end, then went before the second call (the resident's
    // screen comes first), and cut nothing.
    CHECK(l[6] == "B 请选择您要办理的业务");
    CHECK(l[8] == "B chime");
    CHECK(l[10] == "B 请 A 零 二 四 号，到 一 号窗口办理");
    // The queue's own log, for tests of the whole kiosk (KIOSK_VOICE_LOG).
    std::ifstream vl(r.dir / "voice.log");
    std::stringstream ss;
    ss << vl.rdbuf();
    CHECK(ss.str().find("start call: 请 A 零 二 三 号，到 二 号窗口办理") != std::string::npos);
    CHECK(ss.str().find("end call: 请 A 零 二 四 号，到 一 号窗口办理") != std::string::npos);
}

TEST_CASE("a newer prompt replaces a waiting one and stops an older prompt, never a call") {
    Recorder r;
    {
        VoiceQueue q(r.options());
        q.prompt("第一句", Locale::zh);
        std::this_thread::sleep_for(40ms);   // being said now
        q.prompt("第二句", Locale::zh);      // stops it
        REQUIRE(wait_idle(q));
        q.announce("叫号", 1);
        std::this_thread::sleep_for(80ms);   // the chime or the call is being said
        q.prompt("第三句", Locale::zh);      // waits
        q.prompt("第四句", Locale::zh);      // replaces the third
        REQUIRE(wait_idle(q));
        auto said = q.spoken();
        REQUIRE(said.size() == 4);
        CHECK(said[0] == "prompt: 第一句");
        CHECK(said[1] == "prompt: 第二句");
        CHECK(said[2] == "call: 叫号");
        CHECK(said[3] == "prompt: 第四句");
    }
    auto l = r.lines();
    // The call's text ran to its end: its B is followed by E before the next prompt's B.
    bool call_whole = false;
    for (std::size_t i = 0; i + 1 < l.size(); ++i) if (l[i] == "B 叫号") call_whole = l[i + 1] == "E";
    CHECK(call_whole);
}

TEST_CASE("calls are not said while a form is shown, the queue goes on") {
    Recorder r;
    std::atomic<bool> form{true};
    VoiceOptions o = r.options();
    o.player.clear();
    o.may_announce = [&] { return !form.load(); };
    VoiceQueue q(o);
    q.announce("请 B 零 零 一 号", 2);
    REQUIRE(wait_idle(q));
    CHECK(q.spoken().empty());
    form = false;
    q.announce("请 B 零 零 二 号", 2);
    REQUIRE(wait_idle(q));
    REQUIRE(q.spoken().size() == 1);
    CHECK(q.spoken()[0] == "call: 请 B 零 零 二 号");
}

TEST_CASE("no espeak, no player: nothing is spawned, the queue still runs, a failing chime is survived") {
    Recorder r;
    VoiceOptions o = r.options();
    o.espeak.clear();
    o.player = "/bin/false";   // an audio device that is not there
    VoiceQueue q(o);
    q.announce("请 C 零 零 一 号", 2);
    q.prompt("提示", Locale::en);
    REQUIRE(wait_idle(q));
    CHECK(q.spoken().size() == 2);
    CHECK(r.lines().empty());
}

TEST_CASE("the chime is a valid 16 kHz mono PCM WAV of under a second") {
    Recorder r;
    const fs::path f = r.dir / "c.wav";
    REQUIRE(write_chime_wav(f));
    std::ifstream in(f, std::ios::binary);
    std::string b((std::istreambuf_iterator<char>(in)), {});
    REQUIRE(b.size() > 44);
    CHECK(b.substr(0, 4) == "RIFF");
    CHECK(b.substr(8, 4) == "WAVE");
    auto u32 = [&](std::size_t at) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) | static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
               static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 | static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
    };
    CHECK(u32(24) == 16000);
    const std::uint32_t data = u32(40);
    CHECK(data == b.size() - 44);
    CHECK(data / 2.0 / 16000 < 1.0);
    CHECK(data / 2.0 / 16000 > 0.3);
    CHECK_FALSE(write_chime_wav("/proc/kiosk-no/chime.wav"));
}
