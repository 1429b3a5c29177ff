#pragma once
// Switching values of the value-for-money comparison: for each option, how far its net present cost
// (NPC) can move, all else fixed, before the comparison changes. Computed exactly: the efficiency
// frontier depends on one option's NPC only through its order against the other options' NPCs, so
// it is piecewise constant and changes only where that NPC meets another option's.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "adva/analysis/results.hpp"
#include "adva/error.hpp"

namespace adva {

/// A change of one option's NPC at which the comparison changes, and what changes there.
struct cost_switch {
    /// The change in £ (signed: + an increase, − a decrease) at which the change happens, at the
    /// value or just beyond it (ties of benefit change at it, strict dominance just beyond); ±inf
    /// when no change of that sign alters anything.
    double change = std::numeric_limits<double>::infinity();
    /// The change as a percentage of the option's NPC; NaN when the NPC is not above 0 or there is
    /// no switch.
    double percent = std::numeric_limits<double>::quiet_NaN();
    std::string affected;   ///< the option whose frontier membership flips there (this one or another)
    bool joins = false;     ///< it joins the frontier (else it leaves)

    bool exists() const noexcept { return std::isfinite(change); }
};

/// The switching values of one option of the value-for-money comparison.
struct option_switching_values {
    std::string option;
    double npv_cost = 0.0;
    double benefit = 0.0;
    bool on_frontier = false;
    /// The change at which this option itself leaves the frontier (an increase, when on it) or
    /// joins it (a decrease, when off it).
    cost_switch frontier;
    /// The nearest increase and decrease at which the incremental ranking (the frontier options in
    /// order of cost, each compared with the one before) changes: this option or another joins or
    /// leaves the frontier.
    cost_switch ranking_up, ranking_down;
};

/// The most options switching_values() compares: the computation compares every pair.
inline constexpr std::size_t max_switching_value_options = 20000;

namespace detail {

/// `k` dominates `j`: at least j's benefit for at most its cost, one of them strictly.
inline bool dominates(double benefit_k, double cost_k, double benefit_j, double cost_j) noexcept {
    return benefit_k >= benefit_j && cost_k <= cost_j && (benefit_k > benefit_j || cost_k < cost_j);
}

inline cost_switch make_switch(double change, double npv_cost, const std::string& affected, bool joins) {
    cost_switch s;
    s.change = change;
    s.percent = npv_cost > 0.0 ? 100.0 * change / npv_cost : std::numeric_limits<double>::quiet_NaN();
    s.affected = affected;
    s.joins = joins;
    return s;
}

/// Keeps the candidate nearer zero; on equal distance the first.
inline void keep_nearer(cost_switch& best, const cost_switch& candidate) {
    if (std::fabs(candidate.change) < std::fabs(best.change)) best = candidate;
}

}  // namespace detail

/// The switching values of every entry (in their order) of a value-for-money comparison (the
/// benefit and NPC of each, as appraise() reports them). Each option's NPC moves alone; the others
/// stay. O(m²) for m entries; adva.economics.too_many_options above max_switching_value_options.
inline std::vector<option_switching_values> switching_values(const std::vector<value_for_money_entry>& entries) {
    const std::size_t m = entries.size();
    if (m > max_switching_value_options)
        throw computation_error("adva.economics.too_many_options", "/options",
                                "switching values compare every pair of options: at most " +
                                    std::to_string(max_switching_value_options) + " options with costs",
                                std::to_string(m) + " options");
    const auto b = [&](std::size_t k) { return entries[k].benefit; };
    const auto c = [&](std::size_t k) { return entries[k].npv_cost; };
    // How many options dominate each one at the NPCs as they are.
    std::vector<std::size_t> dominators(m, 0);
    for (std::size_t j = 0; j < m; ++j)
        for (std::size_t k = 0; k < m; ++k)
            if (k != j && detail::dominates(b(k), c(k), b(j), c(j))) ++dominators[j];

    std::vector<option_switching_values> out(m);
    for (std::size_t i = 0; i < m; ++i) {
        auto& s = out[i];
        s.option = entries[i].option;
        s.npv_cost = c(i);
        s.benefit = b(i);
        s.on_frontier = dominators[i] == 0;
        const double inf = std::numeric_limits<double>::infinity();
        s.frontier.change = s.on_frontier ? inf : -inf;
        s.ranking_down.change = -inf;
        if (!std::isfinite(b(i)) || !std::isfinite(c(i))) continue;
        double join_at = 0.0;   // off the frontier: the change that takes i below every NPC with its benefit or more
        for (std::size_t j = 0; j < m; ++j) {
            if (j == i || !std::isfinite(b(j)) || !std::isfinite(c(j))) continue;
            const double to_j = c(j) - c(i);   // the change that brings i's NPC to j's
            if (b(j) >= b(i)) {
                // j has at least i's benefit: i, on the frontier, leaves once its NPC reaches j's
                // (passes it, for equal benefit); i, off it, joins once below every such NPC.
                if (s.on_frontier && to_j >= 0.0) detail::keep_nearer(s.frontier, detail::make_switch(to_j, c(i), s.option, false));
                join_at = std::min(join_at, to_j);
            }
            if (b(j) <= b(i)) {
                // j has at most i's benefit: whether i dominates j changes where the NPCs meet, and
                // j's membership with it when no other option dominates j.
                const bool i_dominates_j = detail::dominates(b(i), c(i), b(j), c(j));
                if (dominators[j] - (i_dominates_j ? 1 : 0) != 0) continue;
                if (i_dominates_j)
                    detail::keep_nearer(s.ranking_up, detail::make_switch(to_j, c(i), entries[j].option, true));
                else if (to_j <= 0.0)
                    detail::keep_nearer(s.ranking_down, detail::make_switch(to_j, c(i), entries[j].option, false));
            }
        }
        if (!s.on_frontier) s.frontier = detail::make_switch(join_at, c(i), s.option, true);
        // The option's own change is one of the ranking's changes, named first at a tie.
        auto& own_side = s.on_frontier ? s.ranking_up : s.ranking_down;
        if (s.frontier.exists() && std::fabs(s.frontier.change) <= std::fabs(own_side.change)) own_side = s.frontier;
    }
    return out;
}

}  // namespace adva
