// Stakeholder comparison (Kendall's tau-b) and method comparison on the two-level test model.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "adva/analysis/compare.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;

TEST_CASE("Kendall's tau-b with and without ties") {
    // (1,2,3) vs (1,3,2): 2 concordant, 1 discordant → 1/3.
    CHECK(kendall_tau_b({1, 2, 3}, {1, 3, 2}) == Approx(1.0 / 3.0));
    // (1,1,2) vs (1,2,3): one tie in x; n_c = 2 → 2/√(2·3).
    CHECK(kendall_tau_b({1, 1, 2}, {1, 2, 3}) == Approx(2.0 / std::sqrt(6.0)));
    CHECK(std::isnan(kendall_tau_b({5, 5}, {1, 2})));
}

TEST_CASE("rankings per group, the consensus and where the winner differs") {
    auto model = testing::two_level_model();
    // finance: A 1, B 0 → O1 70, O2 70, O3 80 (winner O3); staff: A 0.1, B 0.9 → 61, 88, 44.
    // Consensus (arithmetic mean): A 0.55, B 0.45 → 65.5, 79, 62 (winner O2).
    testing::add_top_level_answers(model, {{"finance", 1, 100, 0}, {"staff", 1, 10, 90}});
    const auto s = compare_stakeholders(model);
    CHECK(s.consensus.winners == std::vector<std::string>{"O2"});
    REQUIRE(s.groups.size() == 2);
    CHECK(s.groups[0].winners == std::vector<std::string>{"O3"});
    CHECK(s.groups[0].winner_differs);
    CHECK_FALSE(s.groups[1].winner_differs);
    CHECK(s.groups_with_different_winner == std::vector<std::string>{"finance"});
    REQUIRE(s.kendall.size() == 3);
    // finance/staff: (O1,O2) tied for finance; (O1,O3), (O2,O3) discordant → −2/√6.
    CHECK(s.kendall[0].a == "finance");
    CHECK(s.kendall[0].b == "staff");
    CHECK(s.kendall[0].tau_b == Approx(-2.0 / std::sqrt(6.0)));
    CHECK(s.kendall[1].b == "consensus");
    CHECK(s.kendall[1].tau_b == Approx(-2.0 / std::sqrt(6.0)));
    CHECK(s.kendall[2].a == "staff");
    CHECK(s.kendall[2].tau_b == Approx(1.0));
    CHECK(s.kendall[2].options == 3);
}

TEST_CASE("methods on the leaf value matrix with the global leaf weights") {
    // Leaf values O1 (80,40,50,70), O2 (60,100,90,90), O3 (100,20,40,40); weights .45 .15 .2 .2.
    // Reference numbers (numpy): WPM 63.90, 76.18, 54.45; TOPSIS vector .3996, .5637, .4363;
    // TOPSIS min-max .4580, .4157, .5843; VIKOR Q .55, .5, .3922; PROMETHEE II phi 0, .1, −.1.
    const auto model = testing::two_level_model();
    const auto c = compare_methods(model, appraise(model));
    REQUIRE(c.methods.size() == 6);
    CHECK(c.options == std::vector<std::string>{"O1", "O2", "O3"});
    const auto& additive = c.methods[0];
    CHECK(additive.scores[1] == Approx(78));
    CHECK(additive.winners == std::vector<std::string>{"O2"});
    CHECK(c.methods[1].scores[0] == Approx(63.90180148));
    CHECK(c.methods[1].winners == std::vector<std::string>{"O2"});
    CHECK(c.methods[2].scores[1] == Approx(0.56371783));
    CHECK(c.methods[3].scores[2] == Approx(0.58429705));
    CHECK(c.methods[3].winners == std::vector<std::string>{"O3"});
    CHECK_FALSE(c.methods[3].same_winner_as_additive);
    CHECK(c.methods[4].scores[2] == Approx(0.39215686));
    CHECK(c.methods[4].winners == std::vector<std::string>{"O3"});
    CHECK(c.methods[5].scores[1] == Approx(0.1));
    CHECK(c.methods[5].ranks == std::vector<int>{2, 1, 3});
    CHECK_FALSE(c.winner_agrees);
}

TEST_CASE("a method that cannot run is reported with its reason") {
    auto model = testing::two_level_model();
    model.options[2].scores["A2"].value = 0;  // a value of 0: the weighted product is undefined
    const auto c = compare_methods(model, appraise(model));
    CHECK_FALSE(c.methods[1].applicable);
    CHECK(c.methods[1].reason.find("[adva.methods.wpm_nonpositive] /matrix/2/1") == 0);
    CHECK(c.methods[1].same_winner_as_additive);  // not counted against agreement
}
