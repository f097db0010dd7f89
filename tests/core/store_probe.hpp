#pragma once
// Tests only: the store's own SQLite connection, which no other code can reach (Store befriends this one
// struct; tests/rules/check_layering.sh fails if code outside tests/ names it). Tests use it to look at
// rows the API does not show, to damage the file on purpose and to check per-connection settings.
// Code under test goes through the Store API; take mutex() while a statement runs if another thread may
// use the store at the same time.
#include "app/store.hpp"

#include <mutex>

struct sqlite3;

namespace kiosk::testing {

struct StoreProbe {
    static sqlite3* connection(Store& s) { return s.db_; }
    static std::mutex& mutex(Store& s) { return s.mu_; }
};

inline sqlite3* raw(Store& s) { return StoreProbe::connection(s); }

} // namespace kiosk::testing
