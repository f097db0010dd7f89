// The `kiosk` executable: parses the command line, loads config and catalog, opens the store, and wires
// core + printer + uploader + UI together. Everything substantial lives in the libraries; this file only
// connects them, so each wire is visible in one place.
//
// [SECTION] Index
// - Startup helpers (assets, data dir, secrets)
// - Subcommands: printer, staff, audit
// - The kiosk: session → store → printer + uploader → UI
#include "app/app_state.hpp"
#include "app/audit.hpp"
#include "app/cli_args.hpp"
#include "app/config.hpp"
#include "app/crypto.hpp"
#include "app/pinyin.hpp"
#include "app/search.hpp"
#include "app/session.hpp"
#include "app/staff_cli.hpp"
#include "app/staff_desk.hpp"
#include "app/startup_trace.hpp"
#include "app/store.hpp"
#include "app/upload/uploader.hpp"
#include "printer/a4_printer.hpp"
#include "printer/print_service.hpp"
#include "printer/printer_cli.hpp"
#include "printer/receipt.hpp"
#include "ui/kiosk_ui.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <thread>

using namespace kiosk;

namespace {

// [SECTION] Startup helpers

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

long long disk_free_mb(const std::filesystem::path& dir) {
    struct statvfs v {};
    if (::statvfs(dir.c_str(), &v) != 0) return -1;
    return static_cast<long long>(v.f_bavail) * static_cast<long long>(v.f_frsize) / (1024 * 1024);
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The data dir and the data-encryption key every Store::open needs (the key must outlive the stores).
Result<KeyRing> open_keys(const Config& cfg) {
    if (auto st = prepare_data_dir(cfg.kiosk.data_dir); !st) return st.error();
    return KeyRing::load_or_create(cfg.key_path());
}

// Purges expired personal data once an hour while the kiosk runs (kiosks run for weeks unattended).
class Housekeeping {
public:
    Housekeeping(Store& store, const Config& cfg) : thread_([this, &store, &cfg] {
        std::unique_lock lock(mu_);
        do {
            lock.unlock();
            auto n = store.purge(WallClock::now(), cfg.privacy.retention_days);
            if (n && n.value() > 0) std::cerr << "kiosk: purged personal data of " << n.value() << " requests\n";
            if (!n) std::cerr << "kiosk: purge failed: " << n.error().message << "\n";
            lock.lock();
        } while (!cv_.wait_for(lock, std::chrono::hours(1), [this] { return stop_; }));
    }) {}
    ~Housekeeping() {
        { std::lock_guard l(mu_); stop_ = true; }
        cv_.notify_all();
        thread_.join();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

// [SECTION] Subcommands

int run_subcommand(const CliArgs& args, const Config& cfg) {
    if (args.subcommand == "printer") return printer::printer_cli(args.rest, cfg);
    auto keys = open_keys(cfg);
    if (!keys) return fail(2, keys.error().message);
    auto store = Store::open(cfg.db_path(), keys.value());
    if (!store) return fail(1, store.error().message);
    CliIo io{std::cin, std::cout, std::cerr, read_secret_from_terminal};
    if (args.subcommand == "staff") return staff_cli(args.rest, *store.value(), io);
    return audit_cli(args.rest, *store.value(), io);
}

} // namespace

// [SECTION] The kiosk

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
    if (!args->subcommand.empty()) return run_subcommand(*args, cfg);

    if (!cfg.upload.client_key.empty())
        if (auto st = check_secret_file_mode(cfg.upload.client_key); !st) return fail(2, st.error().message);
    startup_phase("config");

    // The catalog, the data key and both store connections load on a worker while the main thread opens
    // the display connection (GLFW initialises only on the main thread): the two overlap at start-up.
    // Errors are reported afterwards in the order they always were. The key ring lives here, not in the
    // worker: the stores keep a reference to it.
    std::optional<Result<Catalog>> catalog_r;
    std::optional<Result<KeyRing>> keys;
    std::unique_ptr<Store> store_ptr, upload_store_ptr;
    std::optional<Error> store_error;
    std::thread core_loader([&] {
        catalog_r.emplace(load_catalog(find_assets(cfg) / "catalog"));
        if (!*catalog_r) return;
        keys.emplace(open_keys(cfg));
        if (!*keys) return;
        // Two connections to one database: the UI thread's and the uploader's, so a slow upload never holds
        // the lock a resident's submit needs (WAL lets them work side by side; busy_timeout covers the commit).
        for (auto* slot : {&store_ptr, &upload_store_ptr}) {
            auto opened = Store::open(cfg.db_path(), keys->value());
            if (!opened) { store_error = opened.error(); return; }
            *slot = std::move(opened.value());
        }
    });
    ui::preinit_display();
    core_loader.join();
    if (!*catalog_r) return fail(2, catalog_r->error().message);
    const Catalog& catalog = catalog_r->value();
    if (!*keys) return fail(2, keys->error().message);
    if (store_error) return fail(1, store_error->message);
    Store& store = *store_ptr;
    startup_phase("store");
    if (!args->config.empty()) (void)audit_config_if_changed(store, read_text(args->config), args->config.string());

    CatalogSearch search(catalog);
    SessionOptions sopts;
    sopts.idle_timeout_s = cfg.kiosk.idle_timeout_s;
    sopts.warn_s = cfg.kiosk.warn_s;
    sopts.done_return_s = cfg.kiosk.done_return_s;
    sopts.default_locale = cfg.kiosk.locale;
    sopts.default_elderly = args->elderly;
    sopts.default_voice = cfg.kiosk.voice;

    // `app` is created below; the workers reach the UI only through app.wake, set by the runner.
    AppState* app_ptr = nullptr;
    auto wake = [&app_ptr] { if (app_ptr) app_ptr->wake(); };
    printer::PrintService printing(cfg, wake);
    printer::A4Printer a4_printing(cfg, wake);   // signed-paper forms, when [printer] a4_queue is set
    UploaderOptions uopts;
    uopts.printer_status = [&printing] { return printing.state(); };
    Uploader uploader(*upload_store_ptr, cfg, wake, uopts);

    // The UI's steady clock, so `--script advance_clock` can move idle time without waiting.
    SessionClocks clocks;
    clocks.steady = ui::steady_now;
    Session session(catalog, sopts, [&](const NewRequest& req) -> Result<SubmittedRequest> {
        auto sub = store.submit(req);
        if (!sub) {
            std::cerr << "kiosk: submit failed: " << sub.error().message << "\n";
            return sub;
        }
        // Durable now: print and upload. Neither blocks the resident.
        if (const Service* svc = catalog.find_service(req.service_id)) {
            StoredRequest stored{req, sub.value()};
            printing.submit(printer::build_receipt(stored, *svc, cfg, req.locale), sub->request_id);
            a4_printing.submit(stored, *svc, req.locale);
            wipe(stored.req);
        }
        uploader.notify();
        return sub;
    }, clocks);
    session.set_rate_fn([&](const std::string& id, const std::string& svc, int stars) { (void)store.rate(id, svc, stars); });

    StaffAccounts accounts(store);
    StaffDesk desk(store, accounts, cfg);
    desk.set_reprint_fn([&](const StoredRequest& r) -> Status {
        if (printing.reprint(r.sub.request_id)) return ok_status();
        const Service* svc = catalog.find_service(r.req.service_id);
        if (!svc) return Error{"catalog.unknown_service", "the request's service is no longer in the catalog"};
        printing.submit(printer::build_receipt(r, *svc, cfg, r.req.locale), r.sub.request_id);
        return ok_status();
    });

    std::atomic<bool> staff_called{false};
    AppState app{cfg, catalog, session, search};
    app_ptr = &app;
    app.staff = &desk;
    app.status = [&] {
        StatusSnapshot s;
        uploader.fill(s);
        s.printer_state = printing.state();
        s.printer_message = printing.message(session.locale());
        s.disk_free_mb = disk_free_mb(cfg.kiosk.data_dir);
        s.staff_called = staff_called.load();
        return s;
    };
    app.print_outcome = [&](const std::string& id) { return printing.outcome(id); };
    app.reprint = [&](const std::string& id) { printing.reprint(id); };
    app.call_staff = [&](const std::string& why) {
        staff_called = true;
        std::cerr << "kiosk: staff called: " << why << "\n";   // `why` is a fixed reason code, never PII
        (void)store.append_audit(WallClock::now(), "resident", "staff.called", why);
    };

    app.acknowledge_staff_call = [&] { staff_called = false; };

    uploader.start();
    Housekeeping housekeeping(store, cfg);
    // The parsed pinyin dictionary is cached beside the data (derived from a public package: no secrets,
    // safe to delete); the UI loads it after its first frames.
    PinyinEngine::set_shared_cache(cfg.pinyin_cache_path());
    startup_phase("services");

    ui::UiOptions uo;
    if (args->windowed) { uo.width = args->windowed->first; uo.height = args->windowed->second; }
    uo.fullscreen = cfg.kiosk.fullscreen;
    uo.elderly = args->elderly;
    uo.assets_dir = find_assets(cfg);
    uo.screenshot = args->screenshot;
    uo.quit_after_frames = args->quit_after_frames;
    uo.tour_dir = args->tour_dir;
    uo.script = args->script;
    int rc = ui::run(app, uo);
    uploader.stop();
    app_ptr = nullptr;
    return rc;
}
