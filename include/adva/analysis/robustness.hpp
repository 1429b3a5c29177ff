#pragma once
// The robustness analyses of the additive model (docs/robustness.md) and the short summary that
// appraisal reports carry: the winner's stability interval on each top-level weight and its
// first-rank acceptability from a fixed-seed SMAA-2.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "adva/analysis/compare.hpp"
#include "adva/analysis/model_smaa.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/analysis/what_if.hpp"

namespace adva {

struct robustness_summary {
    std::string winner;  ///< empty when nothing is short-listed
    struct top_level_weight {
        std::string node;
        double weight = 0.0;           ///< current local (= global) weight
        weight_interval winner_stable; ///< the winner stays (at least tied) first for weights in here
    };
    std::vector<top_level_weight> top_level;
    double first_rank_acceptability = 0.0;  ///< of the winner, SMAA-2 with per-parent uniform weights
    double first_rank_acceptability_standard_error = 0.0;
    std::uint64_t samples = 0, seed = 0;
};

/// Samples and seed of the summary's SMAA: fixed, so a report is reproducible.
inline constexpr std::uint64_t robustness_summary_samples = 10000;
inline constexpr std::uint64_t robustness_summary_seed = 20240601;

/// Longest short list whose first-rank acceptability the summary estimates (SMAA's bound:
/// max_smaa_alternatives). Beyond it the summary has samples = 0 and NaN acceptabilities (null in
/// JSON), and the rest of the report stands.
inline constexpr std::size_t max_summary_smaa_options = std::size_t(max_smaa_alternatives);

/// The summary from an SMAA already run on `r` (`smaa`: nullptr when the short list is beyond
/// max_summary_smaa_options; acceptabilities are then NaN).
inline robustness_summary summarise_robustness(const appraisal& model, const appraisal_result& r, const model_smaa_result* smaa,
                                               std::uint64_t samples, std::uint64_t seed) {
    robustness_summary s;
    if (r.ranking.empty()) return s;
    s.winner = r.ranking.front().option;
    for (std::size_t c : model.children_of("")) {
        const auto n = one_way_sensitivity(model, r, c, /*list_crossovers=*/false);  // only the stability interval
        s.top_level.push_back({n.node, n.weight, n.winner_stable});
    }
    s.seed = seed;
    if (!smaa) {
        s.first_rank_acceptability = s.first_rank_acceptability_standard_error = std::numeric_limits<double>::quiet_NaN();
        return s;
    }
    for (std::size_t i = 0; i < smaa->options.size(); ++i)
        if (smaa->options[i] == s.winner) {
            s.first_rank_acceptability = smaa->smaa.rank_acceptability(Eigen::Index(i), 0);
            s.first_rank_acceptability_standard_error = smaa->smaa.rank_acceptability_standard_error(Eigen::Index(i), 0);
        }
    s.samples = samples;
    return s;
}

/// The SMAA-2 run behind a report's robustness summary (one thread: results do not depend on it),
/// or nullopt when the short list is empty or longer than max_summary_smaa_options.
inline std::optional<model_smaa_result> summary_smaa(const appraisal& model, const appraisal_result& r,
                                                     std::uint64_t samples = robustness_summary_samples,
                                                     std::uint64_t seed = robustness_summary_seed) {
    if (r.ranking.empty() || r.ranking.size() > max_summary_smaa_options) return std::nullopt;
    smaa_options o;
    o.samples = samples;
    o.seed = seed;
    o.threads = 1;
    return model_smaa(model, r, o);
}

inline robustness_summary summarise_robustness(const appraisal& model, const appraisal_result& r,
                                               std::uint64_t samples = robustness_summary_samples,
                                               std::uint64_t seed = robustness_summary_seed) {
    const auto smaa = summary_smaa(model, r, samples, seed);
    return summarise_robustness(model, r, smaa ? &*smaa : nullptr, samples, seed);
}

}  // namespace adva
