// The LPs of what_if() (include/adva/analysis/what_if.hpp, which states them), on COIN-OR Clp.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <Eigen/Dense>

#include "adva/analysis/what_if.hpp"
#include "adva/error.hpp"

namespace adva::detail {
namespace {

struct lp_rows {
    std::vector<int> row, col;
    std::vector<double> value, lower, upper;
    int rows = 0;
    int add(double lo, double hi) {
        lower.push_back(lo);
        upper.push_back(hi);
        return rows++;
    }
    void set(int r, int c, double v) {
        if (v == 0.0) return;
        row.push_back(r);
        col.push_back(c);
        value.push_back(v);
    }
};

/// Loads and solves min/max c·x; returns the solver for inspection. Throws on numerical failure
/// (infeasibility is returned, not thrown).
void solve_lp(ClpSimplex& lp, const lp_rows& r, int cols, const std::vector<double>& col_lo, const std::vector<double>& col_hi,
              const std::vector<double>& objective, int direction) {
    CoinPackedMatrix matrix(false, r.row.data(), r.col.data(), r.value.data(), CoinBigIndex(r.value.size()));
    matrix.setDimensions(r.rows, cols);
    lp.setLogLevel(0);
    lp.loadProblem(matrix, col_lo.data(), col_hi.data(), objective.data(), r.lower.data(), r.upper.data());
    lp.setOptimizationDirection(direction);
    lp.primal();
    if (!lp.isProvenOptimal() && !lp.isProvenPrimalInfeasible())
        throw computation_error("adva.what_if.lp_failed", "/what_if", "the weight-change LP did not reach an optimum",
                                "Clp status " + std::to_string(lp.status()));
}

}  // namespace

std::optional<std::vector<double>> closest_winning_weights(const Eigen::MatrixXd& v, std::size_t target, const std::vector<std::size_t>& rivals,
                                                           const std::vector<double>& current, weight_distance norm) {
    const int n = int(v.cols());
    // Columns: w (n), then d⁺ (n), d⁻ (n) for L1, or t (1) for L∞.
    const int cols = norm == weight_distance::l1 ? 3 * n : n + 1;
    lp_rows rows;
    for (int l = 0; l < n; ++l) {
        const double w0 = current[std::size_t(l)];
        if (norm == weight_distance::l1) {
            const int row = rows.add(w0, w0);  // w − d⁺ + d⁻ = w0
            rows.set(row, l, 1.0);
            rows.set(row, n + l, -1.0);
            rows.set(row, 2 * n + l, 1.0);
        } else {
            const int upper = rows.add(-COIN_DBL_MAX, w0);  // w − t ≤ w0
            rows.set(upper, l, 1.0);
            rows.set(upper, n, -1.0);
            const int lower = rows.add(w0, COIN_DBL_MAX);   // w + t ≥ w0
            rows.set(lower, l, 1.0);
            rows.set(lower, n, 1.0);
        }
    }
    const int simplex = rows.add(1.0, 1.0);
    for (int l = 0; l < n; ++l) rows.set(simplex, l, 1.0);
    for (std::size_t b : rivals) {
        const int row = rows.add(0.0, COIN_DBL_MAX);  // w·(v_a − v_b) ≥ 0
        for (int l = 0; l < n; ++l) rows.set(row, l, v(Eigen::Index(target), l) - v(Eigen::Index(b), l));
    }
    std::vector<double> col_lo(std::size_t(cols), 0.0), col_hi(std::size_t(cols), COIN_DBL_MAX), objective(std::size_t(cols), 0.0);
    for (int c = n; c < cols; ++c) objective[std::size_t(c)] = 1.0;

    ClpSimplex lp;
    solve_lp(lp, rows, cols, col_lo, col_hi, objective, 1);
    if (!lp.isProvenOptimal()) return std::nullopt;
    const double* x = lp.getColSolution();
    return std::vector<double>(x, x + n);
}

std::pair<std::vector<double>, double> beating_mixture(const Eigen::MatrixXd& v, std::size_t target,
                                                       const std::vector<std::size_t>& rivals) {
    // Columns λ_b (one per rival), then s (free); maximise s.
    const int n = int(v.cols()), m = int(rivals.size());
    lp_rows cert;
    for (int l = 0; l < n; ++l) {
        const int row = cert.add(v(Eigen::Index(target), l), COIN_DBL_MAX);  // Σ λ_b v_bl − s ≥ v_al
        for (int b = 0; b < m; ++b) cert.set(row, b, v(Eigen::Index(rivals[std::size_t(b)]), l));
        cert.set(row, m, -1.0);
    }
    const int sum = cert.add(1.0, 1.0);
    for (int b = 0; b < m; ++b) cert.set(sum, b, 1.0);
    std::vector<double> lo(std::size_t(m) + 1, 0.0), hi(std::size_t(m) + 1, COIN_DBL_MAX), obj(std::size_t(m) + 1, 0.0);
    lo.back() = -COIN_DBL_MAX;
    obj.back() = 1.0;
    ClpSimplex proof;
    solve_lp(proof, cert, m + 1, lo, hi, obj, -1);
    if (!proof.isProvenOptimal())
        throw computation_error("adva.what_if.lp_failed", "/what_if", "the certificate LP of an impossible change did not reach an optimum",
                                "Clp status " + std::to_string(proof.status()));
    const double* lambda = proof.getColSolution();
    return {std::vector<double>(lambda, lambda + m), lambda[m]};
}

}  // namespace adva::detail
