#pragma once
// SMAA-2 on a model (docs/robustness.md): the short list's leaf values (0–100) as the value matrix,
// no weight information beyond the tree (uniform local weights under every parent: the engine's
// per_parent sampler), and uncertain scores sampled on the measured scale and mapped through the
// leaf's value function exactly (the engine's per-cell value_transform):
//   range → uniform, triangular → triangular, PERT → PERT on [low, high]; normal → normal truncated
//   to the value function's domain (direct [0, 100], linear and exponential [lower, upper],
//   piecewise-linear the breakpoints' span, relative scales the ends, i.e. values 0–100);
// each sampled score x then has the value v(x) the appraisal would give it.
// A degenerate distribution (low = high, sd = 0) is the exact value.
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/analysis/smaa.hpp"
#include "adva/analysis/trajectory.hpp"
#include "adva/analysis/values.hpp"
#include "adva/error.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

/// A parent whose local weights a group's answers bound (model_smaa_elicited): uniform on the
/// polytope of local weights those answers allow, by hit-and-run.
struct elicited_parent {
    std::string parent;                 ///< criterion id; "" for the top level
    std::vector<std::string> children;  ///< criterion ids, the order of the polytope's weights
    std::string source;                 ///< which answers, by which method, and the rule that read them
    Eigen::Index dimension = 0;         ///< of the polytope (0: the answers fix the weights)
    std::uint64_t burn_in = 0, thinning = 1, chain_length = 1;
};

struct model_smaa_result {
    /// "per_parent_uniform": the model's own weights are not used; "elicited": a group's answers
    /// bound the local weights of the parents in `elicited` (the rest stay uniform).
    std::string weights_name = "per_parent_uniform";
    std::string weights_group;             ///< elicited: whose answers
    std::vector<elicited_parent> elicited;
    std::vector<std::string> options;    ///< the short list, model order (rows)
    std::vector<std::string> criteria;   ///< leaves, model order (columns of central_weights)
    smaa_problem problem;
    smaa_result smaa;
};

