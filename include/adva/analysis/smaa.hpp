#pragma once
// SMAA-2 (Lahdelma & Salminen 2001): stochastic multicriteria acceptability analysis of an additive
// value model. Works on a dense matrix of partial values (alternatives x criteria, higher is better)
// with uncertain weights (none, ordinal, intervals, or uniform per parent of a weight tree) and,
// optionally, uncertain values (uniform, triangular, PERT, truncated normal).
//
// Outputs, each with its Monte Carlo standard error: rank acceptability indices b_i^r, central
// weight vectors, confidence factors and pairwise winning indices. Rank = 1 + the number of
// alternatives strictly better, so tied alternatives share the better rank.
//
// Determinism: every random number is Philox4x32-10 of a counter built from (sample index, stream,
// call) and a key from the seed, so it does not depend on which thread draws it. Samples are cut
// into fixed blocks of smaa_block_size; each block accumulates integer counts and double sums in
// sample order, and blocks are reduced in block order. Same seed => bitwise identical results with
// any number of threads. Memory does not grow with the number of samples.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Dense>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "adva/analysis/detail/smaa_distributions.hpp"
#include "adva/analysis/detail/smaa_philox.hpp"
#include "adva/error.hpp"
#include "adva/threads.hpp"

namespace adva {

// ------------------------------------------------------------------------------------------------
// Problem description
// ------------------------------------------------------------------------------------------------

/// What is known about the weights. Each case has one exact sampler, uniform over the feasible set:
///   none       uniform on the simplex: "normalised_exponentials", w_k = E_k / sum E, E_k = -ln U_k
///              (E_k from one Philox word: detail::exponential_from_word, a 23-bit uniform and a
///              single-precision logarithm; every sampler below uses the same exponentials)
///   ordinal    uniform on {w_(r1) >= w_(r2) >= ...}: "sorted_normalised_exponentials" — a uniform
///              simplex sample sorted in decreasing order and assigned by rank
///   intervals  uniform on {w in simplex, lower <= w <= upper}: "shifted_simplex_rejection" —
///              w = lower + (1 - sum lower) v with v uniform on the simplex (exactly uniform on the
///              set with only the lower bounds), rejected until w <= upper
///   per_parent uniform on each parent's simplex of local weights, independently; a leaf's global
///              weight is the product of local weights from the top ("per_parent_normalised_exponentials").
///              This is not uniform on the global simplex: it is the natural "no information" on a tree.
enum class weight_information { none, ordinal, intervals, per_parent };

inline constexpr std::string_view to_string(weight_information w) noexcept {
    switch (w) {
        case weight_information::none: return "none";
        case weight_information::ordinal: return "ordinal";
        case weight_information::intervals: return "intervals";
        case weight_information::per_parent: return "per_parent";
    }
    return "none";
}

/// A weight tree: nodes listed parents before children. parent[v] is the index of v's parent, -1 for a
/// top-level node; column[v] is the criterion (value-matrix column) of a leaf and -1 for an inner node.
/// Every column appears exactly once.
struct weight_tree {
    std::vector<int> parent;
    std::vector<int> column;
};

struct smaa_weight_model {
    weight_information information = weight_information::none;
    /// ordinal: rank[k] is the importance rank of criterion k, 1 = the largest weight; a permutation
    /// of 1..C (ties are not allowed: state a strict ranking).
    std::vector<int> rank;
    /// intervals: per criterion, lower[k] <= w_k <= upper[k].
    std::vector<double> lower, upper;
    /// per_parent: the tree.
    weight_tree tree;

    static smaa_weight_model uniform() { return {}; }
    static smaa_weight_model ordinal(std::vector<int> r) {
        smaa_weight_model m;
        m.information = weight_information::ordinal;
        m.rank = std::move(r);
        return m;
    }
    static smaa_weight_model intervals(std::vector<double> lo, std::vector<double> hi) {
        smaa_weight_model m;
        m.information = weight_information::intervals;
        m.lower = std::move(lo);
        m.upper = std::move(hi);
        return m;
    }
    static smaa_weight_model per_parent(weight_tree t) {
        smaa_weight_model m;
        m.information = weight_information::per_parent;
        m.tree = std::move(t);
        return m;
    }
};

/// Distribution of one uncertain partial value. Parameters by kind:
///   point             value
///   uniform           lower, upper
///   triangular        lower, value (the mode), upper
///   pert              lower, value (the mode), upper; Beta-PERT with lambda = 4
///   truncated_normal  value (the mean), sd, truncated to [lower, upper] (the scale's ends)
enum class value_distribution { point, uniform, triangular, pert, truncated_normal };

inline constexpr std::string_view to_string(value_distribution d) noexcept {
    switch (d) {
        case value_distribution::point: return "point";
        case value_distribution::uniform: return "uniform";
        case value_distribution::triangular: return "triangular";
        case value_distribution::pert: return "pert";
        case value_distribution::truncated_normal: return "truncated_normal";
    }
    return "point";
}

/// The map from a sampled quantity x to the partial value, applied after sampling, so a cell can be
/// uncertain on a measured scale and valued through a non-linear value function exactly:
///   identity          v = x
///   linear            v = 100 z,                          z = (x - from) / (to - from)
///   exponential       v = 100 (1 - e^{-rho z}) / (1 - e^{-rho})  (rho = 0: linear)
///   piecewise_linear  interpolation between points (x, v), x strictly increasing; the end values
///                     hold outside them
/// A decreasing map has from > to (or decreasing point values).
enum class value_transform_kind { identity, linear, exponential, piecewise_linear };

inline constexpr std::string_view to_string(value_transform_kind k) noexcept {
    switch (k) {
        case value_transform_kind::identity: return "identity";
        case value_transform_kind::linear: return "linear";
        case value_transform_kind::exponential: return "exponential";
        case value_transform_kind::piecewise_linear: return "piecewise_linear";
    }
    return "identity";
}

struct value_transform {
    value_transform_kind kind = value_transform_kind::identity;
    double from = 0.0, to = 1.0;  ///< linear, exponential: the levels with z = 0 and z = 1
    double rho = 0.0;             ///< exponential
    std::vector<std::pair<double, double>> points;  ///< piecewise_linear: (x, v)

    static value_transform identity() { return {}; }
    static value_transform linear(double from, double to) { return {value_transform_kind::linear, from, to, 0.0, {}}; }
    static value_transform exponential(double from, double to, double rho) {
        return {value_transform_kind::exponential, from, to, rho, {}};
    }
    static value_transform piecewise_linear(std::vector<std::pair<double, double>> points) {
        return {value_transform_kind::piecewise_linear, 0.0, 1.0, 0.0, std::move(points)};
    }
};

/// v(x) for the transform t (see value_transform).
inline double apply(const value_transform& t, double x) {
    switch (t.kind) {
        case value_transform_kind::identity: return x;
        case value_transform_kind::linear: return 100.0 * ((x - t.from) / (t.to - t.from));
        case value_transform_kind::exponential: {
            const double z = (x - t.from) / (t.to - t.from);
            if (t.rho == 0.0) return 100.0 * z;
            return 100.0 * (1.0 - std::exp(-t.rho * z)) / (1.0 - std::exp(-t.rho));
        }
        case value_transform_kind::piecewise_linear: {
            const auto& p = t.points;
            if (x <= p.front().first) return p.front().second;
            if (x >= p.back().first) return p.back().second;
            const auto hi = std::upper_bound(p.begin(), p.end(), x, [](double v, const std::pair<double, double>& b) { return v < b.first; });
            const auto lo = hi - 1;
            const double f = (x - lo->first) / (hi->first - lo->first);
            return lo->second + f * (hi->second - lo->second);
        }
    }
    return x;
}

struct uncertain_value {
    value_distribution distribution = value_distribution::point;
    double value = 0.0;  ///< the point, the mode, or the mean
    double lower = 0.0, upper = 0.0;
    double sd = 0.0;
    /// Applied to each sampled x (not to point cells, whose value is the matrix entry).
    value_transform transform = {};

