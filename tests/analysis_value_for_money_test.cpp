// Value for money and the economic case: net present cost by line (optimism bias, savings, profiles,
// nominal prices), benefits, affordability, benefit per £m, the efficiency frontier and incremental benefit.
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
// Net present cost of cost lines on a bare model with this context (the appraisal's own path).
double npv(const std::vector<cost_line>& costs, const appraisal_context& ctx) {
    appraisal m;
    m.context = ctx;
    option o;
    o.id = "O";
    o.costs = costs;
    m.options = {o};
    return option_economic_case(m, 0, discount_factors(ctx), health_discount_factors(ctx.horizon_years)).npc;
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

// --- the economic case -------------------------------------------------------------------------

namespace {
// Five years at 3.5 %: an in-house benchmark and a trust with set-up, fee and saving lines.
appraisal trust_case() {
    appraisal m;
    m.context.horizon_years = 5;
    option bau;
    bau.id = "BAU";
    bau.vehicle = "in_house";
    bau.costs = {recurring(300000, 0)};
    option trust;
    trust.id = "TRUST";
    trust.vehicle = "independent_trust";
    cost_line setup = one_off(1e6, 0);
    setup.id = "setup";
    setup.category = cost_category::capital;
    setup.optimism_bias = "equipment_development";  // 200 %, half mitigated: +100 %
    setup.mitigation = 0.5;
    setup.mitigation_reason = "fixed-price contract";
    cost_line fee = recurring(1e5, 1);
    fee.optimism_bias = "outsourcing";               // +41 %
    cost_line saving = recurring(5e4, 2);
    saving.kind = cost_kind::saving;
    trust.costs = {setup, fee, saving};
    m.options = {bau, trust};
    return m;
}
}  // namespace

TEST_CASE("the economic case: optimism bias by line, mitigation, savings, to the penny", "[analysis][economics]") {
    const auto m = trust_case();
    const auto c = compute_economic_case(m);
    REQUIRE(c.options.size() == 2);
    const auto& t = c.options[1];
    // Before: 1e6 + 1e5 × (DF1..DF4 = 3.673079209) − 5e4 × (DF2..DF4 = 2.706895634)
    CHECK(t.npc_before == Approx(1231963.14).margin(0.005));
    // After: 2e6 + 141e3 × 3.673079209 − 5e4 × 2.706895634 (a saving is never uplifted)
    CHECK(t.npc_after == Approx(2382559.39).margin(0.005));
    CHECK(t.npc == t.npc_after);  // the Green Book basis by default
    CHECK(t.costs[0].uplift == Approx(1.0).epsilon(1e-15));
    CHECK(t.costs[1].uplift == Approx(0.41).epsilon(1e-15));
    CHECK(t.costs[2].uplift == 0.0);
    CHECK(t.costs[2].before[3] == -5e4);          // a saving reduces cost
    CHECK(t.costs[0].id == "setup");
    CHECK(t.costs[1].id == "costs/1");            // an unnamed line is named by its place
    // Capital and revenue apart, by year.
    CHECK(t.capital_after[0] == 2e6);
    CHECK(t.capital_after[1] == 0.0);
    CHECK(t.revenue_after[0] == 0.0);
    CHECK(t.revenue_after[1] == Approx(141000.0).epsilon(1e-15));
    CHECK(t.revenue_after[2] == Approx(91000.0).epsilon(1e-15));
    CHECK(t.revenue_before[4] == 50000.0);
    CHECK(std::isnan(t.npsv));                    // no monetised benefits
    CHECK(std::isnan(t.bcr));
    CHECK_FALSE(c.has_budget);
    CHECK(t.capital_headroom.empty());

    // The other basis is a named setting, and appraise's value for money follows it.
    auto before = m;
    before.economics.basis = cost_basis::before_optimism_bias;
    CHECK(compute_economic_case(before).options[1].npc == Approx(1231963.14).margin(0.005));
}

TEST_CASE("cash flows that overflow a double are adva.economics.overflow, naming the line", "[analysis][economics]") {
    auto m = trust_case();
    m.options[1].costs[1].amount = 1e308;  // the fee, uplifted by 41 %: beyond the largest double
    REQUIRE_THROWS_MATCHES(compute_economic_case(m), computation_error,
                           Catch::Predicate<computation_error>([](const computation_error& e) {
                               return e.id() == "adva.economics.overflow" && e.where() == "/options/1/costs/1";
                           }));
    // Two lines, each finite, whose sum is not: the option is named.
    m = trust_case();
    m.options[0].costs = {one_off(1e308, 0), one_off(1e308, 0)};
    REQUIRE_THROWS_MATCHES(compute_economic_case(m), computation_error,
                           Catch::Predicate<computation_error>([](const computation_error& e) {
                               return e.id() == "adva.economics.overflow" && e.where() == "/options/0/costs";
                           }));
    // appraise reaches the same check through its value for money.
    auto a = two_level_model();
    a.options[0].costs = {recurring(1e308, 0), recurring(1e308, 0)};
    REQUIRE_THROWS_AS(appraise(a), computation_error);
}

TEST_CASE("profiles, nominal prices and the deflator", "[analysis][economics]") {
    appraisal m;
    m.context.horizon_years = 5;
    m.economics.deflator = {"GDP deflator", {100.0, 105.0, 110.25}};
    option o;
    o.id = "O";
    o.vehicle = "in_house";
    cost_line line;
    line.kind = cost_kind::recurring;
    line.year = 1;
    line.profile = {100.0, 210.0};
    line.prices = price_basis::nominal;
    o.costs = {line};
    m.options = {o};
    // Real: 100 × 100/105 in year 1, 210 × 100/110.25 in year 2; then discounted at 3.5 %.
    const auto e = compute_economic_case(m).options[0];
    CHECK(e.revenue_before[1] == Approx(100.0 * 100.0 / 105.0).epsilon(1e-14));
    CHECK(e.revenue_before[2] == Approx(210.0 * 100.0 / 110.25).epsilon(1e-14));
    CHECK(e.revenue_before[3] == 0.0);
    CHECK(e.npc_before == Approx(269.829045296).margin(1e-8));

    // A nominal line the deflator does not cover is refused, naming the line.
    m.economics.deflator.index.pop_back();
    REQUIRE_THROWS_WITH(validate(m, weight_completeness::in_progress),
                        Catch::Contains("/options/0/costs/0/prices") && Catch::Contains("deflator"));
}

TEST_CASE("health and wellbeing benefits use the reduced schedule; NPSV and BCR", "[analysis][economics]") {
    // The reduced schedule: 1.5 % to year 30, then 1.29 %.
    const auto h = health_discount_factors(41);
    CHECK(h[30] == Approx(0.63976242990649).epsilon(1e-13));
    CHECK(h[31] == Approx(0.63161460154654).epsilon(1e-13));
    CHECK(h[40] == Approx(0.56279861653982).epsilon(1e-13));

    auto m = trust_case();
    benefit_line b;
    b.name = "Placements avoided";
    b.amount = 2e5;
    b.year = 1;
    m.options[1].benefits = {b};
    auto e = compute_economic_case(m).options[1];
    CHECK(e.present_benefits == Approx(734615.84).margin(0.005));
    CHECK(e.npsv == Approx(734615.84 - 2382559.39).margin(0.01));
    CHECK(e.bcr == Approx(734615.8417224451 / 2382559.386727674).epsilon(1e-12));
    m.options[1].benefits[0].discounting = benefit_discounting::health;
    e = compute_economic_case(m).options[1];
    CHECK(e.present_benefits == Approx(770876.93).margin(0.005));
}

TEST_CASE("affordability against the budget envelope, capital and revenue apart", "[analysis][economics]") {
    auto m = trust_case();
    m.economics.budget = {"MTFP", {1.5e6, 0, 0}, {3e5, 3e5, 3e5, 3e5, 3e5}};
    const auto c = compute_economic_case(m);
    REQUIRE(c.has_budget);
    const auto& bau = c.options[0];
    CHECK(bau.shortfall_years == 0);              // exactly on the revenue envelope
    CHECK(bau.affordable());
    CHECK(bau.revenue_headroom[4] == 0.0);
    CHECK(std::isnan(bau.capital_headroom[3]));   // beyond the capital list: no envelope
    const auto& trust = c.options[1];
    CHECK(trust.capital_headroom[0] == -5e5);     // 2.0m after optimism bias against 1.5m
    CHECK(trust.shortfall_years == 1);
    CHECK(trust.largest_shortfall == 5e5);
    CHECK(trust.revenue_headroom[1] == Approx(159000.0).epsilon(1e-15));
    // Before optimism bias the set-up fits.
    m.economics.basis = cost_basis::before_optimism_bias;
    CHECK(compute_economic_case(m).options[1].affordable());
}

TEST_CASE("appraise's value for money uses the net present cost on the cost basis", "[analysis][economics][vfm]") {
    auto m = two_level_model();
    m.context.horizon_years = 5;
    m.options[0].costs = {one_off(1e6, 0)};
    m.options[0].costs[0].optimism_bias = "outsourcing";
    m.options[1].costs = {one_off(1e6, 0)};
    m.options[2].costs = {one_off(1e6, 0)};
    auto r = appraise(m);
    CHECK(r.value_for_money[0].npv_cost == Approx(1.41e6).epsilon(1e-15));
    CHECK(r.value_for_money[0].npv_cost_before_optimism_bias == 1e6);
    m.economics.basis = cost_basis::before_optimism_bias;
    r = appraise(m);
    CHECK(r.value_for_money[0].npv_cost == 1e6);
}

TEST_CASE("cost criteria are left out of the value-for-money benefit; value added is over the comparator",
          "[analysis][economics][vfm]") {
    auto m = two_level_model();  // global weights A1 .45, A2 .15, B1 .2, B2 .2; O1 is business as usual
    m.context.horizon_years = 5;
    m.criteria[3].measures_cost = true;  // B, and so B1 and B2 under it
    m.options[0].costs = {one_off(1e6, 0)};
    m.options[1].costs = {one_off(2e6, 0)};
    m.options[2].costs = {one_off(3e6, 0)};
    auto r = appraise(m);
    REQUIRE(r.value_for_money.size() == 3);
    CHECK(r.value_for_money_comparator == "O1");
    const auto& o1 = r.value_for_money[0];
    const auto& o2 = r.value_for_money[1];
    const auto& o3 = r.value_for_money[2];
    // Benefit = (.45 A1 + .15 A2) / .6: O1 .75·80 + .25·40 = 70, O2 45 + 25 = 70, O3 75 + 5 = 80.
    CHECK(o1.total_value == Approx(66.0).margin(1e-12));
    CHECK(o1.benefit == Approx(70.0).margin(1e-12));
    CHECK(o2.benefit == Approx(70.0).margin(1e-12));
    CHECK(o3.benefit == Approx(80.0).margin(1e-12));
    CHECK(o1.position == cost_effectiveness::comparator);
    CHECK(o1.value_added == 0.0);
    CHECK(o2.position == cost_effectiveness::dominated);  // no more value for £1m more
    CHECK(o2.extra_cost == 1e6);
    CHECK(std::isnan(o2.value_added_per_extra_cost));
    CHECK(o3.position == cost_effectiveness::more_value_more_cost);
    CHECK(o3.value_added_per_extra_cost == Approx(5.0).margin(1e-12));  // 10 points for £2m more
    CHECK(std::none_of(r.warnings.begin(), r.warnings.end(),
                       [](const std::string& w) { return w.find("counts cost twice") != std::string::npos; }));

    // The total value as benefit is a named choice, and the result says what it double counts.
    m.economics.benefit = vfm_benefit::total_value;
    r = appraise(m);
    CHECK(r.value_for_money[0].benefit == r.value_for_money[0].total_value);
    CHECK(std::any_of(r.warnings.begin(), r.warnings.end(), [](const std::string& w) {
        return w.find("counts cost twice") != std::string::npos && w.find("B1, B2") != std::string::npos;
    }));

    // Without the named comparator on the short list: no differences, and a warning.
    m.economics.comparator = vfm_comparator::do_minimum;
    r = appraise(m);
    CHECK(r.value_for_money_comparator.empty());
    CHECK(r.value_for_money[2].position == cost_effectiveness::no_comparator);
    CHECK(std::isnan(r.value_for_money[2].value_added));
    CHECK(std::any_of(r.warnings.begin(), r.warnings.end(),
                      [](const std::string& w) { return w.find("no do-minimum option with costs") != std::string::npos; }));
}

TEST_CASE("every position on the cost-effectiveness plane", "[analysis][economics][vfm]") {
    const auto entry = [](const char* id, double benefit, double cost) {
        value_for_money_entry e;
        e.option = id;
        e.benefit = benefit;
        e.npv_cost = cost;
        return e;
    };
    std::vector<value_for_money_entry> e = {entry("BAU", 50, 1e6), entry("NE", 60, 2e6), entry("SW", 40, 0.5e6),
                                            entry("SE", 55, 0.8e6), entry("NW", 45, 1.5e6), entry("SAME", 50, 1e6),
                                            entry("FREE", 50, 0.9e6)};
    compare_with(e, 0);
    CHECK(e[0].position == cost_effectiveness::comparator);
    CHECK(e[1].position == cost_effectiveness::more_value_more_cost);
    CHECK(e[1].value_added_per_extra_cost == Approx(10.0).margin(1e-12));
    CHECK(e[2].position == cost_effectiveness::less_value_less_cost);
    CHECK(e[2].value_added_per_extra_cost == Approx(20.0).margin(1e-12));  // 10 points given up for £0.5m saved
    CHECK(e[3].position == cost_effectiveness::dominant);
    CHECK(e[4].position == cost_effectiveness::dominated);
    CHECK(e[5].position == cost_effectiveness::equivalent);
    CHECK(e[6].position == cost_effectiveness::dominant);  // the same value for less
    for (std::size_t k : {3, 4, 5, 6}) CHECK(std::isnan(e[k].value_added_per_extra_cost));
    CHECK(std::string(to_string(cost_effectiveness::less_value_less_cost)) == "less_value_less_cost");
}