namespace detail {

/// The weight tree's node of each criterion (its place in the top-down order), which is how
/// model_smaa_problem() numbers the nodes of its weight tree.
inline std::vector<int> weight_tree_nodes(const tree_index& t) {
    std::vector<int> node_of(t.parent.size(), -1);
    for (std::size_t k = 0; k < t.top_down.size(); ++k) node_of[t.top_down[k]] = static_cast<int>(k);
    return node_of;
}

/// The leaf's value function as an engine transform (relative scales with ends lo < hi), and the
/// interval of measured levels it values (where a normal score is truncated).
struct leaf_transform {
    value_transform transform;
    double domain_lower = 0.0, domain_upper = 100.0;
};

inline leaf_transform leaf_value_transform(const criterion& c, double lo, double hi) {
    const bool higher = c.preference == direction::higher_is_better;
    if (c.scale == scale_type::relative)
        return {higher ? value_transform::linear(lo, hi) : value_transform::linear(hi, lo), lo, hi};
    const auto& f = c.value;
    switch (f.kind) {
        case value_function_kind::direct:
            return {higher ? value_transform::identity() : value_transform::linear(100.0, 0.0), 0.0, 100.0};
        case value_function_kind::linear:
            return {higher ? value_transform::linear(f.lower, f.upper) : value_transform::linear(f.upper, f.lower), f.lower, f.upper};
        case value_function_kind::exponential:
            return {higher ? value_transform::exponential(f.lower, f.upper, f.rho) : value_transform::exponential(f.upper, f.lower, f.rho),
                    f.lower, f.upper};
        case value_function_kind::piecewise_linear:
            return {value_transform::piecewise_linear(f.points), f.points.front().first, f.points.back().first};
    }
    return {};
}

/// A trajectory-derived leaf of the SMAA problem: its column, its measure (position in
/// trajectory_measure_ids) and its value function.
struct derived_leaf {
    Eigen::Index column;
    std::size_t measure;
    value_transform transform;
};

/// The joint cells of trajectory-derived leaves (nullopt when no option's route is uncertain: the
/// derived scores are then exact). In sample i each option's measures come from one trajectory
/// drawn for it (Philox counters of the SMAA seed, stream "trj1" for the acceptabilities and "trj2"
/// for the confidence factors), shared by all its derived leaves; a probability measure is 1 when
/// that trajectory meets it, else 0 (docs/trajectories.md, "Measures as criteria").
inline std::optional<joint_values> trajectory_joint_values(const improvement_settings& s, const std::vector<std::string>& options,
                                                           std::vector<derived_leaf> leaves, Eigen::Index columns) {
    struct state {
        improvement_settings settings;  // the samplers point into it: it never moves
        std::vector<route_sampler> samplers;
        std::vector<derived_leaf> leaves;
        double threshold = 0.0, rho = 0.0;
    };
    auto st = std::make_shared<state>();
    st->settings = s;
    st->leaves = std::move(leaves);
    bool uncertain = false;
    for (const auto& id : options) {
        st->samplers.emplace_back(st->settings, id, std::numeric_limits<std::uint64_t>::max());
        uncertain = uncertain || st->samplers.back().uncertain();
    }
    if (!uncertain) return std::nullopt;
    st->threshold = st->settings.scale.grades[*target_grade_index(st->settings)].from;
    st->rho = std::log1p(st->settings.discount_rate);
    joint_values joint;
    const Eigen::Index per_option = Eigen::Index(st->leaves.size());
    for (Eigen::Index i = 0; i < Eigen::Index(options.size()); ++i)
        for (const derived_leaf& d : st->leaves) joint.cells.push_back(i * columns + d.column);
    joint.fill = [st, per_option](std::uint64_t seed, std::uint64_t first, Eigen::Index n, int pass, Eigen::MatrixXd& out) {
        const auto key = route_sampler::key(seed);
        const std::uint32_t stream = pass == 1 ? trajectory_stream : trajectory_stream + 1;
        for (std::size_t i = 0; i < st->samplers.size(); ++i)
            for (Eigen::Index b = 0; b < n; ++b) {
                const trajectory_path path(st->settings.scale, st->settings.plan, st->samplers[i].at(first + std::uint64_t(b), stream, key));
                const auto values = path_measures(path, st->settings, st->threshold, st->rho);
                for (Eigen::Index d = 0; d < per_option; ++d) {
                    const derived_leaf& leaf = st->leaves[std::size_t(d)];
                    out(b, Eigen::Index(i) * per_option + d) = apply(leaf.transform, values[leaf.measure]);
                }
            }
    };
    return joint;
}

}  // namespace detail

