// Crypto — thin wrappers over OpenSSL 3 (EVP, RAND). See crypto.hpp for the contract.
//
// [SECTION] Random, hex, hashing, wiping
// [SECTION] Key file (create 0600 with O_EXCL, load with a mode check)
// [SECTION] AES-256-GCM seal/open
#include "crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace kiosk {

// [SECTION] Random, hex, hashing, wiping

Bytes random_bytes(std::size_t n) {
    Bytes out(n);
    // RAND_bytes only fails when the DRBG cannot be seeded; a kiosk without entropy must not mint ids or nonces.
    if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
        std::fprintf(stderr, "kiosk: fatal: OpenSSL RAND_bytes failed (no entropy source?)\n");
        std::abort();
    }
    return out;
}

std::string new_uuid_v4() {
    Bytes b = random_bytes(16);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);   // version 4
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);   // RFC 4122 variant 10xx
    std::string h = to_hex(b.data(), b.size());
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::string to_hex(const std::uint8_t* p, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 0x0f];
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) {
        std::fprintf(stderr, "kiosk: fatal: OpenSSL SHA-256 failed\n");
        std::abort();
    }
    return to_hex(md, len);
}

void wipe(std::string& s) {
    if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
    s.clear();
}

// [SECTION] Key file

namespace {

std::string mode_octal(mode_t m) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
    return buf;
}

// fsync the directory so the new key file's directory entry survives a power cut: a kiosk that lost its key
// after writing encrypted rows could never read them again.
void fsync_dir(const std::filesystem::path& dir) {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

Result<KeyRing> create_key_file(const std::filesystem::path& path, bool& exists_race) {
    exists_race = false;
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        if (errno == EEXIST) { exists_race = true; return make_error("key.io", "raced"); }
        return make_error("key.io", "cannot create key file " + path.string() + ": " + std::strerror(errno) +
                                        " (is the data directory writable?)");
    }
    ::fchmod(fd, 0600);   // the umask may only remove bits, but make the mode explicit anyway
    Bytes key = random_bytes(32);
    std::array<std::uint8_t, 32> arr{};
    std::memcpy(arr.data(), key.data(), 32);
    OPENSSL_cleanse(key.data(), key.size());
    std::size_t off = 0;
    while (off < arr.size()) {
        ssize_t w = ::write(fd, arr.data() + off, arr.size() - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            int e = errno;
            ::close(fd);
            ::unlink(path.c_str());
            OPENSSL_cleanse(arr.data(), arr.size());
            return make_error("key.io", "cannot write key file " + path.string() + ": " + std::strerror(e));
        }
        off += static_cast<std::size_t>(w);
    }
    if (::fsync(fd) != 0) {
        int e = errno;
        ::close(fd);
        ::unlink(path.c_str());
        OPENSSL_cleanse(arr.data(), arr.size());
        return make_error("key.io", "cannot fsync key file " + path.string() + ": " + std::strerror(e));
    }
    ::close(fd);
    fsync_dir(path.parent_path());
    KeyRing k = KeyRing::from_bytes(arr);
    OPENSSL_cleanse(arr.data(), arr.size());
    return k;
}

} // namespace

Status check_secret_file_mode(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return make_error("key.missing", "cannot read " + path.string() + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return make_error("key.invalid", path.string() + " is not a regular file");
    if (st.st_mode & 077)
        return make_error("key.permissions",
                          path.string() + " holds a secret but is readable by other users (mode " +
                              mode_octal(st.st_mode) + "); fix it with: chmod 600 " + path.string());
    return ok_status();
}

Result<KeyRing> KeyRing::load_or_create(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        if (!path.parent_path().empty()) std::filesystem::create_directories(path.parent_path(), ec);
        bool race = false;
        auto created = create_key_file(path, race);
        if (created) created->path_ = path;
        if (!race) return created;
        // Another process created it between our check and open: fall through and load theirs.
    }
    if (auto st = check_secret_file_mode(path); !st) return st.error();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error("key.io", "cannot open key file " + path.string() + ": " + std::strerror(errno));
    std::array<std::uint8_t, 33> buf{};   // one spare byte detects an over-long file
    std::size_t got = 0;
    while (got < buf.size()) {
        ssize_t r = ::read(fd, buf.data() + got, buf.size() - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += static_cast<std::size_t>(r);
    }
    ::close(fd);
    if (got != 32) {
        OPENSSL_cleanse(buf.data(), buf.size());
        return make_error("key.invalid", "key file " + path.string() + " must hold exactly 32 bytes, it holds " +
                                             (got > 32 ? std::string("more") : std::to_string(got)) +
                                             "; restore it from backup (a new key cannot read existing records)");
    }
    std::array<std::uint8_t, 32> key{};
    std::memcpy(key.data(), buf.data(), 32);
    OPENSSL_cleanse(buf.data(), buf.size());
    KeyRing k = from_bytes(key);
    OPENSSL_cleanse(key.data(), key.size());
    k.path_ = path;
    return k;
}

std::string KeyRing::hmac_hex(std::string_view data) const {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), out, &n))
        return {};
    return to_hex(out, n);
}

