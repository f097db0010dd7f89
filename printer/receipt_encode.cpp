#include "printer/receipt_encode.hpp"

#include "printer/escpos.hpp"
#include "printer/gb18030.hpp"
#include "printer/layout.hpp"
#include "app/utf8.hpp"

#include <algorithm>

namespace kiosk::printer {

namespace {

class Builder {
public:
    explicit Builder(const Profile& p) : p_(p) {}

    // Wraps `text` to the paper at the style's width and adds one PrintLine per wrapped line.
    void text(const std::string& text, Align a, CharStyle st = {}, int indent = 0) {
        int cols = std::max(2, p_.columns / std::max(1, st.width_mul));
        for (auto& line : wrap_text(printer_normalise(utf8::decode_lossy(text, utf8::OnBad::replace)), cols, indent))
            lines_.push_back({PrintLine::Kind::text, utf8::encode(line), a, st});
    }
    void blank() { lines_.push_back({PrintLine::Kind::text, "", Align::left, {}}); }
    void rule() { lines_.push_back({PrintLine::Kind::text, std::string(static_cast<std::size_t>(p_.columns), '-'), Align::left, {}}); }
    void qr(const std::string& payload) { lines_.push_back({PrintLine::Kind::qr, payload, Align::center, {}}); }
    void cut() { lines_.push_back({PrintLine::Kind::cut, "", Align::left, {}}); }
    std::vector<PrintLine> take() { return std::move(lines_); }

private:
    const Profile& p_;
    std::vector<PrintLine> lines_;
};

int columns_of(const std::string& s) { return text_columns(printer_normalise(utf8::decode_lossy(s, utf8::OnBad::replace))); }

} // namespace

std::vector<PrintLine> layout_receipt(const Receipt& r, const Profile& p) {
    Builder b(p);
    const bool zh = r.locale == Locale::zh;
    const char* colon = zh ? "：" : ": ";

    // Station name: double size when it fits on one line, else double height only.
    int name_w = columns_of(r.station_name) <= p.columns / 2 ? 2 : 1;
    b.text(r.station_name, Align::center, {name_w, 2, true});
    if (!r.title.empty()) b.text(r.title, Align::center);
    b.rule();

    b.text(r.ticket_caption, Align::center);
    int tcols = std::max(1, columns_of(r.ticket));
    int mul = std::clamp(p.columns / tcols, 1, p.ticket_size_max);
    b.text(r.ticket, Align::center, {mul, mul, true});
    // The reference to read aloud, double height so it is found at a glance (not double width: it fits).
    if (!r.short_ref.empty()) b.text(r.short_ref, Align::center, {1, 2, true});
    b.blank();
    b.text(r.service_name, Align::center, {1, 2, true});
    b.text(r.date_time, Align::center);
    b.rule();

    for (const auto& f : r.applicant) b.text(f.label + colon + f.value, Align::left);
    if (!r.applicant.empty()) b.rule();

    if (!r.materials.empty()) {
        b.text(r.materials_heading, Align::left, {1, 1, true});
        for (std::size_t i = 0; i < r.materials.size(); ++i) {
            std::string n = std::to_string(i + 1) + ". ";
            b.text(n + r.materials[i], Align::left, {}, static_cast<int>(n.size()));
        }
    }
    if (!r.next_steps.empty()) {
        b.text(r.next_heading, Align::left, {1, 1, true});
        for (const auto& s : r.next_steps) b.text(s, Align::left);
    }
    b.rule();

    if (!r.qr_payload.empty()) {
        b.qr(r.qr_payload);
        b.text(r.qr_caption, Align::center);
        if (!r.reference.empty()) b.text(r.reference, Align::center);
    }
    b.blank();
    b.text(r.hotline, Align::center, {1, 1, true});
    for (const auto& f : r.footer) b.text(f, Align::center);
    b.cut();
    return b.take();
}

std::string encode_lines(const std::vector<PrintLine>& lines, const Profile& p, std::string* warning) {
    Encoder e(p.dots);
    e.init();
    Align align = Align::left;
    CharStyle st;
    for (const PrintLine& l : lines) {
        if (l.align != align) { e.align(l.align); align = l.align; }
        switch (l.kind) {
        case PrintLine::Kind::text:
            if (l.style.bold != st.bold) e.bold(l.style.bold);
            if (l.style.width_mul != st.width_mul || l.style.height_mul != st.height_mul)
                e.size(l.style.width_mul, l.style.height_mul);
            st = l.style;
            e.text(l.text + "\n");
            break;
        case PrintLine::Kind::qr:
            if (p.native_qr) e.qr_native(l.text, p.qr_module).raw("\n");
            else e.qr_raster(l.text, p.qr_module);
            break;
        case PrintLine::Kind::cut:
            e.cut(p.cut, p.feed_before_cut);
            break;
        }
    }
    if (warning) *warning = e.error();
    return e.take();
}

} // namespace kiosk::printer
