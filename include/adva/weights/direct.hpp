#pragma once
// Direct weights: equal weights, raw weights normalised explicitly to sum 1, and swing weights
// (points on 0-100 where the most important swing gets 100; weight = points / total points).
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "adva/methods/decision_matrix.hpp"

namespace adva {

struct weights_result {
    std::string method;       ///< "equal", "direct", "swing", "roc", "rank_sum", "reciprocal"
    Eigen::VectorXd weights;  ///< non-negative, sum 1
};

inline weights_result equal_weights(Eigen::Index n) {
    if (n < 1) throw invalid_input("adva.weights.no_criteria", "n", "at least one criterion is required", std::to_string(n));
    return {"equal", Eigen::VectorXd::Constant(n, 1.0 / double(n))};
}

/// Normalises raw non-negative importance values to sum 1 (the only place adva rescales weights,
/// and it does so because you asked).
inline weights_result direct_weights(const Eigen::VectorXd& raw, std::string_view where = "/weighting/values") {
    if (raw.size() < 1) throw invalid_input("adva.weights.no_criteria", std::string(where), "at least one weight is required", "[]");
    for (Eigen::Index j = 0; j < raw.size(); ++j)
        if (!std::isfinite(raw[j]) || raw[j] < 0)
            throw invalid_input("adva.weights.negative", detail::pointer(where, j), "raw weights must be finite and non-negative",
                                detail::number_text(raw[j]));
    const double s = raw.sum();
    if (!(s > 0)) throw invalid_input("adva.weights.all_zero", std::string(where), "at least one raw weight must be positive", "sum 0");
    return {"direct", raw / s};
}

/// Swing weights: every value in [0, 100] and the largest exactly 100 (the reference swing).
inline weights_result swing_weights(const Eigen::VectorXd& points, std::string_view where = "/weighting/values") {
    for (Eigen::Index j = 0; j < points.size(); ++j)
        if (!(points[j] >= 0 && points[j] <= 100))
            throw invalid_input("adva.weights.swing_range", detail::pointer(where, j), "swing points must be in [0, 100]",
                                detail::number_text(points[j]));
    if (points.size() > 0 && points.maxCoeff() != 100)
        throw invalid_input("adva.weights.swing_reference", std::string(where), "the most important swing must score 100",
                            "max " + detail::number_text(points.maxCoeff()));
    auto r = direct_weights(points, where);
    r.method = "swing";
    return r;
}

}  // namespace adva
