// Weight polytopes and their hit-and-run sampler: marginals against laws derived by hand
// (Kolmogorov-Smirnov), moments, constraint keeping, thread-count invariance, the Chebyshev centre,
// and every error id.
//
// How the uniformity tests are built. The KS test assumes independent draws; the samples of one
// chain are correlated (that only inflates the KS statistic, so it would raise false alarms, not
// hide a wrong law). The KS tests therefore use chains of length 1 (chain_length = 1,
// thinning = 1, a long burn-in): each sample is the end of its own chain, independent of the
// others. Each test runs at α = 1e-4 on 20 000 samples with a fixed seed: over seeds a correct
// sampler fails one such check in 10 000, and the seeds below pass. The burn-in of 100 steps is
// twice what these polytopes need: from the centre, KS on 100 000 samples sees the start up to
// about 20 steps in the simplex of 5 weights (p ≈ 2e-5) and nothing from 50 steps on. Moments under the default
// parameters use the chains as independent batches (t statistic, |t| < 4.5: two-sided α ≈ 1e-4).
//
// Each test can fail: the "not uniform" tests below feed the same checks with samplers that are
// subtly wrong and require the checks to reject them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <boost/math/distributions/beta.hpp>

#include "adva/weights/polytope.hpp"

using namespace adva;
using Catch::Matchers::Contains;

namespace {

constexpr double alpha = 1e-4;
constexpr std::size_t ks_samples = 20'000;

/// P(sqrt(N) D > λ) of the Kolmogorov distribution, with Stephens's finite-N correction.
double kolmogorov_p(double D, std::size_t N) {
    const double root = std::sqrt(static_cast<double>(N));
    const double lambda = (root + 0.12 + 0.11 / root) * D;
    if (lambda < 0.2) return 1.0;
    double p = 0.0;
    for (int k = 1; k <= 100; ++k) {
        const double term = std::exp(-2.0 * k * k * lambda * lambda);
        p += (k % 2 == 1 ? 2.0 : -2.0) * term;
        if (term < 1e-16) break;
    }
    return std::clamp(p, 0.0, 1.0);
}

/// The p-value of the one-sample KS test of `x` against the CDF F.
double ks_p(std::vector<double> x, const std::function<double(double)>& F) {
    std::sort(x.begin(), x.end());
    const double N = static_cast<double>(x.size());
    double D = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double f = F(x[i]);
        D = std::max({D, f - static_cast<double>(i) / N, static_cast<double>(i + 1) / N - f});
    }
    return kolmogorov_p(D, x.size());
}

std::vector<double> column(const Eigen::MatrixXd& m, Eigen::Index k) { return {m.col(k).data(), m.col(k).data() + m.rows()}; }

/// Independent samples: every sample the end of its own chain of burn_in + 1 steps from the centre.
Eigen::MatrixXd independent_samples(const weight_polytope& p, std::uint64_t burn_in, std::uint64_t seed,
                                    std::size_t count = ks_samples) {
    const hit_and_run_sampler s(p, interior_point(p), {.burn_in = burn_in, .thinning = 1, .chain_length = 1, .seed = seed});
    return s.sample(count, 2);
}

/// Every sample within the polytope to `tol`: w >= 0, sum(w) = 1, A w <= b, E w = f.
void require_inside(const weight_polytope& p, const Eigen::MatrixXd& w, double tol = 1e-12) {
    const Eigen::MatrixXd& A = p.inequality_matrix();
    const Eigen::MatrixXd& E = p.equality_matrix();
    double worst = 0.0;
    for (Eigen::Index s = 0; s < w.rows(); ++s) {
        const Eigen::VectorXd x = w.row(s).transpose();
        worst = std::max(worst, -x.minCoeff());
        worst = std::max(worst, std::abs(x.sum() - 1.0));
        if (A.rows() > 0) worst = std::max(worst, (A * x - p.inequality_bounds()).maxCoeff());
        if (E.rows() > 0) worst = std::max(worst, (E * x - p.equality_values()).cwiseAbs().maxCoeff());
    }
    INFO("largest violation " << worst);
    REQUIRE(worst <= tol);
}

