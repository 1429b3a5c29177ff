#pragma once
// Weighted sum model: score_i = sum_j w_j * r_ij, r = the normalised matrix (default min-max, so
// every criterion runs from 0 = worst to 1 = best alternative, as on the relative 0-100 scales of
// the DCLG MCA manual). Higher is better.
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "adva/methods/column_pass.hpp"
#include "adva/methods/decision_matrix.hpp"

namespace adva {

struct wsm_parameters {
    normalisation norm = normalisation::minmax;  ///< default: minmax
};

struct wsm_result {
    std::string method = "wsm";
    wsm_parameters parameters;
    Eigen::VectorXd weights;
    Eigen::VectorXd scores;    ///< higher is better
    std::vector<int> ranking;  ///< 1-based, ties share the better rank
};

namespace detail {

/// Kernel on validated weights (decision_matrix or decision_matrix_view). values_checked: false
/// for a decision_matrix_view, whose finiteness the statistics pass checks.
///
/// Every normalisation but sum on a cost criterion is affine, r_ij = o_j + k_j (x_ij - b_j), so the
/// score is one streaming pass over the data in place: the column statistics, then per row
/// acc = sum_j w_j o_j + sum_j (x_ij - b_j) (w_j k_j) over j in index order (column_pass.hpp), on
/// the widest instruction set the CPU has and with the same bits on every path, thread count and
/// storage order. Columns far out of the plain range are read as x * prescale (exact powers of
/// two, prescale_columns), so no difference or slope overflows.
inline Eigen::VectorXd wsm_kernel(const matrix_ref& x, const std::vector<objective>& types, const Eigen::VectorXd& w,
                                  normalisation norm, bool values_checked) {
    const Eigen::Index m = x.rows, n = x.cols;
    bool affine = true;
    for (Eigen::Index j = 0; j < n && affine; ++j)
        if (norm == normalisation::sum && types[std::size_t(j)] == objective::cost) affine = false;
    if (!affine) {  // (1/x) / sum(1/x): the normalised matrix itself
        if (!values_checked) check_finite(x);
        Eigen::MatrixXd v(m, n);
        for (Eigen::Index j = 0; j < n; ++j)
            for (Eigen::Index i = 0; i < m; ++i) v(i, j) = x(i, j);
        return normalise(v, types, norm) * w;
    }
    const stats_needed need{.sum = norm == normalisation::sum, .sumsq = norm == normalisation::vector};
    column_stats st = kernel_stats(x, need, values_checked);
    const Eigen::RowVectorXd prescale = norm == normalisation::none ? Eigen::RowVectorXd() : prescale_columns(x, st, need);
    Eigen::RowVectorXd base(n), slope(n);  // per column b_j and w_j k_j, in prescaled units
    double offset = 0;                     // sum_j w_j o_j
    for (Eigen::Index j = 0; j < n; ++j) {
        const bool cost = types[std::size_t(j)] == objective::cost;
        const double f = prescale.size() ? prescale[j] : 1.0;
        auto undefined = [&](const char* rule, double seen) {  // seen: in the units of the data
            return invalid_input("adva.methods.normalisation_undefined", "/matrix/*/" + std::to_string(j), rule, number_text(seen / f));
        };
        double k = 1, b = 0, o = 0;  // r = o + k (x - b)
        switch (norm) {
            case normalisation::none: k = cost ? -1.0 : 1.0; break;
            case normalisation::vector:
                if (st.sumsq[j] == 0) throw undefined("vector normalisation needs a column that is not all zero", 0.0);
                k = 1.0 / std::sqrt(st.sumsq[j]);
                break;
            case normalisation::minmax:
                // A constant column normalises to 0 (it cannot discriminate).
                k = st.hi[j] > st.lo[j] ? 1.0 / (st.hi[j] - st.lo[j]) : 0.0;
                b = cost ? st.hi[j] : st.lo[j];
                if (cost) k = -k;
                break;
            case normalisation::max:
                if (!(st.hi[j] > 0)) throw undefined("max normalisation needs a positive column maximum", st.hi[j]);
                k = 1.0 / st.hi[j];
                break;
            case normalisation::sum:
                if (!(st.sum[j] > 0)) throw undefined("sum normalisation needs a positive column sum", st.sum[j]);
                k = 1.0 / st.sum[j];
                break;
        }
        if ((norm == normalisation::vector || norm == normalisation::max) && cost) o = 1, k = -k;  // 1 - x/norm, 1 - x/max
        // The largest normalised magnitude: beyond the doubles when the scale is tiny beside the
        // values (max of a column whose maximum is near 0, a sum that nearly cancels).
        if (norm != normalisation::none && !std::isfinite(std::max(-st.lo[j], st.hi[j]) * k))
            throw computation_error("adva.methods.overflow", "/matrix/*/" + std::to_string(j),
                                    "the normalised column is not finite (its values span too wide a range)",
                                    number_text(std::max(-st.lo[j], st.hi[j]) * k));
        base[j] = b;
        slope[j] = w[j] * k;
        offset += w[j] * o;
    }
    Eigen::VectorXd scores(m);
    const double *base_at = base.data(), *slope_at = slope.data(), *prescale_at = prescale.data();
    double* out = scores.data();
    const lane4 init = {offset, offset, offset, offset};
    const auto row_pass = [&]<bool prescaled>() {
        for_chunks(x, [&](Eigen::Index, Eigen::Index first, Eigen::Index last) {
            for_row_groups(
                x, first, last, init,
                [=](lane4& acc, Eigen::Index j, const lane4& v) {
                    if constexpr (prescaled) acc += (v * prescale_at[j] - base_at[j]) * slope_at[j];
                    else acc += (v - base_at[j]) * slope_at[j];
                },
                [=](Eigen::Index i, Eigen::Index count, const lane4& acc) {
                    for (Eigen::Index t = 0; t < count; ++t) out[i + t] = acc[t];
                });
        });
    };
    if (prescale.size()) row_pass.template operator()<true>();
    else row_pass.template operator()<false>();
    return scores;
}

inline wsm_result wsm_of(const matrix_ref& x, const std::vector<objective>& types, const Eigen::VectorXd& weights, wsm_parameters p,
                         bool values_checked) {
    detail::check_weights(weights, x.cols);
    wsm_result r;
    r.parameters = p;
    r.weights = weights;
    r.scores = detail::wsm_kernel(x, types, weights, p.norm, values_checked);
    detail::require_finite_result(r.scores, "WSM", "score");  // raw values (norm none) near 1e308 can sum past it
    r.ranking = competition_ranking(r.scores, rank_order::higher_is_better);
    return r;
}

}  // namespace detail

inline wsm_result wsm(const decision_matrix& dm, const Eigen::VectorXd& weights, wsm_parameters p = {}) {
    return detail::wsm_of(dm.ref(), dm.objectives(), weights, p, /*values_checked=*/true);
}

/// The same on row-major data, without a copy (the same bits as on a decision_matrix).
inline wsm_result wsm(const decision_matrix_view& dm, const Eigen::VectorXd& weights, wsm_parameters p = {}) {
    return detail::wsm_of(dm.ref(), dm.objectives(), weights, p, /*values_checked=*/false);
}

}  // namespace adva
