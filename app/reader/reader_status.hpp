#pragma once
// [SECTION] What the reader driver reports: a snapshot safe to copy to the UI thread every frame.
// device follows DESIGN.md ("ok | absent | fault"); problem says which failure, staff_text says it in
// technical words for staff mode and `kiosk reader status` (never card data); resident_hint() is the one
// plain instruction a resident gets for it.
#include <cstdint>
#include <string>

namespace kiosk::reader {

enum class DeviceState { ok, absent, fault };
const char* device_state_name(DeviceState s);   // "ok" | "absent" | "fault"

enum class Problem {
    none,
    not_configured,     // [reader] uri = none
    no_device,          // the path does not exist / the device is unplugged
    busy,               // another program holds the device
    denied,             // permissions (docs/ADMIN.md: group dialout, udev rule)
    not_answering,      // the device opens but no reader answers (wrong port, wrong baud, powered off)
    unplugged,          // the device went away while in use
    sam_fault,          // SW3 60/66: the reader's security module; the reader needs service
    frame_checksum,     // an answer failed our checksum (line noise) or the reader refused ours (SW3 10)
    frame_length,       // an answer whose LEN or block lengths do not add up (SW3 11 for ours)
    timeout,            // no answer to a card command in time
    removed_mid_read,   // the answer stopped part-way: the card moved or was taken off during the read
    select_failed,      // SW3 81
    auth_failed,        // SW3 31/32/33: the card failed authentication (damaged, fake, or moved)
    read_failed,        // SW3 41/47/40 and other card errors
    bad_card_data,      // the text decoded, but its number or birth date does not check out
    reader_error,       // any other SW3 (21/23/24/FF/unknown)
};
const char* problem_name(Problem p);   // stable names for logs, tests, staff ("removed_mid_read")

// What the resident is told (the UI has one string per hint: assets/i18n "reader.hint.*").
enum class ResidentHint {
    none,
    place_card,     // 请把身份证平放在感应区，不要移动 — the card can be read if placed again
    use_typing,     // the reader is not usable now: 请手动填写
    card_unreadable,// this card cannot be read here: type, or ask staff
};
ResidentHint resident_hint(Problem p);
const char* resident_hint_name(ResidentHint h);   // "place_card" | "use_typing" | "card_unreadable" | "none"

struct ReaderStatus {
    DeviceState device = DeviceState::absent;
    Problem problem = Problem::not_configured;   // the last failure; none after a good read or start-up
    std::string staff_text = "no reader configured";
    bool configured = false;     // uri is not none
    bool checked = false;        // the driver has tried the device at least once (the status is not a guess)
    bool card_present = false;   // a card lies on the reader (known while polling)
    bool reading = false;        // a read is under way
    std::uint64_t reads = 0;     // good reads since start: the UI sees a new card when it grows
    // The last failure, kept after the reader recovers or reads a card, for staff mode ("SW3 41 at 10:02").
    std::string last_error;      // its staff_text
    std::string last_error_at;   // RFC 3339 local time
};

// The one word staff mode shows first: "none" (not configured) | "connecting" (not tried yet) | "absent" |
// "fault" (e.g. SAM fault, SW3 60/66) | "card_present" | "ready" (assets/i18n staff "staff.reader.*").
const char* staff_state_name(const ReaderStatus& s);

} // namespace kiosk::reader