bool bitwise_equal(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
    return x.rows() == y.rows() && x.cols() == y.cols() &&
           std::memcmp(x.data(), y.data(), sizeof(double) * static_cast<std::size_t>(x.size())) == 0;
}

double beta_cdf(double a, double b, double x) { return boost::math::cdf(boost::math::beta_distribution<double>(a, b), std::clamp(x, 0.0, 1.0)); }

/// The ordinal polytope w0 >= w1 >= w2 (n = 3).
weight_polytope ordinal3() {
    weight_polytope p(3);
    p.add_order(0, 1).add_order(1, 2);
    return p;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// Uniformity
// ------------------------------------------------------------------------------------------------

TEST_CASE("on the whole simplex every weight's marginal is Beta(1, n - 1)", "[polytope][uniformity]") {
    // Uniform on the simplex = Dirichlet(1, ..., 1), whose marginals are Beta(1, n - 1).
    for (const Eigen::Index n : {Eigen::Index(3), Eigen::Index(5)}) {
        const weight_polytope p(n);
        const Eigen::MatrixXd w = independent_samples(p, 100, 11);
        require_inside(p, w);
        for (Eigen::Index k = 0; k < n; ++k) {
            INFO("n = " << n << ", weight " << k);
            CHECK(ks_p(column(w, k), [&](double x) { return beta_cdf(1.0, double(n - 1), x); }) > alpha);
        }
    }
}

TEST_CASE("under the default parameters each weight's mean on the simplex is 1/n", "[polytope][uniformity]") {
    // 60 chains of 1000 samples: chain means are independent, so the t statistic of their mean
    // has 59 degrees of freedom.
    for (const Eigen::Index n : {Eigen::Index(3), Eigen::Index(5)}) {
        const weight_polytope p(n);
        const hit_and_run_sampler s(p, interior_point(p), {.seed = 3});
        CHECK(s.chain_length() == 1000);
        const Eigen::MatrixXd w = s.sample(60'000, 2);
        require_inside(p, w);
        for (Eigen::Index k = 0; k < n; ++k) {
            Eigen::VectorXd means(60);
            for (Eigen::Index c = 0; c < 60; ++c) means[c] = w.col(k).segment(c * 1000, 1000).mean();
            const double mean = means.mean();
            const double sd = std::sqrt((means.array() - mean).square().sum() / 59.0);
            INFO("n = " << n << ", weight " << k << ": mean " << mean << ", batch sd " << sd);
            CHECK(std::abs(mean - 1.0 / double(n)) / (sd / std::sqrt(60.0)) < 4.5);
        }
    }
}

TEST_CASE("the ordinal polytope w0 >= w1 >= w2 has triangular marginals", "[polytope][uniformity]") {
    // P is the triangle with vertices V1 = (1, 0, 0), V2 = (1/2, 1/2, 0), V3 = (1/3, 1/3, 1/3).
    // A linear function on a uniform triangle has the triangular law with min, mode and max its
    // values at the vertices: w0 is triangular(1/3, 1/2, 1), so
    //   F(t) = 9 (t - 1/3)^2 on [1/3, 1/2],  1 - 3 (1 - t)^2 on [1/2, 1];
    // w2 is triangular(0, 0, 1/3): F(t) = 1 - (1 - 3t)^2.
    const weight_polytope p = ordinal3();
    const Eigen::MatrixXd w = independent_samples(p, 100, 21);
    require_inside(p, w);
    const auto F0 = [](double t) {
        if (t <= 1.0 / 3.0) return 0.0;
        if (t <= 0.5) return 9.0 * (t - 1.0 / 3.0) * (t - 1.0 / 3.0);
        return t >= 1.0 ? 1.0 : 1.0 - 3.0 * (1.0 - t) * (1.0 - t);
    };
    const auto F2 = [](double t) { return t >= 1.0 / 3.0 ? 1.0 : 1.0 - (1.0 - 3.0 * t) * (1.0 - 3.0 * t); };
    CHECK(ks_p(column(w, 0), F0) > alpha);
    CHECK(ks_p(column(w, 2), F2) > alpha);
}

TEST_CASE("a box 0.2 <= w0 <= 0.3 in the simplex of 3 gives w0 a density proportional to 1 - w0", "[polytope][uniformity]") {
    // The simplex's cross-section at w0 = t is the segment w1 + w2 = 1 - t, of length ∝ 1 - t, so
    // f(t) = (1 - t) / Z on [0.2, 0.3] with Z = ∫ (1 - t) dt = 0.255 - 0.18 = 0.075, and
    // F(t) = (t - t²/2 - 0.18) / 0.075.
    weight_polytope p(3);
    p.add_bounds(0, 0.2, 0.3);
    const Eigen::MatrixXd w = independent_samples(p, 100, 31);
    require_inside(p, w);
    CHECK(w.col(0).minCoeff() >= 0.2);
    CHECK(w.col(0).maxCoeff() <= 0.3);
    CHECK(ks_p(column(w, 0), [](double t) { return std::clamp((t - t * t / 2.0 - 0.18) / 0.075, 0.0, 1.0); }) > alpha);
    // w1 is not uniform either way: as a check of the second axis, its mean. E[w1] = E[(1 - w0)/2]
    // (w1 given w0 is uniform on [0, 1 - w0]) = (1 - E[w0]) / 2, E[w0] = ∫ t (1 - t) dt / Z
    // = (0.045 - 0.009 - (0.02 - 0.0026667)) / 0.075 = 0.2488889.
    const double mean1 = w.col(1).mean();
    const double sd1 = std::sqrt((w.col(1).array() - mean1).square().mean());
    CHECK(std::abs(mean1 - (1.0 - 0.2488889) / 2.0) < 4.5 * sd1 / std::sqrt(double(ks_samples)));
}

TEST_CASE("an equality w0 = w1 in n = 4 is kept exactly and the free weights have their derived laws", "[polytope][uniformity]") {
    // P = {(a, a, w2, w3) : 2a + w2 + w3 = 1, all >= 0}: an affine image of the triangle
    // {a, w2 >= 0, 2a + w2 <= 1}, so uniform on P means uniform in (a, w2). Cross-sections:
    // a: length 1 - 2a on [0, 1/2]: F(a) = 1 - (1 - 2a)^2; w2: length (1 - w2)/2: F = 1 - (1 - w2)^2.
    weight_polytope p(4);
    p.add_tie(0, 1);
    const Eigen::MatrixXd w = independent_samples(p, 100, 41);
    require_inside(p, w);
    CHECK((w.col(0) - w.col(1)).cwiseAbs().maxCoeff() <= 1e-12);
    CHECK(ks_p(column(w, 0), [](double a) { return a >= 0.5 ? 1.0 : 1.0 - (1.0 - 2.0 * a) * (1.0 - 2.0 * a); }) > alpha);
    CHECK(ks_p(column(w, 2), [](double t) { return 1.0 - (1.0 - t) * (1.0 - t); }) > alpha);
    CHECK(ks_p(column(w, 3), [](double t) { return 1.0 - (1.0 - t) * (1.0 - t); }) > alpha);
}

// ------------------------------------------------------------------------------------------------
// The checks reject samplers that are not uniform
// ------------------------------------------------------------------------------------------------

TEST_CASE("the KS checks reject a chain that has not forgotten its start", "[polytope][uniformity][negative]") {
    // One step from the centre (burn-in 0, thinning 1, chains of 1): w0 crowds around 1/3.
    const weight_polytope p(3);
    const hit_and_run_sampler s(p, interior_point(p), {.burn_in = 0, .thinning = 1, .chain_length = 1, .seed = 11});
    const Eigen::MatrixXd w = s.sample(ks_samples, 2);
    CHECK(ks_p(column(w, 0), [](double x) { return beta_cdf(1.0, 2.0, x); }) < alpha);
}

TEST_CASE("the KS checks reject normalised uniforms, which are not uniform on the simplex", "[polytope][uniformity][negative]") {
    // w = u / sum(u), u uniform on [0, 1]^3: the cube's corners push mass towards the centre.
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> U(0.0, 1.0);
    std::vector<double> w0(ks_samples);
    for (double& x : w0) {
        const double a = U(rng), b = U(rng), c = U(rng);
        x = a / (a + b + c);
    }
    CHECK(ks_p(w0, [](double x) { return beta_cdf(1.0, 2.0, x); }) < alpha);
}

TEST_CASE("the KS checks reject hit-and-run along directions that leave the plane sum(w) = 1", "[polytope][uniformity][negative]") {
    // Why the direction must lie in the constraint subspace. Hit-and-run is uniform because each
    // move is uniform on a chord of P along a direction whose law does not depend on the point.
    // Directions uniform on the sphere of R^3 take the point off sum(w) = 1; pulling it back by
    // w / sum(w) is a radial projection, not a move along a chord of P, and it stretches some
    // parts of the simplex more than others. The marginal of w0 is then no longer Beta(1, 2):
    // KS rejects it at p ≈ 1e-19 with these 20 000 draws, though the mean stays 1/3 by symmetry
    // (a moment check alone would not see it).
    std::mt19937_64 rng(7);
    std::normal_distribution<double> N(0.0, 1.0);
    std::uniform_real_distribution<double> U(0.0, 1.0);
    Eigen::Vector3d x = Eigen::Vector3d::Constant(1.0 / 3.0);
    std::vector<double> w0;
    for (std::size_t s = 0; w0.size() < ks_samples; ++s) {
        Eigen::Vector3d d(N(rng), N(rng), N(rng));
        d.normalize();
        double lo = -1e300, hi = 1e300;  // x + t d >= 0
        for (int k = 0; k < 3; ++k) {
            if (d[k] > 0) lo = std::max(lo, -x[k] / d[k]);
            if (d[k] < 0) hi = std::min(hi, -x[k] / d[k]);
        }
        if (lo < -1e299 || hi > 1e299) continue;  // unbounded ray: redraw
        const Eigen::Vector3d y = x + (lo + U(rng) * (hi - lo)) * d;
        x = y / y.sum();
        if (s >= 1000 && s % 10 == 0) w0.push_back(x[0]);
    }
    CHECK(ks_p(w0, [](double t) { return beta_cdf(1.0, 2.0, t); }) < alpha);
}

// ------------------------------------------------------------------------------------------------
// Constraints, rounding, determinism
// ------------------------------------------------------------------------------------------------

TEST_CASE("every sample keeps every constraint to 1e-12, also in a thin polytope", "[polytope][numerics]") {
    weight_polytope p(6);
    p.add_order(0, 1).add_order(1, 2).add_bounds(3, 0.05, 0.4).add_ratio(4, 5, 0.5).add_tie(2, 5);
    p.add_inequality((Eigen::RowVectorXd(6) << 1, 1, 0, 0, 0, 0).finished(), 0.7, "w[0] + w[1] <= 0.7");
    const hit_and_run_sampler s(p, interior_point(p), {.seed = 99});
    CHECK(s.dimension() == 4);
    const Eigen::MatrixXd w = s.sample(20'000, 2);
    require_inside(p, w);
    CHECK((w.col(2) - w.col(5)).cwiseAbs().maxCoeff() <= 1e-12);

    // A strip 2e-7 wide (inscribed radius 1e-7, above polytope_flat_radius): chords are tiny in
    // most directions, and rounding is of their order.
    weight_polytope thin(4);
    thin.add_bounds(0, 0.3, 0.3 + 2e-7).add_order(1, 2);
    const hit_and_run_sampler t(thin, interior_point(thin), {.chain_length = 100, .seed = 5});
    const Eigen::MatrixXd v = t.sample(5'000, 2);
    require_inside(thin, v);
    CHECK(v.col(0).minCoeff() >= 0.3);
    CHECK(v.col(0).maxCoeff() <= 0.3 + 2e-7);
}

TEST_CASE("samples are the same bits on 1 and 2 threads, and a longer request extends a shorter one", "[polytope][determinism]") {
    const weight_polytope p = ordinal3();
    const hit_and_run_sampler s(p, interior_point(p), {.chain_length = 300, .seed = 2024});
    const Eigen::MatrixXd one = s.sample(3'000, 1), two = s.sample(3'000, 2), every = s.sample(3'000);
    CHECK(bitwise_equal(one, two));
    CHECK(bitwise_equal(one, every));
    const Eigen::MatrixXd shorter = s.sample(1'000, 2);  // chains 0-2 and the first 100 of chain 3
    CHECK(bitwise_equal(shorter, Eigen::MatrixXd(one.topRows(1'000))));
    const hit_and_run_sampler other(p, interior_point(p), {.chain_length = 300, .seed = 2025});
    CHECK_FALSE(bitwise_equal(one, other.sample(3'000, 2)));
}

TEST_CASE("the defaults follow the documented rules of the polytope's dimension", "[polytope]") {
    CHECK(default_hit_and_run_thinning(0) == 1);
    CHECK(default_hit_and_run_thinning(4) == 16);
    CHECK(default_hit_and_run_thinning(29) == 841);
    CHECK(default_hit_and_run_burn_in(2) == 100);                               // R's rule: ceil(2.197) = 3
    CHECK(default_hit_and_run_burn_in(29) == std::uint64_t(std::ceil(std::log(30.0) / 4.0 * 29 * 29 * 29)));  // 20 740
    weight_polytope p(5);
    p.add_tie(0, 1);
    const hit_and_run_sampler s(p, interior_point(p));
    CHECK(s.dimension() == 3);
    CHECK(s.thinning() == 9);
    CHECK(s.burn_in() == 100);
    CHECK(s.chain_length() == 1000);
    CHECK(s.seed() == 0);
}

TEST_CASE("a polytope the equalities reduce to one point samples that point", "[polytope]") {
    const weight_polytope one(1);
    CHECK(interior_point(one)[0] == 1.0);
    const Eigen::MatrixXd w = hit_and_run_sampler(one, interior_point(one)).sample(10, 1);
    CHECK((w.array() == 1.0).all());
    weight_polytope two(2);
    two.add_equality((Eigen::RowVectorXd(2) << 1, 0).finished(), 0.25);
    const Eigen::MatrixXd v = hit_and_run_sampler(two, interior_point(two)).sample(5, 1);
    CHECK(v.col(0).cwiseAbs().maxCoeff() == Approx(0.25).margin(1e-15));
    CHECK(v.col(1).cwiseAbs().maxCoeff() == Approx(0.75).margin(1e-15));
}

// ------------------------------------------------------------------------------------------------
// Interior point
// ------------------------------------------------------------------------------------------------

TEST_CASE("the interior point is the Chebyshev centre within the equalities' hull", "[polytope][lp]") {
    // The simplex is symmetric: its only Chebyshev centre is the barycentre.
    const Eigen::VectorXd c = interior_point(weight_polytope(3));
    CHECK((c.array() - 1.0 / 3.0).abs().maxCoeff() < 1e-9);
    // The ordinal triangle: strictly inside both orders and w2 > 0.
    const Eigen::VectorXd o = interior_point(ordinal3());
    CHECK(o[0] - o[1] > 1e-3);
    CHECK(o[1] - o[2] > 1e-3);
    CHECK(o[2] > 1e-3);
    CHECK(std::abs(o.sum() - 1.0) < 1e-15);
    // With w0 = w1 in n = 4 the centre lies on the hull, exactly.
    weight_polytope p(4);
    p.add_tie(0, 1);
    const Eigen::VectorXd e = interior_point(p);
    CHECK(std::abs(e[0] - e[1]) < 1e-15);
    CHECK(e.minCoeff() > 1e-3);
}

// ------------------------------------------------------------------------------------------------
// Errors
// ------------------------------------------------------------------------------------------------

TEST_CASE("bad sizes are refused with adva.polytope.size", "[polytope][errors]") {
    REQUIRE_THROWS_AS(weight_polytope(0), invalid_input);
    REQUIRE_THROWS_WITH(weight_polytope(0), Contains("[adva.polytope.size] /n"));
    REQUIRE_THROWS_WITH(weight_polytope(3, Eigen::MatrixXd::Ones(2, 2), Eigen::VectorXd::Ones(2)), Contains("[adva.polytope.size] /A"));
    REQUIRE_THROWS_WITH(weight_polytope(3, Eigen::MatrixXd::Ones(2, 3), Eigen::VectorXd::Ones(1)), Contains("[adva.polytope.size] /b"));
    REQUIRE_THROWS_WITH(weight_polytope(3, Eigen::MatrixXd(0, 3), Eigen::VectorXd(0), Eigen::MatrixXd::Ones(1, 4), Eigen::VectorXd::Ones(1)),
                        Contains("[adva.polytope.size] /E"));
    weight_polytope p(3);
    REQUIRE_THROWS_WITH(p.add_inequality(Eigen::RowVectorXd::Ones(2), 1.0), Contains("[adva.polytope.size] /A/0"));
    REQUIRE_THROWS_WITH(hit_and_run_sampler(p, Eigen::VectorXd::Constant(2, 0.5)), Contains("[adva.polytope.size] /start"));
    REQUIRE_THROWS_AS(weight_polytope(max_polytope_weights + 1), limit_exceeded);
    REQUIRE_THROWS_WITH(weight_polytope(max_polytope_weights + 1), Contains("[adva.polytope.limit] /n"));
}

TEST_CASE("non-finite entries are refused with adva.polytope.not_finite", "[polytope][errors]") {
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(2, 3);
    A(1, 2) = nan;
    REQUIRE_THROWS_WITH(weight_polytope(3, A, Eigen::VectorXd::Zero(2)), Contains("[adva.polytope.not_finite] /A/1/2") && Contains("(seen: NaN)"));
    REQUIRE_THROWS_WITH(weight_polytope(3, Eigen::MatrixXd::Zero(1, 3), Eigen::VectorXd::Constant(1, inf)),
                        Contains("[adva.polytope.not_finite] /b/0") && Contains("(seen: inf)"));
    weight_polytope p(3);
    REQUIRE_THROWS_WITH(p.add_bounds(1, nan, 0.5), Contains("[adva.polytope.not_finite] /bounds/1"));
    REQUIRE_THROWS_WITH(p.add_ratio(0, 1, inf), Contains("[adva.polytope.not_finite] /ratio"));
    REQUIRE_THROWS_WITH(hit_and_run_sampler(p, Eigen::Vector3d(0.5, nan, 0.5)), Contains("[adva.polytope.not_finite] /start/1"));
}

TEST_CASE("statements naming no weight or one weight twice are refused with adva.polytope.index", "[polytope][errors]") {
    weight_polytope p(3);
    REQUIRE_THROWS_WITH(p.add_order(0, 3), Contains("[adva.polytope.index] /order") && Contains("(seen: 3)"));
    REQUIRE_THROWS_WITH(p.add_order(1, 1), Contains("[adva.polytope.index] /order"));
    REQUIRE_THROWS_WITH(p.add_bounds(-1, 0.1, 0.2), Contains("[adva.polytope.index] /bounds"));
    REQUIRE_THROWS_WITH(p.add_tie(2, 2), Contains("[adva.polytope.index] /tie"));
}

TEST_CASE("bad sampler parameters are refused with adva.polytope.parameter", "[polytope][errors]") {
    weight_polytope p(3);
    const Eigen::VectorXd c = interior_point(p);
    REQUIRE_THROWS_WITH(hit_and_run_sampler(p, c, {.thinning = 0}), Contains("[adva.polytope.parameter] /thinning"));
    REQUIRE_THROWS_WITH(hit_and_run_sampler(p, c, {.chain_length = 0}), Contains("[adva.polytope.parameter] /chain_length"));
    REQUIRE_THROWS_WITH(p.add_ratio(0, 1, -2.0), Contains("[adva.polytope.parameter] /ratio"));
}

TEST_CASE("a start point on a face or off the plane is refused with adva.polytope.not_interior", "[polytope][errors]") {
    const weight_polytope p = ordinal3();
    REQUIRE_THROWS_WITH(hit_and_run_sampler(p, Eigen::Vector3d(0.5, 0.5, 0.0)),
                        Contains("[adva.polytope.not_interior] /start") && Contains("w[2] >= 0"));
    REQUIRE_THROWS_WITH(hit_and_run_sampler(p, Eigen::Vector3d(0.4, 0.4, 0.2)),
                        Contains("[adva.polytope.not_interior] /start") && Contains("w[0] >= w[1]"));
    REQUIRE_THROWS_WITH(hit_and_run_sampler(p, Eigen::Vector3d(0.6, 0.3, 0.2)), Contains("[adva.polytope.not_interior] /start"));
}

TEST_CASE("a polytope with no weight vector is refused with adva.polytope.empty", "[polytope][errors][lp]") {
    weight_polytope p(3);
    p.add_bounds(0, 0.6, 1.0).add_bounds(1, 0.6, 1.0);
    REQUIRE_THROWS_AS(interior_point(p), invalid_input);
    REQUIRE_THROWS_WITH(interior_point(p), Contains("[adva.polytope.empty] polytope"));
    weight_polytope e(3);
    e.add_equality(Eigen::RowVector3d(1, 1, 1), 0.5);  // contradicts sum(w) = 1
    REQUIRE_THROWS_WITH(interior_point(e), Contains("[adva.polytope.empty]"));
    REQUIRE_THROWS_WITH(weight_polytope(3).add_bounds(0, 0.5, 0.4), Contains("[adva.polytope.empty] /bounds/0"));
}

TEST_CASE("a polytope whose inequalities pin the weights is refused with adva.polytope.flat, naming them", "[polytope][errors][lp]") {
    weight_polytope p(3);
    p.add_order(0, 1).add_order(1, 0).add_order(1, 2);  // w0 >= w1 and w1 >= w0: w0 = w1, written as two orders
    REQUIRE_THROWS_WITH(interior_point(p), Contains("[adva.polytope.flat] polytope") && Contains("w[0] >= w[1]") &&
                                               Contains("w[1] >= w[0]") && !Contains("w[1] >= w[2]"));
    weight_polytope b(4);
    b.add_bounds(2, 0.3, 0.3);
    REQUIRE_THROWS_WITH(interior_point(b), Contains("[adva.polytope.flat]") && Contains("w[2] >= 0.3") && Contains("w[2] <= 0.3"));
    // The same statement as an equality keeps an interior within its hull.
    weight_polytope ok(4);
    ok.add_equality((Eigen::RowVectorXd(4) << 0, 0, 1, 0).finished(), 0.3);
    CHECK(std::abs(interior_point(ok)[2] - 0.3) < 1e-15);
}

TEST_CASE("work beyond the bounds is refused with adva.polytope.limit before it starts", "[polytope][errors]") {
    const weight_polytope p(3);
    const hit_and_run_sampler s(p, interior_point(p), {.thinning = 10'000'000});
    REQUIRE_THROWS_AS(s.sample(2'000), limit_exceeded);
    REQUIRE_THROWS_WITH(s.sample(2'000), Contains("[adva.polytope.limit] /count"));
    REQUIRE_THROWS_WITH(s.sample(10, -1), Contains("[adva.limits.threads]"));
}
