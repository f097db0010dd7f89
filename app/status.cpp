#include "app/status.hpp"

namespace kiosk {

const char* printer_state_name(PrinterState s) {
    switch (s) {
    case PrinterState::ok: return "ok";
    case PrinterState::paper_near_end: return "paper_near_end";
    case PrinterState::paper_out: return "paper_out";
    case PrinterState::cover_open: return "cover_open";
    case PrinterState::offline: return "offline";
    case PrinterState::unknown: return "unknown";
    case PrinterState::disabled: return "disabled";
    }
    return "unknown";
}

} // namespace kiosk
