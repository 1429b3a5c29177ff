#pragma once
// A scenario's weight changes applied to local weights, shared by the batch runner's fast and full
// paths (scenario/prepared_base.hpp). Not API.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "adva/analysis/screening.hpp"
#include "adva/analysis/values.hpp"
#include "adva/error.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/scenario/generators.hpp"
#include "adva/scenario/scenario.hpp"

namespace adva {

// ----------------------------------------------------------------------------------------------
// Weight changes (shared by both paths)

namespace detail {

/// Applies weight changes to local weights in place (see scenario.hpp). `tree` from index_tree();
/// `where` names the scenario in errors.
inline void apply_weight_changes(const appraisal& model, const tree_index& tree, std::vector<double>& local,
                                 const std::vector<weight_change>& changes, const std::string& where) {
    for (const auto& ch : changes) {
        const std::size_t k = ch.node;
        const double w = local[k];
        const double x = w * (1.0 + ch.percent / 100.0);
        // The node's siblings and itself, in model order (the order the sums below are taken in).
        const auto& family = tree.parent[k] < 0 ? tree.top_level : tree.children[std::size_t(tree.parent[k])];
        const std::size_t siblings = family.size() - 1;
        double others = 0.0;
        for (std::size_t j : family)
            if (j != k) others += local[j];
        if (siblings == 0)
            throw invalid_input("adva.scenario.immovable_node", where,
                                "an only child's local weight is always 1 and cannot change", "\"" + model.criteria[k].id + "\"");
        if (!(x <= 1.0 + 1e-12) || x < 0.0)
            throw invalid_input("adva.scenario.weight_out_of_range", where,
                                "the changed local weight of \"" + model.criteria[k].id + "\" must stay within [0, 1]",
                                short_number(w) + " " + signed_number(ch.percent, true) + "% = " + short_number(x));
        const double target = std::min(x, 1.0);
        for (std::size_t j : family) {
            if (j == k) continue;
            // Proportional rescaling; when the siblings weigh nothing they share 1 − x equally
            // (the equal_share_fallback of one-way sensitivity).
            local[j] = others > 0.0 ? local[j] * (1.0 - target) / others : (1.0 - target) / double(siblings);
        }
        local[k] = target;
    }
}

}  // namespace detail

}  // namespace adva
