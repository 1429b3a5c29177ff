#pragma once
// "What would it take": the smallest change of the weights that makes a chosen option the (at least
// tied) winner, or a proof that no weights can (docs/robustness.md).
//
// Measured on global leaf weights w (the simplex: w ≥ 0, Σw = 1) from the current ones w0. Any
// point of the simplex is expressible on the tree: a node's global weight is the sum of its leaves',
// local = global / parent's global (where a parent gets global weight 0, its children keep their
// current local weights: any would do). The LPs (COIN-OR Clp):
//   L1:  min Σ(d⁺ + d⁻)  s.t. w − d⁺ + d⁻ = w0, Σw = 1, w·(v_a − v_b) ≥ 0 for every rival b, w, d ≥ 0
//   L∞:  min t           s.t. −t ≤ w − w0 ≤ t,   Σw = 1, w·(v_a − v_b) ≥ 0 for every rival b, w ≥ 0
// When they are infeasible, Farkas' lemma gives the proof: a convex combination λ of the rivals that
// is strictly better than a on every leaf (max s s.t. Σ_b λ_b v_b − s ≥ v_a, Σλ = 1, λ ≥ 0 has s > 0).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <Eigen/Dense>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/analysis/results.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/error.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

/// The distance between weight vectors (global leaf weights).
enum class weight_distance {
    l1,    ///< Σ|w − w0|: total weight moved, counted on both ends (moving 0.1 from one leaf to another = 0.2)
    linf,  ///< max|w − w0|: the largest change of any one leaf's weight
};

inline constexpr std::string_view to_string(weight_distance d) noexcept { return d == weight_distance::l1 ? "l1" : "linf"; }

struct what_if_result {
    std::string option;
    weight_distance norm = weight_distance::l1;
    std::string weights_name;
    bool already_winner = false;  ///< at least tied first with the current weights (distance 0)
    bool possible = false;        ///< some weights make it (at least tied) first
    double distance = 0.0;        ///< in global weight units; NaN when impossible

    std::vector<std::string> leaves;    ///< leaf ids, model order
    std::vector<double> current_leaf_weights, new_leaf_weights;  ///< global
    std::vector<std::string> nodes;     ///< every node, model order
    std::vector<double> current_local, new_local, new_global;    ///< every node
    std::vector<ranked_option> new_ranking;  ///< the short list under the new weights

    /// Impossible: options at least as good on every leaf and better on one (pairwise dominance)…
    std::vector<std::string> dominated_by;
    /// …and the proof: a mix of rivals (option, share) better than the option on every leaf by at
    /// least `mixture_margin` value points.
    std::vector<std::pair<std::string, double>> beaten_by_mixture;
    double mixture_margin = 0.0;
};

namespace detail {

struct lp_rows {
    std::vector<int> row, col;
    std::vector<double> value, lower, upper;
    int rows = 0;
    int add(double lo, double hi) {
        lower.push_back(lo);
        upper.push_back(hi);
        return rows++;
    }
    void set(int r, int c, double v) {
        if (v == 0.0) return;
        row.push_back(r);
        col.push_back(c);
        value.push_back(v);
    }
};

/// Loads and solves min/max c·x; returns the solver for inspection. Throws on numerical failure
/// (infeasibility is returned, not thrown).
inline void solve_lp(ClpSimplex& lp, const lp_rows& r, int cols, const std::vector<double>& col_lo, const std::vector<double>& col_hi,
                     const std::vector<double>& objective, int direction) {
    CoinPackedMatrix matrix(false, r.row.data(), r.col.data(), r.value.data(), CoinBigIndex(r.value.size()));
    matrix.setDimensions(r.rows, cols);
    lp.setLogLevel(0);
    lp.loadProblem(matrix, col_lo.data(), col_hi.data(), objective.data(), r.lower.data(), r.upper.data());
    lp.setOptimizationDirection(direction);
    lp.primal();
    if (!lp.isProvenOptimal() && !lp.isProvenPrimalInfeasible())
        throw computation_error("adva.what_if.lp_failed", "/what_if", "the weight-change LP did not reach an optimum",
                                "Clp status " + std::to_string(lp.status()));
}

/// Local weights of every node from global leaf weights (see the header comment).
inline std::pair<std::vector<double>, std::vector<double>> tree_weights_from_leaves(const appraisal& model, const tree_index& t,
                                                                                    const std::vector<double>& leaf_weights,
                                                                                    const std::vector<double>& current_local) {
    std::vector<double> global(model.criteria.size(), 0.0);
    for (std::size_t l = 0; l < t.leaves.size(); ++l) global[t.leaves[l]] = leaf_weights[l];
    for (auto it = t.top_down.rbegin(); it != t.top_down.rend(); ++it)
        if (t.parent[*it] >= 0) global[std::size_t(t.parent[*it])] += global[*it];
    std::vector<double> local(model.criteria.size(), 0.0);
    for (std::size_t c = 0; c < model.criteria.size(); ++c) {
        const double parent_global = t.parent[c] >= 0 ? global[std::size_t(t.parent[c])] : 1.0;
        local[c] = parent_global > 0 ? global[c] / parent_global : current_local[c];
    }
    return {std::move(local), std::move(global)};
}

}  // namespace detail

