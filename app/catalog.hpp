#pragma once
// The service catalog: what a resident can do at this station, and how. Loaded from assets/catalog/*.json.
#include "field.hpp"
#include "result.hpp"
#include "text.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiosk {

struct Category {
    std::string id;            // e.g. "huzheng"
    std::string ticket_prefix; // one capital letter: tickets are A001, B014, …
    LocalText name;
    LocalText description;
    std::string icon;          // short symbolic name the UI maps to a drawing, e.g. "house"
};

struct Service {
    std::string id;            // e.g. "cert.no-criminal-record"
    std::string category;      // Category::id
    LocalText name;
    LocalText description;
    bool on_site = true;       // can be applied for at this kiosk
    LocalText elsewhere;       // when !on_site: where to go instead (window, online platform)
    std::string elsewhere_url; // when !on_site and online: shown as a QR code
    std::vector<LocalText> materials;   // what to bring
    LocalText fee;             // e.g. "免费" / "Free", "¥20"
    LocalText processing_time; // e.g. "3个工作日" / "3 working days"
    LocalText eligibility;     // who may apply; may be empty
    std::vector<std::string> keywords;  // extra search words (zh or en)
    std::vector<FieldSpec> form;        // ordered; grouped into screens by FieldSpec::group
    bool needs_identity = true;         // ask for the applicant's name, document and phone
    bool paper_form = false;            // needs a signed A4 application form ([printer] a4_queue prints it)
    // A booking (home visits): the resident does not wait for a call; the done screen and the slip show
    // the appointment and say that an officer will call to confirm it.
    bool appointment = false;
};

struct Catalog {
    std::string version;       // e.g. "2026.11.1"
    std::vector<Category> categories;
    std::vector<Service> services;

    const Service* find_service(const std::string& id) const;
    const Category* find_category(const std::string& id) const;
    std::vector<const Service*> services_in(const std::string& category_id) const;
    std::size_t on_site_count() const;
};

// Loads `dir`/index.json (version, categories) and every `dir`/services/*.json. A bad catalog is rejected
// with a message naming the file, the entry and what is wrong (error code "catalog.invalid").
Result<Catalog> load_catalog(const std::filesystem::path& dir);

// The same checks on texts already in memory (load_catalog reads the files, then calls this; the fuzz target
// tests/fuzz/fuzz_catalog calls it directly). `services` in catalog order; `dir` only names files in errors.
// every_category_used = false skips the "category has no services" check, so one services file can be
// checked on its own against the full index.
struct ServicesText {
    std::filesystem::path file;
    std::string json;
};
Result<Catalog> parse_catalog(std::string_view index_json, const std::vector<ServicesText>& services,
                              const std::filesystem::path& dir, bool every_category_used = true);
// index.json parsed once (its categories, shared texts and field sets), to check many services files
// against it without parsing it again for each (the fuzz target does, once per input).
struct ParsedIndex;
Result<std::shared_ptr<const ParsedIndex>> parse_catalog_index(std::string_view index_json,
                                                               const std::filesystem::path& dir);
Result<Catalog> parse_catalog(const ParsedIndex& index, const std::vector<ServicesText>& services,
                              const std::filesystem::path& dir, bool every_category_used = true);

// What a booking (Service::appointment) booked, as "label：value" lines in `l`: the form's asked choices,
// dates and yes/no answers — never free text or personal data. The done screen and the printed slip both
// show these lines.
std::vector<std::string> booking_lines(const Service& s, const std::map<std::string, std::string>& answers, Locale l);

} // namespace kiosk
