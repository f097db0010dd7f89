// [SECTION] Index
// - Identity fields shared by every service
// - Navigation (next/back/edit) and validation gates
// - Values, display text, consent
// - Submit
// - Idle state machine and reset: session_idle.cpp
#include "session.hpp"

#include "crypto.hpp"
#include "local_time.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace kiosk {
namespace {

std::vector<FieldSpec> make_identity_fields() {
    std::vector<FieldSpec> f(4);
    f[0].id = Session::kName;
    f[0].type = FieldType::name;
    f[0].label = {"姓名", "Full name"};
    f[0].hint = {"与证件上的姓名一致", "As written on your ID document"};
    f[0].pii = true;
    f[1].id = Session::kIdType;
    f[1].type = FieldType::choice;
    f[1].label = {"证件类型", "Document type"};
    f[1].choices = {{"resident_id", {"居民身份证", "Resident ID card"}},
                    {"hmt_residence_permit", {"港澳台居民居住证", "HK/Macao/Taiwan residence permit"}},
                    {"hkmo_travel_permit", {"港澳居民来往内地通行证", "Mainland travel permit (HK/Macao)"}},
                    {"foreign_permanent_residence", {"外国人永久居留身份证", "Foreigner's permanent residence ID card"}}};
    f[2].id = Session::kIdNumber;
    f[2].type = FieldType::id_number;
    f[2].label = {"证件号码", "Document number"};
    f[2].hint = {"18位，最后一位可能是X", "18 characters; the last may be X"};
    f[2].pii = true;
    f[3].id = Session::kPhone;
    f[3].type = FieldType::phone;
    f[3].label = {"手机号码", "Mobile phone"};
    f[3].hint = {"用于通知办理结果", "We send the result to this number"};
    f[3].pii = true;
    return f;
}

Date system_today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string system_now_rfc3339() { return rfc3339_local(std::chrono::system_clock::now()); }

} // namespace

const char* step_name(Step s) {
    switch (s) {
    case Step::attract: return "attract";
    case Step::home: return "home";
    case Step::category: return "category";
    case Step::search: return "search";
    case Step::service: return "service";
    case Step::identity: return "identity";
    case Step::fields: return "fields";
    case Step::review: return "review";
    case Step::consent: return "consent";
    case Step::done: return "done";
    case Step::rating: return "rating";
    case Step::progress: return "progress";
    }
    return "?";
}

Session::Session(const Catalog& catalog, SessionOptions opts, SubmitFn submit, SessionClocks clocks)
    : catalog_(catalog), opts_(std::move(opts)), submit_(std::move(submit)), clocks_(std::move(clocks)),
      identity_fields_(make_identity_fields()) {
    if (!clocks_.steady) clocks_.steady = [] { return std::chrono::steady_clock::now(); };
    if (!clocks_.today) clocks_.today = system_today;
    if (!clocks_.now_rfc3339) clocks_.now_rfc3339 = system_now_rfc3339;
    locale_ = opts_.default_locale;
    elderly_ = opts_.default_elderly;
    voice_ = opts_.default_voice;
    last_activity_ = step_entered_ = clocks_.steady();
}

Session::~Session() { reset(); }

// [SECTION] Navigation

void Session::enter(Step s) {
    const auto now = clocks_.steady();
    if (card_on_reader_ && s != step_ && (s == Step::done || s == Step::attract)) {
        take_card_due_ = true;
        if (s == Step::attract) take_card_band_until_ = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                               std::chrono::duration<double>(kTakeCardBandS));
    }
    step_ = s;
    step_entered_ = last_activity_ = now;   // the idle timeout is per screen
}

void Session::set_card_on_reader(bool present) {
    card_on_reader_ = present;
    if (!present) { take_card_band_until_.reset(); take_card_due_ = false; }
}

bool Session::take_card_band() const {
    return step_ == Step::attract && card_on_reader_ && take_card_band_until_ && clocks_.steady() < *take_card_band_until_;
}

bool Session::take_card_reminder_due() {
    const bool due = take_card_due_;
    take_card_due_ = false;
    return due;
}

void Session::activity() {
    last_activity_ = clocks_.steady();
    if (step_ == Step::attract) enter(Step::home);
}

void Session::go_home() {
    wipe_visit();
    enter(Step::home);
}

