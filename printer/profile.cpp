#include "printer/profile.hpp"

namespace kiosk::printer {

Profile profile_58mm() {
    Profile p;
    p.paper_mm = 58;
    p.dots = 384;
    p.columns = 32;
    p.qr_module = 5;
    p.ticket_size_max = 5;
    return p;
}

Profile profile_80mm() { return Profile{}; }

Profile profile_for(const Config::Printer& c) {
    Profile p = c.paper == 58 ? profile_58mm() : profile_80mm();
    p.native_qr = c.native_qr;
    return p;
}

} // namespace kiosk::printer
