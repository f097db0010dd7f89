// --tour DIR: every screen in zh and en, normal and elderly, as PNGs named NN-step-locale-size.png.
// Drives the session through its intents (not taps) so the tour does not depend on layout; it submits one
// request per variant into whatever --data-dir the kiosk was given (scripts/tour uses a temporary one).
#include "ui/runtime.hpp"

#include <functional>

namespace kiosk::ui {

namespace {

void fill_current(Session& s) {
    for (const FieldSpec* f : s.current_fields()) {
        if (!s.value(f->id).empty()) continue;
        std::string v;
        switch (f->type) {
        case FieldType::name: v = "张三"; break;
        case FieldType::id_number: v = "11010519491231002X"; break;
        case FieldType::phone: v = "13800138000"; break;
        case FieldType::date: v = f->date_range == DateRange::past ? "1990-05-01" : "2026-12-15"; break;
        case FieldType::address: v = "青山区青和路88号3栋2单元"; break;
        case FieldType::choice: v = f->choices.empty() ? "" : f->choices.front().value; break;
        case FieldType::yes_no: v = "no"; break;
        case FieldType::number: v = std::to_string(std::max(1L, f->min)); break;
        case FieldType::text: case FieldType::long_text: v = "办理需要"; break;
        }
        if (f->id == Session::kIdType) v = "resident_id";
        s.set_value(f->id, v);
    }
}

class TourPlayer : public Player {
public:
    explicit TourPlayer(std::filesystem::path dir) : dir_(std::move(dir)) {
        for (Locale l : {Locale::zh, Locale::en})
            for (bool elderly : {false, true}) add_variant(l, elderly);
    }
    bool before_frame(Runtime& rt) override {
        if (rt.frame < 3 || !rt.ui.app.pinyin_settled) return true;   // first screen laid out, dictionary loaded
        if (wait_ > 0) { --wait_; return true; }
        if (pc_ >= steps_.size()) return false;
        steps_[pc_++](rt);
        wait_ = 4;   // fonts may rebuild (elderly) and new screens lay out over two frames
        return true;
    }

private:
    using Step_ = std::function<void(Runtime&)>;
    void act(Step_ f) { steps_.push_back(std::move(f)); }
    void shot(const std::string& name, Locale l, bool elderly) {
        std::string file = (n_ < 10 ? "0" : "") + std::to_string(n_) + "-" + name + "-" + (l == Locale::zh ? "zh" : "en") +
                           (elderly ? "-elderly" : "") + ".png";
        auto path = dir_ / file;
        act([path](Runtime& rt) { rt.capture = path; });
        ++n_;
    }
    void add_variant(Locale l, bool elderly) {
        n_ = 0;
        auto setup = [l, elderly](Session& s) { s.set_locale(l); s.set_elderly(elderly); };
        act([=](Runtime& rt) { rt.ui.session.reset(); setup(rt.ui.session); });
        shot("attract", l, elderly);
        act([](Runtime& rt) { rt.ui.session.activity(); });
        shot("home", l, elderly);
        act([](Runtime& rt) {
            const auto& cats = rt.ui.app.catalog.categories;
            if (!cats.empty()) rt.ui.session.open_category(cats.front().id);
        });
        shot("category", l, elderly);
        act([](Runtime& rt) { rt.ui.session.open_search(); rt.ui.session.set_search_query("wfzjl"); });
        shot("search", l, elderly);
        act([](Runtime& rt) {
            // A service that is not on site: where to go instead, with a QR code.
            for (const auto& sv : rt.ui.app.catalog.services)
                if (!sv.on_site) { rt.ui.session.choose_service(sv.id); break; }
        });
        shot("elsewhere", l, elderly);
        act([](Runtime& rt) { rt.ui.session.choose_service("cert.no-criminal-record"); });
        shot("service", l, elderly);
        act([](Runtime& rt) { rt.ui.session.next(); rt.ui.session.set_value(Session::kName, "张"); rt.ui.visit.focus_field = Session::kName; rt.ui.visit.composing = "wei"; });
        shot("identity", l, elderly);
        act([](Runtime& rt) {
            Session& s = rt.ui.session;
            s.set_value(Session::kName, "");
            fill_current(s);
            rt.ui.visit.composing.clear();
            s.next();
        });
        shot("fields", l, elderly);
        act([](Runtime& rt) {
            Session& s = rt.ui.session;
            for (int i = 0; i < 12 && s.step() == Step::fields; ++i) { fill_current(s); s.next(); }
        });
        shot("review", l, elderly);
        act([](Runtime& rt) { rt.ui.session.next(); });
        shot("consent", l, elderly);
        act([](Runtime& rt) {
            Session& s = rt.ui.session;
            s.set_consent(true);
            s.set_sensitive_consent(true);
            s.next();
        });
        shot("done", l, elderly);
        act([](Runtime& rt) { rt.ui.session.next(); });
        shot("rating", l, elderly);
        act([](Runtime& rt) {
            Session& s = rt.ui.session;
            s.go_home();
            s.choose_service("cert.no-criminal-record");
            advance_steady_clock(rt.ui.app.config.kiosk.idle_timeout_s + 1.0);
        });
        shot("idle-warning", l, elderly);
        // 查询办理进度: the ways in (scan, the receipt's 查询编号 on the screen's keys, ticket + phone).
        act([=](Runtime& rt) { rt.ui.session.reset(); setup(rt.ui.session); rt.ui.session.open_progress(); });
        shot("progress", l, elderly);
        act([](Runtime& rt) { rt.ui.session.reset(); });
    }

    std::filesystem::path dir_;
    std::vector<Step_> steps_;
    std::size_t pc_ = 0;
    int wait_ = 0;
    int n_ = 0;
};

} // namespace

std::unique_ptr<Player> make_tour_player(const std::filesystem::path& dir) {
    return std::make_unique<TourPlayer>(dir);
}

} // namespace kiosk::ui