bool Session::application_under_way() const {
    return step_ != Step::attract && step_ != Step::home;
}

void Session::switch_locale(Locale l) {
    activity();
    if (l == locale_) return;
    if (application_under_way()) go_home();
    locale_ = l;
}

void Session::switch_elderly(bool on) {
    // Large text is for the person already at the kiosk (reachable from every header): the size changes,
    // the form and its values stay. Only the language switch ends a visit (issue #11, decision).
    activity();
    elderly_ = on;
}

void Session::open_category(const std::string& category_id) {
    if (!catalog_.find_category(category_id)) return;
    category_ = category_id;
    enter(Step::category);
}

void Session::open_search() { enter(Step::search); }

void Session::open_progress() {
    activity();
    if (application_under_way()) wipe_visit();
    enter(Step::progress);
}

void Session::choose_service(const std::string& service_id) {
    const Service* s = catalog_.find_service(service_id);
    if (!s) return;
    // A new service starts empty, the applicant's identity included: the person choosing it may not be
    // the one who typed the earlier values. A card read on attract/home is kept: its holder is at the
    // kiosk and chose this service with it on the reader.
    std::optional<CardIdentityFill> card = std::move(held_card_);
    held_card_.reset();
    if (service_ != s || !values_.empty()) wipe_visit();
    service_ = s;
    category_ = s->category;
    if (card && s->needs_identity) {
        apply_card(*card);
        for (std::string* v : {&card->name, &card->id_number, &card->address}) wipe(*v);
    } else if (card) {
        held_card_ = std::move(card);   // a service without identity: kept for the next choice
    }
    enter(Step::service);
}

// [SECTION] Identity from the card

void Session::put_card(CardIdentityFill card) {
    activity();
    if (step_ == Step::attract || step_ == Step::home || step_ == Step::category || step_ == Step::search) {
        wipe_card();
        held_card_ = std::move(card);
        if (step_ == Step::attract) enter(Step::home);
        return;
    }
    if (step_ == Step::identity || (step_ == Step::service && service_ && service_->needs_identity)) {
        apply_card(card);
    }
    for (std::string* v : {&card.name, &card.id_number, &card.address}) wipe(*v);
}

void Session::apply_card(const CardIdentityFill& card) {
    card_fields_.clear();
    auto fill = [&](const std::string& id, const std::string& v) {
        set_value(id, v);
        card_fields_.push_back(id);
    };
    fill(kName, card.name);
    fill(kIdType, card.id_type);
    fill(kIdNumber, card.id_number);
    if (service_ && !card.address.empty()) {
        for (const auto& f : service_->form)
            if (f.type == FieldType::address && value(f.id).empty()) { fill(f.id, card.address); break; }
    }
    identity_from_card_ = true;
    card_expired_ = card.expired;
}

void Session::type_identity() {
    activity();
    for (const std::string& id : card_fields_) {
        auto it = values_.find(id);
        if (it != values_.end()) wipe(it->second);
        if (id != kIdType) values_.erase(id);
        errors_.erase(id);
    }
    wipe_card();
}

void Session::wipe_card() {
    if (held_card_) for (std::string* v : {&held_card_->name, &held_card_->id_number, &held_card_->address}) wipe(*v);
    held_card_.reset();
    card_fields_.clear();
    identity_from_card_ = card_expired_ = false;
}

bool Session::from_card(const std::string& field_id) const {
    return identity_from_card_ && std::find(card_fields_.begin(), card_fields_.end(), field_id) != card_fields_.end();
}

bool Session::asked(const FieldSpec& f) const { return field_asked(f, values_); }

// Groups in order of first appearance in the form; a group none of whose fields is asked has no screen.
std::vector<int> Session::group_order() const {
    std::vector<int> seen;
    if (!service_) return seen;
    for (const auto& f : service_->form)
        if (asked(f) && std::find(seen.begin(), seen.end(), f.group) == seen.end()) seen.push_back(f.group);
    return seen;
}

int Session::group_count() const { return static_cast<int>(group_order().size()); }

std::vector<const FieldSpec*> Session::current_fields() const {
    std::vector<const FieldSpec*> out;
    if (step_ == Step::identity) {
        for (const auto& f : identity_fields_) out.push_back(&f);
    } else if (step_ == Step::fields && service_) {
        auto order = group_order();
        if (group_ < static_cast<int>(order.size()))
            for (const auto& f : service_->form)
                if (f.group == order[group_] && asked(f)) out.push_back(&f);
    }
    return out;
}

