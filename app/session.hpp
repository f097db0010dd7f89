#pragma once
// [SECTION] Session — the view-model of one resident's visit (DESIGN.md step 1).
// Screens read it and send it intents; it never draws and never touches SQLite, curl or the printer:
// submitting goes through the SubmitFn the app wires to the store. Time comes from injectable clocks so
// idle handling is tested without waiting.
//
// Steps: attract → home → (category | search) → service (overview and materials) → identity → fields
// (one screen per field group) → review → consent → done → (rating) → attract; home → progress (the
// progress query, app/progress.hpp) → home. Submitting is no step of
// its own: next() on consent commits in one call (a few ms, docs/BENCHMARKS.md) and lands on done, or
// stays on consent with submit_error() — there is never a frame in which "saving" could be drawn.
#include "catalog.hpp"
#include "request.hpp"
#include "result.hpp"
#include "validators.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

enum class Step { attract, home, category, search, service, identity, fields, review, consent, done, rating, progress };
const char* step_name(Step s);

enum class IdleState { active, warning, expired };

struct SessionOptions {
    int idle_timeout_s = 60;     // inactivity before the warning
    int warn_s = 20;             // warning countdown before the wipe
    int done_return_s = 15;      // done/rating screens return to attract by themselves
    std::string notice_version = "2026-11";   // privacy notice version stored with consent
    Locale default_locale = Locale::zh;
    bool default_elderly = false;   // kiosk started with --elderly: every visit starts large
    bool default_voice = false;     // spoken prompts on at the start of each visit
};

// The identity as an ID card gave it (kiosk/ converts the reader's CardRead; app/reader/card_fill.hpp).
struct CardIdentityFill {
    std::string name;
    std::string id_type;     // an id_type the identity step offers ("resident_id", "hmt_residence_permit")
    std::string id_number;
    std::string address;     // filled into the service's address field when its form asks for one
    bool expired = false;    // read, but the card is out of date: the resident is told what to do
};

struct SessionClocks {
    std::function<std::chrono::steady_clock::time_point()> steady = [] { return std::chrono::steady_clock::now(); };
    std::function<Date()> today;                  // local calendar date; default: system local date
    std::function<std::string()> now_rfc3339;     // local time with offset; default: system
};

class Session {
public:
    using SubmitFn = std::function<Result<SubmittedRequest>(const NewRequest&)>;
    using RateFn = std::function<void(const std::string& request_id, const std::string& service_id, int stars)>;

    // Reserved field ids of the identity step (shared by every service that needs_identity).
    static constexpr const char* kName = "applicant.name";
    static constexpr const char* kIdType = "applicant.id_type";
    static constexpr const char* kIdNumber = "applicant.id_number";
    static constexpr const char* kPhone = "applicant.phone";

    Session(const Catalog& catalog, SessionOptions opts, SubmitFn submit, SessionClocks clocks = {});
    ~Session();

    // [SECTION] Where we are
    Step step() const { return step_; }
    const Catalog& catalog() const { return catalog_; }
    const Service* service() const { return service_; }
    const std::string& category_id() const { return category_; }
    Locale locale() const { return locale_; }
    bool elderly() const { return elderly_; }
    bool voice() const { return voice_; }
    std::uint64_t generation() const { return generation_; }   // bumps on every reset: UI drops its caches

    // [SECTION] Intents
    void activity();                          // any touch or key: restarts the idle timer; attract → home
    // Plain setters (start-up, staff mode, tours): they change a preference and nothing else.
    void set_locale(Locale l) { locale_ = l; }
    void set_elderly(bool on) { elderly_ = on; }
    void set_voice(bool on) { voice_ = on; }
    // The resident's own language switch. Switching during an application ends it: the values are wiped
    // and the visit starts again on home in the new language (a language switch is how the next person at
    // the kiosk most often starts, and a stranger's data must never be shown to them).
    void switch_locale(Locale l);
    // 大字模式, in every header: the same person wants larger text, so the step and the values stay.
    void switch_elderly(bool on);
    // Home: the application under way (if any) ends and is wiped; language, size and voice stay.
    void go_home();
    void open_category(const std::string& category_id);
    void open_search();
    // 查询办理进度 (home's entry, or a receipt scanned on attract/home). An application under way ends.
    void open_progress();
    void set_search_query(std::string q) { search_query_ = std::move(q); }
    const std::string& search_query() const { return search_query_; }
    // → service overview. Every service starts empty: values of an earlier choice are wiped.
    void choose_service(const std::string& service_id);
    // Validates the current step; advances when it passes, else records errors and returns false.
    // On consent, next() submits (synchronously: the store commits in milliseconds) → done, or stays on
    // consent with submit_error() set — nothing the resident entered is lost.
    bool next();
    void back();
    void edit(const std::string& field_id);   // from review: jump to that field's screen; next() returns to review
    void rate(int stars);                     // done/rating: 1..5, once
    void finish();                            // "I'm done" → attract (wipes)

    // [SECTION] Identity from the ID-card reader
    // A card was read. On attract or home it starts a visit (→ home) and is held until a service that
    // needs identity is chosen; on the identity step it fills name, document type and number (and the
    // address where the form asks) at once, replacing what was typed. Elsewhere it is ignored.
    void put_card(CardIdentityFill card);
    // "手动填写": the resident types instead; the card's values are wiped and the fields are editable.
    void type_identity();
    bool identity_from_card() const { return identity_from_card_; }
    bool card_held() const { return held_card_.has_value(); }
    bool card_expired() const { return card_expired_; }
    // Whether this field shows the card's value read-only (the identity step draws it as read from the card).
    bool from_card(const std::string& field_id) const;

