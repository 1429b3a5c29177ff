#pragma once
// The additive appraisal of a model: gate screening, 0–100 values at every node of the value tree,
// weighted totals, ranking with explicit ties, contributions, dominance, value for money, and the
// governance (function-before-form) status. Header-only: the result types are in results.hpp and
// each step in its own header (model_weights, values, screening, dominance, value_for_money,
// explain); validate() and check_governance() come from adva::core and the potential-optimality LP
// of dominance() from adva::lp, so link both.
//
// Order of work in appraise():
//   1. validate(model) (invalid_input on any broken rule) and check_governance(model);
//   2. the weight set: appraise_options::group, or the consensus;
//   3. node values with every option defining relative scales, and gate screening on them
//      (the short list is not known before screening); a threshold gate on an interior node reads
//      its value under its own weights (gate::weights, the consensus by default);
//   4. with relative_basis::shortlist, node values again with only the short list defining
//      relative scales;
//   5. every shortlisted option must be scored on every leaf (adva.appraise.missing_score);
//      discounted options may be incomplete (NaN values);
//   6. totals, contributions, ranking, dominance (short lists up to max_dominance_options) and
//      value for money over the short list.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/dominance.hpp"
#include "adva/analysis/economics.hpp"
#include "adva/analysis/explain.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/analysis/results.hpp"
#include "adva/analysis/screening.hpp"
#include "adva/analysis/value_for_money.hpp"
#include "adva/analysis/values.hpp"
#include "adva/error.hpp"
#include "adva/known_ids.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

/// Ranks `members` (indices into `totals`) best first into `out`, reusing its buffers (`order` is
/// scratch). Options within `tolerance` of the first option of a run share its (better) rank and
/// are marked tied; the next rank skips ("1224"). Equal totals keep the order of `members`.
inline void rank_options_into(const Eigen::VectorXd& totals, const std::vector<std::size_t>& members,
                              const std::vector<std::string>& ids, double tolerance, std::vector<ranked_option>& out,
                              std::vector<std::size_t>& order) {
    order = members;
    const auto better = [&](std::size_t a, std::size_t b) { return totals[Eigen::Index(a)] > totals[Eigen::Index(b)]; };
    if (order.size() <= 32) {  // a short list: a stable insertion sort, without stable_sort's buffer
        for (std::size_t k = 1; k < order.size(); ++k) {
            const std::size_t x = order[k];
            std::size_t j = k;
            for (; j > 0 && better(x, order[j - 1]); --j) order[j] = order[j - 1];
            order[j] = x;
        }
    } else {
        std::stable_sort(order.begin(), order.end(), better);
    }
    out.resize(order.size());
    std::size_t run_start = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        ranked_option& r = out[k];
        r.option = ids[order[k]];
        r.total = totals[Eigen::Index(order[k])];
        r.tied = false;
        if (k > 0 && std::abs(out[run_start].total - r.total) <= tolerance) {
            r.rank = out[run_start].rank;
            r.tied = true;
            for (std::size_t j = run_start; j < k; ++j) out[j].tied = true;
        } else {
            run_start = k;
            r.rank = int(k) + 1;
        }
    }
}

/// rank_options_into() as a new vector.
inline std::vector<ranked_option> rank_options(const Eigen::VectorXd& totals, const std::vector<std::size_t>& members,
                                               const std::vector<std::string>& ids, double tolerance) {
    std::vector<ranked_option> out;
    std::vector<std::size_t> order;
    rank_options_into(totals, members, ids, tolerance, out, order);
    return out;
}

namespace detail {

/// Step 2 of appraise(): the weights of stakeholder group `group`, or the consensus when it is empty.
inline weight_set appraisal_weights(const appraisal& model, const std::string& group) {
    if (group.empty()) return consensus_weights(model);
    const auto g = model.group_index(group);
    if (!g)
        throw invalid_input("adva.appraise.unknown_group", "group",
                            "the weights must come from a declared stakeholder group, or the consensus (" +
                                known_ids_text(group, ids_of(model.groups)) + ")",
                            "\"" + group + "\"");
    return weights_for_group(model, group, "/stakeholder_groups/" + std::to_string(*g));
}

/// Step 5 of appraise(): a short-listed option without a score on leaf criterion `leaf`.
inline invalid_input missing_score(const appraisal& model, std::size_t option, std::size_t leaf) {
    return invalid_input("adva.appraise.missing_score", "/options/" + std::to_string(option) + "/scores/" + model.criteria[leaf].id,
                         "an option on the short list needs a score on every leaf criterion", "no score");
}

}  // namespace detail

// ----------------------------------------------------------------------------------------------
// Value for money (step 6; also the scenario runner's, per scenario)

