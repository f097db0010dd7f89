#pragma once
// [SECTION] The kiosk's durable store (SQLite): requests, their upload outbox, staff accounts, audit.
// Every write that matters is one BEGIN IMMEDIATE transaction; WAL with synchronous=FULL so that once
// submit() returns, the request survives a power cut. PII is kept only as AES-256-GCM ciphertext.
// The store is the only code that speaks SQL (docs/ARCHITECTURE.md): its connection is not handed out.
#include "audit.hpp"
#include "events/station_event.hpp"
#include "status.hpp"
#include "crypto.hpp"
#include "request.hpp"
#include "result.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace kiosk {

namespace sql { class StmtCache; class Stmt; }
namespace testing { struct StoreProbe; }

// DESIGN.md, "A request's life".
enum class RequestState { queued, sending, retry_wait, uploaded, dead_letter, cleared, purged };
const char* state_name(RequestState s);
bool parse_state(const std::string& s, RequestState& out);

using WallClock = std::chrono::system_clock;
using WallTime = WallClock::time_point;

// One row of the outbox as the uploader sees it.
struct OutboxItem {
    std::string request_id;
    RequestState state = RequestState::queued;
    int attempts = 0;
    WallTime next_attempt_at{};
    std::string payload;         // the frozen JSON body (decrypted); empty until first frozen
};

// A request as staff lists see it: no PII beyond the masked forms.
struct RequestSummary {
    std::string request_id, ticket, service_id, created_at, server_ref, last_error, cleared_reason;
    RequestState state = RequestState::queued;
    int attempts = 0;
    std::string masked_name, masked_id, masked_phone;   // 张*三, 1101**********002X, 138****8000
};

struct RequestFilter {
    std::optional<RequestState> state;
    std::string service_id;      // empty = any
    std::string day;             // "YYYY-MM-DD" local, empty = any
    int limit = 200, offset = 0;
    // false: leave masked_* empty and decrypt nothing (exports and checks that show no applicant).
    bool masked = true;
    // Staff's search box (app/staff_query.hpp): a ticket, the phone's last four digits or part of a name.
    // Names and phones are sealed, so such a search decrypts the applicant of each candidate row (newest
    // first, at most kSearchScanRows of them) — in the store, and nothing but the masked row leaves it.
    std::string query;
};

// [SECTION] Staff accounts' rows. StaffAccounts (staff_accounts.hpp) hashes PINs outside the store's lock
// and decides lockouts; the store keeps the rows and writes each change with its audit row.
struct StaffAccount {
    std::string id;               // short login name, [a-z0-9._-]{1,32}
    std::string display_name;     // shown in staff mode; the staff member's own name, not resident PII
    int iterations = 0;           // PBKDF2 iterations of the stored hash
    int failed = 0;               // wrong PINs since the last success or lockout
    int lockouts = 0;             // lockouts since the last success (decides the next lockout's length)
    WallTime locked_until{};      // epoch = not locked
    WallTime created_at{};
    std::optional<WallTime> last_login;
};

// Failure counting for one account, or for the kiosk-wide PIN-only pad.
struct LoginThrottle {
    int failed = 0, lockouts = 0;
    std::int64_t locked_until_ms = 0;   // Unix ms; 0 = not locked
};

// What checking a PIN against one account needs.
struct StaffCredential {
    std::string id;
    Bytes salt, pin_hash;
    int iterations = 0;
    LoginThrottle throttle;
};

// One wrong PIN applied to a throttle: the counters to store, and the minutes of the lockout it started
// (0: none).
struct LoginFailureStep {
    LoginThrottle after;
    int lockout_minutes = 0;
};

// [SECTION] Station events as the store keeps them (store_events.cpp).
struct CallRecord {
    std::int64_t seq = 0;
    std::string ticket, window, at;
    bool recall = false;
    WallTime received{};
};
struct DeskStatusRecord {
    std::string request_id, status, at, officer;
    LocalText message;
    std::int64_t seq = 0;
};
struct EventApplyOutcome {
    std::int64_t cursor = 0;              // the cursor as committed
    std::vector<StationEvent> applied;    // applied now, in order, each exactly once
    int duplicates = 0;                   // at or below the cursor: applied before
    int skipped = 0;                      // unknown type, or a status for a request this kiosk does not hold
    std::string held_back;                // non-empty: stopped before an event that has to wait (why)
};

