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

enum class cost_kind { one_off, recurring };

/// One cost line in the currency of the appraisal, at constant (real) prices.
struct cost_line {
    std::string name;
    cost_kind kind = cost_kind::one_off;
    double amount = 0.0;   ///< per occurrence: once (one_off) or per year (recurring)
    int year = 0;          ///< one_off: the year it falls; recurring: first year
    int end_year = -1;     ///< recurring: last year, inclusive; -1 = to the end of the horizon

    friend bool operator==(const cost_line&, const cost_line&) = default;
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

    bool is_benchmark() const noexcept { return business_as_usual || do_minimum; }

    friend bool operator==(const option&, const option&) = default;
};

}  // namespace adva
