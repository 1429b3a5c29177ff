#pragma once
// Improvement over time in the model (docs/trajectories.md): the quality index and its grades, the
// improvement plan, the target, and each option's transition. The measures are
// adva/analysis/trajectory.hpp's.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adva/detail/error_text.hpp"
#include "adva/error.hpp"
#include "adva/known_ids.hpp"
#include "adva/model/options.hpp"

namespace adva {

/// A band of the quality scale: the levels from `from` up to the next grade's `from`.
struct quality_grade {
    std::string id;
    std::string name;
    double from = 0.0;

    friend bool operator==(const quality_grade&, const quality_grade&) = default;
};

/// The quality index: its range and its grades, in ascending order of `from` (the first starts at
/// the bottom of the scale).
struct quality_scale {
    std::string name = "service quality index";
    double lower = 0.0;
    double upper = 100.0;
    std::vector<quality_grade> grades;

    friend bool operator==(const quality_scale&, const quality_scale&) = default;

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

    friend bool operator==(const plan_milestone&, const plan_milestone&) = default;
};

/// The improvement plan: the current level (year 0) and milestones in ascending years; the plan's
/// path runs straight between them and stays at the last level after the last milestone.
struct improvement_plan {
    double current_level = 0.0;
    std::vector<plan_milestone> milestones;

    friend bool operator==(const improvement_plan&, const improvement_plan&) = default;

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

    friend bool operator==(const transition&, const transition&) = default;
};

/// A step of a sequenced option: from year `from` the route of `option` is taken, and its transition
/// (if it has one) begins `start` years after that, as it would have begun from now.
struct sequence_step {
    std::string option;
    double from = 0.0;

    friend bool operator==(const sequence_step&, const sequence_step&) = default;
};

/// Steps a sequenced option may have ("A, then B from year k, then C from year m" has three).
inline constexpr std::size_t max_sequence_steps = 8;

/// One option's trajectory: its own transition, or a sequence of other options' routes ("improve
/// in-house now, move to a trust from year 3"); with neither it follows the plan.
struct option_trajectory {
    std::string option;
    std::optional<transition> change;
    std::vector<sequence_step> sequence;  ///< when not empty, `change` is not set

    friend bool operator==(const option_trajectory&, const option_trajectory&) = default;
};

/// The option's entry among the transitions: a transition or a sequence (nullptr: none, it follows the plan).
inline const option_trajectory* find_trajectory(const std::vector<option_trajectory>& transitions, std::string_view option) {
    for (const auto& t : transitions)
        if (t.option == option) return &t;
    return nullptr;
}

/// The measures a trajectory-derived criterion may use (trajectory_measures' fields).
inline constexpr std::array<std::string_view, 7> trajectory_measure_ids = {
    "at_target", "sustained_by_target", "reached_within_horizon", "time_to_target", "dip_depth", "dip_length", "discounted_level"};

/// Most samples of the measures behind trajectory-derived criteria (they are computed whenever the
/// model is read).
inline constexpr std::uint64_t max_criteria_samples = 1'000'000;

/// Milestones a plan may have: every level on a path is found among them.
inline constexpr std::size_t max_plan_milestones = 100;

/// The model's improvement section: the scale, the plan, the target, the horizon and discount rate
/// of the measures, and the options' transitions (an option without one follows the plan).
struct improvement_settings {
    quality_scale scale = quality_scale::ofsted();
    improvement_plan plan;
    std::string target_grade = "requires_improvement";  ///< a grade id of the scale
    double target_year = 2.0;
    double horizon = 10.0;
    double discount_rate = 0.015;
    std::vector<option_trajectory> transitions;         ///< in model option order when written
    /// Monte Carlo of the measures that trajectory-derived criteria use (fixed with the framing, so
    /// that the derived scores are reproducible).
    std::uint64_t criteria_samples = 10'000;
    std::uint64_t criteria_seed = 1;

