// The analyses of the decision report, run once (docs/report.md).
#include "adva/io/decision_report.hpp"

#include <algorithm>
#include <cmath>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/model_weights.hpp"
#include "decision_text.hpp"

namespace adva::io {

trajectory_options report_trajectory_options(const decision_report_options& options) {
    trajectory_options o;
    o.samples = options.trajectory_samples;
    o.seed = options.trajectory_seed;
    return o;
}

std::optional<std::vector<trajectory_measures>> report_trajectories(const appraisal& model, const decision_report_options& options,
                                                                    std::string* left_out) {
    if (!model.improvement) return std::nullopt;
    const trajectory_options with = report_trajectory_options(options);
    validate_trajectory_options(with, "trajectory_");  // a bad argument is an error, not a section left out
    // Every option, short-listed or not: the work grows linearly with them, up to the bound of
    // trajectory_analysis, beyond which the report says the section was left out.
    try {
        return trajectory_analysis(model, with);
    } catch (const limit_exceeded& e) {
        if (e.id() != "adva.trajectory.samples") throw;
        if (left_out) *left_out = e.rule();
        return std::nullopt;
    }
}

decision_report assemble_decision_report(const appraisal& model, const decision_report_options& options) {
    appraise_options appraise_with;
    appraise_with.group = options.group;
    return complete_decision_report(model, appraise(model, appraise_with), options);
}

decision_report complete_decision_report(const appraisal& model, appraisal_result result, const decision_report_options& options) {
    decision_report report;
    report.options = options;
    report.result = std::move(result);
    const appraisal_result& r = report.result;

    for (const auto& w : group_weights(model)) {
        appraise_options by_group;
        by_group.group = w.name;
        report.by_group.push_back(appraise(model, by_group));
    }

    report.trajectories = report_trajectories(model, options, &report.trajectories_left_out);

    report.smaa = summary_smaa(model, r, options.smaa_samples, options.smaa_seed);
    report.summary = summarise_robustness(model, r, report.smaa ? &*report.smaa : nullptr, options.smaa_samples, options.smaa_seed);

    if (r.ranking.size() > max_report_robustness_options) return report;
    report.sensitivity = sensitivity(model, r);
    report.stakeholders = compare_stakeholders(model);  // every group and the consensus, whatever the report's weights
    report.methods = compare_methods(model, r);

    // The rival (not tied first) whose win needs the least weight moved.
    for (const auto& rival : r.ranking) {
        if (rival.rank == 1) continue;
        if (report.rivals_tried == max_report_rivals) break;
        ++report.rivals_tried;
        auto w = what_if(model, r, rival.option, weight_distance::l1);
        if (!w.possible) continue;
        if (!report.closest_rival || w.distance < report.closest_rival->distance) report.closest_rival = std::move(w);
    }
    return report;
}

}  // namespace adva::io

// --- the report in words -------------------------------------------------------------------------