/// The SMAA problem of a model's appraisal result `r` (see the header comment).
inline model_smaa_result model_smaa_problem(const appraisal& model, const appraisal_result& r,
                                            relative_basis basis = relative_basis::all_options) {
    model_smaa_result out;
    const auto t = detail::index_tree(model);
    std::vector<std::size_t> rows;
    for (std::size_t o = 0; o < r.option_ids.size(); ++o)
        if (r.screening[o].shortlisted) {
            rows.push_back(o);
            out.options.push_back(r.option_ids[o]);
        }
    const Eigen::Index a = Eigen::Index(rows.size()), n = Eigen::Index(t.leaves.size());
    auto& p = out.problem;
    p.values.resize(a, n);
    for (Eigen::Index l = 0; l < n; ++l) {
        out.criteria.push_back(model.criteria[t.leaves[std::size_t(l)]].id);
        for (Eigen::Index i = 0; i < a; ++i) p.values(i, l) = r.values(Eigen::Index(rows[std::size_t(i)]), Eigen::Index(t.leaves[std::size_t(l)]));
    }

    // The weight tree: the criteria top-down, leaves pointing at their value-matrix column.
    weight_tree tree;
    const std::vector<int> node_of = detail::weight_tree_nodes(t);
    std::vector<int> column_of(model.criteria.size(), -1);
    for (std::size_t l = 0; l < t.leaves.size(); ++l) column_of[t.leaves[l]] = int(l);
    for (std::size_t c : t.top_down) {
        tree.parent.push_back(t.parent[c] >= 0 ? node_of[std::size_t(t.parent[c])] : -1);
        tree.column.push_back(column_of[c]);
    }
    p.weights = smaa_weight_model::per_parent(std::move(tree));

    bool any_uncertain = false;
    std::vector<uncertain_value> cells(std::size_t(a * n), uncertain_value::exact());
    std::vector<detail::derived_leaf> derived;
    for (Eigen::Index l = 0; l < n; ++l) {
        const std::size_t leaf = t.leaves[std::size_t(l)];
        const auto& crit = model.criteria[leaf];
        double lo = 0, hi = 0;
        if (crit.scale == scale_type::relative) std::tie(lo, hi) = detail::relative_ends(model, r, leaf, basis);
        // A relative scale whose ends coincide gives every option 100: nothing is uncertain.
        if (crit.scale == scale_type::relative && !(hi > lo)) continue;
        // So does a piecewise-linear function with one breakpoint.
        if (crit.scale != scale_type::relative && crit.value.kind == value_function_kind::piecewise_linear && crit.value.points.size() < 2)
            continue;
        const detail::leaf_transform lt = detail::leaf_value_transform(crit, lo, hi);
        if (!crit.trajectory_measure.empty()) {  // drawn jointly below
            derived.push_back({l, trajectory_measure_index(crit.trajectory_measure), lt.transform});
            continue;
        }
        for (Eigen::Index i = 0; i < a; ++i) {
            const auto& opt = model.options[rows[std::size_t(i)]];
            const auto it = opt.scores.find(crit.id);
            if (it == opt.scores.end() || it->second.kind == uncertainty::point) continue;
            const score& s = it->second;
            uncertain_value d;
            if (s.kind == uncertainty::normal) {
                if (!(s.sd > 0)) continue;  // degenerate: the exact value
                d = uncertain_value::truncated_normal(s.value, s.sd, lt.domain_lower, lt.domain_upper);
            } else {
                if (!(s.high > s.low)) continue;
                if (s.kind == uncertainty::range) d = uncertain_value::uniform(s.low, s.high);
                else if (s.kind == uncertainty::triangular) d = uncertain_value::triangular(s.low, s.value, s.high);
                else d = uncertain_value::pert(s.low, s.value, s.high);
            }
            cells[std::size_t(i * n + l)] = d.through(lt.transform);
            any_uncertain = true;
        }
    }
    if (any_uncertain) p.uncertainty = std::move(cells);
    if (!derived.empty() && model.improvement) p.joint = detail::trajectory_joint_values(*model.improvement, out.options, std::move(derived), n);
    return out;
}

/// Runs SMAA-2 on a problem model_smaa_problem() built (fills p.smaa).
inline void run_model_smaa(model_smaa_result& p, const smaa_options& options) {
    if (p.options.empty())
        throw invalid_input("adva.smaa.empty_shortlist", "/options", "SMAA needs at least one short-listed option",
                            "every option was discounted");
    p.smaa = smaa(p.problem, options);
}

/// SMAA-2 of the model's short list (see the header comment), with its results labelled.
inline model_smaa_result model_smaa(const appraisal& model, const appraisal_result& r, const smaa_options& options,
                                    relative_basis basis = relative_basis::all_options) {
    auto out = model_smaa_problem(model, r, basis);
    run_model_smaa(out, options);
    return out;
}

/// Appraises the model (the consensus; screening decides the short list) and runs SMAA-2 on it.
inline model_smaa_result model_smaa(const appraisal& model, const smaa_options& options = {},
                                    const appraise_options& appraisal_options = {}) {
    return model_smaa(model, appraise(model, appraisal_options), options, appraisal_options.relative_scale_basis);
}

}  // namespace adva
