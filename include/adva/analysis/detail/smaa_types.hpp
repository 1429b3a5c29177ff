#pragma once
// What a SMAA run takes and gives: weight models, value distributions and their transforms, options,
// the result and externally supplied (replay) samples, with their names (to_string), and the JSON
// pointers and numbers the checks put in messages. Public names in adva; included by analysis/smaa.hpp.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/detail/smaa_distributions.hpp"
#include "adva/detail/error_text.hpp"
#include "adva/weights/polytope.hpp"

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
///              When that acceptance rate is below hit_and_run_acceptance (interval_sampling::automatic),
///              or always (interval_sampling::hit_and_run), hit-and-run on the same set instead
///              ("hit_and_run": exact in the limit, burn-in and thinning by weight_polytope's rules)
///   per_parent uniform on each parent's simplex of local weights, independently; a leaf's global
///              weight is the product of local weights from the top ("per_parent_normalised_exponentials").
///              This is not uniform on the global simplex: it is the natural "no information" on a tree.
///              A parent listed in `known` instead has its local weights uniform on its polytope
///              (hit-and-run) or fixed at a point ("per_parent_hit_and_run" when any parent is known).
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

/// How interval weights are sampled (see weight_information::intervals).
enum class interval_sampling { automatic, rejection, hit_and_run };

inline constexpr std::string_view to_string(interval_sampling s) noexcept {
    switch (s) {
        case interval_sampling::automatic: return "automatic";
        case interval_sampling::rejection: return "rejection";
        case interval_sampling::hit_and_run: return "hit_and_run";
    }
    return "automatic";
}

/// interval_sampling::automatic samples by hit-and-run when rejection's estimated acceptance rate is
/// below this (one accepted draw in a hundred): rejection would then cost more than a hit-and-run
/// step per sample at the usual sizes.
inline constexpr double hit_and_run_acceptance = 0.01;

/// Samples per hit-and-run chain inside a SMAA run: one chain per block of smaa_block_size samples,
/// so that a block walks only its own chains.
inline constexpr std::uint64_t smaa_hit_and_run_chain = 2048;

/// A weight tree: nodes listed parents before children. parent[v] is the index of v's parent, -1 for a
/// top-level node; column[v] is the criterion (value-matrix column) of a leaf and -1 for an inner node.
/// Every column appears exactly once.
struct weight_tree {
    std::vector<int> parent;
    std::vector<int> column;
};

/// What is known about one parent's local weights (per_parent): they lie in `polytope`, whose
/// weight q is the local weight of tree node children[q] (every child of the parent, once), and
/// are sampled uniformly on it by hit-and-run from `start` (strictly inside; interior_point() gives
/// one), or — when `start` is empty — fixed at the polytope's one point `point`.
struct known_local_weights {
    int parent = -1;  ///< the parent's tree node; -1 for the top level
    std::vector<int> children;
    std::shared_ptr<const weight_polytope> polytope;
    std::vector<double> start;
    std::vector<double> point;  ///< used when start is empty: the local weights (sum 1)
    std::string source;         ///< what the set came from, for reports ("MACBETH judgements of group 'x'")
};

struct smaa_weight_model {
    weight_information information = weight_information::none;
    /// ordinal: rank[k] is the importance rank of criterion k, 1 = the largest weight; a permutation
    /// of 1..C (ties are not allowed: state a strict ranking).
    std::vector<int> rank;
    /// intervals: per criterion, lower[k] <= w_k <= upper[k].
    std::vector<double> lower, upper;
    /// intervals: rejection, hit-and-run, or the faster of the two (automatic).
    interval_sampling interval_sampler = interval_sampling::automatic;
    /// per_parent: the tree.
    weight_tree tree;
    /// per_parent: parents whose local weights are known beyond "uniform" (each parent at most once).
    std::vector<known_local_weights> known;

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

/// Cells whose values are drawn together rather than one by one: several criteria measured on one
/// sampled trajectory of an option, say. `fill(seed, first, n, pass, out)` writes the values of
/// samples first .. first + n - 1 of every joint cell into out (n x cells.size(), column j for
/// cells[j]); pass 1 draws for the acceptabilities, pass 2 independently for the confidence
/// factors. It is called from several threads at once and gives the same values for the same
/// arguments (the same seed, the same results on any thread count).
struct joint_values {
    std::vector<Eigen::Index> cells;  ///< alternative-major (i * C + k), each at most once
    std::function<void(std::uint64_t seed, std::uint64_t first, Eigen::Index n, int pass, Eigen::MatrixXd& out)> fill;
};

struct smaa_problem {
    /// Partial values, alternatives x criteria, higher is better. Cells with a non-point distribution
    /// are sampled instead (their entry here is only informative).
    Eigen::MatrixXd values;
    /// Empty: every value is exact. Otherwise one entry per cell, alternative-major (i * C + k);
    /// a `point` entry means the cell is exact (values(i, k)).
    std::vector<uncertain_value> uncertainty;
    smaa_weight_model weights;
    /// Cells drawn jointly (their uncertainty entry is a point; their values entry is informative).
    std::optional<joint_values> joint;
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
static_assert(smaa_block_size % static_cast<Eigen::Index>(smaa_hit_and_run_chain) == 0, "a block walks whole hit-and-run chains");

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

}  // namespace adva
