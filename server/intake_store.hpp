#pragma once
// [SECTION] The intake's storage, behind one interface so that a PostgreSQL backend (issue #18) can sit beside
// the SQLite one (server/intake_sqlite*.cpp) without touching the HTTP code. docs/DESK.md, "Storage".
//
// What every backend keeps:
// - requests: the payload (all personal data) sealed with AES-256-GCM (app/crypto KeyRing, aad = request id),
//   and beside it the listing columns the desk queue shows (ticket, category, service, masked name, kiosk,
//   station, desk status, call state, times) — a listing decrypts nothing. The ID number is findable only
//   through HMAC-SHA256 under a second key (id_mac), never stored in clear.
// - a hash-chained audit log (the kiosk's construction, app/audit), desk accounts (PBKDF2, app/crypto),
//   per-station events with increasing seqs, heartbeats, audit anchors per kiosk, desk alerts, ratings.
// Every state change commits with its audit row and its event in ONE transaction.
// Sections: records · desk view · accounts · events/alerts · the interface · opening
#include "app/audit.hpp"
#include "app/result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace intake {

class EventHub;
using kiosk::Result;
using kiosk::Status;

// [SECTION] records
struct NewRecord {
    std::string request_id, kiosk_id, station_id, service_id, ticket, created_at;
    std::string payload;          // canonical JSON (keys sorted) as received — sealed before it is stored
    std::string payload_sha256;   // of `payload`; the store keeps only a keyed MAC of it (idempotency)
    std::string name, id_number;  // the applicant's, for the masked name and the id lookup MAC; never stored
};

enum class StoreKind { created, replay, conflict, ticket_taken };
struct StoreOutcome {
    StoreKind kind = StoreKind::created;
    std::string response;         // the JSON body to send (stored on first receipt, replayed verbatim)
};

struct Row {                      // one stored request, for list/export (payload decrypted: export is PII)
    long long seq = 0;
    std::string server_ref, received_at, request_id, kiosk_id, station_id, service_id, ticket, created_at;
    std::string payload;
};

// [SECTION] desk view
// desk_status: received → accepted → processing → done | needs_more | rejected; needs_more → processing.
// call_state: waiting → called (window, recalls) → served | no_show; recall re-calls a no-show.
struct Ticket {
    std::string request_id, ticket, category, service_id, name_masked, kiosk_id, station_id;
    std::string created_at, received_at, day;     // day: the ticket's local day (YYYY-MM-DD, from created_at)
    std::int64_t received_ms = 0;
    std::string call_state = "waiting", desk_status = "received";
    int window = 0, recalls = 0;                   // window 0: not assigned yet
    std::int64_t called_ms = 0;                    // first call; 0 = never called
    std::string message_zh, message_en, reason, updated_at, server_ref;
};

struct HistoryItem { std::string at, actor, what; };

// [SECTION] accounts
struct LoginThrottle {
    int failed = 0, lockouts = 0;
    std::int64_t locked_until_ms = 0;
};
struct DeskAccount {
    std::string name;
    int window = 0;
    std::vector<std::string> serves;               // ticket categories (letters); empty = every category
    std::vector<std::uint8_t> salt, hash;
    int iterations = 0;
    LoginThrottle throttle;
    std::string created_at;
};

// A desk console's login, kept in the database so that every instance sharing it knows it: a console behind
// any balancer, or an instance restarted, keeps its officer logged in. The cookie value is kept only as its
// SHA-256 (a copy of the database lets no one in); the CSRF token as issued (it is worthless without the
// cookie, and the console asks for it again after a reload). Times are wall-clock ms: instances share them.
struct StoredDeskSession {
    std::string token_hash, csrf, name;
    std::int64_t created_ms = 0, last_used_ms = 0;
};

// [SECTION] events/alerts
struct Event {
    std::int64_t seq = 0;
    std::string type, at;
    std::string json;            // the whole event object as sent ({"seq","type","at",…})
};
struct Alert { std::string kind, kiosk_id, at, message_zh, message_en; };
struct Anchor { std::int64_t head_seq = 0; std::string head_hash; std::int64_t anchor_seq = 0; std::string anchor_hash; };
struct DayRatings { long long count = 0, sum = 0; };

