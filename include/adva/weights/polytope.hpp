#pragma once
// The weights consistent with what a group said, as a polytope, and its exact uniform sampling by
// hit-and-run (Smith 1984; as R's hitandrun, van Valkenhoef & Tervonen):
//   P = { w in R^n : w >= 0, sum(w) = 1, A w <= b, E w = f }.
// weight_polytope holds A, b, E, f (builders for ordinal, bound and ratio statements), validated
// row by row as it is built. hit_and_run_sampler walks P from a strictly interior start point:
// a direction uniform on the unit sphere of the subspace { d : sum(d) = 0, E d = 0 }, the chord of
// P through the point along it (every inequality intersected), a uniform point on the chord.
// Chains of a fixed length, each from the start point, with a burn-in and thinning; each chain's
// random numbers are Philox4x32-10 words of (seed, chain, step) only, so the samples are the same
// bits on any thread count. docs/elicitation.md (hit-and-run) gives every convention and default.
// interior_point() (a Chebyshev centre, by LP) is defined in adva::lp (COIN-OR Clp).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "adva/analysis/detail/smaa_philox.hpp"
#include "adva/detail/error_text.hpp"
#include "adva/error.hpp"
#include "adva/threads.hpp"

namespace adva {

/// Most weights a polytope may have: the walk keeps an n × n orthogonal factor (8 MB at 1000).
inline constexpr Eigen::Index max_polytope_weights = 1000;
/// Most constraint rows (inequalities plus equalities) a polytope may have.
inline constexpr Eigen::Index max_polytope_rows = 10'000;
/// A polytope whose largest ball inside (within the affine hull of its equalities) has a radius at
/// or below this is flat: its inequalities pin the weights to a lower-dimensional face. Write such
/// statements as equalities instead.
inline constexpr double polytope_flat_radius = 1e-9;
/// Most hit-and-run steps one sample() call may take (chains × burn-in + samples × thinning).
inline constexpr double max_hit_and_run_steps = 1e10;
/// Most values (samples × weights) one sample() call may return.
inline constexpr double max_hit_and_run_values = 1e9;

/// P = { w : w >= 0, sum(w) = 1, A w <= b, E w = f } over n weights. Each row carries a label
/// that errors quote ("w[0] >= w[2]", or "inequality 3" for a raw row). Every entry is finite and
/// every row has n entries: the constructor and each builder check what they are given.
class weight_polytope {
public:
    /// The whole simplex of n weights (1 <= n <= max_polytope_weights).
    explicit weight_polytope(Eigen::Index n) : n_(check_weights(n)), a_(0, n), e_(0, n) {}

    /// The simplex cut by A w <= b and E w = f (A: m × n, b: m; E: q × n, f: q; m or q may be 0).
    weight_polytope(Eigen::Index n, const Eigen::MatrixXd& A, const Eigen::VectorXd& b, const Eigen::MatrixXd& E = {},
                    const Eigen::VectorXd& f = {})
        : weight_polytope(n) {
        check_block(A, b, "/A", "/b");
        check_block(E, f, "/E", "/f");
        for (Eigen::Index i = 0; i < A.rows(); ++i) add_inequality(A.row(i), b[i], "inequality " + std::to_string(i));
        for (Eigen::Index i = 0; i < E.rows(); ++i) add_equality(E.row(i), f[i], "equality " + std::to_string(i));
    }

    Eigen::Index weights() const noexcept { return n_; }
    const Eigen::MatrixXd& inequality_matrix() const noexcept { return a_; }
    const Eigen::VectorXd& inequality_bounds() const noexcept { return b_; }
    const Eigen::MatrixXd& equality_matrix() const noexcept { return e_; }
    const Eigen::VectorXd& equality_values() const noexcept { return f_; }
    const std::vector<std::string>& inequality_labels() const noexcept { return a_labels_; }
    const std::vector<std::string>& equality_labels() const noexcept { return e_labels_; }

