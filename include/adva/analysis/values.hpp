#pragma once
// 0–100 values at every node of the value tree (docs/model-format.md, "Conventions that change
// numbers"): leaf values from scores (the central value of uncertain scores) through the value
// function or the relative scale; interior value = Σ local weight × child value; total = the
// top-level weighted sum.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <optional>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/model/appraisal.hpp"

namespace adva {

namespace detail {

/// Criterion index by id (the ids of a validated model are unique): views into model.criteria,
/// sorted once — one allocation and O(log n) lookups, cheap for a small tree and for 10⁴ nodes.
class criterion_ids {
public:
    explicit criterion_ids(const appraisal& model) {
        sorted_.reserve(model.criteria.size());
        for (std::size_t c = 0; c < model.criteria.size(); ++c) sorted_.emplace_back(model.criteria[c].id, c);
        std::sort(sorted_.begin(), sorted_.end());
    }
    std::optional<std::size_t> find(std::string_view id) const {
        const auto it = std::lower_bound(sorted_.begin(), sorted_.end(), id,
                                         [](const auto& entry, std::string_view key) { return entry.first < key; });
        if (it == sorted_.end() || it->first != id) return std::nullopt;
        return it->second;
    }

private:
    std::vector<std::pair<std::string_view, std::size_t>> sorted_;
};

/// The tree as dense indices, built once per evaluation in O(nodes) (a hash lookup per parent).
struct tree_index {
    std::vector<std::ptrdiff_t> parent;   ///< -1 for a top-level node
    std::vector<bool> leaf;
    std::vector<std::size_t> top_down;    ///< parents before children
    std::vector<std::size_t> leaves;      ///< leaf positions in model order
    std::vector<std::size_t> top_level;
    std::vector<std::vector<std::size_t>> children;  ///< per node, in model order
};

inline tree_index index_tree(const appraisal& model) {
    tree_index t;
    const std::size_t n = model.criteria.size();
    const criterion_ids ids(model);
    t.parent.assign(n, -1);
    t.leaf.assign(n, true);
    t.children.resize(n);
    for (std::size_t c = 0; c < n; ++c) {
        const auto& p = model.criteria[c].parent;
        if (p.empty()) {
            t.top_level.push_back(c);
            continue;
        }
        const auto pi = ids.find(p);
        if (!pi) continue;  // validate() rejects unknown parents before we get here
        t.parent[c] = static_cast<std::ptrdiff_t>(*pi);
        t.leaf[*pi] = false;
        t.children[*pi].push_back(c);
    }
    for (std::size_t c = 0; c < n; ++c)
        if (t.leaf[c]) t.leaves.push_back(c);
    t.top_down = t.top_level;
    for (std::size_t k = 0; k < t.top_down.size(); ++k)
        for (std::size_t child : t.children[t.top_down[k]]) t.top_down.push_back(child);
    return t;
}

}  // namespace detail

/// The 0–100 value of a measured level (or direct score) on a fixed-scale leaf.
inline double fixed_scale_value(const criterion& c, double x) {
    if (std::isnan(x)) return x;  // unscored
    const auto& f = c.value;
    const bool higher = c.preference == direction::higher_is_better;
    switch (f.kind) {
        case value_function_kind::direct: return higher ? x : 100.0 - x;
        case value_function_kind::linear: {
            const double z = (x - f.lower) / (f.upper - f.lower);
            return 100.0 * (higher ? z : 1.0 - z);
        }
        case value_function_kind::exponential: {
            double z = (x - f.lower) / (f.upper - f.lower);
            if (!higher) z = 1.0 - z;
            if (f.rho == 0.0) return 100.0 * z;
            return 100.0 * (1.0 - std::exp(-f.rho * z)) / (1.0 - std::exp(-f.rho));
        }
        case value_function_kind::piecewise_linear: {
            const auto& p = f.points;
            if (p.empty()) return std::numeric_limits<double>::quiet_NaN();
            // The breakpoints say which end is preferred; outside them the end value holds
            // (validate() keeps levels inside the breakpoints' domain).
            if (x <= p.front().first) return p.front().second;
            if (x >= p.back().first) return p.back().second;
            const auto hi = std::upper_bound(p.begin(), p.end(), x,
                                             [](double v, const std::pair<double, double>& b) { return v < b.first; });
            const auto lo = hi - 1;
            const double t = (x - lo->first) / (hi->first - lo->first);
            return lo->second + t * (hi->second - lo->second);
        }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

namespace detail {

/// options × leaves matrix of central scores (NaN where unscored).
inline Eigen::MatrixXd central_scores(const appraisal& model, const tree_index& t) {
    std::unordered_map<std::string_view, Eigen::Index> leaf_position;
    for (std::size_t l = 0; l < t.leaves.size(); ++l) leaf_position.emplace(model.criteria[t.leaves[l]].id, Eigen::Index(l));
    Eigen::MatrixXd s = Eigen::MatrixXd::Constant(Eigen::Index(model.options.size()), Eigen::Index(t.leaves.size()),
                                                  std::numeric_limits<double>::quiet_NaN());
    for (std::size_t o = 0; o < model.options.size(); ++o)
        for (const auto& [leaf, sc] : model.options[o].scores) {
            const auto it = leaf_position.find(leaf);
            if (it != leaf_position.end()) s(Eigen::Index(o), it->second) = sc.central();
        }
    return s;
}

/// The 0–100 values of the leaf `crit` from central scores `scores` (one per option, NaN where
/// unscored) into `out`: its value function on a fixed scale; on a relative scale best = 100 and
/// worst = 0 among the options o with `relative_basis_members[o]` (no spread, or no basis scores:
/// 100).
inline void leaf_values(const criterion& crit, const Eigen::Ref<const Eigen::VectorXd>& scores,
                        const std::vector<bool>& relative_basis_members, Eigen::Ref<Eigen::VectorXd> out) {
    const Eigen::Index m = scores.size();
    if (crit.scale == scale_type::relative) {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (Eigen::Index o = 0; o < m; ++o)
            if (relative_basis_members[std::size_t(o)] && !std::isnan(scores[o])) {
                lo = std::min(lo, scores[o]);
                hi = std::max(hi, scores[o]);
            }
        const bool higher = crit.preference == direction::higher_is_better;
        for (Eigen::Index o = 0; o < m; ++o) {
            if (std::isnan(scores[o])) out[o] = scores[o];
            else if (!(hi > lo)) out[o] = 100.0;  // no spread (or no basis scores)
            else out[o] = 100.0 * (higher ? (scores[o] - lo) : (hi - scores[o])) / (hi - lo);
        }
    } else {
        for (Eigen::Index o = 0; o < m; ++o) out[o] = fixed_scale_value(crit, scores[o]);
    }
}

}  // namespace detail

/// options × nodes: the 0–100 value of every option at every node. `local` are the local weights
/// (siblings sum to 1); `relative_basis_members[o]` says whether option o defines the ends of
/// relative scales (best = 100, worst = 0; all equal → 100). Unscored leaves give NaN, which
/// propagates to the nodes above them.
inline Eigen::MatrixXd node_values(const appraisal& model, const std::vector<double>& local,
                                   const std::vector<bool>& relative_basis_members) {
    const auto t = detail::index_tree(model);
    const auto scores = detail::central_scores(model, t);
    const Eigen::Index m = Eigen::Index(model.options.size());
    Eigen::MatrixXd v = Eigen::MatrixXd::Zero(m, Eigen::Index(model.criteria.size()));

    for (std::size_t l = 0; l < t.leaves.size(); ++l)
        detail::leaf_values(model.criteria[t.leaves[l]], scores.col(Eigen::Index(l)), relative_basis_members,
                            v.col(Eigen::Index(t.leaves[l])));
    // Bottom-up: each node adds its weighted value into its parent.
    for (auto it = t.top_down.rbegin(); it != t.top_down.rend(); ++it)
        if (t.parent[*it] >= 0)
            v.col(t.parent[*it]) += local[*it] * v.col(Eigen::Index(*it));
    return v;
}

/// Weighted totals (0–100): the top-level weighted sum of node values.
inline Eigen::VectorXd weighted_totals(const appraisal& model, const Eigen::MatrixXd& values,
                                       const std::vector<double>& local) {
    Eigen::VectorXd totals = Eigen::VectorXd::Zero(values.rows());
    for (std::size_t c = 0; c < model.criteria.size(); ++c)
        if (model.criteria[c].parent.empty()) totals += local[c] * values.col(Eigen::Index(c));
    return totals;
}

}  // namespace adva
