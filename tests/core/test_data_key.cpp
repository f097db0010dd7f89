// The data key at start-up (app/data_key.hpp) and Store::open's key check: a missing or replaced data.key
// and a 0-byte database beside a key are refused with nothing on disk changed; a fresh install still makes
// its key.
#include "test_store_util.hpp"
#include "store_probe.hpp"

#include "app/data_key.hpp"
#include "app/store_sql.hpp"

#include <map>

using namespace kiosk;
using namespace kiosk::testing;

namespace {

// Every file of the directory with its bytes: "nothing changed" is this map being equal before and after.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) out[e.path().filename().string()] = read_all(e.path());
    return out;
}

// A used installation: a key file and a database with `n` requests sealed under it.
std::string install_with_requests(const TempDir& dir, int n) {
    auto keys = open_data_key(dir / "data.key", dir / "kiosk.db");
    REQUIRE(keys.ok());
    auto store = open_store(dir / "kiosk.db", *keys);
    for (int i = 0; i < n; ++i) REQUIRE(store->submit(sample_request()).ok());
    return keys->key_id();
}

void write_file(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
    std::filesystem::permissions(p, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

} // namespace

TEST_CASE("a fresh install creates the data key, and the next start loads the same one") {
    TempDir dir("datakey-fresh");
    auto first = open_data_key(dir / "data.key", dir / "kiosk.db");
    REQUIRE(first.ok());
    CHECK(std::filesystem::file_size(dir / "data.key") == 32);
    { auto store = open_store(dir / "kiosk.db", *first); }
    auto again = open_data_key(dir / "data.key", dir / "kiosk.db");
    REQUIRE(again.ok());
    CHECK(again->key_id() == first->key_id());
}

TEST_CASE("a database with no sealed rows and no key is still a fresh install") {
    TempDir dir("datakey-emptydb");
    SECTION("schema but no requests") {
        KeyRing k = test_keys();
        { auto store = open_store(dir / "kiosk.db", k); }
    }
    SECTION("a 0-byte file and no key") { write_file(dir / "kiosk.db", ""); }
    auto keys = open_data_key(dir / "data.key", dir / "kiosk.db");
    INFO((keys ? std::string() : keys.error().message));
    REQUIRE(keys.ok());
    CHECK(std::filesystem::exists(dir / "data.key"));
    CHECK(Store::open(dir / "kiosk.db", *keys).ok());
}

TEST_CASE("a missing data.key beside sealed requests is refused, names the key id, and creates nothing") {
    TempDir dir("datakey-missing");
    const std::string id = install_with_requests(dir, 3);
    std::filesystem::remove(dir / "data.key");
    const auto before = snapshot(dir.path);

    auto r = open_data_key(dir / "data.key", dir / "kiosk.db");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "key.missing");
    CHECK(r.error().message.find(id) != std::string::npos);
    CHECK(r.error().message.find((dir / "data.key").string()) != std::string::npos);
    CHECK(r.error().message.find("backup") != std::string::npos);
    CHECK(r.error().message.find("3 sealed records") != std::string::npos);   // payloads freeze at the first upload
    CHECK_FALSE(std::filesystem::exists(dir / "data.key"));
    CHECK(snapshot(dir.path) == before);
}

TEST_CASE("a replaced data.key is refused by Store::open before anything is written") {
    TempDir dir("datakey-replaced");
    const std::string id = install_with_requests(dir, 2);
    write_file(dir / "data.key", std::string(32, '\x42'));   // another 32-byte key
    const auto before = snapshot(dir.path);

    auto keys = open_data_key(dir / "data.key", dir / "kiosk.db");
    REQUIRE(keys.ok());   // the file itself is a valid key
    CHECK(keys->key_id() != id);
    auto r = Store::open(dir / "kiosk.db", *keys);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "key.wrong");
    CHECK(r.error().message.find(id) != std::string::npos);
    CHECK(r.error().message.find(keys->key_id()) != std::string::npos);
    CHECK(r.error().message.find((dir / "data.key").string()) != std::string::npos);
    CHECK(snapshot(dir.path) == before);
}

TEST_CASE("a 0-byte kiosk.db beside an existing data.key is damage: refused, nothing replaced") {
    TempDir dir("datakey-zero");
    install_with_requests(dir, 1);
    write_file(dir / "kiosk.db", "");
    const auto before = snapshot(dir.path);

    auto r = open_data_key(dir / "data.key", dir / "kiosk.db");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "store.emptied");
    CHECK(r.error().message.find((dir / "kiosk.db").string()) != std::string::npos);
    CHECK(snapshot(dir.path) == before);
    CHECK(std::filesystem::file_size(dir / "kiosk.db") == 0);
}

TEST_CASE("an existing key with no database at all starts a new database (a restore of only the key)") {
    TempDir dir("datakey-nodb");
    const std::string id = install_with_requests(dir, 1);
    std::filesystem::remove(dir / "kiosk.db");
    auto keys = open_data_key(dir / "data.key", dir / "kiosk.db");
    REQUIRE(keys.ok());
    CHECK(keys->key_id() == id);
    CHECK(Store::open(dir / "kiosk.db", *keys).ok());
}

TEST_CASE("sealed_keys reads a pilot-layout database and creates no file that is not there") {
    TempDir dir("datakey-sealed");
    auto none = Store::sealed_keys(dir / "kiosk.db");
    REQUIRE(none.ok());
    CHECK(none->empty());
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.db"));
}
