#pragma once
// Exact one-way weight sensitivity on the value tree, and score thresholds (docs/robustness.md).
//
// One-way sensitivity at node k (local weight w_k under parent p, global parent weight G_p; G_p = 1
// at the top level). When w_k moves to x in [0, 1] its siblings are rescaled proportionally
// (sibling_rescaling::proportional_siblings): w_j' = w_j (1 − x)/(1 − w_k), so siblings keep their
// ratios and still sum with x to 1. Every other weight of the tree is unchanged, so each option's
// total is linear in x:
//   T_i(x) = T_i(0) + (T_i(1) − T_i(0)) x,
//   T_i(1) = C_i + G_p V_ik,  T_i(0) = C_i + G_p (V_ip − w_k V_ik)/(1 − w_k),  C_i = T_i − G_p V_ip,
// with V the 0–100 node values. Crossovers, the winner's stability interval and the interval of an
// unchanged ranking are computed from these lines, never searched.
// Edge cases: w_k = 1 (its siblings weigh 0, so proportional rescaling is undefined): the siblings
// share 1 − x equally (`equal_share_fallback`); an only child cannot move (`movable` false);
// parallel lines never cross and identical lines are reported as `coincident` pairs.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/results.hpp"
#include "adva/analysis/values.hpp"
#include "adva/error.hpp"
#include "adva/known_ids.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

/// How siblings follow when one local weight moves. Only one convention is implemented; it is named
/// so that results say which one they used.
enum class sibling_rescaling {
    proportional_siblings,  ///< w_j' = w_j (1 − x)/(1 − w_k): siblings keep their ratios
};

inline constexpr std::string_view to_string(sibling_rescaling s) noexcept {
    switch (s) {
        case sibling_rescaling::proportional_siblings: return "proportional_siblings";
    }
    return "proportional_siblings";
}

/// An option's total (0–100) as a node's local weight sweeps [0, 1]: total(x) = at_zero + slope·x.
struct sensitivity_line {
    std::string option;
    double at_zero = 0.0;     ///< the node's weight at 0 (tornado end)
    double at_one = 0.0;      ///< the node's weight at 1 (tornado end)
    double at_current = 0.0;  ///< the appraisal's total
    double slope() const noexcept { return at_one - at_zero; }
    double at(double x) const noexcept { return at_zero + (at_one - at_zero) * x; }
};

/// Two options' totals are equal at local weight `weight` (in [0, 1]).
struct crossover {
    std::string a, b;          ///< in model order
    double weight = 0.0;
    double total = 0.0;        ///< their common total there
    bool involves_winner = false;
    /// Which of the two leads just above the crossing (b when the crossing is at 1: the one that led below).
    std::string leads_above;
};

/// A closed interval of a local weight.
struct weight_interval {
    double lower = 0.0, upper = 1.0;
    bool contains(double x, double tolerance = 0.0) const noexcept { return x >= lower - tolerance && x <= upper + tolerance; }
};

struct node_sensitivity {
    std::string node;
    std::string parent;              ///< empty at the top level
    double weight = 0.0;             ///< current local weight
    double parent_global_weight = 1.0;
    bool movable = true;             ///< false for an only child (its local weight is always 1)
    bool equal_share_fallback = false;  ///< w_k = 1: siblings share 1 − x equally
    std::vector<sensitivity_line> lines;       ///< the short list, in ranking order
    std::vector<crossover> crossovers;         ///< every crossing in [0, 1], by weight then model order
    std::vector<std::pair<std::string, std::string>> coincident;  ///< pairs tied for every weight
    /// The weights at which the winner is still (at least tied) first. Contains the current weight.
    weight_interval winner_stable;
    /// The weights at which no pair of options changes order (options tied now stay tied; at the
    /// ends of the interval two options tie). Contains the current weight.
    weight_interval ranking_stable;
};

/// Change of one option's value on one leaf that changes the winner.
struct score_threshold {
    std::string option, criterion;
    double value = 0.0;                  ///< current 0–100 value
    /// Change of the value (0–100 points) at which the option ties the winner (a rise) or, for the
    /// winner, ties the runner-up (a fall). nullopt: none within the scale (or the leaf weighs 0).
    std::optional<double> value_change;
    /// The score (measured level, or the direct score) that gives the changed value; for relative
    /// scales, at the current ends of the scale. nullopt when value_change is.
    std::optional<double> score_change;
    std::optional<double> required_score;
};

