// [SECTION] Index
// - Load: catalog, key, both store connections (on a worker, beside the display connection)
// - Workers: printer, A4 forms, uploader, housekeeping, pinyin
// - Wiring: the session's submit, staff desk, AppState's functions
// - Run the UI
#include "kiosk/kiosk_app.hpp"
#include "kiosk/housekeeping.hpp"
#include "kiosk/pinyin_loader.hpp"
#include "kiosk/reader_link.hpp"
#include "kiosk/startup.hpp"
#include "kiosk/watchdog.hpp"

#include "app/app_state.hpp"
#include "app/catalog.hpp"
#include "app/crypto.hpp"
#include "app/disk_space.hpp"
#include "app/events/call_board.hpp"
#include "app/events/event_worker.hpp"
#include "app/progress.hpp"
#include "app/scanner/scan_inbox.hpp"
#include "app/scanner/serial_scanner.hpp"
#include "app/voice_queue.hpp"
#include "app/search.hpp"
#include "app/session.hpp"
#include "app/staff_accounts.hpp"
#include "app/staff_desk.hpp"
#include "app/startup_trace.hpp"
#include "app/store.hpp"
#include "app/upload/uploader.hpp"
#include "printer/a4_printer.hpp"
#include "printer/print_service.hpp"
#include "printer/receipt.hpp"
#include "ui/kiosk_ui.hpp"

#include <atomic>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

