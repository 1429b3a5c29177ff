// Decision-matrix validation and the documented behaviour of WSM, WPM, TOPSIS and VIKOR on
// degenerate data (constant columns, zeros and negatives, two alternatives, ties).
#include <catch2/catch.hpp>

#include "methods_test_support.hpp"

#include "adva/methods/methods.hpp"

using namespace adva;
using Catch::Matchers::Message;

TEST_CASE("decision_matrix validates once at construction", "[methods][errors]") {
    Eigen::MatrixXd x(2, 2);
    x << 1, 2, 3, std::numeric_limits<double>::quiet_NaN();
    REQUIRE_THROWS_MATCHES(decision_matrix(x, {objective::benefit, objective::cost}), invalid_input,
                           Message("[adva.methods.not_finite] /matrix/1/1: every matrix value must be a finite number (seen: NaN)"));
    x(1, 1) = 4;
    REQUIRE_THROWS_MATCHES(decision_matrix(x, {objective::benefit}), invalid_input,
                           Message("[adva.methods.size_mismatch] /types: one type per criterion (matrix column) is required "
                                   "(seen: 1 types for 2 columns)"));
    REQUIRE_THROWS_MATCHES(decision_matrix(Eigen::MatrixXd(0, 2), {objective::benefit, objective::cost}), invalid_input,
                           adva::testing::MessageContains("adva.methods.no_alternatives"));
    REQUIRE_THROWS_MATCHES(decision_matrix(Eigen::MatrixXd(2, 0), {}), invalid_input,
                           Message("[adva.methods.no_criteria] /matrix: a decision matrix needs at least one criterion (column) "
                                   "(seen: 0 columns)"));
    REQUIRE_THROWS_MATCHES(decision_matrix(x, {objective::benefit, objective::cost}, {}, {"c1", ""}), invalid_input,
                           Message("[adva.methods.empty_label] /criteria/1: labels must not be empty (seen: \"\")"));
    REQUIRE_THROWS_MATCHES(decision_matrix(x, {objective::benefit, objective::cost}, {"A", "A"}), invalid_input,
                           Message("[adva.methods.duplicate_label] /alternatives/1: labels must be unique (seen: \"A\")"));
    const decision_matrix ok(x, {objective::benefit, objective::cost}, {"A", "B"}, {"c1", "c2"});
    CHECK(ok.alternative_count() == 2);
    CHECK(ok.criteria()[1] == "c2");
}

TEST_CASE("weights are never rescaled silently", "[methods][errors]") {
    const decision_matrix dm(Eigen::MatrixXd::Identity(2, 2), {objective::benefit, objective::benefit});
    REQUIRE_THROWS_MATCHES(wsm(dm, Eigen::Vector2d(1, 1)), invalid_input, adva::testing::MessageContains("[adva.weights.not_normalised] /weights"));
    REQUIRE_THROWS_MATCHES(wsm(dm, Eigen::Vector2d(1.5, -0.5)), invalid_input,
                           Message("[adva.weights.negative] /weights/1: weights must be finite and non-negative (seen: -0.5)"));
}

TEST_CASE("WSM and WPM reproduce Triantaphyllou's textbook example", "[methods]") {
    // Triantaphyllou (2000) MCDM methods: a comparative study, ch. 2 (also Wikipedia "Weighted sum
    // model" / "Weighted product model"): raw-value WSM gives 21.5, 22, 22 (A2 and A3 tie).
    Eigen::MatrixXd x(3, 4);
    x << 25, 20, 15, 30,
         10, 30, 20, 30,
         30, 10, 30, 10;
    const decision_matrix dm(x, std::vector<objective>(4, objective::benefit));
    const Eigen::Vector4d w(0.20, 0.15, 0.40, 0.25);
    const auto s = wsm(dm, w, {normalisation::none});
    CHECK(s.scores[0] == Approx(21.5));
    CHECK(s.scores[1] == Approx(22.0));
    CHECK(s.ranking == std::vector<int>{3, 1, 1});  // exact tie shares the better rank
    const auto p = wpm(dm, w);
    CHECK(p.scores[0] / p.scores[1] == Approx(1.007).margin(0.0005));
    CHECK(p.scores[0] / p.scores[2] == Approx(1.067).margin(0.0005));
    CHECK(p.scores[1] / p.scores[2] == Approx(1.059).margin(0.0005));
    CHECK(p.ranking == std::vector<int>{1, 2, 3});
}

