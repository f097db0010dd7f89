#include "kiosk/pinyin_loader.hpp"

#include "app/startup_trace.hpp"

#include <cstdio>

namespace kiosk::app_main {

PinyinLoader::PinyinLoader(AppState& app, std::filesystem::path cache_file) : app_(app), cache_(std::move(cache_file)) {}

PinyinLoader::~PinyinLoader() {
    if (thread_.joinable()) thread_.join();
}

void PinyinLoader::start() {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] {
        startup_phase("pinyin_start");
        PinyinEngine::Options o;
        o.cache = cache_;
        if (auto r = PinyinEngine::load(o)) {
            engine_ = std::move(r.value());
            if (!engine_->cache_note().empty()) std::fprintf(stderr, "kiosk: %s\n", engine_->cache_note().c_str());
            if (!engine_->names_note().empty()) std::fprintf(stderr, "kiosk: %s\n", engine_->names_note().c_str());
        } else {
            // The keyboard then offers Latin letters only; residents can still type names in pinyin letters.
            std::fprintf(stderr, "kiosk: pinyin dictionary not loaded: %s\n", r.error().message.c_str());
        }
        startup_phase("pinyin_loaded");
        done_ = true;
        app_.wake();
    });
}

void PinyinLoader::apply() {
    if (applied_ || !done_) return;
    applied_ = true;
    if (engine_) {
        app_.pinyin = engine_.get();
        app_.search.add_key_provider(engine_->key_provider());
    }
    app_.pinyin_settled = true;
}

} // namespace kiosk::app_main
