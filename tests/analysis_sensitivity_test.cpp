// One-way weight sensitivity and score thresholds on the two-level test model
// (tests/analysis_fixtures.hpp): A (0.6) -> A1 0.75, A2 0.25; B (0.4) -> B1 0.5, B2 0.5.
// Node values: A = O1 70, O2 70, O3 80;  B = O1 60, O2 90, O3 40;  totals 66, 78, 64.
#include <catch2/catch.hpp>

#include <string>

#include "adva/analysis/sensitivity.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;
using Catch::Matchers::Message;

namespace {
const sensitivity_line& line(const node_sensitivity& n, const std::string& option) {
    for (const auto& l : n.lines)
        if (l.option == option) return l;
    FAIL("no line for " << option);
    return n.lines.front();
}
}  // namespace

TEST_CASE("top-level node: lines, crossovers and stability intervals computed exactly") {
    const auto model = testing::two_level_model();
    const auto r = appraise(model);
    const auto s = one_way_sensitivity(model, r, "A");
    // w_A = x, w_B = 1 − x:  O1 = 60 + 10x,  O2 = 90 − 20x,  O3 = 40 + 40x.
    CHECK(s.weight == Approx(0.6));
    CHECK(s.movable);
    CHECK_FALSE(s.equal_share_fallback);
    REQUIRE(s.lines.size() == 3);
    CHECK(s.lines[0].option == "O2");  // ranking order
    CHECK(line(s, "O1").at_zero == Approx(60));
    CHECK(line(s, "O1").at_one == Approx(70));
    CHECK(line(s, "O2").at_zero == Approx(90));
    CHECK(line(s, "O2").at_one == Approx(70));
    CHECK(line(s, "O3").at_current == Approx(64));
    // Crossings: O1/O3 at 2/3 (total 66.67), O2/O3 at 5/6 (73.33), O1/O2 at 1 (70).
    REQUIRE(s.crossovers.size() == 3);
    CHECK(s.crossovers[0].a == "O1");
    CHECK(s.crossovers[0].b == "O3");
    CHECK(s.crossovers[0].weight == Approx(2.0 / 3.0));
    CHECK(s.crossovers[0].total == Approx(200.0 / 3.0));
    CHECK_FALSE(s.crossovers[0].involves_winner);
    CHECK(s.crossovers[0].leads_above == "O3");
    CHECK(s.crossovers[1].a == "O2");
    CHECK(s.crossovers[1].b == "O3");
    CHECK(s.crossovers[1].weight == Approx(5.0 / 6.0));
    CHECK(s.crossovers[1].involves_winner);
    CHECK(s.crossovers[1].leads_above == "O3");
    CHECK(s.crossovers[2].weight == 1.0);  // meets exactly at the end: no rounding
    // O2 stays first while 90 − 20x ≥ 40 + 40x: x ≤ 5/6. Ranking O2 > O1 > O3 holds while x ≤ 2/3.
    CHECK(s.winner_stable.lower == 0.0);
    CHECK(s.winner_stable.upper == Approx(5.0 / 6.0));
    CHECK(s.ranking_stable.lower == 0.0);
    CHECK(s.ranking_stable.upper == Approx(2.0 / 3.0));
}

TEST_CASE("inner node: the parent's global weight scales the lines") {
    const auto model = testing::two_level_model();
    const auto r = appraise(model);
    const auto s = one_way_sensitivity(model, r, "A1");
    // T = C + 0.6 (x A1 + (1 − x) A2) with C = T − 0.6 V_A:
    //   O1 = 48 + 24x,  O2 = 96 − 24x,  O3 = 28 + 48x.
    CHECK(s.parent == "A");
    CHECK(s.parent_global_weight == Approx(0.6));
    CHECK(line(s, "O1").at_zero == Approx(48));
    CHECK(line(s, "O2").at_one == Approx(72));
    CHECK(line(s, "O3").at_one == Approx(76));
    // O2 = O3 at 68/72 = 17/18; O1 = O3 at 20/24 = 5/6.
    CHECK(s.winner_stable.upper == Approx(17.0 / 18.0));
    CHECK(s.ranking_stable.upper == Approx(5.0 / 6.0));
}

