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
/// below). Defined in adva::lp (COIN-OR Clp).
double best_worst_margin(const Eigen::MatrixXd& leaf_values, Eigen::Index a);

/// Where that margin t* lies against the band [low, high].
enum class margin_side { below, within, above };
/// The same LP, stopped as soon as its bounds on t* settle the side: one solve decides all three.
margin_side best_worst_margin_side(const Eigen::MatrixXd& leaf_values, Eigen::Index a, double low, double high);

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

namespace detail {

/// Per leaf, the best value over the options, the option holding it and the best of the rest: an
/// option's best rival on a leaf in O(1), so the cheap certificate below is linear per option.
struct leaf_leaders {
    Eigen::VectorXd best, runner_up;
    std::vector<Eigen::Index> best_row;

    explicit leaf_leaders(const Eigen::MatrixXd& v)
        : best(Eigen::VectorXd::Constant(v.cols(), -std::numeric_limits<double>::infinity())),
          runner_up(best), best_row(std::size_t(v.cols()), -1) {
        for (Eigen::Index j = 0; j < v.cols(); ++j)
            for (Eigen::Index b = 0; b < v.rows(); ++b) {
                const double x = v(b, j);
                if (x > best[j]) {
                    runner_up[j] = best[j];
                    best[j] = x;
                    best_row[std::size_t(j)] = b;
                } else if (x > runner_up[j]) {
                    runner_up[j] = x;
                }
            }
    }
    double rival_best(Eigen::Index a, Eigen::Index j) const { return best_row[std::size_t(j)] == a ? runner_up[j] : best[j]; }
};

/// best_possible_place() with the leaders computed once for every option; `dominated`: some
/// option is at least as good everywhere and better somewhere, so it cannot win outright (t* ≤ 0)
/// and only whether it can tie is asked of the LP.
inline first_place best_possible_place(const Eigen::MatrixXd& leaf_values, Eigen::Index a, const leaf_leaders& leaders,
                                       bool dominated) {
    if (leaf_values.rows() <= 1) return first_place::outright;
    // Cheap certificate: strictly best on some leaf wins with all the weight there.
    if (!dominated)
        for (Eigen::Index j = 0; j < leaf_values.cols(); ++j)
            if (leaf_values(a, j) > leaders.rival_best(a, j) + potential_optimality_tolerance) return first_place::outright;
    const double high = dominated ? std::numeric_limits<double>::infinity() : potential_optimality_tolerance;
    switch (best_worst_margin_side(leaf_values, a, -potential_optimality_tolerance, high)) {
        case margin_side::above: return first_place::outright;
        case margin_side::within: return first_place::tie_only;
        case margin_side::below: return first_place::never;
    }
    return first_place::never;
}

}  // namespace detail

/// The best place any leaf weights give row `a` of `leaf_values` (options × leaves) against every
/// other row: the one definition of "can win" (see first_place).
inline first_place best_possible_place(const Eigen::MatrixXd& leaf_values, Eigen::Index a) {
    return detail::best_possible_place(leaf_values, a, detail::leaf_leaders(leaf_values), false);
}

/// Dominance entries for the options `members` (row indices of `leaf_values`, options × leaves),
/// named by `ids` (indexed like the rows).
inline std::vector<dominance_entry> dominance(const Eigen::MatrixXd& leaf_values, const std::vector<std::size_t>& members,
                                              const std::vector<std::string>& ids) {
    const Eigen::Index n = leaf_values.cols();
    Eigen::MatrixXd v(Eigen::Index(members.size()), n);
    for (std::size_t k = 0; k < members.size(); ++k) v.row(Eigen::Index(k)) = leaf_values.row(Eigen::Index(members[k]));

    const detail::leaf_leaders leaders(v);
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
        e.best_possible = detail::best_possible_place(v, Eigen::Index(a), leaders, !e.dominated_by.empty());
        e.potentially_optimal = e.best_possible == first_place::outright;
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace adva
