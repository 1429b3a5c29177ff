#pragma once
// Decision-matrix mode of adva (`adva evaluate`, `adva weights`): a JSON contract that other tools
// consume, documented in docs/methods.md. Every bad input throws adva::invalid_input naming the
// JSON pointer, the rule and the value seen; inputs beyond the size bounds below throw
// adva::limit_exceeded. Definitions in src/io/matrix_json.cpp (target adva::io).
#include <cstddef>

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include "adva/methods/method_registry.hpp"

namespace adva::io {

/// Size bounds of decision-matrix mode (documented in docs/methods.md).
inline constexpr std::size_t max_alternatives = 1'000'000;
inline constexpr std::size_t max_criteria = 10'000;
inline constexpr std::size_t max_matrix_cells = 20'000'000;
/// The methods' own bounds (method_registry.hpp).
using adva::max_gaussian_alternatives;
using adva::max_promethee1_alternatives;
/// AHP random-index tables stop at 15; AIJ/AIP groups are bounded too.
inline constexpr std::size_t max_ahp_judges = 1'000;

/// {"matrix", "types", ["alternatives"], ["criteria"], "weights" | "weighting", "method"} ->
/// {"weights", "scores", "ranking", method-specific results, "method", ["weighting"]}.
nlohmann::json evaluate_decision_json(const nlohmann::json& input);

/// The "method" object's name: the registry's entry (adva.json.unknown_name at /method/name).
const method_descriptor& read_method_name(const nlohmann::json& method);

/// A method's parameters from the "method" object (its "name" and the parameters of `method`'s
/// specs, nothing else: adva.json.unknown_key), checked against the specs and the matrix size,
/// every default filled in. `echo` receives {"name", every parameter}: what the output repeats.
/// Used by `adva evaluate` and Python's adva.evaluate alike (one reading of every parameter).
method_parameters read_method_parameters(const method_descriptor& method, const nlohmann::json& object, Eigen::Index alternatives,
                                         Eigen::Index criteria, nlohmann::json& echo);
/// The same, for a caller that does not need the echo (it costs a JSON object per call).
method_parameters read_method_parameters(const method_descriptor& method, const nlohmann::json& object, Eigen::Index alternatives,
                                         Eigen::Index criteria);

/// Adds the fields of `output` to `result` as JSON (vectors as arrays, pairs as [a, b]).
void put_output(nlohmann::json& result, method_output&& output);

/// {"weighting", ["matrix", "types", "alternatives", "criteria"]} -> {"weights", "weighting", ...}.
nlohmann::json weights_json(const nlohmann::json& input);

}  // namespace adva::io
