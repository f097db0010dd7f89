#pragma once
// A resident's request as the core passes it around, and its wire form (DESIGN.md, "Wire protocol").
#include "text.hpp"

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace kiosk {

struct Applicant {
    std::string name;
    std::string id_type;      // "resident_id" | "hmt_residence_permit" | "hkmo_travel_permit"
    std::string id_number;
    std::string phone;
};

struct Consent {
    std::string notice_version;   // e.g. "2026-11"
    std::string accepted_at;      // RFC 3339 with offset
    bool sensitive = false;       // separate tick for sensitive personal information
};

// What the session hands to the store on submit.
struct NewRequest {
    std::string service_id;
    std::string category_id;      // decides the ticket prefix
    std::string ticket_prefix;    // "A" …
    std::string catalog_version;
    Locale locale = Locale::zh;
    Applicant applicant;
    std::map<std::string, std::string> fields;
    Consent consent;
};

// What the store returns once the request is durable (after COMMIT).
struct SubmittedRequest {
    std::string request_id;       // UUIDv4
    std::string ticket;           // "A023"
    std::string created_at;       // RFC 3339 with the kiosk's local offset
};

// The full request as stored (PII decrypted); used for upload payloads, receipts and staff detail.
struct StoredRequest {
    NewRequest req;
    SubmittedRequest sub;
};

// The JSON body of POST /v1/requests.
nlohmann::json to_wire(const StoredRequest& r, const std::string& kiosk_id, const std::string& station_id);

} // namespace kiosk