    /// a · w <= b.
    weight_polytope& add_inequality(const Eigen::RowVectorXd& a, double b, std::string label = {}) {
        check_row(a, b, detail::pointer("/A", a_.rows()), detail::pointer("/b", a_.rows()));
        if (label.empty()) label = "inequality " + std::to_string(a_.rows());
        append(a_, b_, a, b);
        a_labels_.push_back(std::move(label));
        return *this;
    }
    /// e · w = f.
    weight_polytope& add_equality(const Eigen::RowVectorXd& e, double f, std::string label = {}) {
        check_row(e, f, detail::pointer("/E", e_.rows()), detail::pointer("/f", e_.rows()));
        if (label.empty()) label = "equality " + std::to_string(e_.rows());
        append(e_, f_, e, f);
        e_labels_.push_back(std::move(label));
        return *this;
    }
    /// Ordinal: w_i >= w_j (i ranked at least as important as j).
    weight_polytope& add_order(Eigen::Index i, Eigen::Index j) { return add_ratio(i, j, 1.0, "/order"); }
    /// w_i = w_j (a tie stated as such; an equality, so the polytope keeps its interior).
    weight_polytope& add_tie(Eigen::Index i, Eigen::Index j) {
        check_pair(i, j, "/tie");
        Eigen::RowVectorXd e = Eigen::RowVectorXd::Zero(n_);
        e[i] = 1.0;
        e[j] = -1.0;
        return add_equality(e, 0.0, name(i) + " = " + name(j));
    }
    /// lower <= w_i <= upper (finite, lower <= upper, meeting [0, 1]). A lower bound <= 0 or an
    /// upper bound >= 1 adds no row (the simplex already has it).
    weight_polytope& add_bounds(Eigen::Index i, double lower, double upper) {
        check_index(i, "/bounds");
        if (!std::isfinite(lower) || !std::isfinite(upper))
            throw invalid_input("adva.polytope.not_finite", detail::pointer("/bounds", i), "weight bounds must be finite",
                                "[" + detail::number_text(lower) + ", " + detail::number_text(upper) + "]");
        if (lower > upper || lower > 1.0 || upper < 0.0)
            throw invalid_input("adva.polytope.empty", detail::pointer("/bounds", i),
                                "no weight in [0, 1] lies within these bounds (lower <= upper, lower <= 1, upper >= 0)",
                                "[" + detail::number_text(lower) + ", " + detail::number_text(upper) + "]");
        Eigen::RowVectorXd a = Eigen::RowVectorXd::Zero(n_);
        if (lower > 0.0) {
            a[i] = -1.0;
            add_inequality(a, -lower, name(i) + " >= " + label_number(lower));
        }
        if (upper < 1.0) {
            a[i] = 1.0;
            add_inequality(a, upper, name(i) + " <= " + label_number(upper));
        }
        return *this;
    }
    /// Ratio: w_i >= ratio · w_j (ratio finite and >= 0; MACBETH, PAPRIKA and AHP-interval
    /// statements reduce to these).
    weight_polytope& add_ratio(Eigen::Index i, Eigen::Index j, double ratio) { return add_ratio(i, j, ratio, "/ratio"); }

private:
    static Eigen::Index check_weights(Eigen::Index n) {
        if (n < 1) throw invalid_input("adva.polytope.size", "/n", "a weight polytope needs at least one weight", std::to_string(n));
        if (n > max_polytope_weights)
            throw limit_exceeded("adva.polytope.limit", "/n", "a weight polytope has at most " + std::to_string(max_polytope_weights) + " weights",
                                 std::to_string(n));
        return n;
    }
    void check_block(const Eigen::MatrixXd& M, const Eigen::VectorXd& v, const char* matrix, const char* rhs) const {
        if ((M.rows() > 0 && M.cols() != n_) || M.rows() != v.size())
            throw invalid_input("adva.polytope.size", M.rows() != v.size() ? rhs : matrix,
                                std::string("a constraint block needs ") + std::to_string(n_) + " columns and one right-hand side per row",
                                std::to_string(M.rows()) + " × " + std::to_string(M.cols()) + " matrix, " + std::to_string(v.size()) +
                                    " right-hand sides");
    }
    void check_row(const Eigen::RowVectorXd& a, double b, const std::string& where, const std::string& rhs_where) const {
        if (a.size() != n_)
            throw invalid_input("adva.polytope.size", where, "a constraint row needs one coefficient per weight (" + std::to_string(n_) + ")",
                                std::to_string(a.size()));
        if (a_.rows() + e_.rows() >= max_polytope_rows)
            throw limit_exceeded("adva.polytope.limit", where, "a weight polytope has at most " + std::to_string(max_polytope_rows) + " rows",
                                 std::to_string(a_.rows() + e_.rows() + 1));
        for (Eigen::Index k = 0; k < n_; ++k)
            if (!std::isfinite(a[k]))
                throw invalid_input("adva.polytope.not_finite", detail::pointer(where, k), "constraint coefficients must be finite",
                                    detail::number_text(a[k]));
        if (!std::isfinite(b))
            throw invalid_input("adva.polytope.not_finite", rhs_where, "right-hand sides must be finite", detail::number_text(b));
    }
    void check_index(Eigen::Index i, const char* where) const {
        if (i < 0 || i >= n_)
            throw invalid_input("adva.polytope.index", where, "a weight index is from 0 to " + std::to_string(n_ - 1), std::to_string(i));
    }
    void check_pair(Eigen::Index i, Eigen::Index j, const char* where) const {
        check_index(i, where);
        check_index(j, where);
        if (i == j)
            throw invalid_input("adva.polytope.index", where, "a statement between two weights names two different weights",
                                std::to_string(i) + " and " + std::to_string(j));
    }
    weight_polytope& add_ratio(Eigen::Index i, Eigen::Index j, double ratio, const char* where) {
        check_pair(i, j, where);
        if (!std::isfinite(ratio))
            throw invalid_input("adva.polytope.not_finite", where, "a weight ratio must be finite", detail::number_text(ratio));
        if (ratio < 0.0)
            throw invalid_input("adva.polytope.parameter", where, "a weight ratio must be >= 0", detail::number_text(ratio));
        Eigen::RowVectorXd a = Eigen::RowVectorXd::Zero(n_);
        a[i] = -1.0;
        a[j] = ratio;  // ratio · w_j - w_i <= 0
        return add_inequality(a, 0.0, ratio == 1.0 ? name(i) + " >= " + name(j) : name(i) + " >= " + label_number(ratio) + " " + name(j));
    }
    static std::string name(Eigen::Index i) { return "w[" + std::to_string(i) + "]"; }
    // A number in a label: the shortest text that reads back to it (0.3, not 0.29999999999999999).
    static std::string label_number(double v) {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(buf, r.ptr);
    }
    static void append(Eigen::MatrixXd& M, Eigen::VectorXd& v, const Eigen::RowVectorXd& row, double rhs) {
        M.conservativeResize(M.rows() + 1, Eigen::NoChange);
        M.row(M.rows() - 1) = row;
        v.conservativeResize(v.size() + 1);
        v[v.size() - 1] = rhs;
    }

