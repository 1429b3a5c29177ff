// PROMETHEE: the O(m log m) sweep must equal the O(m^2) definition exactly in meaning (property
// test on random data with many ties, thresholds on the data grid so boundaries are hit exactly),
// plus PROMETHEE I relations and the documented errors.
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "methods_test_support.hpp"

#include "adva/methods/promethee.hpp"

using namespace adva;

namespace {

struct flows { Eigen::VectorXd plus, minus; };

flows brute_force(const decision_matrix& dm, const Eigen::VectorXd& w, const std::vector<preference>& prefs) {
    const auto& x = dm.values();
    const auto m = x.rows();
    flows f{Eigen::VectorXd::Zero(m), Eigen::VectorXd::Zero(m)};
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double sign = dm.objectives()[std::size_t(j)] == objective::cost ? -1.0 : 1.0;
        for (Eigen::Index a = 0; a < m; ++a)
            for (Eigen::Index b = 0; b < m; ++b) {
                const double pab = detail::preference_value(prefs[std::size_t(j)], sign * (x(a, j) - x(b, j)));
                f.plus[a] += w[j] * pab;
                f.minus[b] += w[j] * pab;
            }
    }
    f.plus /= double(m - 1);
    f.minus /= double(m - 1);
    return f;
}

}  // namespace

TEST_CASE("PROMETHEE sweep equals the pairwise definition on random data with ties", "[promethee][property]") {
    std::mt19937_64 rng(20240611);
    const std::vector<preference_function> kinds = {preference_function::usual, preference_function::u_shape,
                                                    preference_function::v_shape, preference_function::level,
                                                    preference_function::linear, preference_function::gaussian};
    for (int trial = 0; trial < 300; ++trial) {
        const Eigen::Index m = 2 + Eigen::Index(rng() % 60), n = 1 + Eigen::Index(rng() % 6);
        // Integer values on a small range force many ties; half-integer thresholds and integer
        // thresholds both occur, so d == q and d == p are exercised exactly.
        const int range = 1 + int(rng() % 12);
        Eigen::MatrixXd x(m, n);
        for (Eigen::Index i = 0; i < m; ++i)
            for (Eigen::Index j = 0; j < n; ++j) x(i, j) = double(int(rng() % unsigned(range + 1)) - range / 2);
        std::vector<objective> types;
        std::vector<preference> prefs;
        Eigen::VectorXd w(n);
        for (Eigen::Index j = 0; j < n; ++j) {
            types.push_back(rng() % 2 ? objective::benefit : objective::cost);
            preference p;
            p.function = kinds[rng() % kinds.size()];
            const double q = 0.5 * double(rng() % 6), width = 0.5 * double(1 + rng() % 6);
            if (p.function == preference_function::u_shape) p.q = q;
            if (p.function == preference_function::v_shape) p.p = width;
            if (p.function == preference_function::level || p.function == preference_function::linear) { p.q = q; p.p = q + width; }
            if (p.function == preference_function::gaussian) p.s = width;
            prefs.push_back(p);
            w[j] = 1.0 + double(rng() % 5);
        }
        w /= w.sum();
        const decision_matrix dm(x, types);
        const auto fast = promethee2(dm, w, prefs);
        const auto slow = brute_force(dm, w, prefs);
        INFO("trial " << trial << " m=" << m << " n=" << n);
        REQUIRE((fast.phi_plus - slow.plus).cwiseAbs().maxCoeff() < 1e-12);
        REQUIRE((fast.phi_minus - slow.minus).cwiseAbs().maxCoeff() < 1e-12);
        REQUIRE((fast.phi - (slow.plus - slow.minus)).cwiseAbs().maxCoeff() < 1e-12);
        REQUIRE(std::abs(fast.phi.sum()) < 1e-9);  // net flows always sum to zero
    }
}

