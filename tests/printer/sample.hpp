#pragma once
// Sample data for the printer tests: a stored request, its service and a config. Invented people only.
#include "app/catalog.hpp"
#include "app/config.hpp"
#include "app/request.hpp"
#include "tests/sample_request.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace kiosk::printer::test {

// The shared resident (tests/sample_request.hpp) as stored, with the printer tests' own name, number,
// address and ticket.
inline StoredRequest sample_request(const std::string& name = "张小三") {
    StoredRequest r;
    r.req = kiosk::testing::sample_request(name, "42010619900101123X");
    r.req.category_id = "zhengming";
    r.req.fields = {{"purpose", "employment"}, {"address", "青山区青和路88号3栋2单元501室"}};
    r.req.consent = {};
    r.sub.request_id = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    r.sub.ticket = "A023";
    r.sub.created_at = "2026-11-28T21:30:05+08:00";
    return r;
}

inline Service sample_service() {
    Service s;
    s.id = "cert.no-criminal-record";
    s.category = "zhengming";
    s.name = {"开具无犯罪记录证明", "Certificate of no criminal record"};
    s.materials = {{"本人居民身份证原件", "Your resident identity card (original)"},
                   {"用人单位或相关机构出具的证明需求说明（如有）", "A letter from the employer or agency asking for it, if any"},
                   {"本人户口簿", "Your household register"}};
    s.fee = {"免费", "Free"};
    s.processing_time = {"3个工作日", "3 working days"};
    FieldSpec purpose;
    purpose.id = "purpose";
    purpose.type = FieldType::choice;
    purpose.label = {"用途", "Purpose"};
    purpose.choices = {{"employment", {"就业", "Employment"}}, {"study", {"留学", "Study abroad"}}};
    FieldSpec addr;
    addr.id = "address";
    addr.type = FieldType::address;
    addr.label = {"现住址", "Current address"};
    addr.pii = true;
    s.form = {purpose, addr};
    return s;
}

// A fresh directory under the build's temp area, removed by the destructor.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("kiosk-printer-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::error_code ec; std::filesystem::remove_all(path, ec); }
    static int& counter() { static int n = 0; return n; }
};

// zbarimg --raw -q FILE → the decoded payload (trimmed), or "" if zbarimg is missing or finds nothing.
inline std::string zbar(const std::filesystem::path& png) {
    std::string cmd = "zbarimg --raw -q '" + png.string() + "' 2>/dev/null";
    FILE* f = ::popen(cmd.c_str(), "r");
    if (!f) return {};
    std::string out;
    char buf[256];
    while (std::fgets(buf, sizeof buf, f)) out += buf;
    ::pclose(f);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

// A stand-in for CUPS `lp`, found through $KIOSK_LP: jobs for the queue "forms" land in `sink`, any other
// queue fails as lp does for an unknown destination. Unset KIOSK_LP when done.
inline void install_fake_lp(const TempDir& dir, const std::filesystem::path& sink) {
    auto script = dir.path / "lp";
    {
        std::ofstream f(script);
        f << "#!/bin/sh\ncase \"$*\" in *'-d forms'*) cat > '" << sink.string() << "'; exit 0;; esac\ncat >/dev/null; exit 1\n";
    }
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    ::setenv("KIOSK_LP", script.c_str(), 1);
}

} // namespace kiosk::printer::test
