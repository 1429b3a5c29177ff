#pragma once
// JSON documents and terminal tables for the robustness analyses (docs/robustness.md): one-way
// sensitivity and score thresholds, "what would it take", stakeholder and method comparison, SMAA-2
// on a model, and the short robustness summary of an appraisal report. Undefined numbers (NaN) are
// JSON null. Definitions are compiled into adva::io.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/robustness.hpp"

namespace adva::io {

nlohmann::json sensitivity_to_json(const sensitivity_result& s);
std::string sensitivity_table(const sensitivity_result& s);

nlohmann::json what_if_to_json(const what_if_result& w);
std::string what_if_table(const what_if_result& w);

nlohmann::json stakeholder_comparison_to_json(const stakeholder_comparison& s);
nlohmann::json method_comparison_to_json(const method_comparison& m);
/// Both comparisons as `adva compare` prints them.
std::string comparison_table(const stakeholder_comparison& s, const method_comparison& m);

/// smaa_result_json plus "options", "criteria", "weight_information".
nlohmann::json model_smaa_to_json(const model_smaa_result& r);
std::string model_smaa_table(const model_smaa_result& r);
/// The SMAA-2 table of any result: one row per alternative (`names`, in the result's order, under
/// `row_heading`) with first-rank acceptability +- its standard error, ranks 2-5 and the confidence
/// factor ("n/a" where undefined), under `title`, followed by `meaning` (how to read it) wrapped to
/// 100 columns.
std::string smaa_table(const smaa_result& r, const std::vector<std::string>& names, const std::string& row_heading,
                       const std::string& title, std::string_view meaning);

nlohmann::json robustness_summary_to_json(const robustness_summary& s);
/// A few lines for the appraisal's table report.
std::string robustness_summary_table(const robustness_summary& s);

}  // namespace adva::io
