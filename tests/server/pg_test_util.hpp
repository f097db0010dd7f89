#pragma once
// What both PostgreSQL test files (test_pg.cpp: instances together; test_pg_recovery.cpp: outages, keys,
// migration) need: a record to store, one value of one query, a store opened on the test database.
#include "server_harness.hpp"

#include "app/crypto.hpp"
#include "server/intake_store.hpp"

#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <memory>
#include <string>

namespace svtest {

inline intake::NewRecord pg_record(const std::string& ticket, const std::string& request_id = kiosk::new_uuid_v4(),
                            const std::string& extra = "") {
    intake::NewRecord r;
    r.request_id = request_id;
    r.kiosk_id = "QS-QHJ-01";
    r.station_id = "qingshan-qinghe";
    r.service_id = "cert.no-criminal-record";
    r.ticket = ticket;
    r.created_at = "2026-12-02T09:30:05+08:00";
    r.name = "张三丰";
    r.id_number = "11010519491231002X";
    r.payload = R"({"applicant":{"name":"张三丰"},"n":")" + r.request_id + extra + "\"}";
    r.payload_sha256 = kiosk::sha256_hex(r.payload);
    return r;
}

// One value of one query, as text ("" on an error, which the caller's CHECK then shows).
inline std::string scalar(const std::string& uri, const std::string& sql) {
    PGconn* c = PQconnectdb(uri.c_str());
    std::string v;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult* r = PQexec(c, sql.c_str());
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) v = PQgetvalue(r, 0, 0);
        PQclear(r);
    }
    PQfinish(c);
    return v;
}

inline std::unique_ptr<intake::IntakeStore> open_store(const TestDb& db) {
    auto s = db.open();
    INFO((s ? std::string() : s.error().message));
    REQUIRE(s);
    return std::move(*s);
}

} // namespace svtest
