// [SECTION] Index
// - exchange(): one command, one answer, with a deadline; every way it can fail is a value
// - ReaderDriver: the thread's loop (connect → init → poll), reading a card, the status snapshot
#include "app/reader/reader_driver.hpp"

#include "app/crypto.hpp"
#include "app/local_time.hpp"
#include "app/reader/port.hpp"

#include <openssl/crypto.h>

namespace kiosk::reader {
namespace {

using Clock = std::chrono::steady_clock;

enum class Outcome { answer, timeout, partial, bad_checksum, bad_length, gone };

// The receive buffer of one exchange. It may hold a whole card read (text and photo), so it is wiped on
// every exit path, and what the caller needs is copied out before it goes.
struct RxBuffer {
    Bytes bytes;
    ~RxBuffer() { clear(); }
    void clear() {
        if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
        bytes.clear();
    }
};

struct Answer {
    Outcome outcome = Outcome::timeout;
    Response resp;   // points into the RxBuffer given to exchange()
    std::string gone_reason;
};

Answer exchange(Port& port, Command cmd, std::chrono::milliseconds timeout, RxBuffer& rx) {
    Answer a;
    rx.clear();
    port.discard_input();   // a late answer to an earlier, timed-out command must not pass for this one's
    if (auto w = port.write_all(encode_command(cmd)); !w) {
        a.outcome = Outcome::gone;
        a.gone_reason = w.error().message;
        return a;
    }
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const FrameResult f = decode_frame(rx.bytes, 3);
        if (f.status == FrameStatus::frame) {
            a.outcome = Outcome::answer;
            a.resp = parse_response(f.body);
            return a;
        }
        if (f.status == FrameStatus::bad_checksum) { a.outcome = Outcome::bad_checksum; return a; }
        if (f.status == FrameStatus::bad_length) { a.outcome = Outcome::bad_length; return a; }
        switch (port.read_some(rx.bytes, deadline)) {
        case Port::ReadOutcome::data: break;
        case Port::ReadOutcome::timeout:
            // Bytes that began a frame and stopped: the reader was cut off mid-answer.
            a.outcome = decode_frame(rx.bytes, 3).garbage < rx.bytes.size() ? Outcome::partial : Outcome::timeout;
            return a;
        case Port::ReadOutcome::gone:
            a.outcome = Outcome::gone;
            a.gone_reason = "the reader went away (unplugged?)";
            return a;
        }
    }
}

Problem problem_for(Sw3Class c) {
    switch (c) {
    case Sw3Class::sam_fault: return Problem::sam_fault;
    case Sw3Class::auth_failed: return Problem::auth_failed;
    case Sw3Class::card_error: return Problem::read_failed;
    case Sw3Class::select_failed: return Problem::select_failed;
    case Sw3Class::frame_error: return Problem::frame_checksum;
    default: return Problem::reader_error;
    }
}

Problem problem_for(Outcome o) {
    switch (o) {
    case Outcome::timeout: return Problem::timeout;
    case Outcome::partial: return Problem::removed_mid_read;
    case Outcome::bad_checksum: return Problem::frame_checksum;
    case Outcome::bad_length: return Problem::frame_length;
    case Outcome::gone: return Problem::unplugged;
    case Outcome::answer: return Problem::none;
    }
    return Problem::reader_error;
}

const char* outcome_text(Outcome o) {
    switch (o) {
    case Outcome::timeout: return "no answer in time";
    case Outcome::partial: return "the answer stopped part-way (card moved or taken off during the read)";
    case Outcome::bad_checksum: return "answer failed the checksum";
    case Outcome::bad_length: return "answer with an impossible length";
    case Outcome::gone: return "the reader went away (unplugged?)";
    case Outcome::answer: return "ok";
    }
    return "?";
}

Problem problem_for_open(const std::string& code) {
    if (code == "reader.absent") return Problem::no_device;
    if (code == "reader.busy") return Problem::busy;
    if (code == "reader.denied") return Problem::denied;
    return Problem::no_device;
}

Date system_today() {
    const std::string d = local_day(std::chrono::system_clock::now());
    if (auto p = parse_date(d)) return *p;
    return Date{2000, 1, 1};
}

} // namespace

ReaderDriver::ReaderDriver(DriverOptions opts) : opts_(std::move(opts)) {
    if (!opts_.today) opts_.today = system_today;
    status_.configured = opts_.uri.kind != ReaderUri::Kind::none;
    if (status_.configured) {
        status_.problem = Problem::no_device;
        status_.staff_text = "starting: " + opts_.uri.text();
    }
}

ReaderDriver::~ReaderDriver() {
    stop();
    std::lock_guard lk(mu_);
    if (card_) wipe(card_->identity);
}

void ReaderDriver::start() {
    if (opts_.uri.kind == ReaderUri::Kind::none || thread_.joinable()) return;
    {
        std::lock_guard lk(mu_);
        stop_ = false;
    }
    thread_ = std::thread([this] { run(); });
}

