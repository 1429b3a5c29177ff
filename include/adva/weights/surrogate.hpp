#pragma once
// Surrogate weights from a ranking of the criteria (rank 1 = most important), for n criteria and
// position i = 1..n:
//   roc         rank-order centroid (Barron & Barrett 1996): w_i = (1/n) sum_{k=i..n} 1/k
//   rank_sum    (Stillwell, Seaver & Edwards 1981):          w_i = 2(n+1-i) / (n(n+1))
//   reciprocal  rank reciprocal:                             w_i = (1/i) / sum_k 1/k
// The ranking is a competition ranking ("1224"): rank r_j must equal 1 + the number of criteria
// ranked strictly better. Tied criteria share the average of the weights of the positions they
// occupy (the formulas themselves do not define ties), so weights still sum to 1.
#include <algorithm>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "adva/weights/direct.hpp"

namespace adva {

enum class surrogate_method { roc, rank_sum, reciprocal };

inline constexpr std::string_view to_string(surrogate_method s) noexcept {
    switch (s) {
        case surrogate_method::roc: return "roc";
        case surrogate_method::rank_sum: return "rank_sum";
        case surrogate_method::reciprocal: return "reciprocal";
    }
    return "roc";
}
inline std::optional<surrogate_method> parse_surrogate_method(std::string_view s) noexcept {
    for (auto m : {surrogate_method::roc, surrogate_method::rank_sum, surrogate_method::reciprocal})
        if (to_string(m) == s) return m;
    return std::nullopt;
}

/// Weight of position i (1-based) of n under the given rule.
inline Eigen::VectorXd surrogate_position_weights(Eigen::Index n, surrogate_method how) {
    Eigen::VectorXd w(n);
    const double nd = double(n);
    switch (how) {
        case surrogate_method::roc: {
            double tail = 0;  // sum_{k=i..n} 1/k, built from the back
            for (Eigen::Index i = n; i >= 1; --i) { tail += 1.0 / double(i); w[i - 1] = tail / nd; }
            break;
        }
        case surrogate_method::rank_sum:
            for (Eigen::Index i = 1; i <= n; ++i) w[i - 1] = 2.0 * (nd + 1 - double(i)) / (nd * (nd + 1));
            break;
        case surrogate_method::reciprocal: {
            double h = 0;
            for (Eigen::Index i = 1; i <= n; ++i) h += 1.0 / double(i);
            for (Eigen::Index i = 1; i <= n; ++i) w[i - 1] = (1.0 / double(i)) / h;
            break;
        }
    }
    return w;
}

/// `ranking[j]` is the rank of criterion j (1 = most important).
inline weights_result surrogate_weights(const std::vector<int>& ranking, surrogate_method how,
                                        std::string_view where = "/weighting/ranking") {
    const auto n = static_cast<Eigen::Index>(ranking.size());
    if (n < 1) throw invalid_input("adva.weights.no_criteria", std::string(where), "the ranking must rank at least one criterion", "[]");
    std::vector<int> sorted(ranking);
    std::sort(sorted.begin(), sorted.end());
    for (Eigen::Index j = 0; j < n; ++j) {
        const int r = ranking[std::size_t(j)];
        const auto better = std::lower_bound(sorted.begin(), sorted.end(), r) - sorted.begin();
        if (r != 1 + better)
            throw invalid_input("adva.weights.invalid_ranking", detail::pointer(where, j),
                                "ranks must form a competition ranking: 1 + the number of criteria ranked strictly better (" +
                                    std::to_string(1 + better) + " here)",
                                std::to_string(r));
    }
    const Eigen::VectorXd pos = surrogate_position_weights(n, how);
    weights_result res{std::string(to_string(how)), Eigen::VectorXd(n)};
    for (Eigen::Index j = 0; j < n; ++j) {
        const int r = ranking[std::size_t(j)];
        const auto tied = std::upper_bound(sorted.begin(), sorted.end(), r) - std::lower_bound(sorted.begin(), sorted.end(), r);
        res.weights[j] = pos.segment(r - 1, tied).mean();  // positions r .. r+tied-1
    }
    return res;
}

}  // namespace adva
