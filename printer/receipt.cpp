#include "printer/receipt.hpp"

#include "app/mask.hpp"
#include "app/short_ref.hpp"

namespace kiosk::printer {

namespace {

struct Words {
    const char* title;
    const char* ticket_caption;
    const char* name;
    const char* id_number;
    const char* phone;
    const char* materials;
    const char* next;
    const char* wait;          // %s = ticket
    const char* fee;
    const char* time;
    const char* qr_caption;
    const char* reference;
    const char* short_ref;
    const char* hotline;
    const char* keep;
    const char* masked;
    const char* booking_title;
    const char* booking_heading;
    const char* booking_confirm;
};

const Words kZh{"排队凭条", "您的号码", "申请人", "证件号码", "手机号码", "请携带以下材料：", "下一步：",
                "请在等候区休息，听到叫号“%s”后，凭本凭条到窗口办理。", "费用：", "办理时限：",
                "在自助机扫码或输入查询编号，或到窗口报查询编号，可查询办理进度", "编号", "查询编号：", "服务热线：", "请妥善保管本凭条。",
                "个人信息已做脱敏处理。", "预约凭条", "您的预约：", "民警将致电确认预约时间，请保持电话畅通；无需到窗口等候叫号。"};
const Words kEn{"Queue ticket", "Your number", "Applicant", "ID number", "Phone", "Please bring:", "Next:",
                "Please take a seat in the waiting area. When number %s is called, bring this slip to the counter.",
                "Fee: ", "Processing time: ", "Follow your request: scan this, or give the reference at a kiosk or the counter",
                "Ref.", "Reference: ", "Hotline: ", "Please keep this slip.", "Personal data on it is masked.", "Appointment slip",
                "Your booking:", "An officer will call you to confirm the time; keep your phone at hand. No need to wait for a call at the counter."};

std::string fill(const char* pattern, const std::string& value) {
    std::string s(pattern);
    auto at = s.find("%s");
    if (at != std::string::npos) s.replace(at, 2, value);
    return s;
}

const Words& words(Locale l) { return l == Locale::en ? kEn : kZh; }

} // namespace

std::string qr_payload_for(const std::string& request_id) { return request_id; }

std::string receipt_date_time(const std::string& t) {
    // Only reformat what looks like RFC 3339 (YYYY-MM-DDTHH:MM…); never guess at other shapes.
    if (t.size() >= 16 && t[4] == '-' && t[7] == '-' && (t[10] == 'T' || t[10] == ' ') && t[13] == ':')
        return t.substr(0, 10) + " " + t.substr(11, 5);
    return t;
}

Receipt build_receipt(const StoredRequest& r, const Service& service, const Config& cfg, Locale locale) {
    const Words& w = words(locale);
    Receipt rc;
    rc.locale = locale;
    rc.station_name = cfg.station.name.get(locale);
    rc.title = w.title;
    rc.ticket_caption = w.ticket_caption;
    rc.ticket = r.sub.ticket;
    rc.service_name = service.name.get(locale);
    rc.date_time = receipt_date_time(r.sub.created_at);
    const Applicant& a = r.req.applicant;
    if (!a.name.empty()) rc.applicant.push_back({w.name, mask_name(a.name)});
    if (!a.id_number.empty()) rc.applicant.push_back({w.id_number, mask_id_number(a.id_number)});
    if (!a.phone.empty()) rc.applicant.push_back({w.phone, mask_phone(a.phone)});
    if (!service.materials.empty()) {
        rc.materials_heading = w.materials;
        for (const LocalText& m : service.materials) rc.materials.push_back(m.get(locale));
    }
    rc.next_heading = w.next;
    if (service.appointment) {
        // A booking: what was booked (the form's choices and dates, never free text or personal data) and
        // who acts next — the officer calls, nobody waits at the counter.
        rc.title = w.booking_title;
        rc.next_heading = w.booking_heading;
        rc.next_steps = booking_lines(service, r.req.fields, locale);
        rc.next_steps.push_back(w.booking_confirm);
    } else if (service.on_site || service.elsewhere.empty()) rc.next_steps.push_back(fill(w.wait, r.sub.ticket));
    else rc.next_steps.push_back(service.elsewhere.get(locale));
    if (!service.fee.empty()) rc.next_steps.push_back(w.fee + service.fee.get(locale));
    if (!service.processing_time.empty()) rc.next_steps.push_back(w.time + service.processing_time.get(locale));
    rc.qr_payload = qr_payload_for(r.sub.request_id);
    rc.qr_caption = w.qr_caption;
    rc.short_ref = std::string(w.short_ref) + short_reference(r.sub.ticket, r.sub.request_id);
    rc.reference = std::string(w.reference) + " " + r.sub.request_id;
    rc.hotline = w.hotline + cfg.station.hotline;
    rc.footer = {w.keep, w.masked};
    return rc;
}

void mark_reprint(Receipt& r) {
    const std::string mark = r.locale == Locale::en ? " (reprint)" : "（补打）";
    if (r.title.size() >= mark.size() && r.title.compare(r.title.size() - mark.size(), mark.size(), mark) == 0) return;
    r.title += mark;
}

Receipt test_receipt(const Config& cfg, Locale locale, const std::string& when) {
    Receipt rc;
    rc.locale = locale;
    rc.station_name = cfg.station.name.get(locale);
    rc.title = locale == Locale::en ? "Printer test page" : "打印机测试页";
    rc.ticket_caption = locale == Locale::en ? "Test number" : "测试号码";
    rc.ticket = "T000";
    rc.service_name = "示例文本打印机! Printer OK";
    rc.date_time = when;
    rc.applicant = {{"中文", "示例文本：警务室自助服务终端"},
                    {"Latin", "ABC abc 0123456789"},
                    {"￥", "¥20 / ￥20"},
                    {locale == Locale::en ? "Raster" : "生僻字", "𠮷 (图像打印)"}};
    rc.materials_heading = locale == Locale::en ? "Checks:" : "检查项目：";
    rc.materials = {locale == Locale::en ? "Chinese text, bold and double size" : "中文、加粗、倍宽倍高",
                    locale == Locale::en ? "QR code below scans as PRINTER-TEST" : "下方二维码扫描结果为 PRINTER-TEST",
                    locale == Locale::en ? "The paper is cut at the end" : "最后自动切纸"};
    rc.qr_payload = "PRINTER-TEST";
    rc.qr_caption = "PRINTER-TEST";
    rc.hotline = (locale == Locale::en ? "Hotline: " : "服务热线：") + cfg.station.hotline;
    rc.footer = {locale == Locale::en ? "End of test page." : "测试页结束。"};
    return rc;
}

} // namespace kiosk::printer
