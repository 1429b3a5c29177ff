#pragma once
// SMAA-2 on a model (docs/robustness.md): the short list's leaf values (0–100) as the value matrix,
// no weight information beyond the tree (uniform local weights under every parent: the engine's
// per_parent sampler), and uncertain scores mapped through each leaf's value function:
//   range → uniform, triangular → triangular, PERT → PERT, normal → normal truncated to the 0–100
//   value scale, each on the value scale. For an affine map (direct, linear, exponential with
//   rho = 0, relative scales, piecewise-linear with two breakpoints) this is exact: the ends, the
//   mode and the mean map through, and a decreasing map swaps the ends. For a non-affine value
//   function, the parameters are mapped through it (the ends and the mode exactly; the normal's sd
//   by the slope at the mean) but the shape between them is the family's, not the image of the
//   score distribution: those cells are listed in `approximated_cells`.
// A distribution whose ends map to one value (a flat segment) becomes that exact value.
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/analysis/smaa.hpp"
#include "adva/analysis/values.hpp"
#include "adva/error.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

struct model_smaa_result {
    std::string weights_name = "per_parent_uniform";  ///< the model's own weights are not used
    std::vector<std::string> options;    ///< the short list, model order (rows)
    std::vector<std::string> criteria;   ///< leaves, model order (columns of central_weights)
    std::vector<std::string> approximated_cells;  ///< "option/leaf" with a non-affine value function
    smaa_problem problem;
    smaa_result smaa;
};

namespace detail {

/// The 0–100 value of a score on leaf `c` (relative scales at the ends lo, hi).
inline double leaf_value(const criterion& c, double x, double lo, double hi) {
    if (c.scale != scale_type::relative) return fixed_scale_value(c, x);
    if (!(hi > lo)) return 100.0;
    return 100.0 * (c.preference == direction::higher_is_better ? x - lo : hi - x) / (hi - lo);
}

inline bool affine_value_function(const criterion& c) {
    if (c.scale == scale_type::relative) return true;
    switch (c.value.kind) {
        case value_function_kind::direct:
        case value_function_kind::linear: return true;
        case value_function_kind::exponential: return c.value.rho == 0.0;
        case value_function_kind::piecewise_linear: return c.value.points.size() <= 2;
    }
    return false;
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
    std::vector<int> node_of(model.criteria.size(), -1), column_of(model.criteria.size(), -1);
    for (std::size_t l = 0; l < t.leaves.size(); ++l) column_of[t.leaves[l]] = int(l);
    for (std::size_t c : t.top_down) {
        node_of[c] = int(tree.parent.size());
        tree.parent.push_back(t.parent[c] >= 0 ? node_of[std::size_t(t.parent[c])] : -1);
        tree.column.push_back(column_of[c]);
    }
    p.weights = smaa_weight_model::per_parent(std::move(tree));

    bool any_uncertain = false;
    std::vector<uncertain_value> cells(std::size_t(a * n), uncertain_value::exact());
    for (Eigen::Index l = 0; l < n; ++l) {
        const std::size_t leaf = t.leaves[std::size_t(l)];
        const auto& crit = model.criteria[leaf];
        double lo = 0, hi = 0;
        if (crit.scale == scale_type::relative) std::tie(lo, hi) = detail::relative_ends(model, r, leaf, basis);
        const bool affine = detail::affine_value_function(crit);
        auto value = [&](double x) { return detail::leaf_value(crit, x, lo, hi); };
        for (Eigen::Index i = 0; i < a; ++i) {
            const auto& opt = model.options[rows[std::size_t(i)]];
            const auto it = opt.scores.find(crit.id);
            if (it == opt.scores.end() || it->second.kind == uncertainty::point) continue;
            const score& s = it->second;
            uncertain_value d;
            if (s.kind == uncertainty::normal) {
                const double h = 1e-6 * std::max(1.0, std::abs(s.value));
                const double slope = std::abs(value(s.value + h) - value(s.value - h)) / (2 * h);
                if (!(slope > 0)) continue;  // flat at the mean: exact
                d = uncertain_value::truncated_normal(value(s.value), s.sd * slope, 0.0, 100.0);
            } else {
                double vlo = value(s.low), vhi = value(s.high);
                const double mode = value(s.value);
                if (vlo > vhi) std::swap(vlo, vhi);
                if (!(vhi > vlo)) {
                    p.values(i, l) = vlo;
                    continue;
                }
                if (s.kind == uncertainty::range) d = uncertain_value::uniform(vlo, vhi);
                else if (s.kind == uncertainty::triangular) d = uncertain_value::triangular(vlo, mode, vhi);
                else d = uncertain_value::pert(vlo, mode, vhi);
            }
            cells[std::size_t(i * n + l)] = d;
            any_uncertain = true;
            if (!affine) out.approximated_cells.push_back(opt.id + "/" + crit.id);
        }
    }
    if (any_uncertain) p.uncertainty = std::move(cells);
    return out;
}

/// SMAA-2 of the model's short list (see the header comment), with its results labelled.
inline model_smaa_result model_smaa(const appraisal& model, const appraisal_result& r, const smaa_options& options,
                                    relative_basis basis = relative_basis::all_options) {
    auto out = model_smaa_problem(model, r, basis);
    if (out.options.empty())
        throw invalid_input("adva.smaa.empty_shortlist", "/options", "SMAA needs at least one short-listed option",
                            "every option was discounted");
    out.smaa = smaa(out.problem, options);
    return out;
}

/// Appraises the model (the consensus; screening decides the short list) and runs SMAA-2 on it.
inline model_smaa_result model_smaa(const appraisal& model, const smaa_options& options = {},
                                    const appraise_options& appraisal_options = {}) {
    return model_smaa(model, appraise(model, appraisal_options), options, appraisal_options.relative_scale_basis);
}

}  // namespace adva
