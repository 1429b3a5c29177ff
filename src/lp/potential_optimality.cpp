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

double best_worst_margin(const Eigen::MatrixXd& leaf_values, Eigen::Index a, std::optional<double> decide_at) {
    const Eigen::Index m = leaf_values.rows(), n = leaf_values.cols();
    if (m < 2) return std::numeric_limits<double>::infinity();  // no rival
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
        if (decide_at && upper < *decide_at) return upper;
        const Eigen::Map<const Eigen::VectorXd> w(lp.getColSolution(), n);
        const Eigen::VectorXd margins = (leaf_values * w).array() * -1.0 + va.dot(w);  // w·(v_a − v_b)
        Eigen::Index worst = -1;
        double lower = std::numeric_limits<double>::infinity();  // t at these weights: t* ≥ lower
        for (Eigen::Index b = 0; b < m; ++b)
            if (b != a && margins[b] < lower) {
                lower = margins[b];
                worst = b;
            }
        if (decide_at && lower >= *decide_at) return lower;
        if (lower >= upper - 1e-12 * scale || added[std::size_t(worst)]) return upper;
        add_rival(worst);
    }
    return lp.getColSolution()[n];
}

}  // namespace adva::detail
