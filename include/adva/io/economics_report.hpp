#pragma once
// The economic case as `adva economics` writes it (docs/economics.md): a JSON document, a table for
// people, CSV by option and year, and Markdown. Definitions are compiled into adva::io.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/economics.hpp"
#include "adva/analysis/cost_tornado.hpp"
#include "adva/analysis/switching_values.hpp"
#include "adva/io/report.hpp"

namespace adva::io {

inline constexpr int economics_format_version = 1;

/// The economic case as JSON: the conventions used (discounting, cost basis, the optimism-bias
/// table, the budget), then per option its present values, cash flows by year and lines.
nlohmann::json economic_case_to_json(const appraisal& model, const economic_case& result);

/// The economic case in `format`: table (a summary per option; with `by_year`, each option's cash
/// flows by year too), json, csv (one row per option and year) or markdown (the summary).
std::string render_economic_case(const appraisal& model, const economic_case& result, report_format format,
                                 bool by_year = false);

/// The switching values of the value-for-money comparison (`adva economics --view switching-values`):
/// JSON with the conventions used, a table for people, CSV (one row per option) or Markdown.
/// `result` is the model's appraisal, whose value-for-money entries the values were computed from.
nlohmann::json switching_values_to_json(const appraisal& model, const appraisal_result& result,
                                        const std::vector<option_switching_values>& values);
std::string render_switching_values(const appraisal& model, const appraisal_result& result,
                                    const std::vector<option_switching_values>& values, report_format format);

/// The cost tornado (`adva economics --view tornado`): per option with costs, its NPC as each cost
/// line runs over its range (its own, else its optimism-bias bounds), widest first, and whether that reaches a switching value.
nlohmann::json cost_tornado_to_json(const appraisal& model, const std::vector<option_cost_tornado>& tornado);
std::string render_cost_tornado(const appraisal& model, const std::vector<option_cost_tornado>& tornado, report_format format);

/// The model format's names of a cost line's kind and category ("one_off", "capital", …).
std::string kind_name(cost_kind kind);
std::string category_name(cost_category category);

/// What a reader should know before relying on the figures (cost lines without an optimism-bias
/// category under the with-bias basis, a budget that stops before the horizon, …).
std::vector<std::string> economic_case_warnings(const appraisal& model, const economic_case& result);

}  // namespace adva::io
