#pragma once
// [SECTION] The PostgreSQL backend of IntakeStore (issue #18): several kiosk-intake instances share one
// database, so what the SQLite store gets from its single mutex is made explicit here:
// - exactly once: INSERT … ON CONFLICT DO NOTHING, then the stored answer is read — the first writer of a
//   request_id wins on any instance; UNIQUE(station_id, day, ticket) keeps tickets apart;
// - event seqs: a per-station counter row bumped in the writing transaction (row-locked until COMMIT, so
//   seqs commit in order, without gaps or repeats across instances); pg_notify('kiosk_events', station) in
//   the same transaction wakes the other instances' long-polls (watch_events);
// - the audit chain: appends serialized by a transaction-scoped advisory lock, so it verifies as one chain;
// - requests: group commit — concurrent store() calls share one transaction (intake_pg_commit.cpp), since
//   the day counter and the audit head serialise every store until its COMMIT is flushed;
// - the schema: versioned migrations (schema_migrations) applied at open under an advisory lock.
// Lock order in every writer (no cycles): a request's row or the station's call lock → the day counter →
// the audit lock → the station's event counter.
// Files: intake_pg_schema.cpp (migrations, keys, open, the LISTEN thread), intake_pg.cpp (requests one by
// one, heartbeats, export), intake_pg_commit.cpp (the group commit), intake_pg_desk.cpp (queue, calls, status, events, alerts), intake_pg_audit.cpp
// (audit chain, desk accounts). Connections: server/pg_conn.hpp.
#include "app/crypto.hpp"
#include "server/intake_store.hpp"
#include "server/pg_conn.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace intake {

// Advisory lock keys (one 64-bit space per database; the intake's are "kiosk" in ASCII + a number).
constexpr std::int64_t kPgMigrationLock = 0x6b696f736b0001;
constexpr std::int64_t kPgAuditLock = 0x6b696f736b0002;   // held from reading the chain's head to COMMIT

class PgIntakeStore final : public IntakeStore {
public:
    static constexpr int kSchemaVersion = 2;
    static Result<std::unique_ptr<IntakeStore>> open(const std::string& uri, const OpenOptions& o);
    // Applies the missing migrations in one transaction under the migration lock (public for the tests).
    static Status migrate(pg::Conn& c);

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

    std::unique_ptr<Watch> watch_events(EventHub& hub) override;
    Status load_tables(const std::vector<TableDump>& tables) override;

private:
    PgIntakeStore(std::unique_ptr<pg::Pool> pool, kiosk::KeyRing data, kiosk::KeyRing lookup, std::string prefix)
        : pool_(std::move(pool)), data_(std::move(data)), lookup_(std::move(lookup)), prefix_(std::move(prefix)) {}
    Result<StoreOutcome> lookup_in(pg::Conn& c, const std::string& request_id, const std::string& mac);
    Result<StoreOutcome> store_in(pg::Conn& c, const NewRecord& r, const kiosk::Bytes& sealed);
    // store() alone: its own transaction on `c`.
    Result<StoreOutcome> store_one(pg::Conn& c, const NewRecord& r, const kiosk::Bytes& sealed);
    // [group commit] intake_pg_commit.cpp. Every store() writes the day counter row and the audit chain's
    // head, so two stores can never commit in parallel: each holds both until its COMMIT has reached the
    // disk (one WAL flush, ~4 ms here), which caps one-request-per-transaction at ~1/flush for the whole
    // city. Instead the store() calls that arrive while a transaction is being written wait, and the first
    // of them then writes them all in ONE transaction (each exactly as store_in would, in arrival order)
    // and answers each only after that COMMIT. Under load a flush carries many requests.
    struct Pending;
    std::vector<Pending*> write_batch();   // takes the batch from the queue, writes it, sets every answer
    std::vector<Pending*> take_batch();
    // The batch inside the caller's transaction, a few statements for all its records (arrays + unnest);
    // `n`: the day counter (row `compact`, locked by the caller) before it.
    Result<std::vector<StoreOutcome>> batch_in(pg::Conn& c, const std::vector<Pending*>& batch,
                                               const std::string& compact, std::int64_t n);
    // The audit chain (intake_pg_audit.cpp): the lock taken and the head read (empty chain: nullopt), and
    // rows that follow it appended in one statement.
    Result<std::optional<kiosk::AuditEntry>> audit_head_in(pg::Conn& c);
    Status audit_rows_in(pg::Conn& c, const std::vector<kiosk::AuditEntry>& rows, const std::vector<std::string>& subjects);
    Result<std::optional<Ticket>> ticket_in(pg::Conn& c, const std::string& request_id, bool for_update);
    Status audit_in(pg::Conn& c, const std::string& actor, const std::string& action, const std::string& detail,
                    const std::string& subject);
    Status event_in(pg::Conn& c, const std::string& station, const std::string& type, const std::string& fields_json);
    Result<Ticket> update_call_in(pg::Conn& c, const std::string& request_id, const std::string& set_sql, int window,
                                  const std::string& actor, const std::string& action);
    // One transaction around a change to one ticket: a pooled connection, the row locked, `change` given
    // the row as it was; committed only when the change succeeded (the Tx rolls back otherwise).
    using TicketChange = std::function<Result<Ticket>(pg::Conn& c, const Ticket& cur)>;
    Result<Ticket> with_locked_ticket(const std::string& request_id, const TicketChange& change);

    std::unique_ptr<pg::Pool> pool_;
    kiosk::KeyRing data_, lookup_;
    std::string prefix_;
    std::mutex commit_mu_;
    std::deque<Pending*> commit_queue_;   // waiting store() calls, oldest first
    bool committing_ = false;             // a leader is writing a batch (false ⇒ the queue is empty)
};

// A Ticket from the columns of kTicketColumns, row `i` of `r`.
Ticket pg_ticket(const pg::Rows& r, int i);

} // namespace intake
