// interior_point() of include/adva/weights/polytope.hpp on COIN-OR Clp: the Chebyshev centre of
// a weight polytope within the affine hull of its equalities.
//   maximise r  s.t.  G_i w + ν_i r <= h_i  (every inequality, w >= 0 included),
//                     sum(w) = 1, E w = f,  0 <= r <= 1,
// where ν_i is the length of row i's normal within the hull's directions: the ball of radius r
// around w, inside the hull, then lies in every half-space. A row constant on the hull (ν_i ≈ 0)
// keeps ν_i = 0: it either holds on the whole hull or makes the LP infeasible.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <coin/ClpSimplex.hpp>
#include <Eigen/Dense>

#include "adva/detail/error_text.hpp"
#include "adva/error.hpp"
#include "adva/weights/polytope.hpp"

namespace adva {

namespace {

// An inequality that no point of a flat polytope gets farther from than this pins the weights.
constexpr double pinned_distance = 100 * polytope_flat_radius;

// The farthest a point of P gets from face `row` (distance within the hull): r fixed at 0 and
// G_row · w minimised. Reuses the solved LP as a warm start.
double widest_slack(ClpSimplex& lp, const Eigen::MatrixXd& G, const Eigen::VectorXd& h, Eigen::Index row, double normal) {
    const Eigen::Index n = G.cols();
    for (Eigen::Index k = 0; k < n; ++k) lp.setObjectiveCoefficient(static_cast<int>(k), G(row, k));
    lp.setObjectiveCoefficient(static_cast<int>(n), 0.0);
    lp.setOptimizationDirection(1);
    lp.primal();
    if (!lp.isProvenOptimal()) return std::numeric_limits<double>::infinity();
    const Eigen::Map<const Eigen::VectorXd> w(lp.getColSolution(), n);
    return (h[row] - G.row(row).dot(w)) / normal;
}

}  // namespace

Eigen::VectorXd interior_point(const weight_polytope& polytope) {
    const Eigen::Index n = polytope.weights();
    const detail::polytope_inequalities all = detail::all_inequalities(polytope);
    const detail::affine_hull hull(polytope);
    const Eigen::Index m = all.G.rows(), q = polytope.equality_matrix().rows();
    Eigen::VectorXd normal(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        const double nu = hull.normal_in_hull(all.G.row(i));
        normal[i] = nu <= detail::constant_row_tolerance * all.G.row(i).norm() ? 0.0 : nu;
    }

    // Rows: the m inequalities, then sum(w) = 1, then E w = f. Columns: w (n), r.
    const Eigen::Index rows = m + 1 + q, cols = n + 1;
    Eigen::MatrixXd M(rows, cols);
    M.topLeftCorner(m, n) = all.G;
    M.col(n).head(m) = normal;
    M.row(m).head(n).setOnes();
    M(m, n) = 0.0;
    M.bottomLeftCorner(q, n) = polytope.equality_matrix();
    M.col(n).tail(q).setZero();
    std::vector<double> row_lo(static_cast<std::size_t>(rows)), row_hi(static_cast<std::size_t>(rows));
    for (Eigen::Index i = 0; i < m; ++i) {
        row_lo[static_cast<std::size_t>(i)] = -COIN_DBL_MAX;
        row_hi[static_cast<std::size_t>(i)] = all.h[i];
    }
    row_lo[static_cast<std::size_t>(m)] = row_hi[static_cast<std::size_t>(m)] = 1.0;
    for (Eigen::Index i = 0; i < q; ++i)
        row_lo[static_cast<std::size_t>(m + 1 + i)] = row_hi[static_cast<std::size_t>(m + 1 + i)] = polytope.equality_values()[i];
    std::vector<CoinBigIndex> start(static_cast<std::size_t>(cols) + 1);
    std::vector<int> index;
    std::vector<double> value;
    for (Eigen::Index j = 0; j < cols; ++j) {
        start[static_cast<std::size_t>(j)] = static_cast<CoinBigIndex>(index.size());
        for (Eigen::Index i = 0; i < rows; ++i)
            if (M(i, j) != 0.0) {
                index.push_back(static_cast<int>(i));
                value.push_back(M(i, j));
            }
    }
    start[static_cast<std::size_t>(cols)] = static_cast<CoinBigIndex>(index.size());
    std::vector<double> col_lo(static_cast<std::size_t>(cols), 0.0), col_hi(static_cast<std::size_t>(cols), COIN_DBL_MAX);
    col_hi[static_cast<std::size_t>(n)] = 1.0;  // r: the simplex's own inradius is below 1
    std::vector<double> objective(static_cast<std::size_t>(cols), 0.0);
    objective[static_cast<std::size_t>(n)] = 1.0;

    ClpSimplex lp;
    lp.setLogLevel(0);
    lp.loadProblem(static_cast<int>(cols), static_cast<int>(rows), start.data(), index.data(), value.data(), col_lo.data(), col_hi.data(),
                   objective.data(), row_lo.data(), row_hi.data());
    lp.setOptimizationDirection(-1);
    lp.setPrimalTolerance(1e-9);
    lp.setDualTolerance(1e-9);
    lp.primal();
    if (lp.isProvenPrimalInfeasible())
        throw invalid_input("adva.polytope.empty", "polytope", "no weight vector satisfies the constraints (w >= 0, sum(w) = 1, A w <= b, E w = f)",
                            std::to_string(m - n) + " inequalities, " + std::to_string(q) + " equalities on " + std::to_string(n) + " weights");
    if (!lp.isProvenOptimal())
        throw computation_error("adva.polytope.lp_failed", "polytope", "the Chebyshev-centre LP did not reach an optimum",
                                "Clp status " + std::to_string(lp.status()));

    // The LP's point holds its rows to Clp's tolerance only: put it exactly on the hull, then
    // measure the ball it really has.
    const Eigen::VectorXd x = hull.project(Eigen::Map<const Eigen::VectorXd>(lp.getColSolution(), n));
    double radius = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < m; ++i) {
        const double slack = all.h[i] - all.G.row(i).dot(x);
        if (normal[i] > 0.0) radius = std::min(radius, slack / normal[i]);
        else if (slack < -1e-9 * std::max(1.0, std::abs(all.h[i])))
            throw invalid_input("adva.polytope.empty", "polytope", "no weight vector satisfies the constraints: the equalities contradict " +
                                                                all.labels[static_cast<std::size_t>(i)], "slack " + detail::number_text(slack));
    }
    if (hull.residual(x) > 1e-9)
        throw invalid_input("adva.polytope.empty", "/E", "no weight vector satisfies sum(w) = 1 and E w = f together",
                            "residual " + detail::number_text(hull.residual(x)));
    if (radius > polytope_flat_radius) return x;

    // Flat: name the inequalities that no point of P gets away from (implied equalities). Such a
    // row is tight at every point of P, x included, so only rows tight at x are tried.
    lp.setColumnBounds(static_cast<int>(n), 0.0, 0.0);
    std::vector<std::pair<double, Eigen::Index>> widest;
    for (Eigen::Index i = 0; i < m; ++i)
        if (normal[i] > 0.0 && (all.h[i] - all.G.row(i).dot(x)) / normal[i] <= pinned_distance)
            widest.emplace_back(widest_slack(lp, all.G, all.h, i, normal[i]), i);
    std::sort(widest.begin(), widest.end());
    std::string pinned;
    std::size_t named = 0;
    for (const auto& [distance, i] : widest) {
        if (named > 0 && (distance > pinned_distance || named == 8)) break;
        pinned += (named++ > 0 ? "; " : "") + all.labels[static_cast<std::size_t>(i)];
    }
    throw invalid_input("adva.polytope.flat", "polytope",
                        "the constraints pin the weights to a face with no interior (state these as equalities, or relax them): " + pinned,
                        "largest inscribed radius " + detail::number_text(std::max(radius, 0.0)));
}

}  // namespace adva
