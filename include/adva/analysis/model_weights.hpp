#pragma once
// Weights of the value tree from a model: per stakeholder group (from its answers to `weight`
// questions) and the consensus (docs/model-format.md, "Weights").
//
// A group's raw swing for a node is, in order of preference:
//   1. its own swing for the node (the mean when several of its answers give one),
//   2. the node's direct `weight`,
//   3. the influence-weighted mean swing of the groups that did weigh the node (validation only
//      requires that *some* answer or a direct weight covers every node, so a group may be silent
//      on a node that has no direct weight).
// Raw swings are normalised within each parent (local); global = product of local weights from the
// top. The consensus combines the answering groups' local weights by consensus.method with each
// group's influence, then renormalises within each parent.
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "adva/analysis/results.hpp"
#include "adva/analysis/values.hpp"
#include "adva/error.hpp"
#include "adva/known_ids.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

namespace detail {

/// The sibling sets of the tree: the top level first, then the children of every interior node, in
/// model order. Each set lists criterion indices.
inline std::vector<std::vector<std::size_t>> sibling_sets(const appraisal& model) {
    auto t = index_tree(model);
    std::vector<std::vector<std::size_t>> sets;
    if (!t.top_level.empty()) sets.push_back(std::move(t.top_level));
    for (auto& kids : t.children)
        if (!kids.empty()) sets.push_back(std::move(kids));
    return sets;
}

/// A group's own swings per criterion (mean over its answers to weight questions); nullopt where it
/// gave none.
inline std::vector<std::optional<double>> own_swings(const appraisal& model, const std::string& group) {
    std::vector<double> sum(model.criteria.size(), 0.0);
    std::vector<int> count(model.criteria.size(), 0);
    const criterion_ids ids(model);
    for (const auto& f : model.functions)
        for (const auto& q : f.questions) {
            if (q.kind != question_kind::weight) continue;
            for (const auto& a : q.answers) {
                if (a.group != group) continue;
                for (const auto& [id, swing] : a.swing)
                    if (const auto c = ids.find(id)) {
                        sum[*c] += swing;
                        ++count[*c];
                    }
            }
        }
    std::vector<std::optional<double>> out(model.criteria.size());
    for (std::size_t c = 0; c < out.size(); ++c)
        if (count[c] > 0) out[c] = sum[c] / count[c];
    return out;
}

inline bool answered_weights(const appraisal& model, const std::string& group) {
    for (const auto& s : own_swings(model, group))
        if (s) return true;
    return false;
}

/// Global weights from local ones: product of local weights from the top.
inline std::vector<double> global_from_local(const appraisal& model, const std::vector<double>& local) {
    std::vector<double> global(local.size(), 0.0);
    const auto t = index_tree(model);
    for (std::size_t c : t.top_down) global[c] = t.parent[c] < 0 ? local[c] : global[std::size_t(t.parent[c])] * local[c];
    return global;
}

inline weight_set make_weight_set(const appraisal& model, std::string name, std::vector<double> local) {
    weight_set w;
    w.name = std::move(name);
    w.global = global_from_local(model, local);
    w.local = std::move(local);
    return w;
}

/// The weight set of one group (any declared group; "" = nobody: direct weights only, then the
/// answering groups' mean). `where` names the group in errors.
inline weight_set weights_for_group(const appraisal& model, const std::string& group, const std::string& where) {
    if (model.criteria.empty()) throw invalid_input("adva.model.no_criteria", "/criteria", no_criteria_rule);
    const std::size_t n = model.criteria.size();
    const auto own = own_swings(model, group);

    // Fallback 3: influence-weighted mean of the other groups' swings.
    std::vector<double> others_sum(n, 0.0), others_influence(n, 0.0);
    for (const auto& g : model.groups) {
        if (g.id == group) continue;
        const auto theirs = own_swings(model, g.id);
        for (std::size_t c = 0; c < n; ++c)
            if (theirs[c]) {
                others_sum[c] += g.influence * *theirs[c];
                others_influence[c] += g.influence;
            }
    }

    std::vector<double> raw(n, 0.0);
    for (std::size_t c = 0; c < n; ++c) {
        if (own[c]) raw[c] = *own[c];
        else if (model.criteria[c].weight) raw[c] = *model.criteria[c].weight;
        else if (others_influence[c] > 0) raw[c] = others_sum[c] / others_influence[c];
        else
            throw invalid_input("adva.model.missing_weight", "/criteria/" + std::to_string(c) + "/weight",
                                "every criterion needs a weight: no answer to a weight question covers it and it "
                                "has no direct weight",
                                "\"" + model.criteria[c].id + "\"");
    }

    std::vector<double> local(n, 0.0);
    for (const auto& set : sibling_sets(model)) {
        double total = 0.0;
        for (std::size_t c : set) total += raw[c];
        if (!(total > 0.0)) {
            const auto& parent = model.criteria[set.front()].parent;
            throw invalid_input("adva.model.zero_weights", where,
                                "the weights of the children of " + (parent.empty() ? std::string("the top level")
                                                                                    : "\"" + parent + "\"") +
                                    " are all zero",
                                group.empty() ? std::string{} : "\"" + group + "\"");
        }
        for (std::size_t c : set) local[c] = raw[c] / total;
    }
    return make_weight_set(model, group.empty() ? "direct" : group, std::move(local));
}

inline std::string group_pointer(const appraisal& model, const std::string& group) {
    auto g = model.group_index(group);
    return g ? "/stakeholder_groups/" + std::to_string(*g) : std::string("/stakeholder_groups");
}

}  // namespace detail

