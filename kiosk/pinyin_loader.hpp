#pragma once
// [SECTION] PinyinLoader — loads the pinyin dictionary beside the first frames and hands it to the UI and
// to catalog search. A few ms from its cache in the data dir, ~200 ms when an installation's first start
// parses Debian's sources. start() and apply() run on the UI thread (the runner's hooks), the load on a
// thread of its own, so the search's key providers are only ever touched by the UI thread.
#include "app/app_state.hpp"
#include "app/pinyin.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

namespace kiosk::app_main {

class PinyinLoader {
public:
    PinyinLoader(AppState& app, std::filesystem::path cache_file);
    ~PinyinLoader();   // joins the load (the engine must outlive every user: it lives here)
    PinyinLoader(const PinyinLoader&) = delete;
    PinyinLoader& operator=(const PinyinLoader&) = delete;

    void start();   // once; later calls do nothing
    void apply();   // when the load has finished: app.pinyin, search keys, app.pinyin_settled

private:
    AppState& app_;
    std::filesystem::path cache_;
    std::unique_ptr<PinyinEngine> engine_;   // written by the load thread before done_ is set
    std::atomic<bool> done_{false};
    bool applied_ = false;
    std::thread thread_;
};

} // namespace kiosk::app_main
