#pragma once
// Masked forms of personal data for receipts and staff lists (the full value only after an audited unmask).
#include <string>
#include <string_view>

namespace kiosk {

std::string mask_name(std::string_view utf8_name);   // 张三 → 张*, 张小三 → 张*三, 买买提·艾力 → 买****力, "John Smith" → "J*** S****"
std::string mask_id_number(std::string_view id);     // 11010519491231002X → 1101**********002X (first 4, last 4)
std::string mask_phone(std::string_view phone);      // 13800138000 → 138****8000

} // namespace kiosk
