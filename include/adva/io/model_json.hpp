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

/// The model as a JSON document; model_from_json(model_to_json(m)) == m.
nlohmann::json model_to_json(const appraisal& model);
/// The model as JSON text (indented by 2, final newline); adva.json.type if a string is not UTF-8.
std::string model_to_text(const appraisal& model);
/// Writes model_to_text(model) under the output policy (adva/io/output.hpp: replaced whole, never
/// a partial file; an existing file replaced unless `existing` is if_exists::refuse).
void save_model(const appraisal& model, const std::filesystem::path& path, if_exists existing = if_exists::replace);

/// The framing part of the model (context, groups, consensus, functions, criteria, attributes,
/// gates) as canonical JSON: the input of framing_digest().
nlohmann::json framing_to_json(const appraisal& model);

/// The embedded children's services model (illustrative figures), usable with no files.
appraisal default_model();
/// A starter model: the default question set, criteria, gates and options, with no answers and no scores.
appraisal starter_model();

}  // namespace adva::io