TEST_CASE("WPM rejects zero and negative values", "[methods][errors]") {
    Eigen::MatrixXd x(2, 2);
    x << 1, 2, 0, 3;
    const decision_matrix dm(x, {objective::benefit, objective::cost});
    REQUIRE_THROWS_MATCHES(wpm(dm, Eigen::Vector2d(0.5, 0.5)), invalid_input,
                           Message("[adva.methods.wpm_nonpositive] /matrix/1/0: the weighted product needs strictly positive values "
                                   "(seen: 0)"));
}

TEST_CASE("TOPSIS cost forms: vector, minmax and max equal the ideal-is-minimum textbook form", "[methods]") {
    Eigen::MatrixXd x(4, 3);
    x << 250, 16, 12,
         200, 16, 8,
         300, 32, 16,
         275, 32, 8;
    const decision_matrix dm(x, {objective::cost, objective::benefit, objective::benefit});
    const Eigen::Vector3d w(0.4, 0.35, 0.25);
    // Textbook form: r = x/||x||, v = w r, ideal = max for benefit and min for cost.
    Eigen::MatrixXd v = x;
    for (Eigen::Index j = 0; j < 3; ++j) v.col(j) = w[j] * x.col(j) / x.col(j).norm();
    Eigen::RowVector3d best, worst;
    best << v.col(0).minCoeff(), v.col(1).maxCoeff(), v.col(2).maxCoeff();
    worst << v.col(0).maxCoeff(), v.col(1).minCoeff(), v.col(2).minCoeff();
    const Eigen::ArrayXd dp = (v.rowwise() - best).rowwise().norm().array(), dn = (v.rowwise() - worst).rowwise().norm().array();
    const Eigen::VectorXd textbook = (dn / (dp + dn)).matrix();
    const auto r = topsis(dm, w, {normalisation::vector});
    CHECK((r.closeness - textbook).cwiseAbs().maxCoeff() < 1e-12);
    REQUIRE_THROWS_MATCHES(topsis(dm, w, {normalisation::none}), invalid_input,
                           adva::testing::MessageContains("[adva.methods.unsupported_normalisation] /method/normalisation"));
}

TEST_CASE("TOPSIS and VIKOR on constant columns and identical alternatives", "[methods]") {
    Eigen::MatrixXd x(3, 2);
    x << 1, 5,
         2, 5,
         3, 5;
    const decision_matrix dm(x, {objective::benefit, objective::cost});
    const Eigen::Vector2d w(0.5, 0.5);
    const auto t = topsis(dm, w, {normalisation::minmax});
    CHECK(t.closeness[0] == Approx(0.0));
    CHECK(t.closeness[2] == Approx(1.0));
    const auto v = vikor(dm, w);
    CHECK(v.S[0] == Approx(0.5));  // the constant column adds no regret
    CHECK(v.R[2] == Approx(0.0));
    const decision_matrix same(Eigen::MatrixXd::Constant(2, 2, 4.0), {objective::benefit, objective::cost});
    const auto ts = topsis(same, w);
    CHECK(ts.closeness[0] == 0.5);
    CHECK(ts.ranking == std::vector<int>{1, 1});
    const auto vs = vikor(same, w);
    CHECK(vs.Q[0] == 0.0);
    CHECK(vs.ranking == std::vector<int>{1, 1});
    CHECK(vs.compromise == std::vector<int>{0, 1});  // Q(a2) - Q(a1) = 0 < DQ
}

TEST_CASE("VIKOR with two alternatives: DQ = 1", "[methods]") {
    Eigen::MatrixXd x(2, 2);
    x << 1, 2,
         2, 1;
    const decision_matrix dm(x, {objective::benefit, objective::benefit});
    const auto v = vikor(dm, Eigen::Vector2d(0.7, 0.3));
    CHECK(v.dq == 1.0);
    CHECK(v.Q[1] == 0.0);
    CHECK(v.Q[0] == 1.0);
    CHECK(v.acceptable_advantage);
    CHECK(v.compromise == std::vector<int>{1});
    REQUIRE_THROWS_MATCHES(vikor(dm, Eigen::Vector2d(0.7, 0.3), {1.5}), invalid_input,
                           Message("[adva.methods.vikor_v] /method/v: v must be in [0, 1] (seen: 1.5)"));
}

