#pragma once
// CRITIC objective weights (Diakoulaki, Mavrotas & Papayannakis 1995):
//   r = the normalised matrix (default min-max, cost criteria inverted first so every column reads
//   "larger is better"); sigma_j = standard deviation of column j; rho_jk = correlation of columns
//   j and k (Pearson by default, or Spearman = Pearson on average ranks);
//   C_j = sigma_j * sum_k (1 - rho_jk),  w_j = C_j / sum_k C_k.
// Inverting a cost column flips the sign of its correlations, so invert_costs changes the weights;
// it is an explicit option (default true, as in the original paper's benefit orientation). With
// normalisation none, inverting a cost column means negating it.
// Degenerate data: a constant column has no defined correlation (adva.weights.constant_column);
// at least two alternatives are required.
#include <algorithm>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "adva/methods/decision_matrix.hpp"

namespace adva {

enum class correlation { pearson, spearman };

inline constexpr std::string_view to_string(correlation c) noexcept { return c == correlation::pearson ? "pearson" : "spearman"; }
inline std::optional<correlation> parse_correlation(std::string_view s) noexcept {
    if (s == "pearson") return correlation::pearson;
    if (s == "spearman") return correlation::spearman;
    return std::nullopt;
}

struct critic_parameters {
    normalisation norm = normalisation::minmax;  ///< default: minmax
    bool invert_costs = true;                    ///< default: true
    correlation corr = correlation::pearson;     ///< default: pearson
};

struct critic_result {
    std::string method = "critic";
    critic_parameters parameters;
    Eigen::VectorXd std_dev;         ///< sigma_j (sample standard deviation, n-1)
    Eigen::MatrixXd correlation;     ///< rho
    Eigen::VectorXd information;     ///< C_j
    Eigen::VectorXd weights;
};

namespace detail {
/// Average ranks (1-based) of a column, ties sharing the mean of their positions.
inline Eigen::VectorXd average_ranks(const Eigen::VectorXd& x) {
    const auto m = static_cast<std::size_t>(x.size());
    std::vector<std::size_t> idx(m);
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return x[Eigen::Index(a)] < x[Eigen::Index(b)]; });
    Eigen::VectorXd r(x.size());
    for (std::size_t k = 0; k < m;) {
        std::size_t e = k;
        while (e + 1 < m && x[Eigen::Index(idx[e + 1])] == x[Eigen::Index(idx[k])]) ++e;
        const double avg = 0.5 * double(k + e) + 1.0;
        for (std::size_t t = k; t <= e; ++t) r[Eigen::Index(idx[t])] = avg;
        k = e + 1;
    }
    return r;
}
}  // namespace detail

inline critic_result critic_weights(const decision_matrix& dm, critic_parameters p = {}) {
    detail::require_alternatives(dm, 2, "CRITIC weighting");
    std::vector<objective> types = dm.objectives();
    if (!p.invert_costs) std::fill(types.begin(), types.end(), objective::benefit);
    Eigen::MatrixXd r = normalise(dm.values(), types, p.norm);
    if (p.norm == normalisation::none)
        for (Eigen::Index j = 0; j < r.cols(); ++j)
            if (types[std::size_t(j)] == objective::cost) r.col(j) = -r.col(j);
    const auto m = r.rows(), n = r.cols();
    critic_result res;
    res.parameters = p;
    const Eigen::MatrixXd centred = r.rowwise() - r.colwise().mean();
    res.std_dev = (centred.colwise().squaredNorm() / double(m - 1)).cwiseSqrt().transpose();
    for (Eigen::Index j = 0; j < n; ++j)
        if (centred.col(j).cwiseAbs().maxCoeff() == 0)
            throw invalid_input("adva.weights.constant_column", "/matrix/*/" + std::to_string(j),
                                "CRITIC needs every criterion to vary across alternatives (correlation is undefined)",
                                "constant " + detail::number_text(dm.values()(0, j)));
    Eigen::MatrixXd basis = centred;
    if (p.corr == correlation::spearman) {
        for (Eigen::Index j = 0; j < n; ++j) basis.col(j) = detail::average_ranks(r.col(j));
        basis = basis.rowwise() - basis.colwise().mean();
    }
    const Eigen::RowVectorXd norms = basis.colwise().norm();
    const Eigen::MatrixXd unit = basis.array().rowwise() / norms.array();
    res.correlation = unit.transpose() * unit;
    res.information = res.std_dev.array() * (1.0 - res.correlation.array()).colwise().sum().transpose();
    const double total = res.information.sum();
    if (!(total > 0))
        throw invalid_input("adva.weights.no_dispersion", "/matrix",
                            "CRITIC weights are undefined: every criterion is perfectly correlated with every other", "");
    res.weights = res.information / total;
    return res;
}

}  // namespace adva
