// Issue 6, privacy: after a full run — submit, upload over mTLS, staff unmask + clear, purge — the kiosk's
// database file, its WAL, its logs (stderr) and the intake's log hold none of the applicant's ID number,
// name or phone in plaintext; before the purge the kiosk holds them only as ciphertext.
#include "harness.hpp"

#include "app/staff_desk.hpp"
#include "app/upload/uploader.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

using namespace uptest;
using namespace std::chrono_literals;

namespace {

// Sends this process's stderr (where the kiosk logs) to a file for the scope's life.
struct CaptureStderr {
    explicit CaptureStderr(const fs::path& file) : path(file) {
        std::fflush(stderr);
        saved = ::dup(2);
        int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, 2);
        ::close(fd);
    }
    ~CaptureStderr() {
        std::fflush(stderr);
        ::dup2(saved, 2);
        ::close(saved);
    }
    fs::path path;
    int saved = -1;
};

std::vector<std::string> files_holding(const std::vector<fs::path>& files, const std::string& needle) {
    std::vector<std::string> hits;
    for (const auto& f : files)
        if (fs::exists(f) && read_file(f).find(needle) != std::string::npos) hits.push_back(f.filename().string());
    return hits;
}

} // namespace

TEST_CASE("after submit, upload, clear and purge no plaintext PII is left in the kiosk's DB, WAL or logs") {
    TempDir dir("privacy");
    fs::create_directories(dir.path / "intake");
    fs::create_directories(dir.path / "kiosk");
    Intake intake(dir.path / "intake");
    intake.start();
    Kiosk k(dir.path / "kiosk", intake.url());
    kiosk::NewRequest req = sample_request();
    const std::vector<std::string> secrets = {req.applicant.id_number, req.applicant.name, req.applicant.phone};
    const fs::path db = dir.path / "kiosk" / "kiosk.db";
    const fs::path kiosk_log = dir.path / "kiosk-stderr.log";
    std::string id;
    {
        CaptureStderr capture(kiosk_log);
        kiosk::Uploader up(*k.store, k.config, [] {}, fast_options());
        up.start();
        id = submit(*k.store, req);
        up.notify();
        REQUIRE(eventually([&] { return counts(*k.store).uploaded == 1; }));
        up.stop();
    }
    REQUIRE(intake.requests() == 1);

    // Before the purge: the kiosk has the data, but only as ciphertext.
    for (const auto& s : secrets)
        CHECK(files_holding({db, fs::path(db.string() + "-wal")}, s).empty());

    // Staff look at the full data (audited, with a reason) and clear the request.
    kiosk::StaffAccounts accounts(*k.store, 1000);
    REQUIRE(accounts.add("wang", "王警官", "246813").ok());
    auto later = kiosk::WallClock::now();
    kiosk::StaffDesk desk(*k.store, accounts, k.config,
                          kiosk::StaffDeskClocks{[] { return std::chrono::steady_clock::now(); }, [&] { return later; }});
    REQUIRE(desk.login("246813")->outcome == kiosk::LoginOutcome::ok);
    auto full = desk.unmask(id, "resident asked to check the number");
    REQUIRE(full.ok());
    CHECK(full->req.applicant.id_number == req.applicant.id_number);   // the data really was there
    REQUIRE(desk.clear(id, "processed at the counter").ok());

    // Thirty-one days later the retention purge runs.
    later += std::chrono::hours(24 * 31);
    auto purged = desk.purge_now();
    REQUIRE(purged.ok());
    CHECK(purged.value() == 1);
    CHECK(k.store->load(id).ok() == false);   // nothing left to decrypt

    std::vector<fs::path> kiosk_files = {db, fs::path(db.string() + "-wal"), fs::path(db.string() + "-shm"), kiosk_log};
    fs::path intake_log = dir.path / "intake-log.txt";
    {
        std::FILE* f = std::fopen(intake_log.c_str(), "w");
        REQUIRE(f);
        std::string l = intake.log();
        std::fwrite(l.data(), 1, l.size(), f);
        std::fclose(f);
    }
    kiosk_files.push_back(intake_log);
    for (const auto& s : secrets) {
        INFO("searching for " << s.size() << " bytes of applicant data");
        CHECK(files_holding(kiosk_files, s) == std::vector<std::string>{});
    }
    // The skeleton stays for statistics.
    auto c = counts(*k.store);
    CHECK(c.purged == 1);
}
