#pragma once
// A plain decision matrix (alternatives x criteria) for the aggregation and weighting methods,
// validated once at construction so that the kernels can assume finite, consistently sized data.
// Also: the normalisation conventions shared by the methods and weight validation. Competition
// ranking ("1224": tied alternatives share the better rank) is in ranking.hpp, included here.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <Eigen/Dense>
#include <tbb/parallel_for.h>

#include "adva/error.hpp"
#include "adva/detail/error_text.hpp"
#include "adva/methods/ranking.hpp"

namespace adva {

/// Whether larger values of a criterion are better (benefit) or worse (cost).
enum class objective { benefit, cost };

/// How a criterion column is rescaled before aggregation. Every form turns a cost criterion into a
/// benefit one (larger normalised value = better), as pymcdm and most textbooks do:
///   vector  benefit x/||x||2                 cost 1 - x/||x||2
///   minmax  benefit (x-min)/(max-min)        cost (max-x)/(max-min)
///   max     benefit x/max                    cost 1 - x/max
///   sum     benefit x/sum(x)                 cost (1/x)/sum(1/x)
///   none    the raw values, unchanged (cost criteria keep their orientation)
/// A constant column under minmax normalises to 0 for every alternative (it cannot discriminate).
enum class normalisation { vector, minmax, max, sum, none };

inline constexpr std::string_view to_string(objective o) noexcept {
    return o == objective::benefit ? "benefit" : "cost";
}
inline constexpr std::string_view to_string(normalisation n) noexcept {
    switch (n) {
        case normalisation::vector: return "vector";
        case normalisation::minmax: return "minmax";
        case normalisation::max: return "max";
        case normalisation::sum: return "sum";
        case normalisation::none: return "none";
    }
    return "none";
}
inline std::optional<objective> parse_objective(std::string_view s) noexcept {
    if (s == "benefit") return objective::benefit;
    if (s == "cost") return objective::cost;
    return std::nullopt;
}
inline std::optional<normalisation> parse_normalisation(std::string_view s) noexcept {
    for (auto n : {normalisation::vector, normalisation::minmax, normalisation::max, normalisation::sum,
                   normalisation::none})
        if (to_string(n) == s) return n;
    return std::nullopt;
}

namespace detail {
/// A read-only view of an m x n matrix of doubles in either storage order: element (i, j) is
/// data[i * row_stride + j * col_stride] (column-major: row_stride 1; row-major: col_stride 1).
/// The kernels of TOPSIS, VIKOR and WSM take this, so numpy's C-ordered arrays need no copy.
struct matrix_ref {
    const double* data = nullptr;
    Eigen::Index rows = 0, cols = 0, row_stride = 1, col_stride = 1;
    double operator()(Eigen::Index i, Eigen::Index j) const noexcept { return data[i * row_stride + j * col_stride]; }
    bool column_major() const noexcept { return row_stride == 1; }
};
inline matrix_ref ref_of(const Eigen::MatrixXd& x) noexcept { return {x.data(), x.rows(), x.cols(), 1, x.outerStride()}; }

/// Throws adva.methods.not_finite for the first non-finite value in column order (i within j), the
/// order decision_matrix has always reported. The fast scan multiplies by 0 (NaN iff inf or NaN)
/// into sixteen independent lanes, which vectorises without a long dependency chain, in parallel
/// slices for large matrices; only a failing matrix is searched element by element.
inline void check_finite(const matrix_ref& x) {
    const Eigen::Index m = x.rows, n = x.cols;
    const bool dense = (x.row_stride == 1 && x.col_stride == m) || (x.col_stride == 1 && x.row_stride == n);
    auto all_finite = [](const double* p, Eigen::Index size) {
        double lane[16] = {};
        Eigen::Index k = 0;
        for (; k + 16 <= size; k += 16)
            for (int t = 0; t < 16; ++t) lane[t] += p[k + t] * 0.0;
        for (; k < size; ++k) lane[0] += p[k] * 0.0;
        double total = 0;
        for (double l : lane) total += l;
        return !std::isnan(total);
    };
    bool finite = true;
    if (dense) {
        constexpr Eigen::Index slice = Eigen::Index(1) << 16;  // values per parallel task
        const Eigen::Index size = m * n, slices = (size + slice - 1) / slice;
        if (slices > 2) {
            std::atomic<bool> ok{true};
            tbb::parallel_for(Eigen::Index(0), slices, [&](Eigen::Index s) {
                if (!all_finite(x.data + s * slice, std::min(slice, size - s * slice))) ok.store(false, std::memory_order_relaxed);
            });
            finite = ok.load();
        } else {
            finite = all_finite(x.data, size);
        }
    } else {
        double lane = 0;
        for (Eigen::Index i = 0; i < m; ++i)
            for (Eigen::Index j = 0; j < n; ++j) lane += x(i, j) * 0.0;
        finite = !std::isnan(lane);
    }
    if (finite) return;
    for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < m; ++i)
            if (!std::isfinite(x(i, j)))
                throw invalid_input("adva.methods.not_finite", pointer("/matrix", i, j), "every matrix value must be a finite number",
                                    number_text(x(i, j)));
}

/// The construction checks shared by decision_matrix and decision_matrix_view.
inline void check_labels(const std::vector<std::string>& labels, Eigen::Index expected, const char* where, const char* what) {
    if (labels.empty()) return;
    if (static_cast<Eigen::Index>(labels.size()) != expected)
        throw invalid_input("adva.methods.size_mismatch", where, std::string("one label per ") + what + " is required",
                            std::to_string(labels.size()) + " labels for " + std::to_string(expected));
    std::unordered_set<std::string> seen;
    seen.reserve(labels.size());
    for (std::size_t k = 0; k < labels.size(); ++k) {
        if (labels[k].empty())
            throw invalid_input("adva.methods.empty_label", pointer(where, static_cast<Eigen::Index>(k)), "labels must not be empty", "\"\"");
        if (!seen.insert(labels[k]).second)
            throw invalid_input("adva.methods.duplicate_label", pointer(where, static_cast<Eigen::Index>(k)), "labels must be unique",
                                "\"" + labels[k] + "\"");
    }
}
/// With check_values = false every check but finiteness (see decision_matrix_view).
inline void validate_matrix(const matrix_ref& x, const std::vector<objective>& objectives, const std::vector<std::string>& alternatives,
                            const std::vector<std::string>& criteria, bool check_values = true) {
    const auto m = x.rows, n = x.cols;
    if (m < 1)
        throw invalid_input("adva.methods.no_alternatives", "/matrix", "a decision matrix needs at least one alternative (row)", "0 rows");
    if (n < 1)
        throw invalid_input("adva.methods.no_criteria", "/matrix", "a decision matrix needs at least one criterion (column)", "0 columns");
    if (static_cast<Eigen::Index>(objectives.size()) != n)
        throw invalid_input("adva.methods.size_mismatch", "/types", "one type per criterion (matrix column) is required",
                            std::to_string(objectives.size()) + " types for " + std::to_string(n) + " columns");
    if (check_values) check_finite(x);
    check_labels(alternatives, m, "/alternatives", "alternative");
    check_labels(criteria, n, "/criteria", "criterion");
}
}  // namespace detail