// [SECTION] moving between backends (kiosk-intake migrate)
// One table's rows as text, bytes as lowercase hex (is_blob), SQL NULL as nullopt; the column names are the
// same in both backends' schemas.
struct TableDump {
    std::string name;
    std::vector<std::string> columns;
    std::vector<bool> is_blob;
    std::vector<std::vector<std::optional<std::string>>> rows;
};

// [SECTION] the interface
class IntakeStore {
public:
    virtual ~IntakeStore() = default;

    // Requests (POST /v1/requests). `station` is the one the client certificate says.
    virtual Result<StoreOutcome> lookup(const std::string& request_id, const std::string& payload_sha256) = 0;
    // One transaction: refuses (ticket_taken) a ticket already held by another request of that station and
    // day — never merges; otherwise as lookup() for a known id.
    virtual Result<StoreOutcome> store(const NewRecord& r) = 0;
    // Many requests in ONE transaction, each as store() would (the benchmark's fill; an import).
    virtual Status store_batch(const std::vector<NewRecord>& records) = 0;
    virtual Result<std::vector<Row>> rows() = 0;                       // decrypts (export)
    virtual Result<std::vector<std::string>> find_by_id_number(const std::string& id_number) = 0;

    virtual Status store_heartbeat(const std::string& kiosk_id, const std::string& body) = 0;
    virtual Result<long long> heartbeat_count() = 0;
    virtual Status check_writable() = 0;

    // Desk view. Tickets of `station` on `day`, oldest first; no decryption.
    virtual Result<std::vector<Ticket>> tickets(const std::string& station, const std::string& day) = 0;
    virtual Result<std::optional<Ticket>> ticket(const std::string& request_id) = 0;
    virtual Result<std::string> payload(const std::string& request_id) = 0;   // decrypts: callers audit
    virtual Result<std::vector<HistoryItem>> history(const std::string& request_id) = 0;

    // Calls and status; each writes its audit row (actor) and its event. Error codes: "desk.not_found",
    // "desk.bad_transition", "desk.none_waiting".
    virtual Result<Ticket> call_next(const std::string& station, const std::string& day, int window,
                                     const std::vector<std::string>& serves, const std::string& actor) = 0;
    virtual Result<Ticket> recall(const std::string& request_id, int window, const std::string& actor) = 0;
    virtual Result<Ticket> no_show(const std::string& request_id, const std::string& actor) = 0;
    virtual Result<Ticket> transfer(const std::string& request_id, int window, const std::string& actor) = 0;
    virtual Result<Ticket> set_status(const std::string& request_id, const std::string& status,
                                      const std::string& message_zh, const std::string& message_en,
                                      const std::string& reason, const std::string& actor) = 0;

    // Audit (hash-chained, app/audit). `subject` (a request id or "") indexes history; not hashed.
    virtual Status append_audit(const std::string& actor, const std::string& action, const std::string& detail,
                                const std::string& subject = {}) = 0;
    virtual Result<kiosk::AuditVerdict> verify_audit() = 0;
    virtual Result<std::vector<kiosk::AuditEntry>> list_audit(int limit) = 0;

    // Desk accounts. Changes are audited under `actor`. Codes: "desk.exists", "desk.unknown".
    virtual Status add_account(const DeskAccount& a, const std::string& actor) = 0;
    virtual Status remove_account(const std::string& name, const std::string& actor) = 0;
    virtual Status set_password(const std::string& name, const std::vector<std::uint8_t>& salt,
                                const std::vector<std::uint8_t>& hash, int iterations, const std::string& actor) = 0;
    virtual Result<std::vector<DeskAccount>> accounts() = 0;
    virtual Result<std::optional<DeskAccount>> account(const std::string& name) = 0;
    virtual Status write_throttle(const std::string& name, const LoginThrottle& t) = 0;
    // Desk sessions (server/desk_sessions.* decides expiry and renewal). Removing an account or changing its
    // password ends its sessions in the same transaction. add_desk_session also deletes every session last
    // used before `expire_before_ms`, so the table holds only live ones.
    virtual Status add_desk_session(const StoredDeskSession& s, std::int64_t expire_before_ms) = 0;
    virtual Result<std::optional<StoredDeskSession>> desk_session(const std::string& token_hash) = 0;
    virtual Status touch_desk_session(const std::string& token_hash, std::int64_t now_ms) = 0;
    virtual Status end_desk_session(const std::string& token_hash) = 0;