TEST_CASE("edge cases: only child, weight 1 with siblings, tie at the current weight") {
    SECTION("an only child cannot move") {
        auto model = testing::two_level_model();
        model.criteria.erase(model.criteria.begin() + 2);  // A2: A1 becomes A's only child
        for (auto& o : model.options) o.scores.erase("A2");
        const auto r = appraise(model);
        const auto s = one_way_sensitivity(model, r, "A1");
        CHECK_FALSE(s.movable);
        CHECK(s.crossovers.empty());
        CHECK(s.winner_stable.lower == 1.0);
        CHECK(s.winner_stable.upper == 1.0);
        CHECK(line(s, "O1").at_zero == line(s, "O1").at_one);
    }
    SECTION("weight 1: siblings share the rest equally") {
        auto model = testing::two_level_model();
        model.criteria[2].weight = 0.0;  // A2: A1 gets local weight 1
        const auto r = appraise(model);
        const auto s = one_way_sensitivity(model, r, "A1");
        CHECK(s.weight == 1.0);
        CHECK(s.equal_share_fallback);
        // A(x) = x A1 + (1 − x) A2;  O3: B = 40, A1 100, A2 20: total(0) = 0.6·20 + 0.4·40 = 28.
        CHECK(line(s, "O3").at_zero == Approx(28));
        CHECK(line(s, "O3").at_one == Approx(76));
    }
    SECTION("options tied now with different slopes: the ranking is stable only at the current weight") {
        auto model = testing::two_level_model();
        // O1: A1 80, A2 80 → A 80; B1 75, B2 25 → B 75; total 48 + 30 = 78 = O2's.
        model.options[0].scores["A2"].value = 80;
        model.options[0].scores["B1"].value = 75;
        model.options[0].scores["B2"].value = 25;
        const auto r = appraise(model);
        const auto s = one_way_sensitivity(model, r, "A");
        // O1 = 75 + 5x, O2 = 90 − 20x: they cross at the current weight 0.6.
        CHECK(s.ranking_stable.lower == Approx(0.6));
        CHECK(s.ranking_stable.upper == Approx(0.6));
        const bool o2_first = s.lines[0].option == "O2";
        CHECK(s.winner_stable.lower == Approx(o2_first ? 0.0 : 0.6));
        CHECK(s.winner_stable.upper == Approx(o2_first ? 0.6 : 1.0));
        const auto whole = sensitivity(model);
        CHECK(whole.tied_winners.size() == 1);
    }
    SECTION("identical lines are coincident, never crossings") {
        auto tied = testing::two_level_model();
        auto copy = tied.options[1];
        copy.id = "O2b";
        tied.options.push_back(copy);
        const auto r = appraise(tied);
        const auto s = one_way_sensitivity(tied, r, "A");
        REQUIRE(s.coincident.size() == 1);
        CHECK(s.coincident[0] == std::pair<std::string, std::string>("O2", "O2b"));
        for (const auto& c : s.crossovers) CHECK_FALSE((c.a == "O2" && c.b == "O2b"));
        CHECK(s.ranking_stable.upper == Approx(2.0 / 3.0));  // they stay tied: no collapse
        CHECK(s.winner_stable.upper == Approx(5.0 / 6.0));
    }
}

TEST_CASE("score thresholds on the value scale and in the score's unit") {
    const auto model = testing::two_level_model();
    const auto r = appraise(model);
    const auto t = score_thresholds(model, r);
    auto find = [&](const std::string& o, const std::string& c) {
        for (const auto& x : t)
            if (x.option == o && x.criterion == c) return x;
        FAIL("missing " << o << "/" << c);
        return score_threshold{};
    };
    // O1 needs +12 total points: on A1 (global 0.45) +26.67 value → 106.67 > 100: none within the scale.
    CHECK_FALSE(find("O1", "A1").value_change.has_value());
    // On B2 (global 0.2): +60 value points → 130: none. On A2 (0.15): +80 → 120: none.
    CHECK_FALSE(find("O1", "A2").value_change.has_value());
    // O3 needs +14: on A2 (0.15) +93.33 → 113.3: none; on B1 (0.2) +70 → 110: none.
    CHECK_FALSE(find("O3", "B1").value_change.has_value());
    // The winner O2 falls to the runner-up O1 (gap 12): on A1 −26.67 (60 → 33.33).
    const auto w = find("O2", "A1");
    REQUIRE(w.value_change);
    CHECK(*w.value_change == Approx(-12.0 / 0.45));
    CHECK(*w.required_score == Approx(60 - 12.0 / 0.45));
    // B2 is lower-is-better (value = 100 − score): a value fall of 60 is a score rise of 60 (10 → 70).
    const auto b2 = find("O2", "B2");
    REQUIRE(b2.value_change);
    CHECK(*b2.value_change == Approx(-60));
    CHECK(*b2.score_change == Approx(60));
    CHECK(*b2.required_score == Approx(70));
}

TEST_CASE("whole-tree sensitivity and its errors") {
    const auto model = testing::two_level_model();
    const auto s = sensitivity(model);
    CHECK(s.winner == "O2");
    CHECK(s.tied_winners.empty());
    CHECK(s.nodes.size() == model.criteria.size());
    CHECK(s.score_thresholds.size() == 3 * 4);
    CHECK(to_string(s.convention) == "proportional_siblings");

    const auto r = appraise(model);
    REQUIRE_THROWS_MATCHES(one_way_sensitivity(model, r, "Z9"), invalid_input,
                           Message("[adva.sensitivity.unknown_node] node: the node must be a criterion of the value tree (known, closest first: A, A1, A2, B, B1, B2) (seen: \"Z9\")"));
    appraise_options o;
    o.group = "nobody";
    REQUIRE_THROWS_MATCHES(sensitivity(model, o), invalid_input,
                           Message("[adva.sensitivity.unknown_group] group: the weights must come from a declared stakeholder group "
                                   "(known: none) (seen: \"nobody\")"));
}
