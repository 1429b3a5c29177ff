#pragma once
// What the decision report says in words, shared by its HTML and Markdown writers: the summary
// sentences, value functions, gate rules and the robustness facts a reader needs. Internal to
// adva::io.
#include <string>
#include <vector>

#include "adva/io/decision_report.hpp"
#include "report_text.hpp"

namespace adva::io::decision_text {

/// The report's sections in order (HTML ids "sec-<id>", the same titles in Markdown).
struct report_section {
    const char* id;
    const char* title;
};
inline constexpr report_section report_sections[] = {
    {"summary", "Summary"},
    {"context", "Trigger and context"},
    {"function", "Function before form"},
    {"screening", "Long list to short list"},
    {"criteria", "Criteria, scales and value functions"},
    {"weights", "Weights"},
    {"scores", "Scores and rationales"},
    {"ranking", "Ranking and contributions"},
    {"dominance", "Dominance"},
    {"value-for-money", "Value for money"},
    {"economic-case", "Economic case"},
    {"improvement", "Improvement over time"},
    {"sensitivity", "Sensitivity"},
    {"smaa", "Rank acceptability (SMAA-2)"},
    {"stakeholders", "Stakeholder comparison"},
    {"methods", "Method comparison"},
    {"record", "Decision record"},
    {"elicitation", "Appendix: how the weights were elicited"},
};
/// The title of section `id`.
inline const char* section_title(std::string_view id) {
    for (const auto& s : report_sections)
        if (id == s.id) return s.title;
    return "";
}

/// The plain-English summary, one sentence per entry, generated from the numbers: the preferred
/// option and its margin, the weights within which it stays first, the smallest weight change
/// that puts a rival first, its first-rank acceptability, and where the groups disagree.
std::vector<std::string> summary_sentences(const appraisal& model, const decision_report& report);

/// A leaf's scale and value function in words: "fixed 0–100 (higher is better)",
/// "linear from 6 to 36 months (lower is better)", "piecewise linear: 0 → 0, 5 → 60, 10 → 100".
std::string value_function_text(const criterion& c);

/// A gate's rule: "operational_independence required true", "value of G_quality required >= 30".
std::string gate_rule_text(const appraisal& model, const gate& g);

/// The improvement section's assumptions in plain English: the scale and its grades, the plan's
/// milestones, the target, the horizon and discounting, how the figures were computed, and that they
/// are illustrative when the model is. Needs model.improvement.
std::string improvement_assumptions_text(const appraisal& model, const decision_report& report);

/// A trajectory measure as people read it: a probability as a percentage, years and levels with
/// 2 decimals, and "± two standard errors" when it is a Monte Carlo estimate.
std::string estimate_text(const estimate& e, bool probability);

/// The improvement summary's columns, in order: the measure's JSON name (trajectories_to_json), its
/// heading ({year}: the target year, {grade}: the target grade), whether it is a probability.
struct improvement_column {
    const char* key;
    const char* heading;
    bool probability;
    const estimate trajectory_measures::*measure;
};
inline constexpr improvement_column improvement_columns[] = {
    {"at_target", "P({grade} or better at year {year})", true, &trajectory_measures::at_target},
    {"sustained_by_target", "P({grade} or better for good by year {year})", true, &trajectory_measures::sustained_by_target},
    {"time_to_target", "Expected years to {grade}", false, &trajectory_measures::time_to_target},
    {"dip_depth", "Dip depth (points)", false, &trajectory_measures::dip_depth},
    {"dip_length", "Dip length (years)", false, &trajectory_measures::dip_length},
    {"discounted_level", "Discounted level", false, &trajectory_measures::discounted_level},
};
/// A column's heading with the model's target grade and year in place of {grade} and {year}.
std::string improvement_heading(const improvement_column& c, const improvement_settings& s);

/// What the summary's measures mean, for the note under the table.
inline constexpr const char* improvement_meaning =
    "The first column is the chance that the level at the target year is in the target grade or above: what an "
    "inspection then would see. The second is the chance that the path is at or above the target from some time by "
    "then and never falls back. Expected years: when the path is above the target for good, counted as the horizon "
    "when it never gets there. Dip depth: index points lost when the change of vehicle begins; dip length: years until "
    "the level is back where it began. Discounted level: the level averaged over the horizon, weighted by the discount "
    "factor.";

/// The question kind as a word.
const char* question_kind_text(question_kind kind);

/// The explanation every SMAA table carries of what its numbers mean.
inline constexpr const char* smaa_meaning =
    "Rank acceptability is the share of weight vectors, drawn at random within the value tree (every "
    "local weight uniform under its parent) with uncertain scores sampled from their distributions, "
    "under which the option takes each rank. The confidence factor is the probability that the option "
    "ranks first when the weights are fixed at its own central weights (the average weights that make "
    "it first) and only the scores vary: with exact scores it is 1 for any option that can rank first, "
    "however rarely, so read it together with the first-rank acceptability.";

/// The same when a group's answers bound the weights (adva smaa --weights elicited).
inline constexpr const char* smaa_elicited_meaning =
    "Rank acceptability is the share of weight vectors, drawn at random among those the group's answers "
    "allow (uniform on that set under each parent the answers cover, uniform under the others) with "
    "uncertain scores sampled from their distributions, under which the option takes each rank. The "
    "confidence factor is the probability that the option ranks first when the weights are fixed at its "
    "own central weights (the average weights that make it first) and only the scores vary: with exact "
    "scores it is 1 for any option that can rank first, however rarely, so read it together with the "
    "first-rank acceptability.";

/// The same for SMAA-2 on a plain decision matrix (adva smaa --matrix).
inline constexpr const char* smaa_matrix_meaning =
    "Rank acceptability is the share of weight vectors, drawn from the weight information given "
    "(uniform on the simplex when there is none) with uncertain values sampled from their "
    "distributions, under which the alternative takes each rank. The confidence factor is the "
    "probability that the alternative ranks first when the weights are fixed at its own central weights "
    "and only the values vary: with exact values it is 1 for any alternative that can rank first, "
    "however rarely, so read it together with the first-rank acceptability.";

/// The same for SMAA on supplied samples (adva smaa --replay).
inline constexpr const char* smaa_replay_meaning =
    "Rank acceptability is the share of the supplied samples (weights with their values) under which "
    "the alternative takes each rank. The confidence factor is the probability that the alternative "
    "ranks first when the weights are fixed at its own central weights and the supplied values vary: "
    "with one matrix for every sample it is 1 for any alternative that can rank first, however rarely, "
    "so read it together with the first-rank acceptability.";

/// The caution the method comparison carries.
inline constexpr const char* method_caution =
    "Methods answer different questions and make different assumptions; the additive model is the one "
    "the appraisal is built on (MCDA manual). A method whose winner differs is a prompt to look at why, "
    "never a reason to choose the method by the winner it gives.";

/// Score ranges for the tornado: range, triangular and PERT scores span [low, high]; a normal score
/// spans mean ± 1.96 sd (95 %), within its scale's domain.
inline constexpr double normal_range_z = 1.96;

/// One bar of the score-range tornado: the preferred option's total as one leaf's score moves over
/// its range, the other scores held at their central values.
struct score_range_bar {
    std::string criterion;
    std::string range_text;   ///< the score range on the criterion's own scale
    double total_low = 0.0;   ///< total at the least preferred end of the range
    double total_high = 0.0;  ///< total at the most preferred end
};
/// The preferred option's uncertain scores as tornado bars, widest first (empty when none).
std::vector<score_range_bar> score_range_tornado(const appraisal& model, const decision_report& report);

}  // namespace adva::io::decision_text
