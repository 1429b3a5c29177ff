#pragma once
// Inverse cumulative distribution functions of the uncertain-value distributions used by SMAA
// (uniform, triangular, PERT, truncated normal). Each maps a uniform u in (0, 1) to a value, so a
// value is a pure function of one counter-based random word. Not API.
#include <algorithm>
#include <cmath>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>

namespace adva::detail {

inline double triangular_quantile(double lower, double mode, double upper, double u) {
    const double width = upper - lower;
    const double split = (mode - lower) / width;  // F(mode)
    if (u < split) return lower + std::sqrt(u * width * (mode - lower));
    return upper - std::sqrt((1.0 - u) * width * (upper - mode));
}

/// PERT with lambda = 4: lower + (upper - lower) * Beta(alpha, beta), alpha = 1 + 4 (mode - lower) /
/// (upper - lower), beta = 1 + 4 (upper - mode) / (upper - lower).
inline double pert_alpha(double lower, double mode, double upper) { return 1.0 + 4.0 * (mode - lower) / (upper - lower); }
inline double pert_beta(double lower, double mode, double upper) { return 1.0 + 4.0 * (upper - mode) / (upper - lower); }
inline double pert_quantile(double lower, double mode, double upper, double u) {
    const double x = boost::math::ibeta_inv(pert_alpha(lower, mode, upper), pert_beta(lower, mode, upper), u);
    return lower + (upper - lower) * x;
}

/// Probability mass of N(mean, sd) on [lower, upper], computed in the tail that keeps precision.
inline double truncated_normal_mass(double mean, double sd, double lower, double upper) {
    const boost::math::normal_distribution<double> n(mean, sd);
    if (lower > mean) return boost::math::cdf(boost::math::complement(n, lower)) - boost::math::cdf(boost::math::complement(n, upper));
    return boost::math::cdf(n, upper) - boost::math::cdf(n, lower);
}

/// Inverse CDF of N(mean, sd) truncated to [lower, upper]. When the interval lies above the mean the
/// survival function is used, so intervals far in a tail keep their precision.
inline double truncated_normal_quantile(double mean, double sd, double lower, double upper, double u) {
    const boost::math::normal_distribution<double> n(mean, sd);
    double x;
    if (lower > mean) {
        const double ql = boost::math::cdf(boost::math::complement(n, lower));
        const double qu = boost::math::cdf(boost::math::complement(n, upper));
        x = boost::math::quantile(boost::math::complement(n, ql - u * (ql - qu)));
    } else {
        const double pl = boost::math::cdf(n, lower);
        const double pu = boost::math::cdf(n, upper);
        x = boost::math::quantile(n, pl + u * (pu - pl));
    }
    return std::clamp(x, lower, upper);  // rounding of the CDF may step a hair outside
}

}  // namespace adva::detail