void ReaderDriver::stop() {
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ReaderDriver::set_wanted(bool wanted) {
    {
        std::lock_guard lk(mu_);
        if (wanted_ == wanted) return;
        wanted_ = wanted;
    }
    cv_.notify_all();
}

void ReaderDriver::request_reread() {
    {
        std::lock_guard lk(mu_);
        reread_ = true;
    }
    cv_.notify_all();
}

ReaderStatus ReaderDriver::status() const {
    std::lock_guard lk(mu_);
    return status_;
}

std::optional<CardRead> ReaderDriver::take_card() {
    std::lock_guard lk(mu_);
    std::optional<CardRead> out = std::move(card_);
    if (card_) wipe(card_->identity);   // what a move leaves behind (short strings stay in place)
    card_.reset();
    return out;
}

bool ReaderDriver::wait_for(const std::function<bool(const ReaderStatus&)>& pred, std::chrono::milliseconds timeout) const {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, timeout, [&] { return pred(status_); });
}

void ReaderDriver::set_status(DeviceState d, Problem p, std::string text) {
    bool changed = false;
    {
        std::lock_guard lk(mu_);
        changed = status_.device != d || status_.problem != p || status_.staff_text != text;
        status_.device = d;
        status_.problem = p;
        if (p != Problem::none && p != Problem::not_configured && (changed || status_.last_error.empty())) {
            status_.last_error = text;
            status_.last_error_at = rfc3339_local(std::chrono::system_clock::now());
        }
        status_.staff_text = std::move(text);
        status_.checked = true;
        if (d != DeviceState::ok) { status_.card_present = false; status_.reading = false; }
    }
    cv_.notify_all();
    if (changed) opts_.wake();
}

void ReaderDriver::sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lk(mu_);
    const bool was_wanted = wanted_;
    cv_.wait_for(lk, d, [&] { return stop_ || reread_ || wanted_ != was_wanted; });
}

// [SECTION] The loop
void ReaderDriver::run() {
    const std::string where = opts_.uri.text();
    while (true) {
        {
            std::lock_guard lk(mu_);
            if (stop_) return;
        }
        auto opened = Port::open(opts_.uri);
        if (!opened) {
            set_status(DeviceState::absent, problem_for_open(opened.error().code), opened.error().message);
            sleep_for(opts_.reconnect_interval);
            continue;
        }
        Port port = std::move(opened.value());
        if (!init_reader(port)) {
            sleep_for(opts_.reconnect_interval);
            continue;   // closes the port: a replugged reader comes back under a fresh descriptor
        }
        set_status(DeviceState::ok, Problem::none, "ready: " + where);
        auto last_check = Clock::now();
        bool lost = false;
        while (!lost) {
            bool wanted, present, reread;
            {
                std::lock_guard lk(mu_);
                if (stop_) return;
                wanted = wanted_;
                present = status_.card_present;
                reread = reread_;
                reread_ = false;
            }
            if (!wanted && !present) {
                if (Clock::now() - last_check >= opts_.idle_check) {
                    RxBuffer rx;
                    const Answer a = exchange(port, kSamStatus, opts_.sam_timeout, rx);
                    last_check = Clock::now();
                    if (a.outcome != Outcome::answer || a.resp.sw3 != 0x90) {
                        lost = !init_reader(port);
                        if (!lost) set_status(DeviceState::ok, Problem::none, "ready: " + where);
                        continue;
                    }
                }
                sleep_for(opts_.idle_check);
                continue;
            }
            RxBuffer rx;
            const Answer a = exchange(port, kFindCard, opts_.find_timeout, rx);
            last_check = Clock::now();
            if (a.outcome == Outcome::gone) {
                set_status(DeviceState::absent, Problem::unplugged, "reader went away: " + where + "; reconnecting");
                lost = true;
                break;
            }
            if (a.outcome == Outcome::timeout) {
                // One lost answer can be noise; a reader that answers nothing to a reset either is gone.
                lost = !init_reader(port);
                continue;
            }
            if (a.outcome != Outcome::answer) {
                set_status(DeviceState::ok, problem_for(a.outcome), std::string("find card: ") + outcome_text(a.outcome));
            } else if (a.resp.sw3 == 0x9F) {
                if (!present || reread) read_card(port);
            } else if (a.resp.sw3 == 0x80) {
                bool was_present;
                {
                    std::lock_guard lk(mu_);
                    was_present = status_.card_present;
                    status_.card_present = false;
                }
                if (was_present) { cv_.notify_all(); opts_.wake(); }
            } else {
                const Sw3Info i = sw3_info(a.resp.sw3);
                if (i.cls == Sw3Class::sam_fault) { lost = !init_reader(port); continue; }
                set_status(DeviceState::ok, problem_for(i.cls), std::string("find card: ") + i.text);
            }
            bool now_present;
            {
                std::lock_guard lk(mu_);
                now_present = status_.card_present;
            }
            sleep_for(now_present ? opts_.removal_poll : opts_.poll_interval);
        }
        sleep_for(opts_.reconnect_interval);
    }
}