/// Immutable, validated decision matrix. Construction checks: at least one alternative and one
/// criterion, every value finite, one objective per criterion, label counts matching and labels
/// unique. Errors name the place as a JSON pointer (/matrix/i/j, /types, /alternatives/k ...).
class decision_matrix {
public:
    decision_matrix(Eigen::MatrixXd values, std::vector<objective> objectives,
                    std::vector<std::string> alternatives = {}, std::vector<std::string> criteria = {})
        : values_(std::move(values)), objectives_(std::move(objectives)),
          alternatives_(std::move(alternatives)), criteria_(std::move(criteria)) {
        detail::validate_matrix(detail::ref_of(values_), objectives_, alternatives_, criteria_);
    }

    const Eigen::MatrixXd& values() const noexcept { return values_; }
    const std::vector<objective>& objectives() const noexcept { return objectives_; }
    /// Alternative labels; empty when none were given.
    const std::vector<std::string>& alternatives() const noexcept { return alternatives_; }
    /// Criterion labels; empty when none were given.
    const std::vector<std::string>& criteria() const noexcept { return criteria_; }
    Eigen::Index alternative_count() const noexcept { return values_.rows(); }
    Eigen::Index criterion_count() const noexcept { return values_.cols(); }
    /// The values as a storage-order-neutral view (for the kernels shared with decision_matrix_view).
    detail::matrix_ref ref() const noexcept { return detail::ref_of(values_); }

private:
    Eigen::MatrixXd values_;
    std::vector<objective> objectives_;
    std::vector<std::string> alternatives_, criteria_;
};

