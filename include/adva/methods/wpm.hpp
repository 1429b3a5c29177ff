#pragma once
// Weighted product model (Bridgman 1922; Miller & Starr 1969). By default (normalisation none) in
// its dimensionless ratio form:
//   score_i = prod_j x_ij^(+w_j)  for benefit criteria,  x_ij^(-w_j)  for cost criteria.
// Any per-column rescaling x -> c*x multiplies every score by the same constant, so ratios and the
// ranking do not depend on units. With normalisation sum or vector the values are normalised first
// (cost criteria turned into benefit ones, decision_matrix.hpp) and score_i = prod_j r_ij^w_j:
// sum is pymcdm's WPM. minmax and max are not offered: they map a column's worst value to 0, and
// one zero factor makes the product 0 whatever the other criteria say.
// Computed in log space (exp(sum w_j ln x_ij)) so long products neither overflow nor underflow.
// Degenerate data: every value must be strictly positive; a zero or negative value (where a power
// is undefined or meaningless) is an error naming /matrix/i/j, as is a value that vector
// normalisation maps to 0 (the only value of a cost column). A product too large for a double
// (above about 1.8e308) is the error adva.methods.overflow.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "adva/methods/decision_matrix.hpp"

namespace adva {

struct wpm_parameters {
    normalisation norm = normalisation::none;  ///< default: none (the ratio form); or sum, vector
};

struct wpm_result {
    std::string method = "wpm";
    wpm_parameters parameters;
    Eigen::VectorXd weights;
    Eigen::VectorXd scores;      ///< prod x^(+-w); higher is better
    Eigen::VectorXd log_scores;  ///< sum +-w ln x (exact ranking even when scores under/overflow)
    std::vector<int> ranking;    ///< by log_scores, 1-based, ties share the better rank
};

inline wpm_result wpm(const decision_matrix& dm, const Eigen::VectorXd& weights, wpm_parameters p = {}) {
    detail::check_weights(weights, dm.criterion_count());
    if (p.norm != normalisation::none && p.norm != normalisation::sum && p.norm != normalisation::vector)
        throw invalid_input("adva.json.unknown_name", "/method/normalisation", "WPM takes normalisation none, sum or vector",
                            "\"" + std::string(to_string(p.norm)) + "\"");
    const auto& x = dm.values();
    bool subnormal = false;
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            if (!(x(i, j) > 0))
                throw invalid_input("adva.methods.wpm_nonpositive", detail::pointer("/matrix", i, j),
                                    "the weighted product needs strictly positive values", detail::number_text(x(i, j)));
            subnormal = subnormal || x(i, j) < std::numeric_limits<double>::min();
        }
    wpm_result r;
    r.parameters = p;
    r.weights = weights;
    if (p.norm != normalisation::none) {
        // Normalised values lie in (0, 1]: every cost column is a benefit one now, and no product
        // can overflow.
        const Eigen::MatrixXd n = normalise(x, dm.objectives(), p.norm);
        for (Eigen::Index j = 0; j < n.cols(); ++j)
            for (Eigen::Index i = 0; i < n.rows(); ++i)
                if (!(n(i, j) >= std::numeric_limits<double>::min()))
                    throw invalid_input("adva.methods.wpm_nonpositive", detail::pointer("/matrix", i, j),
                                        "the weighted product needs strictly positive values; " + std::string(to_string(p.norm)) +
                                            " normalisation maps this one to " + detail::number_text(n(i, j)),
                                        detail::number_text(x(i, j)));
        r.log_scores = Eigen::MatrixXd(n.array().log().matrix()) * weights;
        r.scores = r.log_scores.array().exp().matrix();
        r.ranking = competition_ranking(r.log_scores, rank_order::higher_is_better);
        return r;
    }
    Eigen::VectorXd signed_w = weights;
    for (Eigen::Index j = 0; j < weights.size(); ++j)
        if (dm.objectives()[std::size_t(j)] == objective::cost) signed_w[j] = -weights[j];
    // Eigen's vectorised log treats values below 2.2e-308 as 2.2e-308: std::log for those.
    r.log_scores = subnormal ? Eigen::MatrixXd(x.unaryExpr([](double v) { return std::log(v); })) * signed_w
                             : Eigen::MatrixXd(x.array().log().matrix()) * signed_w;
    r.scores = r.log_scores.array().exp().matrix();
    // A product beyond 1.8e308 (cost criteria on values below 1e-308, say) is not representable;
    // log_scores would still rank, but a result never holds an infinite score.
    detail::require_finite_result(r.scores, "WPM", "weighted product");
    r.ranking = competition_ranking(r.log_scores, rank_order::higher_is_better);
    return r;
}

}  // namespace adva
