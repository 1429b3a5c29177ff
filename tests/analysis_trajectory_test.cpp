// Trajectories: crossing times, dips and discounted levels against hand-worked closed forms;
// Monte Carlo probabilities and means against analytic values (within 4 standard errors); the same
// bits on any thread count; and the checks' errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "adva/analysis/trajectory.hpp"

using namespace adva;

namespace {

const quality_scale ofsted = quality_scale::ofsted();  // requires improvement from 40, good from 60

improvement_plan rising_plan() { return {.current_level = 30.0, .milestones = {{"stabilise", 1.0, 45.0}, {"practice", 3.0, 65.0}}}; }

score point(double v) { return {.kind = uncertainty::point, .value = v}; }
score range(double low, double high) { return {.kind = uncertainty::range, .value = low, .low = low, .high = high}; }

/// Start 1, depth 15, half a year at the trough, half-life 1 year, long-run 70.
transition worked_change() {
    return {.start = point(1.0), .dip_depth = point(15.0), .dip_duration = point(0.5), .recovery_rate = point(std::log(2.0)),
            .long_run_level = point(70.0)};
}

/// The discounted average by the composite midpoint rule on each smooth piece (the path jumps at the
/// transition's start), for checking the closed form.
double numeric_discounted_level(const detail::trajectory_path& path, std::vector<double> breaks, double horizon, double rho) {
    breaks.insert(breaks.begin(), 0.0);
    breaks.push_back(horizon);
    double area = 0.0, weight = 0.0;
    for (std::size_t p = 0; p + 1 < breaks.size(); ++p) {
        const double a = breaks[p], b = std::min(breaks[p + 1], horizon);
        if (!(b > a)) continue;
        const int n = 100'000;
        const double h = (b - a) / n;
        for (int k = 0; k < n; ++k) {
            const double t = a + (k + 0.5) * h;
            area += h * path.level(t) * std::exp(-rho * t);
            weight += h * std::exp(-rho * t);
        }
    }
    return area / weight;
}

/// The section with the default scale, `plan`, the target grade and year, and a horizon of 10 years.
improvement_settings section(const improvement_plan& plan, const std::string& grade, double year, std::vector<option_trajectory> transitions = {}) {
    improvement_settings s;
    s.plan = plan;
    s.target_grade = grade;
    s.target_year = year;
    s.transitions = std::move(transitions);
    return s;
}

trajectory_measures only(const transition& c, const std::string& grade, double year, const trajectory_options& o,
                         const improvement_plan& plan = rising_plan()) {
    return trajectory_analysis(section(plan, grade, year, {{"O1", c}}), {"O1"}, o).front();
}

}  // namespace

TEST_CASE("a path without a transition follows the plan: straight between milestones, flat after", "[trajectory]") {
    const auto plan = rising_plan();
    const detail::trajectory_path path(ofsted, plan, {});
    CHECK(path.level(0.0) == 30.0);
    CHECK(path.level(0.5) == Approx(37.5).epsilon(1e-15));
    CHECK(path.level(2.0) == Approx(55.0).epsilon(1e-15));
    CHECK(path.level(9.0) == 65.0);
    CHECK(path.sustained_from(40.0) == Approx(2.0 / 3.0).epsilon(1e-15));  // 30 + 15 t = 40
    CHECK(path.sustained_from(60.0) == Approx(2.5).epsilon(1e-15));        // 45 + 10 (t - 1) = 60
    CHECK(path.sustained_from(20.0) == 0.0);
    CHECK(std::isinf(path.sustained_from(80.0)));
    CHECK(path.dip_depth() == 0.0);
    CHECK(path.dip_length(10.0) == 0.0);
}

