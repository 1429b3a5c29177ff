#pragma once
// Dominance among the short list, on leaf values (0–100):
// - pairwise: b dominates a when b ≥ a on every leaf and > on at least one;
// - potential optimality: a is potentially optimal when it is not dominated pairwise and some
//   global leaf weight vector in the simplex (the value tree puts no further restriction on global
//   leaf weights) makes it at least tied first. (A pairwise-dominated option can at best tie with
//   the option dominating it, so it is never reported as one that weights could make win.) LP (COIN-OR Clp, in adva::lp): maximise t s.t. w·(v_a − v_b) ≥ t for every other b, Σw = 1,
//   w ≥ 0; potentially optimal iff t* ≥ −1e-9. An option that is not potentially optimal may be
//   undominated pairwise: it is beaten by a convex combination of the others. The LP is solved by
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
        // Cheap certificate first: an option that is (jointly) best on some leaf wins with all the
        // weight on that leaf, so it needs no LP.
        bool best_somewhere = members.size() <= 1;
        for (Eigen::Index j = 0; j < n && !best_somewhere; ++j) best_somewhere = va[j] >= v.col(j).maxCoeff();
        e.potentially_optimal =
            e.dominated_by.empty() &&
            (best_somewhere || detail::best_worst_margin(v, Eigen::Index(a), -potential_optimality_tolerance) >=
                                   -potential_optimality_tolerance);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace adva
