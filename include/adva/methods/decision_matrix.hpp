#pragma once
// A plain decision matrix (alternatives x criteria) for the aggregation and weighting methods,
// validated once at construction so that the kernels can assume finite, consistently sized data.
// Also: the normalisation conventions shared by the methods, weight validation, and competition
// ranking ("1224": tied alternatives share the better rank).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstddef>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/error.hpp"

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
inline std::string pointer(std::string_view base, Eigen::Index i) { return std::string(base) + "/" + std::to_string(i); }
inline std::string pointer(std::string_view base, Eigen::Index i, Eigen::Index j) {
    return pointer(base, i) + "/" + std::to_string(j);
}
inline std::string number_text(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
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
        const auto m = values_.rows(), n = values_.cols();
        if (m < 1)
            throw invalid_input("adva.methods.no_alternatives", "/matrix", "a decision matrix needs at least one alternative (row)", "0 rows");
        if (n < 1)
            throw invalid_input("adva.methods.no_criteria", "/matrix", "a decision matrix needs at least one criterion (column)", "0 columns");
        if (static_cast<Eigen::Index>(objectives_.size()) != n)
            throw invalid_input("adva.methods.size_mismatch", "/types", "one type per criterion (matrix column) is required",
                                std::to_string(objectives_.size()) + " types for " + std::to_string(n) + " columns");
        if (!values_.allFinite()) {
            for (Eigen::Index j = 0; j < n; ++j)
                for (Eigen::Index i = 0; i < m; ++i)
                    if (!std::isfinite(values_(i, j)))
                        throw invalid_input("adva.methods.not_finite", detail::pointer("/matrix", i, j),
                                            "every matrix value must be a finite number", detail::number_text(values_(i, j)));
        }
        check_labels(alternatives_, m, "/alternatives", "alternative");
        check_labels(criteria_, n, "/criteria", "criterion");
    }

    const Eigen::MatrixXd& values() const noexcept { return values_; }
    const std::vector<objective>& objectives() const noexcept { return objectives_; }
    /// Alternative labels; empty when none were given.
    const std::vector<std::string>& alternatives() const noexcept { return alternatives_; }
    /// Criterion labels; empty when none were given.
    const std::vector<std::string>& criteria() const noexcept { return criteria_; }
    Eigen::Index alternative_count() const noexcept { return values_.rows(); }
    Eigen::Index criterion_count() const noexcept { return values_.cols(); }

private:
    static void check_labels(const std::vector<std::string>& labels, Eigen::Index expected, const char* where, const char* what) {
        if (labels.empty()) return;
        if (static_cast<Eigen::Index>(labels.size()) != expected)
            throw invalid_input("adva.methods.size_mismatch", where,
                                std::string("one label per ") + what + " is required",
                                std::to_string(labels.size()) + " labels for " + std::to_string(expected));
        std::unordered_set<std::string> seen;
        for (std::size_t k = 0; k < labels.size(); ++k) {
            if (labels[k].empty())
                throw invalid_input("adva.methods.empty_label", detail::pointer(where, static_cast<Eigen::Index>(k)), "labels must not be empty", "\"\"");
            if (!seen.insert(labels[k]).second)
                throw invalid_input("adva.methods.duplicate_label", detail::pointer(where, static_cast<Eigen::Index>(k)),
                                    "labels must be unique", "\"" + labels[k] + "\"");
        }
    }

    Eigen::MatrixXd values_;
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
inline Eigen::MatrixXd normalise(const Eigen::MatrixXd& x, const std::vector<objective>& types, normalisation how) {
    Eigen::MatrixXd r(x.rows(), x.cols());
    auto undefined = [](Eigen::Index j, const char* rule, double seen) {
        return invalid_input("adva.methods.normalisation_undefined", "/matrix/*/" + std::to_string(j), rule,
                             detail::number_text(seen));
    };
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const auto c = x.col(j);
        const bool cost = types[static_cast<std::size_t>(j)] == objective::cost;
        auto out = r.col(j);
        switch (how) {
            case normalisation::none: out = c; break;
            case normalisation::vector: {
                const double norm = c.norm();
                if (norm == 0) throw undefined(j, "vector normalisation needs a column that is not all zero", norm);
                if (cost) out = (1.0 - c.array() / norm).matrix(); else out = c / norm;
                break;
            }
            case normalisation::minmax: {
                const double lo = c.minCoeff(), hi = c.maxCoeff();
                if (hi == lo) { out.setZero(); break; }  // constant column: no discrimination, no NaN
                if (cost) out = ((hi - c.array()) / (hi - lo)).matrix(); else out = ((c.array() - lo) / (hi - lo)).matrix();
                break;
            }
            case normalisation::max: {
                const double hi = c.maxCoeff();
                if (!(hi > 0)) throw undefined(j, "max normalisation needs a positive column maximum", hi);
                if (cost) out = (1.0 - c.array() / hi).matrix(); else out = c / hi;
                break;
            }
            case normalisation::sum: {
                if (cost) {
                    const double lo = c.minCoeff();
                    if (!(lo > 0)) throw undefined(j, "sum normalisation of a cost criterion needs positive values", lo);
                    const Eigen::ArrayXd inv = c.array().inverse();
                    out = (inv / inv.sum()).matrix();
                } else {
                    const double s = c.sum();
                    if (!(s > 0)) throw undefined(j, "sum normalisation needs a positive column sum", s);
                    out = c / s;
                }
                break;
            }
        }
    }
    return r;
}

/// Which way scores are ranked.
enum class rank_order { higher_is_better, lower_is_better };

/// Competition ranking ("1224"): rank 1 is best; alternatives with exactly equal scores share the
/// better rank and the next rank is skipped.
inline std::vector<int> competition_ranking(const Eigen::VectorXd& scores, rank_order order) {
    const auto m = static_cast<std::size_t>(scores.size());
    std::vector<std::size_t> idx(m);
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    auto better = [&](std::size_t a, std::size_t b) {
        return order == rank_order::higher_is_better ? scores[Eigen::Index(a)] > scores[Eigen::Index(b)]
                                                     : scores[Eigen::Index(a)] < scores[Eigen::Index(b)];
    };
    std::stable_sort(idx.begin(), idx.end(), better);
    std::vector<int> rank(m);
    for (std::size_t k = 0; k < m; ++k)
        rank[idx[k]] = (k > 0 && scores[Eigen::Index(idx[k])] == scores[Eigen::Index(idx[k - 1])])
                           ? rank[idx[k - 1]]
                           : static_cast<int>(k) + 1;
    return rank;
}

}  // namespace adva
