// Transports and status: URI parsing, file:, png: (QR read back with zbarimg), cups: (a fake lp), tcp: against
// the fake printer in every condition, usb: over a pseudo-terminal.
#include "fake_printer.hpp"
#include "printer/emulator.hpp"
#include "printer/receipt_encode.hpp"
#include "printer/status.hpp"
#include "printer/transport.hpp"
#include "sample.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <termios.h>

using namespace kiosk;
using namespace kiosk::printer;
using kiosk::printer::test::FakeMode;
using kiosk::printer::test::FakePrinter;

namespace {

Timeouts quick() {
    Timeouts t;
    t.connect_ms = 3000;
    t.send_ms = 3000;
    t.status_ms = 3000;   // generous: answers arrive in microseconds; only "slow" tests use less
    return t;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}


bool have_zbar() { return std::system("command -v zbarimg >/dev/null 2>&1") == 0; }

PrinterState status_of(const std::string& uri, Timeouts t = quick()) {
    auto u = parse_printer_uri(uri);
    REQUIRE(u);
    auto tr = open_transport(*u, profile_80mm(), t);
    REQUIRE(tr);
    auto st = query_status(**tr, t.status_ms);
    REQUIRE(st);
    return decode_status(*st);
}

} // namespace

TEST_CASE("printer URIs: every accepted form, and clear errors", "[transport][uri]") {
    auto u = parse_printer_uri("tcp://192.168.1.50:9100");
    REQUIRE(u);
    CHECK(u->kind == PrinterUri::Kind::tcp);
    CHECK(u->host == "192.168.1.50");
    CHECK(u->port == 9100);
    CHECK(parse_printer_uri("tcp://printer.local")->port == 9100);
    CHECK(parse_printer_uri("tcp://[::1]:9101")->host == "::1");
    CHECK(parse_printer_uri("usb:/dev/usb/lp0")->path == "/dev/usb/lp0");
    CHECK(parse_printer_uri("file:/tmp/out.bin")->kind == PrinterUri::Kind::file);
    CHECK(parse_printer_uri("cups:Xprinter_80")->path == "Xprinter_80");
    CHECK(parse_printer_uri("png:/tmp/receipts")->kind == PrinterUri::Kind::png);
    CHECK(parse_printer_uri("none")->kind == PrinterUri::Kind::none);

    for (const char* bad : {"lpt1", "tcp://", "tcp://host:", "tcp://host:99999", "tcp://host:12ab", "usb:lp0",
                            "cups:", "cups:-o evil", "cups:a b", "file:", "png:", "http://printer"}) {
        auto r = parse_printer_uri(bad);
        INFO(bad);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == "printer.uri");
        CHECK(r.error().message.find(std::string("'") + bad + "'") != std::string::npos);   // names the URI
        CHECK(r.error().message.find("tcp://HOST[:PORT]") != std::string::npos);          // and the forms
    }
}

TEST_CASE("status bytes decode to words", "[status]") {
    CHECK(decode_status({0x12, 0x12, 0x12}) == PrinterState::ok);
    CHECK(decode_status({0x12, 0x12, 0x1E}) == PrinterState::paper_near_end);
    CHECK(decode_status({0x1A, 0x32, 0x72}) == PrinterState::paper_out);
    CHECK(decode_status({0x12, 0x12, 0x72}) == PrinterState::paper_out);
    CHECK(decode_status({0x1A, 0x16, 0x12}) == PrinterState::cover_open);
    CHECK(decode_status({0x1A, 0x52, 0x12}) == PrinterState::offline);
    CHECK(decode_status({0x1A, -1, -1}) == PrinterState::offline);
    CHECK(decode_status({-1, -1, -1}) == PrinterState::unknown);
    CHECK(decode_status({0xFF, 0xFF, 0xFF}) == PrinterState::unknown);   // not a status byte
    CHECK(decode_status({0x12, -1, -1}) == PrinterState::ok);             // printers without n=2/4
    CHECK(std::string(state_name(PrinterState::cover_open)) == "cover_open");
    CHECK(state_words(PrinterState::paper_out, Locale::zh).find("缺纸") != std::string::npos);
    CHECK(state_words(PrinterState::paper_out, Locale::en).find("paper") != std::string::npos);
}

