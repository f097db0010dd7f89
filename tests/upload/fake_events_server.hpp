#pragma once
// A small stand-in for the intake's event stream (GET /v1/events, GET /v1/requests/{id}/progress), for the
// kiosk's event worker and progress tests: cpp-httplib's SSLServer on 127.0.0.1 with the dev PKI's server
// certificate, requiring a client certificate from the dev CA, like kiosk-intake. The test adds events;
// a long-poll answers as soon as there is one after `after`. Faults: drop the next N answers mid-body,
// send every answer's events twice and shuffled (a broken server), stop and start on the same port.
#include "harness.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cctype>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace uptest {

class FakeEventsServer {
public:
    FakeEventsServer() { start(0); }
    ~FakeEventsServer() { stop(); }

    void start(int port) {
        const fs::path& p = pki();
        svr_ = std::make_unique<httplib::SSLServer>((p / "server.crt").c_str(), (p / "server.key").c_str(),
                                                    (p / "ca.crt").c_str());
        // As kiosk-intake does: without a session id context OpenSSL refuses to resume a session of a
        // client-certificate connection (alert "internal error"), and curl resumes one on every reconnect.
        static const unsigned char kSid[] = "kiosk-fake-intake";
        SSL_CTX_set_session_id_context(svr_->ssl_context(), kSid, sizeof kSid - 1);
        svr_->set_keep_alive_timeout(5);
        svr_->set_tcp_nodelay(true);   // headers and body in separate writes: without it Nagle adds ~40 ms
        svr_->Get("/v1/events", [this](const httplib::Request& rq, httplib::Response& rs) { events(rq, rs); });
        svr_->Get(R"(/v1/requests/([0-9a-f-]+)/progress)", [this](const httplib::Request& rq, httplib::Response& rs) {
            std::lock_guard l(mu_);
            auto it = progress_.find(rq.matches[1]);
            if (it == progress_.end() && !progress_any_.empty()) { rs.set_content(progress_any_, "application/json"); return; }
            if (it == progress_.end()) { rs.status = 404; rs.set_content(R"({"error":"not_found"})", "application/json"); return; }
            rs.set_content(it->second, "application/json");
        });
        svr_->Post("/v1/progress/by-id-number", [this](const httplib::Request& rq, httplib::Response& rs) {
            std::lock_guard l(mu_);
            ++by_id_posts_;
            auto j = nlohmann::json::parse(rq.body, nullptr, false);
            std::string n = j.is_object() && j.contains("id_number") && j["id_number"].is_string() ? j["id_number"].get<std::string>() : "";
            for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            auto it = progress_by_id_.find(n);
            if (it == progress_by_id_.end() && !progress_any_.empty()) { rs.set_content(progress_any_, "application/json"); return; }
            if (it == progress_by_id_.end()) { rs.status = 404; rs.set_content(R"({"error":"not_found"})", "application/json"); return; }
            rs.set_content(it->second, "application/json");
        });
        port_ = port == 0 ? svr_->bind_to_any_port("127.0.0.1") : (svr_->bind_to_port("127.0.0.1", port) ? port : -1);
        thread_ = std::thread([this] { svr_->listen_after_bind(); });
        for (int i = 0; i < 2000 && !svr_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    void stop() {
        {
            std::lock_guard l(mu_);
            stopping_ = true;
        }
        cv_.notify_all();
        if (svr_) svr_->stop();
        if (thread_.joinable()) thread_.join();
        svr_.reset();
        std::lock_guard l(mu_);
        stopping_ = false;
    }
    int port() const { return port_; }
    std::string url() const { return "https://localhost:" + std::to_string(port_); }

    // An event object without its seq ("{\"type\":\"call\",…}" minus the braces' seq): the server numbers it.
    long long add(const std::string& fields) {
        std::lock_guard l(mu_);
        const long long seq = ++last_seq_;
        events_.push_back({seq, "{\"seq\":" + std::to_string(seq) + "," + fields + "}"});
        cv_.notify_all();
        return seq;
    }
    long long add_call(const std::string& ticket, int window, bool recall = false) {
        return add("\"type\":\"call\",\"at\":\"2026-12-02T09:30:00+08:00\",\"ticket\":\"" + ticket + "\",\"window\":" +
                   std::to_string(window) + ",\"recall\":" + (recall ? "true" : "false"));
    }
    long long add_status(const std::string& id, const std::string& status, const std::string& zh = "") {
        return add("\"type\":\"status\",\"request_id\":\"" + id + "\",\"status\":\"" + status +
                   "\",\"officer\":\"王警官\",\"message\":{\"zh\":\"" + zh + "\",\"en\":\"\"}");
    }
    void set_progress(const std::string& id, const std::string& body) {
        std::lock_guard l(mu_);
        progress_[id] = body;
    }
    void set_progress_by_id_number(const std::string& number, const std::string& body) {
        std::lock_guard l(mu_);
        progress_by_id_[number] = body;
    }
    int by_id_number_posts() const {
        std::lock_guard l(mu_);
        return by_id_posts_;
    }
    void set_progress_any(const std::string& body) {   // the answer for every id (the Xvfb flow)
        std::lock_guard l(mu_);
        progress_any_ = body;
    }
    void drop_next(int n) { drop_ = n; }
    void duplicate_and_shuffle(bool on) { dup_ = on; }
    void max_per_answer(int n) { max_per_answer_ = n; }
    long polls() const { return polls_; }
    std::vector<long long> afters() const {
        std::lock_guard l(mu_);
        return afters_;
    }

private:
    void events(const httplib::Request& rq, httplib::Response& rs) {
        ++polls_;
        long long after = 0;
        int wait = 1;
        try {
            after = std::stoll(rq.get_param_value("after"));
            wait = std::min(3, std::max(0, std::stoi(rq.get_param_value("wait"))));
        } catch (...) { rs.status = 400; return; }
        std::vector<std::string> out;
        long long next = after;
        {
            std::unique_lock l(mu_);
            afters_.push_back(after);
            cv_.wait_for(l, std::chrono::seconds(wait), [&] { return stopping_ || (!events_.empty() && events_.back().first > after); });
            for (const auto& [seq, body] : events_)
                if (seq > after && static_cast<int>(out.size()) < max_per_answer_) { out.push_back(body); next = seq; }
            if (dup_) {   // a broken server: everything twice, older ones too, in the wrong order
                for (const auto& [seq, body] : events_) if (seq <= next) out.push_back(body);
                std::reverse(out.begin(), out.end());
            }
        }
        std::string body = "{\"events\":[";
        for (std::size_t i = 0; i < out.size(); ++i) body += (i ? "," : "") + out[i];
        body += "],\"next\":" + std::to_string(next) + "}";
        if (drop_ > 0) {
            --drop_;
            // Half the body, then the connection closes: the kiosk sees a transfer cut short.
            auto half = std::make_shared<std::string>(body.substr(0, body.size() / 2));
            rs.set_content_provider(body.size(), "application/json",
                                    [half](size_t off, size_t, httplib::DataSink& sink) {
                                        if (off == 0) sink.write(half->data(), half->size());
                                        return false;
                                    });
            return;
        }
        rs.set_content(body, "application/json");
    }

    std::unique_ptr<httplib::SSLServer> svr_;
    std::thread thread_;
    int port_ = -1;
    mutable std::mutex mu_;
    std::map<std::string, std::string> progress_by_id_;
    int by_id_posts_ = 0;
    std::condition_variable cv_;
    std::vector<std::pair<long long, std::string>> events_;
    std::map<std::string, std::string> progress_;
    std::string progress_any_;
    std::vector<long long> afters_;
    long long last_seq_ = 0;
    bool stopping_ = false;
    std::atomic<int> drop_{0};
    std::atomic<bool> dup_{false};
    std::atomic<int> max_per_answer_{1000};
    std::atomic<long> polls_{0};
};

} // namespace uptest
