#pragma once
// The appraisal's context: what is being decided, by whom, over what horizon and how future
// costs are discounted.
#include <string>

namespace adva {

/// How future costs are discounted to present value.
enum class discounting {
    constant,               ///< one rate for every year: DF_t = (1 + r)^-t
    green_book_declining,   ///< HM Treasury Green Book long-term schedule: r for years 0–30, then
                            ///< 3.0% (31–75), 2.5% (76–125), 2.0% (126–200), 1.5% (201–300), 1.0% after
};

struct appraisal_context {
    std::string title;
    std::string organisation;   ///< the council or body making the decision
    std::string service;        ///< e.g. "Children's social care"
    std::string trigger;        ///< why the decision is being made now (inspection, intervention …)
    int base_year = 0;          ///< calendar year of appraisal year 0 (informational; 0 = unset)
    int horizon_years = 10;     ///< costs are counted for years 0 … horizon_years-1
    double discount_rate = 0.035;  ///< Green Book social time preference rate (default 3.5%)
    discounting discount_schedule = discounting::constant;
    std::string currency = "GBP";

    friend bool operator==(const appraisal_context&, const appraisal_context&) = default;
};

}  // namespace adva