TEST_CASE("tcp: the fake printer's conditions come back as states", "[transport][tcp]") {
    FakePrinter fp;
    CHECK(status_of(fp.uri()) == PrinterState::ok);
    fp.set_mode(FakeMode::paper_near_end);
    CHECK(status_of(fp.uri()) == PrinterState::paper_near_end);
    fp.set_mode(FakeMode::paper_out);
    CHECK(status_of(fp.uri()) == PrinterState::paper_out);
    fp.set_mode(FakeMode::cover_open);
    CHECK(status_of(fp.uri()) == PrinterState::cover_open);
    fp.set_mode(FakeMode::offline);
    CHECK(status_of(fp.uri()) == PrinterState::offline);
    fp.set_mode(FakeMode::garbage);
    CHECK(status_of(fp.uri()) == PrinterState::unknown);
    fp.set_mode(FakeMode::mute);
    Timeouts t = quick();
    t.status_ms = 200;
    CHECK(status_of(fp.uri(), t) == PrinterState::unknown);
    fp.set_mode(FakeMode::slow);
    CHECK(status_of(fp.uri(), t) == PrinterState::unknown);
    CHECK(fp.status_queries() >= 16);
}

TEST_CASE("tcp: a receipt reaches the printer whole", "[transport][tcp]") {
    FakePrinter fp;
    Config cfg;
    auto receipt = build_receipt(test::sample_request(), test::sample_service(), cfg, Locale::zh);
    auto bytes = encode_receipt(receipt, profile_80mm());
    {
        auto tr = open_transport(*parse_printer_uri(fp.uri()), profile_80mm(), quick());
        REQUIRE(tr);
        REQUIRE((*tr)->two_way());
        REQUIRE((*tr)->send(bytes, {receipt.ticket, "x"}));
    }   // closing the connection lets the fake printer finish parsing
    for (int i = 0; i < 500 && fp.cuts() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(fp.cuts() == 1);
    CHECK(fp.chinese_text().find("开具无犯罪记录证明") != std::string::npos);
    REQUIRE(fp.qr_payloads().size() == 1);
    CHECK(fp.qr_payloads()[0] == receipt.qr_payload);
}

TEST_CASE("tcp: unreachable printer and a printer that stops reading", "[transport][tcp][fault]") {
    int port;
    {
        FakePrinter gone;   // take a free port, then close it: nothing listens there any more
        port = gone.port();
    }
    auto u = parse_printer_uri("tcp://127.0.0.1:" + std::to_string(port));
    auto tr = open_transport(*u, profile_80mm(), quick());
    REQUIRE_FALSE(tr);
    CHECK(tr.error().code == "printer.unreachable");
    CHECK(tr.error().message.find("tcp://127.0.0.1:") != std::string::npos);

    FakePrinter stuck(FakeMode::stuck);
    Timeouts t = quick();
    t.send_ms = 300;
    auto tr2 = open_transport(*parse_printer_uri(stuck.uri()), profile_80mm(), t);
    REQUIRE(tr2);
    auto st = query_status(**tr2, t.status_ms);
    REQUIRE(st);
    CHECK(decode_status(*st) == PrinterState::ok);
    std::string big(64 << 20, 'x');   // more than any socket buffer holds
    auto sent = (*tr2)->send(big, {"A001", "x"});
    REQUIRE_FALSE(sent);
    CHECK(sent.error().code == "printer.timeout");
}

TEST_CASE("file: appends each job, one-way", "[transport][file]") {
    test::TempDir dir;
    auto path = dir.path / "out.bin";
    auto tr = open_transport(*parse_printer_uri("file:" + path.string()), profile_58mm(), quick());
    REQUIRE(tr);
    CHECK_FALSE((*tr)->two_way());
    REQUIRE((*tr)->send("abc", {}));
    REQUIRE((*tr)->send("def", {}));
    CHECK(read_file(path) == "abcdef");
    CHECK_FALSE((*tr)->read(1, 10));   // status cannot be read

    auto bad = open_transport(*parse_printer_uri("file:" + (dir.path / "no/such/dir/x").string()), profile_58mm(), quick());
    REQUIRE(bad);
    auto s = (*bad)->send("abc", {});
    REQUIRE_FALSE(s);
    CHECK(s.error().code == "printer.unreachable");
}

TEST_CASE("png: the preview's QR decodes to the request reference", "[transport][png][zbar]") {
    test::TempDir dir;
    Config cfg;
    auto req = test::sample_request();
    for (bool native : {true, false}) {
        for (Profile p : {profile_58mm(), profile_80mm()}) {
            p.native_qr = native;
            auto receipt = build_receipt(req, test::sample_service(), cfg, Locale::zh);
            auto tr = open_transport(*parse_printer_uri("png:" + dir.path.string()), p, quick());
            REQUIRE(tr);
            REQUIRE((*tr)->send(encode_receipt(receipt, p), {receipt.ticket, req.sub.request_id}));
            auto png = dir.path / ("A023-" + req.sub.request_id + ".png");
            REQUIRE(std::filesystem::exists(png));
            CHECK(std::filesystem::file_size(png) > 1000);
            if (!have_zbar()) { WARN("zbarimg not installed: QR not decoded"); continue; }
            INFO(p.paper_mm << " mm, native QR " << native);
            CHECK(test::zbar(png) == req.sub.request_id);
            std::filesystem::remove(png);
        }
    }
}

TEST_CASE("cups: lp gets the raw bytes, a failing lp is an error with its words", "[transport][cups]") {
    test::TempDir dir;
    auto script = dir.path / "lp";
    auto sink = dir.path / "job.bin";
    {
        std::ofstream f(script);
        f << "#!/bin/sh\n"
             "case \"$*\" in *'-d good -o raw'*) cat > '" << sink.string() << "'; exit 0;; esac\n"
             "cat >/dev/null; echo 'lp: The printer or class does not exist.' >&2; exit 1\n";
    }
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    ::setenv("KIOSK_LP", script.c_str(), 1);
    auto tr = open_transport(*parse_printer_uri("cups:good"), profile_80mm(), quick());
    REQUIRE(tr);
    REQUIRE((*tr)->send(std::string("\x1b@hello\n", 8), {"A001", "id"}));
    CHECK(read_file(sink) == std::string("\x1b@hello\n", 8));

    auto bad = open_transport(*parse_printer_uri("cups:nosuch"), profile_80mm(), quick());
    REQUIRE(bad);
    auto s = (*bad)->send("x", {"A001", "id"});
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("does not exist") != std::string::npos);

    ::setenv("KIOSK_LP", (dir.path / "missing-lp").c_str(), 1);
    auto none = open_transport(*parse_printer_uri("cups:good"), profile_80mm(), quick());
    REQUIRE(none);
    CHECK_FALSE((*none)->send("x", {"A001", "id"}));
    ::unsetenv("KIOSK_LP");
}

