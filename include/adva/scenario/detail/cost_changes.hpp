#pragma once
// A scenario's cost and optimism-bias changes applied to an option, shared by the batch runner's
// fast and full paths (scenario/prepared_base.hpp). Not API.
#include <cstddef>

#include "adva/model/options.hpp"
#include "adva/scenario/scenario.hpp"

namespace adva::detail {

/// Whether any cost or optimism-bias change of `s` concerns option `o`.
inline bool changes_costs_of(const scenario& s, std::size_t o) noexcept {
    for (const auto& c : s.costs)
        if (c.option == o) return true;
    for (const auto& b : s.optimism_bias)
        if (b.option == optimism_bias_change::all_options || b.option == o) return true;
    return false;
}

/// Applies the changes of `s` that concern option `o` to `opt` (a copy of the model's option o), in
/// the scenario's order: cost lines scaled (amount and profile, before optimism bias), then
/// mitigation shares set. A mitigation set here carries no reason: it is a what-if, not a record.
inline void apply_cost_changes(const scenario& s, std::size_t o, option& opt) {
    for (const auto& c : s.costs) {
        if (c.option != o) continue;
        const double factor = 1.0 + c.percent / 100.0;
        for (std::size_t k = 0; k < opt.costs.size(); ++k) {
            if (c.line != cost_change::all_lines && c.line != k) continue;
            cost_line& line = opt.costs[k];
            line.amount *= factor;
            for (double& x : line.profile) x *= factor;
        }
    }
    for (const auto& b : s.optimism_bias) {
        if (b.option != optimism_bias_change::all_options && b.option != o) continue;
        for (auto& line : opt.costs)
            if (!line.optimism_bias.empty() && (b.category.empty() || line.optimism_bias == b.category))
                line.mitigation = b.mitigation;
    }
}

}  // namespace adva::detail
