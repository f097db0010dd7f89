#pragma once
// What the validator tests compare: a Validation's error code, "ok" when it passed, and the day they take
// as today (test_validators.cpp, test_validate_ids.cpp, test_validate_text.cpp).
#include "app/validators.hpp"

#include <string>

namespace kiosk_test {

inline const kiosk::Date kToday{2026, 11, 28};

inline std::string code_of(const kiosk::Validation& v) { return v ? v->code : "ok"; }

} // namespace kiosk_test