    Eigen::Index n_;
    Eigen::MatrixXd a_, e_;
    Eigen::VectorXd b_, f_;
    std::vector<std::string> a_labels_, e_labels_;
};

// ------------------------------------------------------------------------------------------------
// Needs adva::lp (COIN-OR Clp)
// ------------------------------------------------------------------------------------------------

/// A strictly interior point of P: its Chebyshev centre within the affine hull of the equalities
/// (the centre of a largest ball, of that hull's dimension, inside P), by one LP, then projected
/// exactly onto sum(w) = 1, E w = f. Throws invalid_input adva.polytope.empty when no weight
/// vector satisfies the constraints, adva.polytope.flat when the largest ball's radius is at most
/// polytope_flat_radius (naming the inequalities that pin the weights). A polytope that the
/// equalities alone reduce to one point returns that point. Defined in adva::lp (COIN-OR Clp).
Eigen::VectorXd interior_point(const weight_polytope& polytope);

// ------------------------------------------------------------------------------------------------
// Geometry shared by the sampler and the LP
// ------------------------------------------------------------------------------------------------

namespace detail {

/// Every inequality of P as rows of G w <= h: first -w_k <= 0 for each weight k, then A w <= b.
/// The labels follow the same order.
struct polytope_inequalities {
    Eigen::MatrixXd G;
    Eigen::VectorXd h;
    std::vector<std::string> labels;
};

inline polytope_inequalities all_inequalities(const weight_polytope& p) {
    const Eigen::Index n = p.weights(), m = p.inequality_matrix().rows();
    polytope_inequalities out;
    out.G.resize(n + m, n);
    out.h.resize(n + m);
    out.G.topRows(n) = -Eigen::MatrixXd::Identity(n, n);
    out.G.bottomRows(m) = p.inequality_matrix();
    out.h.head(n).setZero();
    out.h.tail(m) = p.inequality_bounds();
    out.labels.reserve(static_cast<std::size_t>(n + m));
    for (Eigen::Index k = 0; k < n; ++k) out.labels.push_back("w[" + std::to_string(k) + "] >= 0");
    for (const auto& l : p.inequality_labels()) out.labels.push_back(l);
    return out;
}

/// The affine hull { w : C w = g } with C = [1ᵀ; E], g = [1; f]: an orthonormal basis B (n × d) of
/// its direction space { d : C d = 0 } from a full-pivot Householder QR of Cᵀ (the columns of Q
/// past the rank), and the projection of a point onto the hull (the least-norm correction).
class affine_hull {
public:
    explicit affine_hull(const weight_polytope& p) {
        const Eigen::Index n = p.weights(), q = p.equality_matrix().rows();
        C_.resize(q + 1, n);
        C_.row(0).setOnes();
        C_.bottomRows(q) = p.equality_matrix();
        g_.resize(q + 1);
        g_[0] = 1.0;
        g_.tail(q) = p.equality_values();
        Eigen::FullPivHouseholderQR<Eigen::MatrixXd> qr(C_.transpose());
        qr.setThreshold(1e-12);
        const Eigen::Index rank = qr.rank();
        const Eigen::MatrixXd Q = qr.matrixQ();
        basis_ = Q.rightCols(n - rank);
        row_space_ = Q.leftCols(rank);
    }
    /// Orthonormal basis of the directions within the hull (n × dimension).
    const Eigen::MatrixXd& basis() const noexcept { return basis_; }
    Eigen::Index dimension() const noexcept { return basis_.cols(); }
    /// max |C x - g|: how far x is from satisfying sum(x) = 1 and E x = f.
    double residual(const Eigen::VectorXd& x) const { return (C_ * x - g_).cwiseAbs().maxCoeff(); }
    /// x minus the least-norm correction δ with C δ = C x - g (δ in the row space of C).
    Eigen::VectorXd project(const Eigen::VectorXd& x) const {
        const Eigen::VectorXd delta = Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(C_).solve(C_ * x - g_);
        return x - row_space_ * (row_space_.transpose() * delta);
    }
    /// |component of a row within the hull's directions|: a face's normal length inside the hull.
    double normal_in_hull(const Eigen::RowVectorXd& row) const { return (row * basis_).norm(); }

private:
    Eigen::MatrixXd C_, basis_, row_space_;
    Eigen::VectorXd g_;
};

/// A row whose normal inside the hull is below this fraction of its length is constant on the
/// hull: it either holds everywhere on it or nowhere, and it bounds no chord.
inline constexpr double constant_row_tolerance = 1e-12;

/// A uniform in (0, 1) from two Philox words: (2k + 1) / 2^53 with k the top 52 bits of the pair
/// (exact in double; never 0 or 1; a finer grid than the 32-bit uniform_from_word, so that the
/// Box-Muller radius is not cut at 6.7 standard deviations).
inline double uniform53_from_words(std::uint32_t high, std::uint32_t low) noexcept {
    const std::uint64_t k = (static_cast<std::uint64_t>(high) << 20) | (low >> 12);
    return static_cast<double>(2 * k + 1) * 0x1p-53;
}

}  // namespace detail

// ------------------------------------------------------------------------------------------------
// Hit-and-run
// ------------------------------------------------------------------------------------------------

/// Burn-in of each chain when none is given, for a polytope of dimension d (n - 1 - rank E): R's
/// hitandrun thinning rule ceil(log(d + 1) / 4 · d³), which is where R takes its first sample,
/// and at least 100 steps, so that small polytopes (where that rule gives a handful of steps) also
/// forget the start point.
inline std::uint64_t default_hit_and_run_burn_in(Eigen::Index d) {
    const double dd = static_cast<double>(std::max<Eigen::Index>(d, 0));
    return std::max<std::uint64_t>(100, static_cast<std::uint64_t>(std::ceil(std::log(dd + 1.0) / 4.0 * dd * dd * dd)));
}
/// Thinning when none is given: d² steps between kept samples (at least 1). The d³ bounds of the
/// theory are worst cases for badly rounded bodies; d² is the usual choice in practice (after the
/// d³ burn-in) and keeps n = 30 affordable. Thinning changes only the correlation between samples of
/// a chain, never their law.
inline std::uint64_t default_hit_and_run_thinning(Eigen::Index d) {
    return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(d) * static_cast<std::uint64_t>(d));
}

