#pragma once
// The one invented resident every test's request starts from (store, printer, upload tests and the upload
// benchmark): recognisable PII to search for in raw files. Tests change what their case needs.
#include "app/request.hpp"

#include <string>

namespace kiosk::testing {

inline NewRequest sample_request(const std::string& name = "张三丰", const std::string& id = "11010519491231002X",
                                 const std::string& phone = "13800138000", const std::string& prefix = "A") {
    NewRequest r;
    r.service_id = "cert.no-criminal-record";
    r.category_id = "security";
    r.ticket_prefix = prefix;
    r.catalog_version = "2026.11.1";
    r.locale = Locale::zh;
    r.applicant = {name, "resident_id", id, phone};
    r.fields = {{"purpose", "employment"}, {"address", "青山区青和路88号3单元"}};
    r.consent = {"2026-11", "2026-11-28T21:29:50+08:00", true};
    return r;
}

} // namespace kiosk::testing