TEST_CASE("usb: a read-write device answers status (pseudo-terminal stands in for /dev/usb/lp0)", "[transport][usb]") {
    int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(::grantpt(master) == 0);
    REQUIRE(::unlockpt(master) == 0);
    std::string slave = ::ptsname(master);
    // Raw mode, so the bytes pass unchanged in both directions. This fd stays open until the end: with no
    // slave open the master reads EIO and the "printer" below would stop before the transport connects.
    int keep_slave = ::open(slave.c_str(), O_RDWR | O_NOCTTY);
    REQUIRE(keep_slave >= 0);
    termios tio{};
    ::tcgetattr(keep_slave, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(keep_slave, TCSANOW, &tio);
    // The "printer" answers paper near end as soon as it has seen the three queries.
    std::thread printer([&] {
        std::string got;
        for (int i = 0; i < 300 && got.size() < 9; ++i) {
            pollfd p{master, POLLIN, 0};
            if (::poll(&p, 1, 10) <= 0) continue;
            char buf[64];
            ssize_t n = ::read(master, buf, sizeof buf);
            if (n <= 0) continue;   // bounded by the loop count
            for (ssize_t k = 0; k < n; ++k) {
                got += buf[k];
                if (got.size() >= 3 && got[got.size() - 3] == 0x10 && got[got.size() - 2] == 0x04) {
                    char n3 = got.back();
                    char b = n3 == 4 ? 0x1E : 0x12;
                    (void)!::write(master, &b, 1);
                }
            }
        }
    });
    auto tr = open_transport(*parse_printer_uri("usb:" + slave), profile_58mm(), quick());
    REQUIRE(tr);
    CHECK((*tr)->two_way());
    auto st = query_status(**tr, 3000);
    printer.join();
    REQUIRE(st);
    CHECK(decode_status(*st) == PrinterState::paper_near_end);
    tr->reset();
    ::close(keep_slave);
    ::close(master);

    auto missing = open_transport(*parse_printer_uri("usb:/dev/usb/no-such-lp9"), profile_58mm(), quick());
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == "printer.unreachable");
}

TEST_CASE("tcp: connect times out when the printer never completes the handshake", "[transport][tcp][fault]") {
    // A listener that never accepts, with its accept queue filled: the kernel then drops further SYNs, so a
    // connect on 127.0.0.1 hangs exactly like one to a switched-off printer — until our timeout.
    int lfd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(lfd, 0) == 0);
    socklen_t len = sizeof a;
    ::getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &len);
    const std::string uri = "tcp://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
    std::vector<int> fillers;
    for (int i = 0; i < 4; ++i) {   // fill the queue (non-blocking, so filling itself cannot hang)
        int f = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        ::connect(f, reinterpret_cast<sockaddr*>(&a), sizeof a);
        fillers.push_back(f);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));   // let the handshakes that can complete do so
    Timeouts t = quick();
    t.connect_ms = 300;
    auto tr = open_transport(*parse_printer_uri(uri), profile_80mm(), t);
    if (tr) {
        WARN("this kernel completed the handshake anyway (syncookies?): connect timeout not exercised");
    } else {
        CHECK(tr.error().code == "printer.unreachable");
        CHECK(tr.error().message.find("timed out") != std::string::npos);
    }
    for (int f : fillers) ::close(f);
    ::close(lfd);
}