/// The parameters of hit_and_run_sampler. Unset burn_in and thinning take the defaults above.
struct hit_and_run_options {
    /// Steps each chain takes from the start point before its first kept step.
    std::optional<std::uint64_t> burn_in;
    /// Steps from one kept sample to the next (>= 1); the first is kept `thinning` steps after the
    /// burn-in, as R's har() keeps step i when (i + 1) % thin == 0.
    std::optional<std::uint64_t> thinning;
    /// Samples per chain (>= 1). Samples [c·L, (c + 1)·L) come from chain c; the split never depends
    /// on the thread count, and each chain starts afresh at the start point with its own burn-in.
    std::uint64_t chain_length = 1000;
    /// Key of the Philox stream.
    std::uint64_t seed = 0;
};

/// Uniform samples of a weight polytope by hit-and-run (see the top of this file). Validates its
/// arguments at construction; sample() may be called any number of times, from any thread.
class hit_and_run_sampler {
public:
    /// `start` must lie on sum(w) = 1 and E w = f (to 1e-9; it is then projected exactly) and
    /// strictly inside every inequality whose face is not constant on that hull (interior_point()
    /// gives such a point). Throws invalid_input adva.polytope.size, adva.polytope.not_finite,
    /// adva.polytope.not_interior or adva.polytope.parameter.
    hit_and_run_sampler(const weight_polytope& polytope, const Eigen::VectorXd& start, const hit_and_run_options& options = {})
        : n_(polytope.weights()), hull_(polytope) {
        if (start.size() != n_)
            throw invalid_input("adva.polytope.size", "/start", "the start point needs one entry per weight (" + std::to_string(n_) + ")",
                                std::to_string(start.size()));
        for (Eigen::Index k = 0; k < n_; ++k)
            if (!std::isfinite(start[k]))
                throw invalid_input("adva.polytope.not_finite", detail::pointer("/start", k), "the start point must be finite",
                                    detail::number_text(start[k]));
        if (options.chain_length < 1)
            throw invalid_input("adva.polytope.parameter", "/chain_length", "a chain keeps at least one sample", "0");
        if (options.thinning && *options.thinning < 1)
            throw invalid_input("adva.polytope.parameter", "/thinning", "thinning is at least 1 step", "0");
        const double off = hull_.residual(start);
        if (!(off <= 1e-9))
            throw invalid_input("adva.polytope.not_interior", "/start", "the start point must satisfy sum(w) = 1 and E w = f",
                                "largest residual " + detail::number_text(off));
        x0_ = hull_.project(start);
        const Eigen::Index d = hull_.dimension();
        burn_in_ = options.burn_in.value_or(default_hit_and_run_burn_in(d));
        thinning_ = options.thinning.value_or(default_hit_and_run_thinning(d));
        chain_length_ = options.chain_length;
        seed_ = options.seed;

        // Rows in the hull's coordinates y (w = x0 + B y): G_y = G B, slack s0 = h - G x0 > 0.
        const detail::polytope_inequalities all = detail::all_inequalities(polytope);
        std::vector<Eigen::Index> kept;
        for (Eigen::Index i = 0; i < all.G.rows(); ++i) {
            const double length = all.G.row(i).norm();
            const double slack = all.h[i] - all.G.row(i).dot(x0_);
            const bool constant = hull_.normal_in_hull(all.G.row(i)) <= detail::constant_row_tolerance * length;
            if (constant ? slack < -1e-9 * std::max(1.0, std::abs(all.h[i])) : !(slack > 0.0))
                throw invalid_input("adva.polytope.not_interior", "/start",
                                    "the start point must be strictly inside every inequality (" + all.labels[static_cast<std::size_t>(i)] + ")",
                                    "slack " + detail::number_text(slack));
            if (!constant) kept.push_back(i);
        }
        rows_ = static_cast<Eigen::Index>(kept.size());
        reduced_.resize(rows_, d);
        slack0_.resize(rows_);
        for (Eigen::Index r = 0; r < rows_; ++r) {
            const Eigen::Index i = kept[static_cast<std::size_t>(r)];
            reduced_.row(r) = all.G.row(i) * hull_.basis();
            slack0_[r] = all.h[i] - all.G.row(i).dot(x0_);
        }
    }

