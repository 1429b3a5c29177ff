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
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Random123/philox.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "adva/analysis/detail/smaa_distributions.hpp"
#include "adva/analysis/detail/smaa_philox.hpp"
#include "adva/detail/error_text.hpp"
#include "adva/error.hpp"
#include "adva/known_ids.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/improvement.hpp"
#include "adva/model/options.hpp"
#include "adva/threads.hpp"

namespace adva {

/// How the measures are computed; what they measure (scale, plan, target, horizon, discount rate,
/// transitions) is the model's improvement_settings.
struct trajectory_options {
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
    estimate dip_depth;                     ///< E[index points lost at a transition] (the largest of a sequence's; after the bottom of the scale)
    estimate dip_length;                    ///< E[years in dips, within the horizon] (detail::trajectory_path::dip_length)
    estimate discounted_level;              ///< E[level averaged over the horizon with discounting]
    std::vector<double> times;              ///< years of the path points
    std::vector<double> expected_path;      ///< E[level] at each time
    std::vector<std::vector<double>> bands; ///< per band probability, the level's quantile at each time
};

/// The position of measure `id` in trajectory_measure_ids.
inline std::size_t trajectory_measure_index(std::string_view id) {
    const auto found = std::find(trajectory_measure_ids.begin(), trajectory_measure_ids.end(), id);
    if (found == trajectory_measure_ids.end())
        throw invalid_input("adva.trajectory.criterion", "trajectory_measure", "one of the trajectory measures", "\"" + std::string(id) + "\"");
    return std::size_t(found - trajectory_measure_ids.begin());
}

/// The fields of trajectory_measures in the order of trajectory_measure_ids.
inline constexpr std::array<estimate trajectory_measures::*, trajectory_measure_ids.size()> trajectory_measure_fields = {
    &trajectory_measures::at_target,  &trajectory_measures::sustained_by_target, &trajectory_measures::reached_within_horizon,
    &trajectory_measures::time_to_target, &trajectory_measures::dip_depth, &trajectory_measures::dip_length,
    &trajectory_measures::discounted_level};

/// The measure `id` (one of trajectory_measure_ids) of `m`.
inline estimate& measure_of(trajectory_measures& m, std::string_view id) { return m.*trajectory_measure_fields[trajectory_measure_index(id)]; }
inline const estimate& measure_of(const trajectory_measures& m, std::string_view id) {
    return m.*trajectory_measure_fields[trajectory_measure_index(id)];
}

// ----------------------------------------------------------------------------------------------
// One path

namespace detail {

/// The realised parameters of one transition.
struct stage_parameters {
    double start = 0.0, depth = 0.0, duration = 0.0, rate = 0.0, long_run = 0.0;
};

/// The realised parameters of one path (no uncertainty left): its transitions in the order of the
/// option's route (none: the plan).
struct path_parameters {
    std::array<stage_parameters, max_sequence_steps> stages{};
    std::size_t count = 0;

    path_parameters() = default;
    path_parameters(std::initializer_list<stage_parameters> s) : count(s.size()) { std::copy(s.begin(), s.end(), stages.begin()); }
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
/// measures. Each transition governs the time from its start to the next one's: a dip from the level
/// the path had when it began, the trough, then recovery. A transition that a later one starts no
/// later than never happens (a later step of a sequence overtook it).
class trajectory_path {
public:
    trajectory_path(const quality_scale& scale, const improvement_plan& plan, const path_parameters& p) : plan_(plan) {
        double next = std::numeric_limits<double>::infinity();
        std::array<bool, max_sequence_steps> kept{};
        for (std::size_t j = p.count; j-- > 0;)
            if (p.stages[j].start < next) kept[j] = true, next = p.stages[j].start;
        for (std::size_t j = 0; j < p.count; ++j) {
            if (!kept[j]) continue;
            segment g{p.stages[j], 0.0, 0.0, std::numeric_limits<double>::infinity()};
            g.before = level(g.p.start);
            g.trough = std::max(scale.lower, g.before - g.p.depth);
            if (count_ > 0) segments_[count_ - 1].end = g.p.start;
            segments_[count_++] = g;
        }
    }

    double level(double t) const noexcept {
        std::size_t j = count_;
        while (j > 0 && t < segments_[j - 1].p.start) --j;
        if (j == 0) return plan_.level_at(t);
        const segment& g = segments_[j - 1];
        const double recovery_start = g.p.start + g.p.duration;
        if (t < recovery_start) return g.trough;
        return g.p.long_run + (g.trough - g.p.long_run) * std::exp(-g.p.rate * (t - recovery_start));
    }

