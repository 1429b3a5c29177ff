#pragma once
// The cost tornado: for each option, how its net present cost (NPC) moves as each cost line runs
// over its range, one line at a time, and whether that move reaches the option's switching values,
// so that the cost uncertainty could change the value-for-money comparison. A line's range is its
// own (cost_line::range, shares of its estimate, under the cost basis's uplift) or else its
// optimism-bias category's (the Green Book's lower to upper bound, in place of the uplift).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "adva/analysis/economics.hpp"
#include "adva/analysis/switching_values.hpp"

namespace adva {

/// Where a tornado bar's range comes from.
enum class cost_range_source {
    line,                  ///< the line's own range
    optimism_bias_bounds,  ///< its optimism-bias category's lower and upper bound
};

inline const char* to_string(cost_range_source s) noexcept {
    return s == cost_range_source::line ? "line" : "optimism_bias_bounds";
}

/// One cost line of an option over its range, the other lines as they are.
struct cost_tornado_bar {
    std::string line;            ///< the line's id ("costs/K" without one)
    std::string name;
    std::string optimism_bias;   ///< the line's category (empty: none)
    cost_range_source range = cost_range_source::optimism_bias_bounds;
    /// The range's ends, as shares added to the line's estimate before optimism bias: the
    /// category's lower and upper bound, or the line's own low and high.
    double low = 0.0, high = 0.0;
    double npc_low = 0.0;        ///< the option's NPC with this line at `low`
    double npc_high = 0.0;       ///< and at `high`
    double swing() const noexcept { return npc_high - npc_low; }
    /// The rise to npc_high reaches the option's nearest switching value upward (the incremental
    /// ranking changes within the range), or the fall to npc_low reaches the downward one.
    bool reaches_switch_up = false, reaches_switch_down = false;
};

/// The tornado of one option: its NPC on the model's cost basis and one bar per cost line with a
/// range of its own or an optimism-bias category, widest first.
struct option_cost_tornado {
    std::string option;
    double npc = 0.0;
    bool short_listed = false;     ///< in the value-for-money comparison (else no switching values)
    cost_switch switch_up, switch_down;   ///< the option's ranking switching values, when short-listed
    std::vector<cost_tornado_bar> bars;
};

/// The cost tornado of every option with costs (model order). `switching` holds the switching values
/// of the short list (switching_values()); options not in it have bars but no switches. A line with
/// its own range runs from (1 + low) to (1 + high) times its estimate, uplifted as the cost basis
/// says; a line with only a category runs over the category's [lower, upper] uplift in place of its
/// own. The NPC of the other lines stays on the model's cost basis.
inline std::vector<option_cost_tornado> cost_tornado(const appraisal& model, const economic_case& ec,
                                                     const std::vector<option_switching_values>& switching) {
    const bool with_bias = ec.basis == cost_basis::with_optimism_bias;
    std::vector<option_cost_tornado> out;
    for (const auto& e : ec.options) {
        if (!e.has_costs()) continue;
        option_cost_tornado t;
        t.option = e.option;
        t.npc = e.npc;
        const auto s = std::find_if(switching.begin(), switching.end(), [&](const option_switching_values& v) { return v.option == e.option; });
        if (s != switching.end()) {
            t.short_listed = true;
            t.switch_up = s->ranking_up;
            t.switch_down = s->ranking_down;
        }
        for (const auto& f : e.costs) {
            cost_tornado_bar b;
            double uplift = 1.0;  // applied to the line at either end
            if (f.range.size() == 2) {
                b.range = cost_range_source::line;
                b.low = f.range[0];
                b.high = f.range[1];
                if (with_bias) uplift = 1.0 + f.uplift;
            } else if (const auto* u = f.optimism_bias.empty() ? nullptr : model.economics.find_uplift(f.optimism_bias)) {
                b.low = u->lower;
                b.high = u->upper;
            } else {
                continue;  // no range to run over
            }
            b.line = f.id;
            b.name = f.name;
            b.optimism_bias = f.optimism_bias;
            const double others = e.npc - (with_bias ? f.present_after : f.present_before);
            b.npc_low = others + f.present_before * (1.0 + b.low) * uplift;
            b.npc_high = others + f.present_before * (1.0 + b.high) * uplift;
            const double up = std::max(b.npc_low, b.npc_high) - e.npc, down = std::min(b.npc_low, b.npc_high) - e.npc;
            b.reaches_switch_up = t.switch_up.exists() && up > 0.0 && up >= t.switch_up.change;
            b.reaches_switch_down = t.switch_down.exists() && down < 0.0 && down <= t.switch_down.change;
            t.bars.push_back(std::move(b));
        }
        std::stable_sort(t.bars.begin(), t.bars.end(),
                         [](const cost_tornado_bar& a, const cost_tornado_bar& b) { return std::fabs(a.swing()) > std::fabs(b.swing()); });
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace adva
