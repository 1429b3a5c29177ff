// Value for money: NPV of costs, benefit per £m, the efficiency frontier and incremental benefit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "adva/analysis/appraise.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;
using adva::testing::make_option;
using adva::testing::two_level_model;

namespace {
cost_line one_off(double amount, int year) {
    cost_line c;
    c.name = "One-off";
    c.kind = cost_kind::one_off;
    c.amount = amount;
    c.year = year;
    return c;
}
cost_line recurring(double amount, int year, int end_year = -1) {
    cost_line c;
    c.name = "Running";
    c.kind = cost_kind::recurring;
    c.amount = amount;
    c.year = year;
    c.end_year = end_year;
    return c;
}
}  // namespace

TEST_CASE("NPV of costs: year 0 undiscounted, recurring lines to the end of the horizon", "[analysis][vfm]") {
    appraisal_context ctx;
    ctx.horizon_years = 5;  // years 0..4 at 3.5%
    // 1/1.035^t for t = 1..4: 0.966183575, 0.933510700, 0.901942706, 0.871442228 (sum 3.673079209)
    CHECK(npv({one_off(1e6, 0)}, ctx) == 1e6);
    CHECK(npv({one_off(1e6, 0), recurring(1e5, 1)}, ctx) == Approx(1367307.9208612).margin(1e-6));
    // Explicit end year: 100/1.035^2 + 100/1.035^3 = 93.3510700 + 90.1942706
    CHECK(npv({recurring(100, 2, 3)}, ctx) == Approx(183.5453406).margin(1e-6));
    // Costs beyond the horizon do not count.
    CHECK(npv({one_off(1e6, 7)}, ctx) == 0.0);
}

TEST_CASE("the Green Book declining schedule compounds year by year", "[analysis][vfm]") {
    appraisal_context ctx;
    ctx.horizon_years = 40;
    ctx.discount_schedule = discounting::green_book_declining;
    // Year 35: 3.5% for years 1..30, then 3.0% for 31..35: 1e6 / (1.035^30 * 1.03^5) = 307328.8867
    CHECK(npv({one_off(1e6, 35)}, ctx) == Approx(307328.886672).margin(1e-5));
    ctx.discount_schedule = discounting::constant;  // 1e6 / 1.035^35 = 299976.8617
    CHECK(npv({one_off(1e6, 35)}, ctx) == Approx(299976.861658).margin(1e-5));
    // Years up to 30 are the same under both schedules.
    appraisal_context gb = ctx;
    gb.discount_schedule = discounting::green_book_declining;
    CHECK(npv({recurring(1, 0, 30)}, gb) == Approx(npv({recurring(1, 0, 30)}, ctx)).epsilon(1e-15));
}

TEST_CASE("value for money over the short list: per £m, frontier, incremental", "[analysis][vfm]") {
    auto m = two_level_model();  // totals O1 66, O2 78, O3 64
    m.context.horizon_years = 5;
    m.options[0].costs = {one_off(1e6, 0), recurring(1e5, 1)};  // NPV 1,367,307.92
    m.options[1].costs = {one_off(2e6, 0)};                     // NPV 2,000,000
    m.options[2].costs = {recurring(5e5, 0, 2)};                // 5e5 * (1 + .966183575 + .933510700) = 1,449,847.14
    m.options.push_back(make_option("O4", {{"A1", 10}, {"A2", 10}, {"B1", 10}, {"B2", 90}}));  // no costs
    const auto r = appraise(m);

    REQUIRE(r.value_for_money.size() == 3);
    CHECK(std::find(r.warnings.begin(), r.warnings.end(), "option O4 has no costs: left out of value for money") !=
          r.warnings.end());

    const auto& o1 = r.value_for_money[0];
    const auto& o2 = r.value_for_money[1];
    const auto& o3 = r.value_for_money[2];
    CHECK(o1.option == "O1");
    CHECK(o1.npv_cost == Approx(1367307.9208612).margin(1e-6));
    CHECK(o1.benefit == Approx(66.0).margin(1e-12));
    CHECK(o1.benefit_per_cost == Approx(48.2700341255).margin(1e-8));  // 66 / 1.3673079
    CHECK(o2.benefit_per_cost == Approx(39.0).margin(1e-12));          // 78 / 2.0
    CHECK(o3.npv_cost == Approx(1449847.1376228).margin(1e-6));

    // O3 costs more than O1 for less benefit: off the frontier. O1 and O2 are efficient.
    CHECK(o1.on_frontier);
    CHECK(o2.on_frontier);
    CHECK_FALSE(o3.on_frontier);
    // Along the frontier: O1 first (0), then O2: (78 - 66) / (2.0 - 1.3673079) = 18.96657 per £m.
    CHECK(o1.incremental_benefit_per_cost == 0.0);
    CHECK(o2.incremental_benefit_per_cost == Approx(18.966572201).margin(1e-8));
    CHECK(o3.incremental_benefit_per_cost == 0.0);
}

TEST_CASE("a costless option has infinite benefit per cost and dominates dearer, worse options", "[analysis][vfm]") {
    std::vector<value_for_money_entry> e(3);
    e[0].option = "free";
    e[0].benefit = 40;
    e[1].option = "dear";
    e[1].npv_cost = 3e6;
    e[1].benefit = 70;
    e[2].option = "worse";
    e[2].npv_cost = 1e6;
    e[2].benefit = 40;  // same benefit as "free" for more cost: dominated
    mark_frontier(e);
    CHECK(std::isinf(e[0].benefit_per_cost));
    CHECK(e[0].on_frontier);
    CHECK(e[1].on_frontier);
    CHECK_FALSE(e[2].on_frontier);
    CHECK(e[1].incremental_benefit_per_cost == Approx(10.0).margin(1e-12));  // 30 points for £3m
}
