#pragma once
// Shared by the benchmark programs: the p-th percentile (0..1) of a sample, nearest rank.
#include <algorithm>
#include <cstddef>
#include <vector>

inline double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}
