// The wire form of a request (DESIGN.md, "Wire protocol") and the sealed PII document the store keeps.
//
// [SECTION] Helpers
// [SECTION] PII document (sealed into requests.pii)
// [SECTION] to_wire
// [SECTION] from_wire
#include "request.hpp"

#include "crypto.hpp"

#include <nlohmann/json.hpp>

namespace kiosk {

// [SECTION] Helpers

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

namespace {

using nlohmann::json;

nlohmann::json applicant_json(const Applicant& a) {
    json j{{"name", a.name}, {"id_type", a.id_type}, {"id_number", a.id_number}, {"phone", a.phone}};
    if (!a.source.empty()) j["source"] = a.source;   // absent in requests from before it was recorded
    return j;
}

nlohmann::json consent_json(const Consent& c) {
    return json{{"notice_version", c.notice_version}, {"accepted_at", c.accepted_at}, {"sensitive", c.sensitive}};
}

nlohmann::json fields_json(const std::map<std::string, std::string>& fields) {
    json f = json::object();
    for (const auto& [k, v] : fields) f[k] = v;
    return f;
}

Error invalid(const std::string& key, const std::string& why) {
    return make_error("wire.invalid", "'" + key + "' " + why);
}

// Reads a required string member. Messages name the key only: the value may be an ID number.
Status get_string(const json& obj, const char* key, const std::string& path, std::string& out, bool required = true) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (!required) return ok_status();
        return invalid(path + key, "is missing");
    }
    if (!it->is_string()) return invalid(path + key, "must be a string");
    out = it->get<std::string>();
    return ok_status();
}

Status read_applicant(const json& body, Applicant& a) {
    auto it = body.find("applicant");
    if (it == body.end() || it->is_null()) return ok_status();   // services without identity
    if (!it->is_object()) return invalid("applicant", "must be an object");
    for (auto [key, dst] : {std::pair{"name", &a.name}, std::pair{"id_type", &a.id_type},
                            std::pair{"id_number", &a.id_number}, std::pair{"phone", &a.phone},
                            std::pair{"source", &a.source}})
        if (auto st = get_string(*it, key, "applicant.", *dst, false); !st) return st;
    if (!a.source.empty() && a.source != kIdentityFromCard && a.source != kIdentityTyped)
        return invalid("applicant.source", "must be \"card\" or \"typed\"");
    return ok_status();
}

Status read_fields(const json& body, std::map<std::string, std::string>& fields) {
    auto it = body.find("fields");
    if (it == body.end() || it->is_null()) return ok_status();
    if (!it->is_object()) return invalid("fields", "must be an object");
    for (auto f = it->begin(); f != it->end(); ++f) {
        if (!f.value().is_string()) return invalid("fields." + f.key(), "must be a string");
        fields[f.key()] = f.value().get<std::string>();
    }
    return ok_status();
}

Status read_consent(const json& body, Consent& c, bool required) {
    auto it = body.find("consent");
    if (it == body.end() || it->is_null()) {
        if (required) return invalid("consent", "is missing");
        return ok_status();
    }
    if (!it->is_object()) return invalid("consent", "must be an object");
    if (auto st = get_string(*it, "notice_version", "consent.", c.notice_version, required); !st) return st;
    if (auto st = get_string(*it, "accepted_at", "consent.", c.accepted_at, required); !st) return st;
    if (auto s = it->find("sensitive"); s != it->end() && !s->is_null()) {
        if (!s->is_boolean()) return invalid("consent.sensitive", "must be true or false");
        c.sensitive = s->get<bool>();
    }
    return ok_status();
}

} // namespace

// [SECTION] PII document

void wipe(NewRequest& r) {
    wipe(r.applicant.name);
    wipe(r.applicant.id_number);
    wipe(r.applicant.phone);
    for (auto& [key, value] : r.fields) wipe(value);
    r.fields.clear();
}

std::string pii_to_json(const NewRequest& r) {
    json doc{{"applicant", applicant_json(r.applicant)}, {"fields", fields_json(r.fields)},
             {"consent", consent_json(r.consent)}};
    return doc.dump();
}

Status pii_from_json(std::string_view text, NewRequest& into) {
    json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return make_error("store.corrupt", "sealed request data is not JSON");
    Status st = read_applicant(doc, into.applicant);
    if (st) st = read_fields(doc, into.fields);
    if (st) st = read_consent(doc, into.consent, false);
    if (!st) return make_error("store.corrupt", "sealed request data: " + st.error().message);
    return ok_status();
}

Status applicant_from_json(std::string_view text, Applicant& into) {
    json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return make_error("store.corrupt", "sealed request data is not JSON");
    if (Status st = read_applicant(doc, into); !st) return make_error("store.corrupt", "sealed request data: " + st.error().message);
    return ok_status();
}

// [SECTION] to_wire

nlohmann::json to_wire(const StoredRequest& r, const std::string& kiosk_id, const std::string& station_id) {
    return json{{"request_id", r.sub.request_id},
                {"kiosk_id", kiosk_id},
                {"station_id", station_id},
                {"service_id", r.req.service_id},
                {"catalog_version", r.req.catalog_version},
                {"ticket", r.sub.ticket},
                {"created_at", r.sub.created_at},
                {"locale", locale_tag(r.req.locale)},
                {"applicant", applicant_json(r.req.applicant)},
                {"fields", fields_json(r.req.fields)},
                {"consent", consent_json(r.req.consent)}};
}

// [SECTION] from_wire

Result<WireRequest> from_wire(std::string_view body) {
    json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return make_error("wire.invalid", "body is not valid JSON");
    return from_wire(doc);
}

Result<WireRequest> from_wire(const std::string& body) { return from_wire(std::string_view(body)); }

Result<WireRequest> from_wire(const nlohmann::json& body) {
    if (!body.is_object()) return make_error("wire.invalid", "body must be a JSON object");
    WireRequest w;
    StoredRequest& r = w.request;
    std::string locale;
    struct Req { const char* key; std::string* dst; };
    for (Req q : {Req{"request_id", &r.sub.request_id}, Req{"kiosk_id", &w.kiosk_id},
                  Req{"station_id", &w.station_id}, Req{"service_id", &r.req.service_id},
                  Req{"catalog_version", &r.req.catalog_version}, Req{"ticket", &r.sub.ticket},
                  Req{"created_at", &r.sub.created_at}, Req{"locale", &locale}})
        if (auto st = get_string(body, q.key, "", *q.dst); !st) return st.error();
    if (!is_uuid(r.sub.request_id)) return invalid("request_id", "must be a lowercase UUID");
    if (!parse_locale(locale, r.req.locale)) return invalid("locale", "must be zh-CN or en");
    for (Req q : {Req{"kiosk_id", &w.kiosk_id}, Req{"station_id", &w.station_id},
                  Req{"service_id", &r.req.service_id}, Req{"ticket", &r.sub.ticket},
                  Req{"created_at", &r.sub.created_at}})
        if (q.dst->empty()) return invalid(q.key, "must not be empty");
    if (auto st = read_applicant(body, r.req.applicant); !st) return st.error();
    if (auto st = read_fields(body, r.req.fields); !st) return st.error();
    if (auto st = read_consent(body, r.req.consent, true); !st) return st.error();
    return w;
}

} // namespace kiosk
