#pragma once
// Trajectories as `adva trajectory` writes them (docs/trajectories.md): a JSON document, a table for
// people, CSV of the expected paths and bands, and Markdown. Definitions are compiled into adva::io.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/trajectory.hpp"
#include "adva/io/report.hpp"

namespace adva::io {

inline constexpr int trajectory_format_version = 1;

/// The measures as JSON: the conventions (scale and grades, plan, target, horizon, discount rate,
/// samples, seed), then per option its transition, measures (value and standard error) and path.
nlohmann::json trajectories_to_json(const appraisal& model, const std::vector<trajectory_measures>& measures,
                                    const trajectory_options& options);

/// The summary for people: the target and conventions, then one row per option (the table format's
/// first part, and the improvement section of `adva appraise`).
std::string trajectory_summary_table(const appraisal& model, const std::vector<trajectory_measures>& measures,
                                     const trajectory_options& options);

/// The measures in `format`: table (a summary per option, then each option's path and bands by
/// year), json, csv (one row per option and path point) or markdown (the summary).
std::string render_trajectories(const appraisal& model, const std::vector<trajectory_measures>& measures,
                                const trajectory_options& options, report_format format);

}  // namespace adva::io
