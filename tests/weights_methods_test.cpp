// Weighting methods: documented defaults, ties, degenerate data and their errors.
#include <catch2/catch.hpp>

#include "methods_test_support.hpp"

#include "adva/weights/weights.hpp"

using namespace adva;
using adva::testing::MessageContains;
using Catch::Matchers::Message;

TEST_CASE("surrogate weights: closed forms, ties averaged, invalid rankings rejected", "[weights]") {
    const auto rr = surrogate_weights({1, 2, 3}, surrogate_method::reciprocal);
    CHECK(rr.weights[0] == Approx(6.0 / 11));
    CHECK(rr.weights[2] == Approx(2.0 / 11));
    const auto tied = surrogate_weights({1, 1, 3}, surrogate_method::roc);
    CHECK(tied.weights[0] == Approx((11.0 / 18 + 5.0 / 18) / 2));
    CHECK(tied.weights[0] == tied.weights[1]);
    CHECK(tied.weights.sum() == Approx(1.0));
    REQUIRE_THROWS_MATCHES(surrogate_weights({1, 3, 3, 4}, surrogate_method::rank_sum), invalid_input,
                           Message("[adva.weights.invalid_ranking] /weighting/ranking/1: ranks must form a competition ranking: "
                                   "1 + the number of criteria ranked strictly better (2 here) (seen: 3)"));
    REQUIRE_THROWS_AS(surrogate_weights({1, 2, 2, 3}, surrogate_method::rank_sum), invalid_input);  // "1223" is not "1224"
}

TEST_CASE("AHP rejects non-reciprocal and non-positive matrices", "[weights][ahp]") {
    Eigen::Matrix3d a;
    a << 1, 3, 5,
         1.0 / 3, 1, 2,
         0.25, 0.5, 1;
    REQUIRE_THROWS_MATCHES(ahp(a), invalid_input,
                           Message("[adva.weights.ahp_not_reciprocal] /weighting/pairwise/2/0: a_ji must equal 1/a_ij "
                                   "(a_ij = 5) (seen: 0.25)"));
    a(2, 0) = 0.2;
    a(1, 2) = -2;
    REQUIRE_THROWS_MATCHES(ahp(a), invalid_input, MessageContains("[adva.weights.ahp_not_positive] /weighting/pairwise/1/2"));
    REQUIRE_THROWS_MATCHES(ahp(Eigen::MatrixXd::Ones(16, 16)), invalid_input,
                           MessageContains("[adva.weights.ahp_random_index_unavailable]"));
    REQUIRE_THROWS_MATCHES(ahp(Eigen::MatrixXd::Ones(2, 3)), invalid_input,
                           Message("[adva.weights.ahp_not_square] /weighting/pairwise: a pairwise comparison matrix must be "
                                   "square and non-empty (seen: 2x3)"));
    REQUIRE_THROWS_MATCHES(ahp(Eigen::MatrixXd(0, 0)), invalid_input, MessageContains("[adva.weights.ahp_not_square]"));
}

TEST_CASE("AHP group aggregation needs at least one judge", "[weights][ahp]") {
    REQUIRE_THROWS_MATCHES(aggregate_judgements({}), invalid_input,
                           Message("[adva.weights.ahp_no_judges] /weighting/pairwise: at least one judge's matrix is required "
                                   "(seen: [])"));
    REQUIRE_THROWS_MATCHES(aggregate_priorities({}), invalid_input,
                           Message("[adva.weights.ahp_no_judges] /weighting/pairwise: at least one judge is required (seen: [])"));
}

TEST_CASE("AHP priority methods agree on a consistent matrix and CR is 0", "[weights][ahp]") {
    const Eigen::Vector4d p(0.4, 0.3, 0.2, 0.1);
    const Eigen::Matrix4d a = p * p.cwiseInverse().transpose();
    for (auto method : {ahp_priority::eigenvector, ahp_priority::geometric_mean, ahp_priority::column_mean}) {
        const auto r = ahp(a, {method, random_index_table::alonso_lamata});
        CHECK((r.weights - p).cwiseAbs().maxCoeff() < 1e-12);
        CHECK(r.cr < 1e-12);
        CHECK(r.ri == 0.8815);
    }
    const auto two = ahp((Eigen::Matrix2d() << 1, 4, 0.25, 1).finished());
    CHECK(two.cr == 0.0);
    CHECK(two.weights[0] == Approx(0.8));
}

