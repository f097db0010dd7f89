#pragma once
// [SECTION] Printer profile — what the encoder needs to know about the paper and the printer.
// Standard ESC/POS fonts at 203 dpi: Font A is 12×24 dots for Latin, 24×24 for Chinese (two columns).
#include "app/config.hpp"

namespace kiosk::printer {

enum class CutType { partial, full, none };

struct Profile {
    int paper_mm = 80;
    int dots = 576;            // printable width: 576 on 80 mm, 384 on 58 mm
    int columns = 48;          // Latin columns at size 1 (dots / 12)
    bool native_qr = true;     // GS ( k understood; else a raster QR (GS v 0) from libqrencode
    CutType cut = CutType::partial;
    int qr_module = 6;         // dots per QR module
    int feed_before_cut = 96;  // dots fed by GS V 66 n so the last line clears the cutter
    int ticket_size_max = 6;   // character magnification for the ticket number (GS ! allows 1..8)
};

Profile profile_58mm();
Profile profile_80mm();
// From [printer] paper and native_qr; anything but 58 is treated as 80 (the config loader validates).
Profile profile_for(const Config::Printer& p);

} // namespace kiosk::printer
