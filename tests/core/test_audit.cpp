// Audit chain: append, verify, append-only triggers, and tamper detection naming the first broken row.
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/audit.hpp"
#include "app/store_sql.hpp"

using namespace kiosk;
using namespace kiosk::testing;

namespace {

struct AuditFixture {
    TempDir dir{"audit"};
    KeyRing keys = test_keys();
    std::unique_ptr<Store> store;
    sqlite3* db = nullptr;
    AuditFixture() {
        auto s = Store::open(dir / "kiosk.db", keys);
        REQUIRE(s.ok());
        store = std::move(*s);
        db = raw(*store);
        for (int i = 1; i <= 6; ++i)
            REQUIRE(store->append_audit(WallClock::now(), "wang", "request.view_unmasked", "id=r" + std::to_string(i) + " reason=resident asked").ok());
    }
    // What an attacker with file access would do: drop the guards, edit, (maybe) put them back.
    void tamper(const std::string& sql_text) {
        REQUIRE(sql::exec(db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;", "test").ok());
        REQUIRE(sql::exec(db, sql_text.c_str(), "test").ok());
    }
};

} // namespace

TEST_CASE("an intact chain verifies and links each row to the previous hash") {
    AuditFixture f;
    auto v = f.store->verify_audit();
    REQUIRE(v.ok());
    CHECK(v->ok);
    CHECK(v->rows == 6);
    CHECK_FALSE(v->first_broken.has_value());
    auto rows = f.store->list_audit(10);
    REQUIRE(rows->size() == 6);
    CHECK((*rows)[0].seq == 6);   // newest first
    CHECK((*rows)[5].prev_hash == std::string(64, '0'));
    CHECK((*rows)[0].prev_hash == (*rows)[1].hash);
    CHECK((*rows)[0].hash == sha256_hex((*rows)[0].prev_hash + audit_canonical((*rows)[0])));
    CHECK(f.store->list_audit(2, 1)->front().seq == 5);
}

TEST_CASE("an empty audit log verifies") {
    TempDir dir("audit-empty");
    KeyRing keys = test_keys();
    auto s = Store::open(dir / "kiosk.db", keys);
    REQUIRE(s.ok());
    auto v = (*s)->verify_audit();
    CHECK(v->ok);
    CHECK(v->rows == 0);
}

TEST_CASE("the database itself refuses to update or delete audit rows") {
    AuditFixture f;
    auto up = sql::exec(f.db, "UPDATE audit SET detail='nothing happened' WHERE seq=2", "test");
    REQUIRE_FALSE(up.ok());
    CHECK(up.error().message.find("append-only") != std::string::npos);
    auto del = sql::exec(f.db, "DELETE FROM audit WHERE seq=3", "test");
    REQUIRE_FALSE(del.ok());
    CHECK(f.store->verify_audit()->ok);
}

TEST_CASE("tampering is detected at the first broken row") {
    AuditFixture f;
    SECTION("edited detail") {
        f.tamper("UPDATE audit SET detail='id=r3 reason=routine' WHERE seq=3");
        auto v = f.store->verify_audit();
        REQUIRE(v.ok());
        CHECK_FALSE(v->ok);
        CHECK(v->first_broken == 3);
        CHECK(v->why.find("row 3") != std::string::npos);
    }
    SECTION("edited actor, hash recomputed for that row only") {
        AuditEntry e = f.store->list_audit(1, 6 - 4)->front();   // seq 4
        REQUIRE(e.seq == 4);
        e.actor = "li";
        const std::string h = sha256_hex(e.prev_hash + audit_canonical(e));
        f.tamper("UPDATE audit SET actor='li', hash='" + h + "' WHERE seq=4");
        CHECK(f.store->verify_audit()->first_broken == 5);   // row 4 is self-consistent; row 5 no longer links
    }
    SECTION("deleted row in the middle") {
        f.tamper("DELETE FROM audit WHERE seq=2");
        CHECK(f.store->verify_audit()->first_broken == 3);
    }
    SECTION("rows appended after tampering do not hide it") {
        f.tamper("UPDATE audit SET at='2020-01-01T00:00:00+08:00' WHERE seq=1");
        REQUIRE(f.store->append_audit(WallClock::now(), "system", "request.purge", "count=1").ok());
        CHECK(f.store->verify_audit()->first_broken == 1);
    }
}

TEST_CASE("the canonical form is unambiguous") {
    AuditEntry a{1, "t", "ab", "c", "d", "", ""};
    AuditEntry b{1, "t", "a", "bc", "d", "", ""};
    CHECK(audit_canonical(a) != audit_canonical(b));
}

TEST_CASE("an audit row joins the caller's transaction and rolls back with it") {
    AuditFixture f;
    REQUIRE(sql::exec(f.db, "BEGIN IMMEDIATE", "test").ok());
    REQUIRE(f.store->append_audit(WallClock::now(), "system", "request.clear", "id=x").ok());
    REQUIRE(sql::exec(f.db, "ROLLBACK", "test").ok());
    CHECK(f.store->verify_audit()->rows == 6);
}
