#pragma once
// [SECTION] Progress query (查询办理进度) — a resident asks how their request is doing: by the receipt's QR
// code (the request id, printer/receipt.hpp), by ticket + the last four digits of the phone number, by
// the receipt's short reference typed in ("A023-7K3M", app/short_ref.hpp), or by ID card on the reader. The answer comes from the intake (GET /v1/requests/{id}/progress, or POST
// /v1/progress/by-id-number for a card; mutual TLS) on this worker's thread, and from the kiosk's own store when the intake cannot be asked —
// labelled as such. It carries the service, the masked name, the status, the officer's message, and nothing
// else of the request. Unknown codes, other stations' receipts and wrong phone digits get one answer
// (not_found), and a visit gets kMaxFailures of those. docs/EVENTS.md "Progress query".
#include "app/config.hpp"
#include "app/store.hpp"
#include "app/text.hpp"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace kiosk {

struct Catalog;
class HttpsClient;
struct HttpOutcome;

enum class ProgressWay { receipt, ticket_phone, card, short_ref };

struct ProgressQuery {
    ProgressWay way = ProgressWay::receipt;
    std::string code;           // receipt: what the scanner read; short_ref: what was typed ("A023-7K3M")
    std::string ticket;         // ticket_phone
    std::string phone_last4;
    std::string id_number;      // card: the number the reader read (wiped once looked up)
};

enum class ProgressOutcome {
    none,         // nothing asked in this visit
    pending,      // being looked up
    found,
    not_found,    // unknown, another station's, wrong digits, or not readable: the same words for all
    too_many,     // kMaxFailures not_found in this visit: ask at the window
    unavailable,  // this way in is not available on this kiosk (kept for a screen that asks without a reader)
};

struct ProgressAnswer {
    ProgressOutcome outcome = ProgressOutcome::none;
    bool from_intake = false;    // false + found: the kiosk's own record, shown with a label
    bool offline = false;        // the intake could not be asked
    LocalText service;
    std::string masked_name;
    // received | accepted | processing | done | needs_more | rejected (the desk's words), or the kiosk's
    // own: saved (kept here, not yet at the station) | cleared (processed, kiosk record)
    std::string status;
    LocalText message;           // the officer's message (needs_more, rejected)
    std::string updated_at;
};

// The receipt's code as a request id (lower case), or nullopt when it is not one.
std::optional<std::string> request_id_from_code(const std::string& code);

class ProgressService {
public:
    static constexpr int kMaxFailures = 5;
    // `store` (may be shared: Store is thread-safe), `config` and `catalog` must outlive the service.
    ProgressService(Store& store, const Config& config, const Catalog& catalog, std::function<void()> wake,
                    bool preflight = true);
    ~ProgressService();
    ProgressService(const ProgressService&) = delete;
    ProgressService& operator=(const ProgressService&) = delete;

    // UI thread, never blocks. `visit` is the session's generation: tries are counted per visit, and an
    // answer is only ever shown to the visit that asked.
    void ask(const ProgressQuery& q, std::uint64_t visit);
    ProgressAnswer answer(std::uint64_t visit) const;
    void forget(std::uint64_t visit);   // "查询另一张": back to the ways in (the tries still count)

private:
    void run();
    ProgressAnswer look_up(const ProgressQuery& q);
    HttpsClient* client();   // created on first use; null when uploads are off or it cannot be made
    std::optional<ProgressAnswer> ask_intake(const std::string& id, bool& offline);
    std::optional<ProgressAnswer> ask_intake_by_id_number(const std::string& id_number, bool& offline);
    std::optional<ProgressAnswer> ask_intake_by_short_ref(const std::string& short_ref, bool& offline);
    std::optional<ProgressAnswer> intake_answer(const HttpOutcome& out, bool& offline);
    std::optional<ProgressAnswer> ask_store(const std::string& id);

    Store& store_;
    const Config& config_;
    const Catalog& catalog_;
    std::function<void()> wake_;
    bool preflight_;
    std::unique_ptr<HttpsClient> client_;   // worker thread only

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::optional<ProgressQuery> queued_;
    std::uint64_t visit_ = 0;
    int failures_ = 0;
    ProgressAnswer answer_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace kiosk
