#pragma once
// Dominance among the short list, on leaf values (0–100):
// - pairwise: b dominates a when b ≥ a on every leaf and > on at least one;
// - the best place any weights give it (first_place, results.hpp): over global leaf weight vectors
//   in the simplex (the value tree puts no further restriction on global leaf weights), LP (COIN-OR
//   Clp, in adva::lp): maximise t s.t. w·(v_a − v_b) ≥ t for every other b, Σw = 1, w ≥ 0; then
//   t* > tol: it can win (outright); |t*| ≤ tol: it can at best tie; t* < −tol: never first.
//   Potentially optimal = can win. A pairwise-dominated option can at best tie; an option that
//   cannot win may be undominated pairwise: it is beaten by a convex combination of the others.
//   what_if() uses the same classification, so the two never disagree. The LP is solved by
//   constraint generation, so a large short list costs a few small LPs per option, not one with a
//   row per rival.
#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/results.hpp"
#include "adva/error.hpp"

namespace adva {

/// Tolerance on the LP's t* (0–100 value points).
inline constexpr double potential_optimality_tolerance = 1e-9;

/// Longest short list whose dominance appraise() computes. Pairwise dominance is quadratic in the
/// options (and a chain of dominated options lists a quadratic number of pairs), and potential
/// optimality takes an LP per option: beyond this, appraise() leaves dominance out with a warning
/// rather than run for hours. A person reads dominance over a short list of a few options to a few
/// hundred; ranking, screening and value for money cover any list up to the model bound.
inline constexpr std::size_t max_dominance_options = 2000;

namespace detail {

/// max over weights w in the simplex of min over b ≠ a of w·(v_a − v_b); `leaf_values`: options ×
/// leaves. Solved by constraint generation: the LP starts with the constraint of one rival and
/// adds, each round, the rival that beats a by most under the current optimal weights, until none
/// beats the LP's bound (the relaxed LP bounds t* from above; the weights it returns bound it from
/// below). With `decide_at` set, returns as soon as t* is known to lie on one side of it (the value
/// returned is then a bound on that side, not t* itself).
/// Defined in adva::lp (COIN-OR Clp).
double best_worst_margin(const Eigen::MatrixXd& leaf_values, Eigen::Index a,
                         std::optional<double> decide_at = std::nullopt);

}  // namespace detail

/// As written in every output: "outright", "tie_only", "never".
inline const char* to_string(first_place p) noexcept {
    switch (p) {
        case first_place::outright: return "outright";
        case first_place::tie_only: return "tie_only";
        case first_place::never: return "never";
    }
    return "never";
}

/// The best place any leaf weights give row `a` of `leaf_values` (options × leaves) against every
/// other row: the one definition of "can win" (see first_place).
inline first_place best_possible_place(const Eigen::MatrixXd& leaf_values, Eigen::Index a) {
    const Eigen::Index m = leaf_values.rows(), n = leaf_values.cols();
    if (m <= 1) return first_place::outright;
    // Cheap certificate: strictly best on some leaf wins with all the weight there.
    for (Eigen::Index j = 0; j < n; ++j) {
        double rival_best = -std::numeric_limits<double>::infinity();
        for (Eigen::Index b = 0; b < m; ++b)
            if (b != a) rival_best = std::max(rival_best, leaf_values(b, j));
        if (leaf_values(a, j) > rival_best + potential_optimality_tolerance) return first_place::outright;
    }
    if (detail::best_worst_margin(leaf_values, a, potential_optimality_tolerance) > potential_optimality_tolerance)
        return first_place::outright;
    return detail::best_worst_margin(leaf_values, a, -potential_optimality_tolerance) >= -potential_optimality_tolerance
               ? first_place::tie_only
               : first_place::never;
}

/// Dominance entries for the options `members` (row indices of `leaf_values`, options × leaves),
/// named by `ids` (indexed like the rows).
inline std::vector<dominance_entry> dominance(const Eigen::MatrixXd& leaf_values, const std::vector<std::size_t>& members,
                                              const std::vector<std::string>& ids) {
    const Eigen::Index n = leaf_values.cols();
    Eigen::MatrixXd v(Eigen::Index(members.size()), n);
    for (std::size_t k = 0; k < members.size(); ++k) v.row(Eigen::Index(k)) = leaf_values.row(Eigen::Index(members[k]));

    std::vector<dominance_entry> out;
    for (std::size_t a = 0; a < members.size(); ++a) {
        dominance_entry e;
        e.option = ids[members[a]];
        const auto va = v.row(Eigen::Index(a));
        for (std::size_t b = 0; b < members.size(); ++b) {
            if (b == a) continue;
            const auto vb = v.row(Eigen::Index(b));
            if ((vb.array() >= va.array()).all() && (vb.array() > va.array()).any()) e.dominated_by.push_back(ids[members[b]]);
        }
        e.best_possible = best_possible_place(v, Eigen::Index(a));
        e.potentially_optimal = e.best_possible == first_place::outright;
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace adva