/// A decision matrix over row-major data owned by the caller (a C-ordered numpy array, a buffer
/// read from disk), without a copy; the data must outlive the view. Construction checks the shape,
/// types and labels as decision_matrix does. Finiteness is checked by whatever reads the values,
/// with the same error as decision_matrix and before any result: TOPSIS and VIKOR fold the check
/// into their first pass over the data (one pass fewer over a matrix that may not fit in cache),
/// and to_matrix(), which the other methods go through, makes a decision_matrix.
class decision_matrix_view {
public:
    decision_matrix_view(const double* row_major, Eigen::Index rows, Eigen::Index cols, std::vector<objective> objectives,
                         std::vector<std::string> alternatives = {}, std::vector<std::string> criteria = {})
        : x_{row_major, rows, cols, cols, 1}, objectives_(std::move(objectives)), alternatives_(std::move(alternatives)),
          criteria_(std::move(criteria)) {
        detail::validate_matrix(x_, objectives_, alternatives_, criteria_, /*check_values=*/false);
    }

    /// The values, not yet checked for finiteness (see the class comment).
    const detail::matrix_ref& ref() const noexcept { return x_; }
    const std::vector<objective>& objectives() const noexcept { return objectives_; }
    const std::vector<std::string>& alternatives() const noexcept { return alternatives_; }
    const std::vector<std::string>& criteria() const noexcept { return criteria_; }
    Eigen::Index alternative_count() const noexcept { return x_.rows; }
    Eigen::Index criterion_count() const noexcept { return x_.cols; }
    /// An owning (column-major) copy, for the methods that take decision_matrix.
    decision_matrix to_matrix() const {
        using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        return decision_matrix(Eigen::MatrixXd(Eigen::Map<const row_major>(x_.data, x_.rows, x_.cols)), objectives_, alternatives_, criteria_);
    }

private:
    detail::matrix_ref x_;
    std::vector<objective> objectives_;
    std::vector<std::string> alternatives_, criteria_;
};

namespace detail {

/// Weights must be finite, non-negative and sum to 1 (within 1e-6): adva never rescales weights
/// silently; adva::direct_weights() normalises raw weights explicitly.
inline void check_weights(const Eigen::VectorXd& w, Eigen::Index n, std::string_view where = "/weights") {
    if (w.size() != n)
        throw invalid_input("adva.weights.size_mismatch", std::string(where), "one weight per criterion is required",
                            std::to_string(w.size()) + " weights for " + std::to_string(n) + " criteria");
    for (Eigen::Index j = 0; j < n; ++j)
        if (!std::isfinite(w[j]) || w[j] < 0)
            throw invalid_input("adva.weights.negative", pointer(where, j), "weights must be finite and non-negative",
                                number_text(w[j]));
    const double s = w.sum();
    if (std::abs(s - 1.0) > 1e-6)
        throw invalid_input("adva.weights.not_normalised", std::string(where),
                            "weights must sum to 1 (normalise raw weights explicitly, e.g. weighting method \"direct\")",
                            "sum " + number_text(s));
}

/// Columns whose largest magnitude lies in [2^-400, 2^400] are used as they are: their sums, sums
/// of squares (up to 2^63 rows), differences and reciprocals stay finite and normal. A column
/// outside that range (values near 1e308, or all below 1e-120) is first multiplied by a power of
/// two that brings its largest magnitude into [1, 2): exact, so the normalised values are the
/// same, and no square, sum, difference or reciprocal overflows (or underflows) on the way.
inline constexpr double plain_magnitude_lo = 0x1p-400, plain_magnitude_hi = 0x1p400;

/// 2^-e bringing `magnitude` (> 0) into [1, 2) (subnormal ones into [2^-51, 2): 2^1023 is the
/// largest factor); 1 for magnitudes in the plain range or 0.
inline double prescale_factor(double magnitude) noexcept {
    if (magnitude == 0 || (magnitude >= plain_magnitude_lo && magnitude <= plain_magnitude_hi)) return 1.0;
    return std::ldexp(1.0, std::min(-std::ilogb(magnitude), 1023));
}

/// Throws adva.methods.overflow unless every value of `result` is finite: data whose values span
/// a range so wide that the method's result is not representable (such as max normalisation of a
/// column whose maximum is 1e-320 and minimum -1). Never a silent inf, NaN or tie.
inline void require_finite_result(const Eigen::VectorXd& result, std::string_view method, std::string_view quantity) {
    if (result.allFinite()) return;
    Eigen::Index i = 0;
    while (std::isfinite(result[i])) ++i;
    throw computation_error("adva.methods.overflow", "/matrix/" + std::to_string(i),
                            std::string(method) + ": the " + std::string(quantity) +
                                " of this alternative is not a finite number (the values span too wide a range)",
                            number_text(result[i]));
}

inline void require_alternatives(const decision_matrix& dm, Eigen::Index at_least, std::string_view method) {
    if (dm.alternative_count() < at_least)
        throw invalid_input("adva.methods.too_few_alternatives", "/matrix",
                            std::string(method) + " needs at least " + std::to_string(at_least) + " alternatives",
                            std::to_string(dm.alternative_count()));
}

}  // namespace detail

