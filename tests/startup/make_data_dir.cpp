// make_data_dir DIR N — a used installation for the start-up tests: the data key and a database with N
// requests sealed under it, made with the core exactly as the kiosk makes them. Prints the key id.
#include "app/data_key.hpp"
#include "app/store.hpp"

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) { std::cerr << "usage: make_data_dir DIR N\n"; return 2; }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    auto keys = kiosk::open_data_key(dir / "data.key", dir / "kiosk.db");
    if (!keys) { std::cerr << keys.error().message << "\n"; return 1; }
    auto store = kiosk::Store::open(dir / "kiosk.db", *keys);
    if (!store) { std::cerr << store.error().message << "\n"; return 1; }
    for (int i = 0; i < std::stoi(argv[2]); ++i) {
        kiosk::NewRequest r;
        r.service_id = "cert.no-criminal-record";
        r.category_id = "security";
        r.ticket_prefix = "A";
        r.catalog_version = "2026.11.1";
        r.applicant = {"张三", "resident_id", "11010519491231002X", "13800138000"};
        r.consent = {"2026-11", "2026-11-28T21:29:50+08:00", true};
        if (auto s = (*store)->submit(r); !s) { std::cerr << s.error().message << "\n"; return 1; }
    }
    std::cout << keys->key_id() << "\n";
    return 0;
}
