#pragma once
// The upload tests' request (valid for tests/upload/catalog: the intake accepts it), shared with the
// crash helper and bench/bench_upload. Invented person; `n` varies one field so bodies differ.
#include "app/request.hpp"

namespace uptest {

inline kiosk::NewRequest sample_request(int n = 0) {
    kiosk::NewRequest r;
    r.service_id = "cert.no-criminal-record";
    r.category_id = "cert";
    r.ticket_prefix = "A";
    r.catalog_version = "2026.11.1";
    r.locale = kiosk::Locale::zh;
    r.applicant = {"张三", "resident_id", "11010519491231002X", "13800138000"};
    r.fields = {{"purpose", n % 2 ? "visa" : "employment"}, {"destination", "加拿大"}, {"copies", "1"}};
    r.consent = {"2026-11", "2026-11-28T21:29:50+08:00", false};
    return r;
}

} // namespace uptest
