// Values at every node of the value tree, totals and contributions (additive appraisal).
#include <catch2/catch.hpp>

#include <cmath>

#include "adva/analysis/appraise.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;
using adva::testing::make_criterion;
using adva::testing::two_level_model;

TEST_CASE("value functions turn scores into 0-100 values", "[analysis][values]") {
    SECTION("direct, by direction") {
        auto c = make_criterion("C", "", 1.0);
        CHECK(fixed_scale_value(c, 30.0) == 30.0);
        c.preference = direction::lower_is_better;
        CHECK(fixed_scale_value(c, 30.0) == 70.0);
    }
    SECTION("linear over [10, 50]: 20 is a quarter of the way") {
        auto c = make_criterion("C", "", 1.0);
        c.value.kind = value_function_kind::linear;
        c.value.lower = 10;
        c.value.upper = 50;
        CHECK(fixed_scale_value(c, 20.0) == Approx(25.0).margin(1e-12));
        c.preference = direction::lower_is_better;
        CHECK(fixed_scale_value(c, 20.0) == Approx(75.0).margin(1e-12));
    }
    SECTION("exponential (Kirkwood)") {
        auto c = make_criterion("C", "", 1.0);
        c.value.kind = value_function_kind::exponential;
        c.value.lower = 0;
        c.value.upper = 10;
        c.value.rho = 1.0;
        // z = 0.5: 100 (1 - e^-0.5) / (1 - e^-1) = 100 * 0.393469340 / 0.632120559 = 62.24593312
        CHECK(fixed_scale_value(c, 5.0) == Approx(62.24593312).margin(1e-6));
        c.preference = direction::lower_is_better;  // z = 1 - 0.2 = 0.8 at x = 2
        CHECK(fixed_scale_value(c, 2.0) == Approx(100 * (1 - std::exp(-0.8)) / (1 - std::exp(-1.0))).margin(1e-12));
        c.value.rho = 0.0;  // linear
        CHECK(fixed_scale_value(c, 2.0) == Approx(80.0).margin(1e-12));
    }
    SECTION("piecewise linear interpolates between breakpoints") {
        auto c = make_criterion("C", "", 1.0);
        c.value.kind = value_function_kind::piecewise_linear;
        c.value.points = {{0, 100}, {10, 40}, {30, 0}};  // decreasing: the breakpoints say lower is better
        CHECK(better_direction(c) == direction::lower_is_better);
        CHECK(better_text(c) == "lower is better");
        CHECK(fixed_scale_value(c, 0.0) == 100.0);
        CHECK(fixed_scale_value(c, 5.0) == Approx(70.0).margin(1e-12));   // halfway 100 -> 40
        CHECK(fixed_scale_value(c, 10.0) == Approx(40.0).margin(1e-12));
        CHECK(fixed_scale_value(c, 25.0) == Approx(10.0).margin(1e-12));  // 3/4 of 40 -> 0
        CHECK(fixed_scale_value(c, 30.0) == 0.0);
        c.value.points = {{0, 0}, {10, 100}, {30, 20}};  // a peak inside the range: neither end is better
        CHECK_FALSE(better_direction(c).has_value());
        CHECK(better_text(c) == "the best level is inside the range: see the value function");
        c.value.points = {{0, 10}, {30, 90}};
        c.preference = direction::lower_is_better;  // not used by a piecewise-linear function
        CHECK(better_direction(c) == direction::higher_is_better);
    }
}

TEST_CASE("node values, totals and contributions on a two-level tree", "[analysis][values]") {
    const auto r = appraise(two_level_model());
    // Columns in model order: A A1 A2 B B1 B2 (see analysis_fixtures.hpp for the hand computation).
    REQUIRE(r.values.rows() == 3);
    REQUIRE(r.values.cols() == 6);
    CHECK(r.leaf_indices == std::vector<std::size_t>{1, 2, 4, 5});
    const double expected[3][6] = {
        {70, 80, 40, 60, 50, 70},   // O1: A = .75*80 + .25*40; B = .5*50 + .5*(100-30)
        {70, 60, 100, 90, 90, 90},  // O2
        {80, 100, 20, 40, 40, 40},  // O3
    };
    for (int o = 0; o < 3; ++o)
        for (int c = 0; c < 6; ++c) CHECK(r.values(o, c) == Approx(expected[o][c]).margin(1e-12));

    CHECK(r.totals[0] == Approx(66.0).margin(1e-12));  // .6*70 + .4*60
    CHECK(r.totals[1] == Approx(78.0).margin(1e-12));  // .6*70 + .4*90
    CHECK(r.totals[2] == Approx(64.0).margin(1e-12));  // .6*80 + .4*40

    // Global weights: A1 .45, A2 .15, B1 .2, B2 .2; contributions = global × value.
    CHECK(r.weights.global[1] == Approx(0.45).margin(1e-15));
    CHECK(r.weights.global[5] == Approx(0.20).margin(1e-15));
    CHECK(r.contributions(0, 0) == Approx(36.0).margin(1e-12));  // .45 * 80
    CHECK(r.contributions(0, 3) == Approx(14.0).margin(1e-12));  // .2 * 70
    for (int o = 0; o < 3; ++o) CHECK(r.contributions.row(o).sum() == Approx(r.totals[o]).margin(1e-12));

    CHECK(r.weights_name == "consensus");
    CHECK(r.option_ids == std::vector<std::string>{"O1", "O2", "O3"});
    CHECK(r.criterion_ids == std::vector<std::string>{"A", "A1", "A2", "B", "B1", "B2"});
}

