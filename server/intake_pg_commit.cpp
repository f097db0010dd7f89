// The PostgreSQL intake's group commit: concurrent store() calls share one transaction. See intake_pg.hpp
// ("group commit") for why; docs/BENCHMARKS.md "bench_fleet" for the measurements behind it.
#include "server/intake_pg.hpp"

#include "server/intake_shared.hpp"

#include <map>
#include <set>

namespace intake {

namespace {
// Bounds one transaction: the locks it holds make every other store of the city wait, and each request
// in it waits for the whole batch to be written. Under the benchmark's 200 kiosks batches average ~58.
constexpr std::size_t kMaxBatch = 64;
} // namespace

// What can be computed without the database is computed by each caller before it queues, in parallel:
// the leader's work inside the transaction holds the locks every other store of the city waits for.
struct PgIntakeStore::Pending {
    const NewRecord& record;
    kiosk::Bytes sealed;
    RecordColumns columns;
    std::string sealed_hex;
    std::optional<Result<StoreOutcome>> out;   // set by the leader that wrote it
    bool lead = false;                         // this caller is to write the next batch
    std::condition_variable cv;
};

// Leader/follower, no thread of its own: a caller that finds nobody writing writes; the others wait on their
// own condition variable (no herd of wakes), and the leader hands the lead to the oldest still waiting.
Result<StoreOutcome> PgIntakeStore::store(const NewRecord& r) {
    auto sealed = data_.seal(r.payload, r.request_id);
    if (!sealed) return sealed.error();
    Pending me{r, std::move(*sealed), record_columns(r, lookup_), {}, std::nullopt, false, {}};
    me.sealed_hex = pg::to_hex(me.sealed);
    std::unique_lock lock(commit_mu_);
    commit_queue_.push_back(&me);
    if (!committing_) {
        committing_ = true;
        me.lead = true;
    }
    me.cv.wait(lock, [&] { return me.out.has_value() || me.lead; });
    if (me.out) return std::move(*me.out);
    lock.unlock();
    const std::vector<Pending*> batch = write_batch();   // this call is its first: the queue's oldest
    lock.lock();
    for (Pending* p : batch)
        if (p != &me) p->cv.notify_one();
    if (commit_queue_.empty()) {
        committing_ = false;
    } else {
        commit_queue_.front()->lead = true;
        commit_queue_.front()->cv.notify_one();
    }
    return std::move(*me.out);
}

// The oldest waiting calls, at most kMaxBatch, out of the queue.
std::vector<PgIntakeStore::Pending*> PgIntakeStore::take_batch() {
    std::lock_guard lock(commit_mu_);
    std::vector<Pending*> batch;
    while (!commit_queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(commit_queue_.front());
        commit_queue_.pop_front();
    }
    return batch;
}

// ONE transaction for the batch, each record decided as store_in would (in order, so a repeat inside the
// batch sees the first and is a replay or a conflict). The batch is taken from the queue only once the
// day counter row is locked: while this instance waited for another one's transaction, the calls that
// arrived meanwhile join it rather than wait for one more round. Every answer waits for the COMMIT: an
// answer read from a row of this same transaction is only true once it is committed. A statement that
// fails rolls everything back; then the database is down (everyone gets 503), or the INSERT fell short
// (batch_in: the batch again record by record in one transaction), or one record is at fault, and each is
// written alone, so that record fails by itself.
std::vector<PgIntakeStore::Pending*> PgIntakeStore::write_batch() {
    std::vector<Pending*> batch;
    auto fail_all = [&](const kiosk::Error& e) {
        if (batch.empty()) batch = take_batch();
        for (Pending* p : batch) p->out = e;
        return batch;
    };
    auto c = pool_->take();
    if (!c) return fail_all(c.error());
    kiosk::Error failed;
    {
        pg::Tx tx(**c);
        if (auto st = tx.begin(); !st) return fail_all(st.error());
        const std::string compact = today_compact();
        auto counter = (*c)->exec("counter", "INSERT INTO day_counters(day, n) VALUES($1, 0) "
                                             "ON CONFLICT(day) DO UPDATE SET n = day_counters.n RETURNING n", {compact});
        if (!counter) return fail_all(counter.error());
        batch = take_batch();
        auto outs = batch_in(**c, batch, compact, counter->i64(0, 0));
        if (outs) {
            if (auto st = tx.commit(); !st) return fail_all(st.error());
            for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->out = std::move((*outs)[i]);
            return batch;
        }
        failed = outs.error();
    }   // rolled back here
    if (is_db_down(failed) || (*c)->broken()) return fail_all(failed);
    if (failed.code == "intake.batch_short") {   // a taken ticket, most likely: record by record, one transaction
        pg::Tx tx(**c);
        std::vector<StoreOutcome> outs;
        if (auto st = tx.begin(); !st) return fail_all(st.error());
        for (Pending* p : batch) {
            auto out = store_in(**c, p->record, p->sealed);
            if (!out) {
                failed = out.error();
                break;
            }
            outs.push_back(std::move(*out));
        }
        if (outs.size() == batch.size()) {
            if (auto st = tx.commit(); !st) return fail_all(st.error());
            for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->out = std::move(outs[i]);
            return batch;
        }
        if (is_db_down(failed) || (*c)->broken()) return fail_all(failed);
    }
    // A statement failed: each record alone, so the one at fault fails by itself.
    for (Pending* p : batch) p->out = store_one(**c, p->record, p->sealed);
    return batch;
}

// The statements do not depend on the batch's size: (the day counter row, locked by the caller, first as
// in the lock order of intake_pg.hpp) the audit lock and head, the batch's ids already stored, then one
// INSERT of the new requests, the counter moved on by their number, and their audit rows. A ticket already
// held by a stored request is left to the INSERT's unique constraint rather than looked up: it is rare (a
// kiosk without its own ticket_mark), and a lookup by (station, day, ticket) is planned on the wrong index
// until the table's first ANALYZE (requests_day, walking every request of the day for each probe: 50–95 ms
// a batch, seen on a fresh database). So an INSERT that stores fewer rows than decided — a taken ticket,
// or a request stored meanwhile by a writer on another day's counter at midnight — rolls the batch back,
// and it is written record by record, where store_in answers each exactly.
Result<std::vector<StoreOutcome>> PgIntakeStore::batch_in(pg::Conn& c, const std::vector<Pending*>& batch,
                                                          const std::string& compact, std::int64_t n) {
    auto head = audit_head_in(c);
    if (!head) return head.error();

    std::vector<std::string> ids;
    for (const Pending* p : batch) ids.push_back(p->record.request_id);
    auto known = c.exec("lookup", "SELECT request_id, payload_mac, response FROM requests WHERE request_id = ANY($1::text[])",
                        {pg::array_literal(ids)});
    if (!known) return known.error();
    std::map<std::string, std::pair<std::string, std::string>> seen;   // request_id → payload_mac, response
    for (int i = 0; i < known->size(); ++i) seen[known->text(i, 0)] = {known->text(i, 1), known->text(i, 2)};
    std::set<std::string> taken;   // station \n day \n ticket, of this batch (the stored ones: see above)

    enum Col { kId, kKiosk, kStation, kService, kTicket, kCategory, kDay, kCreated, kName, kIdMac, kKeyId, kSealed,
               kPayloadMac, kRef, kReceived, kReceivedMs, kResponse, kColumns };
    std::vector<std::string> in[kColumns];
    std::vector<kiosk::AuditEntry> audit;
    std::vector<std::string> subjects;
    std::optional<kiosk::AuditEntry> last = *head;
    std::vector<StoreOutcome> outs;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const NewRecord& r = batch[i]->record;
        const RecordColumns& col = batch[i]->columns;
        if (auto it = seen.find(r.request_id); it != seen.end()) {
            outs.push_back({it->second.first == col.payload_mac ? StoreKind::replay : StoreKind::conflict, it->second.second});
            continue;
        }
        const std::string key = r.station_id + '\n' + col.day + '\n' + r.ticket;
        if (!taken.insert(key).second) {
            outs.push_back({StoreKind::ticket_taken, {}});
            continue;
        }
        const std::string ref = server_ref(prefix_, compact, ++n);
        const std::string received_at = now_rfc3339();
        const std::string response = stored_response(r.request_id, ref, received_at);
        for (auto [c_, v] : {std::pair{kId, &r.request_id}, {kKiosk, &r.kiosk_id}, {kStation, &r.station_id},
                             {kService, &r.service_id}, {kTicket, &r.ticket}, {kCategory, &col.category}, {kDay, &col.day},
                             {kCreated, &r.created_at}, {kName, &col.name_masked}, {kIdMac, &col.id_mac},
                             {kPayloadMac, &col.payload_mac}, {kRef, &ref}, {kReceived, &received_at}, {kResponse, &response}})
            in[c_].push_back(*v);
        in[kKeyId].push_back(data_.key_id());
        in[kSealed].push_back(std::move(batch[i]->sealed_hex));   // a fallback to store_one seals from `sealed`
        in[kReceivedMs].push_back(std::to_string(now_ms()));
        seen[r.request_id] = {col.payload_mac, response};
        audit.push_back(kiosk::audit_next(last ? &*last : nullptr, received_at, "system", "request.received",
                                          "request " + r.request_id + " ticket " + r.ticket + " kiosk " + r.kiosk_id));
        last = audit.back();
        subjects.push_back(r.request_id);
        outs.push_back({StoreKind::created, response});
    }
    if (audit.empty()) return outs;

    std::vector<pg::Param> params;
    for (const auto& column : in) params.emplace_back(pg::array_literal(column));
    auto ins = c.exec("insert",
                      "INSERT INTO requests(request_id, kiosk_id, station_id, service_id, ticket, category, day, created_at, "
                      "name_masked, id_mac, key_id, sealed, payload_mac, server_ref, received_at, received_ms, response, "
                      "updated_at) SELECT a, b, c, d, e, f, g, h, i, j, k, decode(l, 'hex'), m, n, o, p, q, o FROM "
                      "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], "
                      "$9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::bigint[], "
                      "$17::text[]) AS t(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q) ON CONFLICT DO NOTHING",
                      params);
    if (!ins) return ins.error();
    if (ins->affected() != static_cast<long long>(audit.size()))
        return kiosk::make_error("intake.batch_short", "insert: a ticket of the batch is taken, or a request of it was stored meanwhile");
    if (auto up = c.exec("counter", "UPDATE day_counters SET n = $2 WHERE day = $1", {compact, n}); !up) return up.error();
    if (auto st = audit_rows_in(c, audit, subjects); !st) return st.error();
    return outs;
}

} // namespace intake