std::vector<const FieldSpec*> Session::all_fields() const {
    std::vector<const FieldSpec*> out;
    if (!service_) return out;
    if (service_->needs_identity)
        for (const auto& f : identity_fields_) out.push_back(&f);
    for (auto g : group_order())
        for (const auto& f : service_->form)
            if (f.group == g && asked(f)) out.push_back(&f);
    return out;
}

const FieldSpec* Session::field(const std::string& id) const {
    for (const auto& f : identity_fields_)
        if (f.id == id) return &f;
    if (service_)
        for (const auto& f : service_->form)
            if (f.id == id) return &f;
    return nullptr;
}

bool Session::validate_current() {
    bool ok = true;
    for (const FieldSpec* f : current_fields()) {
        if (auto e = check(f->id)) {
            errors_[f->id] = *e;
            ok = false;
        } else {
            errors_.erase(f->id);
        }
    }
    return ok;
}

bool Session::next() {
    activity();
    switch (step_) {
    case Step::attract: enter(Step::home); return true;
    case Step::home: case Step::category: case Step::search: return false;   // choose a service instead
    case Step::service:
        if (!service_ || !service_->on_site) return false;   // not on site: the screen says where to go
        if (service_->needs_identity) {
            // The document type shows 居民身份证 from the start: make it a real selection, not an empty
            // value that only looks chosen (focus would otherwise land on it after a failed 下一步).
            if (value(kIdType).empty()) values_[kIdType] = "resident_id";
            enter(Step::identity);
        }
        else if (group_count() > 0) { group_ = 0; enter(Step::fields); }
        else enter(Step::review);
        return true;
    case Step::identity:
        if (!validate_current()) return false;
        if (editing_from_review_) { editing_from_review_ = false; enter(Step::review); }
        else if (group_count() > 0) { group_ = 0; enter(Step::fields); }
        else enter(Step::review);
        return true;
    case Step::fields:
        if (!validate_current()) return false;
        if (editing_from_review_) { editing_from_review_ = false; enter(Step::review); }
        else if (group_ + 1 < group_count()) { ++group_; enter(Step::fields); }
        else enter(Step::review);
        return true;
    case Step::review: {
        // Re-check everything: a value may have been changed through edit() without passing its gate.
        for (const FieldSpec* f : all_fields())
            if (auto e = check(f->id)) { errors_[f->id] = *e; return false; }
        enter(Step::consent);
        return true;
    }
    case Step::consent: {
        if (!consent_ || (needs_sensitive_consent() && !sensitive_consent_)) return false;
        NewRequest req = build_request();
        Result<SubmittedRequest> r = submit_ ? submit_(req) : Result<SubmittedRequest>(Error{"session.no_store", "no store wired"});
        wipe(req);
        if (!r) {
            submit_error_ = r.error();   // values stay: staff can help, nothing is lost
            enter(Step::consent);
            return false;
        }
        submitted_ = r.value();
        submit_error_.reset();
        enter(Step::done);
        return true;
    }
    case Step::done: enter(Step::rating); return true;
    case Step::rating: finish(); return true;
    case Step::progress: return false;   // the screen asks the progress service instead
    }
    return false;
}

void Session::back() {
    activity();
    switch (step_) {
    case Step::category: case Step::search: case Step::progress: enter(Step::home); break;
    case Step::service: {
        // Leaving the service ends its application: nothing typed for it waits for the next visitor.
        std::string category = category_;
        wipe_visit();
        category_ = category;
        if (!category_.empty()) enter(Step::category); else enter(Step::home);
        break;
    }
    case Step::identity: editing_from_review_ = false; enter(Step::service); break;
    case Step::fields:
        if (editing_from_review_) { editing_from_review_ = false; enter(Step::review); }
        else if (group_ > 0) { --group_; enter(Step::fields); }
        else if (service_ && service_->needs_identity) enter(Step::identity);
        else enter(Step::service);
        break;
    case Step::review:
        if (group_count() > 0) { group_ = group_count() - 1; enter(Step::fields); }
        else if (service_ && service_->needs_identity) enter(Step::identity);
        else enter(Step::service);
        break;
    case Step::consent: enter(Step::review); break;
    default: break;   // attract/home/done/rating have no back
    }
}