    Eigen::Index weights() const noexcept { return n_; }
    /// Dimension d of the polytope: n - 1 - rank(E) (the number of normals drawn per step).
    Eigen::Index dimension() const noexcept { return hull_.dimension(); }
    std::uint64_t burn_in() const noexcept { return burn_in_; }
    std::uint64_t thinning() const noexcept { return thinning_; }
    std::uint64_t chain_length() const noexcept { return chain_length_; }
    std::uint64_t seed() const noexcept { return seed_; }
    /// The start point, projected onto the hull of the equalities.
    const Eigen::VectorXd& start() const noexcept { return x0_; }

    /// `count` samples (rows; count × n). Sample s is the ((s mod L) + 1)-th kept point of chain
    /// s / L (L = chain_length), so the first rows of a larger request are the rows of a smaller
    /// one. threads: 0 = every core, else 1..max_threads; the bits never depend on it. Throws
    /// limit_exceeded adva.polytope.limit (before any work) beyond max_hit_and_run_steps steps or
    /// max_hit_and_run_values values, limit_exceeded adva.limits.threads for a bad thread count.
    Eigen::MatrixXd sample(std::size_t count, int threads = 0) const {
        detail::checked_threads(threads);
        const std::uint64_t samples = count;
        const std::uint64_t chains = samples == 0 ? 0 : (samples - 1) / chain_length_ + 1;
        const double steps = static_cast<double>(chains) * static_cast<double>(burn_in_) +
                             static_cast<double>(samples) * static_cast<double>(thinning_);
        if (steps > max_hit_and_run_steps)
            throw limit_exceeded("adva.polytope.limit", "/count", "hit-and-run takes at most " + detail::number_text(max_hit_and_run_steps) +
                                     " steps in one call (chains × burn-in + samples × thinning)", detail::number_text(steps) + " steps");
        if (static_cast<double>(samples) * static_cast<double>(n_) > max_hit_and_run_values)
            throw limit_exceeded("adva.polytope.limit", "/count",
                                 "hit-and-run returns at most " + detail::number_text(max_hit_and_run_values) + " values in one call",
                                 std::to_string(samples) + " samples × " + std::to_string(n_) + " weights");
        if (chains > std::numeric_limits<std::uint32_t>::max())  // the chain is one 32-bit Philox counter word
            throw limit_exceeded("adva.polytope.limit", "/chain_length", "hit-and-run runs at most 2^32 - 1 chains in one call",
                                 std::to_string(chains) + " chains");
        Eigen::MatrixXd out(static_cast<Eigen::Index>(samples), n_);
        if (samples == 0) return out;
        auto body = [&] {
            tbb::parallel_for(
                tbb::blocked_range<std::uint64_t>(0, chains, 1),
                [&](const tbb::blocked_range<std::uint64_t>& r) {
                    for (std::uint64_t c = r.begin(); c != r.end(); ++c) {
                        const std::uint64_t first = c * chain_length_;
                        run_chain(c, 0, std::min(chain_length_, samples - first), out, static_cast<Eigen::Index>(first));
                    }
                },
                tbb::simple_partitioner());
        };
        if (threads > 0) tbb::task_arena(threads).execute(body);
        else body();
        return out;
    }

