#pragma once
// The whole appraisal: context, stakeholder groups, functions and questions (framing), the value
// tree, attributes and gates, options, and the governance record.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "adva/model/context.hpp"
#include "adva/model/criteria.hpp"
#include "adva/model/economics.hpp"
#include "adva/model/gates.hpp"
#include "adva/model/governance.hpp"
#include "adva/model/improvement.hpp"
#include "adva/model/options.hpp"
#include "adva/model/questions.hpp"

namespace adva {

inline constexpr int model_format_version = 1;

/// Bounds on a model (validate() refuses larger ones with adva.limits.options / adva.limits.criteria):
/// validation and appraisal take time O(size · log size) within them.
inline constexpr std::size_t max_options = 100000;
inline constexpr std::size_t max_criteria = 10000;  ///< nodes of the value tree, interior ones included

struct appraisal {
    int format_version = model_format_version;
    bool illustrative = false;              ///< the model's figures are illustrative, not evidence
    appraisal_context context;
    std::vector<stakeholder_group> groups;
    consensus_rule consensus;
    std::vector<service_function> functions;
    std::vector<criterion> criteria;        ///< the value tree, flat, parents by id
    std::vector<attribute_definition> attributes;
    std::vector<gate> gates;
    std::vector<vehicle_type> vehicle_types;  ///< user-defined vehicle types (beyond the built-ins)
    std::vector<option> options;
    economics_settings economics;           ///< conventions of the economic case
    std::optional<improvement_settings> improvement;  ///< improvement over time (docs/trajectories.md)
    struct governance governance;

    // --- lookups (linear; models are small, kernels work on dense indices) ---------------------
    std::optional<std::size_t> criterion_index(std::string_view id) const { return find(criteria, id); }
    std::optional<std::size_t> option_index(std::string_view id) const { return find(options, id); }
    std::optional<std::size_t> gate_index(std::string_view id) const { return find(gates, id); }
    std::optional<std::size_t> group_index(std::string_view id) const { return find(groups, id); }
    std::optional<std::size_t> attribute_index(std::string_view id) const { return find(attributes, id); }

    bool is_leaf(std::size_t c) const {
        return std::none_of(criteria.begin(), criteria.end(),
                            [&](const criterion& x) { return x.parent == criteria[c].id; });
    }
    /// Indices of the children of a node, in model order; pass "" for the top level.
    std::vector<std::size_t> children_of(std::string_view parent_id) const {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < criteria.size(); ++i)
            if (criteria[i].parent == parent_id) out.push_back(i);
        return out;
    }
    /// The ids of the leaf criteria (the ones scored), model order; O(n log n).
    std::vector<std::string> leaf_ids() const {
        std::set<std::string_view> parents;
        for (const auto& c : criteria) parents.insert(c.parent);
        std::vector<std::string> out;
        for (const auto& c : criteria)
            if (!parents.count(c.id)) out.push_back(c.id);
        return out;
    }
    /// Whether anyone has scored an option: scores of trajectory-derived criteria, which reading the
    /// model computes, do not count.
    bool has_scores() const {
        std::set<std::string_view> derived;
        for (const auto& c : criteria)
            if (!c.trajectory_measure.empty()) derived.insert(c.id);
        return std::any_of(options.begin(), options.end(), [&](const option& o) {
            return std::any_of(o.scores.begin(), o.scores.end(), [&](const auto& s) { return !derived.count(s.first); });
        });
    }
    /// A vehicle type by id: model-defined first, then built-in.
    const vehicle_type* find_vehicle_type(std::string_view id) const {
        for (const auto& v : vehicle_types) if (v.id == id) return &v;
        for (const auto& v : builtin_vehicle_types()) if (v.id == id) return &v;
        return nullptr;
    }

    friend bool operator==(const appraisal&, const appraisal&) = default;

private:
    template <class T>
    static std::optional<std::size_t> find(const std::vector<T>& xs, std::string_view id) {
        for (std::size_t i = 0; i < xs.size(); ++i)
            if (xs[i].id == id) return i;
        return std::nullopt;
    }
};

/// Whether every weight must be known. A model file is read with in_progress, so that a framing
/// whose groups have answered some weight questions and not yet others can be loaded, listed and
/// answered further; appraise(), lock(), batches and adva validate ask for required
/// (adva.model.missing_weight names each node a weight set would lack).
enum class weight_completeness { required, in_progress };

/// The rule (adva.model.no_criteria) that a model used to rank options has criteria: a model
/// without any may still be read and costed (adva economics --view case), not appraised.
inline constexpr const char* no_criteria_rule = "an appraisal ranks the options on criteria: the model has none";

/// Checks every semantic rule of the model (ids, references, tree shape, scales, scores, weights,
/// gates, costs). Throws invalid_input naming the JSON pointer of the offending place (the
/// pointer the JSON model format would have), the rule and the value seen. Defined in adva::core.
void validate(const appraisal& model, weight_completeness weights = weight_completeness::required);

class error_sink;
/// The same rules, each broken rule reported to `sink` (adva/error_sink.hpp): a collecting sink
/// gathers every error the model has instead of stopping at the first.
void validate(const appraisal& model, error_sink& sink, weight_completeness weights = weight_completeness::required);

/// The rules validate() applies to one score on the leaf criterion `leaf` (finite numbers, the
/// shape of a distribution, within the leaf's scale or its value function's domain), for a score
/// changed in a validated model; `where` is the score's JSON pointer. Defined in adva::core.
void validate_score(const criterion& leaf, const score& s, const std::string& where);

}  // namespace adva
