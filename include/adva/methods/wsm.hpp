#pragma once
// Weighted sum model: score_i = sum_j w_j * r_ij, r = the normalised matrix (default min-max, so
// every criterion runs from 0 = worst to 1 = best alternative, as on the relative 0-100 scales of
// the DCLG MCA manual). Higher is better.
#include <string>
#include <vector>

#include <Eigen/Dense>

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
/// Kernel: `x` already validated, `w` sums to 1.
inline Eigen::VectorXd wsm_scores(const Eigen::MatrixXd& x, const std::vector<objective>& types, const Eigen::VectorXd& w,
                                  normalisation norm) {
    if (norm == normalisation::none) {
        // Raw values: cost criteria enter with a negative sign so larger is still better.
        Eigen::VectorXd signed_w = w;
        for (Eigen::Index j = 0; j < w.size(); ++j)
            if (types[std::size_t(j)] == objective::cost) signed_w[j] = -w[j];
        return x * signed_w;
    }
    return normalise(x, types, norm) * w;
}
}  // namespace detail

inline wsm_result wsm(const decision_matrix& dm, const Eigen::VectorXd& weights, wsm_parameters p = {}) {
    detail::check_weights(weights, dm.criterion_count());
    wsm_result r;
    r.parameters = p;
    r.weights = weights;
    r.scores = detail::wsm_scores(dm.values(), dm.objectives(), weights, p.norm);
    detail::require_finite_result(r.scores, "WSM", "score");  // raw values (norm none) near 1e308 can sum past it
    r.ranking = competition_ranking(r.scores, rank_order::higher_is_better);
    return r;
}

/// The same on row-major data (one column-major copy for the normalisation).
inline wsm_result wsm(const decision_matrix_view& dm, const Eigen::VectorXd& weights, wsm_parameters p = {}) {
    return wsm(dm.to_matrix(), weights, p);
}

}  // namespace adva
