#pragma once
// [SECTION] Printer status from DLE EOT 1, 2 and 4 (real-time status transmission), in words for staff.
//   n=1 printer:        bit 3 offline
//   n=2 offline cause:  bit 2 cover open, bit 5 stopped at paper end, bit 6 error
//   n=4 paper sensor:   bits 2–3 paper near end, bits 5–6 paper end
// Every reply byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is garbage (→ unknown).
#include "app/result.hpp"
#include "app/status.hpp"
#include "app/text.hpp"

#include <string>

namespace kiosk::printer {

class Transport;

// The state itself is the core's (app/status.hpp): it crosses to the UI and the heartbeat typed.
using kiosk::PrinterState;
inline const char* state_name(PrinterState s) { return printer_state_name(s); }
std::string state_words(PrinterState s, Locale l);

struct StatusReply {
    int printer = -1, offline_cause = -1, paper = -1;   // the reply byte, or -1 for no reply
};

bool status_byte_valid(int b);
PrinterState decode_status(const StatusReply& r);

// On a two-way transport: discard stale input, then ask DLE EOT 1, 2, 4, each answer awaited at most
// `timeout_ms`. An error only when the transport itself failed (then the printer is unreachable).
Result<StatusReply> query_status(Transport& t, int timeout_ms);

} // namespace kiosk::printer
