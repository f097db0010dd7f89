#pragma once
// A resident's request as the core passes it around, and its wire form (DESIGN.md, "Wire protocol").
#include "result.hpp"
#include "text.hpp"

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace kiosk {

struct Applicant {
    std::string name;
    std::string id_type;      // "resident_id" | "hmt_residence_permit" | "hkmo_travel_permit"
    std::string id_number;
    std::string phone;
    std::string source;       // where the identity came from: "card" (ID-card reader) | "typed"; empty in
                              // requests stored before it was recorded (docs/READER.md)
};
// The two values of Applicant::source (and of the wire's applicant.source).
inline constexpr const char* kIdentityFromCard = "card";
inline constexpr const char* kIdentityTyped = "typed";

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

// A parsed POST /v1/requests body, for the intake server. category_id and ticket_prefix are not on the wire
// and stay empty. Structural checks only (types, required keys, UUID shape, locale): the server still runs
// the field validators on the result.
struct WireRequest {
    StoredRequest request;
    std::string kiosk_id;
    std::string station_id;
};
// Errors: code "wire.invalid", message names the offending key (never its value: values may be PII).
Result<WireRequest> from_wire(std::string_view json_body);
Result<WireRequest> from_wire(const std::string& json_body);   // resolves std::string between the other two
Result<WireRequest> from_wire(const nlohmann::json& body);

// The JSON the store seals into requests.pii (applicant, fields, consent) and its inverse.
std::string pii_to_json(const NewRequest& r);
// Overwrites the resident's data held by `r` (name, ID number, phone, every field value; OPENSSL_cleanse)
// and empties the fields: for every copy of a request once its job is done.
void wipe(NewRequest& r);
Status pii_from_json(std::string_view json, NewRequest& into);
// Only the applicant of that document (what staff lists mask): the fields and consent are not copied out.
Status applicant_from_json(std::string_view json, Applicant& into);

// True for a lowercase canonical UUID (8-4-4-4-12 hex).
bool is_uuid(std::string_view s);

} // namespace kiosk
