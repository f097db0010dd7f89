// Every validation error code with its resident-facing message. One table, so wording stays consistent,
// tests can check that no message is empty, and docs/VALIDATION.md mirrors it row by row.
// Wording rules (elderly readers, touch screen): say what to do, short sentences, no jargon such as
// "checksum" or "format"; name the part of the number that is wrong when we know it.
#include "validate_detail.hpp"

#include <cassert>

namespace kiosk::detail {
namespace {

// A plain array so the count is deduced: adding a row needs no other edit.
constexpr MessageDef kMessages[] = {
    // [SECTION] Any field
    {"field.required", "这一项必须填写，请填写后再继续", "This item is required — please fill it in"},
    {"field.too_long", "最多只能填写{max}个字，请删减一些", "Too long — please shorten it to {max} characters or fewer"},
    {"field.choice", "请从列表中选择一项", "Please pick one of the options in the list"},
    {"field.yes_no", "请选择“是”或“否”", "Please choose Yes or No"},
    {"text.utf8", "有些文字无法识别，请删除后重新输入", "Some characters could not be read — please delete them and type again"},
    {"text.control", "内容里有看不见的特殊字符，请删除后重新输入", "There are hidden special characters — please delete them and type again"},
    {"number.chars", "请只填写数字", "Please enter digits only"},
    {"number.range", "请填写{min}到{max}之间的数字", "Please enter a number from {min} to {max}"},
    {"number.min", "请填写不小于{min}的数字", "Please enter a number of at least {min}"},

    // [SECTION] Resident ID card (居民身份证)
    {"id.empty", "请输入身份证号码", "Please enter your ID card number"},
    {"id.chars", "身份证号码只能有数字，最后一位可以是X，请核对后重新输入", "The ID number has only digits, and X only as the last character — please check it"},
    {"id.old15", "这是旧的15位身份证号码，请输入现在使用的18位号码", "This is an old 15-digit ID number — please enter your current 18-digit number"},
    {"id.length", "身份证号码应为18位，您输入了{count}位，请核对", "An ID number has 18 characters; you entered {count} — please check it"},
    {"id.region", "身份证号码前两位不对，请核对后重新输入", "The first two digits are not right — please check the number"},
    {"id.use_permit", "这是港澳台居民居住证号码，请把证件类型改为“港澳台居民居住证”", "This is a Hong Kong/Macao/Taiwan residence permit number — please choose that document type"},
    {"id.birthdate", "身份证号码中的出生日期（第7到14位）不对，请核对", "The birth date in the number (digits 7 to 14) is not right — please check it"},
    {"id.future", "身份证号码中的出生日期晚于今天，请核对", "The birth date in the number is after today — please check it"},
    {"id.checksum", "身份证号码最后一位校验不符，请核对后重新输入", "The last character does not match — please check the number"},

    // [SECTION] Residence permit for Hong Kong, Macao and Taiwan residents (港澳台居民居住证)
    {"permit.empty", "请输入居住证号码", "Please enter your residence permit number"},
    {"permit.chars", "居住证号码只能有数字，最后一位可以是X，请核对后重新输入", "The permit number has only digits, and X only as the last character — please check it"},
    {"permit.length", "居住证号码应为18位，您输入了{count}位，请核对", "A residence permit number has 18 characters; you entered {count} — please check it"},
    {"permit.prefix", "港澳台居民居住证号码以810000、820000或830000开头；持居民身份证请选择“居民身份证”", "This permit number starts with 810000, 820000 or 830000. If you have a mainland ID card, choose that instead"},
    {"permit.birthdate", "居住证号码中的出生日期（第7到14位）不对，请核对", "The birth date in the number (digits 7 to 14) is not right — please check it"},
    {"permit.future", "居住证号码中的出生日期晚于今天，请核对", "The birth date in the number is after today — please check it"},
    {"permit.checksum", "居住证号码最后一位校验不符，请核对后重新输入", "The last character does not match — please check the number"},

    // [SECTION] Mainland Travel Permit for HK/Macao residents (港澳居民来往内地通行证)
    {"hkmo.empty", "请输入港澳居民来往内地通行证号码", "Please enter your Mainland Travel Permit number"},
    {"hkmo.chars", "通行证号码只有字母H或M和数字，请核对后重新输入", "The permit number has only the letter H or M and digits — please check it"},
    {"hkmo.prefix", "通行证号码第一位应为字母H（香港）或M（澳门），请核对", "The permit number starts with H (Hong Kong) or M (Macao) — please check it"},
    {"hkmo.length", "通行证号码是H或M加8位或10位数字，您输入了{count}位数字，请核对", "The permit number is H or M and then 8 or 10 digits; you entered {count} digits — please check it"},

    // [SECTION] Foreigner's permanent residence ID card (外国人永久居留身份证, 2017 and 2023 cards)
    {"fpr.empty", "请输入永久居留身份证号码", "Please enter your permanent residence card number"},
    {"fpr.chars", "永久居留身份证号码只有英文字母和数字，请核对后重新输入", "The card number has only Latin letters and digits — please check it"},
    {"fpr.length", "永久居留身份证号码为15位（2017版）或18位（2023版），您输入了{count}位，请核对", "The card number has 15 characters (2017 card) or 18 (2023 card); you entered {count} — please check it"},
    {"fpr.shape2017", "2017版永久居留身份证号码是3个英文字母加12位数字，请核对", "A 2017 card number is 3 letters and then 12 digits — please check it"},
    {"fpr.chars18", "2023版永久居留身份证号码只有数字，最后一位可以是X，请核对", "A 2023 card number has only digits, and X only as the last character — please check it"},
    {"fpr.prefix", "2023版永久居留身份证号码以9开头，请核对", "A 2023 card number starts with 9 — please check it"},
    {"fpr.birthdate", "永久居留身份证号码中的出生日期（第7到14位）不对，请核对", "The birth date in the number (digits 7 to 14) is not right — please check it"},
    {"fpr.future", "永久居留身份证号码中的出生日期晚于今天，请核对", "The birth date in the number is after today — please check it"},
    {"fpr.checksum", "永久居留身份证号码最后一位校验不符，请核对后重新输入", "The last character does not match — please check the number"},

    // [SECTION] Mobile phone
    {"phone.empty", "请输入手机号码", "Please enter your mobile number"},
    {"phone.chars", "手机号码只能填数字，请核对", "The mobile number can only contain digits — please check it"},
    {"phone.length", "手机号码应为11位，您输入了{count}位，请核对", "A mobile number has 11 digits; you entered {count} — please check it"},
    {"phone.prefix", "请填写以13到19开头的11位手机号码（不能填座机号码）", "Please enter an 11-digit mobile number starting with 13 to 19 (not a landline)"},

    // [SECTION] Name
    {"name.empty", "请输入姓名", "Please enter your name"},
    {"name.chars", "姓名只能填汉字，或只填英文字母；少数民族姓名中间可用“·”", "A name has Chinese characters, or Latin letters with spaces, hyphens and apostrophes"},
    {"name.mixed", "请不要把汉字和英文字母混在一起，请只用一种写法", "Please do not mix Chinese characters and Latin letters — use one or the other"},
    {"name.space", "中文姓名中间不要空格，请删除空格", "Please remove the spaces inside the Chinese name"},
    {"name.dot", "间隔号“·”只能放在两个字中间，每处只用一个", "The dot “·” goes only between two parts of the name, one at a time"},
    {"name.separator", "英文姓名中的空格、连字符或撇号只能放在字母中间，每处只用一个", "Spaces, hyphens and apostrophes go only between letters, one at a time"},
    {"name.too_short", "姓名至少两个字，请填写完整的姓和名", "Please enter your full name (family name and given name)"},
    {"name.too_long", "姓名太长了，最多{max}个字，请核对", "The name is too long — at most {max} characters"},

    // [SECTION] Date
    {"date.empty", "请选择日期", "Please choose a date"},
    {"date.format", "日期写法不对，请用日历选择日期", "The date could not be read — please pick it from the calendar"},
    {"date.invalid", "没有这个日期，请重新选择", "That date does not exist — please choose again"},
    {"date.not_past", "这个日期不能晚于今天，请重新选择", "This date cannot be after today — please choose again"},
    {"date.not_future", "预约日期请选择明天或以后的日期", "Please choose a date from tomorrow onwards"},
    {"date.not_working_day", "请选择工作日（周一至周五）", "Please choose a working day (Monday to Friday)"},

    // [SECTION] Address
    {"address.empty", "请输入地址", "Please enter the address"},
    {"address.too_short", "地址太短了，请写到街道和门牌号", "The address is too short — please include the street and house number"},
    {"address.too_long", "地址太长了，最多{max}个字，请删减一些", "The address is too long — at most {max} characters"},
    {"address.no_text", "地址里应有汉字或字母，请写清楚", "Please write the address in words, not only numbers or symbols"},
};

void substitute(std::string& text, std::string_view name, const std::string& value) {
    std::string key = "{";
    key.append(name).push_back('}');
    for (auto pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + value.size()))
        text.replace(pos, key.size(), value);
}

} // namespace

std::span<const MessageDef> all_messages() {
    return kMessages;
}

ValidationError make_error(std::string_view code,
                           std::initializer_list<std::pair<std::string_view, std::string>> args) {
    for (const auto& m : all_messages()) {
        if (m.code != code) continue;
        ValidationError e{std::string(code), LocalText{std::string(m.zh), std::string(m.en)}};
        for (const auto& [name, value] : args) {
            substitute(e.message.zh, name, value);
            substitute(e.message.en, name, value);
        }
        return e;
    }
    assert(false && "make_error: code missing from kMessages in app/validate_messages.cpp — add a row");
    return ValidationError{std::string(code), LocalText{"输入有误，请核对", "Please check what you entered"}};
}

} // namespace kiosk::detail
