#pragma once
// [SECTION] The intake's HTTP worker threads. cpp-httplib serves each connection on one thread for as long
// as the connection lives (a kept-alive kiosk connection, a 30 s events long-poll), so the number of
// threads is the number of kiosks served at once. A fixed pool smaller than the fleet leaves the other
// connections queued before their TLS handshake: the kiosk's connect times out (curl 28) and retries, and a
// queued long-poll misses its calls. This pool grows a thread whenever a connection arrives and none is
// idle, up to `max_threads`, and lets threads idle for a minute go, down to `min_threads`.
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace intake {

class WorkerPool final : public httplib::TaskQueue {
public:
    WorkerPool(std::size_t min_threads, std::size_t max_threads);
    ~WorkerPool() override;
    void enqueue(std::function<void()> fn) override;
    void shutdown() override;   // runs what is queued, then joins every thread

private:
    void work();
    std::size_t min_, max_;
    std::mutex mu_;
    std::condition_variable cv_, gone_;
    std::deque<std::function<void()>> jobs_;
    std::size_t threads_ = 0, idle_ = 0;
    bool shutdown_ = false;
};

} // namespace intake