    /// An exact cell: it takes its value from smaa_problem::values.
    static uncertain_value exact() { return {}; }
    static uncertain_value uniform(double lo, double hi) { return {value_distribution::uniform, 0.5 * (lo + hi), lo, hi, 0.0, {}}; }
    static uncertain_value triangular(double lo, double mode, double hi) { return {value_distribution::triangular, mode, lo, hi, 0.0, {}}; }
    static uncertain_value pert(double lo, double mode, double hi) { return {value_distribution::pert, mode, lo, hi, 0.0, {}}; }
    static uncertain_value truncated_normal(double mean, double sd, double lo, double hi) {
        return {value_distribution::truncated_normal, mean, lo, hi, sd, {}};
    }
    /// The same distribution with its samples mapped through t.
    uncertain_value through(value_transform t) const {
        uncertain_value d = *this;
        d.transform = std::move(t);
        return d;
    }
};

/// Inverse CDF of the value's distribution at u in (0, 1) (not used for point cells).
inline double quantile(const uncertain_value& d, double u) {
    switch (d.distribution) {
        case value_distribution::point: return d.value;
        case value_distribution::uniform: return d.lower + (d.upper - d.lower) * u;
        case value_distribution::triangular: return detail::triangular_quantile(d.lower, d.value, d.upper, u);
        case value_distribution::pert: return detail::pert_quantile(d.lower, d.value, d.upper, u);
        case value_distribution::truncated_normal:
            return detail::truncated_normal_quantile(d.value, d.sd, d.lower, d.upper, u);
    }
    return d.value;
}

/// The partial value sampled from uniform u: the transform of the quantile.
inline double sample_value(const uncertain_value& d, double u) { return apply(d.transform, quantile(d, u)); }

struct smaa_problem {
    /// Partial values, alternatives x criteria, higher is better. Cells with a non-point distribution
    /// are sampled instead (their entry here is only informative).
    Eigen::MatrixXd values;
    /// Empty: every value is exact. Otherwise one entry per cell, alternative-major (i * C + k);
    /// a `point` entry means the cell is exact (values(i, k)).
    std::vector<uncertain_value> uncertainty;
    smaa_weight_model weights;
};

struct smaa_options {
    std::uint64_t samples = 10000;
    std::uint64_t seed = 0;
    int threads = 0;  ///< 0 = every core TBB may use; at most max_threads (adva/threads.hpp)
};

/// Samples per block; fixes the floating-point summation order, so it is part of the results'
/// definition (changing it changes central weights in the last bits).
inline constexpr Eigen::Index smaa_block_size = 2048;
static_assert(smaa_block_size / 8 < 32768, "the fused kernel counts a block's groups in 16-bit lanes");

/// Output of SMAA-2. Matrices are indexed [alternative][rank - 1], [alternative][criterion],
/// [alternative][alternative]. NaN marks an undefined entry: the central weight (and confidence
/// factor) of an alternative that is never first, a standard error from fewer than two samples.
struct smaa_result {
    std::uint64_t samples = 0;
    std::string weight_sampler;                       ///< the sampler's name (see weight_information)
    Eigen::MatrixXd rank_acceptability;               ///< b_i^r = P(rank of i = r)
    Eigen::MatrixXd rank_acceptability_standard_error;
    Eigen::MatrixXd central_weights;                  ///< E[w | i ranks first]
    Eigen::MatrixXd central_weights_standard_error;   ///< standard error of that conditional mean
    std::vector<bool> central_weight_defined;         ///< false when b_i^1 = 0
    Eigen::VectorXd confidence_factors;               ///< P(i first | w = its central weight)
    Eigen::VectorXd confidence_factors_standard_error;
    std::uint64_t confidence_samples = 0;             ///< 0 when values are exact (factors are 0 or 1)
    Eigen::MatrixXd pairwise_winning;                 ///< P(u_i > u_j)
    Eigen::MatrixXd pairwise_winning_standard_error;
    /// The integer counts behind rank_acceptability and pairwise_winning (exact, for replay checks).
    Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> rank_counts, pairwise_counts;
};

/// Externally supplied samples (see smaa_replay): N weight vectors and, per sample, a full value
/// matrix (values, sample-major: ((n * A) + i) * C + k), or one exact matrix for every sample.
struct smaa_replay_samples {
    Eigen::MatrixXd weights;      ///< N x C
    std::vector<double> values;   ///< N x A x C, or empty when `matrix` is used
    Eigen::MatrixXd matrix;       ///< A x C, used when `values` is empty
    Eigen::Index alternatives = 0;  ///< A (needed with `values`; taken from `matrix` otherwise)
};

/// A block of weight samples: one row per sample, so a sample's weights are contiguous.
using smaa_weight_block = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

namespace detail {

inline std::string smaa_pointer(std::string_view base, Eigen::Index i) { return std::string(base) + "/" + std::to_string(i); }
inline std::string smaa_pointer(std::string_view base, Eigen::Index i, Eigen::Index j) {
    return smaa_pointer(base, i) + "/" + std::to_string(j);
}
inline std::string smaa_number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

inline constexpr std::uint32_t weight_stream = 0;
inline constexpr std::uint32_t pilot_stream = 0xFFFFFFFFu;
inline std::uint32_t value_stream(Eigen::Index cell, Eigen::Index cells, int pass) {
    return static_cast<std::uint32_t>(1 + cell + (pass == 2 ? cells : 0));
}

}  // namespace detail

// ------------------------------------------------------------------------------------------------
// Weight samplers
// ------------------------------------------------------------------------------------------------

/// Draws weight vectors for a block of consecutive sample indices; sample s's weights depend only on
/// (seed, s). Validates the weight model at construction.
class weight_sampler {
public:
    weight_sampler(const smaa_weight_model& model, Eigen::Index criteria, std::uint64_t seed)
        : model_(model), criteria_(criteria), key_(detail::philox_key_from_seed(seed)) {
        using detail::smaa_number;
        using detail::smaa_pointer;
        if (criteria < 1) throw invalid_input("adva.smaa.empty", "/matrix", "at least one criterion is required", "0");
        switch (model.information) {
            case weight_information::none: name_ = "normalised_exponentials"; break;
            case weight_information::ordinal: {
                name_ = "sorted_normalised_exponentials";
                if (static_cast<Eigen::Index>(model.rank.size()) != criteria)
                    throw invalid_input("adva.smaa.shape", "/weights/rank", "one rank per criterion is required",
                                        std::to_string(model.rank.size()) + " ranks for " + std::to_string(criteria) + " criteria");
                by_rank_.assign(static_cast<std::size_t>(criteria), -1);
                for (Eigen::Index k = 0; k < criteria; ++k) {
                    const int r = model.rank[static_cast<std::size_t>(k)];
                    if (r < 1 || r > criteria || by_rank_[static_cast<std::size_t>(r - 1)] != -1)
                        throw invalid_input("adva.smaa.invalid_ranking", smaa_pointer("/weights/rank", k),
                                            "ranks must be a permutation of 1.." + std::to_string(criteria), std::to_string(r));
                    by_rank_[static_cast<std::size_t>(r - 1)] = static_cast<int>(k);
                }
                break;
            }
            case weight_information::intervals: {
                name_ = "shifted_simplex_rejection";
                check_intervals();
                break;
            }
            case weight_information::per_parent: {
                name_ = "per_parent_normalised_exponentials";
                check_tree();
                break;
            }
        }
    }

    const std::string& name() const noexcept { return name_; }
    Eigen::Index criteria() const noexcept { return criteria_; }
    /// Estimated acceptance rate of the rejection sampler (1 for every other sampler).
    double acceptance_rate() const noexcept { return acceptance_; }

    /// out(b, k) = weight of criterion k in sample first + b, for b < count. Resizes out to count x C.
    void sample(std::uint64_t first, Eigen::Index count, smaa_weight_block& out) const {
        out.resize(count, criteria_);
        switch (model_.information) {
            case weight_information::none:
                detail::fill_exponentials(first, count, criteria_, detail::weight_stream, 0, key_, out);
                normalise_exponentials(out, count);
                return;
            case weight_information::ordinal: {
                detail::fill_exponentials(first, count, criteria_, detail::weight_stream, 0, key_, out);
                normalise_exponentials(out, count);
                std::vector<double> row(static_cast<std::size_t>(criteria_));
                for (Eigen::Index b = 0; b < count; ++b) {
                    for (Eigen::Index k = 0; k < criteria_; ++k) row[static_cast<std::size_t>(k)] = out(b, k);
                    std::sort(row.begin(), row.end(), std::greater<>());
                    for (Eigen::Index r = 0; r < criteria_; ++r) out(b, by_rank_[static_cast<std::size_t>(r)]) = row[static_cast<std::size_t>(r)];
                }
                return;
            }
            case weight_information::intervals: {
                std::vector<double> w(static_cast<std::size_t>(criteria_));
                for (Eigen::Index b = 0; b < count; ++b) {
                    draw_interval(first + static_cast<std::uint64_t>(b), detail::weight_stream, w.data());
                    for (Eigen::Index k = 0; k < criteria_; ++k) out(b, k) = w[static_cast<std::size_t>(k)];
                }
                return;
            }
            case weight_information::per_parent: sample_tree(first, count, out); return;
        }
    }

private:
    // Exponentials (detail::exponential_from_word) normalised per row: each row summed in criterion
    // order, then multiplied by the sum's reciprocal (the fused engine computes the same bits).
    void normalise_exponentials(smaa_weight_block& w, Eigen::Index count) const {
        for (Eigen::Index b = 0; b < count; ++b) {
            double* row = w.data() + b * criteria_;
            double sum = 0.0;
            for (Eigen::Index k = 0; k < criteria_; ++k) sum += row[k];
            const double inverse = 1.0 / sum;
            for (Eigen::Index k = 0; k < criteria_; ++k) row[k] *= inverse;
        }
    }

    // One rejection-sampled weight vector for sample s; attempt a uses Philox calls a*calls .. .
    // Returns the number of attempts used.
    std::uint64_t draw_interval(std::uint64_t s, std::uint32_t stream, double* w) const {
        const Eigen::Index calls = (criteria_ + 3) / 4;
        for (std::uint64_t attempt = 0; attempt < max_attempts_; ++attempt) {
            detail::sample_exponentials(s, criteria_, stream, static_cast<std::uint32_t>(attempt * calls), key_, w);
            double sum = 0.0;
            for (Eigen::Index k = 0; k < criteria_; ++k) sum += w[k];
            bool inside = true;
            for (Eigen::Index k = 0; k < criteria_; ++k) {
                w[k] = model_.lower[static_cast<std::size_t>(k)] + slack_ * (w[k] / sum);
                inside = inside && w[k] <= model_.upper[static_cast<std::size_t>(k)];
            }
            if (inside) return attempt + 1;
        }
        throw computation_error("adva.smaa.rejection_exhausted", "/weights",
                                "the interval sampler found no feasible weight vector within " + std::to_string(max_attempts_) +
                                    " attempts", "sample " + std::to_string(s));
    }

