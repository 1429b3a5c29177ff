#pragma once
// TOPSIS (Hwang & Yoon 1981): normalise, weight, measure the Euclidean distance of every
// alternative to the ideal (best value of each weighted normalised column) and the anti-ideal
// (worst), closeness C_i = D-_i / (D+_i + D-_i), higher is better.
// Cost criteria: every normalisation turns them into benefit columns first (see
// adva::normalisation). For vector, minmax and max the cost form is affine, so the result equals
// the textbook "ideal = column minimum for costs" form exactly; for sum it is the reciprocal form.
// Degenerate data: a constant column adds nothing to either distance; if every alternative is
// identical (D+ = D- = 0) each closeness is defined as 0.5 and all tie.
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include "adva/methods/column_pass.hpp"
#include "adva/methods/decision_matrix.hpp"

namespace adva {

struct topsis_parameters {
    normalisation norm = normalisation::vector;  ///< default: vector (Hwang & Yoon)
};

struct topsis_result {
    std::string method = "topsis";
    topsis_parameters parameters;
    Eigen::VectorXd weights;
    Eigen::VectorXd distance_to_ideal;       ///< D+
    Eigen::VectorXd distance_to_anti_ideal;  ///< D-
    Eigen::VectorXd closeness;               ///< D- / (D+ + D-), in [0, 1], higher is better
    std::vector<int> ranking;                ///< by closeness, 1-based, ties share the better rank
};

namespace detail {

/// Kernel on validated data (decision_matrix or decision_matrix_view).
inline topsis_result topsis_kernel(const matrix_ref& x, const std::vector<objective>& types, const Eigen::VectorXd& weights,
                                   topsis_parameters p) {
    check_weights(weights, x.cols);
    if (p.norm == normalisation::none)
        throw invalid_input("adva.methods.unsupported_normalisation", "/method/normalisation",
                            "TOPSIS needs one of vector, minmax, max, sum", "\"none\"");
    const Eigen::Index m = x.rows, n = x.cols;
    topsis_result r;
    r.parameters = p;
    r.weights = weights;
    r.distance_to_ideal.resize(m);
    r.distance_to_anti_ideal.resize(m);

    bool affine = true;  // every normalised column is a*x + b: no need to materialise it
    for (Eigen::Index j = 0; j < n && affine; ++j)
        if (p.norm == normalisation::sum && types[std::size_t(j)] == objective::cost) affine = false;
    if (affine) {
        // v_ij = w_j (a_j x_ij + b_j), so v_ij - v*_j = w_j a_j (x_ij - x*_j) where x*_j is the raw
        // value of the ideal (max of x if a_j > 0, min if a_j < 0): distances come straight from x.
        const auto st = stats_of(x);
        Eigen::RowVectorXd scale(n), ideal(n), anti(n);
        for (Eigen::Index j = 0; j < n; ++j) {
            const bool cost = types[std::size_t(j)] == objective::cost;
            double slope = 0;  // |a_j|
            auto undefined = [&](const char* rule, double seen) {
                return invalid_input("adva.methods.normalisation_undefined", "/matrix/*/" + std::to_string(j), rule, number_text(seen));
            };
            switch (p.norm) {
                case normalisation::vector:
                    if (st.sumsq[j] == 0) throw undefined("vector normalisation needs a column that is not all zero", 0.0);
                    slope = 1.0 / std::sqrt(st.sumsq[j]);
                    break;
                case normalisation::minmax: slope = st.hi[j] > st.lo[j] ? 1.0 / (st.hi[j] - st.lo[j]) : 0.0; break;
                case normalisation::max:
                    if (!(st.hi[j] > 0)) throw undefined("max normalisation needs a positive column maximum", st.hi[j]);
                    slope = 1.0 / st.hi[j];
                    break;
                case normalisation::sum:
                    if (!(st.sum[j] > 0)) throw undefined("sum normalisation needs a positive column sum", st.sum[j]);
                    slope = 1.0 / st.sum[j];
                    break;
                case normalisation::none: break;
            }
            scale[j] = weights[j] * slope;
            ideal[j] = cost ? st.lo[j] : st.hi[j];
            anti[j] = cost ? st.hi[j] : st.lo[j];
        }
        // Second pass: per row, the squared distances accumulate over j in index order.
        for_chunks(x, [&](Eigen::Index, Eigen::Index first, Eigen::Index last) {
            double dp[chunk_rows], dn[chunk_rows];
            for_blocks(x, first, last, [&](Eigen::Index i0, Eigen::Index len, auto col) {
                std::fill(dp, dp + len, 0.0);
                std::fill(dn, dn + len, 0.0);
                for (Eigen::Index j = 0; j < n; ++j) {
                    const double* c = col(j);
                    const double sj = scale[j], ij = ideal[j], aj = anti[j];
                    for (Eigen::Index k = 0; k < len; ++k) {
                        const double tp = (c[k] - ij) * sj, tn = (c[k] - aj) * sj;
                        dp[k] += tp * tp;
                        dn[k] += tn * tn;
                    }
                }
                for (Eigen::Index k = 0; k < len; ++k) {
                    r.distance_to_ideal[i0 + k] = std::sqrt(dp[k]);
                    r.distance_to_anti_ideal[i0 + k] = std::sqrt(dn[k]);
                }
            });
        });
    } else {
        Eigen::MatrixXd v(m, n);
        for (Eigen::Index j = 0; j < n; ++j)
            for (Eigen::Index i = 0; i < m; ++i) v(i, j) = x(i, j);
        v = normalise(v, types, p.norm);
        v *= weights.asDiagonal();
        const Eigen::RowVectorXd ideal = v.colwise().maxCoeff();
        const Eigen::RowVectorXd anti = v.colwise().minCoeff();
        r.distance_to_ideal = (v.rowwise() - ideal).rowwise().norm();
        r.distance_to_anti_ideal = (v.rowwise() - anti).rowwise().norm();
    }
    r.closeness.resize(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        const double total = r.distance_to_ideal[i] + r.distance_to_anti_ideal[i];
        r.closeness[i] = total > 0 ? r.distance_to_anti_ideal[i] / total : 0.5;
    }
    r.ranking = competition_ranking(r.closeness, rank_order::higher_is_better);
    return r;
}

}  // namespace detail

inline topsis_result topsis(const decision_matrix& dm, const Eigen::VectorXd& weights, topsis_parameters p = {}) {
    return detail::topsis_kernel(dm.ref(), dm.objectives(), weights, p);
}
/// The same on row-major data, without a copy.
inline topsis_result topsis(const decision_matrix_view& dm, const Eigen::VectorXd& weights, topsis_parameters p = {}) {
    return detail::topsis_kernel(dm.ref(), dm.objectives(), weights, p);
}

}  // namespace adva