TEST_CASE("a transition's dip, trough and recovery have the closed forms of docs/trajectories.md", "[trajectory]") {
    const auto plan = rising_plan();
    const auto c = worked_change();
    const detail::trajectory_path path(ofsted, plan,
                                       {{.start = 1.0, .depth = 15.0, .duration = 0.5, .rate = std::log(2.0), .long_run = 70.0}});
    CHECK(path.level(0.999) == Approx(44.985).epsilon(1e-12));  // still on the plan
    CHECK(path.level(1.0) == 30.0);                             // 45 - 15
    CHECK(path.level(1.49) == 30.0);
    CHECK(path.level(2.5) == Approx(50.0).epsilon(1e-14));  // 70 - 40 / 2
    // Good (60): 70 - 40 * 2^-(t - 1.5) = 60  =>  t = 1.5 + log2(4) = 3.5.
    CHECK(path.sustained_from(60.0) == Approx(3.5).epsilon(1e-14));
    // Requires improvement (40): the plan crossed it at 2/3, but the dip falls below it again.
    CHECK(path.sustained_from(40.0) == Approx(1.5 + std::log2(4.0 / 3.0)).epsilon(1e-14));
    CHECK(path.sustained_from(25.0) == 0.0);  // never below 25
    CHECK(std::isinf(path.sustained_from(75.0)));
    CHECK(path.dip_depth() == 15.0);
    CHECK(path.dip_length(10.0) == Approx(0.5 + std::log2(40.0 / 25.0)).epsilon(1e-14));  // back at 45
    CHECK(path.dip_length(1.2) == Approx(0.2).epsilon(1e-14));                             // cut at the horizon
    for (double rate : {0.0, 0.015, 0.035, 0.5}) {
        const double rho = std::log1p(rate);
        for (double horizon : {0.7, 1.3, 4.0, 10.0})
            CHECK(path.discounted_level(horizon, rho) == Approx(numeric_discounted_level(path, {1.0, 1.5, 3.0}, horizon, rho)).epsilon(1e-9));
    }
    const auto m = only(c, "good", 4.0, {});
    CHECK(m.exact);
    CHECK(m.at_target.value == 1.0);  // 70 - 40 * 2^-2.5 = 62.9 at year 4
    CHECK(m.sustained_by_target.value == 1.0);
    CHECK(m.time_to_target.value == Approx(3.5).epsilon(1e-14));
    CHECK(m.time_to_target.standard_error == 0.0);
    CHECK(m.expected_path == m.bands[2]);
}

TEST_CASE("a trough at the bottom of the scale, a long-run level below the target, and no recovery", "[trajectory]") {
    const improvement_plan flat{.current_level = 10.0};
    const detail::trajectory_path floor(ofsted, flat, {{.start = 0.0, .depth = 30.0, .duration = 1.0, .rate = 1.0, .long_run = 50.0}});
    CHECK(floor.level(0.5) == 0.0);
    CHECK(floor.dip_depth() == 10.0);  // only as far as the bottom
    const improvement_plan high{.current_level = 65.0}, middle{.current_level = 50.0};  // a path keeps its plan by reference
    const detail::trajectory_path falls(ofsted, high, {{.start = 1.0, .depth = 0.0, .duration = 0.0, .rate = 1.0, .long_run = 50.0}});
    CHECK(std::isinf(falls.sustained_from(60.0)));  // drifts below good for good
    const detail::trajectory_path stuck(ofsted, middle, {{.start = 1.0, .depth = 20.0, .duration = 0.0, .rate = 0.0, .long_run = 90.0}});
    CHECK(stuck.level(9.0) == 30.0);
    CHECK(std::isinf(stuck.sustained_from(40.0)));
    CHECK(stuck.dip_length(10.0) == 9.0);
}

TEST_CASE("a sequence of transitions: each from the level the path had when it began", "[trajectory]") {
    // Flat plan at 30. First in-house improvement at once towards 50 (half-life 1 year); then a
    // trust whose change begins at year 3: 10 points lost, half a year at the trough, then towards 70.
    const improvement_plan flat{.current_level = 30.0};
    const double r = std::log(2.0);
    const detail::trajectory_path path(ofsted, flat,
                                       {{.start = 0.0, .depth = 0.0, .duration = 0.0, .rate = r, .long_run = 50.0},
                                        {.start = 3.0, .depth = 10.0, .duration = 0.5, .rate = r, .long_run = 70.0}});
    CHECK(path.level(2.0) == Approx(45.0).epsilon(1e-14));  // 50 - 20 / 4
    CHECK(path.level(3.0) == Approx(37.5).epsilon(1e-14));  // 50 - 20 / 8 = 47.5, less 10
    CHECK(path.level(3.4) == Approx(37.5).epsilon(1e-14));
    CHECK(path.level(5.5) == Approx(70.0 - 32.5 / 4.0).epsilon(1e-14));
    // Requires improvement (40): first crossed at year 1, below again in the trust's dip.
    CHECK(path.sustained_from(40.0) == Approx(3.5 + std::log2(32.5 / 30.0)).epsilon(1e-14));
    // Good (60): never on the first route (it tends to 50), then 70 - 32.5 * 2^-(t - 3.5) = 60.
    CHECK(path.sustained_from(60.0) == Approx(3.5 + std::log2(3.25)).epsilon(1e-14));
    CHECK(std::isinf(path.sustained_from(75.0)));
    CHECK(path.dip_depth() == Approx(10.0).epsilon(1e-14));
    CHECK(path.dip_length(10.0) == Approx(0.5 + std::log2(32.5 / 22.5)).epsilon(1e-14));  // back at 47.5
    CHECK(path.dip_length(3.2) == Approx(0.2).epsilon(1e-12));
    for (double rate : {0.0, 0.035})
        for (double horizon : {2.0, 3.2, 10.0})
            CHECK(path.discounted_level(horizon, std::log1p(rate)) ==
                  Approx(numeric_discounted_level(path, {3.0, 3.5}, horizon, std::log1p(rate))).epsilon(1e-9));

    // A later step that begins no later than an earlier one's change overtakes it: the earlier never happens.
    const detail::trajectory_path overtaken(ofsted, flat, {{.start = 5.0, .depth = 20.0, .duration = 1.0, .rate = r, .long_run = 50.0},
                                                           {.start = 2.0, .depth = 5.0, .duration = 0.0, .rate = r, .long_run = 70.0}});
    const detail::trajectory_path alone(ofsted, flat, {{.start = 2.0, .depth = 5.0, .duration = 0.0, .rate = r, .long_run = 70.0}});
    for (double t : {0.0, 1.0, 2.0, 4.0, 5.0, 6.0, 9.0}) CHECK(overtaken.level(t) == alone.level(t));
    CHECK(overtaken.dip_depth() == 5.0);
    CHECK(overtaken.sustained_from(60.0) == alone.sustained_from(60.0));
}

