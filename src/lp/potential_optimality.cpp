// The potential-optimality LP of dominance() (include/adva/analysis/dominance.hpp), on COIN-OR Clp.
#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <coin/ClpSimplex.hpp>
#include <Eigen/Dense>

#include "adva/analysis/dominance.hpp"
#include "adva/error.hpp"

namespace adva::detail {

namespace {

/// Bounds on t* from one round of constraint generation: t* ∈ [lower, upper].
struct margin_bounds {
    double lower, upper;
};

/// The constraint generation of best_worst_margin(), ending early once `settled(bounds)` holds;
/// at convergence the bounds are both t*.
template <class Settled>
margin_bounds solve_margin(const Eigen::MatrixXd& leaf_values, Eigen::Index a, const Settled& settled) {
    constexpr double infinity = std::numeric_limits<double>::infinity();
    const Eigen::Index m = leaf_values.rows(), n = leaf_values.cols();
    if (m < 2) return {infinity, infinity};  // no rival
    const int cols = int(n) + 1;  // w_1..w_n, t
    const Eigen::RowVectorXd va = leaf_values.row(a);

    ClpSimplex lp;
    lp.setLogLevel(0);
    {   // The simplex row Σw = 1; t free and maximised.
        std::vector<double> col_lo(std::size_t(n), 0.0), col_hi(std::size_t(cols), COIN_DBL_MAX);
        col_lo.push_back(-COIN_DBL_MAX);
        std::vector<double> objective(std::size_t(n), 0.0);
        objective.push_back(1.0);
        std::vector<CoinBigIndex> start(std::size_t(cols) + 1);
        std::vector<int> index;
        std::vector<double> value;
        for (int j = 0; j < cols; ++j) {
            start[std::size_t(j)] = CoinBigIndex(index.size());
            if (j < n) {
                index.push_back(0);
                value.push_back(1.0);
            }
        }
        start[std::size_t(cols)] = CoinBigIndex(index.size());
        const double one = 1.0;
        lp.loadProblem(cols, 1, start.data(), index.data(), value.data(), col_lo.data(), col_hi.data(),
                       objective.data(), &one, &one);
        lp.setOptimizationDirection(-1);
    }
    std::vector<int> row_columns(static_cast<std::size_t>(cols));
    std::vector<double> row_values(static_cast<std::size_t>(cols));
    std::vector<bool> added(std::size_t(m), false);
    auto add_rival = [&](Eigen::Index b) {
        int k = 0;
        for (Eigen::Index j = 0; j < n; ++j) {
            const double d = va[j] - leaf_values(b, j);
            if (d != 0.0) {
                row_columns[std::size_t(k)] = int(j);
                row_values[std::size_t(k++)] = d;
            }
        }
        row_columns[std::size_t(k)] = int(n);
        row_values[std::size_t(k++)] = -1.0;
        lp.addRow(k, row_columns.data(), row_values.data(), 0.0, COIN_DBL_MAX);  // w·(v_a − v_b) − t ≥ 0
        added[std::size_t(b)] = true;
    };

    // Start with the rival best under equal weights.
    const Eigen::VectorXd equal_totals = leaf_values.rowwise().sum();
    Eigen::Index first = a == 0 ? 1 : 0;
    for (Eigen::Index b = 0; b < m; ++b)
        if (b != a && equal_totals[b] > equal_totals[first]) first = b;
    add_rival(first);

    const double scale = std::max(1.0, leaf_values.cwiseAbs().maxCoeff());
    for (Eigen::Index round = 0; round < m; ++round) {
        if (round == 0) lp.primal();
        else lp.dual();  // a new row keeps the basis dual feasible: warm start
        if (!lp.isProvenOptimal())
            throw computation_error("adva.appraise.lp_failed", "/dominance",
                                    "the potential-optimality LP did not reach an optimum",
                                    "Clp status " + std::to_string(lp.status()));
        const double upper = lp.getColSolution()[n];  // relaxation: t* ≤ upper
        if (settled(margin_bounds{-infinity, upper})) return {-infinity, upper};
        const Eigen::Map<const Eigen::VectorXd> w(lp.getColSolution(), n);
        const Eigen::VectorXd margins = (leaf_values * w).array() * -1.0 + va.dot(w);  // w·(v_a − v_b)
        Eigen::Index worst = -1;
        double lower = std::numeric_limits<double>::infinity();  // t at these weights: t* ≥ lower
        for (Eigen::Index b = 0; b < m; ++b)
            if (b != a && margins[b] < lower) {
                lower = margins[b];
                worst = b;
            }
        if (settled(margin_bounds{lower, upper})) return {lower, upper};
        if (lower >= upper - 1e-12 * scale || added[std::size_t(worst)]) return {upper, upper};
        add_rival(worst);
    }
    const double t = lp.getColSolution()[n];
    return {t, t};
}

}  // namespace

double best_worst_margin(const Eigen::MatrixXd& leaf_values, Eigen::Index a) {
    return solve_margin(leaf_values, a, [](const margin_bounds&) { return false; }).upper;
}

margin_side best_worst_margin_side(const Eigen::MatrixXd& leaf_values, Eigen::Index a, double low, double high) {
    const auto side_of = [&](const margin_bounds& b) -> std::optional<margin_side> {
        if (b.upper < low) return margin_side::below;
        if (b.lower > high) return margin_side::above;
        if (b.lower >= low && b.upper <= high) return margin_side::within;
        return std::nullopt;
    };
    const margin_bounds b = solve_margin(leaf_values, a, [&](const margin_bounds& x) { return side_of(x).has_value(); });
    return side_of(b).value_or(margin_side::within);  // converged: lower == upper, so side_of decides
}

}  // namespace adva::detail
