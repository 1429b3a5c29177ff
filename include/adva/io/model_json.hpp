#pragma once
// JSON model format v1 (docs/model-format.md, schema/model.schema.json). Reading never crashes or
// hangs: size, nesting depth and counts are bounded (limit_exceeded), every structural or semantic
// problem is an invalid_input naming the JSON pointer, the rule and the value seen.
// Definitions are compiled into adva::io, apart from the writer (model_to_json, framing_to_json):
// the model's canonical form, over which the framing digest is taken, is part of adva::core.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/io/decode.hpp"
#include "adva/io/output.hpp"
#include "adva/model/appraisal.hpp"

namespace adva::io {

/// Builds a model from a JSON document (structure, types, then validate() with
/// weight_completeness::in_progress: a framing still being answered can be read).
appraisal model_from_json(const nlohmann::json& document);
/// Reads a model from JSON text.
appraisal parse_model(std::string_view text, const read_limits& limits = {});
/// Reads a model file ("-" reads standard input).
appraisal load_model(const std::filesystem::path& path, const read_limits& limits = {});

/// Everything wrong with a model, as far as it can be read (adva validate). The reader skips a list
/// element it cannot read and carries on; when it skipped any, validation is not run (its rules
/// would see a model with items missing and report errors that are not there). A syntax error
/// stops at once: nothing after it can be read.
struct model_check {
    std::optional<appraisal> model;    ///< the model, when there is no error
    std::vector<invalid_input> errors; ///< the first max_reported_errors, in the order found
    std::size_t error_count = 0;       ///< every error found (more than errors.size() beyond the bound)
};
/// Checks model text; `file` names it in positions (line and column of each error), empty: the
/// text comes from no file and errors carry JSON pointers only.
model_check check_model_text(std::string_view text, const std::string& file = {}, const read_limits& limits = {});
/// Checks a model file ("-": standard input). A file that cannot be read is thrown (adva.io.read).
model_check check_model_file(const std::filesystem::path& path, const read_limits& limits = {});

/// Scores to record after lock (adva score --from): {option id: {criterion id: score}}, each score
/// as in a model file (a number, or an object with its distribution and rationale).
std::vector<score_assignment> score_assignments_from_json(const nlohmann::json& document);
/// An answers file: {"Q1": answer or [answer, …], …}, each answer as in a model file ({"group": …,
/// "by", "text", "rationale", "swing" or "applies"}): the input of answer_questions().
std::vector<question_answer> question_answers_from_json(const nlohmann::json& document);

/// The model as a JSON document; model_from_json(model_to_json(m)) == m.
nlohmann::json model_to_json(const appraisal& model);
/// The model as JSON text (indented by 2, final newline); adva.json.type if a string is not UTF-8.
std::string model_to_text(const appraisal& model);
/// Writes model_to_text(model) under the output policy (adva/io/output.hpp: replaced whole, never
/// a partial file; an existing file replaced unless `existing` is if_exists::refuse).
void save_model(const appraisal& model, const std::filesystem::path& path, if_exists existing = if_exists::replace);

/// The framing part of the model (docs/decision-record.md: context, groups, consensus, functions,
/// criteria, attributes, gates, vehicle types, and each option's identity and gated attributes) as
/// canonical JSON: the input of framing_digest().
nlohmann::json framing_to_json(const appraisal& model);
/// Every option's scores, {option id: {criterion id: score}}: the input of scores_digest().
nlohmann::json scores_to_json(const appraisal& model);
/// One score as the model format writes it (a number, or an object with its distribution and rationale).
nlohmann::json score_to_json(const score& s);
/// An audit entry as the model format writes it; without its signature, the input of entry_hash().
nlohmann::json audit_entry_to_json(const audit_entry& entry, bool with_signature = true);

/// The embedded children's services model (illustrative figures), usable with no files.
appraisal default_model();
/// What prompted the appraisal; it decides what of the default framing a starter model keeps.
enum class appraisal_trigger {
    direction,  ///< a statutory direction (Education Act 1996 s497A) requires options to be considered
    voluntary,  ///< the council reviews its options on its own initiative: no direction, no commissioner
};

/// A starter model: a blank framing (the default question set, criteria tree, gates and options; no
/// title, answers, weights, scores or costs). With appraisal_trigger::voluntary the DfE
/// commissioner's group is left out, the wording no longer assumes a direction, and the gate that
/// only a direction imposes (operational independence) is answered "does not apply", with why.
appraisal starter_model(appraisal_trigger trigger = appraisal_trigger::direction);

}  // namespace adva::io
