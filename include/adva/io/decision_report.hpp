#pragma once
// The decision report (docs/report.md): everything a cabinet paper needs from one appraisal,
// computed once — the result, each stakeholder group's result, one-way sensitivity, the smallest
// weight change that puts another option first, SMAA-2, stakeholder and method comparison — and
// improvement over time (when the model has an improvement section) — and written as one
// self-contained HTML file (inline CSS, charts as inline SVG, no script needed to read it) or as
// Markdown with the same sections. Definitions are compiled into adva::io.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adva/analysis/robustness.hpp"
#include "adva/analysis/trajectory.hpp"
#include "adva/model/appraisal.hpp"

namespace adva::io {

/// What a decision report is computed with.
struct decision_report_options {
    std::string group;  ///< the stakeholder group whose weights the report uses; empty = the consensus
    std::uint64_t smaa_samples = robustness_summary_samples;  ///< SMAA-2 samples (fixed seed: reproducible)
    std::uint64_t smaa_seed = robustness_summary_seed;
    /// Trajectory samples (docs/trajectories.md); the other trajectory conventions are
    /// trajectory_options' defaults, with a fixed seed so that the report is reproducible.
    std::uint64_t trajectory_samples = 10'000;
    std::uint64_t trajectory_seed = 1;
};

/// The trajectory options a decision report computes with: trajectory_options' defaults with the
/// report's samples and seed.
trajectory_options report_trajectory_options(const decision_report_options& options);

/// Longest short list for which the report runs the analyses that grow faster than the short list
/// (sensitivity crossovers, the weight-change LPs, stakeholder and method comparison): beyond it
/// those sections say they were left out and why; everything else is reported in full.
inline constexpr std::size_t max_report_robustness_options = 2000;
/// The weight-change LP ("what would it take") is solved for at most this many rivals of the
/// winner, in ranking order.
inline constexpr std::size_t max_report_rivals = 50;

/// The scores section shows the score tables of at most this many options (the best ranked); the
/// rest are counted, and are in the model and the JSON result.
inline constexpr std::size_t max_report_score_tables = 100;

/// The HTML report draws the improvement fan charts of at most this many options (model order); its
/// summary table, the Markdown report and the JSON result cover every option.
inline constexpr std::size_t max_report_fan_charts = 12;

struct decision_report {
    appraisal_result result;                  ///< under the report's weights
    std::vector<appraisal_result> by_group;   ///< under each answering group's weights, model order
    robustness_summary summary;               ///< the winner's stability intervals and acceptability
    std::optional<sensitivity_result> sensitivity;  ///< every node; nullopt beyond the bound
    /// The rival whose win needs the smallest change of weights (l1 distance), nullopt when no
    /// rival can win, the short list has one option, or beyond the bound.
    std::optional<what_if_result> closest_rival;
    std::size_t rivals_tried = 0;
    std::optional<model_smaa_result> smaa;    ///< nullopt: empty short list or beyond max_summary_smaa_options
    std::optional<stakeholder_comparison> stakeholders;  ///< nullopt beyond the bound
    std::optional<method_comparison> methods;            ///< nullopt beyond the bound
    /// Every option's trajectory measures, in model order (report_trajectory_options(options));
    /// nullopt when the model has no improvement section, or when the work would pass the bound of
    /// trajectory_analysis (trajectories_left_out then says why).
    std::optional<std::vector<trajectory_measures>> trajectories;
    std::string trajectories_left_out;
    decision_report_options options;
};

/// Appraises `model` and runs every analysis of the report. invalid_input as appraise() does
/// (including an unknown group: adva.appraise.unknown_group).
decision_report assemble_decision_report(const appraisal& model, const decision_report_options& options = {});
/// The same from an appraisal already made (`result` = appraise(model) with options.group).
decision_report complete_decision_report(const appraisal& model, appraisal_result result, const decision_report_options& options = {});

/// The report's trajectories of every option of `model` (decision_report::trajectories): nullopt
/// without an improvement section, or when the work passes trajectory_analysis's bound (`left_out`,
/// when given, then says why). invalid_input for bad trajectory samples (adva.trajectory.samples).
std::optional<std::vector<trajectory_measures>> report_trajectories(const appraisal& model, const decision_report_options& options = {},
                                                                    std::string* left_out = nullptr);

/// How the HTML report is written.
struct html_options {
    /// Adds the live weights section: a slider per top-level node, a choice of stakeholder group,
    /// and the totals, ranking and contribution bars recomputed in the browser by a small inline
    /// script (no library, no network). Without it the page has no script at all.
    bool interactive = false;
    /// Printed under the title when not empty ("generated 2026-03-01 10:00"); the default leaves it
    /// out so that the same input always gives the same bytes.
    std::string generated_at;
    /// The model file as the verify command should name it.
    std::string model_path = "MODEL";
};

/// The report as one self-contained HTML5 document (UTF-8).
std::string html_report(const appraisal& model, const decision_report& report, const html_options& options = {});

/// The report's sections as Markdown text tables, for pasting into a council template.
std::string markdown_decision_report(const appraisal& model, const decision_report& report,
                                     const std::string& model_path = "MODEL");

}  // namespace adva::io