namespace kiosk::app_main {

namespace {

SessionOptions session_options(const CliArgs& args, const Config& cfg) {
    SessionOptions o;
    o.idle_timeout_s = cfg.kiosk.idle_timeout_s;
    o.warn_s = cfg.kiosk.warn_s;
    o.done_return_s = cfg.kiosk.done_return_s;
    o.default_locale = cfg.kiosk.locale;
    o.default_elderly = args.elderly;
    o.default_voice = cfg.kiosk.voice;
    return o;
}

// The UI's steady clock, so `--script advance_clock` can move idle time without waiting.
SessionClocks session_clocks() {
    SessionClocks c;
    c.steady = ui::steady_now;
    return c;
}

ui::UiOptions ui_options(const CliArgs& args, const Config& cfg) {
    ui::UiOptions uo;
    if (args.windowed) { uo.width = args.windowed->first; uo.height = args.windowed->second; }
    uo.fullscreen = cfg.kiosk.fullscreen;
    uo.hide_cursor = cfg.kiosk.cursor == "hidden" || (cfg.kiosk.cursor == "auto" && touch_screen_attached());
    uo.elderly = args.elderly;
    uo.assets_dir = find_assets(cfg);
    uo.screenshot = args.screenshot;
    uo.quit_after_frames = args.quit_after_frames;
    uo.tour_dir = args.tour_dir;
    uo.script = args.script;
    return uo;
}

// systemd supervision on the runner's lifecycle hooks: READY=1 once the first frame is on screen, the
// watchdog's pings from the UI loop (kiosk/watchdog.hpp). Chained after the hooks already set.
void supervise(ui::UiOptions& uo, Watchdog& wd) {
    uo.after_first_frames = [&wd, then = uo.after_first_frames] { then(); wd.first_frame(); };
    uo.before_frame = [&wd, then = uo.before_frame] { wd.loop_turn(); then(); };
}

// The store could not open for a storage reason (the data dir's file system is full): no workers, no
// staff desk (its PINs and audit live in the store), a submit that answers with the reason, and the
// out-of-service screen for every resident step — better than no window at all.
int run_out_of_service(const CliArgs& args, const Config& cfg, const Catalog& catalog, const std::string& why) {
    CatalogSearch search(catalog);
    Session session(catalog, session_options(args, cfg),
                    [why](const NewRequest&) -> Result<SubmittedRequest> { return Error{"store.full", why}; },
                    session_clocks());
    AppState app{cfg, catalog, session, search};
    app.out_of_service = "storage_full";
    app.status = [&cfg] {
        StatusSnapshot s;
        s.disk_free_mb = disk_free_mb(cfg.kiosk.data_dir);
        return s;
    };
    app.call_staff = [](const std::string& reason) { std::cerr << "kiosk: staff called: " << reason << "\n"; };
    Watchdog watchdog(Watchdog::from_environment([&app] { app.wake(); }));
    ui::UiOptions uo = ui_options(args, cfg);
    supervise(uo, watchdog);
    return ui::run(app, uo);
}

} // namespace

int run_kiosk(const CliArgs& args, const Config& cfg) {
    if (!cfg.upload.client_key.empty())
        if (auto st = check_secret_file_mode(cfg.upload.client_key); !st)
            return fail(2, config_error_text(cfg, "upload.client_key", st.error().message));
    startup_phase("config");

    // [SECTION] Load
    // The catalog, the data key and both store connections load on a worker while the main thread opens
    // the display connection (GLFW initialises only on the main thread): the two overlap at start-up.
    // Errors are reported afterwards in the order they always were. The key ring lives here, not in the
    // worker: the stores keep a reference to it.
    std::optional<Result<Catalog>> catalog_r;
    std::optional<Result<KeyRing>> keys;
    std::unique_ptr<Store> store_ptr, upload_store_ptr, events_store_ptr;
    std::optional<Error> store_error;
    std::thread core_loader([&] {
        catalog_r.emplace(load_catalog(find_assets(cfg) / "catalog"));
        if (!*catalog_r) return;
        keys.emplace(open_keys(cfg));
        if (!*keys) return;
        // Three connections to one database: the UI thread's, the uploader's and the event worker's (shared
        // with the progress query), so a slow upload or poll never holds the lock a resident's submit needs
        // (WAL lets them work side by side; busy_timeout covers the commit).
        for (auto* slot : {&store_ptr, &upload_store_ptr, &events_store_ptr}) {
            auto opened = Store::open(cfg.db_path(), keys->value());
            if (!opened) { store_error = opened.error(); return; }
            *slot = std::move(opened.value());
        }
    });
    ui::preinit_display();
    core_loader.join();
    if (!*catalog_r) return fail(2, catalog_r->error().message);
    const Catalog& catalog = catalog_r->value();
    // A home shortcut naming no service of this catalog is skipped on screen; say which, once.
    for (const std::string& id : cfg.station.shortcuts)
        if (!catalog.find_service(id))
            std::cerr << "kiosk: [station] shortcuts: the catalog has no service '" << id << "'; that shortcut is not shown\n";
    if (!*keys) store_error = keys->error();
    if (store_error) {
        auto full = storage_full_message(*store_error, cfg.kiosk.data_dir);
        if (!full) return fail(exit_code_for(*store_error), store_error->message);
        std::cerr << "kiosk: " << *full << "\n";
        return run_out_of_service(args, cfg, catalog, *full);   // 1 when the window cannot open either
    }
    Store& store = *store_ptr;
    startup_phase("store");
    if (!args.config.empty()) (void)audit_config_if_changed(store, read_text(args.config), args.config.string());

    // [SECTION] Workers
    // `app` is created below; the workers reach the UI only through app.wake, set by the runner.
    AppState* app_ptr = nullptr;
    auto wake = [&app_ptr] { if (app_ptr) app_ptr->wake(); };
    printer::PrintService printing(cfg, wake);
    printer::A4Printer a4_printing(cfg, wake);   // signed-paper forms, when [printer] a4_queue is set
    std::atomic<bool> staff_called{false};   // a resident's 呼叫工作人员: the status bar and the heartbeat
    store.set_ticket_mark(cfg.kiosk.ticket_mark);
    UploaderOptions uopts;
    uopts.printer_status = [&printing] { return printing.state(); };
    uopts.help_requested = [&staff_called] { return staff_called.load(); };
    Uploader uploader(*upload_store_ptr, cfg, wake, uopts);

    // The station's events (docs/EVENTS.md): calls for the banner and the voice, the desk's statuses, the
    // progress query. The voice queue speaks calls only while attract or home is shown (never into a
    // form); the screen shown is published by the UI thread before each frame.
    std::atomic<int> shown_step{static_cast<int>(Step::attract)};
    auto calls_may_speak = [&shown_step] {
        const Step st = static_cast<Step>(shown_step.load());
        return st == Step::attract || st == Step::home;
    };
    CallBoard calls;
    if (auto recent = events_store_ptr->recent_calls(static_cast<int>(CallBoard::kKept), WallClock::now() - std::chrono::minutes(30)))
        calls.load(*recent);
    const std::filesystem::path chime = cfg.kiosk.data_dir / "chime.wav";
    if (!std::filesystem::exists(chime) && !write_chime_wav(chime)) std::cerr << "kiosk: cannot write " << chime << ": calls without a chime\n";
    VoiceOptions vopts = default_voice_options(chime);
    vopts.may_announce = calls_may_speak;
    VoiceQueue voice(vopts);
    EventWorker events(*events_store_ptr, cfg, [&](const std::vector<StationEvent>& applied) {
        for (const StationEvent& e : applied) {
            if (e.type != EventType::call) continue;
            calls.push(CallRecord{e.seq, e.ticket, e.window, e.at, e.recall, WallClock::now()});
            if (calls_may_speak()) voice.announce(call_spoken_text(e.ticket, e.window), 2);
        }
    }, wake);
    ProgressService progress(*events_store_ptr, cfg, catalog, wake);
    ScanInbox scans;
    scans.wake = wake;
    std::unique_ptr<SerialScanner> serial_scanner;
    {
        std::string device;
        int baud = 0;
        if (parse_serial_scanner_uri(cfg.scanner.uri, device, baud))
            serial_scanner = std::make_unique<SerialScanner>(device, baud, [&scans](std::string code) { scans.push(std::move(code)); });
    }

    // [SECTION] Wiring
    CatalogSearch search(catalog);
    Session session(catalog, session_options(args, cfg), [&](const NewRequest& req) -> Result<SubmittedRequest> {
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
    }, session_clocks());
    session.set_rate_fn([&](const std::string& id, const std::string& svc, int stars) { (void)store.rate(id, svc, stars); });

    StaffAccounts accounts(store);
    StaffDesk desk(store, accounts, cfg);
    desk.set_reprint_fn([&](const StoredRequest& r) -> Status {
        if (printing.reprint(r.sub.request_id)) return ok_status();
        const Service* svc = catalog.find_service(r.req.service_id);
        if (!svc) return Error{"catalog.unknown_service", "the request's service is no longer in the catalog"};
        printer::Receipt again = printer::build_receipt(r, *svc, cfg, r.req.locale);
        printer::mark_reprint(again);   // rebuilt from the store: still a second copy
        printing.submit(again, r.sub.request_id);
        return ok_status();
    });

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
        s.events = events.status();
        return s;
    };
    app.calls = &calls;
    app.progress = &progress;
    app.scans = &scans;
    app.speak_prompt = [&voice](const std::string& text, Locale l) { voice.prompt(text, l); };
    app.print_outcome = [&](const std::string& id) { return printing.outcome(id); };
    app.reprint = [&](const std::string& id) { printing.reprint(id); };
    app.call_staff = [&](const std::string& why) {
        staff_called = true;
        std::cerr << "kiosk: staff called: " << why << "\n";   // `why` is a fixed reason code, never PII
        (void)store.append_audit(WallClock::now(), "resident", "staff.called", why);
    };
    app.acknowledge_staff_call = [&] { staff_called = false; };

