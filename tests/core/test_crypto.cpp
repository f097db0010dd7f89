// Crypto: UUIDs, hashing, AES-256-GCM round trips and tamper detection, the key file and its mode.
#include "test_store_util.hpp"

#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

using namespace kiosk;
using namespace kiosk::testing;

TEST_CASE("UUIDv4: canonical form, version and variant bits, unique") {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        std::string u = new_uuid_v4();
        REQUIRE(u.size() == 36);
        REQUIRE(is_uuid(u));
        CHECK(u[14] == '4');
        CHECK((u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b'));
        seen.insert(u);
    }
    CHECK(seen.size() == 2000);
    CHECK_FALSE(is_uuid("not-a-uuid"));
    CHECK_FALSE(is_uuid("0000000-0000-4000-8000-0000000000000"));
    CHECK_FALSE(is_uuid("00000000-0000-4000-8000-00000000000G"));
    CHECK_FALSE(is_uuid("00000000-0000-4000-8000-00000000000A"));   // uppercase is not canonical
}

TEST_CASE("hex, SHA-256 and wipe") {
    const std::uint8_t b[] = {0x00, 0x0f, 0xa5, 0xff};
    CHECK(to_hex(b, 4) == "000fa5ff");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(random_bytes(32).size() == 32);
    CHECK(random_bytes(16) != random_bytes(16));
    std::string s = "11010519491231002X";
    wipe(s);
    CHECK(s.empty());
}

TEST_CASE("seal/open round trip, fresh nonce each time, and key id") {
    KeyRing k = test_keys();
    CHECK(k.key_id().size() == 16);
    CHECK(test_keys(1).key_id() != test_keys(2).key_id());
    for (std::string plain : {std::string(), std::string("张三 11010519491231002X"), std::string(10000, 'x')}) {
        auto a = k.seal(plain, "row-1");
        auto b = k.seal(plain, "row-1");
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        CHECK(a->size() == plain.size() + 28);
        CHECK(*a != *b);   // random nonce
        auto back = k.open(*a, "row-1", k.key_id());
        REQUIRE(back.ok());
        CHECK(*back == plain);
    }
}

TEST_CASE("open refuses tampering, the wrong row, the wrong key and short input — never garbage") {
    KeyRing k = test_keys(1);
    auto sealed = k.seal("11010519491231002X", "row-1");
    REQUIRE(sealed.ok());
    for (std::size_t i : {std::size_t(0), std::size_t(11), std::size_t(12), sealed->size() / 2, sealed->size() - 1}) {
        Bytes bad = *sealed;
        bad[i] ^= 0x01;
        auto r = k.open(bad, "row-1", k.key_id());
        INFO("flipped byte " << i);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "crypto.tampered");
    }
    CHECK(k.open(*sealed, "row-2", k.key_id()).error().code == "crypto.tampered");   // moved to another row
    CHECK(k.open(Bytes(27, 0), "row-1", k.key_id()).error().code == "crypto.tampered");
    Bytes truncated(sealed->begin(), sealed->end() - 1);
    CHECK_FALSE(k.open(truncated, "row-1", k.key_id()).ok());
    KeyRing other = test_keys(2);
    CHECK(other.open(*sealed, "row-1", k.key_id()).error().code == "crypto.key_mismatch");
    // Same key id claimed but different key material: authentication fails.
    CHECK(other.open(*sealed, "row-1", other.key_id()).error().code == "crypto.tampered");
}

TEST_CASE("the key file is created 0600, reloaded identically, and refused when readable by others") {
    TempDir dir("crypto-key");
    const auto path = dir / "sub" / "data.key";
    std::string id;
    Bytes sealed;
    {
        auto k = KeyRing::load_or_create(path);
        REQUIRE(k.ok());
        id = k->key_id();
        sealed = *k->seal("secret", "aad");
        struct stat st {};
        REQUIRE(::stat(path.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
        CHECK(st.st_size == 32);
    }
    auto again = KeyRing::load_or_create(path);
    REQUIRE(again.ok());
    CHECK(again->key_id() == id);
    CHECK(*again->open(sealed, "aad", id) == "secret");
    CHECK(check_secret_file_mode(path).ok());

    SECTION("group/other readable → key.permissions with the chmod fix") {
        REQUIRE(::chmod(path.c_str(), 0644) == 0);
        auto r = KeyRing::load_or_create(path);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "key.permissions");
        CHECK(r.error().message.find(path.string()) != std::string::npos);
        CHECK(r.error().message.find("chmod 600") != std::string::npos);
        CHECK(check_secret_file_mode(path).error().code == "key.permissions");
        REQUIRE(::chmod(path.c_str(), 0640) == 0);
        CHECK(KeyRing::load_or_create(path).error().code == "key.permissions");
        REQUIRE(::chmod(path.c_str(), 0600) == 0);
        CHECK(KeyRing::load_or_create(path).ok());
    }
    SECTION("wrong size → key.invalid, and the file is left alone") {
        {
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out << "short";
        }
        auto r = KeyRing::load_or_create(path);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "key.invalid");
        CHECK(read_all(path) == "short");
        {
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out << std::string(33, 'k');
        }
        CHECK(KeyRing::load_or_create(path).error().code == "key.invalid");
    }
    SECTION("a missing file for check_secret_file_mode is an error, not ok") {
        CHECK_FALSE(check_secret_file_mode(dir / "absent.key").ok());
    }
}

TEST_CASE("an unwritable data directory gives a clear key.io error") {
    if (::geteuid() == 0) {
        WARN("running as root: directory permissions do not apply, skipping the unwritable-dir check");
        return;
    }
    TempDir dir("crypto-ro");
    REQUIRE(::chmod(dir.path.c_str(), 0500) == 0);
    auto r = KeyRing::load_or_create(dir / "data.key");
    ::chmod(dir.path.c_str(), 0700);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "key.io");
}
