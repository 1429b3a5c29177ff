#pragma once
// Report writers for an appraisal result: a documented JSON document (schema/result.schema.json),
// a human-readable terminal report (what `make demo` prints), CSV (one row per option) and
// Markdown. Definitions are compiled into adva::io.
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/appraise.hpp"
#include "adva/model/appraisal.hpp"

namespace adva::io {

inline constexpr int result_format_version = 1;

enum class report_format { table, json, csv, markdown };

/// "table", "json", "csv" or "markdown"; anything else is invalid_input adva.report.format.
report_format parse_report_format(std::string_view name);
const char* to_string(report_format format) noexcept;

/// What a report shows besides the main result.
struct report_extras {
    /// Results of the same model under each stakeholder group's weights (model order), to show
    /// where the groups disagree on the leading option. Empty: the section is left out.
    std::vector<appraisal_result> by_group;
    /// The robustness summary, pre-rendered (io::robustness_summary_to_json / _table in
    /// robustness_json.hpp, so this header stays light): "robustness" in JSON, a section at the end
    /// of the table. Null / empty: left out.
    nlohmann::json robustness;
    std::string robustness_text;
    /// Improvement over time, pre-rendered (improvement_over_time_json; trajectory_summary_table):
    /// "improvement_over_time" in JSON, a section of the table. Null / empty: left out (a model
    /// without an improvement section).
    nlohmann::json improvement_over_time;
    std::string improvement_over_time_text;
};

/// The result as a JSON document (format documented by schema/result.schema.json). Numbers that
/// are undefined (a discounted option with no score) are null; an infinite benefit per cost (an
/// option with zero cost) is null with "benefit_per_cost_infinite": true.
nlohmann::json result_to_json(const appraisal& model, const appraisal_result& result,
                              const report_extras& extras = {});

/// The decision report's trajectories (report_trajectories in decision_report.hpp, with the
/// default decision_report_options: a fixed seed) as `adva trajectory --format json` writes them
/// (trajectories_to_json); null when there are none (no improvement section, or beyond the bound).
nlohmann::json improvement_over_time_json(const appraisal& model);

/// The human-readable terminal report: title, illustrative notice, lock status, warnings,
/// screening with reasons, ranked short list with the main contributions, dominance, value for
/// money and the weight set used.
std::string table_report(const appraisal& model, const appraisal_result& result, const report_extras& extras = {});
/// One row per option (model order) with screening, rank, total, costs and the value at every node.
std::string csv_report(const appraisal& model, const appraisal_result& result);
/// The decision report's sections as Markdown text tables (markdown_decision_report in
/// decision_report.hpp, on this result; extras are not needed: the report computes its own).
std::string markdown_report(const appraisal& model, const appraisal_result& result, const report_extras& extras = {});

/// The report in the given format (JSON pretty-printed with a final newline).
std::string render_report(const appraisal& model, const appraisal_result& result, report_format format,
                          const report_extras& extras = {});

/// The governance state as a person reads it: "locked, digest verified", "unlocked (…)",
/// "reopened (REASON), not locked again", "MODIFIED AFTER LOCK (…)" or "RECORD BROKEN (…)".
std::string lock_status_text(const governance_status& status);

/// The one line anyone can run to check a model file against the framing digest published with
/// the decision: "adva verify MODEL --digest HEX".
std::string verify_command(const std::string& digest, const std::string& model_path = "MODEL");

/// Integrity findings as JSON: [{kind, where, message, severity: "failure" | "warning"}].
nlohmann::json findings_to_json(const std::vector<integrity_finding>& findings);

/// One line for an audit entry's score changes: "3 scores changed: O1/C3 40 → 55, …", the first
/// `shown` changes named, the rest counted. Empty for an entry without changes.
std::string score_changes_text(const audit_entry& entry, std::size_t shown = 3);
/// One score as the record shows it: "62", "4–7, mode 5 (triangular)", "50 ± 8 (normal)".
std::string score_description(const score& s);

}  // namespace adva::io