    friend bool operator==(const improvement_settings&, const improvement_settings&) = default;
};

/// The levels a measure can take under `s`: probabilities 0 to 1, years 0 to the horizon, depths 0
/// to the scale's width, levels on the scale (nullopt: no such measure).
inline std::optional<std::pair<double, double>> trajectory_measure_range(const improvement_settings& s, std::string_view id) {
    if (id == "at_target" || id == "sustained_by_target" || id == "reached_within_horizon") return std::pair{0.0, 1.0};
    if (id == "time_to_target" || id == "dip_length") return std::pair{0.0, s.horizon};
    if (id == "dip_depth") return std::pair{0.0, s.scale.upper - s.scale.lower};
    if (id == "discounted_level") return std::pair{s.scale.lower, s.scale.upper};
    return std::nullopt;
}

namespace detail {

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

inline void check_number(double v, const std::string& where, const char* rule, double low, double high) {
    if (!std::isfinite(v) || v < low || v > high)
        throw invalid_input("adva.trajectory.out_of_range", where, rule, number_text(v));
}

/// The rules of a sequenced option: 2 to max_sequence_steps steps, the first from year 0, each later
/// one later and within the horizon, naming an option whose own entry is a transition (the first may
/// follow the plan). Which options exist is the model's check (validate()).
inline void check_sequence(const improvement_settings& s, const option_trajectory& t, const std::string& where) {
    if (t.sequence.empty()) return;
    const std::string at = where + "/transitions/" + pointer_token(t.option) + "/sequence";
    if (t.sequence.size() < 2 || t.sequence.size() > max_sequence_steps)
        throw invalid_input("adva.trajectory.sequence", at, "a sequence has 2 to " + std::to_string(max_sequence_steps) + " steps",
                            std::to_string(t.sequence.size()) + " steps");
    for (std::size_t k = 0; k < t.sequence.size(); ++k) {
        const sequence_step& step = t.sequence[k];
        const std::string sw = at + "/" + std::to_string(k);
        if (k == 0 && step.from != 0.0)
            throw invalid_input("adva.trajectory.sequence", sw + "/from", "the first step starts now (year 0)", number_text(step.from));
        if (k > 0) {
            check_number(step.from, sw + "/from", "a year within the horizon", 0.0, s.horizon);
            if (!(step.from > t.sequence[k - 1].from))
                throw invalid_input("adva.trajectory.sequence", sw + "/from", "steps start in ascending years", number_text(step.from));
        }
        const option_trajectory* own = find_trajectory(s.transitions, step.option);
        if (own && !own->sequence.empty())
            throw invalid_input("adva.trajectory.sequence", sw + "/option", "a step names an option with a route of its own, not a sequence",
                                "\"" + step.option + "\"");
        if (k > 0 && (!own || !own->change))
            throw invalid_input("adva.trajectory.sequence", sw + "/option", "a later step names an option with a transition",
                                "\"" + step.option + "\"");
    }
}

}  // namespace detail

/// The position of the target grade in the scale (nullopt: no such grade).
inline std::optional<std::size_t> target_grade_index(const improvement_settings& s) {
    for (std::size_t g = 0; g < s.scale.grades.size(); ++g)
        if (s.scale.grades[g].id == s.target_grade) return g;
    return std::nullopt;
}

/// Checks the improvement section `s` (errors name the place below `where`, its JSON pointer);
/// which options the transitions name is the model's check (validate()).
inline void validate_improvement(const improvement_settings& s, const std::string& where = "/improvement") {
    using detail::check_number;
    using detail::number_text;
    const quality_scale& scale = s.scale;
    if (!std::isfinite(scale.lower) || !std::isfinite(scale.upper) || !(scale.upper > scale.lower))
        throw invalid_input("adva.trajectory.scale", where + "/scale", "the scale needs finite bounds with upper > lower",
                            number_text(scale.lower) + " to " + number_text(scale.upper));
    if (scale.grades.empty() || scale.grades.front().from != scale.lower)
        throw invalid_input("adva.trajectory.grades", where + "/scale/grades", "the first grade starts at the bottom of the scale",
                            scale.grades.empty() ? "no grades" : number_text(scale.grades.front().from));
    std::set<std::string_view> ids;
    for (std::size_t g = 0; g < scale.grades.size(); ++g) {
        const std::string& id = scale.grades[g].id;
        if (id.empty() || !ids.insert(id).second)
            throw invalid_input("adva.trajectory.grades", where + "/scale/grades/" + std::to_string(g) + "/id",
                                "every grade has an id of its own", "\"" + id + "\"");
    }
    for (std::size_t g = 1; g < scale.grades.size(); ++g)
        if (!(scale.grades[g].from > scale.grades[g - 1].from) || !(scale.grades[g].from < scale.upper))
            throw invalid_input("adva.trajectory.grades", where + "/scale/grades/" + std::to_string(g) + "/from",
                                "grades start in ascending order inside the scale", number_text(scale.grades[g].from));
    check_number(s.horizon, where + "/horizon", "the horizon is a number of years from 0.25 to 100", 0.25, 100.0);
    check_number(s.discount_rate, where + "/discount_rate", "an annual rate from 0 to 1", 0.0, 1.0);
    if (s.criteria_samples < 1 || s.criteria_samples > max_criteria_samples)
        throw limit_exceeded("adva.trajectory.samples", where + "/criteria_sampling/samples",
                             "from 1 to " + std::to_string(max_criteria_samples) + " samples", std::to_string(s.criteria_samples));
    check_number(s.plan.current_level, where + "/plan/current_level", "a level on the scale", scale.lower, scale.upper);
    if (s.plan.milestones.size() > max_plan_milestones)
        throw limit_exceeded("adva.trajectory.milestones", where + "/plan/milestones",
                             "a plan has at most " + std::to_string(max_plan_milestones) + " milestones",
                             std::to_string(s.plan.milestones.size()));
    double previous = 0.0;
    for (std::size_t k = 0; k < s.plan.milestones.size(); ++k) {
        const auto& m = s.plan.milestones[k];
        const std::string at = where + "/plan/milestones/" + std::to_string(k);
        if (!std::isfinite(m.year) || !(m.year > previous))
            throw invalid_input("adva.trajectory.milestone_order", at + "/year", "milestones come after year 0 in ascending order",
                                number_text(m.year));
        check_number(m.level, at + "/level", "a level on the scale", scale.lower, scale.upper);
        previous = m.year;
    }
    if (!target_grade_index(s)) {
        std::vector<std::string> ids;
        for (const auto& g : scale.grades) ids.push_back(g.id);
        throw invalid_input("adva.trajectory.unknown_grade", where + "/target/grade", "a grade of the scale (" + known_ids_text(s.target_grade, ids) + ")",
                            "\"" + s.target_grade + "\"");
    }
    check_number(s.target_year, where + "/target/year", "a year within the horizon", 0.0, s.horizon);
    for (const auto& t : s.transitions) detail::check_sequence(s, t, where);
    const auto domains = detail::transition_domains(scale, s.horizon);
    for (const auto& t : s.transitions) {
        if (!t.change) continue;
        const auto params = detail::transition_parameters(*t.change);
        for (std::size_t k = 0; k < params.size(); ++k) {
            const score& p = *params[k];
            const auto& d = domains[k];
            const std::string at = where + "/transitions/" + detail::pointer_token(t.option) + "/" + d.key;
            const std::string rule = std::string("within ") + number_text(d.low) + " to " + number_text(d.high);
            if (p.kind != uncertainty::range) check_number(p.value, at, rule.c_str(), d.low, d.high);
            if (p.kind == uncertainty::range || p.kind == uncertainty::triangular || p.kind == uncertainty::pert) {
                check_number(p.low, at + "/low", rule.c_str(), d.low, d.high);
                check_number(p.high, at + "/high", rule.c_str(), d.low, d.high);
                if (!(p.low <= p.high) || (p.kind != uncertainty::range && (p.value < p.low || p.value > p.high)))
                    throw invalid_input("adva.trajectory.distribution", at, "low <= mode <= high (low <= high for a range)",
                                        number_text(p.low) + ", " + number_text(p.value) + ", " + number_text(p.high));
            }
            if (p.kind == uncertainty::normal)
                check_number(p.sd, at + "/sd", "a standard deviation from 0 to the domain's width", 0.0, d.high - d.low);
        }
    }
}

}  // namespace adva
