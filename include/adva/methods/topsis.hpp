#pragma once
// TOPSIS (Hwang & Yoon 1981): normalise, weight, measure the Euclidean distance of every
// alternative to the ideal (best value of each weighted normalised column) and the anti-ideal
// (worst), closeness C_i = D-_i / (D+_i + D-_i), higher is better.
// Cost criteria: every normalisation turns them into benefit columns first (see
// adva::normalisation). For vector, minmax and max the cost form is affine, so the result equals
// the textbook "ideal = column minimum for costs" form exactly; for sum it is the reciprocal form.
// Degenerate data: a constant column adds nothing to either distance; if every alternative is
// identical (D+ = D- = 0) each closeness is defined as 0.5 and all tie.
#include <string>
#include <vector>

#include <Eigen/Dense>

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

inline topsis_result topsis(const decision_matrix& dm, const Eigen::VectorXd& weights, topsis_parameters p = {}) {
    detail::check_weights(weights, dm.criterion_count());
    if (p.norm == normalisation::none)
        throw invalid_input("adva.methods.unsupported_normalisation", "/method/normalisation",
                            "TOPSIS needs one of vector, minmax, max, sum", "\"none\"");
    topsis_result r;
    r.parameters = p;
    r.weights = weights;
    Eigen::MatrixXd v = normalise(dm.values(), dm.objectives(), p.norm);
    v *= weights.asDiagonal();
    const Eigen::RowVectorXd ideal = v.colwise().maxCoeff();
    const Eigen::RowVectorXd anti = v.colwise().minCoeff();
    r.distance_to_ideal = (v.rowwise() - ideal).rowwise().squaredNorm().cwiseSqrt();
    r.distance_to_anti_ideal = (v.rowwise() - anti).rowwise().squaredNorm().cwiseSqrt();
    const Eigen::ArrayXd total = r.distance_to_ideal.array() + r.distance_to_anti_ideal.array();
    r.closeness = (total > 0).select(r.distance_to_anti_ideal.array() / total, 0.5).matrix();
    r.ranking = competition_ranking(r.closeness, rank_order::higher_is_better);
    return r;
}

}  // namespace adva