TEST_CASE("PROMETHEE sweep on continuous data with large offsets", "[promethee][property]") {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> nd(1e6, 50.0);
    const Eigen::Index m = 400;
    Eigen::MatrixXd x(m, 2);
    for (Eigen::Index i = 0; i < m; ++i) { x(i, 0) = nd(rng); x(i, 1) = std::round(nd(rng)); }
    x.row(7) = x.row(3);  // exact duplicates
    const decision_matrix dm(x, {objective::benefit, objective::cost});
    const Eigen::Vector2d w(0.6, 0.4);
    const std::vector<preference> prefs = {{preference_function::linear, 3.3, 41.7, 0}, {preference_function::v_shape, 0, 25, 0}};
    const auto fast = promethee2(dm, w, prefs);
    const auto slow = brute_force(dm, w, prefs);
    CHECK((fast.phi_plus - slow.plus).cwiseAbs().maxCoeff() < 1e-9);
    CHECK((fast.phi_minus - slow.minus).cwiseAbs().maxCoeff() < 1e-9);
    CHECK(fast.ranking[3] == fast.ranking[7]);  // identical alternatives tie exactly
}

TEST_CASE("PROMETHEE I partial order", "[promethee]") {
    // Flows (usual, equal weights): phi+ = (1/3, 1/6, 1/2, 1/3), phi- = (1/6, 1/2, 1/2, 1/6).
    Eigen::MatrixXd x(4, 2);
    x << 3, 1,
         3, 0,
         1, 3,
         3, 1;
    const decision_matrix dm(x, {objective::benefit, objective::benefit});
    const std::vector<preference> usual(2);
    const auto r = promethee1(dm, Eigen::Vector2d(0.5, 0.5), usual);
    CHECK(r.method == "promethee1");
    CHECK(promethee1_relation(r, 0, 1) == promethee_relation::outranks);
    CHECK(promethee1_relation(r, 1, 0) == promethee_relation::outranked_by);
    CHECK(promethee1_relation(r, 2, 1) == promethee_relation::outranks);  // equal phi-, larger phi+
    CHECK(promethee1_relation(r, 0, 3) == promethee_relation::indifferent);
    CHECK(promethee1_relation(r, 0, 2) == promethee_relation::incomparable);  // phi+ lower, phi- lower
    CHECK(r.ranking == std::vector<int>{1, 4, 1, 1});
}

TEST_CASE("PROMETHEE errors name the place and the rule", "[promethee][errors]") {
    Eigen::MatrixXd x(3, 2);
    x << 1, 2, 3, 4, 5, 6;
    const decision_matrix dm(x, {objective::benefit, objective::cost});
    const Eigen::Vector2d w(0.5, 0.5);
    REQUIRE_THROWS_MATCHES(promethee2(dm, w, {{preference_function::usual}, {preference_function::linear, 2, 1, 0}}),
                           invalid_input,
                           Catch::Matchers::Message("[adva.methods.promethee_threshold] /method/preference/1/p: p must be a finite "
                                                    "number greater than q (seen: 1)"));
    REQUIRE_THROWS_MATCHES(promethee2(dm, w, {{preference_function::gaussian}, {preference_function::usual}}), invalid_input,
                           adva::testing::MessageContains("/method/preference/0/s: s must be a finite number > 0"));
    REQUIRE_THROWS_MATCHES(promethee2(dm, w, {{preference_function::usual}}), invalid_input,
                           adva::testing::MessageContains("[adva.methods.size_mismatch] /method/preference"));
    const decision_matrix one(Eigen::MatrixXd::Ones(1, 2), {objective::benefit, objective::benefit});
    REQUIRE_THROWS_MATCHES(promethee2(one, w, std::vector<preference>(2)), invalid_input,
                           Catch::Matchers::Message("[adva.methods.too_few_alternatives] /matrix: PROMETHEE needs at least 2 "
                                                    "alternatives (seen: 1)"));
}

TEST_CASE("PROMETHEE with two alternatives and a constant column", "[promethee]") {
    Eigen::MatrixXd x(2, 2);
    x << 1, 7,
         2, 7;
    const decision_matrix dm(x, {objective::benefit, objective::benefit});
    const auto r = promethee2(dm, Eigen::Vector2d(0.25, 0.75), std::vector<preference>(2));
    CHECK(r.phi[0] == Approx(-0.25));
    CHECK(r.phi[1] == Approx(0.25));
    CHECK(r.ranking == std::vector<int>{2, 1});
}
