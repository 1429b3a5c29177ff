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
    double at_target = 0, sustained = 0, reached = 0, time = 0, time2 = 0, depth = 0, depth2 = 0, length = 0, length2 = 0,
           level = 0, level2 = 0;
    std::vector<double> path, lowest, highest;  // per path point: the sum, least and greatest level
    explicit trajectory_sums(std::size_t points = 0) { clear(points); }
    void clear(std::size_t points) {
        at_target = sustained = reached = time = time2 = depth = depth2 = length = length2 = level = level2 = 0.0;
        path.assign(points, 0.0);
        lowest.assign(points, std::numeric_limits<double>::infinity());
        highest.assign(points, -std::numeric_limits<double>::infinity());
    }
    void add(const trajectory_sums& b) {
        at_target += b.at_target, sustained += b.sustained, reached += b.reached, time += b.time, time2 += b.time2;
        depth += b.depth, depth2 += b.depth2, length += b.length, length2 += b.length2, level += b.level, level2 += b.level2;
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

/// Bound on samples x options with uncertain transitions x path points (about a minute on one core).
inline constexpr double max_trajectory_work = 2e9;

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
    for (const std::string& id : options)
        for (const auto& t : s.transitions)
            if (t.option == id && t.change)
                for (const score* p : detail::transition_parameters(*t.change))
                    if (detail::is_uncertain(*p)) {
                        ++sampled;
                        break;
                    }
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
    std::vector<double> times(points);
    for (std::size_t k = 0; k < points; ++k) times[k] = s.horizon * double(k) / double(points - 1);
    const auto domains = detail::transition_domains(scale, s.horizon);
    const r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(o.seed), static_cast<std::uint32_t>(o.seed >> 32)}};

    std::vector<trajectory_measures> out;
    for (const std::string& id : options) {
        const auto found = std::find_if(s.transitions.begin(), s.transitions.end(), [&](const option_trajectory& t) { return t.option == id; });
        const option_trajectory t = found != s.transitions.end() ? *found : option_trajectory{id, std::nullopt};
        trajectory_measures m;
        m.option = id;
        m.times = times;
        bool uncertain = false;
        if (t.change)
            for (const score* s : detail::transition_parameters(*t.change)) uncertain |= detail::is_uncertain(*s);
        m.exact = !uncertain;

        // A PERT parameter of a sampled run draws through the inverse-CDF table of its beta shape
        // (as SMAA's cells do: within 1e-13 of exact inversion, nanoseconds instead of microseconds).
        std::array<std::optional<detail::beta_quantile_table>, 5> tables;
        if (t.change && uncertain && o.samples >= detail::beta_quantile_table::exact_inversions / 2) {
            const auto params = detail::transition_parameters(*t.change);
            for (std::size_t k = 0; k < params.size(); ++k)
                if (params[k]->kind == uncertainty::pert && params[k]->high > params[k]->low)
                    tables[k].emplace(detail::pert_alpha(params[k]->low, params[k]->value, params[k]->high),
                                      detail::pert_beta(params[k]->low, params[k]->value, params[k]->high));
        }
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
            for (std::size_t k = 0; k < params.size(); ++k)
                *values[k] = tables[k] ? params[k]->low + (params[k]->high - params[k]->low) * (*tables[k])(u[k])
                                       : detail::parameter_at(*params[k], domains[k], u[k]);
            return p;
        };
        auto measure = [&](const detail::trajectory_path& path, detail::trajectory_sums& sum, std::vector<std::uint32_t>* histogram) {
            const double from = path.sustained_from(threshold);
            sum.at_target += path.level(s.target_year) >= threshold;
            sum.sustained += from <= s.target_year;
            sum.reached += from <= s.horizon;
            const double time = std::min(from, s.horizon), depth = path.dip_depth(), length = path.dip_length(s.horizon);
            const double level = path.discounted_level(s.horizon, rho);
            sum.time += time, sum.time2 += time * time, sum.depth += depth, sum.depth2 += depth * depth;
            sum.length += length, sum.length2 += length * length, sum.level += level, sum.level2 += level * level;
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
    std::vector<std::string> ids;
    for (const auto& opt : model.options) ids.push_back(opt.id);
    return trajectory_analysis(*model.improvement, ids, o);
}

}  // namespace adva