    // [SECTION] "请取走您的身份证" while the card still lies on the reader (docs/READER.md). kiosk/ says before
    // each frame whether a card lies there. Entering done with a card there, or the end of a visit (attract
    // from any other screen: finished, idle wipe, reset), asks for one spoken reminder; on attract a band
    // shows until the card is taken off, a new visit starts, or kTakeCardBandS pass.
    static constexpr double kTakeCardBandS = 60;
    void set_card_on_reader(bool present);
    bool card_on_reader() const { return card_on_reader_; }
    bool take_card_band() const;
    bool take_card_reminder_due();   // true once per reminder: the UI speaks it

    // [SECTION] Values
    void set_value(const std::string& field_id, std::string value);
    const std::string& value(const std::string& field_id) const;
    // Error recorded by the last next() for this field (cleared when the value changes).
    const ValidationError* error(const std::string& field_id) const;
    // Live check of the current value, for feedback while typing (e.g. ID checksum).
    Validation check(const std::string& field_id) const;
    const FieldSpec* field(const std::string& field_id) const;
    // Whether the field is asked, given the answers so far (FieldSpec::show_if). Fields not asked are
    // left out of every screen, the review, validation and the request.
    bool asked(const FieldSpec& f) const;
    const std::vector<FieldSpec>& identity_fields() const { return identity_fields_; }
    std::vector<const FieldSpec*> current_fields() const;     // identity step or the current form group
    std::vector<const FieldSpec*> all_fields() const;         // everything the review shows, in order
    int group_index() const { return group_; }                // within the fields step
    int group_count() const;
    // Display text of a value (choice labels, yes/no, dates) in the session's locale.
    std::string display_value(const FieldSpec& f) const;
    // A booking's "label：value" lines (kiosk::booking_lines) for the chosen service, in the session's locale.
    std::vector<std::string> booking_lines() const;

    // [SECTION] Consent (PIPL)
    bool needs_sensitive_consent() const;
    bool consent() const { return consent_; }
    bool sensitive_consent() const { return sensitive_consent_; }
    void set_consent(bool on) { consent_ = on; }
    void set_sensitive_consent(bool on) { sensitive_consent_ = on; }
    const std::string& notice_version() const { return opts_.notice_version; }

    // [SECTION] Outcome
    const std::optional<SubmittedRequest>& submitted() const { return submitted_; }
    const std::optional<Error>& submit_error() const { return submit_error_; }
    std::optional<int> rating() const { return rating_; }
    void set_rate_fn(RateFn fn) { rate_fn_ = std::move(fn); }

    // [SECTION] Idle
    IdleState idle_state() const;
    int seconds_left() const;            // in warning: until the wipe; on done: until it returns home
    // Whole seconds until the idle warning would appear (the screens show a countdown in its last seconds);
    // -1 where no warning comes (attract, done, rating) or while it is already shown.
    int seconds_to_warning() const;
    // Call every frame/timer tick: expires the visit (reset) when its time is up. Returns true if it reset.
    bool update();
    // Seconds until the next idle event, for the event loop's wait timeout (nullopt: none pending).
    std::optional<double> seconds_to_next_event() const;
    // Wipes every value (OPENSSL_cleanse) and returns to attract. Locale, elderly mode and voice return to defaults.
    void reset();

private:
    bool validate_current();
    // The one wipe of a visit's data (OPENSSL_cleanse on every value), shared by reset, go_home, leaving a
    // service and the resident's switches. Bumps generation() so the UI drops what it kept for the visit.
    void wipe_visit();
    bool application_under_way() const;
    std::vector<int> group_order() const;   // the form's groups with at least one field asked, in order
    NewRequest build_request() const;
    void enter(Step s);
    double idle_seconds() const;

    const Catalog& catalog_;
    SessionOptions opts_;
    SubmitFn submit_;
    RateFn rate_fn_;
    SessionClocks clocks_;
    std::vector<FieldSpec> identity_fields_;

    Step step_ = Step::attract;
    std::string category_;
    const Service* service_ = nullptr;
    std::string search_query_;
    int group_ = 0;
    bool editing_from_review_ = false;
    void apply_card(const CardIdentityFill& card);
    void wipe_card();
    std::optional<CardIdentityFill> held_card_;   // read on attract/home, applied when a service is chosen
    bool identity_from_card_ = false, card_expired_ = false;
    std::vector<std::string> card_fields_;        // field ids the card filled
    bool card_on_reader_ = false, take_card_due_ = false;
    std::optional<std::chrono::steady_clock::time_point> take_card_band_until_;
    std::map<std::string, std::string> values_;
    std::map<std::string, ValidationError> errors_;
    bool consent_ = false, sensitive_consent_ = false;
    std::optional<SubmittedRequest> submitted_;
    std::optional<Error> submit_error_;
    std::optional<int> rating_;
    Locale locale_ = Locale::zh;
    bool elderly_ = false, voice_ = false;
    std::uint64_t generation_ = 0;
    std::chrono::steady_clock::time_point last_activity_{};
    std::chrono::steady_clock::time_point step_entered_{};
};

} // namespace kiosk
