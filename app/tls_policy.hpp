#pragma once
// The TLS suites kiosk and kiosk-intake both allow — one list, so the two ends can never drift apart.
// Why explicit: OpenSSL's default list also offers, in TLS 1.2, CBC suites (Lucky13-style padding oracles)
// and, with an RSA key, static-RSA key exchange (no forward secrecy: a key stolen later decrypts recorded
// traffic full of residents' ID numbers). So: TLS 1.2 only with ECDHE and an AEAD cipher (AES-GCM,
// ChaCha20-Poly1305), for ECDSA and RSA certificates; TLS 1.3 with its three standard suites (all AEAD,
// all forward secret). Nothing below TLS 1.2. docs/ADMIN.md ("TLS suites") lists the same.
// Plain strings in OpenSSL's syntax: libcurl (CURLOPT_SSL_CIPHER_LIST, CURLOPT_TLS13_CIPHERS) and
// SSL_CTX_set_cipher_list / SSL_CTX_set_ciphersuites take them as they are; no OpenSSL header needed here.

namespace kiosk::tls {

// TLS 1.2, strongest first (the intake prefers its own order).
inline constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";

// TLS 1.3.
inline constexpr const char* tls13_suites = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

} // namespace kiosk::tls