TEST_CASE("AHP geometric mean differs from eigenvector on an inconsistent matrix (Saaty drinks)", "[weights][ahp]") {
    // The reference case notes that LLSM moves coffee to 0.179 and water to 0.324.
    Eigen::MatrixXd a(7, 7);
    a << 1, 9, 5, 2, 1, 1, 0.5,
         1.0 / 9, 1, 1.0 / 3, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9,
         0.2, 3, 1, 1.0 / 3, 0.25, 1.0 / 3, 1.0 / 9,
         0.5, 9, 3, 1, 0.5, 1, 1.0 / 3,
         1, 9, 4, 2, 1, 2, 0.5,
         1, 9, 3, 1, 0.5, 1, 1.0 / 3,
         2, 9, 9, 3, 2, 3, 1;
    const auto g = ahp(a, {ahp_priority::geometric_mean});
    CHECK(g.weights[0] == Approx(0.179).margin(0.0005));
    CHECK(g.weights[6] == Approx(0.324).margin(0.0005));
}

TEST_CASE("entropy: constant column gets weight 0, negatives rejected", "[weights]") {
    Eigen::MatrixXd x(3, 2);
    x << 1, 5,
         2, 5,
         4, 5;
    const auto r = entropy_weights(decision_matrix(x, {objective::benefit, objective::cost}));
    CHECK(r.weights[1] == 0.0);
    CHECK(r.weights[0] == 1.0);
    x(0, 0) = -1;
    REQUIRE_THROWS_MATCHES(entropy_weights(decision_matrix(x, {objective::benefit, objective::cost})), invalid_input,
                           Message("[adva.weights.entropy_negative] /matrix/0/0: entropy weighting needs non-negative (normalised) "
                                   "values (seen: -1)"));
    const decision_matrix flat(Eigen::MatrixXd::Ones(3, 2), {objective::benefit, objective::cost});
    REQUIRE_THROWS_MATCHES(entropy_weights(flat), invalid_input, MessageContains("[adva.weights.no_dispersion]"));
}

TEST_CASE("CRITIC: invert_costs is a real option and constant columns are errors", "[weights]") {
    Eigen::MatrixXd x(4, 3);
    x << 1, 10, 3,
         2, 8, 1,
         3, 9, 4,
         4, 5, 2;
    const decision_matrix dm(x, {objective::benefit, objective::cost, objective::benefit});
    const auto inverted = critic_weights(dm);
    const auto raw = critic_weights(dm, {normalisation::minmax, false, correlation::pearson});
    CHECK(inverted.weights.sum() == Approx(1.0));
    CHECK((inverted.weights - raw.weights).cwiseAbs().maxCoeff() > 1e-3);
    // Inverting a column flips the sign of its correlations.
    CHECK(inverted.correlation(0, 1) == Approx(-raw.correlation(0, 1)));
    x.col(2).setConstant(7);
    REQUIRE_THROWS_MATCHES(critic_weights(decision_matrix(x, {objective::benefit, objective::cost, objective::benefit})), invalid_input,
                           Message("[adva.weights.constant_column] /matrix/*/2: CRITIC needs every criterion to vary across "
                                   "alternatives (correlation is undefined) (seen: constant 7)"));
}

TEST_CASE("direct and swing weights normalise explicitly", "[weights]") {
    CHECK(direct_weights(Eigen::Vector3d(2, 1, 1)).weights[0] == 0.5);
    CHECK(swing_weights(Eigen::Vector2d(100, 50)).weights[1] == Approx(1.0 / 3));
    REQUIRE_THROWS_MATCHES(swing_weights(Eigen::Vector2d(80, 50)), invalid_input,
                           Message("[adva.weights.swing_reference] /weighting/values: the most important swing must score 100 "
                                   "(seen: max 80)"));
    REQUIRE_THROWS_MATCHES(direct_weights(Eigen::Vector2d(0, 0)), invalid_input, MessageContains("[adva.weights.all_zero]"));
    REQUIRE_THROWS_MATCHES(swing_weights(Eigen::Vector3d(100, 120, 50)), invalid_input,
                           Message("[adva.weights.swing_range] /weighting/values/1: swing points must be in [0, 100] (seen: 120)"));
    REQUIRE_THROWS_MATCHES(swing_weights(Eigen::Vector2d(100, -5)), invalid_input,
                           Message("[adva.weights.swing_range] /weighting/values/1: swing points must be in [0, 100] (seen: -5)"));
}

TEST_CASE("weighting no criteria is an error, not an empty weight vector", "[weights]") {
    REQUIRE_THROWS_MATCHES(equal_weights(0), invalid_input,
                           Message("[adva.weights.no_criteria] n: at least one criterion is required (seen: 0)"));
    REQUIRE_THROWS_MATCHES(direct_weights(Eigen::VectorXd()), invalid_input,
                           Message("[adva.weights.no_criteria] /weighting/values: at least one weight is required (seen: [])"));
    REQUIRE_THROWS_MATCHES(swing_weights(Eigen::VectorXd()), invalid_input, MessageContains("[adva.weights.no_criteria]"));
    REQUIRE_THROWS_MATCHES(surrogate_weights({}, surrogate_method::roc), invalid_input,
                           Message("[adva.weights.no_criteria] /weighting/ranking: the ranking must rank at least one criterion "
                                   "(seen: [])"));
}