/// What the value-for-money benefit counts (economics.vfm_benefit), fixed for a model: the total
/// value, or the weighted value of the leaves that do not measure cost (a criterion marked
/// measures_cost, or under one), renormalised to 0–100 over their global weights.
struct value_for_money_basis {
    std::vector<std::size_t> counted;      ///< the leaves in the benefit: positions in tree.leaves, in order
    std::vector<std::string> cost_leaves;  ///< ids of the leaves that measure cost, model order
    bool excludes_cost = false;            ///< the benefit leaves them out (else it is the total value)

    value_for_money_basis(const appraisal& model, const detail::tree_index& tree) {
        std::vector<bool> measures_cost(model.criteria.size(), false);
        for (std::size_t c : tree.top_down)
            measures_cost[c] = model.criteria[c].measures_cost || (tree.parent[c] >= 0 && measures_cost[std::size_t(tree.parent[c])]);
        for (std::size_t c : tree.leaves)
            if (measures_cost[c]) cost_leaves.push_back(model.criteria[c].id);
        excludes_cost = model.economics.benefit == vfm_benefit::excluding_cost_criteria && !cost_leaves.empty();
        for (std::size_t l = 0; l < tree.leaves.size(); ++l)
            if (!excludes_cost || !measures_cost[tree.leaves[l]]) counted.push_back(l);
    }

    /// The global weight of the counted leaves.
    double benefit_weight(const std::vector<double>& global, const detail::tree_index& tree) const {
        double w = 0.0;
        for (std::size_t l : counted) w += global[tree.leaves[l]];
        return w;
    }

    /// The cost leaves for people: the first eight, then how many in all.
    std::string cost_leaves_text() const {
        std::string s;
        for (std::size_t k = 0; k < cost_leaves.size() && k < 8; ++k) s += (k ? ", " : "") + cost_leaves[k];
        return cost_leaves.size() > 8 ? s + ", … (" + std::to_string(cost_leaves.size()) + " in all)" : s;
    }
};

/// The value-for-money entries of the short-listed options with costs (short-list order), marked on
/// the efficiency frontier and compared with the comparator (the first short-listed option with
/// costs that is business-as-usual, or do-minimum, as economics.comparator names). Returns the
/// comparator's place in `out`, or nullopt. `leaf_column(l)` is every option's value at leaf
/// position l (tree.leaves order), `totals` the ranking's totals under the global weights
/// `global`, and `economics_of(o)` option o's economic case (option_economics); `benefit_sums` is
/// scratch.
template <class LeafColumn, class EconomicsOf>
std::optional<std::size_t> value_for_money_into(const appraisal& model, const detail::tree_index& tree,
                                                const value_for_money_basis& basis, const std::vector<double>& global,
                                                const Eigen::VectorXd& totals, const LeafColumn& leaf_column,
                                                const std::vector<std::size_t>& shortlist, const EconomicsOf& economics_of,
                                                std::vector<value_for_money_entry>& out, Eigen::VectorXd& benefit_sums) {
    const double benefit_weight = basis.excludes_cost ? basis.benefit_weight(global, tree) : 1.0;
    const bool weighted_benefit = basis.excludes_cost && benefit_weight > 0.0;
    if (weighted_benefit) {
        // A leaf at a time for every option, as the totals are: each option's sum is still taken
        // in leaf order.
        benefit_sums.setZero(totals.size());
        for (std::size_t l : basis.counted) benefit_sums += global[tree.leaves[l]] * leaf_column(l);
    }
    // The entries are overwritten in place (a batch calls this per scenario): every field that
    // mark_frontier() and compare_with() do not set is set here.
    std::size_t count = 0;
    std::optional<std::size_t> comparator;
    for (std::size_t o : shortlist) {
        const option& opt = model.options[o];
        if (opt.costs.empty()) continue;
        if (count == out.size()) out.emplace_back();
        value_for_money_entry& e = out[count++];
        e.option = opt.id;
        const auto& economics = economics_of(o);
        e.npv_cost = economics.npc;
        e.npv_cost_before_optimism_bias = economics.npc_before;
        e.total_value = totals[Eigen::Index(o)];
        e.benefit = !basis.excludes_cost ? e.total_value
                    : weighted_benefit   ? benefit_sums[Eigen::Index(o)] / benefit_weight
                                         : std::numeric_limits<double>::quiet_NaN();
        e.value_added = e.extra_cost = e.value_added_per_extra_cost = std::numeric_limits<double>::quiet_NaN();
        e.position = cost_effectiveness::no_comparator;
        const bool is_comparator =
            model.economics.comparator == vfm_comparator::business_as_usual ? opt.business_as_usual : opt.do_minimum;
        if (is_comparator && !comparator) comparator = count - 1;
    }
    out.resize(count);
    mark_frontier(out);
    if (comparator) compare_with(out, *comparator);
    return comparator;
}