TEST_CASE("a sequenced option follows its first step's route sample by sample, then the next step's", "[trajectory]") {
    const improvement_plan flat{.current_level = 30.0};
    transition in_house{.start = point(0.0), .dip_depth = point(0.0), .dip_duration = point(0.0), .recovery_rate = range(0.2, 1.2),
                        .long_run_level = range(40.0, 55.0)};
    transition trust{.start = point(1.0), .dip_depth = range(5.0, 15.0), .dip_duration = point(0.5), .recovery_rate = point(std::log(2.0)),
                     .long_run_level = point(70.0)};
    auto s = section(flat, "requires_improvement", 2.5,
                     {{"O1", in_house}, {"O4", trust}, {"O9", std::nullopt, {{"O1", 0.0}, {"O4", 2.0}}}});
    trajectory_options o;
    o.samples = 20'000;
    const auto m = trajectory_analysis(s, {"O1", "O4", "O9"}, o);
    // Until the trust's change begins (year 3) the sequence is O1, sample by sample.
    CHECK(m[2].at_target.value == m[0].at_target.value);
    for (std::size_t k = 0; m[2].times[k] < 3.0; ++k) CHECK(m[2].expected_path[k] == m[0].expected_path[k]);
    CHECK(m[2].expected_path.back() > m[0].expected_path.back());  // the trust's long run is higher
    CHECK(m[2].reached_within_horizon.value == 1.0);
    // The dip: 10 points lost on average at year 3; the first route loses none.
    CHECK(std::abs(m[2].dip_depth.value - 10.0) <= 4 * m[2].dip_depth.standard_error);
    CHECK(m[0].dip_depth.value == 0.0);
    // With every parameter a point the sequence is exact and equals its closed form.
    in_house.recovery_rate = point(std::log(2.0));
    in_house.long_run_level = point(50.0);
    trust.dip_depth = point(10.0);
    s.transitions = {{"O1", in_house}, {"O4", trust}, {"O9", std::nullopt, {{"O1", 0.0}, {"O4", 2.0}}}};
    s.target_grade = "good";
    s.target_year = 6.0;
    const auto exact = trajectory_analysis(s, {"O9"}, o).front();
    CHECK(exact.exact);
    CHECK(exact.time_to_target.value == Approx(3.5 + std::log2(3.25)).epsilon(1e-14));
    CHECK(exact.sustained_by_target.value == 1.0);
}

