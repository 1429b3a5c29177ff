// Weights from the question set: per stakeholder group, the consensus rules, group selection.
#include <catch2/catch.hpp>

#include <cmath>

#include "adva/analysis/appraise.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;
using adva::testing::add_top_level_answers;
using adva::testing::two_level_model;

namespace {
// Top level answered by members (influence 2: A 100, B 50) and staff (influence 1: A 50, B 100).
// Locals: members A 2/3, B 1/3; staff A 1/3, B 2/3. Below A and B the direct weights hold
// (A1 .75, A2 .25, B1 .5, B2 .5), so the node values are those of the fixture:
// A = 70 / 70 / 80 and B = 60 / 90 / 40 for O1 / O2 / O3.
appraisal answered_model() {
    auto m = two_level_model();
    add_top_level_answers(m, {{"members", 2.0, 100, 50}, {"staff", 1.0, 50, 100}});
    return m;
}
constexpr std::size_t A = 0, A1 = 1, A2 = 2, B = 3;
}  // namespace

TEST_CASE("each answering group gets its own swing weights, normalised within the parent", "[analysis][weights]") {
    const auto groups = group_weights(answered_model());
    REQUIRE(groups.size() == 2);
    CHECK(groups[0].name == "members");
    CHECK(groups[0].local[A] == Approx(2.0 / 3).margin(1e-15));
    CHECK(groups[0].local[B] == Approx(1.0 / 3).margin(1e-15));
    CHECK(groups[0].local[A1] == Approx(0.75).margin(1e-15));      // direct weight 3 of 4
    CHECK(groups[0].global[A1] == Approx(0.5).margin(1e-15));      // 2/3 * .75
    CHECK(groups[1].name == "staff");
    CHECK(groups[1].local[A] == Approx(1.0 / 3).margin(1e-15));
    CHECK(groups[1].global[A2] == Approx(1.0 / 12).margin(1e-15));  // 1/3 * .25
}

TEST_CASE("a model without answers uses the direct weights as the consensus", "[analysis][weights]") {
    const auto m = two_level_model();
    CHECK(group_weights(m).empty());
    const auto w = consensus_weights(m);
    CHECK(w.name == "consensus");
    CHECK(w.local[A] == Approx(0.6).margin(1e-15));
    CHECK(w.global[A1] == Approx(0.45).margin(1e-15));
}

TEST_CASE("consensus rules combine local weights with group influence", "[analysis][weights]") {
    auto m = answered_model();
    SECTION("arithmetic mean") {
        // A = (2 * 2/3 + 1 * 1/3) / 3 = 5/9, B = 4/9
        const auto w = consensus_weights(m);
        CHECK(w.local[A] == Approx(5.0 / 9).margin(1e-15));
        CHECK(w.local[B] == Approx(4.0 / 9).margin(1e-15));
        const auto r = appraise(m);
        CHECK(r.weights_name == "consensus");
        CHECK(r.totals[0] == Approx(590.0 / 9).margin(1e-12));  // 5/9*70 + 4/9*60
        CHECK(r.totals[1] == Approx(710.0 / 9).margin(1e-12));  // 5/9*70 + 4/9*90
        CHECK(r.totals[2] == Approx(560.0 / 9).margin(1e-12));  // 5/9*80 + 4/9*40
    }
    SECTION("geometric mean (renormalised)") {
        // A ∝ (2/3)^(2/3) (1/3)^(1/3), B ∝ (1/3)^(2/3) (2/3)^(1/3): A/B = 2^(1/3),
        // so A = 2^(1/3) / (1 + 2^(1/3)) = 0.5575034..., B = 1 / (1 + 2^(1/3)).
        m.consensus.method = consensus_method::geometric_mean;
        const auto w = consensus_weights(m);
        const double c = std::cbrt(2.0);
        CHECK(w.local[A] == Approx(c / (1 + c)).margin(1e-14));
        CHECK(w.local[B] == Approx(1 / (1 + c)).margin(1e-14));
        CHECK(w.local[A] == Approx(0.5575034).margin(1e-7));
    }
    SECTION("lead group") {
        m.consensus.method = consensus_method::lead_group;
        m.consensus.lead_group = "staff";
        const auto r = appraise(m);
        CHECK(r.weights.local[A] == Approx(1.0 / 3).margin(1e-15));
        CHECK(r.totals[0] == Approx(190.0 / 3).margin(1e-12));  // 70/3 + 2*60/3
    }
}

