// adva trajectory's output (adva/io/trajectory_report.hpp).
#include "adva/io/trajectory_report.hpp"

#include <cmath>
#include <sstream>

#include "adva/io/scoring_sheet.hpp"
#include "decision_text.hpp"
#include "report_text.hpp"

namespace adva::io {

namespace {

using nlohmann::json;
using decision_text::estimate_text;
using report_text::exact;
using report_text::fixed;
using report_text::md;
using report_text::option_name;
using report_text::pad_left;
using report_text::pad_right;

json estimate_json(const estimate& e) { return {{"value", e.value}, {"standard_error", e.standard_error}}; }

bool follows_plan(const improvement_settings& s, const std::string& option) { return detail::route_of(s, option).empty(); }

/// A sequenced option's steps (empty for any other option).
const std::vector<sequence_step>& sequence_of(const improvement_settings& s, const std::string& option) {
    static const std::vector<sequence_step> none;
    const option_trajectory* t = find_trajectory(s.transitions, option);
    return t ? t->sequence : none;
}

/// "(follows the plan)", "(O1, then O4 from year 3)" or nothing, after an option's name.
std::string route_note(const improvement_settings& s, const std::string& option) {
    if (follows_plan(s, option)) return " (follows the plan)";
    const auto& steps = sequence_of(s, option);
    if (steps.empty()) return "";
    std::string note = " (" + steps.front().option;
    for (std::size_t k = 1; k < steps.size(); ++k) note += ", then " + steps[k].option + " from year " + report_text::exact(steps[k].from);
    return note + ")";
}

std::string band_name(double p) { return "p" + report_text::fixed(100.0 * p, 0); }


}  // namespace

json trajectories_to_json(const appraisal& model, const std::vector<trajectory_measures>& measures, const trajectory_options& options) {
    const improvement_settings& s = *model.improvement;
    json grades = json::array();
    for (const auto& g : s.scale.grades) grades.push_back({{"id", g.id}, {"name", g.name}, {"from", g.from}});
    json milestones = json::array();
    for (const auto& m : s.plan.milestones) milestones.push_back({{"name", m.name}, {"year", m.year}, {"level", m.level}});
    json out = {{"adva_trajectories", trajectory_format_version},
                {"conventions",
                 {{"scale", {{"name", s.scale.name}, {"lower", s.scale.lower}, {"upper", s.scale.upper}, {"grades", grades}}},
                  {"plan", {{"current_level", s.plan.current_level}, {"milestones", milestones}}},
                  {"target", {{"grade", s.target_grade}, {"year", s.target_year}}},
                  {"horizon", s.horizon},
                  {"discount_rate", s.discount_rate},
                  {"discounting", "continuous at ln(1 + rate)"},
                  {"time_to_target", "censored at the horizon"},
                  {"samples", options.samples},
                  {"seed", options.seed},
                  {"band_probabilities", options.band_probabilities}}}};
    json list = json::array();
    for (const auto& m : measures) {
        json o = {{"option", m.option}, {"follows_plan", follows_plan(s, m.option)}, {"exact", m.exact}};
        if (const auto& steps = sequence_of(s, m.option); !steps.empty()) {
            json sequence = json::array();
            for (const auto& step : steps) sequence.push_back({{"option", step.option}, {"from", step.from}});
            o["sequence"] = std::move(sequence);
        }
        for (std::string_view id : trajectory_measure_ids) o[std::string(id)] = estimate_json(measure_of(m, id));
        json bands = json::object();
        for (std::size_t b = 0; b < m.bands.size(); ++b) bands[band_name(options.band_probabilities[b])] = m.bands[b];
        o["path"] = {{"years", m.times}, {"expected", m.expected_path}, {"bands", std::move(bands)}};
        list.push_back(std::move(o));
    }
    out["options"] = std::move(list);
    return out;
}

std::string trajectory_summary_table(const appraisal& model, const std::vector<trajectory_measures>& measures,
                                     const trajectory_options& options) {
    const improvement_settings& s = *model.improvement;
    const auto& grade = s.scale.grades[*target_grade_index(s)];
    std::ostringstream out;
    out << "Improvement over time: each option's " << s.scale.name << " (" << fixed(s.scale.lower, 0) << "-" << fixed(s.scale.upper, 0)
        << ") along the plan, with its transition\n"
        << "  target: " << (grade.name.empty() ? grade.id : grade.name) << " (from " << fixed(grade.from, 1) << ") by year "
        << fixed(s.target_year, 2) << "; horizon " << fixed(s.horizon, 1) << " years; discounted at " << fixed(100.0 * s.discount_rate, 2)
        << "% a year\n";
    bool sampled = false;
    for (const auto& m : measures) sampled |= !m.exact;
    if (sampled)
        out << "  uncertain transitions: " << options.samples << " samples, seed " << options.seed
            << "; ± is two standard errors\n";
    if (measures.empty()) {
        out << "\n  The model has no options.\n";
        return out.str();
    }
    out << '\n'
        << pad_right("option", 10) << pad_left("at target", 14) << pad_left("sustained", 14) << pad_left("years to", 14)
        << pad_left("dip", 14) << pad_left("dip years", 14) << pad_left("disc. level", 14) << '\n';
    for (const auto& m : measures)
        out << pad_right(report_text::clip(m.option, 9), 10) << pad_left(estimate_text(m.at_target, true), 14)
            << pad_left(estimate_text(m.sustained_by_target, true), 14) << pad_left(estimate_text(m.time_to_target, false), 14)
            << pad_left(estimate_text(m.dip_depth, false), 14) << pad_left(estimate_text(m.dip_length, false), 14)
            << pad_left(estimate_text(m.discounted_level, false), 14) << "  " << option_name(model, m.option)
            << route_note(s, m.option) << '\n';
    out << "\nat target: the chance the level is in the target grade or above at the target year; sustained: at\n"
        << "or above it for good by then; years to: when it is above for good (the horizon if never); dip: index\n"
        << "points lost when the change begins, and years until the level is back; disc. level: the level\n"
        << "averaged over the horizon with discounting.\n";
    return out.str();
}

std::string render_trajectories(const appraisal& model, const std::vector<trajectory_measures>& measures, const trajectory_options& options,
                                report_format format) {
    switch (format) {
        case report_format::json: return trajectories_to_json(model, measures, options).dump(2) + "\n";
        case report_format::csv: {
            sheet_table t;
            std::vector<std::string> head = {"option", "year", "expected"};
            for (double p : options.band_probabilities) head.push_back(band_name(p));
            t.rows.push_back(head);
            for (const auto& m : measures)
                for (std::size_t k = 0; k < m.times.size(); ++k) {
                    std::vector<std::string> row = {m.option, exact(m.times[k]), exact(m.expected_path[k])};
                    for (const auto& band : m.bands) row.push_back(exact(band[k]));
                    t.rows.push_back(std::move(row));
                }
            return sheet_to_csv(t);
        }
        case report_format::markdown: {
            std::string out = "| option | at target | sustained by target | years to target | dip depth | dip length | discounted level |\n"
                              "|---|---:|---:|---:|---:|---:|---:|\n";
            for (const auto& m : measures) {
                out += "| " + md(m.option) + " |";
                for (std::string_view id : trajectory_measure_ids)
                    if (id != "reached_within_horizon")  // the summary's six
                        out += " " + estimate_text(measure_of(m, id), trajectory_measure_index(id) < 3) + " |";
                out += "\n";
            }
            return out;
        }
        case report_format::table: break;
    }
    if (measures.empty()) return trajectory_summary_table(model, measures, options);
    std::ostringstream out;
    out << trajectory_summary_table(model, measures, options);
    // Each option's path by year (whole years, or the points given when fewer).
    bool sampled = false;
    for (const auto& m : measures) sampled |= !m.exact;
    out << "\nExpected level by year";
    const bool banded = sampled && !options.band_probabilities.empty();
    if (banded) out << " (with the " << band_name(options.band_probabilities.front()) << "-" << band_name(options.band_probabilities.back())
                     << " band)";
    out << '\n' << pad_right("option", 10);
    std::vector<std::size_t> shown_points;
    for (std::size_t k = 0; k < measures.front().times.size(); ++k) {
        const double t = measures.front().times[k];
        if (std::abs(t - std::round(t)) < 1e-9 && shown_points.size() < 16) shown_points.push_back(k);
    }
    for (std::size_t k : shown_points) out << pad_left("y" + fixed(measures.front().times[k], 0), 8);
    out << '\n';
    for (const auto& m : measures) {
        out << pad_right(report_text::clip(m.option, 9), 10);
        for (std::size_t k : shown_points) out << pad_left(fixed(m.expected_path[k], 1), 8);
        out << '\n';
        if (banded && !m.exact) {
            out << pad_right("", 10);
            for (std::size_t k : shown_points)
                out << pad_left(fixed(m.bands.front()[k], 0) + "-" + fixed(m.bands.back()[k], 0), 8);
            out << '\n';
        }
    }
    return out.str();
}

}  // namespace adva::io
