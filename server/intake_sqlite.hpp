#pragma once
// [SECTION] The SQLite backend of IntakeStore (WAL, synchronous=FULL, secure_delete). One connection guarded
// by a mutex: the intake's load is a handful of kiosks and desks, and a single writer keeps "first time 201,
// then 200 with the same body" and "one seq per event" trivially true. Files: intake_sqlite_schema.cpp
// (schema, migrations, keys), intake_sqlite.cpp (requests, heartbeats), intake_sqlite_desk.cpp (calls,
// status, events, alerts), intake_sqlite_audit.cpp (audit chain, desk accounts).
#include "app/crypto.hpp"
#include "server/intake_store.hpp"

#include <mutex>

struct sqlite3;
namespace kiosk::sql { class Stmt; }

namespace intake {

class SqliteIntakeStore final : public IntakeStore {
public:
    static constexpr int kSchemaVersion = 3;
    // Opens (creating, migrating) the database at `path` with its two keys (see open_intake_store).
    static Result<std::unique_ptr<IntakeStore>> open(const std::filesystem::path& path, const OpenOptions& o);
    ~SqliteIntakeStore() override;

    Result<StoreOutcome> lookup(const std::string& request_id, const std::string& payload_sha256) override;
    Result<StoreOutcome> store(const NewRecord& r) override;
    Status store_batch(const std::vector<NewRecord>& records) override;
    Result<std::vector<Row>> rows() override;
    Result<std::vector<std::string>> find_by_id_number(const std::string& id_number) override;
    Status store_heartbeat(const std::string& kiosk_id, const std::string& body) override;
    Result<long long> heartbeat_count() override;
    Status check_writable() override;

    Result<std::vector<Ticket>> tickets(const std::string& station, const std::string& day) override;
    Result<std::optional<Ticket>> ticket(const std::string& request_id) override;
    Result<std::string> payload(const std::string& request_id) override;
    Result<std::vector<HistoryItem>> history(const std::string& request_id) override;
    Result<Ticket> call_next(const std::string& station, const std::string& day, int window,
                             const std::vector<std::string>& serves, const std::string& actor) override;
    Result<Ticket> recall(const std::string& request_id, int window, const std::string& actor) override;
    Result<Ticket> no_show(const std::string& request_id, const std::string& actor) override;
    Result<Ticket> transfer(const std::string& request_id, int window, const std::string& actor) override;
    Result<Ticket> set_status(const std::string& request_id, const std::string& status, const std::string& message_zh,
                              const std::string& message_en, const std::string& reason, const std::string& actor) override;

    Status append_audit(const std::string& actor, const std::string& action, const std::string& detail,
                        const std::string& subject) override;
    Result<kiosk::AuditVerdict> verify_audit() override;
    Result<std::vector<kiosk::AuditEntry>> list_audit(int limit) override;

    Status add_account(const DeskAccount& a, const std::string& actor) override;
    Status remove_account(const std::string& name, const std::string& actor) override;
    Status set_password(const std::string& name, const std::vector<std::uint8_t>& salt,
                        const std::vector<std::uint8_t>& hash, int iterations, const std::string& actor) override;
    Result<std::vector<DeskAccount>> accounts() override;
    Result<std::optional<DeskAccount>> account(const std::string& name) override;
    Status write_throttle(const std::string& name, const LoginThrottle& t) override;
    Status add_desk_session(const StoredDeskSession& s, std::int64_t expire_before_ms) override;
    Result<std::optional<StoredDeskSession>> desk_session(const std::string& token_hash) override;
    Status touch_desk_session(const std::string& token_hash, std::int64_t now_ms) override;
    Status end_desk_session(const std::string& token_hash) override;

    Result<std::vector<Event>> events_after(const std::string& station, std::int64_t after, int limit) override;
    Result<std::int64_t> last_event_seq(const std::string& station) override;

    Status raise_alert(const Alert& a) override;
    Status set_help(const std::string& kiosk_id, bool requested) override;
    Result<std::vector<Alert>> alerts(const std::string& day) override;
    Result<std::optional<Anchor>> anchor(const std::string& kiosk_id) override;
    Status set_anchor(const std::string& kiosk_id, const Anchor& a) override;
    Status set_ratings(const std::string& kiosk_id, const std::string& day, const DayRatings& r) override;
    Result<DayRatings> ratings(const std::string& day) override;

    Result<std::vector<TableDump>> dump_tables() override;

    // Schema steps (intake_sqlite_schema.cpp), public for the migration test.
    static Status migrate(sqlite3* db, const kiosk::KeyRing& data, const kiosk::KeyRing& lookup);

private:
    Status end_sessions_of(const std::string& name);   // mu_ held, in the caller's transaction
    SqliteIntakeStore(sqlite3* db, kiosk::KeyRing data, kiosk::KeyRing lookup, std::string prefix);
    Result<StoreOutcome> lookup_locked(const std::string& request_id, const std::string& mac);
    Result<StoreOutcome> store_locked(const NewRecord& r, const kiosk::Bytes& sealed);
    Result<std::optional<Ticket>> ticket_locked(const std::string& request_id);
    Status audit_locked(const std::string& actor, const std::string& action, const std::string& detail,
                        const std::string& subject);
    Result<std::int64_t> event_locked(const std::string& station, const std::string& type, const std::string& fields_json);
    Status call_event_locked(const Ticket& t, bool recall, bool transfer);
    Result<Ticket> update_call_locked(const std::string& request_id, const char* sql_set, int window,
                                      const std::string& actor, const std::string& action);

    std::mutex mu_;
    sqlite3* db_;
    kiosk::KeyRing data_, lookup_;
    std::string prefix_;
};

// Reader for Ticket rows of kTicketColumns (intake_shared.hpp), shared by the desk queries.
Ticket read_ticket(const kiosk::sql::Stmt& q);

} // namespace intake
