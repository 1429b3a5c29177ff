// Ranking with explicit ties, pairwise dominance and potential optimality (LP).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include <coin/ClpSimplex.hpp>

#include "adva/analysis/appraise.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;
using adva::testing::make_criterion;
using adva::testing::make_option;
using adva::testing::two_level_model;

namespace {
// Two equally weighted top-level leaves P and Q; options given by their (P, Q) values.
appraisal flat_model(const std::vector<std::pair<std::string, std::pair<double, double>>>& options) {
    appraisal m;
    m.context.title = "Flat";
    m.criteria = {make_criterion("P", "", 1.0), make_criterion("Q", "", 1.0)};
    for (const auto& [id, pq] : options) m.options.push_back(make_option(id, {{"P", pq.first}, {"Q", pq.second}}));
    return m;
}
const dominance_entry& entry(const appraisal_result& r, const std::string& id) {
    return *std::find_if(r.dominance.begin(), r.dominance.end(), [&](const dominance_entry& e) { return e.option == id; });
}
}  // namespace

TEST_CASE("ranking is best first and ties share the better rank", "[analysis][ranking]") {
    auto m = two_level_model();
    // O4: A1 80, A2 40 -> A 70; B1 100, B2 20 -> B = .5*100 + .5*80 = 90; total .6*70 + .4*90 = 78 = O2's.
    m.options.push_back(make_option("O4", {{"A1", 80}, {"A2", 40}, {"B1", 100}, {"B2", 20}}));
    const auto r = appraise(m);
    REQUIRE(r.ranking.size() == 4);
    CHECK(r.ranking[0].rank == 1);
    CHECK(r.ranking[1].rank == 1);
    CHECK(r.ranking[0].tied);
    CHECK(r.ranking[1].tied);
    CHECK(std::set<std::string>{r.ranking[0].option, r.ranking[1].option} == std::set<std::string>{"O2", "O4"});
    CHECK(r.ranking[2].option == "O1");
    CHECK(r.ranking[2].rank == 3);  // "1134": the rank after a tie is skipped
    CHECK_FALSE(r.ranking[2].tied);
    CHECK(r.ranking[3].option == "O3");
    CHECK(r.ranking[3].rank == 4);
    CHECK(r.ranking[3].total == Approx(64.0).margin(1e-12));
}

TEST_CASE("the tie tolerance is an explicit parameter", "[analysis][ranking]") {
    auto m = flat_model({{"X", {60, 40}}, {"Y", {40, 60.000001}}});  // totals 50 and 50.0000005
    CHECK(appraise(m).ranking[1].rank == 2);
    appraise_options opts;
    opts.tie_tolerance = 1e-6;
    const auto r = appraise(m, opts);
    CHECK(r.ranking[0].option == "Y");
    CHECK(r.ranking[1].rank == 1);
    CHECK(r.ranking[1].tied);
}

TEST_CASE("an option beaten by a convex combination is not potentially optimal", "[analysis][dominance]") {
    // Z = (40, 40) is not dominated by X = (0, 100) nor by Y = (100, 0), but for any weights
    // w·Z = 40 < max(w·X, w·Y) >= 50: the LP's best margin is -10 (at w = (.5, .5)).
    const auto r = appraise(flat_model({{"X", {0, 100}}, {"Y", {100, 0}}, {"Z", {40, 40}}}));
    REQUIRE(r.dominance.size() == 3);
    CHECK(entry(r, "Z").dominated_by.empty());
    CHECK_FALSE(entry(r, "Z").potentially_optimal);
    CHECK(entry(r, "X").potentially_optimal);
    CHECK(entry(r, "Y").potentially_optimal);
    CHECK(detail::best_worst_margin(Eigen::MatrixXd{{0, 100}, {100, 0}, {40, 40}}, 2) == Approx(-10.0).margin(1e-9));
}

TEST_CASE("pairwise dominance; an undominated option that can only tie first cannot win", "[analysis][dominance]") {
    // H = (50, 50) ties X and Y at w = (.5, .5) (LP optimum exactly 0) and is ahead under no weights.
    // W = (0, 90) is dominated by X (equal on P, worse on Q); its best margin is -32.1 at w_Q = 5/14.
    const auto r = appraise(flat_model({{"X", {0, 100}}, {"Y", {100, 0}}, {"H", {50, 50}}, {"W", {0, 90}}}));
    CHECK(entry(r, "H").dominated_by.empty());
    CHECK(entry(r, "H").best_possible == first_place::tie_only);
    CHECK_FALSE(entry(r, "H").potentially_optimal);
    CHECK(entry(r, "W").dominated_by == std::vector<std::string>{"X"});
    CHECK(entry(r, "W").best_possible == first_place::never);
    CHECK_FALSE(entry(r, "W").potentially_optimal);
    CHECK(entry(r, "X").dominated_by.empty());
    CHECK(entry(r, "X").best_possible == first_place::outright);
    CHECK(entry(r, "X").potentially_optimal);
}

