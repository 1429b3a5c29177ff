#pragma once
// Value for money: the discounting of costs (real prices; year 0 undiscounted), benefit = weighted
// total value, benefit per million of net present cost, the efficiency frontier and incremental
// benefit per extra million along it. The cash flows themselves: analysis/economics.hpp.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

#include "adva/analysis/results.hpp"
#include "adva/model/context.hpp"
#include "adva/model/options.hpp"

namespace adva {

/// The discount rate that takes year t−1 to year t under the context's schedule.
inline double discount_rate_for_year(const appraisal_context& context, int t) {
    if (context.discount_schedule == discounting::constant || t <= 30) return context.discount_rate;
    // Green Book long-term schedule (Annex A6): r for years 0–30, then declining.
    if (t <= 75) return 0.030;
    if (t <= 125) return 0.025;
    if (t <= 200) return 0.020;
    if (t <= 300) return 0.015;
    return 0.010;
}

/// Discount factors for years 0 … horizon_years−1 (year 0 = 1; compounded year by year).
inline std::vector<double> discount_factors(const appraisal_context& context) {
    std::vector<double> df(std::size_t(std::max(context.horizon_years, 0)), 1.0);
    for (std::size_t t = 1; t < df.size(); ++t)
        df[t] = df[t - 1] / (1.0 + discount_rate_for_year(context, int(t)));
    return df;
}

/// Value-for-money entries, in the given order, from NPV costs and benefits. Marks the efficiency
/// frontier (no other entry has ≥ benefit for ≤ cost, one of them strictly) and fills the
/// incremental benefit per extra million along it (sorted by cost, then benefit).
inline void mark_frontier(std::vector<value_for_money_entry>& entries) {
    constexpr double million = 1e6;
    for (auto& e : entries) {
        e.benefit_per_cost = e.npv_cost > 0 ? e.benefit / (e.npv_cost / million)
                                            : std::numeric_limits<double>::infinity();
        e.incremental_benefit_per_cost = 0.0;
    }
    // In O(m log m): by cost, an entry is dominated exactly when a cheaper one has at least its
    // benefit, or one of equal cost has more.
    std::vector<std::size_t> by_cost(entries.size());
    std::iota(by_cost.begin(), by_cost.end(), std::size_t{0});
    std::stable_sort(by_cost.begin(), by_cost.end(), [&](std::size_t a, std::size_t b) { return entries[a].npv_cost < entries[b].npv_cost; });
    double best_cheaper = -std::numeric_limits<double>::infinity();
    for (std::size_t a = 0, b; a < by_cost.size(); a = b) {
        const double cost = entries[by_cost[a]].npv_cost;
        double best_here = entries[by_cost[a]].benefit;
        for (b = a + 1; b < by_cost.size() && entries[by_cost[b]].npv_cost == cost; ++b) best_here = std::max(best_here, entries[by_cost[b]].benefit);
        for (std::size_t k = a; k < b; ++k) {
            auto& e = entries[by_cost[k]];
            e.on_frontier = e.benefit == best_here && e.benefit > best_cheaper;
        }
        best_cheaper = std::max(best_cheaper, best_here);
    }
    // The frontier sorted by cost, then benefit: by_cost's order, as frontier entries of equal cost
    // have equal benefit.
    std::size_t frontier = 0;
    for (std::size_t k : by_cost)
        if (entries[k].on_frontier) by_cost[frontier++] = k;
    by_cost.resize(frontier);
    for (std::size_t k = 1; k < by_cost.size(); ++k) {
        auto& cur = entries[by_cost[k]];
        const auto& prev = entries[by_cost[k - 1]];
        const double extra_cost = cur.npv_cost - prev.npv_cost;
        // Equal cost on the frontier means equal benefit too (else one would dominate): nothing extra.
        cur.incremental_benefit_per_cost = extra_cost > 0 ? (cur.benefit - prev.benefit) / (extra_cost / million) : 0.0;
    }
}

/// Value added and extra cost of every entry over entries[comparator], and where each lies on the
/// cost-effectiveness plane. Differences are meaningful on an interval scale, where the plain
/// ratio benefit / cost is not (0 on a 0–100 scale is the worst plausible level, not "no benefit").
inline void compare_with(std::vector<value_for_money_entry>& entries, std::size_t comparator) {
    constexpr double million = 1e6;
    const double base_benefit = entries[comparator].benefit;
    const double base_cost = entries[comparator].npv_cost;
    for (std::size_t k = 0; k < entries.size(); ++k) {
        auto& e = entries[k];
        e.value_added = e.benefit - base_benefit;
        e.extra_cost = e.npv_cost - base_cost;
        e.value_added_per_extra_cost = std::numeric_limits<double>::quiet_NaN();
        if (k == comparator) {
            e.position = cost_effectiveness::comparator;
        } else if (std::isnan(e.value_added) || std::isnan(e.extra_cost)) {
            e.position = cost_effectiveness::no_comparator;
        } else if (e.value_added == 0.0 && e.extra_cost == 0.0) {
            e.position = cost_effectiveness::equivalent;
        } else if (e.value_added >= 0.0 && e.extra_cost <= 0.0) {
            e.position = cost_effectiveness::dominant;
        } else if (e.value_added <= 0.0 && e.extra_cost >= 0.0) {
            e.position = cost_effectiveness::dominated;
        } else {
            e.position = e.value_added > 0.0 ? cost_effectiveness::more_value_more_cost : cost_effectiveness::less_value_less_cost;
            e.value_added_per_extra_cost = e.value_added / (e.extra_cost / million);
        }
    }
}

}  // namespace adva
