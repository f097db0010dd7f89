#pragma once
// [SECTION] The receipt a resident takes away — a plain model, built from the stored request, then laid out
// for the paper (receipt_layout.hpp) and encoded (receipt_encode.hpp). It carries only MASKED personal data,
// so it may be kept in memory for reprints and written to preview PNGs.
#include "app/catalog.hpp"
#include "app/config.hpp"
#include "app/request.hpp"
#include "app/text.hpp"

#include <string>
#include <vector>

namespace kiosk::printer {

struct ReceiptField {
    std::string label;
    std::string value;
};

struct Receipt {
    Locale locale = Locale::zh;
    std::string station_name;
    std::string title;              // 排队凭条 / Queue ticket
    std::string ticket_caption;     // 您的号码 / Your number
    std::string ticket;             // A023, printed very large
    std::string service_name;
    std::string date_time;          // "2026-11-28 21:30" (kiosk local time, from created_at)
    std::vector<ReceiptField> applicant;   // masked: 张*三, 4201**********123X, 138****8000
    std::string materials_heading;
    std::vector<std::string> materials;
    std::string next_heading;
    std::vector<std::string> next_steps;
    std::string qr_payload;         // qr_payload_for(request_id)
    std::string qr_caption;
    std::string short_ref;          // "查询编号：A023-7K3M" (app/short_ref.hpp), printed large under the ticket
    std::string reference;          // the request id, printed under the QR for staff to type
    std::string hotline;            // "服务热线 110"
    std::vector<std::string> footer;
};

// What the QR code carries: the request reference itself (the UUIDv4 request id, lower case, nothing
// added), so a staff scanner yields exactly the key the intake server and the staff screen look up.
std::string qr_payload_for(const std::string& request_id);

Receipt build_receipt(const StoredRequest& r, const Service& service, const Config& cfg, Locale locale);
// A second copy says so in its title (排队凭条（补打） / "Queue ticket (reprint)"), so a slip in a resident's
// hand can be told from the first one. Marking twice changes nothing.
void mark_reprint(Receipt& r);

// The installer's test page: Chinese and Latin text, a fullwidth ￥, a rare name character (raster path),
// a QR code and a cut.
Receipt test_receipt(const Config& cfg, Locale locale, const std::string& when);

// "2026-11-28T21:30:05+08:00" → "2026-11-28 21:30"; anything else is returned unchanged.
std::string receipt_date_time(const std::string& rfc3339);

} // namespace kiosk::printer
