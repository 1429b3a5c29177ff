#pragma once
// Dominance among the short list, on leaf values (0–100):
// - pairwise: b dominates a when b ≥ a on every leaf and > on at least one;
// - potential optimality: a is potentially optimal when it is not dominated pairwise and some
//   global leaf weight vector in the simplex (the value tree puts no further restriction on global
//   leaf weights) makes it at least tied first. (A pairwise-dominated option can at best tie with
//   the option dominating it, so it is never reported as one that weights could make win.) LP (COIN-OR Clp): maximise t s.t. w·(v_a − v_b) ≥ t for every other b, Σw = 1,
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

#include <coin/ClpSimplex.hpp>
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
inline double best_worst_margin(const Eigen::MatrixXd& leaf_values, Eigen::Index a,
                                std::optional<double> decide_at = std::nullopt) {
    const Eigen::Index m = leaf_values.rows(), n = leaf_values.cols();
    if (m < 2) return std::numeric_limits<double>::infinity();  // no rival
    const int cols = int(n) + 1;  // w_1..w_n, t
    const Eigen::RowVectorXd va = leaf_values.row(a);

    ClpSimplex lp;
    lp.setLogLevel(0);
    {   // The simplex row Σw = 1; t free and maximised.
        std::vector<double> col_lo(std::size_t(cols), 0.0), col_hi(std::size_t(cols), COIN_DBL_MAX);
        col_lo.back() = -COIN_DBL_MAX;
        std::vector<double> objective(std::size_t(cols), 0.0);
        objective.back() = 1.0;
        std::vector<CoinBigIndex> start(std::size_t(cols) + 1);
        std::vector<int> index;
        std::vector<double> value;
        for (int j = 0; j < cols; ++j) {
            start[std::size_t(j)] = CoinBigIndex(index.size());
            if (j < n) {
                index.push_back(0);
                value.push_back(1.0);
            }
        }
        start[std::size_t(cols)] = CoinBigIndex(index.size());
        const double one = 1.0;
        lp.loadProblem(cols, 1, start.data(), index.data(), value.data(), col_lo.data(), col_hi.data(),
                       objective.data(), &one, &one);
        lp.setOptimizationDirection(-1);
    }
    std::vector<int> row_columns(static_cast<std::size_t>(cols));
    std::vector<double> row_values(static_cast<std::size_t>(cols));
    std::vector<bool> added(std::size_t(m), false);
    auto add_rival = [&](Eigen::Index b) {
        int k = 0;
        for (Eigen::Index j = 0; j < n; ++j) {
            const double d = va[j] - leaf_values(b, j);
            if (d != 0.0) {
                row_columns[std::size_t(k)] = int(j);
                row_values[std::size_t(k++)] = d;
            }
        }
        row_columns[std::size_t(k)] = int(n);
        row_values[std::size_t(k++)] = -1.0;
        lp.addRow(k, row_columns.data(), row_values.data(), 0.0, COIN_DBL_MAX);  // w·(v_a − v_b) − t ≥ 0
        added[std::size_t(b)] = true;
    };

    // Start with the rival best under equal weights.
    const Eigen::VectorXd equal_totals = leaf_values.rowwise().sum();
    Eigen::Index first = a == 0 ? 1 : 0;
    for (Eigen::Index b = 0; b < m; ++b)
        if (b != a && equal_totals[b] > equal_totals[first]) first = b;
    add_rival(first);

    const double scale = std::max(1.0, leaf_values.cwiseAbs().maxCoeff());
    for (Eigen::Index round = 0; round < m; ++round) {
        if (round == 0) lp.primal();
        else lp.dual();  // a new row keeps the basis dual feasible: warm start
        if (!lp.isProvenOptimal())
            throw computation_error("adva.appraise.lp_failed", "/dominance",
                                    "the potential-optimality LP did not reach an optimum",
                                    "Clp status " + std::to_string(lp.status()));
        const double upper = lp.getColSolution()[n];  // relaxation: t* ≤ upper
        if (decide_at && upper < *decide_at) return upper;
        const Eigen::Map<const Eigen::VectorXd> w(lp.getColSolution(), n);
        const Eigen::VectorXd margins = (leaf_values * w).array() * -1.0 + va.dot(w);  // w·(v_a − v_b)
        Eigen::Index worst = -1;
        double lower = std::numeric_limits<double>::infinity();  // t at these weights: t* ≥ lower
        for (Eigen::Index b = 0; b < m; ++b)
            if (b != a && margins[b] < lower) {
                lower = margins[b];
                worst = b;
            }
        if (decide_at && lower >= *decide_at) return lower;
        if (lower >= upper - 1e-12 * scale || added[std::size_t(worst)]) return upper;
        add_rival(worst);
    }
    return lp.getColSolution()[n];
}

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
