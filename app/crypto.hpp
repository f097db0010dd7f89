#pragma once
// [SECTION] Crypto — thin wrappers over OpenSSL 3 (EVP, RAND). Nothing here is home-made cryptography.
#include "result.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

using Bytes = std::vector<std::uint8_t>;

// Random UUIDv4 from RAND_bytes, lowercase canonical form.
std::string new_uuid_v4();
Bytes random_bytes(std::size_t n);
std::string to_hex(const std::uint8_t* p, std::size_t n);
std::string sha256_hex(std::string_view data);

// PBKDF2-HMAC-SHA256 (OpenSSL), 32 bytes; empty on failure. For staff PINs and desk passwords.
Bytes pbkdf2_sha256(std::string_view secret, const Bytes& salt, int iterations);
// Constant-time equality of two non-empty byte strings (CRYPTO_memcmp).
bool same_bytes(const Bytes& a, const Bytes& b);

// Overwrites the buffer with OPENSSL_cleanse, then clears it. For strings that held PII.
void wipe(std::string& s);

// The data-encryption key. The key file holds 32 random bytes; its id is the first 16 hex digits of
// SHA-256(key), stored beside each ciphertext so that keys can be rotated later.
class KeyRing {
public:
    // Loads `path`, creating it (mode 0600, O_EXCL) on first start. Refuses a key file that is readable by
    // group/others (code "key.permissions") or has the wrong size (code "key.invalid").
    static Result<KeyRing> load_or_create(const std::filesystem::path& path);
    static KeyRing from_bytes(const std::array<std::uint8_t, 32>& key);   // tests
    ~KeyRing();
    KeyRing(KeyRing&&) noexcept;
    KeyRing& operator=(KeyRing&&) noexcept;
    KeyRing(const KeyRing&) = delete;

    const std::string& key_id() const { return id_; }
    // The key file it was loaded from or created in; empty for from_bytes (tests).
    const std::filesystem::path& path() const { return path_; }

    // AES-256-GCM, 12-byte random nonce, 16-byte tag; `aad` binds the ciphertext to its row (request id).
    // Output layout: nonce ‖ ciphertext ‖ tag.
    Result<Bytes> seal(std::string_view plaintext, std::string_view aad) const;
    Result<std::string> open(const Bytes& sealed, std::string_view aad, std::string_view key_id) const;
    // HMAC-SHA256 of `data` under this key, lowercase hex: a lookup key for a value (an ID number) that
    // must be findable without being stored. Use a key of its own, not the one that seals.
    std::string hmac_hex(std::string_view data) const;

private:
    KeyRing() = default;
    std::array<std::uint8_t, 32> key_{};
    std::string id_;
    std::filesystem::path path_;
};

// Checks that a file holding secrets is not readable by group or others. Error code "key.permissions".
Status check_secret_file_mode(const std::filesystem::path& path);

} // namespace kiosk
