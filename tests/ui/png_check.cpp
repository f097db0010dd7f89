// png_check FILE [--min-stddev S] [--width W --height H]: exits 0 when the PNG exists, has the expected size
// and is not blank (the standard deviation of its luminance is at least S, default 10 — a blank or
// single-colour frame has ~0). Prints what it measured either way.
#include <stb/stb_image.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
    if (argc < 2) { std::fprintf(stderr, "usage: png_check FILE [--min-stddev S] [--width W --height H]\n"); return 2; }
    double min_sd = 10;
    int want_w = 0, want_h = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--min-stddev")) min_sd = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--width")) want_w = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--height")) want_h = std::atoi(argv[i + 1]);
    }
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
    if (!px) { std::fprintf(stderr, "png_check: %s: cannot read PNG\n", argv[1]); return 1; }
    double sum = 0, sum2 = 0;
    const long long count = static_cast<long long>(w) * h;
    for (long long i = 0; i < count; ++i) {
        double y = 0.2126 * px[3 * i] + 0.7152 * px[3 * i + 1] + 0.0722 * px[3 * i + 2];
        sum += y;
        sum2 += y * y;
    }
    stbi_image_free(px);
    double mean = sum / count, sd = std::sqrt(std::max(0.0, sum2 / count - mean * mean));
    std::printf("png_check: %s %dx%d mean %.1f stddev %.1f\n", argv[1], w, h, mean, sd);
    if ((want_w && w != want_w) || (want_h && h != want_h)) { std::fprintf(stderr, "png_check: expected %dx%d\n", want_w, want_h); return 1; }
    if (sd < min_sd) { std::fprintf(stderr, "png_check: looks blank (stddev %.1f < %.1f)\n", sd, min_sd); return 1; }
    return 0;
}
