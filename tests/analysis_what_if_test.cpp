// "What would it take": the smallest weight change that makes an option win (Clp LPs), and the
// proof when none exists.
#include <catch2/catch.hpp>

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
                           Message("[adva.what_if.unknown_group] group: the weights must come from a declared stakeholder group (seen: \"g\")"));

    auto gated = flat_model();
    gated.gates.push_back(testing::make_threshold_gate("G1", "X", comparison::greater_equal, 50));  // Q and R score 0 on X
    REQUIRE_THROWS_MATCHES(what_if(gated, "Q"), invalid_input,
                           Message("[adva.what_if.not_shortlisted] option: the option was discounted at screening: only "
                                   "short-listed options can win (seen: \"Q\")"));
}
