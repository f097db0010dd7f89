#pragma once
// The upload tests' request (valid for tests/upload/catalog: the intake accepts it), shared with the
// crash helper and bench/bench_upload. Invented person; `n` varies one field so bodies differ.
#include "app/request.hpp"
#include "tests/sample_request.hpp"

namespace uptest {

inline kiosk::NewRequest sample_request(int n = 0) {
    kiosk::NewRequest r = kiosk::testing::sample_request("张三");
    r.category_id = "cert";
    r.fields = {{"purpose", n % 2 ? "visa" : "employment"}, {"destination", "加拿大"}, {"copies", "1"}};
    r.consent = {"2026-11", "2026-11-28T21:29:50+08:00", false};
    return r;
}

} // namespace uptest
