#pragma once
// "What would it take": the smallest change of the weights that makes a chosen option the (at least
// tied) winner, or a proof that no weights can (docs/robustness.md). Whether it can then win or at
// best tie is first_place, decided by best_possible_place() exactly as dominance() decides it.
//
// Measured on global leaf weights w (the simplex: w ≥ 0, Σw = 1) from the current ones w0. Any
// point of the simplex is expressible on the tree: a node's global weight is the sum of its leaves',
// local = global / parent's global (where a parent gets global weight 0, its children keep their
// current local weights: any would do). The LPs (COIN-OR Clp, solved in adva::lp):
//   L1:  min Σ(d⁺ + d⁻)  s.t. w − d⁺ + d⁻ = w0, Σw = 1, w·(v_a − v_b) ≥ 0 for every rival b, w, d ≥ 0
//   L∞:  min t           s.t. −t ≤ w − w0 ≤ t,   Σw = 1, w·(v_a − v_b) ≥ 0 for every rival b, w ≥ 0
// When they are infeasible, Farkas' lemma gives the proof: a convex combination λ of the rivals that
// is strictly better than a on every leaf (max s s.t. Σ_b λ_b v_b − s ≥ v_a, Σλ = 1, λ ≥ 0 has s > 0).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/analysis/results.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/error.hpp"
#include "adva/known_ids.hpp"
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
    bool possible = false;        ///< some weights make it (at least tied) first: best_possible != never
    /// outright: beyond the new weights it wins alone; tie_only: the new weights bring it level with
    /// the leader and no weights put it ahead; never: impossible (then the proof below).
    first_place best_possible = first_place::never;
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

/// The weight-change LP (header comment) on `v` (options × leaves): the global leaf weights
/// closest to `current` under `norm` that make row `target` at least tied with every row of
/// `rivals`, as the solver returns them; nullopt when no weights do. Defined in adva::lp.
std::optional<std::vector<double>> closest_winning_weights(const Eigen::MatrixXd& v, std::size_t target, const std::vector<std::size_t>& rivals,
                                            const std::vector<double>& current, weight_distance norm);

/// Farkas' certificate that no weights make row `target` of `v` win: shares λ of `rivals` (one per
/// rival, Σλ = 1) and the margin s > 0 by which Σ λ_b v_b beats v_target on every leaf.
/// Defined in adva::lp.
std::pair<std::vector<double>, double> beating_mixture(const Eigen::MatrixXd& v, std::size_t target,
                                                       const std::vector<std::size_t>& rivals);

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
        throw invalid_input("adva.what_if.unknown_option", "option", "the option must be one of the model's options (" + known_ids_text(option_id, r.option_ids) + ")",
                            "\"" + std::string(option_id) + "\"");
    std::vector<std::size_t> rivals;
    std::vector<std::string> shortlist;
    bool shortlisted = false;
    for (const auto& x : r.ranking) {
        const std::size_t o = detail::option_position(r, x.option);
        shortlist.push_back(x.option);
        if (o == target) shortlisted = true;
        else rivals.push_back(o);
    }
    if (!shortlisted)
        throw invalid_input("adva.what_if.not_shortlisted", "option",
                            "the option was discounted at screening: only short-listed options can win (" +
                                known_ids_text(option_id, shortlist, 8, "short-listed") + ")",
                            "\"" + std::string(option_id) + "\"");

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
    bool classified = false;
    for (const auto& x : r.dominance)
        if (x.option == w.option) {
            w.dominated_by = x.dominated_by;
            w.best_possible = x.best_possible;
            classified = true;
        }
    if (!classified) {  // dominance was left out (a long short list): the same classification
        std::vector<std::size_t> members{target};
        members.insert(members.end(), rivals.begin(), rivals.end());
        Eigen::MatrixXd sub(Eigen::Index(members.size()), n);
        for (std::size_t k = 0; k < members.size(); ++k) sub.row(Eigen::Index(k)) = v.row(Eigen::Index(members[k]));
        w.best_possible = best_possible_place(sub, 0);
    }

    auto closest = w.best_possible == first_place::never
                       ? std::nullopt
                       : detail::closest_winning_weights(v, target, rivals, w.current_leaf_weights, norm);
    if (closest) {
        w.possible = true;
        w.new_leaf_weights = std::move(*closest);
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

    // Infeasible: the Farkas certificate.
    w.distance = std::numeric_limits<double>::quiet_NaN();
    const auto [lambda, margin] = detail::beating_mixture(v, target, rivals);
    const int m = int(rivals.size());
    for (int b = 0; b < m; ++b)
        if (lambda[b] > 1e-12) w.beaten_by_mixture.emplace_back(r.option_ids[rivals[std::size_t(b)]], lambda[b]);
    w.mixture_margin = margin;
    return w;
}

/// Appraises the model (options.group, or the consensus) and runs what_if. Unknown group:
/// adva.what_if.unknown_group.
inline what_if_result what_if(const appraisal& model, std::string_view option_id, weight_distance norm = weight_distance::l1,
                              const appraise_options& options = {}) {
    if (!options.group.empty() && !model.group_index(options.group))
        throw invalid_input("adva.what_if.unknown_group", "group",
                            "the weights must come from a declared stakeholder group (" + known_ids_text(options.group, ids_of(model.groups)) + ")",
                            "\"" + options.group + "\"");
    return what_if(model, appraise(model, options), option_id, norm);
}

}  // namespace adva