/// Weight sets of every stakeholder group that answered weight questions, in model order.
inline std::vector<weight_set> group_weights(const appraisal& model) {
    std::vector<weight_set> out;
    for (const auto& g : model.groups)
        if (detail::answered_weights(model, g.id))
            out.push_back(detail::weights_for_group(model, g.id, detail::group_pointer(model, g.id)));
    return out;
}

/// The consensus weight set under the model's consensus rule (direct weights when nobody answered).
inline weight_set consensus_weights(const appraisal& model) {
    const auto& rule = model.consensus;
    if (rule.method == consensus_method::lead_group) {
        if (!model.group_index(rule.lead_group))
            throw invalid_input("adva.model.unknown_id", "/consensus/lead_group",
                                "the lead group must be a declared stakeholder group (" + known_ids_text(rule.lead_group, ids_of(model.groups)) + ")",
                                "\"" + rule.lead_group + "\"");
        auto w = detail::weights_for_group(model, rule.lead_group, detail::group_pointer(model, rule.lead_group));
        w.name = "consensus";
        return w;
    }

    const auto groups = group_weights(model);
    if (groups.empty()) {
        auto w = detail::weights_for_group(model, "", "/criteria");
        w.name = "consensus";
        return w;
    }

    std::vector<double> influence;
    double influence_total = 0.0;
    for (const auto& w : groups) {
        influence.push_back(model.groups[*model.group_index(w.name)].influence);
        influence_total += influence.back();
    }

    const std::size_t n = model.criteria.size();
    std::vector<double> combined(n, 0.0);
    for (std::size_t c = 0; c < n; ++c) {
        if (rule.method == consensus_method::arithmetic_mean) {
            for (std::size_t g = 0; g < groups.size(); ++g) combined[c] += influence[g] * groups[g].local[c];
            combined[c] /= influence_total;
        } else {
            // Aczél–Saaty: exp of the influence-weighted mean log; a zero from any group gives zero.
            double log_sum = 0.0;
            bool zero = false;
            for (std::size_t g = 0; g < groups.size(); ++g) {
                if (groups[g].local[c] <= 0.0) zero = true;
                else log_sum += influence[g] * std::log(groups[g].local[c]);
            }
            combined[c] = zero ? 0.0 : std::exp(log_sum / influence_total);
        }
    }

    std::vector<double> local(n, 0.0);
    for (const auto& set : detail::sibling_sets(model)) {
        double total = 0.0;
        for (std::size_t c : set) total += combined[c];
        if (!(total > 0.0)) {
            const auto& parent = model.criteria[set.front()].parent;
            throw invalid_input("adva.appraise.zero_weights", "/consensus",
                                "the consensus gives zero weight to every child of " +
                                    (parent.empty() ? std::string("the top level") : "\"" + parent + "\"") +
                                    " (under the geometric mean each is weighted zero by some group)");
        }
        for (std::size_t c : set) local[c] = combined[c] / total;
    }
    return detail::make_weight_set(model, "consensus", std::move(local));
}

}  // namespace adva