TEST_CASE("a geometric-mean consensus that zeroes every child of a node is an error", "[analysis][weights]") {
    // Members give B no weight and staff give A none: each top-level node is zeroed by some group.
    auto m = two_level_model();
    add_top_level_answers(m, {{"members", 2.0, 100, 0}, {"staff", 1.0, 0, 100}});
    m.consensus.method = consensus_method::geometric_mean;
    REQUIRE_THROWS_MATCHES(consensus_weights(m), invalid_input,
                           Catch::Matchers::Message("[adva.appraise.zero_weights] /consensus: the consensus gives zero weight to "
                                                    "every child of the top level (under the geometric mean each is weighted "
                                                    "zero by some group)"));
    m.consensus.method = consensus_method::arithmetic_mean;  // the mean keeps both
    CHECK(consensus_weights(m).local[A] == Approx(2.0 / 3).margin(1e-15));
}

TEST_CASE("nodes a group did not weigh take the direct weight, else the other groups' swings", "[analysis][weights]") {
    auto m = answered_model();
    // Staff alone answer a question on A's children: A1 100, A2 100 (members stay silent).
    question q;
    q.id = "Q2";
    q.text = "Within A, how do A1 and A2 compare?";
    q.kind = question_kind::weight;
    q.criteria = {"A1", "A2"};
    answer a;
    a.group = "staff";
    a.by = "Staff forum";
    a.text = "Equally important";
    a.swing = {{"A1", 100}, {"A2", 100}};
    q.answers = {a};
    m.functions[0].questions.push_back(q);

    SECTION("direct weight fallback; the consensus averages members' .75 with staff's .5") {
        const auto groups = group_weights(m);
        CHECK(groups[0].local[A1] == Approx(0.75).margin(1e-15));  // members: direct 3 : 1
        CHECK(groups[1].local[A1] == Approx(0.5).margin(1e-15));   // staff: 100 : 100
        // (2 * .75 + 1 * .5) / 3 = 2/3
        CHECK(consensus_weights(m).local[A1] == Approx(2.0 / 3).margin(1e-15));
    }
    SECTION("without direct weights, silent groups take the swings of those who answered") {
        m.criteria[A1].weight.reset();
        m.criteria[A2].weight.reset();
        const auto groups = group_weights(m);
        CHECK(groups[0].local[A1] == Approx(0.5).margin(1e-15));
    }
}

TEST_CASE("appraise_options::group selects one group's weights", "[analysis][weights]") {
    const auto m = answered_model();
    appraise_options opts;
    opts.group = "members";
    const auto r = appraise(m, opts);
    CHECK(r.weights_name == "members");
    // A 2/3, B 1/3: O1 = 2/3*70 + 1/3*60 = 200/3, O2 = 230/3, O3 = 2/3*80 + 1/3*40 = 200/3
    CHECK(r.totals[0] == Approx(200.0 / 3).margin(1e-12));
    CHECK(r.totals[1] == Approx(230.0 / 3).margin(1e-12));
    CHECK(r.totals[2] == Approx(200.0 / 3).margin(1e-12));
    // O1 and O3 tie under the members' weights: both rank 2.
    REQUIRE(r.ranking.size() == 3);
    CHECK(r.ranking[0].option == "O2");
    CHECK(r.ranking[1].rank == 2);
    CHECK(r.ranking[2].rank == 2);
    CHECK(r.ranking[1].tied);
    CHECK(r.ranking[2].tied);
    CHECK_FALSE(r.ranking[0].tied);

    opts.group = "nobody";
    REQUIRE_THROWS_MATCHES(appraise(m, opts), invalid_input,
                           Catch::Matchers::Message("[adva.appraise.unknown_group] group: the weights must come from a "
                                                    "declared stakeholder group, or the consensus (known, closest first: members, staff) (seen: \"nobody\")"));
}
