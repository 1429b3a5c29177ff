#pragma once
// The scenario file format (docs/batch.md): a base model (a path relative to the scenario file, an
// embedded model, or the built-in default), base weights, default analyses, explicit scenarios
// (JSON Merge Patches, weight and score changes, a stakeholder group) and generators. Reading
// checks the whole file: every problem is an invalid_input naming the JSON pointer in the scenario
// file (and the scenario's id in the rule), before any scenario runs. Definitions in adva::io.
#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

#include "adva/io/model_json.hpp"
#include "adva/scenario/generators.hpp"

namespace adva::io {

/// Builds a scenario source from a parsed scenario file; `base_dir` resolves a relative model path.
scenario_source scenarios_from_json(const nlohmann::json& document, const std::filesystem::path& base_dir,
                                    const read_limits& limits = {});
/// Reads a scenario source from JSON text (limits as for models).
scenario_source parse_scenarios(std::string_view text, const std::filesystem::path& base_dir,
                                const read_limits& limits = {});
/// Reads a scenario file; a relative model path is taken from the file's directory.
scenario_source load_scenarios(const std::filesystem::path& file, const read_limits& limits = {});

}  // namespace adva::io
