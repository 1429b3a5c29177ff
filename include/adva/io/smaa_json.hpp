#pragma once
// JSON input and output of SMAA-2 (docs/smaa.md): results, externally supplied samples ("replay")
// and a decision matrix with weight information and uncertain values. Errors are
// adva::invalid_input naming the JSON pointer of the offending place.
#include <string>

#include <nlohmann/json.hpp>

#include "adva/analysis/smaa.hpp"

namespace adva::io {

/// Results as JSON: rank_acceptability (A x A, rows alternatives, columns ranks), central_weights
/// (A x C; a row is null when the alternative is never first), confidence_factors (A; null when
/// undefined), pairwise_winning (A x A), each with "<key>_standard_error", plus samples,
/// confidence_samples, weight_sampler, rank_counts and pairwise_counts.
nlohmann::json smaa_result_json(const smaa_result& r);

/// {"weights": N x C, "values": N x A x C} or {"weights": N x C, "matrix": A x C}.
smaa_replay_samples smaa_replay_samples_from_json(const nlohmann::json& in);

/// smaa_replay on the samples in `in`; the results as smaa_result_json.
nlohmann::json smaa_replay_json(const nlohmann::json& in, int threads = 0);
/// The same run as a table (io::smaa_table), alternatives numbered from 0 in matrix order.
std::string smaa_replay_table(const nlohmann::json& in, int threads = 0);

/// {"matrix": A x C, "types"?: ["benefit"|"cost", ...], "alternatives"?: [names],
///  "weights"?: {"information": "none"|"ordinal"|"intervals", "rank"?: [...], "lower"?: [...], "upper"?: [...]},
///  "uncertainty"?: A x C of null (exact) or {"distribution": "uniform"|"triangular"|"pert"|"truncated_normal",
///                  "lower", "upper", "mode"?, "mean"?, "sd"?}}.
/// Cost criteria enter negated (-x, bounds swapped): every alternative shifts by the same w_k * max,
/// so this equals reflecting the column (max - x) and leaves every SMAA index unchanged.
smaa_problem smaa_problem_from_json(const nlohmann::json& in);

/// The same problem with the matrix given apart (Python passes it as a numpy array, never as JSON
/// text): `in` holds the other keys ("types", "alternatives", "weights", "uncertainty"). Every cell
/// must be finite, as a JSON number is (adva.smaa.not_finite at /matrix/i/k).
smaa_problem smaa_problem_from_json(const nlohmann::json& in, Eigen::MatrixXd matrix);

/// smaa() on a matrix document; the results as smaa_result_json (with "alternatives" when named).
nlohmann::json smaa_json(const nlohmann::json& in, const smaa_options& options);

/// The same run as a table (io::smaa_table): one row per alternative, named by "alternatives" or
/// else by row number from 0, as in Python.
std::string smaa_matrix_table(const nlohmann::json& in, const smaa_options& options);

}  // namespace adva::io
