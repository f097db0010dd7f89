#pragma once
// [SECTION] Back-office views of the intake database: `list` (no PII: refs, ids, services) and
// `export` (everything, CSV or JSON, for the station's case system — handle the output as personal data).
#include "server/intake_store.hpp"

#include <ostream>
#include <string>

namespace intake {

// One CSV cell: always quoted, quotes doubled, a leading =,+,-,@ prefixed with ' (no formula injection).
std::string csv_cell(const std::string& v);

void write_list(std::ostream& out, const std::vector<Row>& rows);
// format: "csv" (RFC 4180, UTF-8 with BOM so spreadsheet programs show Chinese) or "json" (an array).
bool write_export(std::ostream& out, const std::vector<Row>& rows, const std::string& format);

} // namespace intake
