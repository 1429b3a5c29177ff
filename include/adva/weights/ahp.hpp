#pragma once
// Analytic hierarchy process (Saaty 1977, 1980): priorities from a positive reciprocal pairwise
// comparison matrix A (a_ij = how much more important i is than j, a_ji = 1/a_ij, a_ii = 1).
//   eigenvector     principal right (Perron) eigenvector, normalised to sum 1 (Saaty; default)
//   geometric_mean  row geometric means, normalised (logarithmic least squares, Crawford & Williams)
//   column_mean     columns normalised to sum 1, then row means ("approximate" AHP)
// Consistency: lambda_max is the Perron eigenvalue for the eigenvector method and the estimate
// mean_i (A w)_i / w_i otherwise; CI = (lambda_max - n)/(n - 1); CR = CI / RI(n) with a selectable
// random-index table. For n <= 2 every reciprocal matrix is consistent: CI = CR = 0.
// Group decisions: aggregate_judgements (AIJ: element-wise weighted geometric mean of the judges'
// matrices, which stays reciprocal) or aggregate_priorities (AIP: weighted geometric mean of each
// judge's priorities, normalised) — Forman & Peniwati 1998. Hierarchies: synthesise().
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

#include "adva/methods/decision_matrix.hpp"
#include "adva/model/elicitation.hpp"  // the AHP conventions: ahp_priority, random_index_table

