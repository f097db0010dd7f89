// The `kiosk` executable: parses the command line, loads config and catalog, opens the store, and wires
// core + printer + uploader + UI together. Everything substantial lives in the libraries; this file only
// connects them, so each wire is visible in one place.
#include "app/app_state.hpp"
#include "app/cli_args.hpp"
#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/search.hpp"
#include "app/session.hpp"
#include "app/store.hpp"
#include "ui/kiosk_ui.hpp"

#include <cstdlib>
#include <iostream>
#include <sys/stat.h>

using namespace kiosk;

namespace {

std::filesystem::path find_assets(const Config& cfg) {
    if (!cfg.kiosk.assets_dir.empty()) return cfg.kiosk.assets_dir;
    if (const char* env = std::getenv("KIOSK_ASSETS")) return env;
    if (std::filesystem::exists("/usr/share/kiosk/assets/catalog/index.json")) return "/usr/share/kiosk/assets";
    return KIOSK_SOURCE_ASSETS;
}

// The data dir holds the key and the database: owner-only.
Status prepare_data_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error{"data_dir", dir.string() + ": cannot create the data directory: " + ec.message()};
    ::chmod(dir.c_str(), 0700);
    return ok_status();
}

int fail(int code, const std::string& msg) {
    std::cerr << "kiosk: " << msg << "\n";
    return code;
}

} // namespace

int main(int argc, char** argv) {
    auto args = parse_cli(std::vector<std::string>(argv, argv + argc));
    if (!args) return fail(2, args.error().message);
    if (args->help) { std::cout << cli_usage(); return 0; }
    if (args->version) { std::cout << "kiosk " << KIOSK_VERSION << "\n"; return 0; }

    auto cfg_r = args->config.empty() ? parse_config("", "(defaults)") : load_config(args->config);
    if (!cfg_r) return fail(2, cfg_r.error().message);
    Config cfg = cfg_r.value();
    if (!args->data_dir.empty()) cfg.kiosk.data_dir = args->data_dir;
    if (args->windowed) cfg.kiosk.fullscreen = false;
    if (args->locale) cfg.kiosk.locale = *args->locale;

    auto catalog_r = load_catalog(find_assets(cfg) / "catalog");
    if (!catalog_r) return fail(2, catalog_r.error().message);
    const Catalog& catalog = catalog_r.value();

    if (auto st = prepare_data_dir(cfg.kiosk.data_dir); !st) return fail(1, st.error().message);
    auto keys = KeyRing::load_or_create(cfg.key_path());
    if (!keys) return fail(2, keys.error().message);
    auto store_r = Store::open(cfg.db_path(), keys.value());
    if (!store_r) return fail(1, store_r.error().message);
    Store& store = *store_r.value();

    CatalogSearch search(catalog);
    SessionOptions sopts;
    sopts.idle_timeout_s = cfg.kiosk.idle_timeout_s;
    sopts.warn_s = cfg.kiosk.warn_s;
    sopts.done_return_s = cfg.kiosk.done_return_s;
    sopts.default_locale = cfg.kiosk.locale;
    sopts.default_elderly = args->elderly;
    sopts.default_voice = cfg.kiosk.voice;
    Session session(catalog, sopts, [&](const NewRequest& req) { return store.submit(req); });

    AppState app{cfg, catalog, session, search};
    app.status = [&] {
        StatusSnapshot s;
        s.upload_enabled = !cfg.upload.url.empty();
        if (auto c = store.counts()) s.queue = c.value();
        return s;
    };

    ui::UiOptions uo;
    if (args->windowed) { uo.width = args->windowed->first; uo.height = args->windowed->second; }
    uo.fullscreen = cfg.kiosk.fullscreen;
    uo.elderly = args->elderly;
    uo.assets_dir = find_assets(cfg);
    uo.screenshot = args->screenshot;
    uo.quit_after_frames = args->quit_after_frames;
    uo.tour_dir = args->tour_dir;
    uo.script = args->script;
    return ui::run(app, uo);
}
