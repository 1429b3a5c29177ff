#pragma once
// Improvement over time (docs/trajectories.md): the quality of a service as an index on a scale
// whose bands are inspection grades, along an improvement plan, and for each option the disruption
// of changing vehicle — a dip at the start of its transition, a time at the trough, then recovery
// towards the option's long-run level. The measures that answer "which option gets children a good
// service soonest and most surely" are computed exactly on each path (closed forms for crossing
// times and discounted areas), and over uncertain parameters by seeded Monte Carlo on Philox
// streams: the same seed gives the same numbers on any thread count.
//
// The path of an option with a transition (start s, depth d, time at the trough D, recovery rate r,
// long-run level L) on a plan P (piecewise linear through the current level at year 0 and the
// milestones, flat after the last):
//   q(t) = P(t)                                     for t < s
//   q(t) = m = max(bottom of the scale, P(s) - d)   for s <= t < s + D
//   q(t) = L + (m - L) exp(-r (t - s - D))          for t >= s + D
// An option without a transition follows the plan.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <Random123/philox.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "adva/analysis/detail/smaa_distributions.hpp"
#include "adva/analysis/detail/smaa_philox.hpp"
#include "adva/detail/error_text.hpp"
#include "adva/error.hpp"
#include "adva/model/options.hpp"
#include "adva/threads.hpp"

namespace adva {

// ----------------------------------------------------------------------------------------------
// The scale, the plan and the transitions

/// A band of the quality scale: the levels from `from` up to the next grade's `from`.
struct quality_grade {
    std::string id;
    std::string name;
    double from = 0.0;
};

/// The quality index: its range and its grades, in ascending order of `from` (the first starts at
/// the bottom of the scale).
struct quality_scale {
    std::string name = "service quality index";
    double lower = 0.0;
    double upper = 100.0;
    std::vector<quality_grade> grades;

    /// The four Ofsted grades on a 0-100 index, as adva's default (illustrative cut points).
    static quality_scale ofsted() {
        return {.name = "service quality index",
                .lower = 0.0,
                .upper = 100.0,
                .grades = {{"inadequate", "Inadequate", 0.0},
                           {"requires_improvement", "Requires improvement", 40.0},
                           {"good", "Good", 60.0},
                           {"outstanding", "Outstanding", 80.0}}};
    }

    /// The position of the grade whose band holds `level`.
    std::size_t grade_at(double level) const noexcept {
        std::size_t g = 0;
        while (g + 1 < grades.size() && level >= grades[g + 1].from) ++g;
        return g;
    }
};

/// A point of the improvement plan: the level the plan aims at by `year` (years from now).
struct plan_milestone {
    std::string name;
    double year = 0.0;
    double level = 0.0;
};

/// The improvement plan: the current level (year 0) and milestones in ascending years; the plan's
/// path runs straight between them and stays at the last level after the last milestone.
struct improvement_plan {
    double current_level = 0.0;
    std::vector<plan_milestone> milestones;

