#pragma once
// The economic case (docs/economics.md): each option's cash flows by year in real prices, before
// and after optimism bias, capital and revenue apart; their present values under the context's
// discounting; monetised benefits (net present social value, benefit-cost ratio); affordability
// against the budget envelope.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "adva/analysis/value_for_money.hpp"
#include "adva/error.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

/// The rate that takes year t−1 to year t under the Green Book's reduced schedule for health and
/// wellbeing effects (Green Book 2022, Annex A6, Table 8: the standard schedule without its wealth
/// effect): 1.50 % for years 0–30, then 1.29 % (31–75), 1.07 % (76–125), 0.86 % (126–200),
/// 0.64 % (201–300), 0.43 % after.
inline double health_discount_rate_for_year(int t) noexcept {
    if (t <= 30) return 0.0150;
    if (t <= 75) return 0.0129;
    if (t <= 125) return 0.0107;
    if (t <= 200) return 0.0086;
    if (t <= 300) return 0.0064;
    return 0.0043;
}

/// Discount factors for years 0 … horizon_years−1 under the health and wellbeing schedule.
inline std::vector<double> health_discount_factors(int horizon_years) {
    std::vector<double> df(std::size_t(std::max(horizon_years, 0)), 1.0);
    for (std::size_t t = 1; t < df.size(); ++t) df[t] = df[t - 1] / (1.0 + health_discount_rate_for_year(int(t)));
    return df;
}

/// One cash-flow line of an option, by appraisal year (0 … horizon−1), in real prices.
struct line_flows {
    std::string id;          ///< the line's id, else "costs/K" or "benefits/K" (its place in the option)
    std::string name;
    cost_kind kind = cost_kind::one_off;
    cost_category category = cost_category::revenue;
    std::string optimism_bias;            ///< the category used; empty: none
    double uplift = 0.0;                  ///< applied: the category's upper bound × (1 − mitigation)
    std::vector<double> range;            ///< the line's own range ({low, high} shares of the estimate), if any
    std::vector<double> before;           ///< as entered (a saving negative), deflated to real prices
    std::vector<double> after;            ///< with the uplift
    double present_before = 0.0;          ///< discounted sum of `before`
    double present_after = 0.0;           ///< discounted sum of `after`
};

/// The economic and financial figures of one option.
struct option_economics {
    std::string option;
    std::vector<line_flows> costs;        ///< the cost lines, model order
    std::vector<line_flows> benefits;     ///< the monetised benefit lines (present values at each line's schedule)
    std::vector<double> capital_before, revenue_before;  ///< cost by year, before optimism bias
    std::vector<double> capital_after, revenue_after;    ///< cost by year, after it
    double npc_before = 0.0;              ///< net present cost before optimism bias
    double npc_after = 0.0;               ///< net present cost after it
    double npc = 0.0;                     ///< the one the model's cost basis names
    double present_benefits = 0.0;        ///< present value of the monetised benefits
    /// Present benefits − npc; NaN without monetised benefits.
    double npsv = std::numeric_limits<double>::quiet_NaN();
    /// Present benefits / npc; NaN without monetised benefits or when npc is not above 0.
    double bcr = std::numeric_limits<double>::quiet_NaN();
    /// Budget − cost (on the cost basis) by year; NaN in a year the envelope does not cover. Empty
    /// when the model has no budget.
    std::vector<double> capital_headroom, revenue_headroom;
    int shortfall_years = 0;              ///< years in which capital or revenue cost exceeds its envelope
    double largest_shortfall = 0.0;       ///< the largest excess of one year and category (0: none)

    bool has_costs() const noexcept { return !costs.empty(); }
    bool has_benefits() const noexcept { return !benefits.empty(); }
    bool affordable() const noexcept { return shortfall_years == 0; }
};

struct economic_case {
    cost_basis basis = cost_basis::with_optimism_bias;
    std::vector<double> discount_factors;          ///< the context's schedule, by year
    std::vector<double> health_discount_factors;   ///< the reduced schedule, by year
    bool has_budget = false;
    std::vector<option_economics> options;         ///< every option, model order
};

