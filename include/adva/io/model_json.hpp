#pragma once
// JSON model format v1 (docs/model-format.md, schema/model.schema.json). Reading never crashes or
// hangs: size, nesting depth and counts are bounded (limit_exceeded), every structural or semantic
// problem is an invalid_input naming the JSON pointer, the rule and the value seen.
// Definitions are compiled into adva::io, apart from the writer (model_to_json, framing_to_json):
// the model's canonical form, over which the framing digest is taken, is part of adva::core.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/io/decode.hpp"
#include "adva/io/output.hpp"
#include "adva/model/appraisal.hpp"

namespace adva::io {

/// Builds a model from a JSON document (structure, types, then validate()).
appraisal model_from_json(const nlohmann::json& document);
/// Reads a model from JSON text.
appraisal parse_model(std::string_view text, const read_limits& limits = {});
/// Reads a model file ("-" reads standard input).
appraisal load_model(const std::filesystem::path& path, const read_limits& limits = {});

/// Scores to record after lock (adva score --from): {option id: {criterion id: score}}, each score
/// as in a model file (a number, or an object with its distribution and rationale).
std::vector<score_assignment> score_assignments_from_json(const nlohmann::json& document);

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
/// A starter model: a blank framing (the default question set, criteria tree, gates and options; no
/// title, answers, weights, scores or costs).
appraisal starter_model();

}  // namespace adva::io