    // Events of one station after `after`, oldest first, at most `limit`.
    virtual Result<std::vector<Event>> events_after(const std::string& station, std::int64_t after, int limit) = 0;
    virtual Result<std::int64_t> last_event_seq(const std::string& station) = 0;

    // Alerts (desk queue, today's) and the per-kiosk heartbeat state.
    virtual Status raise_alert(const Alert& a) = 0;
    virtual Status set_help(const std::string& kiosk_id, bool requested) = 0;   // a help alert while requested
    virtual Result<std::vector<Alert>> alerts(const std::string& day) = 0;
    virtual Result<std::optional<Anchor>> anchor(const std::string& kiosk_id) = 0;
    virtual Status set_anchor(const std::string& kiosk_id, const Anchor& a) = 0;
    virtual Status set_ratings(const std::string& kiosk_id, const std::string& day, const DayRatings& r) = 0;
    virtual Result<DayRatings> ratings(const std::string& day) = 0;   // summed over the kiosks

    // Wakes `hub` whenever another process sharing this database commits an event (PostgreSQL: LISTEN on
    // its own connection and thread). The returned handle stops watching when destroyed; it must not
    // outlive the store or the hub. SQLite: one process per database, nothing to watch (an empty handle).
    struct Watch {
        virtual ~Watch() = default;
    };
    virtual std::unique_ptr<Watch> watch_events(EventHub& hub);

    // Every table, rows exactly as stored (sealed payloads stay sealed: the target needs the same keys).
    // SQLite only; the target, PostgreSQL, loads them into an empty database in ONE transaction.
    virtual Result<std::vector<TableDump>> dump_tables();
    virtual Status load_tables(const std::vector<TableDump>& tables);
};

// [SECTION] opening
// `spec`: "sqlite:PATH" or a bare PATH (SQLite), or "postgresql://…" (a libpq URI; server/intake_pg.hpp).
// The data key (intake-data.key) and the lookup key (intake-lookup.key), 0600, are created on the first
// start: beside the database for SQLite, in `key_dir` for PostgreSQL (required there: a database server has
// no "beside"; every instance sharing the database needs the same two files). A missing key while the
// database holds sealed requests is refused (code "key.missing"), nothing changed. Opening migrates older
// schemas, keeping every request. Error codes: "intake.db", "intake.db_down" (PostgreSQL unreachable),
// "intake.usage", "key.*".
struct OpenOptions {
    std::string ref_prefix = "QH";   // server_ref = PREFIX-YYYYMMDD-NNNNNN
    std::filesystem::path key_dir;   // PostgreSQL: required; SQLite: empty or the database's own directory
    int pool_size = 4;               // PostgreSQL: connections per instance
};
bool is_postgres_spec(const std::string& spec);
Result<std::unique_ptr<IntakeStore>> open_intake_store(const std::string& spec, const OpenOptions& o = {});
// A store failure that a client should retry later (the database is down or restarting): 503 + Retry-After.
inline bool is_db_down(const kiosk::Error& e) { return e.code == "intake.db_down"; }
// The database path a spec names (for messages and `--db` checks); empty for a non-SQLite spec.
std::filesystem::path sqlite_path(const std::string& spec);

// Local time as RFC 3339 with offset ("2026-11-28T21:30:05+08:00") and the local day "YYYYMMDD".
std::string now_rfc3339();
std::string today_compact();
std::string today_dashed();   // "YYYY-MM-DD"

} // namespace intake