/// The smallest weight change (under `norm`) that makes `option_id` at least tied first on the
/// appraisal result `r` of `model`. Errors: adva.what_if.unknown_option, adva.what_if.not_shortlisted.
inline what_if_result what_if(const appraisal& model, const appraisal_result& r, std::string_view option_id,
                              weight_distance norm = weight_distance::l1) {
    const std::size_t target = detail::option_position(r, std::string(option_id));
    if (target == r.option_ids.size())
        throw invalid_input("adva.what_if.unknown_option", "option", "the option must be one of the model's options",
                            "\"" + std::string(option_id) + "\"");
    std::vector<std::size_t> rivals;
    bool shortlisted = false;
    for (const auto& x : r.ranking) {
        const std::size_t o = detail::option_position(r, x.option);
        if (o == target) shortlisted = true;
        else rivals.push_back(o);
    }
    if (!shortlisted)
        throw invalid_input("adva.what_if.not_shortlisted", "option",
                            "the option was discounted at screening: only short-listed options can win", "\"" + std::string(option_id) + "\"");

    const auto t = detail::index_tree(model);
    const int n = int(t.leaves.size());
    Eigen::MatrixXd v(Eigen::Index(r.option_ids.size()), n);
    for (int l = 0; l < n; ++l) v.col(l) = r.values.col(Eigen::Index(t.leaves[std::size_t(l)]));

    what_if_result w;
    w.option = std::string(option_id);
    w.norm = norm;
    w.weights_name = r.weights_name;
    for (std::size_t leaf : t.leaves) {
        w.leaves.push_back(model.criteria[leaf].id);
        w.current_leaf_weights.push_back(r.weights.global[leaf]);
    }
    for (const auto& c : model.criteria) w.nodes.push_back(c.id);
    w.current_local = r.weights.local;
    for (const auto& x : r.dominance)
        if (x.option == w.option) w.dominated_by = x.dominated_by;

    // Columns: w (n), then d⁺ (n), d⁻ (n) for L1, or t (1) for L∞.
    const int cols = norm == weight_distance::l1 ? 3 * n : n + 1;
    detail::lp_rows rows;
    for (int l = 0; l < n; ++l) {
        const double w0 = w.current_leaf_weights[std::size_t(l)];
        if (norm == weight_distance::l1) {
            const int row = rows.add(w0, w0);  // w − d⁺ + d⁻ = w0
            rows.set(row, l, 1.0);
            rows.set(row, n + l, -1.0);
            rows.set(row, 2 * n + l, 1.0);
        } else {
            const int upper = rows.add(-COIN_DBL_MAX, w0);  // w − t ≤ w0
            rows.set(upper, l, 1.0);
            rows.set(upper, n, -1.0);
            const int lower = rows.add(w0, COIN_DBL_MAX);   // w + t ≥ w0
            rows.set(lower, l, 1.0);
            rows.set(lower, n, 1.0);
        }
    }
    const int simplex = rows.add(1.0, 1.0);
    for (int l = 0; l < n; ++l) rows.set(simplex, l, 1.0);
    for (std::size_t b : rivals) {
        const int row = rows.add(0.0, COIN_DBL_MAX);  // w·(v_a − v_b) ≥ 0
        for (int l = 0; l < n; ++l) rows.set(row, l, v(Eigen::Index(target), l) - v(Eigen::Index(b), l));
    }
    std::vector<double> col_lo(std::size_t(cols), 0.0), col_hi(std::size_t(cols), COIN_DBL_MAX), objective(std::size_t(cols), 0.0);
    for (int c = n; c < cols; ++c) objective[std::size_t(c)] = 1.0;

    ClpSimplex lp;
    detail::solve_lp(lp, rows, cols, col_lo, col_hi, objective, 1);
    if (lp.isProvenOptimal()) {
        w.possible = true;
        const double* x = lp.getColSolution();
        w.new_leaf_weights.assign(x, x + n);
        for (auto& q : w.new_leaf_weights) q = std::max(q, 0.0);  // drop −0 and solver dust
        const double sum = std::accumulate(w.new_leaf_weights.begin(), w.new_leaf_weights.end(), 0.0);
        for (auto& q : w.new_leaf_weights) q /= sum;
        w.distance = 0.0;
        for (int l = 0; l < n; ++l) {
            const double d = std::abs(w.new_leaf_weights[std::size_t(l)] - w.current_leaf_weights[std::size_t(l)]);
            w.distance = norm == weight_distance::l1 ? w.distance + d : std::max(w.distance, d);
        }
        if (w.distance <= 1e-12) w.distance = 0.0;
        std::tie(w.new_local, w.new_global) = detail::tree_weights_from_leaves(model, t, w.new_leaf_weights, r.weights.local);
        const Eigen::Map<const Eigen::VectorXd> nw(w.new_leaf_weights.data(), n);
        const Eigen::VectorXd totals = v * nw;
        std::vector<std::size_t> members(rivals);
        members.push_back(target);
        std::sort(members.begin(), members.end());
        w.new_ranking = rank_options(totals, members, r.option_ids, 1e-9);
        for (const auto& x : r.ranking)
            if (x.option == w.option) w.already_winner = x.rank == 1;
        if (w.already_winner) {
            w.distance = 0.0;
            w.new_leaf_weights = w.current_leaf_weights;
            w.new_local = r.weights.local;
            w.new_global = r.weights.global;
            w.new_ranking = r.ranking;
        }
        return w;
    }

    // Infeasible: the Farkas certificate. Columns λ_b (one per rival), then s (free); maximise s.
    w.distance = std::numeric_limits<double>::quiet_NaN();
    const int m = int(rivals.size());
    detail::lp_rows cert;
    for (int l = 0; l < n; ++l) {
        const int row = cert.add(v(Eigen::Index(target), l), COIN_DBL_MAX);  // Σ λ_b v_bl − s ≥ v_al
        for (int b = 0; b < m; ++b) cert.set(row, b, v(Eigen::Index(rivals[std::size_t(b)]), l));
        cert.set(row, m, -1.0);
    }
    const int sum = cert.add(1.0, 1.0);
    for (int b = 0; b < m; ++b) cert.set(sum, b, 1.0);
    std::vector<double> lo(std::size_t(m) + 1, 0.0), hi(std::size_t(m) + 1, COIN_DBL_MAX), obj(std::size_t(m) + 1, 0.0);
    lo.back() = -COIN_DBL_MAX;
    obj.back() = 1.0;
    ClpSimplex proof;
    detail::solve_lp(proof, cert, m + 1, lo, hi, obj, -1);
    if (!proof.isProvenOptimal())
        throw computation_error("adva.what_if.lp_failed", "/what_if", "the certificate LP of an impossible change did not reach an optimum",
                                "Clp status " + std::to_string(proof.status()));
    const double* lambda = proof.getColSolution();
    for (int b = 0; b < m; ++b)
        if (lambda[b] > 1e-12) w.beaten_by_mixture.emplace_back(r.option_ids[rivals[std::size_t(b)]], lambda[b]);
    w.mixture_margin = lambda[m];
    return w;
}

/// Appraises the model (options.group, or the consensus) and runs what_if. Unknown group:
/// adva.what_if.unknown_group.
inline what_if_result what_if(const appraisal& model, std::string_view option_id, weight_distance norm = weight_distance::l1,
                              const appraise_options& options = {}) {
    if (!options.group.empty() && !model.group_index(options.group))
        throw invalid_input("adva.what_if.unknown_group", "group", "the weights must come from a declared stakeholder group",
                            "\"" + options.group + "\"");
    return what_if(model, appraise(model, options), option_id, norm);
}

}  // namespace adva