struct sensitivity_result {
    std::string weights_name;
    sibling_rescaling convention = sibling_rescaling::proportional_siblings;
    double tie_tolerance = 1e-9;
    std::vector<std::string> ranking;   ///< the short list, best first
    std::string winner;                 ///< first in the ranking ("" if the short list is empty)
    std::vector<std::string> tied_winners;  ///< options tied first with the winner (excluding it)
    std::vector<node_sensitivity> nodes;    ///< every node of the tree, model order
    std::vector<score_threshold> score_thresholds;  ///< the short list × leaves
};

namespace detail {

inline std::size_t option_position(const appraisal_result& r, const std::string& id) {
    for (std::size_t i = 0; i < r.option_ids.size(); ++i)
        if (r.option_ids[i] == id) return i;
    return r.option_ids.size();
}

/// Short-list indices (model rows) in ranking order; a hashed lookup per ranked option keeps this
/// linear for long short lists.
inline std::vector<std::size_t> ranked_rows(const appraisal_result& r) {
    std::unordered_map<std::string_view, std::size_t> row_of;
    row_of.reserve(r.option_ids.size());
    for (std::size_t i = 0; i < r.option_ids.size(); ++i) row_of.emplace(r.option_ids[i], i);  // the first of equal ids, as a scan
    std::vector<std::size_t> rows;
    rows.reserve(r.ranking.size());
    for (const auto& x : r.ranking) {
        const auto it = row_of.find(x.option);
        rows.push_back(it == row_of.end() ? r.option_ids.size() : it->second);
    }
    return rows;
}

/// {x : d0 + (d1 − d0) x ≥ −tol} ∩ [0, 1] narrowed into `iv`; d0, d1 the gap at x = 0 and x = 1.
inline void keep_nonnegative(weight_interval& iv, double d0, double d1, double tol) {
    const double slope = d1 - d0;
    if (std::abs(slope) <= tol) return;  // parallel: the sign at the current weight holds everywhere
    const double root = std::clamp(-d0 / slope, 0.0, 1.0);
    if (slope > 0) iv.lower = std::max(iv.lower, root);
    else iv.upper = std::min(iv.upper, root);
}

/// Inverse of a leaf's value function: the score that gives value v (0–100); nullopt if none.
inline std::optional<double> score_for_value(const criterion& c, double v, double relative_lo, double relative_hi) {
    const bool higher = c.preference == direction::higher_is_better;
    if (c.scale == scale_type::relative) {
        if (!(relative_hi > relative_lo)) return std::nullopt;
        const double z = v / 100.0;
        return higher ? relative_lo + z * (relative_hi - relative_lo) : relative_hi - z * (relative_hi - relative_lo);
    }
    const auto& f = c.value;
    switch (f.kind) {
        case value_function_kind::direct: return higher ? v : 100.0 - v;
        case value_function_kind::linear:
        case value_function_kind::exponential: {
            double z = v / 100.0;
            if (f.kind == value_function_kind::exponential && f.rho != 0.0)
                z = -std::log(1.0 - z * (1.0 - std::exp(-f.rho))) / f.rho;
            if (!higher) z = 1.0 - z;
            return f.lower + z * (f.upper - f.lower);
        }
        case value_function_kind::piecewise_linear: {
            const auto& p = f.points;
            for (std::size_t s = 1; s < p.size(); ++s) {
                const double v0 = p[s - 1].second, v1 = p[s].second;
                if ((v - v0) * (v - v1) > 0) continue;  // v not within this segment
                if (v0 == v1) return p[s - 1].first;
                return p[s - 1].first + (v - v0) / (v1 - v0) * (p[s].first - p[s - 1].first);
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

/// The ends of a relative scale under the appraisal's basis (central scores of the basis options).
inline std::pair<double, double> relative_ends(const appraisal& model, const appraisal_result& r, std::size_t leaf,
                                               relative_basis basis) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    const auto& id = model.criteria[leaf].id;
    for (std::size_t o = 0; o < model.options.size(); ++o) {
        if (basis == relative_basis::shortlist && !r.screening[o].shortlisted) continue;
        const auto it = model.options[o].scores.find(id);
        if (it == model.options[o].scores.end()) continue;
        lo = std::min(lo, it->second.central());
        hi = std::max(hi, it->second.central());
    }
    return {lo, hi};
}

}  // namespace detail

/// One-way sensitivity of the local weight of `node` (an index into model.criteria), on the
/// appraisal result `r` of `model`. The crossovers compare every pair of options (quadratic in the
/// short list): they are left empty with list_crossovers = false or beyond max_dominance_options
/// options, and the rest takes linear time.
inline node_sensitivity one_way_sensitivity(const appraisal& model, const appraisal_result& r, std::size_t node,
                                            bool list_crossovers = true) {
    const double tol = 1e-9;
    const auto& crit = model.criteria[node];
    node_sensitivity s;
    s.node = crit.id;
    s.parent = crit.parent;
    s.weight = r.weights.local[node];
    const auto parent = crit.parent.empty() ? std::nullopt : model.criterion_index(crit.parent);
    s.parent_global_weight = parent ? r.weights.global[*parent] : 1.0;
    const auto siblings = model.children_of(crit.parent);
    s.movable = siblings.size() > 1;
    s.equal_share_fallback = s.movable && s.weight >= 1.0 - 1e-12;

    const auto rows = detail::ranked_rows(r);
    for (std::size_t o : rows) {
        const Eigen::Index i = Eigen::Index(o);
        const double total = r.totals[i];
        // V_ip: the parent's value, or the total at the top level (the sum over top-level siblings).
        double parent_value = 0.0, others_mean = 0.0;
        for (std::size_t j : siblings) {
            parent_value += r.weights.local[j] * r.values(i, Eigen::Index(j));
            if (j != node) others_mean += r.values(i, Eigen::Index(j));
        }
        const double vk = r.values(i, Eigen::Index(node));
        const double outside = total - s.parent_global_weight * parent_value;  // C_i
        sensitivity_line line;
        line.option = r.option_ids[o];
        line.at_current = total;
        if (!s.movable) {
            line.at_zero = line.at_one = total;
        } else {
            const double rest = s.equal_share_fallback ? others_mean / double(siblings.size() - 1)
                                                       : (parent_value - s.weight * vk) / (1.0 - s.weight);
            line.at_zero = outside + s.parent_global_weight * rest;
            line.at_one = outside + s.parent_global_weight * vk;
        }
        s.lines.push_back(std::move(line));
    }

    const std::size_t n = rows.size();
    if (!s.movable) {
        s.winner_stable = s.ranking_stable = {s.weight, s.weight};
        return s;
    }
    // Crossovers: the gap d(x) = d0 + (d1 − d0) x of every pair vanishes in [0, 1] iff d0·d1 ≤ 0.
    // Pairs in model order, so crossovers at the same weight come out in a fixed order.
    std::vector<std::size_t> by_model(list_crossovers && n <= max_dominance_options ? n : 0);
    for (std::size_t k = 0; k < by_model.size(); ++k) by_model[k] = k;
    std::sort(by_model.begin(), by_model.end(), [&](std::size_t x, std::size_t y) { return rows[x] < rows[y]; });
    for (std::size_t pp = 0; pp < by_model.size(); ++pp)
        for (std::size_t qq = pp + 1; qq < by_model.size(); ++qq) {
            const std::size_t p = by_model[pp], q = by_model[qq];
            const auto& la = s.lines[p];
            const auto& lb = s.lines[q];
            const double d0 = la.at_zero - lb.at_zero, d1 = la.at_one - lb.at_one;
            const bool zero0 = std::abs(d0) <= tol, zero1 = std::abs(d1) <= tol;
            if (zero0 && zero1) {
                s.coincident.emplace_back(la.option, lb.option);
                continue;
            }
            double x;
            if (zero0) x = 0.0;
            else if (zero1) x = 1.0;
            else if ((d0 < 0) != (d1 < 0)) x = d0 / (d0 - d1);
            else continue;
            crossover c;
            c.a = la.option;
            c.b = lb.option;
            c.weight = x;
            c.total = 0.5 * (la.at(x) + lb.at(x));
            c.involves_winner = p == 0 || q == 0;
            // The sign of the slope of the gap says who leads above x (at x = 1, who led below).
            c.leads_above = (d1 - d0 > 0) == (x < 1.0) ? c.a : c.b;
            s.crossovers.push_back(std::move(c));
        }
    std::stable_sort(s.crossovers.begin(), s.crossovers.end(),
                     [](const crossover& x, const crossover& y) { return x.weight < y.weight; });

    // Stability intervals: intersections of half-lines, each containing the current weight.
    s.winner_stable = {0.0, 1.0};
    s.ranking_stable = {0.0, 1.0};
    for (std::size_t q = 1; q < n; ++q)
        detail::keep_nonnegative(s.winner_stable, s.lines[0].at_zero - s.lines[q].at_zero,
                                 s.lines[0].at_one - s.lines[q].at_one, tol);
    for (std::size_t q = 1; q < n; ++q) {
        const auto& hi = s.lines[q - 1];
        const auto& lo = s.lines[q];
        const double d0 = hi.at_zero - lo.at_zero, d1 = hi.at_one - lo.at_one;
        if (std::abs(hi.at_current - lo.at_current) <= tol) {
            // Tied now: the ranking stays as it is only while they stay tied.
            if (std::abs(d1 - d0) > tol) s.ranking_stable = {s.weight, s.weight};
            continue;
        }
        detail::keep_nonnegative(s.ranking_stable, d0, d1, tol);
    }
    // Adjacent pairs suffice for a total order: if neighbours keep their order, so does every pair.
    return s;
}


/// One-way sensitivity of the node with id `node_id`; adva.sensitivity.unknown_node if none.
inline node_sensitivity one_way_sensitivity(const appraisal& model, const appraisal_result& r, std::string_view node_id) {
    const auto c = model.criterion_index(node_id);
    if (!c)
        throw invalid_input("adva.sensitivity.unknown_node", "node",
                            "the node must be a criterion of the value tree (" + known_ids_text(node_id, ids_of(model.criteria)) + ")",
                            "\"" + std::string(node_id) + "\"");
    return one_way_sensitivity(model, r, *c);
}

/// Score thresholds of every shortlisted option on every leaf (see score_threshold).
inline std::vector<score_threshold> score_thresholds(const appraisal& model, const appraisal_result& r,
                                                     relative_basis basis = relative_basis::all_options) {
    std::vector<score_threshold> out;
    const auto rows = detail::ranked_rows(r);
    if (rows.size() < 2) return out;
    const double winner_total = r.totals[Eigen::Index(rows[0])];
    const double runner_up_total = r.totals[Eigen::Index(rows[1])];
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::size_t o = rows[k];
        for (std::size_t leaf : r.leaf_indices) {
            const auto& crit = model.criteria[leaf];
            score_threshold t;
            t.option = r.option_ids[o];
            t.criterion = crit.id;
            t.value = r.values(Eigen::Index(o), Eigen::Index(leaf));
            const double g = r.weights.global[leaf];
            if (g > 0) {
                // The winner must fall to the runner-up; any other option must rise to the winner.
                const double change = k == 0 ? -(winner_total - runner_up_total) / g : (winner_total - r.totals[Eigen::Index(o)]) / g;
                const double target = t.value + change;
                if (target >= -1e-9 && target <= 100.0 + 1e-9) t.value_change = change;
            }
            if (t.value_change) {
                double lo = 0, hi = 0;
                if (crit.scale == scale_type::relative) std::tie(lo, hi) = detail::relative_ends(model, r, leaf, basis);
                const auto now = detail::score_for_value(crit, t.value, lo, hi);
                const auto then = detail::score_for_value(crit, std::clamp(t.value + *t.value_change, 0.0, 100.0), lo, hi);
                if (now && then) {
                    t.required_score = *then;
                    t.score_change = *then - *now;
                }
            }
            out.push_back(std::move(t));
        }
    }
    return out;
}

/// Sensitivity of every node of the tree and the score thresholds, on an appraisal result.
inline sensitivity_result sensitivity(const appraisal& model, const appraisal_result& r,
                                      relative_basis basis = relative_basis::all_options) {
    sensitivity_result s;
    s.weights_name = r.weights_name;
    for (const auto& x : r.ranking) s.ranking.push_back(x.option);
    if (!r.ranking.empty()) {
        s.winner = r.ranking.front().option;
        for (std::size_t k = 1; k < r.ranking.size() && r.ranking[k].rank == 1; ++k) s.tied_winners.push_back(r.ranking[k].option);
    }
    for (std::size_t c = 0; c < model.criteria.size(); ++c) s.nodes.push_back(one_way_sensitivity(model, r, c));
    s.score_thresholds = score_thresholds(model, r, basis);
    return s;
}

/// Appraises the model (options.group: a stakeholder group, or "" for the consensus) and returns
/// its sensitivity. Unknown group: adva.sensitivity.unknown_group.
inline sensitivity_result sensitivity(const appraisal& model, const appraise_options& options = {}) {
    if (!options.group.empty() && !model.group_index(options.group))
        throw invalid_input("adva.sensitivity.unknown_group", "group",
                            "the weights must come from a declared stakeholder group (" + known_ids_text(options.group, ids_of(model.groups)) + ")",
                            "\"" + options.group + "\"");
    const auto r = appraise(model, options);
    auto s = sensitivity(model, r, options.relative_scale_basis);
    s.tie_tolerance = options.tie_tolerance;
    return s;
}

}  // namespace adva