Bytes pbkdf2_sha256(std::string_view secret, const Bytes& salt, int iterations) {
    Bytes out(32);
    if (PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()), salt.data(), static_cast<int>(salt.size()),
                          iterations, EVP_sha256(), static_cast<int>(out.size()), out.data()) != 1)
        out.clear();
    return out;
}

bool same_bytes(const Bytes& a, const Bytes& b) {
    return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

KeyRing KeyRing::from_bytes(const std::array<std::uint8_t, 32>& key) {
    KeyRing k;
    k.key_ = key;
    k.id_ = sha256_hex(std::string_view(reinterpret_cast<const char*>(key.data()), key.size())).substr(0, 16);
    return k;
}

KeyRing::~KeyRing() { OPENSSL_cleanse(key_.data(), key_.size()); }

KeyRing::KeyRing(KeyRing&& o) noexcept : key_(o.key_), id_(std::move(o.id_)), path_(std::move(o.path_)) {
    OPENSSL_cleanse(o.key_.data(), o.key_.size());
    o.id_.clear();
}

KeyRing& KeyRing::operator=(KeyRing&& o) noexcept {
    if (this != &o) {
        key_ = o.key_;
        id_ = std::move(o.id_);
        path_ = std::move(o.path_);
        OPENSSL_cleanse(o.key_.data(), o.key_.size());
        o.id_.clear();
    }
    return *this;
}

// [SECTION] AES-256-GCM

namespace {
constexpr std::size_t kNonce = 12, kTag = 16;
struct CtxFree { void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); } };
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;
} // namespace

Result<Bytes> KeyRing::seal(std::string_view plaintext, std::string_view aad) const {
    assert(!id_.empty() && "KeyRing::seal on a moved-from or empty KeyRing: load it with load_or_create first");
    Ctx ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return make_error("crypto.error", "cannot allocate a cipher context");
    Bytes out(kNonce + plaintext.size() + kTag);
    Bytes nonce = random_bytes(kNonce);
    std::memcpy(out.data(), nonce.data(), kNonce);
    int len = 0;
    bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonce), nullptr) == 1 &&
              EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), out.data()) == 1 &&
              EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                                static_cast<int>(aad.size())) == 1;
    int clen = 0;
    if (ok && !plaintext.empty())
        ok = EVP_EncryptUpdate(ctx.get(), out.data() + kNonce, &clen,
                               reinterpret_cast<const unsigned char*>(plaintext.data()),
                               static_cast<int>(plaintext.size())) == 1;
    int flen = 0;
    ok = ok && EVP_EncryptFinal_ex(ctx.get(), out.data() + kNonce + clen, &flen) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTag),
                             out.data() + kNonce + plaintext.size()) == 1;
    if (!ok) return make_error("crypto.error", "AES-256-GCM encryption failed");
    return out;
}

Result<std::string> KeyRing::open(const Bytes& sealed, std::string_view aad, std::string_view key_id) const {
    if (key_id != id_)
        return make_error("crypto.key_mismatch", "record was sealed with key " + std::string(key_id) +
                                                     " but the loaded key is " + id_ +
                                                     " (was data.key replaced? restore the original key file)");
    if (sealed.size() < kNonce + kTag) return make_error("crypto.tampered", "sealed record is too short");
    Ctx ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return make_error("crypto.error", "cannot allocate a cipher context");
    const std::size_t n = sealed.size() - kNonce - kTag;
    std::string out(n, '\0');
    int len = 0, plen = 0, flen = 0;
    Bytes tag(sealed.end() - kTag, sealed.end());
    bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonce), nullptr) == 1 &&
              EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), sealed.data()) == 1 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                                static_cast<int>(aad.size())) == 1;
    if (ok && n > 0)
        ok = EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &plen,
                               sealed.data() + kNonce, static_cast<int>(n)) == 1;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTag), tag.data()) == 1;
    // Final verifies the tag: only now is the plaintext trustworthy. On failure we wipe what was decrypted
    // so a caller can never see unauthenticated bytes.
    ok = ok && EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + plen, &flen) == 1;
    if (!ok) {
        wipe(out);
        return make_error("crypto.tampered", "sealed record failed authentication (tampered, or bound to another row)");
    }
    return out;
}

} // namespace kiosk
