#pragma once
// The list an "unknown id" error carries: the ids the caller could have meant, closest first, so
// that a wrong id is fixed from the message alone.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace adva {

/// Case-insensitive edit distance (insertions, deletions, substitutions), each text cut to its
/// first 64 characters so that a hostile id costs at most 64² steps per candidate.
inline std::size_t id_distance(std::string_view a, std::string_view b) {
    a = a.substr(0, std::min<std::size_t>(a.size(), 64));
    b = b.substr(0, std::min<std::size_t>(b.size(), 64));
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
            const std::size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = row[j];
            row[j] = next;
        }
    }
    return row[b.size()];
}

/// The ids of a list of model items (options, criteria, groups, …), in model order.
template <class Items>
std::vector<std::string> ids_of(const Items& items) {
    std::vector<std::string> ids;
    ids.reserve(items.size());
    for (const auto& x : items) ids.push_back(x.id);
    return ids;
}

/// "known, closest first: O3, O2, O1" (at most `shown`, then "… (N more)"); "known: none" for no
/// ids. `label` names the list when it is not every id of its kind ("short-listed", say). Ties keep
/// the given order.
inline std::string known_ids_text(std::string_view seen, const std::vector<std::string>& ids, std::size_t shown = 8,
                                  std::string_view label = "known") {
    if (ids.empty()) return std::string(label) + ": none";
    std::vector<std::pair<std::size_t, std::size_t>> ranked;  // (distance, position)
    ranked.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) ranked.emplace_back(id_distance(seen, ids[i]), i);
    const std::size_t n = std::min(shown, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + std::ptrdiff_t(n), ranked.end());
    std::string text = std::string(label) + ", closest first: ";
    for (std::size_t k = 0; k < n; ++k) text += (k ? ", " : "") + ids[ranked[k].second];
    if (ranked.size() > n) text += ", … (" + std::to_string(ranked.size() - n) + " more)";
    return text;
}

}  // namespace adva