    /// The end of the last time below `threshold` (0 if never below, infinity if below for good).
    double sustained_from(double threshold) const noexcept {
        double last = last_below_on_plan(threshold, count_ ? segments_[0].p.start : std::numeric_limits<double>::infinity());
        for (std::size_t j = 0; j < count_; ++j) last = std::max(last, last_below(segments_[j], threshold));
        return last;
    }

    /// Index points lost at a transition (the largest, when there are several; 0 without one).
    double dip_depth() const noexcept {
        double depth = 0.0;
        for (std::size_t j = 0; j < count_; ++j) depth = std::max(depth, segments_[j].before - segments_[j].trough);
        return depth;
    }

    /// Years in dips within the horizon: from each transition's start until the level is back at the
    /// level that transition began at (or the next one begins).
    double dip_length(double horizon) const noexcept {
        double length = 0.0;
        for (std::size_t j = 0; j < count_; ++j) {
            const segment& g = segments_[j];
            if (g.p.start >= horizon || g.trough >= g.before) continue;
            const double room = std::min(g.end, horizon) - g.p.start;
            if (!(g.p.long_run > g.before) || g.p.rate == 0.0) length += room;
            else length += std::min(room, g.p.duration + std::log((g.p.long_run - g.trough) / (g.p.long_run - g.before)) / g.p.rate);
        }
        return length;
    }

    /// The level averaged over [0, horizon] with continuous discounting at rho (0: plain average).
    double discounted_level(double horizon, double rho) const noexcept {
        double area = 0.0;
        const double end_of_plan = count_ ? std::min(segments_[0].p.start, horizon) : horizon;
        // The plan's straight pieces up to the first transition (or the horizon).
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
        for (std::size_t j = 0; j < count_; ++j) {
            const segment& g = segments_[j];
            if (g.p.start >= horizon) break;
            const double end = std::min(g.end, horizon);
            const double recovery_start = std::min(g.p.start + g.p.duration, end);
            area += g.trough * discount_integral(g.p.start, recovery_start, rho);
            if (recovery_start < end) {
                area += g.p.long_run * discount_integral(recovery_start, end, rho);
                const double k = g.p.rate + rho, h = end - recovery_start;
                const double decay = k == 0.0 ? h : -std::expm1(-k * h) / k;
                area += (g.trough - g.p.long_run) * std::exp(-rho * recovery_start) * decay;
            }
        }
        return area / discount_integral(0.0, horizon, rho);
    }

private:
    /// A transition that happens: its parameters, the level it began at, its trough, and the start
    /// of the next one (infinity for the last).
    struct segment {
        stage_parameters p;
        double before, trough, end;
    };

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

    /// The end of the last time within a transition's span [start, end) below `threshold` (0 if none):
    /// at the trough, then on the monotone recovery towards the long-run level.
    static double last_below(const segment& g, double threshold) noexcept {
        constexpr double never = std::numeric_limits<double>::infinity();
        const double recovery_start = g.p.start + g.p.duration, m = g.trough, L = g.p.long_run, r = g.p.rate;
        double last = 0.0;
        if (m < threshold && g.p.start < std::min(recovery_start, g.end)) last = std::min(recovery_start, g.end);
        if (recovery_start >= g.end) return last;
        if (r == 0.0 || m == L) return m < threshold ? g.end : last;  // stays at the trough
        if (m < L) {                                                  // rises: below until it crosses
            if (!(m < threshold)) return last;
            return std::min(L > threshold ? recovery_start + std::log((L - m) / (L - threshold)) / r : never, g.end);
        }
        if (!(L < threshold)) return last;  // falls, but not below the threshold
        const double crossing = m < threshold ? recovery_start : recovery_start + std::log((m - L) / (threshold - L)) / r;
        return crossing < g.end ? g.end : last;
    }

