// [SECTION] Index: words · page drawer (wrapping, boxes, pages) · form content · PDF/PNG/print
#include "printer/a4_form.hpp"

#include "printer/raster.hpp"
#include "printer/receipt.hpp"
#include "printer/subprocess.hpp"
#include "app/utf8.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace kiosk::printer {

namespace {

// [SECTION] words
constexpr double kPageW = 595.276, kPageH = 841.89, kMargin = 48;
constexpr const char* kFamily = "Noto Sans CJK SC";

struct FormWords {
    const char *title_suffix, *reference, *ticket, *submitted, *service, *applicant, *name, *id_type, *id_number,
        *phone, *details, *materials, *declaration, *sign_applicant, *sign_officer, *date, *page, *yes, *no, *scan;
};
const FormWords kZh{"申请表", "受理编号", "排队号", "提交时间", "服务事项", "申请人信息", "姓名", "证件类型",
                    "证件号码", "手机号码", "申请内容", "所需材料", "本人承诺以上所填信息真实、准确、完整，如有虚假，愿承担相应法律责任。",
                    "申请人签名", "受理民警签名", "日期", "第 %d 页", "是", "否", "扫码查询"};
const FormWords kEn{"application form", "Reference", "Ticket", "Submitted", "Service", "Applicant", "Name",
                    "Document type", "Document number", "Phone", "Details", "Materials to bring",
                    "I declare that the information above is true, accurate and complete.",
                    "Applicant's signature", "Officer's signature", "Date", "Page %d", "Yes", "No", "Scan to look up"};

std::string id_type_words(const std::string& t, Locale l) {
    const bool en = l == Locale::en;
    if (t == "resident_id") return en ? "Resident identity card" : "居民身份证";
    if (t == "hmt_residence_permit") return en ? "HK/Macao/Taiwan residence permit" : "港澳台居民居住证";
    if (t == "hkmo_travel_permit") return en ? "Mainland travel permit (HK/Macao)" : "港澳居民来往内地通行证";
    if (t == "foreign_permanent_residence") return en ? "Foreigner's permanent residence ID card" : "外国人永久居留身份证";
    return t;
}

std::string field_value(const FieldSpec& f, const std::string& v, Locale l, const FormWords& w) {
    if (f.type == FieldType::choice)
        for (const Choice& c : f.choices) if (c.value == v) return c.label.get(l);
    if (f.type == FieldType::yes_no) return v == "yes" ? w.yes : v == "no" ? w.no : v;
    return v;
}

// [SECTION] page drawer
class Page {
public:
    // new_page() finishes the current page and starts another; returns false when no more pages are wanted.
    Page(cairo_t* cr, std::function<bool()> new_page) : cr_(cr), new_page_(std::move(new_page)) {}