class Store {
public:
    // Opens (creating if needed) the database at `path`, applies migrations, runs integrity_check.
    // A damaged database is reported (code "store.corrupt") and never replaced.
    // Also refuses (code "key.wrong", nothing written) a database holding personal data sealed under a key
    // id that `keys` does not have: data.key was replaced, and every queued request would die unread.
    static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path, const KeyRing& keys);
    // Which key ids seal the personal data in the database at `path`, and how many blobs each, read
    // without writing and without creating the file (none: no file, an empty file or no sealed rows). The
    // start-up asks before it creates a missing data.key (app/data_key.hpp).
    struct SealedKeyUse { std::string key_id; long long blobs = 0; };
    static Result<std::vector<SealedKeyUse>> sealed_keys(const std::filesystem::path& path);
    // A first start: writes the schema of a database that does not exist yet (or is an empty 0-byte file
    // with no key beside it), committed, before the data key is made — so a first start cut off at any
    // point never leaves a 0-byte database beside a key, which would be refused as damage.
    static Status create_schema(const std::filesystem::path& path);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // [SECTION] Residents
    // One transaction: request row + outbox row + ticket number. Returns only after COMMIT.
    Result<SubmittedRequest> submit(const NewRequest& req, WallTime now = WallClock::now());

    // [SECTION] Uploader
    // The oldest request due for sending at `now` (queued, or retry_wait whose time has come; a row left in
    // `sending` by a crash counts as due). Freezes the payload on first use (docs/STORE.md).
    Result<std::optional<OutboxItem>> next_due(WallTime now, const std::string& kiosk_id,
                                               const std::string& station_id);
    // next_due and mark_sending in one transaction: what the uploader calls before each POST.
    // `attempts` in the result counts the tries before this one.
    Result<std::optional<OutboxItem>> claim_next(WallTime now, const std::string& kiosk_id,
                                                 const std::string& station_id);
    std::optional<WallTime> next_wakeup();                       // earliest retry time, if any
    Status mark_sending(const std::string& id);
    Status mark_uploaded(const std::string& id, const std::string& server_ref, WallTime now);
    Status mark_retry(const std::string& id, WallTime next_attempt, const std::string& error);
    Status mark_dead_letter(const std::string& id, const std::string& reason);
    Status requeue(const std::string& id);                       // staff: retry a dead letter / retry now
    Status requeue(const std::string& id, const std::string& actor);   // same, audited under `actor`

    // [SECTION] Staff
    Result<QueueCounts> counts();
    // One page, newest first. Only the page's rows are decrypted, and of them only the applicant is
    // read (to mask it); with f.masked false nothing is decrypted.
    Result<std::vector<RequestSummary>> list(const RequestFilter& f);
    // Point lookups by request id (store.not_found for an unknown id): no list is scanned.
    Result<RequestState> state(const std::string& id);
    Result<RequestSummary> summary(const std::string& id);    // masked, as list() shows it
    Result<std::string> ticket(const std::string& id);          // reads no personal data
    Result<StoredRequest> load(const std::string& id);           // decrypts; callers audit unmasked views
    // Staff processed the request (on the intake system or on paper). Allowed from uploaded, dead_letter,
    // queued and retry_wait (a queued one is withdrawn from upload: paper is then the record); refused while
    // `sending` (the upload is in flight — retry in a moment) and for cleared/purged. Audited.
    Status clear(const std::string& id, const std::string& reason, WallTime now);
    Status clear(const std::string& id, const std::string& reason, WallTime now, const std::string& actor);
    // Purges PII of requests uploaded and cleared more than `retention_days` ago. Returns how many.
    Result<int> purge(WallTime now, int retention_days);

    // Copies committed WAL frames into the database file (PASSIVE: never blocks a writer). The store calls
    // it itself off the resident's path — from counts(), mark_uploaded() (once the WAL passes 1000 frames)
    // and an idle claim_next(), which the upload thread calls — so a submit never pays for a checkpoint. Costs ~2 µs when there is nothing to do.
    Status checkpoint();

    // [SECTION] Station events (store_events.cpp, docs/EVENTS.md)
    // The last event seq applied (0 before the first).
    Result<std::int64_t> event_cursor();
    // Applies the batch's events above the cursor, in order, and moves the cursor to the last one applied
    // (or to batch.next when every event was applied) — ONE transaction, so a crash or a dropped
    // connection neither loses nor repeats an event. Events at or below the cursor are duplicates and are
    // skipped. A done/rejected status clears the request as `desk:<officer>` (audited, starts the purge
    // clock); a status for a request being uploaded right now holds the batch back (held_back) so the
    // worker asks again in a moment.
    Result<EventApplyOutcome> apply_events(const EventBatch& batch, WallTime now);
    // Calls applied since `since`, newest first (the banner after a restart).
    Result<std::vector<CallRecord>> recent_calls(int limit, WallTime since);
    // What the desk last said about one of this kiosk's requests (nullopt: nothing yet).
    Result<std::optional<DeskStatusRecord>> desk_status(const std::string& request_id);
    // The newest attract-screen notice event, as sent (empty: none).
    Result<std::string> latest_notice();
    // Requests this kiosk took since `since` with `ticket` whose phone ends in `phone_last4`, newest first
    // (the progress query's typed way in). Decrypts only to compare; returns ids only.
    Result<std::vector<std::string>> find_by_ticket(const std::string& ticket, const std::string& phone_last4, WallTime since);
    // Requests this kiosk took since `since` with `ticket`, newest first: the progress query by short
    // reference keeps the one whose reference it is (app/short_ref.hpp). Ids only; nothing is decrypted.
    Result<std::vector<std::string>> ids_with_ticket(const std::string& ticket, WallTime since);
    // Requests this kiosk took since `since` whose applicant has this document number, newest first (the
    // progress query by ID card when the intake cannot be asked). Decrypts only to compare; ids only.
    Result<std::vector<std::string>> find_by_id_number(const std::string& id_number, WallTime since);
    // Where the identity of each request still holding personal data came from (applicant.source: the
    // ID-card reader or typed; "" for requests from before it was recorded): counts only, for
    // `kiosk queue sources`. Decrypts to read, wipes.
    struct IdentitySources { long long card = 0, typed = 0, unknown = 0; };
    Result<IdentitySources> identity_sources();

    // [SECTION] Ratings (the optional 1–5 star screen after submit). Not PII.
    Status rate(const std::string& request_id, const std::string& service_id, int stars, WallTime now = WallClock::now());
    // Count and sum of the stars given on each local day (YYYY-MM-DD) since `since_day`, oldest first: the
    // heartbeat carries them so the intake's day report can show satisfaction (counts only, no request ids).
    struct DayRatings { std::string day; long long count = 0, sum = 0; };
    Result<std::vector<DayRatings>> ratings_by_day(const std::string& since_day);

    // [SECTION] Tickets. One digit put between the category letter and the number (A023 → A1023), from
    // [kiosk] ticket_mark: tickets stay unique per station and day across kiosks. Empty: no mark.
    void set_ticket_mark(std::string mark) { std::lock_guard lock(mu_); ticket_mark_ = std::move(mark); }

    // [SECTION] Audit log (store_audit.cpp; the chain's arithmetic is audit.hpp)
    // Appends one row in its own transaction. The store's own actions (clear, requeue, purge, staff
    // accounts …) write theirs inside the transaction of the action they record.
    Status append_audit(WallTime at, std::string_view actor, std::string_view action, std::string_view detail);
    Result<AuditVerdict> verify_audit();                                  // re-computes the chain from row 1
    Result<std::vector<AuditEntry>> list_audit(int limit = 200, int offset = 0);   // newest first
    Result<std::optional<AuditEntry>> last_audit(std::string_view action);      // newest row of that action
    // The chain's newest row (the heartbeat's audit_head) and the row at `seq` (audit_at_anchor): the
    // intake anchors them so a rewritten or cut-off chain is noticed off the kiosk. nullopt: no such row.
    Result<std::optional<AuditEntry>> audit_head();
    Result<std::optional<AuditEntry>> audit_at(std::int64_t seq);

    // [SECTION] Staff accounts (store_accounts.cpp). Each change is audited under `actor`.
    // staff.exists when the id is taken; staff.not_found for remove/set_pin of an unknown id.
    Status add_staff(const std::string& id, const std::string& display_name, const Bytes& salt, const Bytes& pin_hash,
                     int iterations, WallTime now, const std::string& actor);
    Status remove_staff(const std::string& id, WallTime now, const std::string& actor);
    // A new PIN also lifts a lockout.
    Status set_staff_pin(const std::string& id, const Bytes& salt, const Bytes& pin_hash, int iterations, WallTime now,
                         const std::string& actor);
    Result<std::vector<StaffAccount>> list_staff();
    Result<bool> has_staff();
    // One account's credential (empty when unknown), or every account's when `id` is empty (the PIN-only pad).
    Result<std::vector<StaffCredential>> staff_credentials(const std::string& id);
    Result<LoginThrottle> pin_only_throttle();
    // A right PIN: resets the account's counters (and the PIN-only pad's when `pin_only`), records
    // last_login and audits staff.login — one transaction.
    Status record_login(const std::string& id, bool pin_only, WallTime now);
    // A wrong PIN for `id` (empty: the PIN-only pad or an unknown id): re-reads the counters inside one
    // transaction (another attempt may have counted meanwhile), applies `count`, stores the result and
    // audits staff.login_failed, and staff.lockout when a lockout started.
    Result<LoginFailureStep> record_login_failure(const std::string& id, WallTime now,
                                                  LoginFailureStep (*count)(LoginThrottle, std::int64_t now_ms));

    const std::filesystem::path& path() const { return path_; }
    static constexpr int kSchemaVersion = 3;
    static constexpr int kSearchScanRows = 20000;   // ~100 days at 200 a day: more than retention keeps

