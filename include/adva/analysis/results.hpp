#pragma once
// The result types of the additive appraisal (appraise.hpp): options, weight sets, screening,
// ranking, dominance, value for money and explanations. Kept apart from the algorithms so that each
// analysis header (values, screening, dominance …) can be included on its own.
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "adva/model/appraisal.hpp"

namespace adva {

/// Which options define best (100) and worst (0) on a relative scale.
enum class relative_basis {
    all_options,  ///< every option in the model (screening does not move others' values)
    shortlist,    ///< only the options that pass the gates
};

struct appraise_options {
    std::string group;   ///< stakeholder group id whose weights to use; empty = the consensus
    relative_basis relative_scale_basis = relative_basis::all_options;
    double tie_tolerance = 1e-9;  ///< totals closer than this (0–100 scale) are tied
};

/// Weights for every node of the value tree, indexed like appraisal::criteria.
struct weight_set {
    std::string name;            ///< group id, or "consensus"
    std::vector<double> local;   ///< normalised within each parent (siblings sum to 1)
    std::vector<double> global;  ///< product of local weights from the top (leaves sum to 1)
};

/// not_applicable: the answer to the gate's question says the must-have does not apply to this
/// appraisal (gate_outcome::reason gives the answer); it neither passes nor discounts anyone.
enum class gate_status { pass, fail, unknown, not_applicable };

struct gate_outcome {
    std::string gate;
    gate_status status = gate_status::unknown;
    std::string reason;   ///< always filled, e.g. "operational_independence is false, required true"
};

struct screening_entry {
    std::string option;
    std::vector<gate_outcome> gates;
    bool shortlisted = false;   ///< passes every gate (unknowns per policy), or is a benchmark
    bool benchmark = false;     ///< business-as-usual or do-minimum: kept whatever the gates say
    bool flagged = false;       ///< kept but with a failed or unknown gate (needs attention)
    std::string reason;         ///< why discounted / why flagged; empty when clean
};

struct ranked_option {
    std::string option;
    int rank = 0;        ///< 1-based; tied options share the better rank
    double total = 0.0;  ///< weighted total value, 0–100
    bool tied = false;
};

/// Whether some weights on the value tree can put an option first on its short list: the one
/// definition shared by dominance, potential optimality, what_if and every report. With t* the
/// largest margin, over all leaf weights in the simplex, by which the option beats its best rival
/// (0–100 value points; tolerance potential_optimality_tolerance):
enum class first_place {
    outright,  ///< t* > 0: some weights rank it first alone (it can win)
    tie_only,  ///< t* = 0: some weights bring it level with the best, none put it ahead (it can at
               ///< best tie) — e.g. an option dominated pairwise by one that equals it on some leaves
    never,     ///< t* < 0: under every weighting some rival is ahead; a convex combination of rivals
               ///< beats it on every leaf (it cannot even tie)
};

struct dominance_entry {
    std::string option;
    std::vector<std::string> dominated_by;  ///< options at least as good on every leaf, better on one
    first_place best_possible = first_place::outright;  ///< the best place any weights give it
    /// Can win: best_possible == outright. False for an option dominated by one other option, or
    /// by the short list as a whole (a convex combination of other options).
    bool potentially_optimal = true;
};

/// Where an option lies against the comparator on the cost-effectiveness plane (docs/economics.md).
enum class cost_effectiveness {
    comparator,         ///< the comparator itself
    more_value_more_cost,  ///< a trade-off: value_added_per_extra_cost is the value bought per extra million
    less_value_less_cost,  ///< a trade-off: value_added_per_extra_cost is the value given up per million saved
    dominant,           ///< no less value for no more cost (not both equal)
    dominated,          ///< no more value for no less cost (not both equal)
    equivalent,         ///< the same value for the same cost
    no_comparator,      ///< the model has no comparator with costs on the short list
};

struct value_for_money_entry {
    std::string option;
    double npv_cost = 0.0;           ///< net present cost over the horizon, on the model's cost basis
    double npv_cost_before_optimism_bias = 0.0;  ///< the same before the optimism-bias uplifts
    double total_value = 0.0;        ///< the ranking's weighted total value (0–100)
    /// The value-for-money benefit (0–100): the weighted value of the criteria that do not measure
    /// cost, or the total value, as economics.vfm_benefit names.
    double benefit = 0.0;
    /// Plain ratio: benefit per million of NPV cost (+inf if cost 0). It changes with where the
    /// 0–100 scales start; the differences below do not.
    double benefit_per_cost = 0.0;
    double value_added = std::numeric_limits<double>::quiet_NaN();  ///< benefit − the comparator's
    double extra_cost = std::numeric_limits<double>::quiet_NaN();   ///< npv_cost − the comparator's
    /// value_added per million of extra_cost, in the two trade-off positions; NaN otherwise.
    double value_added_per_extra_cost = std::numeric_limits<double>::quiet_NaN();
    cost_effectiveness position = cost_effectiveness::no_comparator;
    bool on_frontier = false;        ///< efficient: no option has more benefit for no more cost
    /// Along the frontier (sorted by cost): extra benefit per extra million over the previous
    /// frontier option; 0 for the first.
    double incremental_benefit_per_cost = 0.0;
};

inline const char* to_string(cost_effectiveness position) noexcept {
    switch (position) {
        case cost_effectiveness::comparator: return "comparator";
        case cost_effectiveness::more_value_more_cost: return "more_value_more_cost";
        case cost_effectiveness::less_value_less_cost: return "less_value_less_cost";
        case cost_effectiveness::dominant: return "dominant";
        case cost_effectiveness::dominated: return "dominated";
        case cost_effectiveness::equivalent: return "equivalent";
        case cost_effectiveness::no_comparator: return "no_comparator";
    }
    return "?";
}

struct explanation_line {
    std::string criterion;   ///< leaf id
    double weight = 0.0;     ///< global weight
    double value_a = 0.0, value_b = 0.0;
    double contribution_gap = 0.0;  ///< weight × (value_a − value_b), in total points
};

struct explanation {
    std::string a, b;
    double total_a = 0.0, total_b = 0.0;
    double gap = 0.0;                       ///< total_a − total_b
    std::vector<explanation_line> lines;    ///< by |contribution_gap|, largest first
};

struct appraisal_result {
    std::string weights_name;                 ///< group id or "consensus"
    std::vector<std::string> option_ids;      ///< model order
    std::vector<std::string> criterion_ids;   ///< model order, every node
    std::vector<std::size_t> leaf_indices;    ///< positions of leaves in criterion_ids
    weight_set weights;
    /// options × nodes: 0–100 value at every node of the tree. NaN where an option (only a
    /// discounted one: shortlisted options must be complete) has no score under that node.
    Eigen::MatrixXd values;
    Eigen::VectorXd totals;         ///< options: weighted total value (0–100)
    Eigen::MatrixXd contributions;  ///< options × leaves: global weight × value (rows sum to totals)
    std::vector<screening_entry> screening;        ///< every option, model order
    std::vector<ranked_option> ranking;            ///< the short list, best first
    std::vector<dominance_entry> dominance;        ///< the short list
    std::vector<value_for_money_entry> value_for_money;  ///< the short list with costs
    std::string value_for_money_comparator;        ///< the option value added is measured against; empty: none
    governance_status governance;
    std::vector<std::string> warnings;

    /// The gap between two options broken down by leaf criterion, largest first.
    explanation explain(const std::string& a, const std::string& b) const;
};

}  // namespace adva
