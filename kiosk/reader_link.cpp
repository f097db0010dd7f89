#include "kiosk/reader_link.hpp"

#include "app/crypto.hpp"
#include "app/progress.hpp"
#include "app/reader/card_fill.hpp"

#include <iostream>

namespace kiosk::app_main {

ReaderLink::ReaderLink(const Config& cfg, std::function<void()> wake) {
    auto uri = reader::parse_reader_uri(cfg.reader.uri);   // load_config has refused a bad one already
    if (!uri || uri->kind == reader::ReaderUri::Kind::none) return;
    reader::DriverOptions o;
    o.uri = *uri;
    o.wake = std::move(wake);
    driver_ = std::make_unique<reader::ReaderDriver>(std::move(o));
}

ReaderLink::~ReaderLink() = default;

void ReaderLink::start() {
    if (driver_) driver_->start();
}

reader::ReaderStatus ReaderLink::status() const { return driver_ ? driver_->status() : reader::ReaderStatus{}; }

void ReaderLink::apply(Session& session, ProgressService* progress) {
    if (!driver_) return;
    const Step st = session.step();
    // Screens where a card starts or fills a visit. Elsewhere nobody polls (a card put on mid-form is not read).
    driver_->set_wanted(st == Step::attract || st == Step::home || st == Step::category || st == Step::search ||
                        st == Step::service || st == Step::identity || (st == Step::progress && progress));
    const reader::ReaderStatus s = driver_->status();
    session.set_card_on_reader(s.card_present);   // "请取走您的身份证" at done and when the visit ends
    if (s.problem != logged_problem_ || s.device != logged_device_) {
        std::cerr << "kiosk: reader: " << reader::device_state_name(s.device) << " (" << reader::problem_name(s.problem)
                  << "): " << s.staff_text << "\n";   // staff_text never holds card data
        logged_problem_ = s.problem;
        logged_device_ = s.device;
    }
    auto card = driver_->take_card();
    if (!card) return;
    if (st == Step::progress && progress) {
        // 查询办理进度 by card: the number is the question (any card kind); nothing is filled in.
        ProgressQuery q;
        q.way = ProgressWay::card;
        q.id_number = card->identity.id_number;
        session.activity();
        progress->ask(q, session.generation());
        wipe(q.id_number);
        reader::wipe(card->identity);
        return;
    }
    if (auto fill = reader::identity_fill(*card)) {
        session.put_card(std::move(*fill));
    } else {
        std::cerr << "kiosk: reader: a " << reader::card_kind_name(card->identity.kind)
                  << " card was read; the identity step does not offer it, the resident types\n";
    }
    reader::wipe(card->identity);
}

} // namespace kiosk::app_main
