#pragma once
// [SECTION] What every IntakeStore backend (SQLite, PostgreSQL) computes the same way, so the two cannot
// drift: the listing columns derived from a request, the stored answer, the desk status machine, the event
// bodies, desk accounts' category lists, and the key files with their refusals. No SQL here.
#include "app/crypto.hpp"
#include "server/intake_store.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace intake {

// The leading capital letters of a ticket: its category (A1023 → A).
std::string category_of(const std::string& ticket);
std::string upper_ascii(std::string s);   // ID numbers are matched case-blind (the X of a check digit)
std::int64_t now_ms();

// The columns of a Ticket, in the order both backends read them.
extern const char* const kTicketColumns;

// The listing columns and MACs of a new request, computed once from what the kiosk sent.
struct RecordColumns {
    std::string category, day, name_masked, id_mac, payload_mac;
};
RecordColumns record_columns(const NewRecord& r, const kiosk::KeyRing& lookup);

// server_ref = PREFIX-YYYYMMDD-NNNNNN, and the JSON answer stored on first receipt (replayed verbatim).
std::string server_ref(const std::string& prefix, const std::string& day_compact, std::int64_t n);
std::string stored_response(const std::string& request_id, const std::string& server_ref, const std::string& received_at);

// The desk status machine (docs/DESK_API.md "Transitions").
bool status_allowed(const std::string& from, const std::string& to);

// Event bodies: the fields of a call / status event, and the whole event object as sent.
std::string call_event_fields(const Ticket& t, bool recall, bool transfer);
std::string status_event_fields(const Ticket& before, const std::string& status, const std::string& message_zh,
                                const std::string& message_en, const std::string& actor);
std::string event_json(const std::string& fields_json, std::int64_t seq, const std::string& type, const std::string& at);

// The help alert shown while a kiosk's help request stands.
Alert help_alert(const std::string& kiosk_id, const std::string& since);

// Desk accounts keep their categories as "A,B".
std::string join_serves(const std::vector<std::string>& v);
std::vector<std::string> split_serves(const std::string& s);

// [SECTION] keys
struct KeyFiles {
    std::filesystem::path data, lookup;
};
KeyFiles key_files(const std::filesystem::path& dir);
// kiosk-intake migrate: the target must read what the source sealed, so it gets the source's key files
// (copied 0600 when absent; present ones must be byte-identical, else "key.wrong" and nothing copied).
kiosk::Status copy_keys(const std::filesystem::path& from_dir, const std::filesystem::path& to_dir);
kiosk::Error key_missing(const std::filesystem::path& key, const std::string& db, long long sealed);
kiosk::Error key_wrong(const std::string& db, const std::string& other_id, const std::filesystem::path& key,
                       const std::string& key_id);

} // namespace intake
