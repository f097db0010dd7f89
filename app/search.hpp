#pragma once
// Catalog search: 汉字 substrings and English words, ranked. Key providers can add more keys per service
// (the UI adds full pinyin and initials from the pinyin dictionary) without the index knowing about pinyin.
#include "catalog.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

struct SearchHit {
    const Service* service = nullptr;
    int score = 0;             // higher is better
};

class CatalogSearch {
public:
    // Produces extra search keys for a piece of Chinese text, e.g. "wufanzuijilu", "wfzjl".
    using KeyProvider = std::function<std::vector<std::string>(std::string_view zh_text)>;

    explicit CatalogSearch(const Catalog& catalog);
    void add_key_provider(const KeyProvider& provider);   // rebuilds the index
    // Ranked hits, best first; empty query → empty. Case-insensitive for Latin.
    std::vector<SearchHit> query(std::string_view text, std::size_t limit = 50) const;

private:
    struct Entry;
    void rebuild();
    const Catalog& catalog_;
    std::vector<KeyProvider> providers_;
    std::vector<Entry> entries_;
public:
    ~CatalogSearch();
    CatalogSearch(CatalogSearch&&) noexcept;
};

} // namespace kiosk
