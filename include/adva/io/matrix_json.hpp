#pragma once
// Decision-matrix mode of adva (`adva evaluate`, `adva weights`): a JSON contract that other tools
// consume, documented in docs/methods.md. Every bad input throws adva::invalid_input naming the
// JSON pointer, the rule and the value seen; inputs beyond the size bounds below throw
// adva::limit_exceeded. Definitions in src/io/matrix_json.cpp (target adva::io).
#include <cstddef>

#include <nlohmann/json.hpp>

namespace adva::io {

/// Size bounds of decision-matrix mode (documented in docs/methods.md).
inline constexpr std::size_t max_alternatives = 1'000'000;
inline constexpr std::size_t max_criteria = 10'000;
inline constexpr std::size_t max_matrix_cells = 20'000'000;
/// PROMETHEE I lists every pair's relation (O(m^2) output).
inline constexpr std::size_t max_promethee1_alternatives = 2'000;
/// The Gaussian preference function is O(m^2) per criterion.
inline constexpr std::size_t max_gaussian_alternatives = 50'000;
/// AHP random-index tables stop at 15; AIJ/AIP groups are bounded too.
inline constexpr std::size_t max_ahp_judges = 1'000;

/// {"matrix", "types", ["alternatives"], ["criteria"], "weights" | "weighting", "method"} ->
/// {"weights", "scores", "ranking", method-specific results, "method", ["weighting"]}.
nlohmann::json evaluate_decision_json(const nlohmann::json& input);

/// {"weighting", ["matrix", "types", "alternatives", "criteria"]} -> {"weights", "weighting", ...}.
nlohmann::json weights_json(const nlohmann::json& input);

}  // namespace adva::io
