// "What would it take": the smallest weight change that makes an option win (Clp LPs), and the
// proof when none exists.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "adva/analysis/what_if.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;
using Catch::Matchers::Message;

namespace {
/// Two top-level leaves X, Y (weights 0.5, 0.5; fixed direct scales):
///   P: X 100, Y 0   → 50 (winner)
///   Q: X 0,   Y 60  → 30; wins iff 60 w_Y ≥ 100 w_X, i.e. w_Y ≥ 0.625
///   R: X 0,   Y 50  → 25; dominated by Q (equal on X, worse on Y)
appraisal flat_model() {
    appraisal m;
    m.context.title = "What-if test";
    m.criteria = {testing::make_criterion("X", "", 1.0), testing::make_criterion("Y", "", 1.0)};
    m.options = {testing::make_option("P", {{"X", 100}, {"Y", 0}}), testing::make_option("Q", {{"X", 0}, {"Y", 60}}),
                 testing::make_option("R", {{"X", 0}, {"Y", 50}})};
    return m;
}
}  // namespace

TEST_CASE("L-infinity and L1 distances to a win") {
    const auto model = flat_model();
    // L∞: move 0.125 from X to Y (0.375, 0.625); L1 counts it twice: 0.25.
    const auto linf = what_if(model, "Q", weight_distance::linf);
    REQUIRE(linf.possible);
    CHECK_FALSE(linf.already_winner);
    CHECK(linf.distance == Approx(0.125));
    CHECK(linf.new_leaf_weights[0] == Approx(0.375));
    CHECK(linf.new_leaf_weights[1] == Approx(0.625));
    CHECK(linf.new_local[1] == Approx(0.625));  // top level: local = global
    const auto l1 = what_if(model, "Q", weight_distance::l1);
    CHECK(l1.distance == Approx(0.25));
    // Under the new weights Q ties P (37.5 each) and is at least tied first.
    REQUIRE(l1.new_ranking.size() == 3);
    CHECK(l1.new_ranking[0].rank == 1);
    CHECK(l1.new_ranking[1].rank == 1);
    CHECK(l1.new_ranking[0].total == Approx(37.5));
}

TEST_CASE("the current winner needs no change") {
    const auto w = what_if(flat_model(), "P");
    CHECK(w.already_winner);
    CHECK(w.possible);
    CHECK(w.distance == 0.0);
    CHECK(w.new_leaf_weights == w.current_leaf_weights);
}

TEST_CASE("a dominated option cannot win: the proof names the dominating mix") {
    const auto w = what_if(flat_model(), "R");
    CHECK_FALSE(w.possible);
    CHECK(std::isnan(w.distance));
    REQUIRE(w.dominated_by == std::vector<std::string>{"Q"});
    // max s: 100 a ≥ s (X), 60 (1 − a) − 50 ≥ s (Y) → a = 1/16, s = 6.25: the mix 1/16 P + 15/16 Q
    // beats R by 6.25 points on every leaf.
    REQUIRE(w.beaten_by_mixture.size() == 2);
    CHECK(w.beaten_by_mixture[0].first == "P");
    CHECK(w.beaten_by_mixture[0].second == Approx(1.0 / 16));
    CHECK(w.beaten_by_mixture[1].first == "Q");
    CHECK(w.beaten_by_mixture[1].second == Approx(15.0 / 16));
    CHECK(w.mixture_margin == Approx(6.25));
}

TEST_CASE("what-if and dominance share one definition of can win, can at best tie, cannot rank first") {
    // On leaves (X, Y, W): A = (0, 100, 0) and B = (100, 0, 10) each lead alone somewhere (best on a
    // leaf). H = (50, 50, 0) ties A and B at w = (.5, .5, 0) and leads nowhere. D = (100, 0, 0) is
    // dominated by B and ties it with all weight on X. Z = (30, 30, 0) trails the mix .5 A + .5 B
    // everywhere.
    appraisal m;
    m.context.title = "Can win";
    m.criteria = {testing::make_criterion("X", "", 1.0), testing::make_criterion("Y", "", 3.0), testing::make_criterion("W", "", 1.0)};
    m.options = {testing::make_option("A", {{"X", 0}, {"Y", 100}, {"W", 0}}), testing::make_option("B", {{"X", 100}, {"Y", 0}, {"W", 10}}),
                 testing::make_option("H", {{"X", 50}, {"Y", 50}, {"W", 0}}), testing::make_option("D", {{"X", 100}, {"Y", 0}, {"W", 0}}),
                 testing::make_option("Z", {{"X", 30}, {"Y", 30}, {"W", 0}})};
    const auto r = appraise(m);
    auto place = [&](const std::string& id) {
        for (const auto& d : r.dominance)
            if (d.option == id) return d.best_possible;
        FAIL("no dominance entry for " << id);
        return first_place::never;
    };
    CHECK(place("A") == first_place::outright);
    CHECK(place("B") == first_place::outright);
    CHECK(place("H") == first_place::tie_only);
    CHECK(place("D") == first_place::tie_only);
    CHECK(place("Z") == first_place::never);
    for (const char* id : {"A", "B", "H", "D", "Z"}) {
        INFO(id);
        const auto w = what_if(m, r, id);
        CHECK(w.best_possible == place(id));
        CHECK(w.possible == (place(id) != first_place::never));
        if (!w.possible) continue;
        // The proposed weights put it at least level with every rival …
        bool level = false;
        for (const auto& x : w.new_ranking)
            if (x.option == id) level = x.rank == 1;
        CHECK(level);
    }
    // … and the LP that proposes them is feasible exactly when the classification says it can be first.
    const Eigen::MatrixXd& v = r.values;  // every criterion is a leaf
    const std::vector<double> current{0.2, 0.6, 0.2};
    for (std::size_t a = 0; a < m.options.size(); ++a) {
        std::vector<std::size_t> rivals;
        for (std::size_t b = 0; b < m.options.size(); ++b)
            if (b != a) rivals.push_back(b);
        CHECK(detail::closest_winning_weights(v, a, rivals, current, weight_distance::l1).has_value() ==
              (best_possible_place(v, Eigen::Index(a)) != first_place::never));
    }
}