/// Steps 3–6 of appraise() with a given weight set (steps 1–2 done by the caller): the scenario
/// runner uses it for weight scenarios that no model field can express. `model` must be valid
/// (validate()); `weights` must be indexed like model.criteria, siblings summing to 1.
inline appraisal_result appraise_with_weights(const appraisal& model, weight_set weights, const appraise_options& options,
                                              governance_status governance) {
    appraisal_result r;
    r.governance = std::move(governance);
    r.weights = std::move(weights);
    r.weights_name = r.weights.name;

    for (const auto& o : model.options) r.option_ids.push_back(o.id);
    for (const auto& c : model.criteria) r.criterion_ids.push_back(c.id);
    const auto tree = detail::index_tree(model);
    r.leaf_indices = tree.leaves;

    const std::size_t m = model.options.size();
    r.values = node_values(model, r.weights.local, std::vector<bool>(m, true));
    r.screening = screen(model, r.values, r.weights);

    std::vector<bool> on_shortlist(m);
    std::vector<std::size_t> shortlist;
    for (std::size_t o = 0; o < m; ++o)
        if ((on_shortlist[o] = r.screening[o].shortlisted)) shortlist.push_back(o);
    if (options.relative_scale_basis == relative_basis::shortlist) r.values = node_values(model, r.weights.local, on_shortlist);

    for (std::size_t o : shortlist)
        for (std::size_t c : tree.leaves)
            if (std::isnan(r.values(Eigen::Index(o), Eigen::Index(c)))) throw detail::missing_score(model, o, c);

    r.totals = weighted_totals(model, r.values, r.weights.local);
    r.contributions.resize(Eigen::Index(m), Eigen::Index(tree.leaves.size()));
    for (std::size_t l = 0; l < tree.leaves.size(); ++l)
        r.contributions.col(Eigen::Index(l)) = r.weights.global[tree.leaves[l]] * r.values.col(Eigen::Index(tree.leaves[l]));

    r.ranking = rank_options(r.totals, shortlist, r.option_ids, options.tie_tolerance);

    if (shortlist.size() <= max_dominance_options) {
        Eigen::MatrixXd leaf_values(Eigen::Index(m), Eigen::Index(tree.leaves.size()));
        for (std::size_t l = 0; l < tree.leaves.size(); ++l)
            leaf_values.col(Eigen::Index(l)) = r.values.col(Eigen::Index(tree.leaves[l]));
        r.dominance = dominance(leaf_values, shortlist, r.option_ids);
    } else {
        r.warnings.push_back("dominance left out: the short list has " + std::to_string(shortlist.size()) +
                             " options, more than " + std::to_string(max_dominance_options) + " (docs/model-format.md, \"Bounds\")");
    }

    const value_for_money_basis basis(model, tree);
    if (!basis.cost_leaves.empty() && !basis.excludes_cost)
        r.warnings.push_back("value for money counts cost twice: the benefit (total value) includes criteria that measure cost (" +
                             basis.cost_leaves_text() + ") and the cost is the net present cost; economics.vfm_benefit = "
                             "excluding_cost_criteria leaves them out");
    if (basis.excludes_cost && !(basis.benefit_weight(r.weights.global, tree) > 0.0))
        r.warnings.push_back("every weighted criterion measures cost: value for money has no benefit to compare");
    for (std::size_t o : shortlist)
        if (model.options[o].costs.empty())
            r.warnings.push_back("option " + model.options[o].id + " has no costs: left out of value for money");
    const auto df = discount_factors(model.context);
    const auto health_df = health_discount_factors(model.context.horizon_years);
    Eigen::VectorXd benefit_sums;
    const auto comparator = value_for_money_into(
        model, tree, basis, r.weights.global, r.totals,
        [&](std::size_t l) { return r.values.col(Eigen::Index(tree.leaves[l])); }, shortlist,
        [&](std::size_t o) { return option_economic_case(model, o, df, health_df); }, r.value_for_money, benefit_sums);
    if (comparator) {
        r.value_for_money_comparator = r.value_for_money[*comparator].option;
    } else if (!r.value_for_money.empty()) {
        r.warnings.push_back(std::string("no ") +
                             (model.economics.comparator == vfm_comparator::business_as_usual ? "business-as-usual"
                                                                                               : "do-minimum") +
                             " option with costs on the short list: value added over it is not computed "
                             "(economics.comparator names which benchmark to compare with)");
    }

    if (shortlist.empty() && m > 0) r.warnings.push_back("every option was discounted at screening: nothing to rank");
    return r;
}

/// Runs the additive appraisal. The model is validated first (invalid_input on any broken rule).
inline appraisal_result appraise(const appraisal& model, const appraise_options& options = {}) {
    validate(model);
    appraisal_result r;
    r.governance = check_governance(model);
    r.weights = detail::appraisal_weights(model, options.group);
    return appraise_with_weights(model, std::move(r.weights), options, std::move(r.governance));
}

}  // namespace adva
