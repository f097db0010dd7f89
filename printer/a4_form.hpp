#pragma once
// [SECTION] The A4 application form, for services that need a signed paper form: every field with its label,
// the ticket, the request reference as text and QR, a declaration, and signature and date boxes for the
// applicant and the officer. Drawn once with cairo (Noto Sans CJK SC through fontconfig) into a PDF (vector,
// for printing) or a PNG (preview), so the preview is the form.
//
// Unlike the receipt the form carries the FULL personal data — it is the application the resident signs.
// So the PDF is produced in memory and handed to CUPS on stdin (no file left behind); files, when asked for,
// are created 0600.
#include "app/catalog.hpp"
#include "app/config.hpp"
#include "app/request.hpp"
#include "app/result.hpp"

#include <filesystem>
#include <string>

namespace kiosk::printer {

// The PDF, as bytes (one or more A4 pages). Error "printer.a4".
Result<std::string> a4_form_pdf(const StoredRequest& r, const Service& s, const Config& cfg, Locale l);
// The first page as a PNG at `dpi` (the same drawing). Error "printer.a4" / "printer.png".
Status a4_form_png(const StoredRequest& r, const Service& s, const Config& cfg, Locale l,
                   const std::filesystem::path& png, double dpi = 110);

struct A4Output {
    std::filesystem::path pdf;   // empty = not written
    std::filesystem::path png;   // empty = not written
};
// Writes the PDF and/or PNG preview, each 0600.
Status render_a4_form(const StoredRequest& r, const Service& s, const Config& cfg, Locale l, const A4Output& out);

// Prints PDF bytes with `lp -d QUEUE` (PDF on stdin; $KIOSK_LP overrides lp). Error "printer.unreachable".
Status print_a4_form(const std::string& pdf, const std::string& cups_queue, int timeout_ms = 60000);

} // namespace kiosk::printer
