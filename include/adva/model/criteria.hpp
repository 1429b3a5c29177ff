#pragma once
// The value tree: criteria with parents, scales, anchors and value functions (DCLG MCA manual
// ch. 5–6). Leaves are scored; interior nodes aggregate their children by local swing weights.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace adva {

/// Which end of a criterion's measured quantity (or score) is preferred.
enum class direction { higher_is_better, lower_is_better };

/// Fixed scales have anchors defined before options are seen (what 0 and 100 mean); relative scales
/// give 100 to the best option scored and 0 to the worst (and so depend on the option set).
enum class scale_type { fixed, relative };

/// How a leaf's score becomes a 0–100 value.
enum class value_function_kind {
    direct,            ///< the score is already on 0–100 (direction says which end is preferred)
    linear,            ///< measured level in [lower, upper] mapped linearly to 0–100
    piecewise_linear,  ///< measured level mapped through breakpoints (level, value 0–100)
    exponential,       ///< Kirkwood's exponential value function with shape rho over [lower, upper]
};

struct value_function {
    value_function_kind kind = value_function_kind::direct;
    double lower = 0.0;   ///< linear / exponential: lowest admissible measured level
    double upper = 100.0; ///< linear / exponential: highest admissible measured level
    /// exponential: v(z) = 100 (1 - e^{-rho z}) / (1 - e^{-rho}), z = the preferred-direction
    /// fraction of the range; rho > 0 concave, rho < 0 convex, rho = 0 linear.
    double rho = 0.0;
    /// piecewise_linear: breakpoints (measured level, value 0–100) sorted by strictly increasing level.
    std::vector<std::pair<double, double>> points;
    std::string unit;     ///< unit of the measured quantity (informational)

    friend bool operator==(const value_function&, const value_function&) = default;
};

struct criterion {
    std::string id;
    std::string name;
    std::string description;
    std::string parent;                 ///< id of the parent node; empty for a top-level node
    direction preference = direction::higher_is_better;
    scale_type scale = scale_type::fixed;
    std::string anchor_low;             ///< fixed scale: what a value of 0 means
    std::string anchor_high;            ///< fixed scale: what a value of 100 means
    value_function value;               ///< leaves only
    std::vector<std::string> tags;      ///< free tags, e.g. "csf:strategic_fit"
    std::string critical_success_factor;  ///< Green Book CSF this node serves (id of the CSF tag)
    std::string function;               ///< id of the function (problem) this criterion comes from
    /// Direct swing weight within the parent, used when no stakeholder group has answered the
    /// weight question covering this node. Not normalised: siblings are normalised together.
    std::optional<double> weight;
    /// The criterion (and every criterion under it) measures money that the economic case counts
    /// as net present cost: the value-for-money view leaves it out of the benefit, so cost is not
    /// counted twice (docs/economics.md).
    bool measures_cost = false;
    /// A trajectory-derived leaf: the id of the trajectory measure (docs/trajectories.md, "Measures
    /// as criteria") that is each option's performance level on it. Its scores are derived from the
    /// model's improvement section when the model is read, never typed or recorded.
    std::string trajectory_measure;

    friend bool operator==(const criterion&, const criterion&) = default;
};

/// The admissible range of a leaf's scores: [0, 100] on a fixed direct scale, the value
/// function's domain for measured levels (piecewise linear: its first to last breakpoint); none
/// on a relative scale (any finite number). validate() refuses a score outside it.
inline std::optional<std::pair<double, double>> score_domain(const criterion& c) {
    if (c.scale == scale_type::relative) return std::nullopt;
    switch (c.value.kind) {
        case value_function_kind::direct: return std::pair{0.0, 100.0};
        case value_function_kind::linear:
        case value_function_kind::exponential: return std::pair{c.value.lower, c.value.upper};
        case value_function_kind::piecewise_linear:
            if (c.value.points.empty()) return std::nullopt;
            return std::pair{c.value.points.front().first, c.value.points.back().first};
    }
    return std::nullopt;
}

/// Which way a leaf's measured level (or score) is better. A piecewise-linear value function's own
/// breakpoints decide it (never falling: higher is better; never rising: lower; both: none, the
/// preferred level lies inside the range); every other kind follows `preference`, which it uses.
inline std::optional<direction> better_direction(const criterion& c) {
    if (c.value.kind != value_function_kind::piecewise_linear || c.scale == scale_type::relative) return c.preference;
    bool rises = false, falls = false;
    for (std::size_t k = 1; k < c.value.points.size(); ++k) {
        rises = rises || c.value.points[k].second > c.value.points[k - 1].second;
        falls = falls || c.value.points[k].second < c.value.points[k - 1].second;
    }
    if (rises && falls) return std::nullopt;
    return falls ? direction::lower_is_better : direction::higher_is_better;
}

/// "higher is better", "lower is better", or for a value function that rises and falls, where
/// the best level is.
inline std::string better_text(const criterion& c) {
    const auto d = better_direction(c);
    if (!d) return "the best level is inside the range: see the value function";
    return *d == direction::higher_is_better ? "higher is better" : "lower is better";
}

}  // namespace adva
