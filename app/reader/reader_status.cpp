#include "app/reader/reader_status.hpp"

namespace kiosk::reader {

const char* device_state_name(DeviceState s) {
    switch (s) {
    case DeviceState::ok: return "ok";
    case DeviceState::absent: return "absent";
    case DeviceState::fault: return "fault";
    }
    return "absent";
}

const char* problem_name(Problem p) {
    switch (p) {
    case Problem::none: return "none";
    case Problem::not_configured: return "not_configured";
    case Problem::no_device: return "no_device";
    case Problem::busy: return "busy";
    case Problem::denied: return "denied";
    case Problem::not_answering: return "not_answering";
    case Problem::unplugged: return "unplugged";
    case Problem::sam_fault: return "sam_fault";
    case Problem::frame_checksum: return "frame_checksum";
    case Problem::frame_length: return "frame_length";
    case Problem::timeout: return "timeout";
    case Problem::removed_mid_read: return "removed_mid_read";
    case Problem::select_failed: return "select_failed";
    case Problem::auth_failed: return "auth_failed";
    case Problem::read_failed: return "read_failed";
    case Problem::bad_card_data: return "bad_card_data";
    case Problem::reader_error: return "reader_error";
    }
    return "reader_error";
}

ResidentHint resident_hint(Problem p) {
    switch (p) {
    case Problem::none: return ResidentHint::none;
    case Problem::frame_checksum:
    case Problem::frame_length:
    case Problem::timeout:
    case Problem::removed_mid_read:
    case Problem::select_failed:
    case Problem::read_failed:
    case Problem::bad_card_data: return ResidentHint::place_card;
    case Problem::auth_failed: return ResidentHint::card_unreadable;
    default: return ResidentHint::use_typing;
    }
}

const char* resident_hint_name(ResidentHint h) {
    switch (h) {
    case ResidentHint::none: return "none";
    case ResidentHint::place_card: return "place_card";
    case ResidentHint::use_typing: return "use_typing";
    case ResidentHint::card_unreadable: return "card_unreadable";
    }
    return "none";
}

const char* staff_state_name(const ReaderStatus& s) {
    if (!s.configured) return "none";
    if (!s.checked) return "connecting";
    switch (s.device) {
    case DeviceState::absent: return "absent";
    case DeviceState::fault: return "fault";
    case DeviceState::ok: break;
    }
    return s.card_present ? "card_present" : "ready";
}

} // namespace kiosk::reader
