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
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

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

/// Rows per task of the row-parallel passes: large enough to amortise scheduling, small enough
/// that a block's accumulators stay in L1.
inline constexpr Eigen::Index row_block = 2048;

/// Per-column minimum, maximum, sum and sum of squares in one pass (parallel over columns).
struct column_stats {
    Eigen::RowVectorXd lo, hi, sum, sumsq;
};
inline column_stats stats_of(const Eigen::MatrixXd& x) {
    const auto n = x.cols();
    column_stats s{Eigen::RowVectorXd(n), Eigen::RowVectorXd(n), Eigen::RowVectorXd(n), Eigen::RowVectorXd(n)};
    tbb::parallel_for(Eigen::Index(0), n, [&](Eigen::Index j) {
        const auto c = x.col(j).array();
        s.lo[j] = c.minCoeff();
        s.hi[j] = c.maxCoeff();
        s.sum[j] = c.sum();
        s.sumsq[j] = c.square().sum();
    });
    return s;
}

}  // namespace detail

inline topsis_result topsis(const decision_matrix& dm, const Eigen::VectorXd& weights, topsis_parameters p = {}) {
    detail::check_weights(weights, dm.criterion_count());
    if (p.norm == normalisation::none)
        throw invalid_input("adva.methods.unsupported_normalisation", "/method/normalisation",
                            "TOPSIS needs one of vector, minmax, max, sum", "\"none\"");
    const auto& x = dm.values();
    const Eigen::Index m = x.rows(), n = x.cols();
    topsis_result r;
    r.parameters = p;
    r.weights = weights;
    r.distance_to_ideal.resize(m);
    r.distance_to_anti_ideal.resize(m);

    bool affine = true;  // every normalised column is a*x + b: no need to materialise it
    for (Eigen::Index j = 0; j < n && affine; ++j)
        if (p.norm == normalisation::sum && dm.objectives()[std::size_t(j)] == objective::cost) affine = false;
    if (affine) {
        // v_ij = w_j (a_j x_ij + b_j), so v_ij - v*_j = w_j a_j (x_ij - x*_j) where x*_j is the raw
        // value of the ideal (max of x if a_j > 0, min if a_j < 0): distances come straight from x.
        const auto st = detail::stats_of(x);
        Eigen::RowVectorXd scale(n), ideal(n), anti(n);
        for (Eigen::Index j = 0; j < n; ++j) {
            const bool cost = dm.objectives()[std::size_t(j)] == objective::cost;
            double slope = 0;  // |a_j|
            auto undefined = [&](const char* rule, double seen) {
                return invalid_input("adva.methods.normalisation_undefined", "/matrix/*/" + std::to_string(j), rule, detail::number_text(seen));
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
        tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, m, detail::row_block), [&](const tbb::blocked_range<Eigen::Index>& rows) {
            const Eigen::Index i0 = rows.begin(), len = rows.end() - rows.begin();
            Eigen::ArrayXd dp = Eigen::ArrayXd::Zero(len), dn = Eigen::ArrayXd::Zero(len);
            for (Eigen::Index j = 0; j < n; ++j) {
                const auto c = x.col(j).segment(i0, len).array();
                dp += ((c - ideal[j]) * scale[j]).square();
                dn += ((c - anti[j]) * scale[j]).square();
            }
            r.distance_to_ideal.segment(i0, len) = dp.sqrt().matrix();
            r.distance_to_anti_ideal.segment(i0, len) = dn.sqrt().matrix();
        });
    } else {
        Eigen::MatrixXd v = normalise(x, dm.objectives(), p.norm);
        v *= weights.asDiagonal();
        const Eigen::RowVectorXd ideal = v.colwise().maxCoeff();
        const Eigen::RowVectorXd anti = v.colwise().minCoeff();
        r.distance_to_ideal = (v.rowwise() - ideal).rowwise().norm();
        r.distance_to_anti_ideal = (v.rowwise() - anti).rowwise().norm();
    }
    const Eigen::ArrayXd total = r.distance_to_ideal.array() + r.distance_to_anti_ideal.array();
    r.closeness = (total > 0).select(r.distance_to_anti_ideal.array() / total, 0.5).matrix();
    r.ranking = competition_ranking(r.closeness, rank_order::higher_is_better);
    return r;
}

}  // namespace adva
