// kiosk-intake's admin commands as an admin runs them: desk add/list/passwd/remove (password twice on
// stdin) and audit verify, with their exit codes.
#include "server_harness.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <cstdio>
#include <sys/wait.h>

using namespace svtest;

namespace {
struct Run { int code = -1; std::string out; };
Run run(const std::string& args, const std::string& stdin_text = "") {
    // stdin_text is printf's format: its \n are the line ends a provisioning script would pipe in.
    const std::string cmd = "printf '" + stdin_text + "' | '" KIOSK_INTAKE_BIN "' " + args + " 2>&1";
    Run r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) r.out += buf;
    const int st = ::pclose(p);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}
} // namespace

TEST_CASE("kiosk-intake desk and audit: accounts from the command line, audited — verify finds tampering") {
    uptest::TempDir dir("cli");
    TestDb test_db;
    const std::string db = test_db.cli_args();
    auto added = run("desk add li --window 2 --serves A,B " + db, "long password 1\\nlong password 1\\n");
    INFO(added.out);
    CHECK(added.code == 0);
    CHECK(run("desk add li --window 2 " + db, "long password 1\\nlong password 1\\n").code == 2);   // exists
    CHECK(run("desk add wang --window 3 " + db, "long password 1\\nother password\\n").code == 2);  // differ
    CHECK(run("desk add wang --window 3 " + db, "short\\nshort\\n").code == 2);                      // weak
    CHECK(run("desk add wang --window 0 " + db, "long password 1\\nlong password 1\\n").code == 2);
    CHECK(run("desk add wang --serves a " + db, "long password 1\\nlong password 1\\n").code == 2);
    auto list = run("desk list " + db);
    CHECK(list.code == 0);
    CHECK(list.out.find("li\twindow 2\tserves A,B") != std::string::npos);
    CHECK(list.out.find("wang") == std::string::npos);
    CHECK(run("desk passwd li " + db, "new long password\\nnew long password\\n").code == 0);
    CHECK(run("desk remove nobody " + db).code == 2);
    CHECK(run("desk add " + db).code == 2);
    auto verify = run("audit verify " + db);
    CHECK(verify.code == 0);
    CHECK(verify.out.find("intact (2 rows)") != std::string::npos);   // account_add, password

    if (test_db.pg()) {
        REQUIRE(test_db.exec_pg("ALTER TABLE audit DISABLE TRIGGER audit_no_change; UPDATE audit SET actor='mallory' WHERE seq=1"));
    } else {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(test_db.spec().c_str(), &raw) == SQLITE_OK);
        REQUIRE(sqlite3_exec(raw, "DROP TRIGGER audit_no_update; UPDATE audit SET actor='mallory' WHERE seq=1", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    auto broken = run("audit verify " + db);
    CHECK(broken.code == 1);
    CHECK(broken.out.find("audit row 1 is broken") != std::string::npos);
    CHECK(run("audit verify --db '" + (dir.path / "none.db").string() + "'").code == 2);
    CHECK(run("desk list --db postgresql://x/y").code == 2);
}