private:
    Store(sqlite3* db, std::filesystem::path path, const KeyRing& keys);
    Result<StoredRequest> load_locked(const std::string& id);
    RequestSummary summary_row(const sql::Stmt& q, bool masked) const;
    Result<std::vector<RequestSummary>> search_locked(const RequestFilter& f);
    // Runs `q` (columns id, key_id, pii) and returns the ids whose decrypted applicant `match`es; every
    // decrypted copy is wiped.
    Result<std::vector<std::string>> ids_whose_applicant_locked(sql::Stmt& q, const std::function<bool(const Applicant&)>& match,
                                                                const char* what);
    Result<RequestState> state_locked(const std::string& id);
    Status freeze_payload_locked(const std::string& id, const std::string& kiosk_id, const std::string& station_id,
                                 std::string& body);
    Result<std::optional<OutboxItem>> claim_locked(WallTime now, const std::string& kiosk_id,
                                                   const std::string& station_id, bool mark_sending);
    Status mark_sending_locked(const std::string& id);
    Status checked_update_locked(sql::Stmt& update, const std::string& id, const char* verb, std::string_view what);
    Status dead_letter_locked(const std::string& id, const std::string& reason, bool check_state);
    Status clear_locked(const std::string& id, const std::string& reason, WallTime now, const std::string& actor,
                        RequestState from);
    Result<std::int64_t> event_cursor_locked();

    Status audit_locked(WallTime at, std::string_view actor, std::string_view action, std::string_view detail);
    Result<LoginThrottle> throttle_locked(const std::string& id);
    Status write_throttle_locked(const std::string& id, const LoginThrottle& t);
    Status checkpoint_locked();
    static int on_wal_commit(void* self, sqlite3* db, const char* schema, int frames);

    // Tests only (tests/core/store_probe.hpp): they inspect and damage the file through this connection.
    // tests/rules/check_layering.sh fails if code outside tests/ names it.
    friend struct testing::StoreProbe;

    // Every public method takes this lock: several threads may share one Store (the UI thread, the
    // housekeeping purge, staff tools), and a transaction must never interleave with another thread's
    // statements. The kiosk opens two Stores on one database — the UI thread's and the uploader's — so an
    // upload never waits for this lock; WAL and BEGIN IMMEDIATE order the two connections.
    std::mutex mu_;
    sqlite3* db_;
    std::unique_ptr<sql::StmtCache> stmts_;   // the store's statements, prepared once per connection
    int wal_frames_ = 0;                      // WAL size after this connection's last commit (on_wal_commit)
    static constexpr int kCheckpointFrames = 1000;
    std::filesystem::path path_;
    const KeyRing& keys_;
    std::string ticket_mark_;
};

} // namespace kiosk