    double level_at(double t) const noexcept {
        double t0 = 0.0, v0 = current_level;
        for (const auto& m : milestones) {
            if (t < m.year) return v0 + (m.level - v0) * (t - t0) / (m.year - t0);
            t0 = m.year;
            v0 = m.level;
        }
        return v0;
    }
};

/// A change of vehicle over time. Every parameter may be uncertain, with the distributions of
/// scores (range, triangular, PERT, normal truncated to the parameter's domain).
struct transition {
    score start;           ///< years from now when the change begins, in [0, horizon]
    score dip_depth;       ///< index points lost when it begins, in [0, scale width]
    score dip_duration;    ///< years at the trough, in [0, horizon]
    score recovery_rate;   ///< per year: the gap to the long-run level shrinks as exp(-rate t), in [0, 100]
    score long_run_level;  ///< the level the option tends to, on the scale
};

/// One option's trajectory: without a transition it follows the plan.
struct option_trajectory {
    std::string option;
    std::optional<transition> change;
};

/// The question asked of every path: at or above grade `grade` (a position in the scale's grades)
/// by `year` (years from now).
struct trajectory_target {
    std::size_t grade = 1;
    double year = 2.0;
};

struct trajectory_options {
    double horizon = 10.0;               ///< years covered by every measure
    double discount_rate = 0.015;        ///< annual; the Green Book's health and wellbeing rate by default
    std::uint64_t samples = 10'000;      ///< Monte Carlo samples when a parameter is uncertain
    std::uint64_t seed = 1;
    int threads = 0;                     ///< 0: every core (adva/threads.hpp)
    std::size_t path_points = 41;        ///< times at which the expected path and bands are given (2 to 1 001)
    std::vector<double> band_probabilities = {0.05, 0.25, 0.5, 0.75, 0.95};
};

/// An estimate: exact (standard_error 0) or a Monte Carlo mean with its standard error.
struct estimate {
    double value = 0.0;
    double standard_error = 0.0;
};

/// What one option's trajectory gives (docs/trajectories.md, "Measures").
struct trajectory_measures {
    std::string option;
    bool exact = true;                      ///< no uncertain parameter: one path, no sampling
    estimate at_target;                     ///< P(the level at the target year is in the target grade or above)
    estimate sustained_by_target;           ///< P(at or above the target from some time <= the target year on)
    estimate reached_within_horizon;        ///< P(at or above the target for good from some time <= horizon)
    estimate time_to_target;                ///< E[min(that time, horizon)]: never reaching it counts as the horizon
    estimate dip_depth;                     ///< E[index points lost at the transition] (after the bottom of the scale)
    estimate dip_length;                    ///< E[years below the level the transition began at, within the horizon]
    estimate discounted_level;              ///< E[level averaged over the horizon with discounting]
    std::vector<double> times;              ///< years of the path points
    std::vector<double> expected_path;      ///< E[level] at each time
    std::vector<std::vector<double>> bands; ///< per band probability, the level's quantile at each time
};

// ----------------------------------------------------------------------------------------------
// One path

namespace detail {

/// The realised parameters of one path (no uncertainty left).
struct path_parameters {
    bool has_change = false;
    double start = 0.0, depth = 0.0, duration = 0.0, rate = 0.0, long_run = 0.0;
};

/// ∫_a^b e^{-ρt} dt, stable as ρ -> 0.
inline double discount_integral(double a, double b, double rho) noexcept {
    if (rho == 0.0) return b - a;
    return std::exp(-rho * a) * -std::expm1(-rho * (b - a)) / rho;
}

/// ∫_a^b (t - a) e^{-ρt} dt, stable as ρ -> 0 (series below x = ρ(b - a) = 1e-3).
inline double discount_ramp_integral(double a, double b, double rho) noexcept {
    const double h = b - a, x = rho * h;
    const double base = x < 1e-3 ? h * h * (0.5 - x / 3.0 + x * x / 8.0 - x * x * x / 30.0)
                                 : (-std::expm1(-x) - x * std::exp(-x)) / (rho * rho);
    return std::exp(-rho * a) * base;
}

/// One option's path with realised parameters: its level at any time and the closed forms of the
/// measures.
class trajectory_path {
public:
    trajectory_path(const quality_scale& scale, const improvement_plan& plan, const path_parameters& p)
        : plan_(plan), p_(p) {
        if (p_.has_change) {
            before_ = plan_.level_at(p_.start);
            trough_ = std::max(scale.lower, before_ - p_.depth);
        }
    }

    double level(double t) const noexcept {
        if (!p_.has_change || t < p_.start) return plan_.level_at(t);
        const double recovery_start = p_.start + p_.duration;
        if (t < recovery_start) return trough_;
        return p_.long_run + (trough_ - p_.long_run) * std::exp(-p_.rate * (t - recovery_start));
    }

    /// The end of the last time below `threshold` (0 if never below, infinity if below for good).
    double sustained_from(double threshold) const noexcept {
        constexpr double never = std::numeric_limits<double>::infinity();
        if (!p_.has_change) {
            const double final_level = plan_.milestones.empty() ? plan_.current_level : plan_.milestones.back().level;
            return final_level < threshold ? never : last_below_on_plan(threshold, never);
        }
        const double recovery_start = p_.start + p_.duration;
        if (trough_ < threshold) {
            // Below at the trough: above for good only once the recovery passes the threshold.
            if (!(p_.long_run > threshold) || p_.rate == 0.0) return never;
            return recovery_start + std::log((p_.long_run - trough_) / (p_.long_run - threshold)) / p_.rate;
        }
        if (p_.long_run < threshold && p_.rate > 0.0) return never;  // falls back below in the long run
        return last_below_on_plan(threshold, p_.start);
    }

    /// Index points lost at the transition (0 without one).
    double dip_depth() const noexcept { return p_.has_change ? before_ - trough_ : 0.0; }