TEST_CASE("uncertain dip depth: Monte Carlo probability and expected time match their closed forms", "[trajectory]") {
    // Flat plan at 50; the change starts at once, depth ~ U(0, 20), one year at the trough, then
    // recovery at r = 2 ln 1.1 towards 70.
    const improvement_plan flat{.current_level = 50.0};
    const double r = 2.0 * std::log(1.1);
    const transition c{.start = point(0.0), .dip_depth = range(0.0, 20.0), .dip_duration = point(1.0), .recovery_rate = point(r),
                       .long_run_level = point(70.0)};
    trajectory_options o;
    o.samples = 100'000;
    o.seed = 7;
    // At year 1.5: q = 70 - (20 + d) / 1.1 >= 40  <=>  d <= 13, so P = 13 / 20.
    const auto m = only(c, "requires_improvement", 1.5, o, flat);
    CHECK_FALSE(m.exact);
    CHECK(std::abs(m.at_target.value - 0.65) <= 4 * m.at_target.standard_error);
    CHECK(m.at_target.standard_error == Approx(std::sqrt(0.65 * 0.35 / 1e5)).epsilon(0.01));
    // Good (60): tau = 1 + ln((20 + d) / 10) / r, E over d = 1 + (3 ln 2 - 1) / r (all below the horizon).
    const auto g = only(c, "good", 5.0, o, flat);
    CHECK(std::abs(g.time_to_target.value - (1.0 + (3.0 * std::log(2.0) - 1.0) / r)) <= 4 * g.time_to_target.standard_error);
    CHECK(g.reached_within_horizon.value == 1.0);
    CHECK(std::abs(g.dip_depth.value - 10.0) <= 4 * g.dip_depth.standard_error);
    // The median band on the trough (year 0.5) is 50 - median(d) = 40, to a bin of the histogram.
    const std::size_t at_half = 2;  // 41 points over 10 years: 0.25 apart
    REQUIRE(m.times[at_half] == 0.5);
    CHECK(std::abs(m.bands[2][at_half] - 40.0) <= 0.05 + 4 * 20.0 * std::sqrt(0.25 / 1e5));
    CHECK(m.bands[0][at_half] < m.bands[2][at_half]);
    CHECK(m.expected_path[at_half] == Approx(40.0).margin(4 * 20.0 / std::sqrt(12.0 * 1e5)));
}

TEST_CASE("trajectory sampling gives the same bits on any thread count", "[trajectory]") {
    const transition c{.start = range(0.5, 2.0), .dip_depth = {.kind = uncertainty::pert, .value = 10.0, .low = 5.0, .high = 25.0},
                       .dip_duration = {.kind = uncertainty::triangular, .value = 0.5, .low = 0.0, .high = 1.5},
                       .recovery_rate = {.kind = uncertainty::normal, .value = 0.8, .sd = 0.3}, .long_run_level = range(55.0, 75.0)};
    trajectory_options o;
    o.samples = 5'000 + 17;  // not a whole number of blocks
    std::vector<std::vector<trajectory_measures>> runs;
    for (int threads : {1, 2, 3}) {
        o.threads = threads;
        runs.push_back(trajectory_analysis(section(rising_plan(), "good", 4.0, {{"O1", c}}), {"O1", "O2"}, o));
    }
    for (const auto& run : runs) {
        REQUIRE(run.size() == 2);
        CHECK(run[0].time_to_target.value == runs[0][0].time_to_target.value);
        CHECK(run[0].discounted_level.value == runs[0][0].discounted_level.value);
        CHECK(run[0].at_target.value == runs[0][0].at_target.value);
        CHECK(run[0].expected_path == runs[0][0].expected_path);
        CHECK(run[0].bands == runs[0][0].bands);
    }
    CHECK(runs[0][1].exact);  // the plan alone
    CHECK(runs[0][1].time_to_target.value == Approx(2.5).epsilon(1e-15));
    o.seed = 2;
    const auto other = trajectory_analysis(section(rising_plan(), "good", 4.0, {{"O1", c}}), {"O1"}, o);
    CHECK(other[0].time_to_target.value != runs[0][0].time_to_target.value);
}