    // Certificates are checked now, not at the first upload: a problem is logged once and shown in staff
    // mode from the first frame, while residents are served and their requests queue.
    (void)uploader.preflight();
    uploader.start();
    events.start();
    if (serial_scanner) serial_scanner->start();
    Housekeeping housekeeping(store, cfg);
    // The parsed pinyin dictionary is cached beside the data (derived from a public package: no secrets,
    // safe to delete). It loads after the first frames (the runner's after_first_frames hook).
    PinyinLoader pinyin(app, cfg.pinyin_cache_path());
    ReaderLink reader(cfg, wake);   // [reader] uri; nothing when none
    app.reader = [&reader] {
        const reader::ReaderStatus s = reader.status();
        return AppState::ReaderView{s.configured, s.card_present,
                                    s.configured ? reader::resident_hint_name(reader::resident_hint(s.problem)) : "none", s.staff_text,
                                    reader::staff_state_name(s), s.last_error, s.last_error_at};
    };
    app.reader_reread = [&reader] { reader.reread(); };
    reader.start();
    startup_phase("services");

    // [SECTION] Run the UI
    ui::UiOptions uo = ui_options(args, cfg);
    uo.after_first_frames = [&pinyin] { pinyin.start(); };
    uo.before_frame = [&pinyin, &shown_step, &session, &reader, &progress] {
        pinyin.apply();
        reader.apply(session, &progress);
        shown_step = static_cast<int>(session.step());
    };
    Watchdog watchdog(Watchdog::from_environment(wake));
    watchdog.add_worker({"upload", [&uploader] { return uploader.busy_for_s(); }});
    watchdog.add_worker({"printer", [&printing] { return printing.busy_for_s(); }});
    supervise(uo, watchdog);
    int rc = ui::run(app, uo);
    if (serial_scanner) serial_scanner->stop();
    events.stop();
    uploader.stop();
    app_ptr = nullptr;
    return rc;
}

} // namespace kiosk::app_main