    const improvement_plan& plan_;
    std::array<segment, max_sequence_steps> segments_{};
    std::size_t count_ = 0;
};

/// One path's measures in the order of trajectory_measure_ids (a probability measure: 1 when the
/// path meets it, else 0); `threshold` is the target grade's lower level, `rho` the continuous rate.
inline std::array<double, trajectory_measure_ids.size()> path_measures(const trajectory_path& path, const improvement_settings& s,
                                                                         double threshold, double rho) {
    const double from = path.sustained_from(threshold);
    return {double(path.level(s.target_year) >= threshold), double(from <= s.target_year), double(from <= s.horizon),
            std::min(from, s.horizon), path.dip_depth(), path.dip_length(s.horizon), path.discounted_level(s.horizon, rho)};
}

inline bool is_uncertain(const score& s) noexcept { return s.kind != uncertainty::point; }

/// A transition of an option's route and the year its start counts from.
struct route_stage {
    const transition* change;
    double from;
};

/// The transitions an option's path goes through, in order: its own, or its sequence's steps' (a
/// step whose option follows the plan adds none); none for an option that follows the plan.
inline std::vector<route_stage> route_of(const improvement_settings& s, std::string_view option) {
    std::vector<route_stage> route;
    const option_trajectory* t = find_trajectory(s.transitions, option);
    if (!t) return route;
    if (t->change) route.push_back({&*t->change, 0.0});
    for (const sequence_step& step : t->sequence)
        if (const option_trajectory* own = find_trajectory(s.transitions, step.option); own && own->change)
            route.push_back({&*own->change, step.from});
    return route;
}

inline bool route_is_uncertain(const std::vector<route_stage>& route) {
    for (const route_stage& r : route)
        for (const score* p : transition_parameters(*r.change))
            if (is_uncertain(*p)) return true;
    return false;
}

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

inline constexpr std::uint32_t trajectory_stream = 0x74726a31;  // "trj1"

/// Draws the realised parameters of one option's route, sample by sample. Transition j of the route
/// draws from the uniforms of Philox counters (i, stream, 2j) and (i, stream, 2j + 1), so the first
/// step of a sequence draws what the option it follows draws. Keeps pointers into `s`.
class route_sampler {
public:
    using key_type = r123::Philox4x32::key_type;
    static key_type key(std::uint64_t seed) { return {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}}; }

    route_sampler(const improvement_settings& s, std::string_view option, std::uint64_t samples)
        : route_(route_of(s, option)),
          domains_(transition_domains(s.scale, s.horizon)),
          uncertain_(route_is_uncertain(route_)),
          tables_(route_.size()) {
        // A PERT parameter of a sampled run draws through the inverse-CDF table of its beta shape
        // (as SMAA's cells do: within 1e-13 of exact inversion, nanoseconds instead of microseconds).
        if (!uncertain_ || samples < beta_quantile_table::exact_inversions / 2) return;
        for (std::size_t j = 0; j < route_.size(); ++j) {
            const auto params = transition_parameters(*route_[j].change);
            for (std::size_t k = 0; k < params.size(); ++k)
                if (params[k]->kind == uncertainty::pert && params[k]->high > params[k]->low)
                    tables_[j][k] = std::make_shared<const beta_quantile_table>(pert_alpha(params[k]->low, params[k]->value, params[k]->high),
                                                                               pert_beta(params[k]->low, params[k]->value, params[k]->high));
        }
    }

    bool uncertain() const noexcept { return uncertain_; }

    path_parameters at(std::uint64_t i, std::uint32_t stream, const key_type& key) const {
        path_parameters p;
        p.count = route_.size();
        r123::Philox4x32 philox;
        for (std::size_t j = 0; j < route_.size(); ++j) {
            const auto params = transition_parameters(*route_[j].change);
            double u[8];
            for (std::uint32_t call = 0; call < 2; ++call) {
                const auto r = philox({{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32), stream,
                                        static_cast<std::uint32_t>(2 * j) + call}},
                                      key);
                for (int w = 0; w < 4; ++w) u[4 * call + w] = uniform_from_word(r[w]);
            }
            stage_parameters& g = p.stages[j];
            double* values[] = {&g.start, &g.depth, &g.duration, &g.rate, &g.long_run};
            for (std::size_t k = 0; k < params.size(); ++k)
                *values[k] = tables_[j][k] ? params[k]->low + (params[k]->high - params[k]->low) * (*tables_[j][k])(u[k])
                                           : parameter_at(*params[k], domains_[k], u[k]);
            g.start += route_[j].from;
        }
        return p;
    }

private:
    std::vector<route_stage> route_;
    std::array<parameter_domain, 5> domains_;
    bool uncertain_;
    std::vector<std::array<std::shared_ptr<const beta_quantile_table>, 5>> tables_;
};

}  // namespace detail

// ----------------------------------------------------------------------------------------------
// Checks