namespace detail {

/// A line's amounts by year (0 … horizon−1) in real prices, signed as a cost for cost lines (a
/// saving negative). Years outside the horizon do not count (validate() refuses them).
template <class Line>
std::vector<double> real_flows(const Line& line, const appraisal& model, double sign) {
    const std::size_t horizon = std::size_t(std::max(model.context.horizon_years, 0));
    std::vector<double> flows(horizon, 0.0);
    const auto put = [&](std::size_t t, double amount) {
        if (t >= horizon) return;
        if (line.prices == price_basis::nominal) {
            const auto& index = model.economics.deflator.index;
            amount *= t < index.size() ? index[0] / index[t] : std::numeric_limits<double>::quiet_NaN();
        }
        flows[t] = sign * amount;
    };
    if (line.year < 0) return flows;
    const std::size_t first = std::size_t(line.year);
    if (!line.profile.empty()) {
        for (std::size_t k = 0; k < line.profile.size() && first + k < horizon; ++k) put(first + k, line.profile[k]);
        return flows;
    }
    std::size_t last = horizon == 0 ? 0 : horizon - 1;
    if (line.end_year >= 0) last = std::min(last, std::size_t(line.end_year));
    else if constexpr (std::is_same_v<Line, cost_line>)
        if (line.kind == cost_kind::one_off) last = std::min(last, first);
    for (std::size_t t = first; t <= last && t < horizon; ++t) put(t, line.amount);
    return flows;
}

inline double present_value(const std::vector<double>& flows, const std::vector<double>& df) {
    double total = 0.0;
    for (std::size_t t = 0; t < flows.size() && t < df.size(); ++t) total += flows[t] * df[t];
    return total;
}

inline std::string line_id(const std::string& id, const char* list, std::size_t k) {
    return id.empty() ? std::string(list) + "/" + std::to_string(k) : id;
}

/// adva.economics.overflow unless every number is finite: amounts near the largest double, uplifted,
/// deflated or summed, can leave it (validate() accepts any finite amount).
inline void require_finite(std::initializer_list<double> xs, const std::string& where) {
    for (double x : xs)
        if (!std::isfinite(x))
            throw computation_error("adva.economics.overflow", where,
                                    "the cash flows overflow a double once uplifted, deflated, discounted or summed: "
                                    "enter amounts in a unit that keeps them within about 1e300",
                                    std::isnan(x) ? "NaN" : (x > 0 ? "inf" : "-inf"));
}

}  // namespace detail