    void check_intervals() {
        using detail::smaa_number;
        using detail::smaa_pointer;
        const auto& lo = model_.lower;
        const auto& hi = model_.upper;
        if (static_cast<Eigen::Index>(lo.size()) != criteria_ || static_cast<Eigen::Index>(hi.size()) != criteria_)
            throw invalid_input("adva.smaa.shape", lo.size() != static_cast<std::size_t>(criteria_) ? "/weights/lower" : "/weights/upper",
                                "one lower and one upper bound per criterion are required",
                                std::to_string(lo.size()) + " lower, " + std::to_string(hi.size()) + " upper for " +
                                    std::to_string(criteria_) + " criteria");
        double sum_lo = 0.0, sum_hi = 0.0;
        for (Eigen::Index k = 0; k < criteria_; ++k) {
            const double l = lo[static_cast<std::size_t>(k)], h = hi[static_cast<std::size_t>(k)];
            if (!std::isfinite(l) || !std::isfinite(h))
                throw invalid_input("adva.smaa.not_finite", smaa_pointer(std::isfinite(l) ? "/weights/upper" : "/weights/lower", k),
                                    "weight bounds must be finite", smaa_number(std::isfinite(l) ? h : l));
            if (l < 0.0 || h > 1.0 || l > h)
                throw invalid_input("adva.smaa.infeasible_intervals", smaa_pointer("/weights/lower", k),
                                    "weight bounds need 0 <= lower <= upper <= 1",
                                    "[" + smaa_number(l) + ", " + smaa_number(h) + "]");
            sum_lo += l;
            sum_hi += h;
        }
        if (sum_lo > 1.0 || sum_hi < 1.0)
            throw invalid_input("adva.smaa.infeasible_intervals", "/weights",
                                "no weight vector satisfies the intervals: need sum(lower) <= 1 <= sum(upper)",
                                "sum(lower) = " + smaa_number(sum_lo) + ", sum(upper) = " + smaa_number(sum_hi));
        slack_ = 1.0 - sum_lo;
        max_attempts_ = std::min<std::uint64_t>(max_attempts_, 0xFFFFFFFFull / static_cast<std::uint64_t>((criteria_ + 3) / 4));
        // Upper bounds that the shifted simplex can never exceed do not reject; skip the pilot then.
        bool rejects = false;
        for (Eigen::Index k = 0; k < criteria_; ++k)
            rejects = rejects || lo[static_cast<std::size_t>(k)] + slack_ > hi[static_cast<std::size_t>(k)];
        if (!rejects) return;
        // Pilot run on its own stream: the acceptance rate decides feasibility in practice.
        std::vector<double> w(static_cast<std::size_t>(criteria_));
        acceptance_ = estimate_acceptance(w);
        if (acceptance_ < minimum_acceptance)
            throw invalid_input("adva.smaa.infeasible_intervals", "/weights",
                                "the intervals leave too small a part of the simplex for exact rejection sampling (acceptance rate below " +
                                    smaa_number(minimum_acceptance) + ")",
                                "estimated acceptance rate " + smaa_number(acceptance_));
    }

    // Acceptance rate over pilot_draws draws of the shifted simplex (pilot stream, one attempt each).
    double estimate_acceptance(std::vector<double>& w) const {
        std::uint64_t accepted = 0;
        for (std::uint64_t s = 0; s < pilot_draws; ++s) {
            detail::sample_exponentials(s, criteria_, detail::pilot_stream, 0, key_, w.data());
            double sum = 0.0;
            for (const double x : w) sum += x;
            bool inside = true;
            for (Eigen::Index k = 0; k < criteria_; ++k)
                inside = inside && model_.lower[static_cast<std::size_t>(k)] + slack_ * (w[static_cast<std::size_t>(k)] / sum) <=
                                       model_.upper[static_cast<std::size_t>(k)];
            accepted += inside ? 1 : 0;
        }
        return static_cast<double>(accepted) / static_cast<double>(pilot_draws);
    }

    void check_tree() {
        using detail::smaa_pointer;
        const auto& t = model_.tree;
        const Eigen::Index nodes = static_cast<Eigen::Index>(t.parent.size());
        if (nodes < 1 || static_cast<Eigen::Index>(t.column.size()) != nodes)
            throw invalid_input("adva.smaa.invalid_tree", "/weights/tree", "the tree needs one parent and one column entry per node",
                                std::to_string(t.parent.size()) + " parents, " + std::to_string(t.column.size()) + " columns");
        std::vector<int> children(static_cast<std::size_t>(nodes), 0);
        for (Eigen::Index v = 0; v < nodes; ++v) {
            const int p = t.parent[static_cast<std::size_t>(v)];
            if (p < -1 || p >= v)
                throw invalid_input("adva.smaa.invalid_tree", smaa_pointer("/weights/tree/parent", v),
                                    "a node's parent must be -1 (top level) or an earlier node", std::to_string(p));
            if (p >= 0) ++children[static_cast<std::size_t>(p)];
        }
        std::vector<int> seen(static_cast<std::size_t>(criteria_), 0);
        for (Eigen::Index v = 0; v < nodes; ++v) {
            const int c = t.column[static_cast<std::size_t>(v)];
            const bool leaf = children[static_cast<std::size_t>(v)] == 0;
            if (leaf ? (c < 0 || c >= criteria_ || seen[static_cast<std::size_t>(c)]++ > 0) : c != -1)
                throw invalid_input("adva.smaa.invalid_tree", smaa_pointer("/weights/tree/column", v),
                                    leaf ? "each leaf maps to a distinct criterion column" : "an inner node has column -1",
                                    std::to_string(c));
        }
        for (Eigen::Index k = 0; k < criteria_; ++k)
            if (seen[static_cast<std::size_t>(k)] == 0)
                throw invalid_input("adva.smaa.invalid_tree", "/weights/tree/column", "every criterion column belongs to one leaf",
                                    "column " + std::to_string(k) + " has no leaf");
    }

    // Local weights = exponential / sum of its siblings' exponentials (division, so that a single
    // child gets exactly 1); global = product along the path (parents precede children).
    void sample_tree(std::uint64_t first, Eigen::Index count, smaa_weight_block& out) const {
        const auto& t = model_.tree;
        const Eigen::Index nodes = static_cast<Eigen::Index>(t.parent.size());
        Eigen::MatrixXd e(count, nodes);
        detail::fill_exponentials(first, count, nodes, detail::weight_stream, 0, key_, e);
        Eigen::MatrixXd group_sum = Eigen::MatrixXd::Zero(count, nodes + 1);  // column p + 1 = children of p
        for (Eigen::Index v = 0; v < nodes; ++v) group_sum.col(t.parent[static_cast<std::size_t>(v)] + 1) += e.col(v);
        for (Eigen::Index v = 0; v < nodes; ++v) {
            const int p = t.parent[static_cast<std::size_t>(v)];
            e.col(v).array() /= group_sum.col(p + 1).array();
            if (p >= 0) e.col(v).array() *= e.col(p).array();
            if (t.column[static_cast<std::size_t>(v)] >= 0) out.col(t.column[static_cast<std::size_t>(v)]) = e.col(v);
        }
    }

    static constexpr std::uint64_t pilot_draws = 200'000;
    static constexpr double minimum_acceptance = 1e-4;  // >= 20 acceptances in the pilot

    smaa_weight_model model_;
    Eigen::Index criteria_;
    detail::philox_key key_;
    std::string name_;
    std::vector<int> by_rank_;  // ordinal: criterion of rank r + 1
    double slack_ = 1.0;
    double acceptance_ = 1.0;
    // At acceptance >= 1e-4, 10^7 attempts fail with probability e^-1000; the cap also keeps the
    // Philox call index (attempt * calls) within 32 bits.
    std::uint64_t max_attempts_ = 10'000'000ull;
};

// ------------------------------------------------------------------------------------------------
// Engine
// ------------------------------------------------------------------------------------------------

namespace detail {

/// Per-block accumulators of the first pass: integer counts and sums in sample order.
struct smaa_counts {
    Eigen::Index alternatives = 0, criteria = 0;
    std::vector<std::int64_t> rank;          // [i * A + (rank - 1)]
    std::vector<std::int64_t> pair;          // [i * A + j]: u_i > u_j
    std::vector<double> weight_sum, weight_square_sum;  // [i * C + k] over samples where i is first