TEST_CASE("uncertain scores enter the deterministic appraisal at their expected value", "[analysis][values]") {
    auto m = two_level_model();
    auto& s = m.options[0].scores;  // O1: A1 80, A2 40, B1 50, B2 30 as expected values
    s["A1"] = score{uncertainty::triangular, 80, 60, 100, 0, ""};  // (60 + 80 + 100) / 3 = 80
    s["A2"] = score{uncertainty::pert, 35, 20, 80, 0, ""};         // (20 + 4*35 + 80) / 6 = 40
    s["B1"] = score{uncertainty::range, 0, 40, 60, 0, ""};         // (40 + 60) / 2 = 50
    s["B2"] = score{uncertainty::normal, 30, 0, 0, 5, ""};         // mean 30
    const auto r = appraise(m);
    CHECK(r.values(0, 2) == Approx(40.0).margin(1e-12));
    CHECK(r.totals[0] == Approx(66.0).margin(1e-12));
}

TEST_CASE("relative scales: best 100, worst 0, over the chosen basis", "[analysis][values]") {
    auto m = two_level_model();
    m.criteria[4].scale = scale_type::relative;  // B1: O1 50, O2 90, O3 40
    m.criteria[5].scale = scale_type::relative;  // B2 (lower is better): O1 30, O2 10, O3 60

    SECTION("every option defines the ends (default)") {
        const auto r = appraise(m);
        CHECK(r.values(0, 4) == Approx(20.0).margin(1e-12));  // (50-40)/(90-40)
        CHECK(r.values(1, 4) == Approx(100.0).margin(1e-12));
        CHECK(r.values(2, 4) == Approx(0.0).margin(1e-12));
        CHECK(r.values(0, 5) == Approx(60.0).margin(1e-12));  // (60-30)/(60-10)
        CHECK(r.values(1, 5) == Approx(100.0).margin(1e-12));
        CHECK(r.values(2, 5) == Approx(0.0).margin(1e-12));
        // O1 total: .6*70 + .4*(.5*20 + .5*60) = 42 + 16 = 58
        CHECK(r.totals[0] == Approx(58.0).margin(1e-12));
    }
    SECTION("only the short list defines the ends") {
        // Discount O3 with an attribute gate; O1 (business as usual) and O2 remain.
        m.attributes = {{"regulator_support", "Regulator support", attribute_type::boolean, ""}};
        gate g;
        g.id = "G1";
        g.attribute = "regulator_support";
        g.values = {true};
        m.gates = {g};
        m.options[0].attributes["regulator_support"] = true;
        m.options[1].attributes["regulator_support"] = true;
        m.options[2].attributes["regulator_support"] = false;
        appraise_options opts;
        opts.relative_scale_basis = relative_basis::shortlist;
        const auto r = appraise(m, opts);
        CHECK(r.values(0, 4) == Approx(0.0).margin(1e-12));    // B1: 50 is now the worst
        CHECK(r.values(1, 4) == Approx(100.0).margin(1e-12));  // 90 the best
        CHECK(r.values(0, 5) == Approx(0.0).margin(1e-12));    // B2: 30 is now the worst
        CHECK(r.values(1, 5) == Approx(100.0).margin(1e-12));
        CHECK(r.totals[0] == Approx(42.0).margin(1e-12));      // .6*70 + .4*0
    }
    SECTION("all options scoring the same get 100") {
        for (auto& o : m.options) o.scores["B1"].value = 55;
        const auto r = appraise(m);
        for (int o = 0; o < 3; ++o) CHECK(r.values(o, 4) == 100.0);
    }
}

TEST_CASE("a shortlisted option must be scored on every leaf", "[analysis][values]") {
    auto m = two_level_model();
    m.options[1].scores.erase("B1");
    REQUIRE_THROWS_MATCHES(appraise(m), invalid_input,
                           Catch::Matchers::Message("[adva.appraise.missing_score] /options/1/scores/B1: an option on the "
                                                    "short list needs a score on every leaf criterion (seen: no score)"));
    try {
        appraise(m);
    } catch (const invalid_input& e) {
        CHECK(e.id() == "adva.appraise.missing_score");
        CHECK(e.where() == "/options/1/scores/B1");
    }
}
