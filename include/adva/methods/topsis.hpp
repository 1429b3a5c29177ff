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
#include <cstring>
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
/// values_checked: false for a decision_matrix_view, whose finiteness the first pass checks.
inline topsis_result topsis_kernel(const matrix_ref& x, const std::vector<objective>& types, const Eigen::VectorXd& weights,
                                   topsis_parameters p, bool values_checked) {
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
    r.closeness.resize(m);

    bool affine = true;  // every normalised column is a*x + b: no need to materialise it
    for (Eigen::Index j = 0; j < n && affine; ++j)
        if (p.norm == normalisation::sum && types[std::size_t(j)] == objective::cost) affine = false;
    if (affine) {
        // v_ij = w_j (a_j x_ij + b_j), so v_ij - v*_j = w_j a_j x_ij - w_j a_j x*_j where x*_j is the
        // raw value of the ideal (max of x if a_j > 0, min if a_j < 0): distances come straight from
        // x, without the normalised matrix.
        const stats_needed need{.sum = p.norm == normalisation::sum, .sumsq = p.norm == normalisation::vector};
        auto st = kernel_stats(x, need, values_checked);
        // Columns far out of the plain range are read as x * prescale (see prescale_columns): st
        // then describes the prescaled columns, and the slopes below apply to them.
        const Eigen::RowVectorXd prescale = prescale_columns(x, st, need);
        Eigen::RowVectorXd scale(n), ideal(n), anti(n);
        for (Eigen::Index j = 0; j < n; ++j) {
            const bool cost = types[std::size_t(j)] == objective::cost;
            double slope = 0;  // |a_j|
            auto undefined = [&](const char* rule, double seen) {  // seen: in the units of the data
                return invalid_input("adva.methods.normalisation_undefined", "/matrix/*/" + std::to_string(j), rule,
                                     number_text(prescale.size() ? seen / prescale[j] : seen));
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
            // Ideal and anti-ideal in weighted normalised units: fl(x * scale) is monotone in x, so
            // these are exactly the column extremes of the weighted normalised matrix.
            ideal[j] = (cost ? st.lo[j] : st.hi[j]) * scale[j];
            anti[j] = (cost ? st.hi[j] : st.lo[j]) * scale[j];
            if (!std::isfinite(ideal[j]) || !std::isfinite(anti[j]))
                throw computation_error("adva.methods.overflow", "/matrix/*/" + std::to_string(j),
                                        "TOPSIS: the normalised column is not finite (its values span too wide a range)",
                                        number_text(std::isfinite(ideal[j]) ? anti[j] : ideal[j]));
        }
        // Second pass: per row, the squared distances accumulate over j in index order.
        struct distances {
            lane4 to_ideal, to_anti;
        };
        const double *ideal_at = ideal.data(), *anti_at = anti.data(), *scale_at = scale.data(), *prescale_at = prescale.data();
        double *dp_out = r.distance_to_ideal.data(), *dn_out = r.distance_to_anti_ideal.data(), *c_out = r.closeness.data();
        const auto row_pass = [&]<bool prescaled>() {
            for_chunks(x, [&](Eigen::Index, Eigen::Index first, Eigen::Index last) {
                for_row_groups(
                    x, first, last, distances{},
                    [=](distances& d, Eigen::Index j, const lane4& v) {
                        lane4 u;
                        if constexpr (prescaled) u = (v * prescale_at[j]) * scale_at[j];
                        else u = v * scale_at[j];
                        const lane4 tp = u - ideal_at[j], tn = u - anti_at[j];
                        d.to_ideal += tp * tp;
                        d.to_anti += tn * tn;
                    },
                    [=](Eigen::Index i, Eigen::Index count, const distances& d) {
                        // Four rows at once: Eigen's packet square root, then vector division and blend
                        // (exact IEEE operations, as the scalar forms).
                        Eigen::Array4d root_p, root_n;
                        std::memcpy(root_p.data(), &d.to_ideal, sizeof root_p);
                        std::memcpy(root_n.data(), &d.to_anti, sizeof root_n);
                        root_p = root_p.sqrt();
                        root_n = root_n.sqrt();
                        lane4 dp, dn;
                        std::memcpy(&dp, root_p.data(), sizeof dp);
                        std::memcpy(&dn, root_n.data(), sizeof dn);
                        const lane4 total = dp + dn, half = {0.5, 0.5, 0.5, 0.5};
                        const lane4 c = total > 0 ? dn / total : half;
                        for (Eigen::Index t = 0; t < count; ++t) {
                            dp_out[i + t] = dp[t];
                            dn_out[i + t] = dn[t];
                            c_out[i + t] = c[t];
                        }
                    });
            });
        };
        // The prescaled pass costs a multiplication per value: only for data that needs it.
        if (prescale.size()) row_pass.template operator()<true>();
        else row_pass.template operator()<false>();
    } else {
        if (!values_checked) check_finite(x);
        Eigen::MatrixXd v(m, n);
        for (Eigen::Index j = 0; j < n; ++j)
            for (Eigen::Index i = 0; i < m; ++i) v(i, j) = x(i, j);
        v = normalise(v, types, p.norm);
        v *= weights.asDiagonal();
        const Eigen::RowVectorXd ideal = v.colwise().maxCoeff();
        const Eigen::RowVectorXd anti = v.colwise().minCoeff();
        r.distance_to_ideal = (v.rowwise() - ideal).rowwise().norm();
        r.distance_to_anti_ideal = (v.rowwise() - anti).rowwise().norm();
        // D- / (D+ + D-); 0.5 when every alternative is identical (both distances 0).
        r.closeness = r.distance_to_ideal.binaryExpr(r.distance_to_anti_ideal, [](double dp, double dn) {
            return dp + dn > 0 ? dn / (dp + dn) : 0.5;
        });
    }
    require_finite_result(r.distance_to_ideal, "TOPSIS", "distance to the ideal");
    require_finite_result(r.distance_to_anti_ideal, "TOPSIS", "distance to the anti-ideal");
    r.ranking = competition_ranking(r.closeness, rank_order::higher_is_better);
    return r;
}

}  // namespace detail

inline topsis_result topsis(const decision_matrix& dm, const Eigen::VectorXd& weights, topsis_parameters p = {}) {
    return detail::topsis_kernel(dm.ref(), dm.objectives(), weights, p, /*values_checked=*/true);
}
/// The same on row-major data, without a copy.
inline topsis_result topsis(const decision_matrix_view& dm, const Eigen::VectorXd& weights, topsis_parameters p = {}) {
    return detail::topsis_kernel(dm.ref(), dm.objectives(), weights, p, /*values_checked=*/false);
}

}  // namespace adva
