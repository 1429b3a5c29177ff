// Finite data at the ends of the double range: values near 1e308 (whose squares and sums overflow)
// and tiny ones (whose squares underflow) rank exactly as the same data scaled into the ordinary
// range; a result that cannot be represented is the error adva.methods.overflow, never a silent
// tie, NaN or inf.
#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "methods_test_support.hpp"

#include "adva/methods/methods.hpp"

using namespace adva;
using adva::testing::MessageContains;

namespace {

const std::vector<objective> types{objective::benefit, objective::benefit, objective::cost};
const Eigen::Vector3d weights(0.5, 0.3, 0.2);

/// Alternative 0 dominates (best on every criterion), alternative 3 is dominated by every other.
Eigen::MatrixXd base_matrix() {
    Eigen::MatrixXd x(4, 3);
    x << 9, 7, 1,   //
        6, 5, 3,    //
        7, 2, 2,    //
        1, 1, 8;
    return x;
}

decision_matrix scaled(double factor) { return decision_matrix(base_matrix() * factor, types); }

using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void check_same(const Eigen::VectorXd& got, const Eigen::VectorXd& expected) {
    REQUIRE(got.allFinite());
    for (Eigen::Index i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(expected[i]).epsilon(1e-12).margin(1e-15));
}

}  // namespace

TEST_CASE("values near 1e308 and tiny values rank as the same data in the ordinary range", "[methods][overflow]") {
    // 2^1020 brings the largest value (9) to 1.1e308, where a column's sum of squares is infinite;
    // 2^-1060 makes every value subnormal, where squares vanish. Powers of two keep every value
    // exact, so the results must match the unscaled ones.
    for (const double factor : {std::ldexp(1.0, 1020), 1.7e307, 1e-300, std::ldexp(1.0, -1060)}) {
        CAPTURE(factor);
        const decision_matrix plain = scaled(1.0), extreme = scaled(factor);
        for (const auto norm : {normalisation::vector, normalisation::minmax, normalisation::max, normalisation::sum}) {
            CAPTURE(to_string(norm));
            const auto a = topsis(plain, weights, {norm}), b = topsis(extreme, weights, {norm});
            CHECK(b.ranking == a.ranking);
            CHECK(b.ranking[0] == 1);
            CHECK(b.ranking[3] == 4);
            check_same(b.closeness, a.closeness);
            // The row-major view goes through the same kernel with the finiteness check folded in.
            const row_major rows = extreme.values();
            const decision_matrix_view view(rows.data(), rows.rows(), rows.cols(), types);
            check_same(topsis(view, weights, {norm}).closeness, a.closeness);

            const auto ws = wsm(extreme, weights, {norm});
            CHECK(ws.ranking == wsm(plain, weights, {norm}).ranking);
            check_same(ws.scores, wsm(plain, weights, {norm}).scores);
        }
        const auto va = vikor(plain, weights), vb = vikor(extreme, weights);
        CHECK(vb.ranking == va.ranking);
        CHECK(vb.ranking[0] == 1);
        CHECK(vb.ranking[3] == 4);
        check_same(vb.Q, va.Q);
        check_same(vb.S, va.S);
        const row_major rows = extreme.values();
        check_same(vikor(decision_matrix_view(rows.data(), rows.rows(), rows.cols(), types), weights).Q, va.Q);
    }
}

TEST_CASE("a dominating alternative near 1e308 ranks strictly first, as the matrix scaled down by 1e300", "[methods][overflow]") {
    // Plain sums of squares of these columns are infinite: before prescaling, every closeness was
    // 0.5 and all four alternatives tied.
    Eigen::MatrixXd x(4, 2);
    x << 1.7e308, 1.6e308,  //
        1.2e308, 1.5e308,   //
        1.0e308, 0.9e308,   //
        0.5e308, 0.4e308;
    const std::vector<objective> benefit(2, objective::benefit);
    const decision_matrix huge(x, benefit), small(x / 1e300, benefit);
    const Eigen::Vector2d w(0.6, 0.4);
    const auto a = topsis(huge, w), b = topsis(small, w);
    CHECK(a.ranking == std::vector<int>{1, 2, 3, 4});
    CHECK(a.ranking == b.ranking);
    check_same(a.closeness, b.closeness);
    CHECK(vikor(huge, w).ranking == vikor(small, w).ranking);
    CHECK(vikor(huge, w).ranking[0] == 1);
    // A column spanning -1.7e308 .. 1.7e308 (max - min overflows) under minmax and VIKOR.
    x.col(1) << 1.7e308, -0.2e308, -1.0e308, -1.7e308;
    const decision_matrix wide(x, benefit), narrow(x / 1e300, benefit);
    CHECK(topsis(wide, w, {normalisation::minmax}).ranking == std::vector<int>{1, 2, 3, 4});
    check_same(topsis(wide, w, {normalisation::minmax}).closeness, topsis(narrow, w, {normalisation::minmax}).closeness);
    check_same(vikor(wide, w).Q, vikor(narrow, w).Q);
}

TEST_CASE("a result that cannot be represented is adva.methods.overflow", "[methods][overflow][errors]") {
    const std::vector<objective> benefit(2, objective::benefit);
    const Eigen::Vector2d w(0.5, 0.5);
    // Max normalisation divides by the column maximum 1e-310: -1 / 1e-310 is beyond the doubles.
    Eigen::MatrixXd x(3, 2);
    x << 1e-310, 1,  //
        -1, 2,       //
        -2, 3;
    REQUIRE_THROWS_MATCHES(topsis(decision_matrix(x, benefit), w, {normalisation::max}), computation_error,
                           MessageContains("[adva.methods.overflow] /matrix/*/0"));
    REQUIRE_THROWS_MATCHES(wsm(decision_matrix(x, benefit), w, {normalisation::max}), computation_error,
                           MessageContains("[adva.methods.overflow] /matrix/*/0"));
    // Sum normalisation of a column whose sum (1e-10) is tiny beside its values (1.5e308).
    x.col(0) << 1.5e308, -1.5e308, 1e-10;
    REQUIRE_THROWS_MATCHES(wsm(decision_matrix(x, benefit), w, {normalisation::sum}), computation_error,
                           MessageContains("[adva.methods.overflow] /matrix/*/0"));
    // Raw values at the largest double, weights summing to 1 + 8e-7 (within the tolerance).
    x.col(0).setConstant(std::numeric_limits<double>::max());
    x.col(1).setConstant(std::numeric_limits<double>::max());
    REQUIRE_THROWS_MATCHES(wsm(decision_matrix(x, benefit), Eigen::Vector2d(0.5000004, 0.5000004), {normalisation::none}),
                           computation_error, MessageContains("[adva.methods.overflow] /matrix/0: WSM"));
    // A cost criterion on a value of 1e-320: the product 1e320 is beyond the doubles.
    Eigen::MatrixXd y(2, 1);
    y << 1e-320, 2;
    REQUIRE_THROWS_MATCHES(wpm(decision_matrix(y, {objective::cost}), Eigen::VectorXd::Ones(1)), computation_error,
                           MessageContains("[adva.methods.overflow] /matrix/0: WPM"));
}
