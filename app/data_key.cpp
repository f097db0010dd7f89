// The data key at start-up. See data_key.hpp; docs/STORE.md, "Encryption and the key file".
#include "data_key.hpp"

#include "store.hpp"

namespace kiosk {

Result<KeyRing> open_data_key(const std::filesystem::path& key_path, const std::filesystem::path& db_path) {
    std::error_code ec;
    const bool key_exists = std::filesystem::symlink_status(key_path, ec).type() != std::filesystem::file_type::not_found;
    const bool db_exists = std::filesystem::exists(db_path, ec);
    // A first start writes the key, then the database, whose header Store::open writes milliseconds after
    // creating the file (journal_mode=WAL): a 0-byte database beside a key is one that lost its content.
    if (key_exists && db_exists && std::filesystem::file_size(db_path, ec) == 0 && !ec)
        return make_error("store.emptied",
                          "the database " + db_path.string() + " is empty (0 bytes) although the data key " +
                              key_path.string() + " exists: this installation has been used, so its database was "
                              "lost or damaged. Nothing has been changed. Restore kiosk.db from the backup of the data "
                              "directory (docs/ADMIN.md, \"data.key\"); only if this kiosk never served anyone, delete "
                              "both files to start afresh.");
    if (key_exists) return KeyRing::load_or_create(key_path);
    auto sealed = Store::sealed_keys(db_path);
    if (!sealed) return sealed.error();
    if (!sealed->empty()) {
        std::string ids;
        long long blobs = 0;
        for (const auto& u : *sealed) {
            ids += (ids.empty() ? "" : ", ") + u.key_id;
            blobs += u.blobs;
        }
        return make_error("key.missing",
                          "the data key " + key_path.string() + " is missing, but the database " + db_path.string() +
                              " holds personal data sealed with key id " + ids + " (" + std::to_string(blobs) +
                              " sealed records). Nothing has been changed and no new key was made: a new key could not "
                              "read them. Restore data.key from the backup of the data directory (mode 0600, owned by "
                              "the kiosk's user), then start again (docs/ADMIN.md, \"data.key\").");
    }
    // A fresh install: no database, or one with no sealed rows. The schema is committed before the key is
    // written, so no interruption of this first start can leave the "0-byte database beside a key" that
    // the check above refuses (a SIGKILL test found that window).
    if (auto st = Store::create_schema(db_path); !st) return st.error();
    return KeyRing::load_or_create(key_path);
}

} // namespace kiosk