    /// Years from the transition's start until the level is back at the level it began at, within
    /// the horizon.
    double dip_length(double horizon) const noexcept {
        if (!p_.has_change || p_.start >= horizon || trough_ >= before_) return 0.0;
        const double room = horizon - p_.start;
        if (!(p_.long_run > before_) || p_.rate == 0.0) return room;
        return std::min(room, p_.duration + std::log((p_.long_run - trough_) / (p_.long_run - before_)) / p_.rate);
    }

    /// The level averaged over [0, horizon] with continuous discounting at rho (0: plain average).
    double discounted_level(double horizon, double rho) const noexcept {
        double area = 0.0;
        const double end_of_plan = p_.has_change ? std::min(p_.start, horizon) : horizon;
        // The plan's straight pieces up to the transition (or the horizon).
        double t0 = 0.0, v0 = plan_.current_level;
        auto piece = [&](double t1, double v1) {  // straight from (t0, v0) towards (t1, v1), cut at end_of_plan
            if (t0 >= end_of_plan) return;
            const double b = std::min(t1, end_of_plan);
            const double slope = t1 > t0 ? (v1 - v0) / (t1 - t0) : 0.0;
            area += v0 * discount_integral(t0, b, rho) + slope * discount_ramp_integral(t0, b, rho);
        };
        for (const auto& m : plan_.milestones) {
            piece(m.year, m.level);
            t0 = m.year;
            v0 = m.level;
        }
        piece(std::numeric_limits<double>::infinity(), v0);  // flat after the last milestone
        if (p_.has_change && p_.start < horizon) {
            const double recovery_start = std::min(p_.start + p_.duration, horizon);
            area += trough_ * discount_integral(p_.start, recovery_start, rho);
            if (recovery_start < horizon) {
                area += p_.long_run * discount_integral(recovery_start, horizon, rho);
                const double k = p_.rate + rho, h = horizon - recovery_start;
                const double decay = k == 0.0 ? h : -std::expm1(-k * h) / k;
                area += (trough_ - p_.long_run) * std::exp(-rho * recovery_start) * decay;
            }
        }
        return area / discount_integral(0.0, horizon, rho);
    }

private:
    /// The end of the last time before `until` at which the plan is below `threshold` (0 if none).
    double last_below_on_plan(double threshold, double until) const noexcept {
        double last = 0.0, t0 = 0.0, v0 = plan_.current_level;
        for (const auto& m : plan_.milestones) {
            if (t0 >= until) break;
            const double t1 = std::min(m.year, until);
            const double v1 = plan_.level_at(t1);
            if (v1 < threshold) last = t1;
            else if (v0 < threshold) last = t0 + (threshold - v0) * (t1 - t0) / (v1 - v0);
            t0 = m.year;
            v0 = m.level;
        }
        if (t0 < until && v0 < threshold) last = until;  // flat after the last milestone, still below
        return last;
    }

