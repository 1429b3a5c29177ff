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
    {"sensitivity", "Sensitivity"},
    {"smaa", "Rank acceptability (SMAA-2)"},
    {"stakeholders", "Stakeholder comparison"},
    {"methods", "Method comparison"},
    {"record", "Decision record"},
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
