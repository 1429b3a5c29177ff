#pragma once
// Ranking of scores: competition ranking ("1224": tied alternatives share the better rank), the
// rank order itself, and the order-preserving keys and radix sort behind both (O(m), the order of
// std::stable_sort). Included by decision_matrix.hpp.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/methods/detail/scratch.hpp"

namespace adva {

/// Which way scores are ranked.
enum class rank_order { higher_is_better, lower_is_better };

namespace detail {

/// Order-preserving 64-bit key of a score: ascending unsigned order = ascending value
/// (sign-magnitude -> offset binary), complemented (flip = all ones) when higher is better; -0.0 is
/// made +0.0 first so that equal doubles get equal keys. Branch-free, so loops over it vectorise.
inline std::uint64_t rank_key(double score, std::uint64_t flip) noexcept {
    const double d = score + 0.0;
    std::uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    const std::uint64_t negative = std::uint64_t(std::int64_t(u) >> 63);  // all ones when the sign bit is set
    return u ^ (negative | (std::uint64_t{1} << 63)) ^ flip;
}

/// Calls emit(k, i, tied) with the index i of the k-th alternative in rank order (best first; equal
/// scores keep index order; tied: its score equals the previous one's), i.e. exactly the order of
/// std::stable_sort by score, in O(m) for large inputs.
///
/// Each score becomes an order-preserving 64-bit key (rank_key). Only the bits that vary between
/// the keys matter: as many of them as fit, from the most significant down, are packed above the
/// index, w = (varying key bits << index_bits) | i, so that ordering the (unique) words orders by
/// key and then by index: stable by construction. LSD radix passes of 8 bits sort the words by
/// their top varying bits (up to about 2^10 times as many values as alternatives; all of them when
/// few bits vary, as with integer scores and many ties). A run that agrees on those bits (rare)
/// is then ordered by the whole word, and keys that differ only below the packed bits (more than
/// 64 - index_bits varying bits, and two scores that close) by the full key. NaN (never produced
/// by the methods) falls back to the comparison sort so the behaviour is the same for any input.
template <class Emit>
void for_rank_order(const Eigen::VectorXd& scores, rank_order order, Emit&& emit) {
    const auto m = static_cast<std::size_t>(scores.size());
    const double* const s = scores.data();
    const std::uint64_t flip = order == rank_order::higher_is_better ? ~std::uint64_t{0} : 0;
    auto key = [&](std::size_t i) { return rank_key(s[i], flip); };
    auto by_comparison = [&] {
        std::vector<std::size_t> idx(m);
        std::iota(idx.begin(), idx.end(), std::size_t{0});
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
            return order == rank_order::higher_is_better ? s[a] > s[b] : s[a] < s[b];
        });
        for (std::size_t k = 0; k < m; ++k) emit(k, idx[k], k > 0 && s[idx[k]] == s[idx[k - 1]]);
    };
    if (m < 256 || m > 0xffffffffu) return by_comparison();
    // One pass for the bits that vary between keys (set in some, clear in others) and for NaN,
    // branch-free so that it vectorises.
    std::uint64_t any = 0, all = ~std::uint64_t{0}, nan = 0;
    for (std::size_t i = 0; i < m; ++i) {
        const std::uint64_t k = key(i);
        any |= k;
        all &= k;
        nan |= std::uint64_t(!(s[i] == s[i]));
    }
    if (nan) return by_comparison();
    const std::uint64_t varying = any ^ all;
    if (varying == 0) {  // every score equal
        for (std::size_t k = 0; k < m; ++k) emit(k, k, k > 0);
        return;
    }
    const int index_bits = int(std::bit_width(m - 1));
    const int top = 64 - std::countl_zero(varying), bottom = std::countr_zero(varying);  // varying bits: [bottom, top)
    const int dropped = std::max(bottom, top - (64 - index_bits));  // key bits below this are not packed
    const bool exact = dropped == bottom;                            // the words hold every varying bit
    const int packed_top = index_bits + (top - dropped);             // the packed bits are [index_bits, packed_top)
    // Radix digits: the top prefix_bits of the packed bits, 8 at a time; the lowest digit may reach
    // into the index bits, which only confirms index order.
    const int prefix_bits = std::min(packed_top - index_bits, std::clamp(int(std::bit_width(m)) + 10, 16, 32));
    const int passes = (prefix_bits + 7) / 8, base = packed_top - 8 * passes;  // digit p: bits [base + 8p, base + 8p + 8)

    const thread_scratch<std::uint64_t, std::size_t{1} << 17> work(2 * m);  // two arrays of m words
    std::uint64_t *from = work.data(), *to = from + m;
    for (std::size_t i = 0; i < m; ++i) from[i] = ((key(i) >> dropped) << index_bits) | i;