    void font(double size, bool bold) {
        cairo_select_font_face(cr_, kFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr_, size);
        size_ = size;
    }
    double width_of(const std::string& s) {
        cairo_text_extents_t e;
        cairo_text_extents(cr_, s.c_str(), &e);
        return e.x_advance;
    }
    // Greedy wrap by measured width, preferring spaces for Latin words.
    std::vector<std::string> wrap(const std::string& text, double max_w) {
        std::vector<std::string> lines;
        std::u32string cps = utf8::decode_lossy(text, utf8::OnBad::replace), line;
        std::size_t last_space = std::u32string::npos;
        for (char32_t c : cps) {
            if (c == U'\n') { lines.push_back(utf8::encode(line)); line.clear(); last_space = std::u32string::npos; continue; }
            std::u32string next = line + c;
            if (!line.empty() && width_of(utf8::encode(next)) > max_w) {
                if (c != U' ' && last_space != std::u32string::npos && last_space > 0) {
                    lines.push_back(utf8::encode(line.substr(0, last_space)));
                    line = line.substr(last_space + 1) + c;
                } else {
                    lines.push_back(utf8::encode(line));
                    line = c == U' ' ? U"" : std::u32string(1, c);
                }
                last_space = std::u32string::npos;
                for (std::size_t k = 0; k < line.size(); ++k) if (line[k] == U' ') last_space = k;
                continue;
            }
            if (c == U' ') last_space = line.size();
            line = std::move(next);
        }
        if (!line.empty() || lines.empty()) lines.push_back(utf8::encode(line));
        return lines;
    }
    void text_at(double x, double baseline, const std::string& s) {
        cairo_move_to(cr_, x, baseline);
        cairo_show_text(cr_, s.c_str());
    }
    void box(double x, double y, double w, double h, double line = 0.8) {
        cairo_set_line_width(cr_, line);
        cairo_rectangle(cr_, x, y, w, h);
        cairo_stroke(cr_);
    }
    // Makes room for `h` points; starts a new page if needed. False when drawing should stop.
    bool need(double h) {
        if (y + h <= kPageH - kMargin - 24) return true;
        if (!new_page_()) return false;
        y = kMargin;
        return true;
    }
    cairo_t* cr() { return cr_; }
    double size() const { return size_; }
    double y = kMargin;

private:
    cairo_t* cr_;
    std::function<bool()> new_page_;
    double size_ = 10;
};

void draw_qr(cairo_t* cr, const std::string& data, double x, double y, double side) {
    auto bm = qr_bitmap(data, 1, 2);
    if (!bm) return;
    double m = side / bm->width;
    for (int j = 0; j < bm->height; ++j)
        for (int i = 0; i < bm->width; ++i)
            if (bm->at(i, j)) cairo_rectangle(cr, x + i * m, y + j * m, m + 0.02, m + 0.02);   // overlap: no hairlines
    cairo_fill(cr);
}

// [SECTION] form content
void draw_form(Page& pg, const StoredRequest& r, const Service& s, const Config& cfg, Locale l) {
    const FormWords& w = l == Locale::en ? kEn : kZh;
    cairo_t* cr = pg.cr();
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    const double content_w = kPageW - 2 * kMargin;

    // Header: station, title; ticket on the left, QR on the right.
    const double qr_side = 84;
    pg.font(11, false);
    pg.text_at(kMargin, pg.y + 12, cfg.station.name.get(l));
    pg.font(20, true);
    std::string title = s.name.get(l) + (l == Locale::en ? " — " : "") + w.title_suffix;
    double ty = pg.y + 44;
    for (const auto& line : pg.wrap(title, content_w - qr_side - 16)) { pg.text_at(kMargin, ty, line); ty += 26; }
    pg.font(16, true);
    pg.text_at(kMargin, ty + 4, std::string(w.ticket) + (l == Locale::en ? ": " : "：") + r.sub.ticket);
    ty += 26;
    draw_qr(cr, qr_payload_for(r.sub.request_id), kPageW - kMargin - qr_side, pg.y, qr_side);
    pg.font(7.5, false);
    pg.text_at(kPageW - kMargin - qr_side, pg.y + qr_side + 9, w.scan);
    pg.y = std::max(ty, pg.y + qr_side + 14) + 6;

    // Field rows: label cell | value cell, each row as tall as its wrapped value.
    const double label_w = 130, pad = 6, line_h = 15;
    auto section = [&](const std::string& name) {
        if (!pg.need(30)) return false;
        pg.y += 10;
        pg.font(12, true);
        pg.text_at(kMargin, pg.y + 12, name);
        pg.y += 18;
        return true;
    };
    auto row = [&](const std::string& label, const std::string& value) {
        pg.font(10, false);
        auto lines = pg.wrap(value.empty() ? " " : value, content_w - label_w - 2 * pad);
        auto label_lines = pg.wrap(label, label_w - 2 * pad);
        double h = std::max(lines.size(), label_lines.size()) * line_h + 2 * pad - 3;
        if (!pg.need(h)) return false;
        cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
        cairo_rectangle(cr, kMargin, pg.y, label_w, h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        pg.box(kMargin, pg.y, label_w, h);
        pg.box(kMargin + label_w, pg.y, content_w - label_w, h);
        double by = pg.y + pad + 10;
        for (const auto& ll : label_lines) { pg.text_at(kMargin + pad, by, ll); by += line_h; }
        by = pg.y + pad + 10;
        for (const auto& vl : lines) { pg.text_at(kMargin + label_w + pad, by, vl); by += line_h; }
        pg.y += h;
        return true;
    };

    row(w.reference, r.sub.request_id);
    row(w.ticket, r.sub.ticket);
    row(w.submitted, receipt_date_time(r.sub.created_at));
    row(w.service, s.name.get(l));
    const Applicant& a = r.req.applicant;
    if (!a.name.empty() || !a.id_number.empty() || !a.phone.empty()) {
        if (!section(w.applicant)) return;
        row(w.name, a.name);
        row(w.id_type, id_type_words(a.id_type, l));
        row(w.id_number, a.id_number);
        if (!row(w.phone, a.phone)) return;
    }
    if (!s.form.empty()) {
        if (!section(w.details)) return;
        for (const FieldSpec& f : s.form) {
            auto it = r.req.fields.find(f.id);
            if (!row(f.label.get(l), it == r.req.fields.end() ? std::string() : field_value(f, it->second, l, w))) return;
        }
    }
    if (!s.materials.empty()) {
        if (!section(w.materials)) return;
        pg.font(10, false);
        for (std::size_t i = 0; i < s.materials.size(); ++i) {
            for (const auto& line : pg.wrap(std::to_string(i + 1) + ". " + s.materials[i].get(l), content_w)) {
                if (!pg.need(line_h)) return;
                pg.text_at(kMargin, pg.y + 11, line);
                pg.y += line_h;
            }
        }
    }

    // Declaration and signature boxes (kept together on one page).
    pg.font(10, false);
    auto decl = pg.wrap(w.declaration, content_w);
    if (!pg.need(decl.size() * line_h + 110)) return;
    pg.y += 16;
    for (const auto& line : decl) { pg.text_at(kMargin, pg.y + 11, line); pg.y += line_h; }
    pg.y += 10;
    const double box_w = (content_w - 16) / 2, box_h = 70;
    for (int k = 0; k < 2; ++k) {
        double x = kMargin + k * (box_w + 16);
        pg.box(x, pg.y, box_w, box_h);
        pg.font(9.5, false);
        pg.text_at(x + 6, pg.y + 14, k == 0 ? w.sign_applicant : w.sign_officer);
        pg.text_at(x + 6, pg.y + box_h - 8, std::string(w.date) + (l == Locale::en ? ":" : "：") + "        /      /");
    }
    pg.y += box_h;
}

void draw_footer(cairo_t* cr, const Config& cfg, Locale l, int page) {
    const FormWords& w = l == Locale::en ? kEn : kZh;
    cairo_select_font_face(cr, kFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 8);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    char num[32];
    std::snprintf(num, sizeof num, w.page, page);
    std::string s = cfg.station.name.get(l) + "   " + (l == Locale::en ? "Hotline " : "服务热线 ") + cfg.station.hotline + "   " + num;
    cairo_move_to(cr, kMargin, kPageH - kMargin + 10);
    cairo_show_text(cr, s.c_str());
    cairo_set_source_rgb(cr, 0, 0, 0);
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

Status write_private(const std::filesystem::path& path, const std::string& bytes) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return make_error("printer.a4", "cannot write " + path.string() + ": " + std::strerror(errno));
    ::fchmod(fd, 0600);   // an existing file keeps its mode on O_TRUNC
    std::size_t off = 0;
    while (off < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { ::close(fd); return make_error("printer.a4", "cannot write " + path.string()); }
        off += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) return make_error("printer.a4", "cannot write " + path.string());
    return ok_status();
}

} // namespace

// [SECTION] PDF / PNG / print
Result<std::string> a4_form_pdf(const StoredRequest& r, const Service& s, const Config& cfg, Locale l) {
    std::string pdf;
    cairo_surface_t* surf = cairo_pdf_surface_create_for_stream(append_to_string, &pdf, kPageW, kPageH);
    cairo_t* cr = cairo_create(surf);
    int page = 1;
    Page pg(cr, [&] {
        draw_footer(cr, cfg, l, page++);
        cairo_show_page(cr);
        return true;
    });
    draw_form(pg, r, s, cfg, l);
    draw_footer(cr, cfg, l, page);
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st != CAIRO_STATUS_SUCCESS) return make_error("printer.a4", std::string("cairo: ") + cairo_status_to_string(st));
    return pdf;
}

