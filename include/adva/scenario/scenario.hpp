#pragma once
// Scenarios over one base model (docs/batch.md). A scenario is the base model with
//   - weight changes: a node's local weight scaled by (1 + percent/100), its siblings rescaled
//     proportionally so that they still sum to 1 (sibling_rescaling::proportional_siblings, the
//     convention of one-way sensitivity);
//   - score changes: one option's score on one leaf set to a point value;
//   - cost changes: one option's cost line, or all its cost lines, scaled by (1 + percent/100)
//     before optimism bias;
//   - optimism-bias changes: the mitigation share of the cost lines of one optimism-bias category
//     (or of every category), in one option or in all, set to a value;
//   - the weights of a named stakeholder group ("consensus" for the consensus) instead of the base's;
//   - or a JSON Merge Patch (RFC 7386) over the model's JSON, for anything else.
// Weight, score, cost and optimism-bias changes never touch the model's JSON: the runner applies
// them to a prepared, validated dense form of the base (runner.hpp), which is what makes millions
// of scenarios cheap. Costs change value for money and affordability, never the ranking.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/results.hpp"
#include "adva/analysis/smaa.hpp"

namespace adva {

/// Scale the local weight of criterion `node` by (1 + percent/100); siblings keep their ratios.
struct weight_change {
    std::size_t node = 0;   ///< index into appraisal::criteria
    double percent = 0.0;   ///< >= -100
    friend bool operator==(const weight_change&, const weight_change&) = default;
};

/// Set option `option`'s score on leaf `criterion` to the point value `value` (a measured level
/// where the leaf has a value function).
struct score_change {
    std::size_t option = 0;     ///< index into appraisal::options
    std::size_t criterion = 0;  ///< index into appraisal::criteria (a leaf)
    double value = 0.0;
    friend bool operator==(const score_change&, const score_change&) = default;
};

/// Scale option `option`'s cost line `line` (every cost line of the option when `line` is
/// all_lines) by (1 + percent/100): its amount or profile, before optimism bias.
struct cost_change {
    static constexpr std::size_t all_lines = std::size_t(-1);
    std::size_t option = 0;       ///< index into appraisal::options
    std::size_t line = all_lines; ///< index into the option's costs, or all_lines
    double percent = 0.0;         ///< >= -100
    friend bool operator==(const cost_change&, const cost_change&) = default;
};

/// Set the optimism-bias mitigation share of the cost lines in category `category` (every line
/// with a category when empty) of option `option` (every option when all_options) to `mitigation`.
struct optimism_bias_change {
    static constexpr std::size_t all_options = std::size_t(-1);
    std::string category;                ///< an optimism-bias category of the model; "" = every one
    std::size_t option = all_options;    ///< index into appraisal::options, or all_options
    double mitigation = 0.0;             ///< in [0, 1]
    friend bool operator==(const optimism_bias_change&, const optimism_bias_change&) = default;
};

/// Analyses run on every scenario besides the ranking.
struct analysis_request {
    /// The short list's value for money and affordability (on by default). Off, a line holds the
    /// ranking alone, far shorter and faster to write (docs/batch.md measures both).
    bool value_for_money = true;
    /// One-way sensitivity: the interval of each node's local weight in which the winner stays
    /// (at least tied) first.
    bool sensitivity = false;
    std::vector<std::string> sensitivity_nodes;  ///< criterion ids; empty = every node
    /// SMAA-2 on the short list: first-rank acceptability and confidence factor per option.
    bool smaa = false;
    smaa_options smaa_settings{};
    /// Whether the fast path serves it: nothing beyond the ranking and value for money.
    bool rank_only() const noexcept { return !sensitivity && !smaa; }
};

/// One concrete scenario, as produced from its index by a scenario_source.
struct scenario {
    std::uint64_t index = 0;
    std::string id;          ///< unique within the source
    std::string label;       ///< what changed, for people (e.g. "SF+10%,VFM-20%")
    std::string pointer;     ///< where it is defined in the scenario file (/scenarios/3, /generators/0)
    std::string group;       ///< weights of this stakeholder group; "" = the source's base weights
    std::vector<weight_change> weights;
    std::vector<score_change> scores;
    std::vector<cost_change> costs;
    std::vector<optimism_bias_change> optimism_bias;
    std::optional<nlohmann::json> patch;  ///< JSON Merge Patch over the base model's JSON
    analysis_request analyses;

    /// Whether the scenario changes cost lines or their optimism bias.
    bool changes_costs() const noexcept { return !costs.empty() || !optimism_bias.empty(); }

    void clear() {
        id.clear();
        label.clear();
        pointer.clear();
        group.clear();
        weights.clear();
        scores.clear();
        costs.clear();
        optimism_bias.clear();
        patch.reset();
        analyses = {};
    }
};

/// How a scenario ended.
enum class scenario_status { ok, error };

inline const char* to_string(scenario_status s) noexcept { return s == scenario_status::ok ? "ok" : "error"; }

/// Winner stability of one node's local weight (see sensitivity.hpp).
struct scenario_sensitivity {
    std::string node;
    double weight = 0.0;
    double winner_stable_lower = 0.0, winner_stable_upper = 1.0;
};

struct scenario_smaa {
    std::string option;
    double first_rank_acceptability = 0.0;
    double confidence_factor = 0.0;  ///< NaN when the option is never first
};

/// One option's value for money in a scenario: its entry as appraise() gives it, and its
/// affordability against the budget envelope.
struct scenario_value_for_money {
    value_for_money_entry entry;
    int shortfall_years = 0;         ///< years its cost exceeds the envelope (0 without a budget)
    double largest_shortfall = 0.0;  ///< the largest excess of one year and category
};

/// The outcome of one scenario: one line of the JSONL output.
struct scenario_result {
    std::uint64_t index = 0;
    std::string id;
    std::string label;
    scenario_status status = scenario_status::ok;
    // status ok --------------------------------------------------------------------------------
    std::vector<ranked_option> ranking;      ///< the short list, best first (ties explicit)
    std::vector<std::string> discounted;     ///< options discounted at screening, model order
    std::vector<scenario_sensitivity> sensitivity;  ///< when requested
    std::vector<scenario_smaa> smaa;                ///< when requested: the short list, model order
    std::uint64_t smaa_samples = 0, smaa_seed = 0;
    /// The short-listed options with costs (short-list order), and the comparator value added is
    /// measured against ("" when there is none).
    std::vector<scenario_value_for_money> value_for_money;
    std::string value_for_money_comparator;
    /// The decision record's state for the model the scenario was appraised on
    /// (governance_status::state(): "locked", "modified after lock", …): a patch that changes the
    /// framing of a locked model is "modified after lock".
    std::string governance_state;
    // status error -----------------------------------------------------------------------------
    std::string error_id;       ///< e.g. adva.model.out_of_scale
    std::string error_pointer;  ///< JSON pointer into the (patched) model or the scenario file
    std::string error_message;  ///< the error's what()

    /// The winner: first in the ranking ("" when nothing is ranked or on error).
    const std::string& winner() const noexcept {
        static const std::string none;
        return ranking.empty() ? none : ranking.front().option;
    }
    void clear() {
        id.clear();
        label.clear();
        status = scenario_status::ok;
        ranking.clear();
        discounted.clear();
        sensitivity.clear();
        smaa.clear();
        smaa_samples = smaa_seed = 0;
        value_for_money.clear();
        value_for_money_comparator.clear();
        governance_state.clear();
        error_id.clear();
        error_pointer.clear();
        error_message.clear();
    }
};

}  // namespace adva