/// Checks the computation's options (`where`: their pointer or argument prefix).
inline void validate_trajectory_options(const trajectory_options& o, const std::string& where = "") {
    if (o.samples < 1 || o.samples > 100'000'000)
        throw limit_exceeded("adva.trajectory.samples", where + "samples", "from 1 to 10^8 samples", std::to_string(o.samples));
    if (o.path_points < 2 || o.path_points > 1'001)
        throw limit_exceeded("adva.trajectory.path_points", where + "path_points", "from 2 to 1 001 points", std::to_string(o.path_points));
    for (std::size_t b = 0; b < o.band_probabilities.size(); ++b)
        detail::check_number(o.band_probabilities[b], where + "bands/" + std::to_string(b), "a probability from 0 to 1", 0.0, 1.0);
    detail::checked_threads(o.threads, where + "threads");
}

// ----------------------------------------------------------------------------------------------
// The measures

namespace detail {

/// Sums over a block of samples, added into the total in block order (same bits on any thread count).
struct trajectory_sums {
    std::array<double, trajectory_measure_ids.size()> sum{}, sum2{};  // per measure: its values and squares
    std::vector<double> path, lowest, highest;  // per path point: the sum, least and greatest level
    explicit trajectory_sums(std::size_t points = 0) { clear(points); }
    void clear(std::size_t points) {
        sum.fill(0.0);
        sum2.fill(0.0);
        path.assign(points, 0.0);
        lowest.assign(points, std::numeric_limits<double>::infinity());
        highest.assign(points, -std::numeric_limits<double>::infinity());
    }
    void add(const trajectory_sums& b) {
        for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += b.sum[k], sum2[k] += b.sum2[k];
        for (std::size_t k = 0; k < path.size(); ++k) {
            path[k] += b.path[k];
            lowest[k] = std::min(lowest[k], b.lowest[k]);
            highest[k] = std::max(highest[k], b.highest[k]);
        }
    }
};

inline constexpr std::uint64_t trajectory_block = 1024;
inline constexpr std::uint64_t trajectory_wave = 256;    ///< blocks between two additions into the total
inline constexpr std::size_t trajectory_bins = 2000;  ///< levels per path point, for the bands

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

/// Bound on samples x options with uncertain transitions x path points (about a minute on one core).
inline constexpr double max_trajectory_work = 2e9;
/// Bound on criteria samples x options with uncertain transitions when a model with trajectory-derived
/// criteria is read.
inline constexpr double max_criteria_work = 2e7;

/// The measures of the trajectories of `options` (ids, in the order given; an option without a
/// transition in `s` follows the plan). Every option shares the random numbers of sample i (common
/// random numbers: differences between options are not noise of the draws).
inline std::vector<trajectory_measures> trajectory_analysis(const improvement_settings& s, const std::vector<std::string>& options,
                                                            const trajectory_options& o) {
    validate_improvement(s);
    validate_trajectory_options(o);
    // The work is samples x sampled options x path points (each a few nanoseconds): bounded so that
    // a run ends within minutes.
    std::uint64_t sampled = 0;
    for (const std::string& id : options) sampled += detail::route_is_uncertain(detail::route_of(s, id));
    if (double(o.samples) * double(sampled) * double(o.path_points) > max_trajectory_work)
        throw limit_exceeded("adva.trajectory.samples", "samples",
                             "samples x options with uncertain transitions x path points is at most 2e9 (" + std::to_string(sampled) +
                                 " options, " + std::to_string(o.path_points) + " points)",
                             std::to_string(o.samples));
    const quality_scale& scale = s.scale;
    const improvement_plan& plan = s.plan;
    const double threshold = scale.grades[*target_grade_index(s)].from;
    const double rho = std::log1p(s.discount_rate);
    const std::size_t points = o.path_points;
    const auto key = detail::route_sampler::key(o.seed);
    std::vector<double> times(points);
    for (std::size_t k = 0; k < points; ++k) times[k] = s.horizon * double(k) / double(points - 1);

    std::vector<trajectory_measures> out;
    for (const std::string& id : options) {
        const detail::route_sampler route(s, id, o.samples);
        trajectory_measures m;
        m.option = id;
        m.times = times;
        const bool uncertain = route.uncertain();
        m.exact = !uncertain;
        auto parameters_at = [&](std::uint64_t i) { return route.at(i, detail::trajectory_stream, key); };
        auto measure = [&](const detail::trajectory_path& path, detail::trajectory_sums& sum, std::vector<std::uint32_t>* histogram) {
            const auto values = detail::path_measures(path, s, threshold, rho);
            for (std::size_t k = 0; k < values.size(); ++k) sum.sum[k] += values[k], sum.sum2[k] += values[k] * values[k];
            for (std::size_t k = 0; k < points; ++k) {
                const double q = path.level(times[k]);
                sum.path[k] += q;
                sum.lowest[k] = std::min(sum.lowest[k], q);
                sum.highest[k] = std::max(sum.highest[k], q);
                if (histogram) {
                    const double x = (q - scale.lower) / (scale.upper - scale.lower) * double(detail::trajectory_bins);
                    const auto bin = std::size_t(std::clamp(x, 0.0, double(detail::trajectory_bins - 1)));
                    ++(*histogram)[k * detail::trajectory_bins + bin];
                }
            }
        };

        const std::uint64_t n = uncertain ? o.samples : 1;
        detail::trajectory_sums total(points);
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
                            detail::trajectory_sums& sum = slots[q];
                            sum.clear(points);
                            const std::uint64_t first = (w0 + q) * detail::trajectory_block;
                            const std::uint64_t last = std::min(n, first + detail::trajectory_block);
                            for (std::uint64_t i = first; i < last; ++i)
                                measure(detail::trajectory_path(scale, plan, parameters_at(i)), sum, &h);
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
        for (std::size_t k = 0; k < trajectory_measure_ids.size(); ++k)
            measure_of(m, trajectory_measure_ids[k]) =
                k < 3 ? detail::share_of(total.sum[k], count) : detail::mean_of(total.sum[k], total.sum2[k], count);
        m.expected_path.resize(points);
        for (std::size_t k = 0; k < points; ++k) m.expected_path[k] = total.path[k] / count;
        for (double prob : o.band_probabilities) {
            std::vector<double> band(points);
            for (std::size_t k = 0; k < points; ++k) {
                if (!uncertain) {
                    band[k] = m.expected_path[k];
                    continue;
                }
                // The quantile from the level histogram, interpolated within its bin and kept within
                // the levels seen (a point where every path is at one level gives that level).
                const double want = prob * count;
                double below = 0.0;
                std::size_t bin = 0;
                const std::uint64_t* h = histogram.data() + k * detail::trajectory_bins;
                while (bin + 1 < detail::trajectory_bins && below + double(h[bin]) < want) below += double(h[bin++]);
                const double inside = h[bin] ? std::clamp((want - below) / double(h[bin]), 0.0, 1.0) : 0.0;
                band[k] = std::clamp(scale.lower + (double(bin) + inside) / double(detail::trajectory_bins) * (scale.upper - scale.lower),
                                     total.lowest[k], total.highest[k]);
            }
            m.bands.push_back(std::move(band));
        }
        out.push_back(std::move(m));
    }
    return out;
}

/// The measures of every option of `model`, in model order, from its improvement section.
inline std::vector<trajectory_measures> trajectory_analysis(const appraisal& model, const trajectory_options& o) {
    if (!model.improvement)
        throw invalid_input("adva.trajectory.missing", "/improvement",
                            "trajectories need the model's improvement section: the scale, the plan and the target (docs/trajectories.md)",
                            "no improvement section");
    return trajectory_analysis(*model.improvement, ids_of(model.options), o);
}

/// Sets every option's score on each trajectory-derived criterion of a validated model to the
/// measure the criterion names (a point score; its rationale says how it was computed): the
/// model's improvement section with its criteria_samples and criteria_seed, so the same model
/// always gives the same scores. Models without such criteria are left as they are.
inline void derive_trajectory_scores(appraisal& model) {
    std::vector<const criterion*> derived;
    for (const auto& c : model.criteria)
        if (!c.trajectory_measure.empty()) derived.push_back(&c);
    if (derived.empty() || !model.improvement) return;
    // Reading a model must stay quick: the work of its derived scores is bounded (about 2 s on one core).
    std::uint64_t sampled = 0;
    for (const auto& opt : model.options) sampled += detail::route_is_uncertain(detail::route_of(*model.improvement, opt.id));
    if (double(model.improvement->criteria_samples) * double(sampled) > max_criteria_work)
        throw limit_exceeded("adva.trajectory.samples", "/improvement/criteria_sampling/samples",
                             "criteria samples x options with uncertain transitions is at most 2e7 (" + std::to_string(sampled) + " options)",
                             std::to_string(model.improvement->criteria_samples));
    trajectory_options o;
    o.samples = model.improvement->criteria_samples;
    o.seed = model.improvement->criteria_seed;
    o.path_points = 2;  // the measures only
    o.band_probabilities.clear();
    const auto measures = trajectory_analysis(model, o);
    for (std::size_t k = 0; k < model.options.size(); ++k)
        for (const criterion* c : derived) {
            const estimate& e = measure_of(measures[k], c->trajectory_measure);
            score s{.kind = uncertainty::point, .value = e.value};
            s.rationale = "derived: " + c->trajectory_measure + " of the option's trajectory" +
                          (measures[k].exact ? std::string(" (exact)")
                                             : " (Monte Carlo, " + std::to_string(o.samples) + " samples, seed " + std::to_string(o.seed) +
                                                   ", standard error " + detail::number_text(e.standard_error) + ")");
            model.options[k].scores[c->id] = std::move(s);
        }
}

}  // namespace adva