/// Normalises every column of `x` with the given convention (see adva::normalisation), turning cost
/// columns into benefit ones. Throws adva.methods.normalisation_undefined (naming /matrix/.../j)
/// when the convention is undefined for a column: a zero column under vector, a non-positive
/// maximum under max, a non-positive sum (or a non-positive value of a cost column) under sum.
/// Overflow-safe: a column whose largest magnitude is far from 1 (beyond 2^±400: values near 1e308,
/// or all tiny) is first multiplied by a power of two that brings it near 1, which is exact and
/// leaves every normalised value unchanged, so norms, sums, differences and reciprocals cannot
/// overflow. A normalised column that still is not finite (max normalisation of a column whose
/// maximum is tiny beside its minimum's magnitude, a sum close to 0 beside huge values) throws
/// adva.methods.overflow.
inline Eigen::MatrixXd normalise(const Eigen::MatrixXd& x, const std::vector<objective>& types, normalisation how) {
    Eigen::MatrixXd r(x.rows(), x.cols());
    auto undefined = [](Eigen::Index j, const char* rule, double seen) {
        return invalid_input("adva.methods.normalisation_undefined", "/matrix/*/" + std::to_string(j), rule,
                             detail::number_text(seen));
    };
    auto require_finite = [](Eigen::Index j, double bound) {  // bound: the largest normalised magnitude
        if (!std::isfinite(bound))
            throw computation_error("adva.methods.overflow", "/matrix/*/" + std::to_string(j),
                                    "the normalised column is not finite (its values span too wide a range)",
                                    detail::number_text(bound));
    };
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const auto c = x.col(j);
        const bool cost = types[static_cast<std::size_t>(j)] == objective::cost;
        auto out = r.col(j);
        const double lo = c.minCoeff(), hi = c.maxCoeff(), factor = detail::prescale_factor(std::max(-lo, hi));
        // Calls f with the column as used: x * factor (x itself when factor is 1, no copy).
        const auto with_column = [&](auto&& f) { factor == 1.0 ? f(c) : f((c * factor).eval()); };
        switch (how) {
            case normalisation::none: out = c; break;
            case normalisation::vector:
                with_column([&](const auto& y) {
                    const double norm = y.norm();
                    if (norm == 0) throw undefined(j, "vector normalisation needs a column that is not all zero", norm);
                    if (cost) out = (1.0 - y.array() / norm).matrix(); else out = y / norm;
                });
                break;
            case normalisation::minmax:
                if (hi == lo) { out.setZero(); break; }  // constant column: no discrimination, no NaN
                with_column([&](const auto& y) {
                    const double ylo = lo * factor, yhi = hi * factor;
                    if (cost) out = ((yhi - y.array()) / (yhi - ylo)).matrix(); else out = ((y.array() - ylo) / (yhi - ylo)).matrix();
                });
                break;
            case normalisation::max:
                if (!(hi > 0)) throw undefined(j, "max normalisation needs a positive column maximum", hi);
                with_column([&](const auto& y) {
                    const double yhi = hi * factor;
                    require_finite(j, std::max(-lo, hi) * factor / yhi);
                    if (cost) out = (1.0 - y.array() / yhi).matrix(); else out = y / yhi;
                });
                break;
            case normalisation::sum:
                if (cost) {
                    if (!(lo > 0)) throw undefined(j, "sum normalisation of a cost criterion needs positive values", lo);
                    // (1/x) / sum(1/x) = (f/x) / sum(f/x) with f a power of two near the minimum: f/x
                    // is at most 1, where 1/x overflows for values below 1e-308.
                    const double f = 1.0 / detail::prescale_factor(lo);
                    const Eigen::ArrayXd inv = f / c.array();
                    out = (inv / inv.sum()).matrix();
                    break;
                }
                with_column([&](const auto& y) {
                    const double s = y.sum();
                    if (!(s > 0)) throw undefined(j, "sum normalisation needs a positive column sum", s / factor);
                    require_finite(j, std::max(-lo, hi) * factor / s);
                    out = y / s;
                });
                break;
        }
    }
    return r;
}

}  // namespace adva
