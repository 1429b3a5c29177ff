#pragma once
// The conventions of the economic case (docs/economics.md): the optimism-bias table, the deflator
// of nominal prices, the budget envelope of the financial case, and which cost the value-for-money
// view uses. The cash-flow lines themselves are the options' (model/options.hpp).
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace adva {

/// One row of an optimism-bias table: the upper- and lower-bound uplifts (shares: 0.41 = 41 %) and
/// what they apply to.
struct optimism_bias_uplift {
    double upper = 0.0;
    double lower = 0.0;
    std::string applies_to;   ///< "capital expenditure" or "operating expenditure"
    std::string source;

    friend bool operator==(const optimism_bias_uplift&, const optimism_bias_uplift&) = default;
};

/// HM Treasury, Supplementary Green Book Guidance: Optimism Bias (Mott MacDonald 2002, Review of
/// Large Public Procurement in the UK), the capital (or operating) expenditure uplifts. A model may
/// change any row or add its own (economics_settings::optimism_bias).
inline const std::map<std::string, optimism_bias_uplift, std::less<>>& green_book_optimism_bias() {
    static const std::string source = "HM Treasury, Supplementary Green Book Guidance: Optimism Bias (Mott MacDonald 2002)";
    static const std::map<std::string, optimism_bias_uplift, std::less<>> table = {
        {"standard_buildings", {0.24, 0.02, "capital expenditure", source}},
        {"non_standard_buildings", {0.51, 0.04, "capital expenditure", source}},
        {"standard_civil_engineering", {0.44, 0.03, "capital expenditure", source}},
        {"non_standard_civil_engineering", {0.66, 0.06, "capital expenditure", source}},
        {"equipment_development", {2.00, 0.10, "capital expenditure", source}},
        {"outsourcing", {0.41, 0.0, "operating expenditure", source}},
    };
    return table;
}

/// Which present value of cost the value-for-money view, the frontier and affordability use.
enum class cost_basis {
    with_optimism_bias,     ///< the Green Book's: estimates uplifted for optimism bias (default)
    before_optimism_bias,   ///< the estimates as entered
};

/// What the value-for-money view counts as benefit.
enum class vfm_benefit {
    excluding_cost_criteria,  ///< the weighted value of the criteria that do not measure cost, on 0–100 (default)
    total_value,              ///< the ranking's total value, cost criteria included (cost then counts twice)
};

/// The option value added and extra cost are measured against.
enum class vfm_comparator { business_as_usual, do_minimum };

/// A price index by appraisal year (year 0 first), for lines in nominal prices: the real amount of
/// year t is the nominal one × index[0] / index[t] (prices of the base year).
struct deflator_series {
    std::string name;             ///< e.g. "GDP deflator, OBR March 2026"
    std::vector<double> index;    ///< empty: no deflator (nominal lines are then refused)

    friend bool operator==(const deflator_series&, const deflator_series&) = default;
};

/// The money available by appraisal year (the medium-term financial plan), in real prices of the
/// base year, capital and revenue apart. A year beyond a list has no envelope.
struct budget_envelope {
    std::string name;              ///< e.g. "MTFP 2026/27 to 2030/31"
    std::vector<double> capital;
    std::vector<double> revenue;

    bool empty() const noexcept { return capital.empty() && revenue.empty(); }
    friend bool operator==(const budget_envelope&, const budget_envelope&) = default;
};

struct economics_settings {
    /// Rows that change or add to green_book_optimism_bias(), by category id.
    std::map<std::string, optimism_bias_uplift, std::less<>> optimism_bias;
    deflator_series deflator;
    budget_envelope budget;
    cost_basis basis = cost_basis::with_optimism_bias;
    vfm_benefit benefit = vfm_benefit::excluding_cost_criteria;
    vfm_comparator comparator = vfm_comparator::business_as_usual;

    /// The row a line's category names: the model's own first, then the Green Book's; nullptr if neither.
    const optimism_bias_uplift* find_uplift(std::string_view category) const {
        if (auto i = optimism_bias.find(category); i != optimism_bias.end()) return &i->second;
        const auto& builtin = green_book_optimism_bias();
        if (auto i = builtin.find(category); i != builtin.end()) return &i->second;
        return nullptr;
    }
    bool is_default() const { return *this == economics_settings{}; }

    friend bool operator==(const economics_settings&, const economics_settings&) = default;
};

}  // namespace adva