    const improvement_plan& plan_;
    path_parameters p_;
    double before_ = 0.0, trough_ = 0.0;
};

/// The domain of each transition parameter, for checks and for truncating a normal.
struct parameter_domain {
    const char* key;
    double low, high;
};

inline std::array<parameter_domain, 5> transition_domains(const quality_scale& scale, double horizon) {
    return {{{"start", 0.0, horizon},
             {"dip_depth", 0.0, scale.upper - scale.lower},
             {"dip_duration", 0.0, horizon},
             {"recovery_rate", 0.0, 100.0},
             {"long_run_level", scale.lower, scale.upper}}};
}

inline std::array<const score*, 5> transition_parameters(const transition& c) {
    return {&c.start, &c.dip_depth, &c.dip_duration, &c.recovery_rate, &c.long_run_level};
}

inline bool is_uncertain(const score& s) noexcept { return s.kind != uncertainty::point; }

/// A parameter's value at uniform u (its central value when it is a point).
inline double parameter_at(const score& s, const parameter_domain& d, double u) {
    switch (s.kind) {
        case uncertainty::point: return s.value;
        case uncertainty::range: return s.low + (s.high - s.low) * u;
        case uncertainty::triangular: return s.high > s.low ? triangular_quantile(s.low, s.value, s.high, u) : s.value;
        case uncertainty::pert: return s.high > s.low ? pert_quantile(s.low, s.value, s.high, u) : s.value;
        case uncertainty::normal: return s.sd > 0.0 ? truncated_normal_quantile(s.value, s.sd, d.low, d.high, u) : s.value;
    }
    return s.value;
}

inline void check_number(double v, const std::string& where, const char* rule, double low, double high) {
    if (!std::isfinite(v) || v < low || v > high)
        throw invalid_input("adva.trajectory.out_of_range", where, rule, number_text(v));
}

}  // namespace detail

// ----------------------------------------------------------------------------------------------
// Checks

/// Checks the scale, the plan, the options' transitions, the target and the options; `where` is the
/// JSON pointer of the trajectory section (errors name the place below it).
inline void validate_trajectories(const quality_scale& scale, const improvement_plan& plan,
                                  const std::vector<option_trajectory>& options, const trajectory_target& target,
                                  const trajectory_options& o, const std::string& where = "/improvement") {
    using detail::check_number;
    using detail::number_text;
    if (!std::isfinite(scale.lower) || !std::isfinite(scale.upper) || !(scale.upper > scale.lower))
        throw invalid_input("adva.trajectory.scale", where + "/scale", "the scale needs finite bounds with upper > lower",
                            number_text(scale.lower) + " to " + number_text(scale.upper));
    if (scale.grades.empty() || scale.grades.front().from != scale.lower)
        throw invalid_input("adva.trajectory.grades", where + "/scale/grades", "the first grade starts at the bottom of the scale",
                            scale.grades.empty() ? "no grades" : number_text(scale.grades.front().from));
    for (std::size_t g = 1; g < scale.grades.size(); ++g)
        if (!(scale.grades[g].from > scale.grades[g - 1].from) || !(scale.grades[g].from < scale.upper))
            throw invalid_input("adva.trajectory.grades", where + "/scale/grades/" + std::to_string(g) + "/from",
                                "grades start in ascending order inside the scale", number_text(scale.grades[g].from));
    check_number(o.horizon, where + "/horizon", "the horizon is a number of years from 0.25 to 100", 0.25, 100.0);
    check_number(o.discount_rate, where + "/discount_rate", "an annual rate from 0 to 1", 0.0, 1.0);
    check_number(plan.current_level, where + "/plan/current_level", "a level on the scale", scale.lower, scale.upper);
    double previous = 0.0;
    for (std::size_t k = 0; k < plan.milestones.size(); ++k) {
        const auto& m = plan.milestones[k];
        const std::string at = where + "/plan/milestones/" + std::to_string(k);
        if (!std::isfinite(m.year) || !(m.year > previous))
            throw invalid_input("adva.trajectory.milestone_order", at + "/year", "milestones come after year 0 in ascending order",
                                number_text(m.year));
        check_number(m.level, at + "/level", "a level on the scale", scale.lower, scale.upper);
        previous = m.year;
    }
    if (target.grade >= scale.grades.size())
        throw invalid_input("adva.trajectory.unknown_grade", where + "/target/grade", "a grade of the scale",
                            std::to_string(target.grade));
    check_number(target.year, where + "/target/year", "a year within the horizon", 0.0, o.horizon);
    if (o.samples < 1 || o.samples > 100'000'000)
        throw limit_exceeded("adva.trajectory.samples", where + "/samples", "from 1 to 10^8 samples", std::to_string(o.samples));
    if (o.path_points < 2 || o.path_points > 1'001)
        throw limit_exceeded("adva.trajectory.path_points", where + "/path_points", "from 2 to 1 001 points", std::to_string(o.path_points));
    for (std::size_t b = 0; b < o.band_probabilities.size(); ++b)
        check_number(o.band_probabilities[b], where + "/bands/" + std::to_string(b), "a probability from 0 to 1", 0.0, 1.0);
    detail::checked_threads(o.threads);
    const auto domains = detail::transition_domains(scale, o.horizon);
    for (const auto& t : options) {
        if (!t.change) continue;
        const auto params = detail::transition_parameters(*t.change);
        for (std::size_t k = 0; k < params.size(); ++k) {
            const score& s = *params[k];
            const auto& d = domains[k];
            const std::string at = where + "/transitions/" + t.option + "/" + d.key;
            const std::string rule = std::string("within ") + number_text(d.low) + " to " + number_text(d.high);
            check_number(s.value, at, rule.c_str(), d.low, d.high);
            if (s.kind == uncertainty::range || s.kind == uncertainty::triangular || s.kind == uncertainty::pert) {
                check_number(s.low, at + "/low", rule.c_str(), d.low, d.high);
                check_number(s.high, at + "/high", rule.c_str(), d.low, d.high);
                if (!(s.low <= s.high) || (s.kind != uncertainty::range && (s.value < s.low || s.value > s.high)))
                    throw invalid_input("adva.trajectory.distribution", at, "low <= value <= high (low <= high for a range)",
                                        number_text(s.low) + ", " + number_text(s.value) + ", " + number_text(s.high));
            }
            if (s.kind == uncertainty::normal) check_number(s.sd, at + "/sd", "a standard deviation from 0 to the domain's width", 0.0, d.high - d.low);
        }
    }
}

// ----------------------------------------------------------------------------------------------
// The measures

namespace detail {

/// Sums over a block of samples, added into the total in block order (same bits on any thread count).
struct trajectory_sums {
    double at_target = 0, sustained = 0, reached = 0, time = 0, time2 = 0, depth = 0, depth2 = 0, length = 0, length2 = 0,
           level = 0, level2 = 0;
    std::vector<double> path;
    void clear() {
        const std::size_t points = path.size();
        *this = {};
        path.assign(points, 0.0);
    }
    void add(const trajectory_sums& b) {
        at_target += b.at_target, sustained += b.sustained, reached += b.reached, time += b.time, time2 += b.time2;
        depth += b.depth, depth2 += b.depth2, length += b.length, length2 += b.length2, level += b.level, level2 += b.level2;
        for (std::size_t k = 0; k < path.size(); ++k) path[k] += b.path[k];
    }
};

inline constexpr std::uint64_t trajectory_block = 1024;
inline constexpr std::uint64_t trajectory_wave = 256;    ///< blocks between two additions into the total
inline constexpr std::size_t trajectory_bins = 2000;  ///< levels per path point, for the bands
inline constexpr std::uint32_t trajectory_stream = 0x74726a31;  // "trj1"

inline estimate mean_of(double sum, double sum2, double n) {
    const double mean = sum / n;
    const double variance = n > 1 ? std::max(0.0, (sum2 - sum * mean) / (n - 1)) : 0.0;
    return {mean, std::sqrt(variance / n)};
}

inline estimate share_of(double hits, double n) {
    const double p = hits / n;
    return {p, std::sqrt(p * (1.0 - p) / n)};
}

}  // namespace detail

/// The measures of every option's trajectory, in the order given. Every option shares the random
/// numbers of sample i (common random numbers: differences between options are not noise of the
/// draws). Call validate_trajectories first.
inline std::vector<trajectory_measures> trajectory_analysis(const quality_scale& scale, const improvement_plan& plan,
                                                            const std::vector<option_trajectory>& options,
                                                            const trajectory_target& target, const trajectory_options& o) {
    validate_trajectories(scale, plan, options, target, o);
    const double threshold = scale.grades[target.grade].from;
    const double rho = std::log1p(o.discount_rate);
    const std::size_t points = o.path_points;
    std::vector<double> times(points);
    for (std::size_t k = 0; k < points; ++k) times[k] = o.horizon * double(k) / double(points - 1);
    const auto domains = detail::transition_domains(scale, o.horizon);
    const r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(o.seed), static_cast<std::uint32_t>(o.seed >> 32)}};