Status a4_form_png(const StoredRequest& r, const Service& s, const Config& cfg, Locale l,
                   const std::filesystem::path& png, double dpi) {
    const double k = dpi / 72.0;
    cairo_surface_t* surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(kPageW * k), static_cast<int>(kPageH * k));
    cairo_t* cr = cairo_create(surf);
    cairo_scale(cr, k, k);
    Page pg(cr, [] { return false; });   // the preview shows the first page
    draw_form(pg, r, s, cfg, l);
    draw_footer(cr, cfg, l, 1);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_write_to_png(surf, png.c_str());
    cairo_surface_destroy(surf);
    if (st != CAIRO_STATUS_SUCCESS)
        return make_error("printer.png", "cannot write " + png.string() + ": " + cairo_status_to_string(st));
    ::chmod(png.c_str(), 0600);
    return ok_status();
}

Status render_a4_form(const StoredRequest& r, const Service& s, const Config& cfg, Locale l, const A4Output& out) {
    if (!out.pdf.empty()) {
        auto pdf = a4_form_pdf(r, s, cfg, l);
        if (!pdf) return pdf.error();
        if (auto st = write_private(out.pdf, *pdf); !st) return st;
    }
    if (!out.png.empty()) return a4_form_png(r, s, cfg, l, out.png);
    return ok_status();
}

Status print_a4_form(const std::string& pdf, const std::string& cups_queue, int timeout_ms) {
    if (cups_queue.empty() || cups_queue[0] == '-')
        return make_error("printer.uri", "A4 printing needs a CUPS queue name (got '" + cups_queue + "')");
    const char* env = std::getenv("KIOSK_LP");
    std::string lp = (env && *env) ? env : "lp";
    auto r = run_process({lp, "-d", cups_queue, "-t", "kiosk form", "-o", "media=A4"}, pdf, timeout_ms);
    if (!r) return make_error("printer.unreachable", "cups:" + cups_queue + ": " + r.error().message);
    if (r->exit_code != 0)
        return make_error("printer.unreachable", "cups:" + cups_queue + ": lp failed (exit " + std::to_string(r->exit_code) + ")");
    return ok_status();
}

} // namespace kiosk::printer
