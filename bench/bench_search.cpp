// Catalog search: microseconds per query over the full catalog (goal ≤ 50 µs), for 汉字, English and pinyin
// initials (through a fake key provider that gives every service pinyin-sized keys, as the UI's dictionary
// provider does). Baseline, measured in the same run: a naive scan that calls std::string::find on every
// service's names and descriptions — no ranking, no lowercasing — i.e. the least any search must do.
// When the real pinyin dictionary is installed (rime-data-luna-pinyin), a last row uses PinyinEngine's provider.
//
// Usage: bench_search [catalog_dir] [rounds]
#include "app/pinyin.hpp"
#include "app/search.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace kiosk;
using Clock = std::chrono::steady_clock;

namespace {

// Deterministic pseudo-pinyin: one syllable per character plus the initials, so each service gets keys of the
// same length and count as real pinyin would ("wufanzuijiluzhengming", "wfzjlzm").
std::vector<std::string> fake_pinyin(std::string_view zh) {
    static const char* syllables[] = {"wu", "fan", "zui", "ji", "lu", "zheng", "ming", "shen", "hu", "kou",
                                      "qian", "ru", "jia", "shi", "zhu", "xin", "gong", "an", "dan", "wei"};
    std::string full, initials;
    for (std::size_t i = 0; i < zh.size();) {
        const unsigned char c = static_cast<unsigned char>(zh[i]);
        const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (len == 1) {
            ++i;
            continue;
        }
        unsigned cp = 0;
        for (std::size_t k = 0; k < len && i + k < zh.size(); ++k) cp = cp * 31 + static_cast<unsigned char>(zh[i + k]);
        const char* s = syllables[cp % 20];
        full += s;
        initials += s[0];
        i += len;
    }
    if (full.empty()) return {};
    return {full, initials};
}

struct Stats {
    double median_us = 0, p99_us = 0;
};

Stats stats(std::vector<double> ns) {
    std::sort(ns.begin(), ns.end());
    Stats s;
    s.median_us = ns[ns.size() / 2] / 1000.0;
    s.p99_us = ns[std::min(ns.size() - 1, ns.size() * 99 / 100)] / 1000.0;
    return s;
}

volatile std::size_t g_sink = 0;   // keeps the optimiser from dropping the work

std::size_t naive_scan(const Catalog& cat, const std::string& q) {
    std::size_t hits = 0;
    for (const Service& s : cat.services) {
        if (s.name.zh.find(q) != std::string::npos || s.name.en.find(q) != std::string::npos ||
            s.description.zh.find(q) != std::string::npos || s.description.en.find(q) != std::string::npos)
            ++hits;
    }
    return hits;
}

template <class F>
std::vector<double> time_queries(const std::vector<std::string>& queries, int rounds, F&& run) {
    std::vector<double> ns;
    ns.reserve(queries.size() * static_cast<std::size_t>(rounds));
    for (int r = 0; r < rounds; ++r) {
        for (const std::string& q : queries) {
            const auto t0 = Clock::now();
            g_sink = g_sink + run(q);
            const auto t1 = Clock::now();
            ns.push_back(static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
        }
    }
    return ns;
}

} // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : std::string(KIOSK_SOURCE_ASSETS) + "/catalog";
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 2000;
    auto loaded = load_catalog(dir);
    if (!loaded) {
        std::fprintf(stderr, "bench_search: %s\n", loaded.error().message.c_str());
        return 1;
    }
    const Catalog& cat = *loaded;

    const auto b0 = Clock::now();
    CatalogSearch search(cat);
    search.add_key_provider(fake_pinyin);
    const double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - b0).count();

    const std::vector<std::string> zh = {"无犯罪", "身份证", "户口迁入", "居住证", "驾驶证", "护照", "上门",
                                         "诈骗", "养犬", "失物招领", "落户", "出生登记", "身份证 补领", "法律咨询"};
    const std::vector<std::string> en = {"criminal", "passport", "id card", "driving licence", "dog", "lost",
                                         "residence permit", "home visit", "fraud", "birth", "Hukou", "legal"};
    // Initials and spellings as the fake provider produces them for real names (and a few that miss).
    std::vector<std::string> py;
    for (const char* name : {"无犯罪记录证明", "居民身份证", "户口迁入", "居住证申领", "养犬登记"}) {
        const auto keys = fake_pinyin(name);
        py.push_back(keys[1]);                   // initials, e.g. "wfzjlzm"
        py.push_back(keys[1].substr(0, 3));      // initials typed so far
        py.push_back(keys[0].substr(0, 6));      // spelling typed so far
    }
    py.push_back("zzzz");
    std::vector<std::string> all = zh;
    all.insert(all.end(), en.begin(), en.end());
    all.insert(all.end(), py.begin(), py.end());

    auto indexed = [&](const std::string& q) { return search.query(q).size(); };
    auto naive = [&](const std::string& q) { return naive_scan(cat, q); };

    std::printf("catalog %s: %zu services, index built in %.2f ms (with fake pinyin provider), %d rounds\n\n",
                cat.version.c_str(), cat.services.size(), build_ms, rounds);
    std::printf("%-22s %12s %12s %16s %16s %8s\n", "name", "median_us", "p99_us", "baseline_med_us",
                "baseline_p99_us", "ratio");
    struct Row { const char* name; const std::vector<std::string>* q; };
    for (const Row& row : {Row{"query_zh", &zh}, Row{"query_en", &en}, Row{"query_pinyin_initials", &py},
                           Row{"query_all", &all}}) {
        const Stats s = stats(time_queries(*row.q, rounds, indexed));
        const Stats b = stats(time_queries(*row.q, rounds, naive));
        std::printf("%-22s %12.2f %12.2f %16.2f %16.2f %8.2f\n", row.name, s.median_us, s.p99_us, b.median_us,
                    b.p99_us, s.median_us / b.median_us);
    }
    // The real provider, as the kiosk runs it: dictionary pinyin and initials of every name and keyword.
    if (const PinyinEngine* engine = PinyinEngine::shared()) {
        CatalogSearch real(cat);
        real.add_key_provider(engine->key_provider());
        const std::vector<std::string> typed = {"wfzjl", "wufanzui", "sfz", "shenfenzheng", "hkqr", "jzz",
                                                "juzhuzheng", "jiazhao", "huzhao", "smfw", "yangquan", "flzx"};
        auto with_real = [&](const std::string& q) { return real.query(q).size(); };
        const Stats s = stats(time_queries(typed, rounds, with_real));
        const Stats b = stats(time_queries(typed, rounds, naive));
        std::printf("%-22s %12.2f %12.2f %16.2f %16.2f %8.2f\n", "query_pinyin_real", s.median_us, s.p99_us,
                    b.median_us, b.p99_us, s.median_us / b.median_us);
    } else {
        std::printf("query_pinyin_real: skipped (rime-data-luna-pinyin not installed)\n");
    }
    std::printf("\ngoal: median and p99 <= 50 us per query over the full catalog; ratio = search / naive scan\n");
    return 0;
}