    /// Samples first .. first + count - 1 (the rows sample() would give them) into out's rows
    /// 0 .. count - 1 (out: any Eigen matrix of at least count × n), on the calling thread. Each chain the range touches
    /// is walked from its start, so a range of whole chains costs what sample() spends on them; a
    /// caller that draws in blocks aligns them with chain_length. The caller keeps the range within
    /// the limits sample() checks.
    template <class Matrix>
    void sample_rows(std::uint64_t first, std::uint64_t count, Matrix& out) const {
        const std::uint64_t end = first + count;
        for (std::uint64_t c = first / chain_length_; count > 0 && c * chain_length_ < end; ++c) {
            const std::uint64_t chain_first = c * chain_length_;
            const std::uint64_t from = std::max(first, chain_first), to = std::min(end, chain_first + chain_length_);
            run_chain(c, from - chain_first, to - from, out, static_cast<Eigen::Index>(from - first));
        }
    }

private:
    // One chain. Its state is y (w = x0 + B y) and the slacks s = s0 - G_y y of every kept row,
    // updated with each step and recomputed from y every refresh_steps steps so that rounding
    // cannot accumulate. Step `step` of chain c uses Philox counters (step, c, call):
    // calls 0..K-1 (K = ceil(d / 2)) give the normals (one Box-Muller pair each: words 0-1 and
    // 2-3 make two 53-bit uniforms), call K words 0-1 the point on the chord. Eight consecutive
    // steps are one Philox batch.
    // Keeps the chain's samples skip .. skip + rows - 1, written to out's rows from out_row.
    template <class Matrix>
    void run_chain(std::uint64_t chain, std::uint64_t skip, std::uint64_t rows, Matrix& out, Eigen::Index out_row) const {
        const Eigen::Index d = hull_.dimension();
        if (d == 0) {  // the equalities leave one point
            for (std::uint64_t k = 0; k < rows; ++k) out.row(out_row + static_cast<Eigen::Index>(k)) = x0_.transpose();
            return;
        }
        constexpr int lanes = detail::philox_lanes;
        const auto key = detail::philox_key_from_seed(seed_);
        const auto stream = static_cast<std::uint32_t>(chain);
        const Eigen::Index pairs = (d + 1) / 2;
        const Eigen::Index calls = pairs + 1;
        std::vector<std::uint32_t> words(static_cast<std::size_t>(calls * 4 * lanes));
        std::vector<double> y(static_cast<std::size_t>(d), 0.0), u(static_cast<std::size_t>(d)), rate(static_cast<std::size_t>(rows_)),
            gy(static_cast<std::size_t>(rows_));
        std::vector<double> slack(slack0_.data(), slack0_.data() + rows_);
        const double* G = reduced_.data();
        const std::uint64_t total = burn_in_ + (skip + rows) * thinning_;
        for (std::uint64_t step0 = 0; step0 < total; step0 += lanes) {
            for (Eigen::Index c = 0; c < calls; ++c)
                detail::philox4x32_10_x8(step0, stream, static_cast<std::uint32_t>(c), key, words.data() + c * 4 * lanes);
            const int in_batch = static_cast<int>(std::min<std::uint64_t>(lanes, total - step0));
            for (int j = 0; j < in_batch; ++j) {
                const std::uint64_t step = step0 + static_cast<std::uint64_t>(j);
                // Direction: d standard normals (Box-Muller), normalised: uniform on the unit sphere
                // of R^d, hence (B orthonormal) on the unit sphere of the hull's directions.
                double norm2 = 0.0;
                for (Eigen::Index p = 0; p < pairs; ++p) {
                    const std::uint32_t* w = words.data() + p * 4 * lanes;
                    const double u1 = detail::uniform53_from_words(w[0 * lanes + j], w[1 * lanes + j]);
                    const double u2 = detail::uniform53_from_words(w[2 * lanes + j], w[3 * lanes + j]);
                    const double radius = std::sqrt(-2.0 * std::log(u1)), angle = 2.0 * std::numbers::pi * u2;
                    u[static_cast<std::size_t>(2 * p)] = radius * std::cos(angle);
                    if (2 * p + 1 < d) u[static_cast<std::size_t>(2 * p + 1)] = radius * std::sin(angle);
                }
                for (Eigen::Index k = 0; k < d; ++k) norm2 += u[static_cast<std::size_t>(k)] * u[static_cast<std::size_t>(k)];
                const double inverse = 1.0 / std::sqrt(norm2);
                for (Eigen::Index k = 0; k < d; ++k) u[static_cast<std::size_t>(k)] *= inverse;
                // Chord [lo, hi]: every kept row a·(y + t u) <= its bound.
                double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
                column_products(G, d, u, rate);
                for (Eigen::Index r = 0; r < rows_; ++r) {
                    const double h = rate[static_cast<std::size_t>(r)];
                    const double s = slack[static_cast<std::size_t>(r)];
                    if (h > 0.0) hi = std::min(hi, s / h);
                    else if (h < 0.0) lo = std::max(lo, s / h);
                }
                // Kept a relative 2^-40 inside the chord's ends, so that rounding never carries the
                // point across a face; a chord that rounding made empty or unbounded is a null step
                // (the chain stays: still a symmetric move).
                double t = 0.0;
                if (std::isfinite(lo) && std::isfinite(hi) && lo < hi) {
                    const std::uint32_t* w = words.data() + pairs * 4 * lanes;
                    const double v = detail::uniform53_from_words(w[0 * lanes + j], w[1 * lanes + j]);
                    constexpr double keep = 1.0 - 0x1p-40;
                    t = lo * keep + v * (hi * keep - lo * keep);
                }
                for (Eigen::Index k = 0; k < d; ++k) y[static_cast<std::size_t>(k)] += t * u[static_cast<std::size_t>(k)];
                if ((step + 1) % refresh_steps == 0) {
                    column_products(G, d, y, gy);
                    for (Eigen::Index r = 0; r < rows_; ++r)
                        slack[static_cast<std::size_t>(r)] = std::max(0.0, slack0_[r] - gy[static_cast<std::size_t>(r)]);
                } else {
                    for (Eigen::Index r = 0; r < rows_; ++r)
                        slack[static_cast<std::size_t>(r)] = std::max(0.0, slack[static_cast<std::size_t>(r)] - t * rate[static_cast<std::size_t>(r)]);
                }
                if (step + 1 > burn_in_ && (step + 1 - burn_in_) % thinning_ == 0) {
                    const std::uint64_t kept = (step + 1 - burn_in_) / thinning_ - 1;
                    if (kept >= skip) write_point(y, out, out_row + static_cast<Eigen::Index>(kept - skip));
                }
            }
        }
    }