void Session::edit(const std::string& field_id) {
    activity();
    if (step_ != Step::review && step_ != Step::consent) return;
    for (const auto& f : identity_fields_)
        if (f.id == field_id) { editing_from_review_ = true; enter(Step::identity); return; }
    if (!service_) return;
    auto order = group_order();
    for (const auto& f : service_->form) {
        if (f.id != field_id || !asked(f)) continue;
        group_ = static_cast<int>(std::find(order.begin(), order.end(), f.group) - order.begin());
        editing_from_review_ = true;
        enter(Step::fields);
        return;
    }
}

void Session::rate(int stars) {
    activity();
    if (!submitted_ || rating_ || stars < 1 || stars > 5) return;
    rating_ = stars;
    if (rate_fn_) rate_fn_(submitted_->request_id, service_ ? service_->id : std::string(), stars);
}

void Session::finish() { reset(); }

// [SECTION] Values

void Session::set_value(const std::string& field_id, std::string value) {
    last_activity_ = clocks_.steady();
    // A value typed over one the card gave is the resident's own: the identity is then "typed".
    if (identity_from_card_ && from_card(field_id) && this->value(field_id) != value) identity_from_card_ = false;
    auto& slot = values_[field_id];
    wipe(slot);
    slot = std::move(value);
    errors_.erase(field_id);
}

const std::string& Session::value(const std::string& field_id) const {
    static const std::string empty;
    auto it = values_.find(field_id);
    return it == values_.end() ? empty : it->second;
}

const ValidationError* Session::error(const std::string& field_id) const {
    auto it = errors_.find(field_id);
    return it == errors_.end() ? nullptr : &it->second;
}

Validation Session::check(const std::string& field_id) const {
    const FieldSpec* f = field(field_id);
    if (!f) return ValidationError{"field.unknown", {"未知字段", "Unknown field"}};
    // The chosen document type applies to the applicant's own number only; other people's ID numbers in
    // a form (a relative, the person to visit) are mainland resident IDs.
    IdType t = IdType::resident_id;
    if (f->id == kIdNumber) parse_id_type(value(kIdType).empty() ? "resident_id" : value(kIdType), t);
    // The identity step always needs a document type; an empty choice means the default (resident ID).
    if (f->id == kIdType && value(kIdType).empty()) return std::nullopt;
    return validate_field(*f, value(field_id), clocks_.today(), t);
}

std::string Session::display_value(const FieldSpec& f) const {
    const std::string& v = value(f.id);
    if (f.id == kIdType && v.empty()) return f.choices.front().label.get(locale_);
    return display_text(f, v, locale_);
}

std::vector<std::string> Session::booking_lines() const {
    return service_ ? kiosk::booking_lines(*service_, values_, locale_) : std::vector<std::string>{};
}

bool Session::needs_sensitive_consent() const {
    if (!service_) return false;
    return std::any_of(service_->form.begin(), service_->form.end(), [](const FieldSpec& f) { return f.sensitive; });
}

// [SECTION] Submit

NewRequest Session::build_request() const {
    NewRequest r;
    r.service_id = service_->id;
    r.category_id = service_->category;
    const Category* c = catalog_.find_category(service_->category);
    r.ticket_prefix = c ? c->ticket_prefix : "Z";
    r.catalog_version = catalog_.version;
    r.locale = locale_;
    if (service_->needs_identity) {
        r.applicant.name = normalize_name(value(kName));
        r.applicant.id_type = value(kIdType).empty() ? "resident_id" : value(kIdType);
        r.applicant.id_number = normalize_id_number(value(kIdNumber));
        r.applicant.phone = normalize_phone(value(kPhone));
        r.applicant.source = identity_from_card_ ? kIdentityFromCard : kIdentityTyped;
    }
    for (const auto& f : service_->form) {
        const std::string& v = value(f.id);
        if (!v.empty() && asked(f)) r.fields[f.id] = v;   // an answer to a question no longer asked is not sent
    }
    r.consent.notice_version = opts_.notice_version;
    r.consent.accepted_at = clocks_.now_rfc3339();
    r.consent.sensitive = sensitive_consent_;
    return r;
}

} // namespace kiosk
