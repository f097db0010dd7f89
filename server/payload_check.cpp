// Server-side validation with the shared validators. See payload_check.hpp.
#include "server/payload_check.hpp"

#include <ctime>

namespace intake {

namespace {
void add(std::vector<FieldError>& out, std::string field, const kiosk::ValidationError& e) {
    out.push_back({std::move(field), e.code, e.message.zh, e.message.en});
}
void add(std::vector<FieldError>& out, std::string field, std::string code, std::string zh, std::string en) {
    out.push_back({std::move(field), std::move(code), std::move(zh), std::move(en)});
}
} // namespace

kiosk::Date local_today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return kiosk::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::vector<FieldError> check_request(const kiosk::WireRequest& w, const kiosk::Catalog& catalog,
                                      const kiosk::Date& today) {
    std::vector<FieldError> out;
    const kiosk::NewRequest& r = w.request.req;
    const kiosk::Service* svc = catalog.find_service(r.service_id);
    if (!svc) {
        add(out, "service_id", "service.unknown", "本所不受理此业务", "this station does not offer this service");
        return out;
    }
    if (!svc->on_site) {
        add(out, "service_id", "service.not_on_site", "此业务不在自助机办理", "this service is not applied for at a kiosk");
        return out;
    }

    kiosk::IdType id_type = kiosk::IdType::resident_id;
    if (svc->needs_identity) {
        const kiosk::Applicant& a = r.applicant;
        if (auto e = kiosk::validate_name(a.name)) add(out, "applicant.name", *e);
        if (!kiosk::parse_id_type(a.id_type, id_type)) {
            add(out, "applicant.id_type", "id_type.unknown", "证件类型无效", "unknown identity document type");
        } else if (auto e = kiosk::validate_id_document(id_type, a.id_number, today)) {
            add(out, "applicant.id_number", *e);
        }
        if (auto e = kiosk::validate_phone(a.phone)) add(out, "applicant.phone", *e);
    }

    for (const auto& spec : svc->form) {
        auto it = r.fields.find(spec.id);
        if (!kiosk::field_asked(spec, r.fields)) {   // e.g. the visited person's name when the visit is for oneself
            if (it != r.fields.end())
                add(out, "fields." + spec.id, "field.not_asked", "此项不应填写", "this form does not ask for it with the answers given");
            continue;
        }
        const std::string value = it == r.fields.end() ? std::string{} : it->second;
        if (auto e = kiosk::validate_field(spec, value, today, id_type)) add(out, "fields." + spec.id, *e);
    }
    // A field the catalog does not define is refused: the intake stores only what the form asks for.
    for (const auto& [key, value] : r.fields) {
        bool known = false;
        for (const auto& spec : svc->form) known = known || spec.id == key;
        if (!known) add(out, "fields." + key, "field.unknown", "表单中没有此项", "not a field of this service's form");
    }
    if (r.consent.notice_version.empty() || r.consent.accepted_at.empty())
        add(out, "consent", "consent.missing", "缺少个人信息告知同意", "the privacy notice was not accepted");
    return out;
}

} // namespace intake