/// The economic case of option `opt`, at `index` in the model, under the model's conventions (the
/// model is assumed valid; `opt` is its option `index`, or a changed copy of it, as a scenario's
/// cost changes make). A number that overflows is adva.economics.overflow, naming the line or option.
inline option_economics option_economic_case(const appraisal& model, const option& opt, std::size_t index,
                                             const std::vector<double>& df, const std::vector<double>& health_df) {
    const std::string where = "/options/" + std::to_string(index);
    const std::size_t horizon = df.size();
    option_economics e;
    e.option = opt.id;
    e.capital_before.assign(horizon, 0.0);
    e.revenue_before.assign(horizon, 0.0);
    e.capital_after.assign(horizon, 0.0);
    e.revenue_after.assign(horizon, 0.0);
    for (std::size_t k = 0; k < opt.costs.size(); ++k) {
        const cost_line& c = opt.costs[k];
        line_flows f;
        f.id = detail::line_id(c.id, "costs", k);
        f.name = c.name;
        f.kind = c.kind;
        f.category = c.category;
        f.optimism_bias = c.optimism_bias;
        f.range = c.range;
        if (!c.optimism_bias.empty())
            if (const auto* u = model.economics.find_uplift(c.optimism_bias)) f.uplift = u->upper * (1.0 - c.mitigation);
        f.before = detail::real_flows(c, model, c.kind == cost_kind::saving ? -1.0 : 1.0);
        f.after = f.before;
        for (double& x : f.after) x *= 1.0 + f.uplift;
        f.present_before = detail::present_value(f.before, df);
        f.present_after = detail::present_value(f.after, df);
        detail::require_finite({f.present_before, f.present_after}, where + "/costs/" + std::to_string(k));
        auto& by_year_before = c.category == cost_category::capital ? e.capital_before : e.revenue_before;
        auto& by_year_after = c.category == cost_category::capital ? e.capital_after : e.revenue_after;
        for (std::size_t t = 0; t < horizon; ++t) {
            by_year_before[t] += f.before[t];
            by_year_after[t] += f.after[t];
        }
        e.npc_before += f.present_before;
        e.npc_after += f.present_after;
        e.costs.push_back(std::move(f));
    }
    for (std::size_t t = 0; t < horizon; ++t)
        detail::require_finite({e.capital_after[t], e.revenue_after[t], e.capital_before[t], e.revenue_before[t]}, where + "/costs");
    detail::require_finite({e.npc_before, e.npc_after}, where + "/costs");
    e.npc = model.economics.basis == cost_basis::with_optimism_bias ? e.npc_after : e.npc_before;

    for (std::size_t k = 0; k < opt.benefits.size(); ++k) {
        const benefit_line& b = opt.benefits[k];
        line_flows f;
        f.id = detail::line_id(b.id, "benefits", k);
        f.name = b.name;
        f.before = detail::real_flows(b, model, 1.0);
        f.after = f.before;
        f.present_before = f.present_after =
            detail::present_value(f.before, b.discounting == benefit_discounting::health ? health_df : df);
        detail::require_finite({f.present_before}, where + "/benefits/" + std::to_string(k));
        e.present_benefits += f.present_before;
        e.benefits.push_back(std::move(f));
    }
    detail::require_finite({e.present_benefits}, where + "/benefits");
    if (e.has_benefits()) {
        e.npsv = e.present_benefits - e.npc;
        if (e.npc > 0.0) e.bcr = e.present_benefits / e.npc;
    }

    const auto& budget = model.economics.budget;
    if (!budget.empty()) {
        const bool with_bias = model.economics.basis == cost_basis::with_optimism_bias;
        const auto headroom = [&](const std::vector<double>& envelope, const std::vector<double>& cost) {
            std::vector<double> h(horizon, std::numeric_limits<double>::quiet_NaN());
            for (std::size_t t = 0; t < horizon && t < envelope.size(); ++t) h[t] = envelope[t] - cost[t];
            return h;
        };
        e.capital_headroom = headroom(budget.capital, with_bias ? e.capital_after : e.capital_before);
        e.revenue_headroom = headroom(budget.revenue, with_bias ? e.revenue_after : e.revenue_before);
        for (std::size_t t = 0; t < horizon; ++t) {
            const double worst = std::min(std::isnan(e.capital_headroom[t]) ? 0.0 : e.capital_headroom[t],
                                          std::isnan(e.revenue_headroom[t]) ? 0.0 : e.revenue_headroom[t]);
            if (worst < 0.0) {
                ++e.shortfall_years;
                e.largest_shortfall = std::max(e.largest_shortfall, -worst);
            }
        }
    }
    return e;
}

/// The economic case of the model's option `index`.
inline option_economics option_economic_case(const appraisal& model, std::size_t index, const std::vector<double>& df,
                                             const std::vector<double>& health_df) {
    return option_economic_case(model, model.options[index], index, df, health_df);
}

/// The economic case of every option (model order). The model is validated first.
inline economic_case compute_economic_case(const appraisal& model) {
    validate(model, weight_completeness::in_progress);
    economic_case c;
    c.basis = model.economics.basis;
    c.discount_factors = discount_factors(model.context);
    c.health_discount_factors = health_discount_factors(model.context.horizon_years);
    c.has_budget = !model.economics.budget.empty();
    c.options.reserve(model.options.size());
    for (std::size_t i = 0; i < model.options.size(); ++i)
        c.options.push_back(option_economic_case(model, i, c.discount_factors, c.health_discount_factors));
    return c;
}

}  // namespace adva
