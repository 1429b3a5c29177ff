#pragma once
// SMAA's checks at the boundary: a problem (shapes, finiteness, the cells' distributions and
// transforms, the most alternatives a run takes) and externally supplied replay samples. Both
// validate() overloads are public; smaa() and smaa_replay() call them.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include <Eigen/Dense>

#include "adva/analysis/detail/smaa_distributions.hpp"
#include "adva/analysis/detail/smaa_types.hpp"
#include "adva/error.hpp"

namespace adva {

namespace detail {

inline void check_distribution(const uncertain_value& d, const std::string& where) {
    auto fail = [&](const std::string& rule) {
        throw invalid_input("adva.smaa.invalid_distribution", where, rule,
                            std::string(to_string(d.distribution)) + " value " + number_text(d.value) + ", lower " + number_text(d.lower) +
                                ", upper " + number_text(d.upper) + ", sd " + number_text(d.sd));
    };
    if (d.distribution == value_distribution::point) return;
    if (!std::isfinite(d.lower) || !std::isfinite(d.upper) || !std::isfinite(d.value) || !std::isfinite(d.sd))
        fail("distribution parameters must be finite");
    if (!(d.lower < d.upper)) fail("a distribution needs lower < upper");
    switch (d.distribution) {
        case value_distribution::triangular:
        case value_distribution::pert:
            if (d.value < d.lower || d.value > d.upper) fail("the mode must lie within [lower, upper]");
            break;
        case value_distribution::truncated_normal:
            if (!(d.sd > 0.0)) fail("a truncated normal needs sd > 0");
            if (!(truncated_normal_mass(d.value, d.sd, d.lower, d.upper) > 0.0))
                fail("the truncation interval carries no probability mass");
            break;
        default: break;
    }
    const value_transform& t = d.transform;
    auto bad_transform = [&](const std::string& rule) {
        throw invalid_input("adva.smaa.invalid_transform", where + "/transform", rule,
                            std::string(to_string(t.kind)) + " from " + number_text(t.from) + ", to " + number_text(t.to) + ", rho " +
                                number_text(t.rho) + ", " + std::to_string(t.points.size()) + " points");
    };
    switch (t.kind) {
        case value_transform_kind::identity: break;
        case value_transform_kind::linear:
        case value_transform_kind::exponential:
            if (!std::isfinite(t.from) || !std::isfinite(t.to) || !std::isfinite(t.rho)) bad_transform("transform parameters must be finite");
            if (t.from == t.to) bad_transform("a linear or exponential transform needs from != to");
            break;
        case value_transform_kind::piecewise_linear:
            if (t.points.empty()) bad_transform("a piecewise-linear transform needs at least one point");
            for (std::size_t q = 0; q < t.points.size(); ++q) {
                if (!std::isfinite(t.points[q].first) || !std::isfinite(t.points[q].second)) bad_transform("transform points must be finite");
                if (q > 0 && !(t.points[q].first > t.points[q - 1].first)) bad_transform("transform points need strictly increasing x");
            }
            break;
    }
}

}  // namespace detail

/// Most alternatives a SMAA run takes: it counts ranks and wins for every pair of alternatives, in
/// each of up to 64 blocks of samples at once, so its memory grows with the square of their number
/// (about 256 MB here).
inline constexpr Eigen::Index max_smaa_alternatives = 500;

namespace detail {
inline void check_alternative_count(Eigen::Index a, const char* where) {
    if (a > max_smaa_alternatives)
        throw limit_exceeded("adva.smaa.limit", where,
                             "at most " + std::to_string(max_smaa_alternatives) + " alternatives (SMAA counts every pair)",
                             std::to_string(a) + " alternatives");
}
}  // namespace detail

/// Validates a SMAA problem (shapes, finiteness, distributions, weight model); smaa() calls it.
inline void validate(const smaa_problem& p) {
    using detail::number_text;
    using detail::pointer;
    const Eigen::Index a = p.values.rows(), c = p.values.cols();
    if (a < 1) throw invalid_input("adva.smaa.empty", "/matrix", "at least one alternative (row) is required", "0 rows");
    if (c < 1) throw invalid_input("adva.smaa.empty", "/matrix", "at least one criterion (column) is required", "0 columns");
    if (a * c > 100'000'000)
        throw limit_exceeded("adva.smaa.limit", "/matrix", "at most 10^8 cells", std::to_string(a) + " x " + std::to_string(c));
    detail::check_alternative_count(a, "/matrix");
    const bool uncertain = !p.uncertainty.empty();
    if (uncertain && static_cast<Eigen::Index>(p.uncertainty.size()) != a * c)
        throw invalid_input("adva.smaa.shape", "/uncertainty", "one distribution per cell (alternatives x criteria) is required",
                            std::to_string(p.uncertainty.size()) + " for " + std::to_string(a) + " x " + std::to_string(c));
    for (Eigen::Index i = 0; i < a; ++i)
        for (Eigen::Index k = 0; k < c; ++k) {
            const bool exact = !uncertain || p.uncertainty[static_cast<std::size_t>(i * c + k)].distribution == value_distribution::point;
            if (exact && !std::isfinite(p.values(i, k)))
                throw invalid_input("adva.smaa.not_finite", pointer("/matrix", i, k), "values must be finite", number_text(p.values(i, k)));
            if (!exact) detail::check_distribution(p.uncertainty[static_cast<std::size_t>(i * c + k)], pointer("/uncertainty", i, k));
        }
    if (p.joint) {
        std::vector<bool> seen(static_cast<std::size_t>(a * c), false);
        for (std::size_t j = 0; j < p.joint->cells.size(); ++j) {
            const Eigen::Index cell = p.joint->cells[j];
            const bool in_range = cell >= 0 && cell < a * c;
            if (!in_range || seen[static_cast<std::size_t>(cell)] ||
                (uncertain && p.uncertainty[static_cast<std::size_t>(cell)].distribution != value_distribution::point))
                throw invalid_input("adva.smaa.shape", "/joint/cells/" + std::to_string(j),
                                    "a joint cell is a cell of the matrix, listed once, with no distribution of its own", std::to_string(cell));
            seen[static_cast<std::size_t>(cell)] = true;
        }
        if (!p.joint->fill) throw invalid_input("adva.smaa.shape", "/joint", "joint cells need a sampler", "none");
    }
}

/// Validates externally supplied samples; errors name JSON pointers of the replay format.
inline void validate(const smaa_replay_samples& s) {
    using detail::number_text;
    using detail::pointer;
    const Eigen::Index n = s.weights.rows(), c = s.weights.cols();
    if (n < 1) throw invalid_input("adva.smaa.empty", "/weights", "at least one weight sample is required", "0 samples");
    if (c < 1) throw invalid_input("adva.smaa.empty", "/weights", "weight samples need at least one criterion", "0 criteria");
    for (Eigen::Index b = 0; b < n; ++b) {
        double sum = 0.0;
        for (Eigen::Index k = 0; k < c; ++k) {
            const double w = s.weights(b, k);
            if (!std::isfinite(w)) throw invalid_input("adva.smaa.not_finite", pointer("/weights", b, k), "weights must be finite", number_text(w));
            if (w < 0.0) throw invalid_input("adva.smaa.weights_not_on_simplex", pointer("/weights", b, k), "weights must be non-negative", number_text(w));
            sum += w;
        }
        if (std::abs(sum - 1.0) > 1e-9 * static_cast<double>(c))
            throw invalid_input("adva.smaa.weights_not_on_simplex", pointer("/weights", b),
                                "each weight sample must sum to 1 (within 1e-9 per criterion); adva does not renormalise", number_text(sum));
    }
    if (!s.values.empty()) {
        const Eigen::Index a = s.alternatives;
        if (a < 1) throw invalid_input("adva.smaa.empty", "/values", "at least one alternative is required", std::to_string(a));
        detail::check_alternative_count(a, "/values");
        if (static_cast<std::uint64_t>(s.values.size()) != static_cast<std::uint64_t>(n) * static_cast<std::uint64_t>(a * c))
            throw invalid_input("adva.smaa.shape", "/values", "values must be samples x alternatives x criteria, matching the weights",
                                std::to_string(s.values.size()) + " values for " + std::to_string(n) + " x " + std::to_string(a) + " x " +
                                    std::to_string(c));
        for (std::size_t x = 0; x < s.values.size(); ++x)
            if (!std::isfinite(s.values[x])) {
                const auto q = static_cast<Eigen::Index>(x);
                throw invalid_input("adva.smaa.not_finite",
                                    pointer(pointer("/values", q / (a * c)), (q / c) % a, q % c), "values must be finite",
                                    number_text(s.values[x]));
            }
    } else {
        if (s.matrix.rows() < 1) throw invalid_input("adva.smaa.empty", "/matrix", "at least one alternative (row) is required", "0 rows");
        detail::check_alternative_count(s.matrix.rows(), "/matrix");
        if (s.matrix.cols() != c)
            throw invalid_input("adva.smaa.shape", "/matrix", "the matrix needs one column per weight criterion",
                                std::to_string(s.matrix.cols()) + " columns, " + std::to_string(c) + " criteria");
        for (Eigen::Index i = 0; i < s.matrix.rows(); ++i)
            for (Eigen::Index k = 0; k < c; ++k)
                if (!std::isfinite(s.matrix(i, k)))
                    throw invalid_input("adva.smaa.not_finite", pointer("/matrix", i, k), "values must be finite", number_text(s.matrix(i, k)));
    }
}

}  // namespace adva
