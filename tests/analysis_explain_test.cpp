// explain(a, b): the gap between two options by leaf criterion, largest first, summing to the total.
#include <catch2/catch.hpp>

#include <cmath>

#include "adva/analysis/appraise.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;
using adva::testing::two_level_model;

TEST_CASE("explain breaks the gap down by leaf, largest first", "[analysis][explain]") {
    const auto r = appraise(two_level_model());
    // O1 (80, 40, 50, 70) vs O3 (100, 20, 40, 40) on A1 A2 B1 B2 (values), global .45 .15 .2 .2:
    // A1 .45*(80-100) = -9, A2 .15*20 = 3, B1 .2*10 = 2, B2 .2*30 = 6; total 66 - 64 = 2.
    const auto e = r.explain("O1", "O3");
    CHECK(e.a == "O1");
    CHECK(e.b == "O3");
    CHECK(e.total_a == Approx(66.0).margin(1e-12));
    CHECK(e.total_b == Approx(64.0).margin(1e-12));
    CHECK(e.gap == Approx(2.0).margin(1e-12));
    REQUIRE(e.lines.size() == 4);
    CHECK(e.lines[0].criterion == "A1");
    CHECK(e.lines[0].contribution_gap == Approx(-9.0).margin(1e-12));
    CHECK(e.lines[0].weight == Approx(0.45).margin(1e-15));
    CHECK(e.lines[0].value_a == 80.0);
    CHECK(e.lines[0].value_b == 100.0);
    CHECK(e.lines[1].criterion == "B2");
    CHECK(e.lines[1].contribution_gap == Approx(6.0).margin(1e-12));
    CHECK(e.lines[1].value_a == Approx(70.0).margin(1e-12));  // lower is better: 100 - 30
    CHECK(e.lines[2].criterion == "A2");
    CHECK(e.lines[3].criterion == "B1");
    double sum = 0;
    for (const auto& l : e.lines) sum += l.contribution_gap;
    CHECK(sum == Approx(e.gap).margin(1e-12));

    // The reverse question flips every sign and keeps the order.
    const auto back = r.explain("O3", "O1");
    CHECK(back.gap == Approx(-2.0).margin(1e-12));
    CHECK(back.lines[0].criterion == "A1");
    CHECK(back.lines[0].contribution_gap == Approx(9.0).margin(1e-12));
}

TEST_CASE("equal gaps keep model order", "[analysis][explain]") {
    // O2 vs O1: A1 -9, A2 +9, B1 +8, B2 +4 (sum 12 = 78 - 66).
    const auto e = appraise(two_level_model()).explain("O2", "O1");
    CHECK(e.lines[0].criterion == "A1");
    CHECK(e.lines[1].criterion == "A2");
    CHECK(e.lines[2].criterion == "B1");
    CHECK(e.gap == Approx(12.0).margin(1e-12));
}

TEST_CASE("explain rejects unknown options", "[analysis][explain]") {
    const auto r = appraise(two_level_model());
    REQUIRE_THROWS_MATCHES(r.explain("O1", "nope"), invalid_input,
                           Catch::Matchers::Message("[adva.explain.unknown_option] B: explain needs the id of an option in "
                                                    "the appraisal (known, closest first: O1, O2, O3) (seen: \"nope\")"));
    REQUIRE_THROWS_MATCHES(r.explain("", "O1"), invalid_input,
                           Catch::Matchers::Message("[adva.explain.unknown_option] A: explain needs the id of an option in "
                                                    "the appraisal (known, closest first: O1, O2, O3) (seen: \"\")"));
}

TEST_CASE("an unknown id lists the known ones, closest first and bounded", "[analysis][explain]") {
    CHECK(adva::id_distance("trust", "Trust") == 0);
    CHECK(adva::id_distance("O6", "O7") == 1);
    CHECK(adva::known_ids_text("O7", {"A", "O6", "B", "O1"}) == "known, closest first: O6, O1, A, B");
    CHECK(adva::known_ids_text("x", {}) == "known: none");
    std::vector<std::string> many;
    for (int i = 0; i < 20; ++i) many.push_back("C" + std::to_string(i));
    CHECK(adva::known_ids_text("C17", many, 3) == "known, closest first: C17, C1, C7, … (17 more)");
    // A hostile id is cut to 64 characters before comparing.
    CHECK(adva::id_distance(std::string(100000, 'a'), "b") == 64);
}