    // out[r] = sum over k of G(r, k) v[k], G column-major (rows_ × d), each sum in the order
    // k = 0, 1, ...; rows four at a time in registers (independent sums, so the compiler may pair
    // them in vector lanes without reordering any of them: the bits never depend on it).
    void column_products(const double* G, Eigen::Index d, const std::vector<double>& v, std::vector<double>& out) const {
        const double* x = v.data();
        double* o = out.data();
        Eigen::Index r = 0;
        for (; r + 4 <= rows_; r += 4) {
            double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
            for (Eigen::Index k = 0; k < d; ++k) {
                const double* g = G + k * rows_ + r;
                a0 += g[0] * x[k];
                a1 += g[1] * x[k];
                a2 += g[2] * x[k];
                a3 += g[3] * x[k];
            }
            o[r] = a0;
            o[r + 1] = a1;
            o[r + 2] = a2;
            o[r + 3] = a3;
        }
        for (; r < rows_; ++r) {
            double a = 0.0;
            for (Eigen::Index k = 0; k < d; ++k) a += G[k * rows_ + r] * x[k];
            o[r] = a;
        }
    }

    // w = x0 + B y, each weight summed in a fixed order; a weight that rounding took below zero
    // (by an ulp) is written as 0.
    template <class Matrix>
    void write_point(const std::vector<double>& y, Matrix& out, Eigen::Index row) const {
        const Eigen::MatrixXd& B = hull_.basis();
        for (Eigen::Index i = 0; i < n_; ++i) {
            double w = x0_[i];
            for (Eigen::Index k = 0; k < B.cols(); ++k) w += B(i, k) * y[static_cast<std::size_t>(k)];
            out(row, i) = std::max(0.0, w);
        }
    }

    static constexpr std::uint64_t refresh_steps = 16;

    Eigen::Index n_;
    detail::affine_hull hull_;
    Eigen::VectorXd x0_;
    Eigen::MatrixXd reduced_;  // kept inequality rows in the hull's coordinates (rows_ × d, column-major)
    Eigen::VectorXd slack0_;    // their slack at the start point (> 0)
    Eigen::Index rows_ = 0;
    std::uint64_t burn_in_ = 0, thinning_ = 1, chain_length_ = 1, seed_ = 0;
};

}  // namespace adva
