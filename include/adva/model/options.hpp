#pragma once
// Options (delivery vehicles) with attributes, scores per leaf criterion, evidence and costs.
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adva/model/gates.hpp"

namespace adva {

/// A vehicle type from the catalogue; models may add their own.
struct vehicle_type {
    std::string id;
    std::string name;
    std::string description;

    friend bool operator==(const vehicle_type&, const vehicle_type&) = default;
};

/// The eight built-in vehicle types (DESIGN.md).
inline const std::array<vehicle_type, 8>& builtin_vehicle_types() {
    static const std::array<vehicle_type, 8> types{{
        {"in_house", "In-house (business as usual)", "The council runs the service directly, as now."},
        {"in_house_improvement", "In-house improvement", "The council keeps the service and invests in an improvement programme."},
        {"strategic_partnership", "Strategic partnership", "A stronger council supports or runs the service under an agreement."},
        {"council_owned_company", "Council-owned company", "A wholly owned company (Teckal / vertical arrangement) delivers the service."},
        {"jointly_owned_company", "Jointly owned company", "A company owned by several councils delivers the service for all of them."},
        {"independent_trust", "Independent trust", "An independent not-for-profit trust, often under a government direction."},
        {"mutual", "Public service mutual", "A staff-led organisation spun out of the council."},
        {"commissioned", "Commissioned service", "The service is procured from external providers."},
    }};
    return types;
}

/// How a score is known. Uncertain scores are stored and validated; analyses that need a single
/// number use central() and robustness analyses sample the distribution.
enum class uncertainty {
    point,       ///< value
    range,       ///< uniform on [low, high]
    triangular,  ///< low, mode = value, high
    pert,        ///< low, mode = value, high (beta-PERT, lambda = 4)
    normal,      ///< mean = value, standard deviation sd (truncated to the scale when sampled)
};

struct score {
    uncertainty kind = uncertainty::point;
    double value = 0.0;   ///< point value, mode (triangular, PERT) or mean (normal)
    double low = 0.0;     ///< range, triangular, PERT
    double high = 0.0;    ///< range, triangular, PERT
    double sd = 0.0;      ///< normal
    std::string rationale;

    /// The expected value of the distribution (for normal, the untruncated mean).
    double central() const noexcept {
        switch (kind) {
            case uncertainty::point: return value;
            case uncertainty::range: return 0.5 * (low + high);
            case uncertainty::triangular: return (low + value + high) / 3.0;
            case uncertainty::pert: return (low + 4.0 * value + high) / 6.0;
            case uncertainty::normal: return value;
        }
        return value;
    }

    friend bool operator==(const score&, const score&) = default;
};

/// What a cash-flow line is (docs/economics.md). A saving is entered as a positive amount and
/// reduces cost; a contingency is a risk allowance, so optimism bias is never applied to it.
enum class cost_kind { one_off, recurring, saving, contingency };

/// Capital or revenue: the split the financial case and the budget envelope are kept in.
enum class cost_category { revenue, capital };

/// Real prices (of the base year) or nominal (cash) prices, deflated with the model's deflator.
enum class price_basis { real, nominal };

/// One line of an option's cash flows, in the currency of the appraisal. It runs from `year` to
/// `end_year` (inclusive) at `amount` a year, or by year as `profile` from `year`; a one-off line
/// without a profile falls in `year` only, other kinds run to the end of the horizon by default.
struct cost_line {
    std::string name;
    cost_kind kind = cost_kind::one_off;
    double amount = 0.0;           ///< per year of the line (no profile)
    int year = 0;                  ///< first year (appraisal year: 0 = the base year)
    int end_year = -1;             ///< last year, inclusive; -1 = one-off: `year`, otherwise the horizon's end
    cost_category category = cost_category::revenue;
    std::vector<double> profile;   ///< amounts by year from `year`; replaces amount and end_year
    price_basis prices = price_basis::real;
    std::string optimism_bias;     ///< category of the optimism-bias table (model/economics.hpp); empty: none
    double mitigation = 0.0;       ///< share of the upper-bound uplift mitigated, in [0, 1]
    std::string mitigation_reason; ///< the evidence for the mitigation (required when it is above 0)
    std::string id;                ///< names the line in results (optional; unique within the option)
    /// Empty, or {low, high}: the shares by which the estimate may fall or rise ({-0.1, 0.3}: from
    /// 10 % below to 30 % above), the line's range in the cost tornado (else its optimism-bias bounds).
    std::vector<double> range;

    friend bool operator==(const cost_line&, const cost_line&) = default;
};

/// How a monetised benefit is discounted: at the context's schedule, or at the Green Book's
/// reduced schedule for health and wellbeing effects (analysis/economics.hpp).
enum class benefit_discounting { standard, health };

/// One line of an option's monetised benefits (optional; with them the economic case reports the
/// net present social value and the benefit-cost ratio). Timing and prices as for cost_line.
struct benefit_line {
    std::string name;
    double amount = 0.0;
    int year = 0;
    int end_year = -1;             ///< -1: the end of the horizon
    std::vector<double> profile;
    price_basis prices = price_basis::real;
    benefit_discounting discounting = benefit_discounting::standard;
    std::string id;

    friend bool operator==(const benefit_line&, const benefit_line&) = default;
};

struct option {
    std::string id;
    std::string name;
    std::string vehicle;                     ///< vehicle type id (built-in or model-defined)
    std::string description;
    std::map<std::string, attribute_value> attributes;
    bool business_as_usual = false;          ///< kept on the short list as a benchmark
    bool do_minimum = false;                 ///< kept on the short list as a benchmark
    std::map<std::string, score> scores;     ///< leaf criterion id -> score
    std::string evidence;
    std::vector<cost_line> costs;
    std::vector<benefit_line> benefits;     ///< monetised benefits, when there are any

    bool is_benchmark() const noexcept { return business_as_usual || do_minimum; }

    friend bool operator==(const option&, const option&) = default;
};

}  // namespace adva