TEST_CASE("trajectory checks name the place and the rule", "[trajectory]") {
    auto fails = [](const improvement_settings& s, const trajectory_options& o, const std::string& id, const std::string& where) {
        try {
            validate_improvement(s);
            validate_trajectory_options(o);
            FAIL("no error for " << where);
        } catch (const invalid_input& e) {
            CHECK(e.id() == id);
            CHECK(e.where() == where);
        }
    };
    const auto base = section(rising_plan(), "requires_improvement", 2.0);
    auto s = base;
    s.scale.grades[2].from = 30.0;
    fails(s, {}, "adva.trajectory.grades", "/improvement/scale/grades/2/from");
    s = base;
    s.scale.grades[3].id = "good";
    fails(s, {}, "adva.trajectory.grades", "/improvement/scale/grades/3/id");
    s = base;
    s.scale.upper = s.scale.lower;
    fails(s, {}, "adva.trajectory.scale", "/improvement/scale");
    s = base;
    s.plan.milestones[1].year = 0.5;
    fails(s, {}, "adva.trajectory.milestone_order", "/improvement/plan/milestones/1/year");
    s = base;
    s.plan.milestones[0].level = 101.0;
    fails(s, {}, "adva.trajectory.out_of_range", "/improvement/plan/milestones/0/level");
    s = base;
    s.target_grade = "goood";
    fails(s, {}, "adva.trajectory.unknown_grade", "/improvement/target/grade");
    s = base;
    s.target_year = 12.0;
    fails(s, {}, "adva.trajectory.out_of_range", "/improvement/target/year");
    s = base;
    s.horizon = 0.0;
    fails(s, {}, "adva.trajectory.out_of_range", "/improvement/horizon");
    auto c = worked_change();
    c.dip_depth = range(5.0, 120.0);
    fails(section(rising_plan(), "good", 2.0, {{"O3", c}}), {}, "adva.trajectory.out_of_range", "/improvement/transitions/O3/dip_depth/high");
    c = worked_change();
    c.recovery_rate.value = std::nan("");
    fails(section(rising_plan(), "good", 2.0, {{"O3", c}}), {}, "adva.trajectory.out_of_range", "/improvement/transitions/O3/recovery_rate");
    c = worked_change();
    c.start = {.kind = uncertainty::triangular, .value = 3.0, .low = 1.0, .high = 2.0};
    fails(section(rising_plan(), "good", 2.0, {{"O3", c}}), {}, "adva.trajectory.distribution", "/improvement/transitions/O3/start");
    // Sequences: 2 to 8 steps, the first now, later ones in ascending years, each later step an
    // option with a transition, no step a sequence.
    const std::vector<option_trajectory> routes = {{"O1", worked_change()}, {"O4", worked_change()}};
    auto with = [&](std::vector<sequence_step> steps) {
        auto t = routes;
        t.push_back({"O9", std::nullopt, std::move(steps)});
        return section(rising_plan(), "good", 2.0, t);
    };
    fails(with({{"O1", 0.0}}), {}, "adva.trajectory.sequence", "/improvement/transitions/O9/sequence");
    fails(with({{"O1", 0.0}, {"O4", 1.0}, {"O1", 2.0}, {"O4", 3.0}, {"O1", 4.0}, {"O4", 5.0}, {"O1", 6.0}, {"O4", 7.0}, {"O1", 8.0}}), {},
          "adva.trajectory.sequence", "/improvement/transitions/O9/sequence");
    fails(with({{"O1", 1.0}, {"O4", 2.0}}), {}, "adva.trajectory.sequence", "/improvement/transitions/O9/sequence/0/from");
    fails(with({{"O1", 0.0}, {"O4", 3.0}, {"O1", 2.0}}), {}, "adva.trajectory.sequence", "/improvement/transitions/O9/sequence/2/from");
    fails(with({{"O1", 0.0}, {"O4", 11.0}}), {}, "adva.trajectory.out_of_range", "/improvement/transitions/O9/sequence/1/from");
    fails(with({{"O1", 0.0}, {"O2", 1.0}}), {}, "adva.trajectory.sequence", "/improvement/transitions/O9/sequence/1/option");
    fails(with({{"O9", 0.0}, {"O4", 1.0}}), {}, "adva.trajectory.sequence", "/improvement/transitions/O9/sequence/0/option");
    CHECK_NOTHROW(validate_improvement(with({{"O2", 0.0}, {"O4", 1.0}})));  // the first step may follow the plan
    trajectory_options o;
    o.samples = 0;
    fails(base, o, "adva.trajectory.samples", "samples");
    o = {};
    o.path_points = 1;
    fails(base, o, "adva.trajectory.path_points", "path_points");
    o = {};
    o.threads = -1;
    fails(base, o, "adva.limits.threads", "threads");
    s = base;
    s.plan.milestones.clear();
    for (int k = 1; k <= 101; ++k) s.plan.milestones.push_back({"", 0.05 * k, 50.0});
    fails(s, {}, "adva.trajectory.milestones", "/improvement/plan/milestones");
    // Too much work for one run: refused before it starts.
    o = {};
    o.samples = 100'000'000;
    o.path_points = 1'001;
    c = worked_change();
    c.dip_depth = range(0.0, 10.0);
    CHECK_THROWS_AS(trajectory_analysis(section(rising_plan(), "good", 2.0, {{"O3", c}}), {"O3"}, o), limit_exceeded);
    appraisal without;
    CHECK_THROWS_WITH(trajectory_analysis(without, {}), Catch::Contains("improvement section"));
}
