// The PostgreSQL intake's group commit: concurrent store() calls share one transaction. See intake_pg.hpp
// ("group commit") for why; docs/BENCHMARKS.md "bench_fleet" for the measurements behind it.
#include "server/intake_pg.hpp"

#include "server/intake_shared.hpp"

namespace intake {

namespace {
// Bounds one transaction: the locks it holds make every other store of the city wait, and each request
// waits for the whole batch. 64 requests are ~10 ms of statements here, a few flushes' worth.
constexpr std::size_t kMaxBatch = 64;
} // namespace

struct PgIntakeStore::Pending {
    const NewRecord& record;
    kiosk::Bytes sealed;
    std::optional<Result<StoreOutcome>> out;   // set by the leader that wrote it
    bool lead = false;                         // this caller is to write the next batch
    std::condition_variable cv;
};

// Leader/follower, no thread of its own: a caller that finds nobody writing writes; the others wait on their
// own condition variable (no herd of wakes), and the leader hands the lead to the oldest still waiting.
Result<StoreOutcome> PgIntakeStore::store(const NewRecord& r) {
    auto sealed = data_.seal(r.payload, r.request_id);
    if (!sealed) return sealed.error();
    Pending me{r, std::move(*sealed), std::nullopt, false, {}};
    std::unique_lock lock(commit_mu_);
    commit_queue_.push_back(&me);
    if (!committing_) {
        committing_ = true;
        me.lead = true;
    }
    me.cv.wait(lock, [&] { return me.out.has_value() || me.lead; });
    if (me.out) return std::move(*me.out);
    // Leading: the queue's front is this call (it was alone, or the lead was handed to the oldest).
    std::vector<Pending*> batch;
    while (!commit_queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(commit_queue_.front());
        commit_queue_.pop_front();
    }
    lock.unlock();
    write_batch(batch);
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

// ONE transaction for the batch, each record as store_in decides it (in order, so a repeat inside the batch
// sees the first and is a replay or a conflict). Every answer waits for the COMMIT: an answer read from a row
// of this same transaction is only true once it is committed. A statement that fails rolls everything
// back; then the database is down (everyone gets 503) or one record is at fault, and each is written alone,
// so that record fails by itself.
void PgIntakeStore::write_batch(const std::vector<Pending*>& batch) {
    auto fail_all = [&](const kiosk::Error& e) {
        for (Pending* p : batch) p->out = e;
    };
    auto c = pool_->take();
    if (!c) return fail_all(c.error());
    if (batch.size() == 1) {
        batch[0]->out = store_one(**c, batch[0]->record, batch[0]->sealed);
        return;
    }
    std::vector<StoreOutcome> outs;
    std::optional<kiosk::Error> failed;
    {
        pg::Tx tx(**c);
        if (auto st = tx.begin(); !st) return fail_all(st.error());
        for (Pending* p : batch) {
            auto out = store_in(**c, p->record, p->sealed);
            if (!out) {
                failed = out.error();
                break;
            }
            outs.push_back(std::move(*out));
        }
        if (!failed) {
            if (auto st = tx.commit(); !st) return fail_all(st.error());
            for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->out = std::move(outs[i]);
            return;
        }
    }   // rolled back here
    if (is_db_down(*failed) || (*c)->broken()) return fail_all(*failed);
    for (Pending* p : batch) p->out = store_one(**c, p->record, p->sealed);
}

} // namespace intake