TEST_CASE("normalisation errors name the column", "[methods][errors]") {
    Eigen::MatrixXd x(2, 2);
    x << 0, 1, 0, 2;
    REQUIRE_THROWS_MATCHES(normalise(x, {objective::benefit, objective::benefit}, normalisation::vector), invalid_input,
                           Message("[adva.methods.normalisation_undefined] /matrix/*/0: vector normalisation needs a column that is "
                                   "not all zero (seen: 0)"));
    REQUIRE_THROWS_MATCHES(normalise(x, {objective::benefit, objective::cost}, normalisation::sum), invalid_input,
                           adva::testing::MessageContains("/matrix/*/0: sum normalisation needs a positive column sum"));
}

TEST_CASE("WPM with sum normalisation is pymcdm's WPM", "[methods]") {
    // pymcdm 1.4.0, pymcdm.methods.WPM() (its default normalisation: sum, x/sum(x) for benefit and
    // (1/x)/sum(1/x) for cost; score prod r^w) on the matrix of its docstring, weights (8, 5, 6, 7)/26,
    // types [1, 1, -1, -1]; also WPM(normalizations.vector_normalization). Computed with
    // /work/peers-venv: pymcdm is not a test dependency.
    Eigen::MatrixXd x(5, 4);
    x << 96, 83, 75, 7,
         63, 5, 56, 9,
         72, 30, 32, 48,
         11, 4, 27, 9,
         77, 21, 17, 11;
    const decision_matrix dm(x, {objective::benefit, objective::benefit, objective::cost, objective::cost});
    const Eigen::Vector4d w = Eigen::Vector4d(8, 5, 6, 7) / 26;
    const Eigen::VectorXd sum_expected = (Eigen::VectorXd(5) << 0.2542121863334796, 0.13006702910370208, 0.13867898185894428,
                                          0.08618451530023429, 0.22743276864937176).finished();
    const Eigen::VectorXd vector_expected = (Eigen::VectorXd(5) << 0.6053024048593135, 0.34374895294988195, 0.2802276495984304,
                                             0.21468643140058513, 0.5456523734113661).finished();
    const auto s = wpm(dm, w, {normalisation::sum});
    for (Eigen::Index i = 0; i < 5; ++i) CHECK(s.scores[i] == Approx(sum_expected[i]).epsilon(1e-12));
    CHECK(s.ranking == std::vector<int>{1, 4, 3, 5, 2});
    const auto v = wpm(dm, w, {normalisation::vector});
    for (Eigen::Index i = 0; i < 5; ++i) CHECK(v.scores[i] == Approx(vector_expected[i]).epsilon(1e-12));
    // The default is still the ratio form: prod x^(+-w).
    const auto r = wpm(dm, w);
    CHECK(r.parameters.norm == normalisation::none);
    CHECK(r.log_scores[0] == Approx((x.row(0).array().log() * Eigen::Array4d(w[0], w[1], -w[2], -w[3]).transpose()).sum()).epsilon(1e-12));
}

TEST_CASE("WPM refuses normalised values of 0 and the normalisations that make them", "[methods][errors]") {
    Eigen::MatrixXd x(1, 2);
    x << 2, 3;  // one alternative: vector normalisation of a cost column gives 1 - 3/3 = 0
    const decision_matrix dm(x, {objective::benefit, objective::cost});
    REQUIRE_THROWS_MATCHES(wpm(dm, Eigen::Vector2d(0.5, 0.5), {normalisation::vector}), invalid_input,
                           Message("[adva.methods.wpm_nonpositive] /matrix/0/1: the weighted product needs strictly positive "
                                   "values; vector normalisation maps this one to 0 (seen: 3)"));
    REQUIRE_THROWS_MATCHES(wpm(dm, Eigen::Vector2d(0.5, 0.5), {normalisation::minmax}), invalid_input,
                           Message("[adva.json.unknown_name] /method/normalisation: WPM takes normalisation none, sum or vector "
                                   "(seen: \"minmax\")"));
}