namespace adva {

inline constexpr int random_index_max_n = 15;

/// RI(n) of the table; n in 1..15, else adva.weights.ahp_random_index_unavailable.
inline double random_index(random_index_table t, Eigen::Index n) {
    static constexpr std::array<double, 13> saaty_1980{0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
    static constexpr std::array<double, 13> saaty_2005{0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59};
    static constexpr std::array<double, 13> alonso_lamata{0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499,
                                                          1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838};
    static constexpr std::array<double, 13> donegan_dodd{0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733,
                                                         1.4055, 1.4213, 1.4497, 1.4643, 1.4822, 1.4969};
    if (n < 1 || n > random_index_max_n)
        throw invalid_input("adva.weights.ahp_random_index_unavailable", "/weighting/random_index",
                            "random-index tables cover matrices of size 1 to 15", "n = " + std::to_string(n));
    if (n <= 2) return 0.0;
    const auto k = std::size_t(n - 3);
    switch (t) {
        case random_index_table::saaty: return saaty_1980[k];
        case random_index_table::saaty_2005: return saaty_2005[k];
        case random_index_table::alonso_lamata: return alonso_lamata[k];
        case random_index_table::donegan_dodd: return donegan_dodd[k];
    }
    return saaty_1980[k];
}

struct ahp_parameters {
    ahp_priority priority = ahp_priority::eigenvector;          ///< default: eigenvector
    random_index_table random_index = random_index_table::saaty;  ///< default: Saaty 1980
};

struct ahp_result {
    std::string method = "ahp";
    ahp_parameters parameters;
    Eigen::VectorXd weights;  ///< priorities, sum 1
    double lambda_max = 0, ci = 0, cr = 0, ri = 0;
};

/// Relative tolerance of the reciprocity check: published matrices write 1/3 as 0.333333333333.
inline constexpr double ahp_reciprocal_tolerance = 1e-6;

/// Checks square, positive, finite, unit diagonal and a_ij * a_ji = 1 (within 1e-6).
inline void check_pairwise(const Eigen::MatrixXd& a, std::string_view where = "/weighting/pairwise") {
    const std::string w(where);
    if (a.rows() != a.cols() || a.rows() < 1)
        throw invalid_input("adva.weights.ahp_not_square", w, "a pairwise comparison matrix must be square and non-empty",
                            std::to_string(a.rows()) + "x" + std::to_string(a.cols()));
    const auto n = a.rows();
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            if (!(std::isfinite(a(i, j)) && a(i, j) > 0))
                throw invalid_input("adva.weights.ahp_not_positive", detail::pointer(w, i, j),
                                    "pairwise comparisons must be finite and positive", detail::number_text(a(i, j)));
    for (Eigen::Index i = 0; i < n; ++i) {
        if (std::abs(a(i, i) - 1.0) > ahp_reciprocal_tolerance)
            throw invalid_input("adva.weights.ahp_not_reciprocal", detail::pointer(w, i, i), "the diagonal must be 1",
                                detail::number_text(a(i, i)));
        for (Eigen::Index j = i + 1; j < n; ++j)
            if (std::abs(a(i, j) * a(j, i) - 1.0) > ahp_reciprocal_tolerance)
                throw invalid_input("adva.weights.ahp_not_reciprocal", detail::pointer(w, j, i),
                                    "a_ji must equal 1/a_ij (a_ij = " + detail::number_text(a(i, j)) + ")",
                                    detail::number_text(a(j, i)));
    }
}

/// lambda_max estimate for any priority vector: mean_i (A w)_i / w_i.
inline double ahp_lambda_estimate(const Eigen::MatrixXd& a, const Eigen::VectorXd& w) {
    return ((a * w).array() / w.array()).mean();
}

/// Priorities and consistency of one pairwise comparison matrix.
inline ahp_result ahp(const Eigen::MatrixXd& a, ahp_parameters p = {}, std::string_view where = "/weighting/pairwise") {
    check_pairwise(a, where);
    const auto n = a.rows();
    ahp_result r;
    r.parameters = p;
    switch (p.priority) {
        case ahp_priority::eigenvector: {
            if (n == 1) { r.weights = Eigen::VectorXd::Ones(1); r.lambda_max = 1; break; }
            // A positive matrix has a simple real Perron eigenvalue of largest modulus whose
            // eigenvector can be taken positive (Perron-Frobenius).
            Eigen::EigenSolver<Eigen::MatrixXd> es(a);
            if (es.info() != Eigen::Success)
                throw computation_error("adva.weights.ahp_eigen_failed", std::string(where), "the eigenvalue solver did not converge");
            Eigen::Index k = 0;
            for (Eigen::Index i = 1; i < n; ++i)
                if (es.eigenvalues()[i].real() > es.eigenvalues()[k].real()) k = i;
            r.lambda_max = es.eigenvalues()[k].real();
            Eigen::VectorXd v = es.eigenvectors().col(k).real().cwiseAbs();
            r.weights = v / v.sum();
            break;
        }
        case ahp_priority::geometric_mean: {
            const Eigen::VectorXd g = (a.array().log().rowwise().mean()).exp();
            r.weights = g / g.sum();
            r.lambda_max = ahp_lambda_estimate(a, r.weights);
            break;
        }
        case ahp_priority::column_mean: {
            const Eigen::MatrixXd nc = a.array().rowwise() / a.colwise().sum().array();
            r.weights = nc.rowwise().mean();
            r.weights /= r.weights.sum();
            r.lambda_max = ahp_lambda_estimate(a, r.weights);
            break;
        }
    }
    r.ri = random_index(p.random_index, n);
    // A consistent matrix has lambda_max = n; rounding can leave -1e-16, which is not meaningful.
    r.ci = n > 2 ? std::max(0.0, (r.lambda_max - double(n)) / double(n - 1)) : 0.0;
    r.cr = n > 2 ? r.ci / r.ri : 0.0;
    return r;
}

namespace detail {
inline Eigen::VectorXd judge_weights(std::size_t k, const std::vector<double>& given) {
    if (given.empty()) return Eigen::VectorXd::Constant(Eigen::Index(k), 1.0 / double(k));
    if (given.size() != k)
        throw invalid_input("adva.weights.size_mismatch", "/weighting/judge_weights", "one weight per judge is required",
                            std::to_string(given.size()) + " for " + std::to_string(k) + " judges");
    Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(given.data(), Eigen::Index(k));
    check_weights(w, w.size(), "/weighting/judge_weights");
    return w;
}
}  // namespace detail

/// AIJ: a_ij = prod_k a_ij^(k)^(lambda_k) with judge weights lambda (equal when empty, else sum 1).
inline Eigen::MatrixXd aggregate_judgements(const std::vector<Eigen::MatrixXd>& judges, const std::vector<double>& judge_weight = {}) {
    if (judges.empty())
        throw invalid_input("adva.weights.ahp_no_judges", "/weighting/pairwise", "at least one judge's matrix is required", "[]");
    const Eigen::VectorXd lam = detail::judge_weights(judges.size(), judge_weight);
    Eigen::MatrixXd log_sum = Eigen::MatrixXd::Zero(judges[0].rows(), judges[0].cols());
    for (std::size_t k = 0; k < judges.size(); ++k) {
        const std::string where = detail::pointer("/weighting/pairwise", Eigen::Index(k));
        check_pairwise(judges[k], where);
        if (judges[k].rows() != judges[0].rows())
            throw invalid_input("adva.weights.size_mismatch", where, "every judge must compare the same elements",
                                std::to_string(judges[k].rows()) + "x" + std::to_string(judges[k].cols()));
        log_sum += lam[Eigen::Index(k)] * judges[k].array().log().matrix();
    }
    return log_sum.array().exp().matrix();
}

/// AIP: weighted geometric mean of each judge's priorities, normalised to sum 1.
inline Eigen::VectorXd aggregate_priorities(const std::vector<Eigen::VectorXd>& priorities, const std::vector<double>& judge_weight = {}) {
    if (priorities.empty())
        throw invalid_input("adva.weights.ahp_no_judges", "/weighting/pairwise", "at least one judge is required", "[]");
    const Eigen::VectorXd lam = detail::judge_weights(priorities.size(), judge_weight);
    Eigen::VectorXd log_sum = Eigen::VectorXd::Zero(priorities[0].size());
    for (std::size_t k = 0; k < priorities.size(); ++k) log_sum += lam[Eigen::Index(k)] * priorities[k].array().log().matrix();
    const Eigen::VectorXd g = log_sum.array().exp();
    return g / g.sum();
}

/// Hierarchical (distributive) synthesis: global_i = sum_k criterion_weight_k * local_k(i), with
/// `local` alternatives x criteria (column k = the priorities of the alternatives under criterion k).
inline Eigen::VectorXd synthesise(const Eigen::VectorXd& criterion_weights, const Eigen::MatrixXd& local) {
    if (local.cols() != criterion_weights.size())
        throw invalid_input("adva.weights.size_mismatch", "local", "one column of local priorities per criterion is required",
                            std::to_string(local.cols()) + " columns for " + std::to_string(criterion_weights.size()) + " criteria");
    return local * criterion_weights;
}

}  // namespace adva