    smaa_counts(Eigen::Index a, Eigen::Index c)
        : alternatives(a), criteria(c), rank(static_cast<std::size_t>(a * a)), pair(static_cast<std::size_t>(a * a)),
          weight_sum(static_cast<std::size_t>(a * c)), weight_square_sum(static_cast<std::size_t>(a * c)) {}
    void clear() {
        std::fill(rank.begin(), rank.end(), 0);
        std::fill(pair.begin(), pair.end(), 0);
        std::fill(weight_sum.begin(), weight_sum.end(), 0.0);
        std::fill(weight_square_sum.begin(), weight_square_sum.end(), 0.0);
    }
    void add(const smaa_counts& o) {
        for (std::size_t x = 0; x < rank.size(); ++x) rank[x] += o.rank[x];
        for (std::size_t x = 0; x < pair.size(); ++x) pair[x] += o.pair[x];
        for (std::size_t x = 0; x < weight_sum.size(); ++x) weight_sum[x] += o.weight_sum[x];
        for (std::size_t x = 0; x < weight_square_sum.size(); ++x) weight_square_sum[x] += o.weight_square_sum[x];
    }
};

/// Second-pass accumulator: samples in which alternative i is first under its central weights.
struct smaa_first_counts {
    std::vector<std::int64_t> first;
    explicit smaa_first_counts(Eigen::Index a) : first(static_cast<std::size_t>(a)) {}
    void clear() { std::fill(first.begin(), first.end(), 0); }
    void add(const smaa_first_counts& o) {
        for (std::size_t x = 0; x < first.size(); ++x) first[x] += o.first[x];
    }
};

/// A growable buffer whose data is 32-byte aligned, so AVX2 loads and stores never split a cache line.
template <class T>
class aligned_buffer {
public:
    /// n elements set to `value`; returns the aligned data.
    T* assign(std::size_t n, T value) {
        storage_.assign(n + 32 / sizeof(T), value);
        const auto address = reinterpret_cast<std::uintptr_t>(storage_.data());
        data_ = storage_.data() + ((32 - address % 32) % 32) / sizeof(T);
        return data_;
    }
    T* data() noexcept { return data_; }

private:
    std::vector<T> storage_;
    T* data_ = nullptr;
};

/// Block-local buffers, reused by each worker thread.
struct smaa_scratch {
    smaa_weight_block weights;  // n x C
    Eigen::MatrixXd utilities;  // n x A
    Eigen::MatrixXd cells;      // n x (A * C) or n x 1
    Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic> better;  // n x A: alternatives strictly better
    // The fused kernel's buffers (a few KB, so they stay in L1). Portable path, 8 samples side by side:
    std::vector<double> group_weights;       // C x 8: weight of criterion k in lane j at k * 8 + j
    std::vector<double> group_utilities;     // A x 8
    std::vector<std::int64_t> group_better;  // A
    // AVX2 path, 16 samples in slot order (fused_slot_of_sample):
    aligned_buffer<std::uint32_t> wide_words;  // 2 x ceil(C / 4) x 4 x 8 Philox words
    aligned_buffer<double> wide_weights;      // ceil4(C) x 16, rows C.. zero
    aligned_buffer<double> wide_utilities;    // ceil2(A) x 16 (an odd A's last row: -inf)
    aligned_buffer<double> wide_rows;         // 16 x ceil4(C): sample j's weights at j * ceil4(C)
    aligned_buffer<double> central_sums;      // 2 x A x ceil4(C): a block's central-weight sums and squares
    aligned_buffer<std::uint8_t> wide_ranks;  // A x 16 words: alternatives strictly better (word j: sample j)
    aligned_buffer<std::uint8_t> pair_bytes;  // A x ceil(A / 2) x 32: per-lane pairwise counts of a block
    aligned_buffer<std::uint8_t> rank_bytes;  // ceil(A / 2) x A x 32: per-lane rank counts of a block
};

inline std::size_t stats_bytes(const smaa_counts& s) {
    return sizeof(std::int64_t) * (s.rank.size() + s.pair.size()) + sizeof(double) * (s.weight_sum.size() + s.weight_square_sum.size());
}
inline std::size_t stats_bytes(const smaa_first_counts& s) { return sizeof(std::int64_t) * s.first.size(); }

/// Runs kernel(first_sample, count, scratch, stats) on every block of smaa_block_size samples and
/// adds the blocks' stats into `total` in block order. Blocks run in parallel in waves of at most
/// 1024 blocks whose stats take at most about 4 MB, so memory is bounded whatever the number of
/// samples; the wave size changes neither the block order nor the results, only how often the
/// threads meet (a thread descheduled on a busy machine holds up the others at each wave's end).
template <class Stats, class Kernel>
void run_blocks(std::uint64_t samples, int threads, Stats& total, Kernel&& kernel) {
    const auto block = static_cast<std::uint64_t>(smaa_block_size);
    const std::uint64_t blocks = (samples + block - 1) / block;
    const std::uint64_t wave = std::clamp<std::uint64_t>((std::size_t{4} << 20) / std::max<std::size_t>(1, stats_bytes(total)), 64, 1024);
    std::vector<Stats> slots(static_cast<std::size_t>(std::min(wave, blocks)), total);
    tbb::enumerable_thread_specific<smaa_scratch> scratch;
    auto body = [&] {
        for (std::uint64_t w0 = 0; w0 < blocks; w0 += wave) {
            const std::uint64_t in_wave = std::min(wave, blocks - w0);
            tbb::parallel_for(
                tbb::blocked_range<std::uint64_t>(0, in_wave, 1),
                [&](const tbb::blocked_range<std::uint64_t>& r) {
                    smaa_scratch& sc = scratch.local();
                    for (std::uint64_t q = r.begin(); q != r.end(); ++q) {
                        Stats& st = slots[static_cast<std::size_t>(q)];
                        st.clear();
                        const std::uint64_t first = (w0 + q) * block;
                        kernel(first, static_cast<Eigen::Index>(std::min(block, samples - first)), sc, st);
                    }
                },
                tbb::simple_partitioner());
            for (std::uint64_t q = 0; q < in_wave; ++q) total.add(slots[static_cast<std::size_t>(q)]);
        }
    };
    if (threads > 0) {
        tbb::task_arena arena(threads);
        arena.execute(body);
    } else {
        body();
    }
}

/// Ranks, pairwise wins and central-weight sums of one block (weights n x C, utilities n x A).
inline void accumulate_block(const smaa_weight_block& weights, const Eigen::MatrixXd& utilities, smaa_scratch& sc,
                             smaa_counts& out) {
    const Eigen::Index n = utilities.rows(), a = utilities.cols(), c = weights.cols();
    auto& better = sc.better;
    better.setZero(n, a);
    for (Eigen::Index i = 0; i < a; ++i) {
        const double* __restrict ui = utilities.col(i).data();
        std::int32_t* __restrict bi = better.col(i).data();
        for (Eigen::Index j = i + 1; j < a; ++j) {
            const double* __restrict uj = utilities.col(j).data();
            std::int32_t* __restrict bj = better.col(j).data();
            std::int32_t wins_ij = 0, wins_ji = 0;  // a block has < 2^31 samples
            for (Eigen::Index b = 0; b < n; ++b) {
                const std::int32_t gij = ui[b] > uj[b];
                const std::int32_t gji = uj[b] > ui[b];
                bi[b] += gji;
                bj[b] += gij;
                wins_ij += gij;
                wins_ji += gji;
            }
            out.pair[static_cast<std::size_t>(i * a + j)] += wins_ij;
            out.pair[static_cast<std::size_t>(j * a + i)] += wins_ji;
        }
    }
    for (Eigen::Index i = 0; i < a; ++i) {
        const std::int32_t* bi = better.col(i).data();
        std::int64_t* histogram = out.rank.data() + i * a;
        for (Eigen::Index b = 0; b < n; ++b) ++histogram[bi[b]];
        double* sum = out.weight_sum.data() + i * c;
        double* square = out.weight_square_sum.data() + i * c;
        for (Eigen::Index b = 0; b < n; ++b) {
            if (bi[b] != 0) continue;
            const double* w = weights.data() + b * c;
            for (Eigen::Index k = 0; k < c; ++k) {
                sum[k] += w[k];
                square[k] += w[k] * w[k];
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Fused first pass for exact values
// ------------------------------------------------------------------------------------------------
//
// Per group of consecutive samples, without materialising anything beyond the group:
//   weights    generated here for the uniform sampler (Philox words -> exponentials -> normalised,
//              the same bits as weight_sampler::sample) or read from the sampler's block;
//   utilities  u_i = sum_k w_k v_ik as a chain of fused multiply-adds in criterion order;
//   ranks      the number of alternatives strictly better, from the A(A-1) ordered comparisons,
//              which also give the pairwise counts;
//   central    the first-ranked alternatives' weights (and squares) added in sample order.
// The AVX2 path works on groups of 16 samples (four double vectors; two alternatives' comparison
// masks packed into one byte vector, so one byte subtraction counts 2 x 16 comparisons); the portable
// path works sample by sample. Both compute the same bits; tests compare them. The samples after the
// last full group of 16 (only in a partial last block) take the portable path.

struct fused_problem {
    const double* values = nullptr;  // A x C, row-major: v_ik at i * C + k
    Eigen::Index a = 0, c = 0;
    bool generate_uniform = false;   // weight_information::none: weights made in the kernel
    philox_key key{};
};

/// The central-weight sums of one sample whose alternative i is first.
inline void add_first_weights(const double* w, std::size_t stride, Eigen::Index c, double* sum, double* square) noexcept {
    for (Eigen::Index k = 0; k < c; ++k) {
        const double x = w[static_cast<std::size_t>(k) * stride];
        sum[k] += x;
        square[k] = std::fma(x, x, square[k]);
    }
}

/// The portable kernel on `lanes` <= 8 consecutive samples from `first` (b0: their row in `block`).
inline void fused_group_scalar(const fused_problem& p, std::uint64_t first, Eigen::Index lanes, const smaa_weight_block& block,
                               Eigen::Index b0, smaa_scratch& sc, smaa_counts& st) {
    const Eigen::Index a = p.a, c = p.c;
    double* w = sc.group_weights.data();
    if (p.generate_uniform) {
        std::uint32_t words[4 * philox_lanes];
        for (Eigen::Index call = 0; 4 * call < c; ++call) {
            philox4x32_10_x8_scalar(first, weight_stream, static_cast<std::uint32_t>(call), p.key, words);
            for (Eigen::Index q = 0; q < 4 && 4 * call + q < c; ++q)
                for (Eigen::Index j = 0; j < lanes; ++j)
                    w[(4 * call + q) * philox_lanes + j] = static_cast<double>(exponential_from_word(words[q * philox_lanes + j]));
        }
        for (Eigen::Index j = 0; j < lanes; ++j) {
            double sum = 0.0;
            for (Eigen::Index k = 0; k < c; ++k) sum += w[k * philox_lanes + j];
            const double inverse = 1.0 / sum;
            for (Eigen::Index k = 0; k < c; ++k) w[k * philox_lanes + j] *= inverse;
        }
    } else {
        for (Eigen::Index j = 0; j < lanes; ++j)
            for (Eigen::Index k = 0; k < c; ++k) w[k * philox_lanes + j] = block(b0 + j, k);
    }
    double* u = sc.group_utilities.data();
    std::int64_t* better = sc.group_better.data();
    for (Eigen::Index j = 0; j < lanes; ++j) {
        for (Eigen::Index i = 0; i < a; ++i) {
            double x = 0.0;
            for (Eigen::Index k = 0; k < c; ++k) x = std::fma(w[k * philox_lanes + j], p.values[i * c + k], x);
            u[i] = x;
            better[i] = 0;
        }
        for (Eigen::Index i = 0; i < a; ++i)
            for (Eigen::Index k = i + 1; k < a; ++k) {
                const bool ik = u[i] > u[k], ki = u[k] > u[i];
                better[k] += ik;
                better[i] += ki;
                st.pair[static_cast<std::size_t>(i * a + k)] += ik;
                st.pair[static_cast<std::size_t>(k * a + i)] += ki;
            }
        for (Eigen::Index i = 0; i < a; ++i) {
            ++st.rank[static_cast<std::size_t>(i * a + better[i])];
            if (better[i] == 0)
                add_first_weights(w + j, philox_lanes, c, st.weight_sum.data() + i * c, st.weight_square_sum.data() + i * c);
        }
    }
}

/// The portable kernel on n samples from `first` (rows b0.. of `block`), 8 at a time.
inline void fused_samples_scalar(const fused_problem& p, std::uint64_t first, Eigen::Index b0, Eigen::Index n,
                                 const smaa_weight_block& block, smaa_scratch& sc, smaa_counts& st) {
    for (Eigen::Index b = b0; b < b0 + n; b += philox_lanes)
        fused_group_scalar(p, first + static_cast<std::uint64_t>(b - b0), std::min<Eigen::Index>(philox_lanes, b0 + n - b), block, b,
                           sc, st);
}

/// Samples per group of the AVX2 kernel, and the largest A whose ranks fit its byte lanes.
inline constexpr Eigen::Index fused_group_samples = 16;
inline constexpr Eigen::Index fused_max_alternatives = 255;
static_assert(smaa_block_size % fused_group_samples == 0, "the AVX2 kernel fills whole blocks with groups");
static_assert(smaa_block_size / fused_group_samples <= 255, "a block's per-lane counts fit a byte");

/// Where sample j of an AVX2 group sits: slot v * 4 + l is lane l of double vector v. The order makes
/// the byte packing of the four vectors' 64-bit comparison masks (packs_epi32, then packs_epi16)
/// come out in sample order: bytes 2j and 2j + 1 (the two halves of sample j's mask) belong to
/// sample j, and 16-bit word j too.
inline constexpr int fused_slot_of_sample[fused_group_samples] = {0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15};
inline constexpr int fused_sample_of_slot[fused_group_samples] = {0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15};
static_assert([] {
    for (int j = 0; j < fused_group_samples; ++j)
        if (fused_sample_of_slot[fused_slot_of_sample[j]] != j) return false;
    return true;
}(), "the slot tables are inverse permutations");

#if ADVA_X86
/// Utilities of R alternatives (rows v, v + C, ...) for the 16 samples of a group: R x 4 chains of
/// fused multiply-adds in criterion order.
template <int R>
ADVA_TARGET_AVX2_FMA inline void wide_utilities_avx2(const double* v, Eigen::Index c, const double* w, double* u) noexcept {
    __m256d acc[R][4];
    for (int r = 0; r < R; ++r)
        for (int q = 0; q < 4; ++q) acc[r][q] = _mm256_setzero_pd();
    for (Eigen::Index k = 0; k < c; ++k) {
        const double* wk = w + k * fused_group_samples;
        const __m256d w0 = _mm256_load_pd(wk), w1 = _mm256_load_pd(wk + 4), w2 = _mm256_load_pd(wk + 8), w3 = _mm256_load_pd(wk + 12);
        for (int r = 0; r < R; ++r) {
            const __m256d x = _mm256_broadcast_sd(v + r * c + k);
            acc[r][0] = _mm256_fmadd_pd(w0, x, acc[r][0]);
            acc[r][1] = _mm256_fmadd_pd(w1, x, acc[r][1]);
            acc[r][2] = _mm256_fmadd_pd(w2, x, acc[r][2]);
            acc[r][3] = _mm256_fmadd_pd(w3, x, acc[r][3]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int q = 0; q < 4; ++q) _mm256_store_pd(u + r * fused_group_samples + 4 * q, acc[r][q]);
}

/// Adds one sample's weights (a row, 32-byte aligned) to an alternative's central-weight sums.
/// (All three 32-byte aligned, padded to a multiple of 4 criteria; the padding adds zeros.)
ADVA_TARGET_AVX2_FMA inline void add_first_row_avx2(const double* row, Eigen::Index padded_c, double* sum, double* square) noexcept {
    for (Eigen::Index k = 0; k < padded_c; k += 4) {
        const __m256d x = _mm256_load_pd(row + k);
        _mm256_store_pd(sum + k, _mm256_add_pd(_mm256_load_pd(sum + k), x));
        _mm256_store_pd(square + k, _mm256_fmadd_pd(x, x, _mm256_load_pd(square + k)));
    }
}

/// Adds the rows of the samples in `samples` (bit 2j: sample j, whose row starts at rows + j * stride),
/// in sample order, to the sums of V vectors of criteria; the sums stay in registers across the
/// samples. (All 32-byte aligned.)
template <int V>
ADVA_TARGET_AVX2_FMA inline void add_first_rows_avx2(const double* rows, Eigen::Index stride, std::uint32_t samples, double* sum,
                                                 double* square) noexcept {
    __m256d s[V], q[V];
    for (int v = 0; v < V; ++v) {
        s[v] = _mm256_load_pd(sum + 4 * v);
        q[v] = _mm256_load_pd(square + 4 * v);
    }
    for (; samples != 0; samples &= samples - 1) {
        const double* row = rows + static_cast<Eigen::Index>(__builtin_ctz(samples) / 2) * stride;
        for (int v = 0; v < V; ++v) {
            const __m256d x = _mm256_load_pd(row + 4 * v);
            s[v] = _mm256_add_pd(s[v], x);
            q[v] = _mm256_fmadd_pd(x, x, q[v]);
        }
    }
    for (int v = 0; v < V; ++v) {
        _mm256_store_pd(sum + 4 * v, s[v]);
        _mm256_store_pd(square + 4 * v, q[v]);
    }
}

/// One criterion's exponentials of a group (e[h]: slots 8h..8h + 7) as doubles into its weight row,
/// added to the slot vectors' sums (criterion order, as the portable path).
ADVA_TARGET_AVX2_FMA inline void store_weight_row_avx2(const __m256* e, double* row, __m256d* sum) noexcept {
    for (int h = 0; h < 2; ++h) {
        const __m256d lo = _mm256_cvtps_pd(_mm256_castps256_ps128(e[h])), hi = _mm256_cvtps_pd(_mm256_extractf128_ps(e[h], 1));
        sum[2 * h] = _mm256_add_pd(sum[2 * h], lo);
        sum[2 * h + 1] = _mm256_add_pd(sum[2 * h + 1], hi);
        _mm256_store_pd(row + 8 * h, lo);
        _mm256_store_pd(row + 8 * h + 4, hi);
    }
}

/// 64-bit masks u_even > u_k in the low and u_odd > u_k in the high 32 bits of each lane (four slots).
ADVA_TARGET_AVX2_FMA inline __m256i greater_pair_avx2(__m256d uk, const double* even, const double* odd) noexcept {
    return _mm256_blend_epi32(_mm256_castpd_si256(_mm256_cmp_pd(uk, _mm256_load_pd(even), _CMP_LT_OQ)),
                              _mm256_castpd_si256(_mm256_cmp_pd(uk, _mm256_load_pd(odd), _CMP_LT_OQ)), 0xAA);
}

/// The AVX2 kernel on `groups` groups of 16 samples from `first` (rows 0.. of `block` unless the
/// weights are generated). Pairwise and rank counts go to per-lane byte counters (sc.pair_bytes,
/// sc.rank_bytes) and central-weight sums to sc.central_sums, which the caller adds up once per
/// block.
ADVA_TARGET_AVX2_FMA inline void fused_groups_avx2(const fused_problem& p, std::uint64_t first, Eigen::Index groups,
                                               const smaa_weight_block& block, smaa_scratch& sc) {
    const Eigen::Index a = p.a, c = p.c, cp = (c + 3) / 4 * 4;
    constexpr Eigen::Index g = fused_group_samples;
    double* w = sc.wide_weights.data();
    double* u = sc.wide_utilities.data();
    double* rows = sc.wide_rows.data();
    auto* ranks = reinterpret_cast<__m256i*>(sc.wide_ranks.data());
    auto* pairs = reinterpret_cast<__m256i*>(sc.pair_bytes.data());
    auto* histogram = reinterpret_cast<__m256i*>(sc.rank_bytes.data());
    const philox_round_keys_avx2 keys = philox_round_keys(p.key);
    const Eigen::Index calls = (c + 3) / 4;
    auto* words = reinterpret_cast<__m256i*>(sc.wide_words.data());  // 2 x calls x 4 Philox words
    // The samples of slots 8h..8h + 7, for the Philox lanes of half h.
    static constexpr std::uint32_t slot_samples[2][8] = {{0, 1, 8, 9, 2, 3, 10, 11}, {4, 5, 12, 13, 6, 7, 14, 15}};
    const __m256i one = _mm256_set1_epi8(1);
    const Eigen::Index pair_slots = (a + 1) / 2;
    std::uint32_t first_samples[fused_max_alternatives];  // per alternative, bit 2j: first in sample j
    // The block's central-weight sums, A x ceil4(C) (aligned; the caller adds them to st).
    double* central_sum = sc.central_sums.data();
    double* central_square = central_sum + a * cp;
    for (Eigen::Index group = 0; group < groups; ++group) {
        const std::uint64_t s0 = first + static_cast<std::uint64_t>(group * g);
        if (p.generate_uniform) {
            // All of the group's Philox words first (independent chains, so they overlap), then the
            // exponentials; half h holds slots 8h..8h + 7.
            for (int h = 0; h < 2; ++h)
                philox4x32_10_calls_avx2(s0, slot_samples[h], weight_stream, 0, calls, keys, words + h * 4 * calls);
            __m256d sum[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
            const __m256i* half0 = words;
            const __m256i* half1 = words + 4 * calls;
            // Four criteria (eight exponentials) in lockstep, then the rest.
            Eigen::Index k = 0;
            for (; k + 4 <= c; k += 4) {
                const __m256i in[8] = {half0[k],     half1[k],     half0[k + 1], half1[k + 1],
                                       half0[k + 2], half1[k + 2], half0[k + 3], half1[k + 3]};
                __m256 e[8];
                exponentials_from_words_avx2<8>(in, e);
                for (int q = 0; q < 4; ++q) store_weight_row_avx2(e + 2 * q, w + (k + q) * g, sum);
            }
            for (; k < c; ++k) {
                const __m256i in[2] = {half0[k], half1[k]};
                __m256 e[2];
                exponentials_from_words_avx2<2>(in, e);
                store_weight_row_avx2(e, w + k * g, sum);
            }
            __m256d inverse[4];
            for (int v = 0; v < 4; ++v) inverse[v] = _mm256_div_pd(_mm256_set1_pd(1.0), sum[v]);
            for (Eigen::Index q = 0; q < c; ++q)
                for (int v = 0; v < 4; ++v) _mm256_store_pd(w + q * g + 4 * v, _mm256_mul_pd(_mm256_load_pd(w + q * g + 4 * v), inverse[v]));
        } else {
            for (Eigen::Index j = 0; j < g; ++j)
                for (Eigen::Index k = 0; k < c; ++k) w[k * g + fused_slot_of_sample[j]] = block(group * g + j, k);
        }
        for (Eigen::Index i0 = 0; i0 < a;) {
            // Three alternatives at a time (12 chains of fused multiply-adds), but two and two rather
            // than three and one at the end: a single alternative has too few chains to fill the units.
            const Eigen::Index r = a - i0 == 4 ? 2 : std::min<Eigen::Index>(3, a - i0);
            const double* v = p.values + i0 * c;
            double* ui = u + i0 * g;
            switch (r) {
                case 3: wide_utilities_avx2<3>(v, c, w, ui); break;
                case 2: wide_utilities_avx2<2>(v, c, w, ui); break;
                default: wide_utilities_avx2<1>(v, c, w, ui); break;
            }
            i0 += r;
        }
        // Ranks and pairwise counts. The 64-bit masks "u_i > u_k" of alternatives i = 2q and 2q + 1
        // share one byte vector (byte 2j: sample j against i = 2q, byte 2j + 1: against 2q + 1), so one
        // byte subtraction counts 2 x 16 comparisons. u_k < u_k is false, so k needs no skipping; an
        // odd A compares against the padding row (-inf) as 2q + 1.
        __m256i first_index = _mm256_setzero_si256(), first_count = _mm256_setzero_si256();  // per sample (16-bit word j)
        for (Eigen::Index k = 0; k < a; ++k) {
            const double* uk = u + k * g;
            const __m256d k0 = _mm256_load_pd(uk), k1 = _mm256_load_pd(uk + 4), k2 = _mm256_load_pd(uk + 8), k3 = _mm256_load_pd(uk + 12);
            __m256i better = _mm256_setzero_si256();
            __m256i* pair_k = pairs + k * pair_slots;
            for (Eigen::Index q = 0; q < pair_slots; ++q) {
                const double* even = u + 2 * q * g;  // u_k < u_i, i.e. u_i > u_k
                const double* odd = even + g;
                const __m256i m = _mm256_packs_epi16(_mm256_packs_epi32(greater_pair_avx2(k0, even, odd), greater_pair_avx2(k1, even + 4, odd + 4)),
                                                     _mm256_packs_epi32(greater_pair_avx2(k2, even + 8, odd + 8), greater_pair_avx2(k3, even + 12, odd + 12)));
                better = _mm256_sub_epi8(better, m);
                _mm256_store_si256(pair_k + q, _mm256_sub_epi8(_mm256_load_si256(pair_k + q), m));
            }
            // Rank of k in sample j = byte 2j + byte 2j + 1, as 16-bit word j.
            const __m256i rank = _mm256_maddubs_epi16(better, one);
            _mm256_store_si256(ranks + k, rank);
            const __m256i is_first = _mm256_cmpeq_epi16(rank, _mm256_setzero_si256());
            first_samples[k] = static_cast<std::uint32_t>(_mm256_movemask_epi8(is_first)) & 0x55555555u;  // bit 2j: sample j
            first_index = _mm256_or_si256(first_index, _mm256_and_si256(is_first, _mm256_set1_epi16(static_cast<short>(k))));
            first_count = _mm256_sub_epi16(first_count, is_first);
        }
        // Rank histogram of alternatives 2p and 2p + 1 in one byte vector (bytes 0-7 and 16-23: 2p,
        // 8-15 and 24-31: 2p + 1); the padding rank 255 of an odd A matches no rank.
        for (Eigen::Index pk = 0; pk < pair_slots; ++pk) {
            const __m256i second = 2 * pk + 1 < a ? _mm256_load_si256(ranks + 2 * pk + 1) : _mm256_set1_epi16(255);
            const __m256i rank = _mm256_packus_epi16(_mm256_load_si256(ranks + 2 * pk), second);
            __m256i* hk = histogram + pk * a;
            __m256i r = _mm256_setzero_si256();
            for (Eigen::Index q = 0; q < a; ++q) {
                _mm256_store_si256(hk + q, _mm256_sub_epi8(_mm256_load_si256(hk + q), _mm256_cmpeq_epi8(rank, r)));
                r = _mm256_add_epi8(r, one);
            }
        }
        // Each sample's weights as a contiguous row (4 x 4 transposes), for the central-weight sums.
        for (Eigen::Index v = 0; v < 4; ++v) {
            double* dst0 = rows + fused_sample_of_slot[4 * v] * cp;
            double* dst1 = rows + fused_sample_of_slot[4 * v + 1] * cp;
            double* dst2 = rows + fused_sample_of_slot[4 * v + 2] * cp;
            double* dst3 = rows + fused_sample_of_slot[4 * v + 3] * cp;
            for (Eigen::Index k0 = 0; k0 < cp; k0 += 4) {
                const double* src = w + k0 * g + 4 * v;
                const __m256d r0 = _mm256_load_pd(src), r1 = _mm256_load_pd(src + g);
                const __m256d r2 = _mm256_load_pd(src + 2 * g), r3 = _mm256_load_pd(src + 3 * g);
                const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
                const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
                _mm256_store_pd(dst0 + k0, _mm256_permute2f128_pd(t0, t2, 0x20));
                _mm256_store_pd(dst1 + k0, _mm256_permute2f128_pd(t1, t3, 0x20));
                _mm256_store_pd(dst2 + k0, _mm256_permute2f128_pd(t0, t2, 0x31));
                _mm256_store_pd(dst3 + k0, _mm256_permute2f128_pd(t1, t3, 0x31));
            }
        }
        // Central-weight sums, each alternative's samples in sample order (rows and sums are padded to
        // ceil4(C) criteria with zeros). Usually every sample has one first alternative: its row goes
        // straight into that alternative's sums, with no branch on which alternatives won (several win
        // a group of 16, so such branches mispredict). A group with a tie for first goes alternative
        // by alternative.
        if (_mm256_movemask_epi8(_mm256_cmpgt_epi16(first_count, _mm256_set1_epi16(1))) == 0) {
            alignas(32) std::uint16_t first_of[fused_group_samples];
            _mm256_store_si256(reinterpret_cast<__m256i*>(first_of), first_index);
            for (Eigen::Index j = 0; j < g; ++j) add_first_row_avx2(rows + j * cp, cp, central_sum + first_of[j] * cp, central_square + first_of[j] * cp);
            continue;
        }
        for (Eigen::Index k = 0; k < a; ++k) {
            const std::uint32_t samples = first_samples[k];
            if (samples == 0) continue;
            double* sum = central_sum + k * cp;
            double* square = central_square + k * cp;
            Eigen::Index k0 = 0;  // up to 24 criteria at a time: 12 accumulators in registers
            for (; k0 + 24 <= cp; k0 += 24) add_first_rows_avx2<6>(rows + k0, cp, samples, sum + k0, square + k0);
            switch ((cp - k0) / 4) {
                case 5: add_first_rows_avx2<5>(rows + k0, cp, samples, sum + k0, square + k0); break;
                case 4: add_first_rows_avx2<4>(rows + k0, cp, samples, sum + k0, square + k0); break;
                case 3: add_first_rows_avx2<3>(rows + k0, cp, samples, sum + k0, square + k0); break;
                case 2: add_first_rows_avx2<2>(rows + k0, cp, samples, sum + k0, square + k0); break;
                case 1: add_first_rows_avx2<1>(rows + k0, cp, samples, sum + k0, square + k0); break;
                default: break;
            }
        }
    }
}

/// The sum of the 32 unsigned bytes of v.
ADVA_TARGET_AVX2_FMA inline std::int64_t byte_total_avx2(__m256i v) noexcept {
    const __m256i sums = _mm256_sad_epu8(v, _mm256_setzero_si256());
    const __m128i half = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
    return _mm_cvtsi128_si64(half) + _mm_extract_epi64(half, 1);
}

/// Adds a block's pairwise byte counters to the 64-bit counts: counter (k, q) holds u_i > u_k for
/// i = 2q in its even bytes and i = 2q + 1 in its odd bytes.
ADVA_TARGET_AVX2_FMA inline void add_pair_bytes_avx2(const std::uint8_t* lanes, Eigen::Index a, std::int64_t* pair) noexcept {
    const Eigen::Index slots = (a + 1) / 2;
    for (Eigen::Index k = 0; k < a; ++k)
        for (Eigen::Index q = 0; q < slots; ++q) {
            const __m256i v = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes) + k * slots + q);
            pair[2 * q * a + k] += byte_total_avx2(_mm256_and_si256(v, _mm256_set1_epi16(0x00FF)));
            if (2 * q + 1 < a) pair[(2 * q + 1) * a + k] += byte_total_avx2(_mm256_srli_epi16(v, 8));
        }
}

/// Adds a block's rank byte counters to the 64-bit counts: counter (p, r) holds rank r + 1 of
/// alternative 2p in bytes 0-7 and 16-23 and of 2p + 1 in bytes 8-15 and 24-31.
ADVA_TARGET_AVX2_FMA inline void add_rank_bytes_avx2(const std::uint8_t* lanes, Eigen::Index a, std::int64_t* rank) noexcept {
    const Eigen::Index slots = (a + 1) / 2;
    for (Eigen::Index pk = 0; pk < slots; ++pk)
        for (Eigen::Index r = 0; r < a; ++r) {
            alignas(32) std::int64_t sums[4];  // bytes 0-7, 8-15, 16-23, 24-31
            _mm256_store_si256(reinterpret_cast<__m256i*>(sums),
                               _mm256_sad_epu8(_mm256_load_si256(reinterpret_cast<const __m256i*>(lanes) + pk * a + r), _mm256_setzero_si256()));
            rank[2 * pk * a + r] += sums[0] + sums[2];
            if (2 * pk + 1 < a) rank[(2 * pk + 1) * a + r] += sums[1] + sums[3];
        }
}
#endif

/// The fused first pass over one block of n samples from `first`.
inline void fused_block(const fused_problem& p, const weight_sampler& sampler, std::uint64_t first, Eigen::Index n,
                        smaa_scratch& sc, smaa_counts& st) {
    const auto a = static_cast<std::size_t>(p.a), c = static_cast<std::size_t>(p.c);
    if (!p.generate_uniform) sampler.sample(first, n, sc.weights);
    Eigen::Index done = 0;
#if ADVA_X86
    if (use_avx2_kernels() && p.a <= fused_max_alternatives && n >= fused_group_samples) {
        const std::size_t cp = (c + 3) / 4 * 4, g = static_cast<std::size_t>(fused_group_samples);
        sc.wide_words.assign(2 * cp * 8, 0);
        sc.wide_weights.assign(cp * g, 0.0);  // rows c.. stay 0: padding for the transposes
        const std::size_t pair_slots = (a + 1) / 2;
        sc.wide_utilities.assign((2 * pair_slots) * g, -std::numeric_limits<double>::infinity());  // row a (odd A): padding
        sc.wide_rows.assign(g * cp, 0.0);
        sc.central_sums.assign(2 * a * cp, 0.0);
        sc.wide_ranks.assign(a * 32, 0);
        sc.pair_bytes.assign(a * pair_slots * 32, 0);
        sc.rank_bytes.assign(pair_slots * a * 32, 0);
        const Eigen::Index groups = n / fused_group_samples;
        fused_groups_avx2(p, first, groups, sc.weights, sc);
        // The block's sums started from zero, as st's (run_blocks clears it), so this adds nothing
        // out of sample order; the portable tail below continues from them.
        const double* central_sum = sc.central_sums.data();
        const double* central_square = central_sum + a * cp;
        for (std::size_t k = 0; k < a; ++k)
            for (std::size_t q = 0; q < c; ++q) {
                st.weight_sum[k * c + q] += central_sum[k * cp + q];
                st.weight_square_sum[k * c + q] += central_square[k * cp + q];
            }
        add_pair_bytes_avx2(sc.pair_bytes.data(), a, st.pair.data());
        add_rank_bytes_avx2(sc.rank_bytes.data(), a, st.rank.data());
        done = groups * fused_group_samples;
    }
#endif
    if (done == n) return;
    sc.group_weights.resize(c * philox_lanes);
    sc.group_utilities.resize(a * philox_lanes);
    sc.group_better.resize(a);
    fused_samples_scalar(p, first + static_cast<std::uint64_t>(done), done, n - done, sc.weights, sc, st);
}

/// Turns the first pass's counts into indices and standard errors.
inline smaa_result finish(const smaa_counts& counts, std::uint64_t samples) {
    const Eigen::Index a = counts.alternatives, c = counts.criteria;
    const double n = static_cast<double>(samples);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto proportion_error = [n](double p) { return std::sqrt(std::max(0.0, p * (1.0 - p)) / n); };
    smaa_result r;
    r.samples = samples;
    r.rank_counts.resize(a, a);
    r.pairwise_counts.resize(a, a);
    r.rank_acceptability.resize(a, a);
    r.rank_acceptability_standard_error.resize(a, a);
    r.pairwise_winning.resize(a, a);
    r.pairwise_winning_standard_error.resize(a, a);
    for (Eigen::Index i = 0; i < a; ++i)
        for (Eigen::Index j = 0; j < a; ++j) {
            const auto x = static_cast<std::size_t>(i * a + j);
            r.rank_counts(i, j) = counts.rank[x];
            r.pairwise_counts(i, j) = counts.pair[x];
            r.rank_acceptability(i, j) = static_cast<double>(counts.rank[x]) / n;
            r.rank_acceptability_standard_error(i, j) = proportion_error(r.rank_acceptability(i, j));
            r.pairwise_winning(i, j) = static_cast<double>(counts.pair[x]) / n;
            r.pairwise_winning_standard_error(i, j) = proportion_error(r.pairwise_winning(i, j));
        }
    r.central_weights.setConstant(a, c, nan);
    r.central_weights_standard_error.setConstant(a, c, nan);
    r.central_weight_defined.assign(static_cast<std::size_t>(a), false);
    for (Eigen::Index i = 0; i < a; ++i) {
        const std::int64_t first = counts.rank[static_cast<std::size_t>(i * a)];
        if (first == 0) continue;
        r.central_weight_defined[static_cast<std::size_t>(i)] = true;
        const double m = static_cast<double>(first);
        for (Eigen::Index k = 0; k < c; ++k) {
            const double sum = counts.weight_sum[static_cast<std::size_t>(i * c + k)];
            const double mean = sum / m;
            r.central_weights(i, k) = mean;
            if (first >= 2) {
                // An explicit fused multiply-add: left to the compiler, it is contracted with -march=native
                // and not without, and the standard errors would differ between such builds.
                const double variance =
                    std::max(0.0, std::fma(-sum, mean, counts.weight_square_sum[static_cast<std::size_t>(i * c + k)])) / (m - 1.0);
                r.central_weights_standard_error(i, k) = std::sqrt(variance / m);
            }
        }
    }
    r.confidence_factors.setConstant(a, nan);
    r.confidence_factors_standard_error.setConstant(a, nan);
    return r;
}

/// Confidence factors with exact values: i is first under its central weights or it is not.
/// Utilities are summed over criteria left to right.
inline void confidence_exact(const Eigen::MatrixXd& values, smaa_result& r) {
    const Eigen::Index a = values.rows(), c = values.cols();
    Eigen::VectorXd u(a);
    for (Eigen::Index i = 0; i < a; ++i) {
        if (!r.central_weight_defined[static_cast<std::size_t>(i)]) continue;
        for (Eigen::Index j = 0; j < a; ++j) {
            double s = 0.0;
            for (Eigen::Index k = 0; k < c; ++k) s += r.central_weights(i, k) * values(j, k);
            u(j) = s;
        }
        const bool first = (u.array() > u(i)).count() == 0;
        r.confidence_factors(i) = first ? 1.0 : 0.0;
        r.confidence_factors_standard_error(i) = 0.0;
    }
    r.confidence_samples = 0;
}

/// Confidence factors with sampled values (SMAA-2's second pass): fill(first, n, cells) writes the
/// n x (A * C) values of samples first.. (column j * C + k); utilities summed left to right.
template <class Fill>
void confidence_sampled(std::uint64_t samples, int threads, Eigen::Index a, Eigen::Index c, smaa_result& r, Fill&& fill) {
    smaa_first_counts total(a);
    run_blocks(samples, threads, total, [&](std::uint64_t first, Eigen::Index n, smaa_scratch& sc, smaa_first_counts& st) {
        sc.cells.resize(n, a * c);
        fill(first, n, sc.cells);
        sc.utilities.resize(n, a);
        for (Eigen::Index i = 0; i < a; ++i) {
            if (!r.central_weight_defined[static_cast<std::size_t>(i)]) continue;
            for (Eigen::Index j = 0; j < a; ++j) {
                auto uj = sc.utilities.col(j);
                uj.setZero();
                for (Eigen::Index k = 0; k < c; ++k) uj += r.central_weights(i, k) * sc.cells.col(j * c + k);
            }
            std::int64_t count = 0;
            for (Eigen::Index b = 0; b < n; ++b) {
                const double ui = sc.utilities(b, i);
                bool is_first = true;
                for (Eigen::Index j = 0; j < a; ++j) is_first = is_first && !(sc.utilities(b, j) > ui);
                count += is_first ? 1 : 0;
            }
            st.first[static_cast<std::size_t>(i)] += count;
        }
    });
    const double n = static_cast<double>(samples);
    for (Eigen::Index i = 0; i < a; ++i) {
        if (!r.central_weight_defined[static_cast<std::size_t>(i)]) continue;
        const double p = static_cast<double>(total.first[static_cast<std::size_t>(i)]) / n;
        r.confidence_factors(i) = p;
        r.confidence_factors_standard_error(i) = std::sqrt(p * (1.0 - p) / n);
    }
    r.confidence_samples = samples;
}

inline void check_distribution(const uncertain_value& d, const std::string& where) {
    auto fail = [&](const std::string& rule) {
        throw invalid_input("adva.smaa.invalid_distribution", where, rule,
                            std::string(to_string(d.distribution)) + " value " + smaa_number(d.value) + ", lower " + smaa_number(d.lower) +
                                ", upper " + smaa_number(d.upper) + ", sd " + smaa_number(d.sd));
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
                            std::string(to_string(t.kind)) + " from " + smaa_number(t.from) + ", to " + smaa_number(t.to) + ", rho " +
                                smaa_number(t.rho) + ", " + std::to_string(t.points.size()) + " points");
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

/// Draws one uncertain cell's values for a run: a PERT cell through the inverse-CDF table of its
/// beta shape (built once per run and shared by cells of the same shape; exact inversion costs
/// microseconds a value), every other distribution through its closed-form or Boost inverse.
class cell_sampler {
public:
    cell_sampler(const uncertain_value& d, std::shared_ptr<const beta_quantile_table> table) : d_(&d), table_(std::move(table)) {}
    double operator()(double u) const {
        const double x = table_ ? d_->lower + (d_->upper - d_->lower) * (*table_)(u) : quantile(*d_, u);
        return apply(d_->transform, x);
    }

private:
    const uncertain_value* d_;
    std::shared_ptr<const beta_quantile_table> table_;
};

/// Most PERT tables a run builds (about 60 KB each): cells of further shapes invert exactly, so
/// memory stays bounded whatever the matrix.
inline constexpr std::size_t max_pert_tables = 1024;

/// The samplers of a problem's cells (row-major; empty for point cells) for a run of `samples`
/// samples, which draws each cell twice per sample (the acceptabilities, then the confidence
/// factors). A table costs about 1 300 exact inversions, so a run drawing fewer values than that
/// inverts exactly, as do cells of shapes beyond the first `max_tables`.
inline std::vector<std::optional<cell_sampler>> cell_samplers(const std::vector<uncertain_value>& cells, std::uint64_t samples,
                                                              std::size_t max_tables = max_pert_tables) {
    std::vector<std::optional<cell_sampler>> out(cells.size());
    std::map<std::pair<double, double>, std::shared_ptr<const beta_quantile_table>> tables;
    const bool tabulate = samples >= beta_quantile_table::exact_inversions / 2;
    for (std::size_t j = 0; j < cells.size(); ++j) {
        const uncertain_value& d = cells[j];
        if (d.distribution == value_distribution::point) continue;
        std::shared_ptr<const beta_quantile_table> table;
        if (tabulate && d.distribution == value_distribution::pert) {
            const std::pair<double, double> shape{pert_alpha(d.lower, d.value, d.upper), pert_beta(d.lower, d.value, d.upper)};
            if (const auto found = tables.find(shape); found != tables.end()) {
                table = found->second;
            } else if (tables.size() < max_tables) {
                table = std::make_shared<const beta_quantile_table>(shape.first, shape.second);
                tables.emplace(shape, table);
            }
        }
        out[j].emplace(d, std::move(table));
    }
    return out;
}

inline void sample_cell(const cell_sampler& draw, std::uint64_t first, Eigen::Index n, std::uint32_t stream, philox_key key,
                        Eigen::MatrixXd& out, Eigen::Index column) {
    Eigen::MatrixXd u(n, 1);
    fill_uniforms(first, n, 1, stream, 0, key, u);
    for (Eigen::Index b = 0; b < n; ++b) out(b, column) = draw(u(b, 0));
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
    using detail::smaa_number;
    using detail::smaa_pointer;
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
                throw invalid_input("adva.smaa.not_finite", smaa_pointer("/matrix", i, k), "values must be finite", smaa_number(p.values(i, k)));
            if (!exact) detail::check_distribution(p.uncertainty[static_cast<std::size_t>(i * c + k)], smaa_pointer("/uncertainty", i, k));
        }
}

/// SMAA-2 by Monte Carlo: options.samples weight (and value) samples from options.seed.
inline smaa_result smaa(const smaa_problem& problem, const smaa_options& options = {}) {
    validate(problem);
    detail::checked_threads(options.threads);
    if (options.samples == 0) throw invalid_input("adva.smaa.samples", "samples", "at least one sample is required", "0");
    const Eigen::Index a = problem.values.rows(), c = problem.values.cols();
    const weight_sampler sampler(problem.weights, c, options.seed);
    const detail::philox_key key = detail::philox_key_from_seed(options.seed);
    const bool exact = std::all_of(problem.uncertainty.begin(), problem.uncertainty.end(),
                                   [](const uncertain_value& d) { return d.distribution == value_distribution::point; });
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> values_rows = problem.values;
    detail::fused_problem fused;
    fused.values = values_rows.data();
    fused.a = a;
    fused.c = c;
    fused.generate_uniform = problem.weights.information == weight_information::none;
    fused.key = key;
    const std::vector<std::optional<detail::cell_sampler>> samplers = detail::cell_samplers(problem.uncertainty, options.samples);
    auto uncertain_cell = [&](Eigen::Index i, Eigen::Index k) -> const detail::cell_sampler* {
        if (exact) return nullptr;
        const auto& d = samplers[static_cast<std::size_t>(i * c + k)];
        return d ? &*d : nullptr;
    };

    detail::smaa_counts counts(a, c);
    detail::run_blocks(options.samples, options.threads, counts,
                       [&](std::uint64_t first, Eigen::Index n, detail::smaa_scratch& sc, detail::smaa_counts& st) {
                           if (exact) return detail::fused_block(fused, sampler, first, n, sc, st);
                           sampler.sample(first, n, sc.weights);
                           {
                               sc.utilities.resize(n, a);
                               sc.cells.resize(n, 1);
                               for (Eigen::Index i = 0; i < a; ++i) {
                                   auto ui = sc.utilities.col(i);
                                   ui.setZero();
                                   for (Eigen::Index k = 0; k < c; ++k) {
                                       if (const detail::cell_sampler* d = uncertain_cell(i, k)) {
                                           detail::sample_cell(*d, first, n, detail::value_stream(i * c + k, a * c, 1), key, sc.cells, 0);
                                           ui.array() += sc.weights.col(k).array() * sc.cells.col(0).array();
                                       } else {
                                           ui += problem.values(i, k) * sc.weights.col(k);
                                       }
                                   }
                               }
                           }
                           detail::accumulate_block(sc.weights, sc.utilities, sc, st);
                       });
    smaa_result r = detail::finish(counts, options.samples);
    r.weight_sampler = sampler.name();
    if (exact) {
        detail::confidence_exact(problem.values, r);
    } else {
        detail::confidence_sampled(options.samples, options.threads, a, c, r,
                                   [&](std::uint64_t first, Eigen::Index n, Eigen::MatrixXd& cells) {
                                       for (Eigen::Index i = 0; i < a; ++i)
                                           for (Eigen::Index k = 0; k < c; ++k) {
                                               if (const detail::cell_sampler* d = uncertain_cell(i, k))
                                                   detail::sample_cell(*d, first, n, detail::value_stream(i * c + k, a * c, 2), key, cells, i * c + k);
                                               else
                                                   cells.col(i * c + k).setConstant(problem.values(i, k));
                                           }
                                   });
    }
    return r;
}

/// Validates externally supplied samples; errors name JSON pointers of the replay format.
inline void validate(const smaa_replay_samples& s) {
    using detail::smaa_number;
    using detail::smaa_pointer;
    const Eigen::Index n = s.weights.rows(), c = s.weights.cols();
    if (n < 1) throw invalid_input("adva.smaa.empty", "/weights", "at least one weight sample is required", "0 samples");
    if (c < 1) throw invalid_input("adva.smaa.empty", "/weights", "weight samples need at least one criterion", "0 criteria");
    for (Eigen::Index b = 0; b < n; ++b) {
        double sum = 0.0;
        for (Eigen::Index k = 0; k < c; ++k) {
            const double w = s.weights(b, k);
            if (!std::isfinite(w)) throw invalid_input("adva.smaa.not_finite", smaa_pointer("/weights", b, k), "weights must be finite", smaa_number(w));
            if (w < 0.0) throw invalid_input("adva.smaa.weights_not_on_simplex", smaa_pointer("/weights", b, k), "weights must be non-negative", smaa_number(w));
            sum += w;
        }
        if (std::abs(sum - 1.0) > 1e-9 * static_cast<double>(c))
            throw invalid_input("adva.smaa.weights_not_on_simplex", smaa_pointer("/weights", b),
                                "each weight sample must sum to 1 (within 1e-9 per criterion); adva does not renormalise", smaa_number(sum));
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
                                    smaa_pointer(smaa_pointer("/values", q / (a * c)), (q / c) % a, q % c), "values must be finite",
                                    smaa_number(s.values[x]));
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
                    throw invalid_input("adva.smaa.not_finite", smaa_pointer("/matrix", i, k), "values must be finite", smaa_number(s.matrix(i, k)));
    }
}

/// SMAA-2 on externally supplied samples, so results can be compared with another implementation
/// sample for sample. Utilities are u_i = sum_k w_k x_ik summed over criteria left to right; the
/// counts (rank acceptability, pairwise winning) are exact. The confidence factors use the supplied
/// values again with each alternative's central weights (or are 0/1 with an exact matrix).
inline smaa_result smaa_replay(const smaa_replay_samples& s, int threads = 0) {
    validate(s);
    detail::checked_threads(threads);
    const bool sampled = !s.values.empty();
    const Eigen::Index n = s.weights.rows(), c = s.weights.cols();
    const Eigen::Index a = sampled ? s.alternatives : s.matrix.rows();
    auto value = [&](std::uint64_t sample, Eigen::Index i, Eigen::Index k) {
        return s.values[static_cast<std::size_t>((static_cast<Eigen::Index>(sample) * a + i) * c + k)];
    };
    detail::smaa_counts counts(a, c);
    detail::run_blocks(static_cast<std::uint64_t>(n), threads, counts,
                       [&](std::uint64_t first, Eigen::Index m, detail::smaa_scratch& sc, detail::smaa_counts& st) {
                           sc.weights = s.weights.middleRows(static_cast<Eigen::Index>(first), m);
                           sc.utilities.setZero(m, a);
                           for (Eigen::Index i = 0; i < a; ++i) {
                               auto ui = sc.utilities.col(i);
                               for (Eigen::Index k = 0; k < c; ++k) {
                                   if (sampled) {
                                       for (Eigen::Index b = 0; b < m; ++b) ui(b) += sc.weights(b, k) * value(first + static_cast<std::uint64_t>(b), i, k);
                                   } else {
                                       for (Eigen::Index b = 0; b < m; ++b) ui(b) += sc.weights(b, k) * s.matrix(i, k);
                                   }
                               }
                           }
                           detail::accumulate_block(sc.weights, sc.utilities, sc, st);
                       });
    smaa_result r = detail::finish(counts, static_cast<std::uint64_t>(n));
    r.weight_sampler = "replay";
    if (!sampled) {
        detail::confidence_exact(s.matrix, r);
    } else {
        detail::confidence_sampled(static_cast<std::uint64_t>(n), threads, a, c, r,
                                   [&](std::uint64_t first, Eigen::Index m, Eigen::MatrixXd& cells) {
                                       for (Eigen::Index b = 0; b < m; ++b)
                                           for (Eigen::Index x = 0; x < a * c; ++x)
                                               cells(b, x) = value(first + static_cast<std::uint64_t>(b), x / c, x % c);
                                   });
    }
    return r;
}

}  // namespace adva
