#pragma once
// [SECTION] Station events — what the intake's long-poll (GET /v1/events, ../shared/DESIGN.md "Station desk
// and events") delivers to the kiosk, parsed and checked. Pure: no I/O, no clock. The store applies them
// (Store::apply_events) and the event worker feeds them in (event_worker.hpp). docs/EVENTS.md.
#include "app/result.hpp"
#include "app/text.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

enum class EventType { call, status, notice, unknown };
const char* event_type_name(EventType t);

struct StationEvent {
    std::int64_t seq = 0;           // > 0, increasing per station, never repeated
    EventType type = EventType::unknown;
    std::string at;                 // RFC 3339 as the intake sent it (display only)
    // call
    std::string ticket;             // "A023" (letters, digits, '-'; at most 16)
    std::string window;             // "2" (at most 8 characters, no spaces)
    bool recall = false;
    // status
    std::string request_id;
    std::string status;             // received | accepted | processing | done | needs_more | rejected
    LocalText message;              // the officer's words (needs_more, rejected)
    std::string officer;            // who changed it at the desk (audit actor); may be empty
    // notice
    std::string notice_json;        // the event object as sent, for the attract screen's notices
};

// One answer of GET /v1/events: the events in the order sent, and `next`, the seq to ask after next time.
// Events whose own fields are unusable (a call without ticket, an unknown status word) are kept with
// type unknown: their seq still counts, so a bad event never blocks the stream behind it.
struct EventBatch {
    std::vector<StationEvent> events;
    std::int64_t next = 0;
    int malformed = 0;              // events turned into `unknown` because a field was unusable
};

// Error code "events.bad_answer" (not JSON, no events array, an event without a positive integer seq).
Result<EventBatch> parse_event_batch(std::string_view body);

// Desk statuses that end a request at the kiosk (cleared, the purge clock starts).
bool desk_status_final(std::string_view status);
bool valid_desk_status(std::string_view status);

// A call as espeak-ng says it: "请 A 零 二 三 号，到 二 号窗口办理" — the ticket spelled out, so the voice
// does not read it as a number (the banner's words are the string table's "calls.banner").
std::string call_spoken_text(std::string_view ticket, std::string_view window);

} // namespace kiosk