TEST_CASE("a pairwise-dominated option can at best tie first, and so cannot win", "[analysis][dominance]") {
    // D = (100, 40) ties X = (100, 50) when all weight is on P, but X dominates it.
    const auto r = appraise(flat_model({{"X", {100, 50}}, {"D", {100, 40}}, {"Y", {0, 100}}}));
    CHECK(entry(r, "D").dominated_by == std::vector<std::string>{"X"});
    CHECK(entry(r, "D").best_possible == first_place::tie_only);
    CHECK_FALSE(entry(r, "D").potentially_optimal);
    CHECK(entry(r, "X").potentially_optimal);
    CHECK(entry(r, "Y").potentially_optimal);
}

TEST_CASE("dominance covers the short list only", "[analysis][dominance]") {
    auto m = two_level_model();
    // O5 <= O2 on every leaf value (A2 90 < 100): dominated by O2 alone.
    m.options.push_back(make_option("O5", {{"A1", 60}, {"A2", 90}, {"B1", 90}, {"B2", 10}}));
    const auto r = appraise(m);
    CHECK(entry(r, "O5").dominated_by == std::vector<std::string>{"O2"});
    CHECK(entry(r, "O1").dominated_by.empty());
    CHECK(r.dominance.size() == 4);
}

TEST_CASE("constraint generation reaches the full LP's optimum", "[analysis][dominance]") {
    // Cross-check against the LP with one row per rival, on deterministic pseudo-random values.
    const Eigen::Index m = 40, n = 6;
    Eigen::MatrixXd v(m, n);
    for (Eigen::Index i = 0; i < m; ++i)
        for (Eigen::Index j = 0; j < n; ++j) v(i, j) = 50.0 + 45.0 * std::sin(1.7 * double(i) + 2.3 * double(j) + 0.1 * double(i * j));
    for (Eigen::Index a = 0; a < m; ++a) {
        ClpSimplex full;
        full.setLogLevel(0);
        full.resize(0, int(n) + 1);
        for (Eigen::Index j = 0; j < n; ++j) full.setColumnBounds(int(j), 0.0, COIN_DBL_MAX);
        full.setColumnBounds(int(n), -COIN_DBL_MAX, COIN_DBL_MAX);
        full.setObjectiveCoefficient(int(n), 1.0);
        std::vector<int> cols(std::size_t(n) + 1);
        std::vector<double> row(std::size_t(n) + 1);
        for (Eigen::Index j = 0; j <= n; ++j) cols[std::size_t(j)] = int(j);
        for (Eigen::Index b = 0; b < m; ++b) {
            if (b == a) continue;
            for (Eigen::Index j = 0; j < n; ++j) row[std::size_t(j)] = v(a, j) - v(b, j);
            row[std::size_t(n)] = -1.0;
            full.addRow(int(n) + 1, cols.data(), row.data(), 0.0, COIN_DBL_MAX);
        }
        std::vector<double> ones(std::size_t(n), 1.0);
        full.addRow(int(n), cols.data(), ones.data(), 1.0, 1.0);
        full.setOptimizationDirection(-1);
        full.primal();
        REQUIRE(full.isProvenOptimal());
        INFO("option " << a);
        const double t = full.getColSolution()[n];
        CHECK(detail::best_worst_margin(v, a) == Approx(t).margin(1e-7));
        // The early-stopping side test agrees with the exact margin, for bands on both sides of it,
        // around it, and an empty one at it.
        for (const auto& [low, high] : {std::pair{t - 1.0, t + 1.0}, std::pair{t + 0.5, t + 2.0},
                                        std::pair{t - 2.0, t - 0.5}, std::pair{t - 1e-3, t - 1e-3}}) {
            INFO("band [" << low << ", " << high << "], t* = " << t);
            const auto expected = t < low    ? detail::margin_side::below
                                  : t > high ? detail::margin_side::above
                                             : detail::margin_side::within;
            CHECK(detail::best_worst_margin_side(v, a, low, high) == expected);
        }
    }
}
