#pragma once
// [SECTION] The intake's database (SQLite, WAL, synchronous=FULL): received requests, keyed by request_id
// (UNIQUE — the idempotency key), and heartbeats. One connection guarded by a mutex: the intake's load is a
// handful of kiosks, and a single writer keeps "first time 201, then 200 with the same body" trivially true.
#include "app/result.hpp"

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

struct sqlite3;

namespace intake {

using kiosk::Result;
using kiosk::Status;

struct NewRecord {
    std::string request_id, kiosk_id, station_id, service_id, ticket, created_at;
    std::string payload;          // canonical JSON (keys sorted) as received
    std::string payload_sha256;   // of `payload`: "same key + same payload" is decided on this
};

enum class StoreKind { created, replay, conflict };
struct StoreOutcome {
    StoreKind kind = StoreKind::created;
    std::string response;         // the JSON body to send (stored on first receipt, replayed verbatim)
};

struct Row {                      // one stored request, for list/export
    long long seq = 0;
    std::string server_ref, received_at, request_id, kiosk_id, station_id, service_id, ticket, created_at;
    std::string payload;
};

class IntakeDb {
public:
    // `ref_prefix` starts every server_ref: PREFIX-YYYYMMDD-NNNNNN (per-day sequence, local date).
    static Result<std::unique_ptr<IntakeDb>> open(const std::filesystem::path& path, std::string ref_prefix = "QH");
    ~IntakeDb();
    IntakeDb(const IntakeDb&) = delete;
    IntakeDb& operator=(const IntakeDb&) = delete;

    // The stored response for `request_id` if we have it: replay (same hash) or conflict (other hash).
    // Returns kind == created with an empty response when unknown.
    Result<StoreOutcome> lookup(const std::string& request_id, const std::string& payload_sha256);
    // Stores a new request in one transaction; if another connection/thread stored it first, behaves as
    // lookup(). `now` decides server_ref's day and received_at.
    Result<StoreOutcome> store(const NewRecord& r);
    Status store_heartbeat(const std::string& kiosk_id, const std::string& body);
    Status check_writable();   // a real write + COMMIT: GET /v1/health
    Result<std::vector<Row>> rows();
    Result<long long> heartbeat_count();

private:
    IntakeDb(sqlite3* db, std::string prefix) : db_(db), prefix_(std::move(prefix)) {}
    Result<StoreOutcome> lookup_locked(const std::string& request_id, const std::string& payload_sha256);
    std::mutex mu_;
    sqlite3* db_;
    std::string prefix_;
};

// Local time as RFC 3339 with offset ("2026-11-28T21:30:05+08:00") and the local day "YYYYMMDD".
std::string now_rfc3339();
std::string today_compact();

} // namespace intake
