// Switching values of the value-for-money comparison: a case worked by hand, then every switch of
// random comparisons (with ties of cost and benefit) checked against the frontier recomputed on
// either side of it.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "adva/analysis/switching_values.hpp"
#include "adva/analysis/value_for_money.hpp"

using namespace adva;

namespace {

std::vector<value_for_money_entry> entries(const std::vector<std::pair<double, double>>& cost_benefit) {
    std::vector<value_for_money_entry> out;
    for (std::size_t k = 0; k < cost_benefit.size(); ++k) {
        value_for_money_entry e;
        e.option = std::string(1, char('A' + k));
        e.npv_cost = cost_benefit[k].first;
        e.benefit = cost_benefit[k].second;
        out.push_back(e);
    }
    return out;
}

// Which entries are on the frontier when entry i's NPC is `cost` (mark_frontier, the appraisal's own).
std::vector<bool> frontier_with(std::vector<value_for_money_entry> e, std::size_t i, double cost) {
    e[i].npv_cost = cost;
    mark_frontier(e);
    std::vector<bool> on;
    for (const auto& x : e) on.push_back(x.on_frontier);
    return on;
}

}  // namespace

TEST_CASE("switching values of a four-option comparison, worked by hand", "[switching]") {
    // A £10m/40, B £15m/60, C £20m/55 (B dominates it), D £25m/80: the frontier is A, B, D.
    const auto v = switching_values(entries({{10e6, 40}, {15e6, 60}, {20e6, 55}, {25e6, 80}}));
    REQUIRE(v.size() == 4);
    // A leaves the frontier once its NPC reaches B's (+£5m, +50%); nothing changes when it falls.
    CHECK(v[0].on_frontier);
    CHECK(v[0].frontier.change == 5e6);
    CHECK(v[0].frontier.percent == Approx(50.0));
    CHECK_FALSE(v[0].frontier.joins);
    CHECK(v[0].ranking_up.affected == "A");
    CHECK(v[0].ranking_up.change == 5e6);
    CHECK_FALSE(v[0].ranking_down.exists());
    // B leaves once it costs D's (+£10m); before that, at +£5m, C (dominated by B alone) joins; at
    // −£5m B dominates A.
    CHECK(v[1].frontier.change == 10e6);
    CHECK(v[1].frontier.percent == Approx(200.0 / 3.0));
    CHECK(v[1].ranking_up.change == 5e6);
    CHECK(v[1].ranking_up.affected == "C");
    CHECK(v[1].ranking_up.joins);
    CHECK(v[1].ranking_down.change == -5e6);
    CHECK(v[1].ranking_down.affected == "A");
    CHECK_FALSE(v[1].ranking_down.joins);
    // C joins once it costs less than B (−£5m, −25%), before it would push A off (−£10m).
    CHECK_FALSE(v[2].on_frontier);
    CHECK(v[2].frontier.change == -5e6);
    CHECK(v[2].frontier.percent == Approx(-25.0));
    CHECK(v[2].frontier.joins);
    CHECK(v[2].ranking_down.affected == "C");
    CHECK_FALSE(v[2].ranking_up.exists());
    // D, the most valuable, never leaves; at −£10m it dominates B.
    CHECK_FALSE(v[3].frontier.exists());
    CHECK(std::isnan(v[3].frontier.percent));
    CHECK_FALSE(v[3].ranking_up.exists());
    CHECK(v[3].ranking_down.change == -10e6);
    CHECK(v[3].ranking_down.affected == "B");
}

TEST_CASE("equal benefit and cost switch at any change; a zero NPC has no percentage", "[switching]") {
    // A and B identical: both on the frontier, and any rise of either pushes it off, any fall pushes
    // the other off.
    const auto v = switching_values(entries({{0.0, 50}, {0.0, 50}}));
    CHECK(v[0].on_frontier);
    CHECK(v[0].frontier.change == 0.0);
    CHECK(std::isnan(v[0].frontier.percent));
    CHECK(v[0].ranking_down.change == 0.0);
    CHECK(v[0].ranking_down.affected == "B");
}

TEST_CASE("every switching value of random comparisons is where the frontier first changes", "[switching]") {
    std::mt19937_64 rng(20261204);
    std::uniform_int_distribution<int> small(0, 6);   // few distinct values: many ties
    std::uniform_int_distribution<int> size(1, 7);
    for (int round = 0; round < 400; ++round) {
        std::vector<std::pair<double, double>> cb(std::size_t(size(rng)));
        for (auto& x : cb) x = {double(small(rng)), double(small(rng))};
        const auto e = entries(cb);
        const auto v = switching_values(e);
        for (std::size_t i = 0; i < e.size(); ++i) {
            INFO("round " << round << ", option " << e[i].option);
            const double c = e[i].npv_cost;
            const auto base = frontier_with(e, i, c);
            CHECK(v[i].on_frontier == base[i]);
            // Costs are whole numbers, so the frontier is constant between them: check every half step.
            const auto first_change = [&](double direction, bool own) {
                for (double step = 0.5; step <= 10.0; step += 0.5) {
                    const auto f = frontier_with(e, i, c + direction * step);
                    if (own ? f[i] != base[i] : f != base) return direction * std::floor(step);
                }
                return direction * std::numeric_limits<double>::infinity();
            };
            const double up = first_change(+1, false), down = first_change(-1, false);
            CHECK(v[i].ranking_up.change == up);
            CHECK(v[i].ranking_down.change == down);
            CHECK(v[i].frontier.change == first_change(base[i] ? +1 : -1, true));
            // The named option's membership is the one that flips there.
            if (v[i].ranking_up.exists()) {
                const auto f = frontier_with(e, i, c + up + 0.5);
                const std::size_t k = std::size_t(v[i].ranking_up.affected[0] - 'A');
                CHECK(f[k] != base[k]);
                CHECK(f[k] == v[i].ranking_up.joins);
            }
            if (v[i].ranking_down.exists()) {
                const auto f = frontier_with(e, i, c + down - 0.5);
                const std::size_t k = std::size_t(v[i].ranking_down.affected[0] - 'A');
                CHECK(f[k] != base[k]);
                CHECK(f[k] == v[i].ranking_down.joins);
            }
        }
    }
}

TEST_CASE("too many options for switching values is a clear error", "[switching]") {
    std::vector<value_for_money_entry> many(max_switching_value_options + 1);
    try {
        switching_values(many);
        FAIL("no error");
    } catch (const computation_error& e) {
        CHECK(e.id() == "adva.economics.too_many_options");
        CHECK(std::string(e.what()).find("at most 20000 options with costs") != std::string::npos);
    }
}