// Reset SAM, then SAM status. False (status set) when the reader does not answer or its SAM is faulty.
bool ReaderDriver::init_reader(Port& port) {
    for (Command c : {kResetSam, kSamStatus}) {
        RxBuffer rx;
        const Answer a = exchange(port, c, opts_.sam_timeout, rx);
        const char* what = c.cmd == kResetSam.cmd ? "reset SAM" : "SAM status";
        if (a.outcome == Outcome::gone) {
            set_status(DeviceState::absent, Problem::unplugged, std::string(what) + ": " + a.gone_reason);
            return false;
        }
        if (a.outcome != Outcome::answer) {
            set_status(DeviceState::absent, Problem::not_answering,
                       std::string(what) + ": " + outcome_text(a.outcome) + " — no reader answering at " + opts_.uri.text() +
                           " (wrong port or baud rate, or the reader is off)");
            return false;
        }
        if (a.resp.sw3 != 0x90) {
            const Sw3Info i = sw3_info(a.resp.sw3);
            set_status(DeviceState::fault, i.cls == Sw3Class::sam_fault ? Problem::sam_fault : problem_for(i.cls),
                       std::string(what) + ": " + i.text + " — the reader needs service");
            return false;
        }
    }
    return true;
}

void ReaderDriver::read_card(Port& port) {
    {
        std::lock_guard lk(mu_);
        status_.reading = true;
    }
    opts_.wake();
    auto fail = [&](Problem p, std::string text) {
        {
            std::lock_guard lk(mu_);
            status_.reading = false;
        }
        set_status(DeviceState::ok, p, std::move(text));
    };
    {
        RxBuffer rx;
        const Answer a = exchange(port, kSelectCard, opts_.select_timeout, rx);
        if (a.outcome != Outcome::answer) return fail(problem_for(a.outcome), std::string("select card: ") + outcome_text(a.outcome));
        if (a.resp.sw3 != 0x90) return fail(problem_for(sw3_info(a.resp.sw3).cls), std::string("select card: ") + sw3_info(a.resp.sw3).text);
    }
    Bytes text;   // the 256-byte text block, copied out of the frame; wiped below
    struct Wipe {
        Bytes& b;
        ~Wipe() { if (!b.empty()) OPENSSL_cleanse(b.data(), b.size()); }
    } wipe_text{text};
    {
        RxBuffer rx;
        const Answer a = exchange(port, kReadText, opts_.read_timeout, rx);
        if (a.outcome != Outcome::answer) return fail(problem_for(a.outcome), std::string("read text: ") + outcome_text(a.outcome));
        if (a.resp.sw3 != 0x90) return fail(problem_for(sw3_info(a.resp.sw3).cls), std::string("read text: ") + sw3_info(a.resp.sw3).text);
        TextAndPhoto tp;
        if (!split_text_response(a.resp.data, tp)) return fail(Problem::frame_length, "read text: block lengths do not match the answer");
        text.assign(tp.text.begin(), tp.text.end());
        // The photo is not used by the kiosk: it goes with rx when this block ends (wiped).
    }
    auto decoded = decode_card_text(text);
    if (!decoded) return fail(Problem::bad_card_data, "read text: " + decoded.error().message);
    CardRead card{std::move(decoded.value()), {}};
    {
        RxBuffer rx;
        const Answer a = exchange(port, kReadNewAddress, opts_.select_timeout, rx);
        // 91 = no appended address, the usual case. A failure here costs only the newer address: the
        // card's own one stays, and staff see why.
        if (a.outcome == Outcome::answer && a.resp.sw3 == 0x90 && !a.resp.data.empty()) {
            std::string addr = decode_utf16_field(a.resp.data);
            if (!addr.empty()) { kiosk::wipe(card.identity.address); card.identity.address = std::move(addr); }
        }
    }
    card.checks = check_card(card.identity, opts_.today());
    if (!card.checks.trusted()) {
        wipe(card.identity);
        return fail(Problem::bad_card_data, card.checks.number_ok ? "card data: birth date differs from the number's"
                                                                  : "card data: the number fails its check (GB 11643)");
    }
    {
        std::lock_guard lk(mu_);
        if (card_) wipe(card_->identity);
        card_ = std::move(card);
        status_.reading = false;
        status_.card_present = true;
        status_.problem = Problem::none;
        status_.device = DeviceState::ok;
        status_.staff_text = std::string("card read: ") + card_kind_name(card_->identity.kind) +
                             (card_->checks.expired ? " (expired)" : "");
        ++status_.reads;
    }
    cv_.notify_all();
    opts_.wake();
}

} // namespace kiosk::reader