    // LSD radix sort, 8-bit digits (256 scatter targets stay in L1). Clustered scores give runs of
    // equal digits, and then every "++count[digit]" waits for the previous one through memory; so
    // each pass splits the words into four consecutive streams with their own counters and
    // interleaves them (four independent chains). Stream s's words precede stream s+1's within a
    // digit, so each pass stays stable.
    constexpr int streams = 4;
    constexpr std::size_t buckets = 256;
    const std::size_t q = m / streams;  // words per stream; the last stream also takes the m % 4 rest
    std::array<std::array<std::size_t, buckets>, streams> count;
    for (int p = 0; p < passes; ++p) {
        const int shift = base + 8 * p;
        auto digit = [shift](std::uint64_t w) { return std::size_t(w >> shift) & (buckets - 1); };
        for (auto& c : count) c.fill(0);
        for (std::size_t i = 0; i < q; ++i)
            for (std::size_t t = 0; t < streams; ++t) ++count[t][digit(from[t * q + i])];
        for (std::size_t i = streams * q; i < m; ++i) ++count[streams - 1][digit(from[i])];
        const std::size_t d0 = digit(from[0]);
        if (count[0][d0] + count[1][d0] + count[2][d0] + count[3][d0] == m) continue;  // one digit: nothing to do
        std::size_t offset = 0;
        for (std::size_t d = 0; d < buckets; ++d)
            for (auto& c : count) offset += std::exchange(c[d], offset);  // count -> first output position
        for (std::size_t i = 0; i < q; ++i)
            for (std::size_t t = 0; t < streams; ++t) {
                const std::uint64_t w = from[t * q + i];
                to[count[t][digit(w)]++] = w;
            }
        for (std::size_t i = streams * q; i < m; ++i) to[count[streams - 1][digit(from[i])]++] = from[i];
        std::swap(from, to);
    }

    // Runs that agree on the sorted bits (rare): put in order by the whole word, then (keys that
    // differ only in bits that were not packed) by the full key.
    const std::uint64_t index_mask = (std::uint64_t{1} << index_bits) - 1;
    auto index = [&](std::size_t k) { return std::size_t(from[k] & index_mask); };
    auto same_key_bits = [&](std::size_t k) { return (from[k] >> index_bits) == (from[k - 1] >> index_bits); };
    if (base > index_bits || !exact) {
        const int run_low = std::max(base, index_bits);
        for (std::size_t a = 0, b; a + 1 < m; a = b) {
            b = a + 1;
            if ((from[b] >> run_low) != (from[a] >> run_low)) continue;
            while (b < m && (from[b] >> run_low) == (from[a] >> run_low)) ++b;
            if (base > index_bits) {
                if (b - a <= 16) {
                    for (std::size_t i = a + 1; i < b; ++i)  // insertion sort
                        for (std::size_t j = i; j > a && from[j] < from[j - 1]; --j) std::swap(from[j], from[j - 1]);
                } else {
                    std::sort(from + a, from + b);  // the words are unique: the order is the stable one
                }
            }
            if (!exact)
                for (std::size_t c = a, d; c + 1 < b; c = d) {
                    for (d = c + 1; d < b && same_key_bits(d);) ++d;
                    if (d - c > 1)
                        std::stable_sort(from + c, from + d, [&](std::uint64_t u, std::uint64_t v) {
                            return key(std::size_t(u & index_mask)) < key(std::size_t(v & index_mask));
                        });
                }
        }
    }
    // Equal scores have equal keys, hence equal packed bits; those hold the whole key when exact.
    emit(0, index(0), false);
    for (std::size_t k = 1; k < m; ++k) emit(k, index(k), same_key_bits(k) && (exact || key(index(k)) == key(index(k - 1))));
}

/// Indices of `scores` in rank order (see for_rank_order).
inline std::vector<std::size_t> rank_order_indices(const Eigen::VectorXd& scores, rank_order order) {
    std::vector<std::size_t> idx(static_cast<std::size_t>(scores.size()));
    for_rank_order(scores, order, [&](std::size_t k, std::size_t i, bool) { idx[k] = i; });
    return idx;
}

/// Competition ranks of `scores` (see competition_ranking); also the rank order itself when
/// order_out is given (one sort serves both).
inline std::vector<int> competition_ranks(const Eigen::VectorXd& scores, rank_order order, std::vector<std::size_t>* order_out = nullptr) {
    std::vector<int> rank(static_cast<std::size_t>(scores.size()));
    if (order_out) order_out->resize(rank.size());
    int current = 0;
    for_rank_order(scores, order, [&](std::size_t k, std::size_t i, bool tied) {
        if (!tied) current = static_cast<int>(k) + 1;
        rank[i] = current;
        if (order_out) (*order_out)[k] = i;
    });
    return rank;
}

}  // namespace detail

/// Competition ranking ("1224"): rank 1 is best; alternatives with exactly equal scores share the
/// better rank and the next rank is skipped.
inline std::vector<int> competition_ranking(const Eigen::VectorXd& scores, rank_order order) {
    return detail::competition_ranks(scores, order);
}

}  // namespace adva
