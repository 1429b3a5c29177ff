// adva trajectory's output (adva/io/trajectory_report.hpp).
#include "adva/io/trajectory_report.hpp"

#include <cmath>
#include <sstream>

#include "adva/io/scoring_sheet.hpp"
#include "report_text.hpp"

namespace adva::io {

namespace {

using nlohmann::json;
using report_text::exact;
using report_text::fixed;
using report_text::md;
using report_text::option_name;
using report_text::pad_left;
using report_text::pad_right;

json estimate_json(const estimate& e) { return {{"value", e.value}, {"standard_error", e.standard_error}}; }

/// The measures of one option by their JSON names, in the order the outputs list them.
std::vector<std::pair<const char*, const estimate*>> measures_of(const trajectory_measures& m) {
    return {{"at_target", &m.at_target},
            {"sustained_by_target", &m.sustained_by_target},
            {"reached_within_horizon", &m.reached_within_horizon},
            {"time_to_target", &m.time_to_target},
            {"dip_depth", &m.dip_depth},
            {"dip_length", &m.dip_length},
            {"discounted_level", &m.discounted_level}};
}

const option_trajectory* transition_of(const improvement_settings& s, const std::string& option) {
    for (const auto& t : s.transitions)
        if (t.option == option && t.change) return &t;
    return nullptr;
}

std::string band_name(double p) { return "p" + report_text::fixed(100.0 * p, 0); }

/// A measure as people read it: a probability as a percentage, years and levels to 2 decimals, with
/// "± 2 standard errors" when sampled.
std::string shown(const estimate& e, bool probability) {
    const double scale = probability ? 100.0 : 1.0;
    std::string s = fixed(scale * e.value, probability ? 1 : 2) + (probability ? "%" : "");
    if (e.standard_error > 0.0) s += " ±" + fixed(2.0 * scale * e.standard_error, probability ? 1 : 2);
    return s;
}

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
        json o = {{"option", m.option}, {"follows_plan", transition_of(s, m.option) == nullptr}, {"exact", m.exact}};
        for (const auto& [name, e] : measures_of(m)) o[name] = estimate_json(*e);
        json bands = json::object();
        for (std::size_t b = 0; b < m.bands.size(); ++b) bands[band_name(options.band_probabilities[b])] = m.bands[b];
        o["path"] = {{"years", m.times}, {"expected", m.expected_path}, {"bands", std::move(bands)}};
        list.push_back(std::move(o));
    }
    out["options"] = std::move(list);
    return out;
}

std::string render_trajectories(const appraisal& model, const std::vector<trajectory_measures>& measures, const trajectory_options& options,
                                report_format format) {
    const improvement_settings& s = *model.improvement;
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
            for (const auto& m : measures)
                out += "| " + md(m.option) + " | " + shown(m.at_target, true) + " | " + shown(m.sustained_by_target, true) + " | " +
                       shown(m.time_to_target, false) + " | " + shown(m.dip_depth, false) + " | " + shown(m.dip_length, false) + " | " +
                       shown(m.discounted_level, false) + " |\n";
            return out;
        }
        case report_format::table: break;
    }
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
        << pad_left("dip", 12) << pad_left("dip years", 12) << pad_left("disc. level", 14) << '\n';
    for (const auto& m : measures)
        out << pad_right(report_text::clip(m.option, 9), 10) << pad_left(shown(m.at_target, true), 14)
            << pad_left(shown(m.sustained_by_target, true), 14) << pad_left(shown(m.time_to_target, false), 14)
            << pad_left(shown(m.dip_depth, false), 12) << pad_left(shown(m.dip_length, false), 12)
            << pad_left(shown(m.discounted_level, false), 14) << "  " << option_name(model, m.option)
            << (transition_of(s, m.option) ? "" : " (follows the plan)") << '\n';
    out << "\nat target: the chance the level is in the target grade or above at the target year; sustained: at\n"
        << "or above it for good by then; years to: when it is above for good (the horizon if never); dip: index\n"
        << "points lost when the change begins, and years until the level is back; disc. level: the level\n"
        << "averaged over the horizon with discounting.\n";
    // Each option's path by year (whole years, or the points given when fewer).
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