    std::vector<trajectory_measures> out;
    for (const auto& t : options) {
        trajectory_measures m;
        m.option = t.option;
        m.times = times;
        bool uncertain = false;
        if (t.change)
            for (const score* s : detail::transition_parameters(*t.change)) uncertain |= detail::is_uncertain(*s);
        m.exact = !uncertain;

        // The path of sample i (u: its uniforms, one per parameter; Philox counter (i, stream, call)).
        auto parameters_at = [&](std::uint64_t i) {
            detail::path_parameters p;
            if (!t.change) return p;
            p.has_change = true;
            const auto params = detail::transition_parameters(*t.change);
            double u[8];
            r123::Philox4x32 philox;
            for (std::uint32_t call = 0; call < 2; ++call) {
                const auto r = philox({{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32), detail::trajectory_stream, call}}, key);
                for (int w = 0; w < 4; ++w) u[4 * call + w] = detail::uniform_from_word(r[w]);
            }
            double* values[] = {&p.start, &p.depth, &p.duration, &p.rate, &p.long_run};
            for (std::size_t k = 0; k < params.size(); ++k) *values[k] = detail::parameter_at(*params[k], domains[k], u[k]);
            return p;
        };
        auto measure = [&](const detail::trajectory_path& path, detail::trajectory_sums& s, std::vector<std::uint32_t>* histogram) {
            const double from = path.sustained_from(threshold);
            s.at_target += path.level(target.year) >= threshold;
            s.sustained += from <= target.year;
            s.reached += from <= o.horizon;
            const double time = std::min(from, o.horizon), depth = path.dip_depth(), length = path.dip_length(o.horizon);
            const double level = path.discounted_level(o.horizon, rho);
            s.time += time, s.time2 += time * time, s.depth += depth, s.depth2 += depth * depth;
            s.length += length, s.length2 += length * length, s.level += level, s.level2 += level * level;
            for (std::size_t k = 0; k < points; ++k) {
                const double q = path.level(times[k]);
                s.path[k] += q;
                if (histogram) {
                    const double x = (q - scale.lower) / (scale.upper - scale.lower) * double(detail::trajectory_bins);
                    const auto bin = std::size_t(std::clamp(x, 0.0, double(detail::trajectory_bins - 1)));
                    ++(*histogram)[k * detail::trajectory_bins + bin];
                }
            }
        };

