#pragma once
// Shannon-entropy objective weights (Shannon 1948; Zeleny 1982; Hwang & Yoon 1981):
//   p_ij = r_ij / sum_i r_ij,  E_j = -(1/ln m) sum_i p_ij ln p_ij  (0 ln 0 = 0),
//   d_j = 1 - E_j,  w_j = d_j / sum_k d_k.
// r is the raw matrix by default (normalisation none: criterion types are ignored, as in
// Zavadskas & Podvezko 2016 and pyrepo-mcda); any other adva::normalisation is applied first.
// Degenerate data: values must be >= 0 (a proportion of a negative value is meaningless); a
// column that sums to 0 or is constant carries no information (d_j = 0); if no column carries
// information the weights are undefined (adva.weights.no_dispersion). At least two alternatives.
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "adva/methods/decision_matrix.hpp"

namespace adva {

struct entropy_parameters {
    normalisation norm = normalisation::none;  ///< default: none (raw proportions)
};

struct entropy_result {
    std::string method = "entropy";
    entropy_parameters parameters;
    Eigen::VectorXd entropy;    ///< E_j in [0, 1]
    Eigen::VectorXd diversity;  ///< d_j = 1 - E_j
    Eigen::VectorXd weights;
};

inline entropy_result entropy_weights(const decision_matrix& dm, entropy_parameters p = {}) {
    detail::require_alternatives(dm, 2, "entropy weighting");
    const Eigen::MatrixXd r = normalise(dm.values(), dm.objectives(), p.norm);
    const auto m = r.rows(), n = r.cols();
    for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < m; ++i)
            if (r(i, j) < 0)
                throw invalid_input("adva.weights.entropy_negative", detail::pointer("/matrix", i, j),
                                    "entropy weighting needs non-negative (normalised) values", detail::number_text(r(i, j)));
    entropy_result res;
    res.parameters = p;
    res.entropy.resize(n);
    const double k = 1.0 / std::log(double(m));
    for (Eigen::Index j = 0; j < n; ++j) {
        const double s = r.col(j).sum();
        // A column summing to 0 or constant is uniform: E = 1 exactly, not 1 - rounding.
        if (!(s > 0) || r.col(j).maxCoeff() == r.col(j).minCoeff()) { res.entropy[j] = 1.0; continue; }
        const Eigen::ArrayXd pj = r.col(j).array() / s;
        res.entropy[j] = -k * (pj > 0).select(pj * pj.log(), 0.0).sum();
    }
    res.diversity = (1.0 - res.entropy.array()).max(0.0).matrix();  // E_j can exceed 1 by an ulp
    const double total = res.diversity.sum();
    if (!(total > 0))
        throw invalid_input("adva.weights.no_dispersion", "/matrix",
                            "entropy weights are undefined when every criterion is constant across alternatives", "");
    res.weights = res.diversity / total;
    return res;
}

}  // namespace adva
