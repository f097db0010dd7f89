#pragma once
// [SECTION] Server-side validation of POST /v1/requests: never trust the client. Uses the kiosk's own
// parser (from_wire), catalog and field validators — the same code, linked from kiosk_core, not a copy.
#include "app/catalog.hpp"
#include "app/request.hpp"
#include "app/validators.hpp"

#include <string>
#include <vector>

namespace intake {

struct FieldError {
    std::string field;     // "applicant.phone", "fields.purpose", "service_id", …
    std::string code;      // the validator's stable code, e.g. "phone.format"
    std::string message;   // the validator's words (zh; en in message_en on the wire)
    std::string message_en;
};

// Every problem with the request, in field order; empty = valid. `today` is the intake's local date.
std::vector<FieldError> check_request(const kiosk::WireRequest& w, const kiosk::Catalog& catalog,
                                      const kiosk::Date& today);

kiosk::Date local_today();

} // namespace intake