        const std::uint64_t n = uncertain ? o.samples : 1;
        detail::trajectory_sums total;
        total.path.assign(points, 0.0);
        std::vector<std::uint64_t> histogram;
        if (!uncertain) {
            measure(detail::trajectory_path(scale, plan, parameters_at(0)), total, nullptr);
        } else {
            // Blocks of samples in waves: each block's sums are added to the total in block order
            // (the same bits on any thread count); the level histograms are integer counts per thread.
            const std::uint64_t blocks = (n + detail::trajectory_block - 1) / detail::trajectory_block;
            const std::uint64_t wave = std::min<std::uint64_t>(blocks, detail::trajectory_wave);
            std::vector<detail::trajectory_sums> slots(wave, total);
            tbb::enumerable_thread_specific<std::vector<std::uint32_t>> local_histograms(
                std::vector<std::uint32_t>(points * detail::trajectory_bins, 0));
            auto body = [&] {
                for (std::uint64_t w0 = 0; w0 < blocks; w0 += wave) {
                    const std::uint64_t in_wave = std::min(wave, blocks - w0);
                    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, in_wave, 1), [&](const tbb::blocked_range<std::uint64_t>& r) {
                        auto& h = local_histograms.local();
                        for (std::uint64_t q = r.begin(); q != r.end(); ++q) {
                            detail::trajectory_sums& s = slots[q];
                            s.clear();
                            const std::uint64_t first = (w0 + q) * detail::trajectory_block;
                            const std::uint64_t last = std::min(n, first + detail::trajectory_block);
                            for (std::uint64_t i = first; i < last; ++i)
                                measure(detail::trajectory_path(scale, plan, parameters_at(i)), s, &h);
                        }
                    });
                    for (std::uint64_t q = 0; q < in_wave; ++q) total.add(slots[q]);
                }
            };
            if (o.threads > 0) tbb::task_arena(o.threads).execute(body);
            else body();
            histogram.assign(points * detail::trajectory_bins, 0);
            for (const auto& h : local_histograms)
                for (std::size_t k = 0; k < h.size(); ++k) histogram[k] += h[k];
        }

        const double count = double(n);
        m.at_target = detail::share_of(total.at_target, count);
        m.sustained_by_target = detail::share_of(total.sustained, count);
        m.reached_within_horizon = detail::share_of(total.reached, count);
        m.time_to_target = detail::mean_of(total.time, total.time2, count);
        m.dip_depth = detail::mean_of(total.depth, total.depth2, count);
        m.dip_length = detail::mean_of(total.length, total.length2, count);
        m.discounted_level = detail::mean_of(total.level, total.level2, count);
        m.expected_path.resize(points);
        for (std::size_t k = 0; k < points; ++k) m.expected_path[k] = total.path[k] / count;
        for (double prob : o.band_probabilities) {
            std::vector<double> band(points);
            for (std::size_t k = 0; k < points; ++k) {
                if (!uncertain) {
                    band[k] = m.expected_path[k];
                    continue;
                }
                // The quantile from the level histogram, interpolated within its bin.
                const double want = prob * count;
                double below = 0.0;
                std::size_t bin = 0;
                const std::uint64_t* h = histogram.data() + k * detail::trajectory_bins;
                while (bin + 1 < detail::trajectory_bins && below + double(h[bin]) < want) below += double(h[bin++]);
                const double inside = h[bin] ? std::clamp((want - below) / double(h[bin]), 0.0, 1.0) : 0.0;
                band[k] = scale.lower + (double(bin) + inside) / double(detail::trajectory_bins) * (scale.upper - scale.lower);
            }
            m.bands.push_back(std::move(band));
        }
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace adva