namespace adva::io::decision_text {

using namespace report_text;

const char* question_kind_text(question_kind kind) {
    switch (kind) {
        case question_kind::weight: return "weight";
        case question_kind::gate: return "gate";
        case question_kind::anchor: return "anchor";
        case question_kind::context: return "context";
    }
    return "context";
}

std::string value_function_text(const criterion& c) {
    using detail::short_number;
    const std::string better = better_text(c);
    if (c.scale == scale_type::relative) return "relative scale: the best option 100, the worst 0 (" + better + ")";
    const auto& f = c.value;
    const std::string unit = f.unit.empty() ? std::string() : " " + f.unit;
    switch (f.kind) {
        case value_function_kind::direct: return "fixed 0–100 (" + better + ")";
        case value_function_kind::linear:
            return "linear from " + short_number(f.lower) + " to " + short_number(f.upper) + unit + " (" + better + ")";
        case value_function_kind::exponential:
            return "exponential from " + short_number(f.lower) + " to " + short_number(f.upper) + unit + ", shape " +
                   short_number(f.rho) + " (" + better + ")";
        case value_function_kind::piecewise_linear: {
            std::string s = "piecewise linear" + (unit.empty() ? std::string() : " (" + f.unit + ")") + ": ";
            for (std::size_t i = 0; i < f.points.size(); ++i)
                s += (i ? ", " : "") + short_number(f.points[i].first) + " \u2192 " + short_number(f.points[i].second);
            return s;
        }
    }
    return better;
}

std::string gate_rule_text(const appraisal& model, const gate& g) {
    std::string operand;
    for (std::size_t i = 0; i < g.values.size(); ++i) operand += (i ? ", " : "") + detail::attribute_text(g.values[i]);
    if (g.kind == gate_kind::threshold)
        return "value of " + g.criterion + " " + detail::threshold_requirement(g, model, detail::index_tree(model));
    if (g.kind == gate_kind::affordability)
        return "largest shortfall against the budget envelope " +
               detail::requirement_text(g.op, detail::short_number(g.threshold) + " " + model.context.currency) +
               (g.on_unknown == unknown_policy::discount ? "; an option without costs counts as a failure"
                                                         : "; an option without costs is kept, flagged");
    return g.attribute + " " + detail::requirement_text(g.op, operand) +
           (g.on_unknown == unknown_policy::discount ? "; unknown counts as a failure" : "; unknown keeps the option, flagged");
}

std::vector<std::string> summary_sentences(const appraisal& model, const decision_report& report) {
    const appraisal_result& r = report.result;
    std::vector<std::string> out;
    if (r.ranking.empty()) {
        out.push_back("No option is on the short list: every option was discounted at screening, so nothing is ranked.");
        return out;
    }
    const auto named = [&](const std::string& id) { return id + " " + option_name(model, id); };
    const ranked_option& first = r.ranking.front();
    std::vector<std::string> tied;
    for (const auto& x : r.ranking)
        if (x.rank == 1) tied.push_back(named(x.option));
    const std::string weights = "with " + weight_set_text(model, r);
    if (tied.size() > 1) {
        out.push_back(join(tied, " and ") + " tie for first with " + fixed(first.total, 1) + " points out of 100, " + weights + ".");
    } else if (r.ranking.size() == 1) {
        out.push_back(named(first.option) + " is the only option on the short list (" + fixed(first.total, 1) + " points out of 100).");
    } else {
        const ranked_option& second = r.ranking[1];
        out.push_back("The preferred option is " + named(first.option) + " with " + fixed(first.total, 1) + " points out of 100, " +
                      fixed(first.total - second.total, 1) + " ahead of " + named(second.option) + " (" + fixed(second.total, 1) +
                      "), " + weights + ".");
    }

    std::vector<std::string> ranges;
    for (const auto& t : report.summary.top_level)
        ranges.push_back(criterion_name(model, t.node) + " " + fixed(t.winner_stable.lower, 2) + "–" + fixed(t.winner_stable.upper, 2) +
                         " (now " + fixed(t.weight, 2) + ")");
    if (r.ranking.size() > 1 && !ranges.empty())
        out.push_back("It stays first while any one top-level weight moves within these limits, the others rescaled in proportion: " +
                      join(ranges, "; ") + ".");

    if (const auto& w = report.closest_rival) {
        std::vector<std::string> moves;
        for (std::size_t c = 0; c < w->nodes.size(); ++c) {
            const auto i = index_of(model.criteria, w->nodes[c]);
            if (!i || !model.criteria[*i].parent.empty()) continue;
            if (std::abs(w->new_local[c] - w->current_local[c]) < 0.005) continue;
            moves.push_back(criterion_name(model, w->nodes[c]) + " " + fixed(w->current_local[c], 2) + " \u2192 " + fixed(w->new_local[c], 2));
        }
        out.push_back("The smallest change of weights that brings " + named(w->option) + " level with the leader moves " +
                      fixed(w->distance, 3) + " of the total weight (the sum of absolute changes of the leaf weights)" +
                      (moves.empty() ? std::string(".") : ": top-level weights " + join(moves, ", ") + "."));
    } else if (report.rivals_tried > 0) {
        out.push_back("No change of weights puts another option first: each rival is beaten on every criterion by some option or mix of options.");
    }

    if (report.smaa && std::isfinite(report.summary.first_rank_acceptability))
        out.push_back("With weights drawn at random within the value tree and uncertain scores sampled, " + first.option + " ranks first in " +
                      fixed(100.0 * report.summary.first_rank_acceptability, 1) + "% of " + std::to_string(report.summary.samples) +
                      " samples (first-rank acceptability).");

    if (!report.by_group.empty()) {
        const auto leaders = group_leaders(report.by_group);
        if (groups_disagree(leaders)) {
            std::vector<std::string> views;
            for (const auto& l : leaders) views.push_back(group_name(model, l.group) + " puts " + join(l.leaders, " = ") + " first");
            out.push_back("The stakeholder groups disagree: " + join(views, "; ") + ".");
        } else {
            out.push_back("Every stakeholder group puts " + join(leaders.front().leaders, " = ") + " first.");
        }
    }
    if (r.governance.state() != "locked") out.push_back("Decision record: " + lock_status_text(r.governance) + ".");
    return out;
}

std::string estimate_text(const estimate& e, bool probability) {
    const double scale = probability ? 100.0 : 1.0;
    const int decimals = probability ? 1 : 2;
    std::string s = fixed(scale * e.value, decimals) + (probability ? "%" : "");
    if (e.standard_error > 0.0) s += " ± " + fixed(2.0 * scale * e.standard_error, decimals);
    return s;
}

namespace {

std::string grade_text(const quality_grade& g) { return g.name.empty() ? g.id : g.name; }

void replace_all(std::string& s, std::string_view from, const std::string& to) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

}  // namespace

std::string improvement_heading(const improvement_column& c, const improvement_settings& s) {
    std::string h = c.heading;
    replace_all(h, "{year}", detail::short_number(s.target_year));
    const auto g = target_grade_index(s);
    replace_all(h, "{grade}", g ? grade_text(s.scale.grades[*g]) : s.target_grade);
    return h;
}

std::string improvement_assumptions_text(const appraisal& model, const decision_report& report) {
    using detail::short_number;
    const improvement_settings& s = *model.improvement;
    const quality_scale& scale = s.scale;
    std::vector<std::string> grades;
    for (const auto& g : scale.grades) grades.push_back(grade_text(g) + " from " + short_number(g.from));
    std::string text = "Service quality is measured on the " + scale.name + " from " + short_number(scale.lower) + " to " +
                       short_number(scale.upper) + ", in " + std::to_string(scale.grades.size()) +
                       (scale.grades.size() == 1 ? " grade: " : " grades: ") + join(grades, ", ") + ". ";
    const auto& plan = s.plan;
    text += "The improvement plan starts at " + short_number(plan.current_level) + " (" +
            grade_text(scale.grades[scale.grade_at(plan.current_level)]) + ")";
    // Every milestone up to a readable number; a longer plan is counted.
    constexpr std::size_t named_milestones = 10;
    std::vector<std::string> steps;
    for (std::size_t k = 0; k < plan.milestones.size() && k < named_milestones; ++k) {
        const auto& m = plan.milestones[k];
        steps.push_back(short_number(m.level) + " by year " + short_number(m.year) + (m.name.empty() ? "" : " (" + m.name + ")"));
    }
    if (plan.milestones.size() > named_milestones)
        steps.push_back("and " + std::to_string(plan.milestones.size() - named_milestones) + " more milestones");
    text += steps.empty() ? std::string(" and has no milestones: it stays there") : " and aims at " + join(steps, ", ") + ", then holds";
    const auto target = target_grade_index(s);
    text += ". The target is " + (target ? grade_text(scale.grades[*target]) + " (" + short_number(scale.grades[*target].from) + " or above)" : s.target_grade) +
            " by year " + short_number(s.target_year) + ". ";
    text += "Each option follows the plan until its change of vehicle begins, dips, stays at the trough, then recovers towards its "
            "long-run level; an option without a change follows the plan. The measures cover " + short_number(s.horizon) +
            " years, and the discounted level weights the years at " + short_number(100.0 * s.discount_rate) + "% a year. ";
    const trajectory_options with = report_trajectory_options(report.options);
    bool sampled = false;
    if (report.trajectories)
        for (const auto& m : *report.trajectories) sampled |= !m.exact;
    text += sampled ? "Options with uncertain transitions are Monte Carlo estimates from " + std::to_string(with.samples) +
                          " samples (seed " + std::to_string(with.seed) + "), shown ± two standard errors; the others are exact."
                    : "No transition is uncertain: every figure is exact.";
    if (model.illustrative) text += " Like the rest of the model, these figures are illustrative, not evidence.";
    return text;
}

std::vector<score_range_bar> score_range_tornado(const appraisal& model, const decision_report& report) {
    const appraisal_result& r = report.result;
    std::vector<score_range_bar> bars;
    if (r.ranking.empty()) return bars;
    const std::size_t row = row_of(r, r.ranking.front().option);
    const option& o = model.options[row];
    const double total = r.totals[Eigen::Index(row)];
    for (std::size_t leaf : r.leaf_indices) {
        const criterion& c = model.criteria[leaf];
        const auto it = o.scores.find(c.id);
        if (it == o.scores.end() || it->second.kind == uncertainty::point) continue;
        const score& s = it->second;
        const auto transform = detail::leaf_value_transform(c, 0.0, 1.0);  // only its domain is used
        double lo = s.low, hi = s.high;
        if (s.kind == uncertainty::normal) {
            lo = s.value - normal_range_z * s.sd;
            hi = s.value + normal_range_z * s.sd;
            if (c.scale == scale_type::fixed) lo = std::max(lo, transform.domain_lower), hi = std::min(hi, transform.domain_upper);
        }
        const auto value_of = [&](double x) {
            if (c.scale == scale_type::fixed) return fixed_scale_value(c, x);
            const auto [a, b] = detail::relative_ends(model, r, leaf, relative_basis::all_options);
            if (!(b > a)) return 100.0;
            const double z = std::clamp((x - a) / (b - a), 0.0, 1.0);
            return 100.0 * (c.preference == direction::higher_is_better ? z : 1.0 - z);
        };
        const double g = r.weights.global[leaf], now = r.values(Eigen::Index(row), Eigen::Index(leaf));
        const double t1 = total + g * (value_of(lo) - now), t2 = total + g * (value_of(hi) - now);
        bars.push_back({c.id, detail::short_number(lo) + "–" + detail::short_number(hi), std::min(t1, t2), std::max(t1, t2)});
    }
    std::stable_sort(bars.begin(), bars.end(), [](const score_range_bar& a, const score_range_bar& b) {
        return a.total_high - a.total_low > b.total_high - b.total_low;
    });
    return bars;
}

}  // namespace adva::io::decision_text