TEST_CASE("random matrices: the what-if LP is feasible exactly when dominance says an option can be first") {
    std::mt19937 rng(20261203);
    std::uniform_int_distribution<int> level(0, 4);  // few levels: ties and dominance are common
    for (int trial = 0; trial < 200; ++trial) {
        const Eigen::Index m = 2 + trial % 5, n = 1 + trial % 4;
        Eigen::MatrixXd v(m, n);
        for (Eigen::Index i = 0; i < m; ++i)
            for (Eigen::Index j = 0; j < n; ++j) v(i, j) = 25.0 * level(rng);
        const std::vector<double> current(std::size_t(n), 1.0 / double(n));
        for (Eigen::Index a = 0; a < m; ++a) {
            std::vector<std::size_t> rivals;
            for (Eigen::Index b = 0; b < m; ++b)
                if (b != a) rivals.push_back(std::size_t(b));
            INFO("trial " << trial << ", option " << a << "\n" << v);
            const auto place = best_possible_place(v, a);
            CHECK(detail::closest_winning_weights(v, std::size_t(a), rivals, current, weight_distance::linf).has_value() ==
                  (place != first_place::never));
            // Strictly best on some leaf is a certificate of an outright win.
            for (Eigen::Index j = 0; j < n; ++j) {
                bool strictly_best = true;
                for (Eigen::Index b = 0; b < m; ++b) strictly_best = strictly_best && (b == a || v(b, j) < v(a, j));
                if (strictly_best) CHECK(place == first_place::outright);
            }
        }
    }
}

TEST_CASE("on a tree: global leaf weights are turned back into local weights") {
    const auto model = testing::two_level_model();
    // O3 (A1 100, A2 20, B1 40, B2 value 40) needs 64 → ≥ O2 and O1.
    for (auto norm : {weight_distance::l1, weight_distance::linf}) {
        const auto w = what_if(model, "O3", norm);
        REQUIRE(w.possible);
        double sum = 0;
        for (double x : w.new_leaf_weights) sum += x;
        CHECK(sum == Approx(1.0));
        // Totals under the new weights: O3 at least ties every other option.
        CHECK(w.new_ranking.front().rank == 1);
        bool o3_first = false;
        for (const auto& r : w.new_ranking) o3_first |= r.option == "O3" && r.rank == 1;
        CHECK(o3_first);
        // Local weights: A's children sum to 1, and global A1 = local A × local A1.
        CHECK(w.new_local[1] + w.new_local[2] == Approx(1.0));
        CHECK(w.new_global[1] == Approx(w.new_local[0] * w.new_local[1]));
        CHECK(w.new_global[1] == Approx(w.new_leaf_weights[0]));
        CHECK(w.distance > 0);
    }
}

TEST_CASE("what-if errors") {
    const auto model = flat_model();
    REQUIRE_THROWS_MATCHES(what_if(model, "Z"), invalid_input,
                           Message("[adva.what_if.unknown_option] option: the option must be one of the model's options (known, closest first: P, Q, R) (seen: \"Z\")"));
    appraise_options o;
    o.group = "g";
    REQUIRE_THROWS_MATCHES(what_if(model, "Q", weight_distance::l1, o), invalid_input,
                           Message("[adva.what_if.unknown_group] group: the weights must come from a declared stakeholder group (known: none) (seen: \"g\")"));

    auto gated = flat_model();
    gated.gates.push_back(testing::make_threshold_gate("G1", "X", comparison::greater_equal, 50));  // Q and R score 0 on X
    REQUIRE_THROWS_MATCHES(what_if(gated, "Q"), invalid_input,
                           Message("[adva.what_if.not_shortlisted] option: the option was discounted at screening: only "
                                   "short-listed options can win (short-listed, closest first: P) (seen: \"Q\")"));
}
