#pragma once
// The batch runner's prepared base model (see scenario/runner.hpp): validated once, held in dense
// form for the fast path, and the full path for scenarios that need a model of their own. Each
// scenario's errors become an error result (detail::fill_error).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/economics.hpp"
#include "adva/analysis/model_smaa.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/analysis/screening.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/analysis/values.hpp"
#include "adva/error.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/scenario/detail/cost_changes.hpp"
#include "adva/scenario/detail/weight_changes.hpp"
#include "adva/scenario/generators.hpp"
#include "adva/scenario/scenario.hpp"

namespace adva {

namespace detail {

inline void fill_error(scenario_result& out, const error& e) {
    out.status = scenario_status::error;
    out.ranking.clear();
    out.discounted.clear();
    out.sensitivity.clear();
    out.smaa.clear();
    out.smaa_samples = out.smaa_seed = 0;
    out.value_for_money.clear();
    out.value_for_money_comparator.clear();
    out.governance_state.clear();
    out.error_id = e.id();
    out.error_pointer = e.where();
    out.error_message = e.what();
}

/// Copies value-for-money `entries` (value_for_money_into() or appraise()'s, over `shortlist`, model
/// order) into `out`, with each option's affordability from `economics_of(o)`.
template <class EconomicsOf>
void record_value_for_money(const appraisal& model, const std::vector<std::size_t>& shortlist,
                            const std::vector<value_for_money_entry>& entries, const std::string& comparator,
                            const EconomicsOf& economics_of, scenario_result& out) {
    out.value_for_money.resize(entries.size());
    out.value_for_money_comparator = comparator;
    std::size_t k = 0;
    for (std::size_t o : shortlist) {
        if (model.options[o].costs.empty()) continue;
        scenario_value_for_money& v = out.value_for_money[k];
        v.entry = entries[k++];
        const auto& economics = economics_of(o);
        v.shortfall_years = economics.shortfall_years;
        v.largest_shortfall = economics.largest_shortfall;
    }
}

}  // namespace detail

// ----------------------------------------------------------------------------------------------
// The prepared base model

/// The base model validated once and held in dense form for the fast path. Thread-safe to evaluate
/// from many threads at once (evaluate() is const; each thread brings its own workspace).
class prepared_base {
public:
    /// Per-thread scratch buffers, reused between scenarios (no allocation in the steady state).
    struct workspace {
        scenario current;
        std::vector<double> local, global;
        Eigen::MatrixXd leaf_values, node_values;
        std::vector<Eigen::VectorXd> gate_values;  ///< per threshold gate: each option's value at its node
        Eigen::VectorXd totals, column, benefit_sums;
        std::vector<bool> shortlisted;
        std::vector<std::size_t> shortlist, order;
        option changed_option;                       ///< an option under a scenario's cost changes
        std::vector<option_economics> economics;     ///< per option: its changed economic case
        std::vector<bool> economics_changed;         ///< per option: economics[o] is the one to use
        std::vector<value_for_money_entry> value_for_money;
        std::vector<bool> fixed_discount;            ///< per option: attribute or affordability gates
    };

    explicit prepared_base(const scenario_source& source)
        : source_(source), model_(*source.base), settings_(source.settings) {
        validate(model_);
        governance_ = check_governance(model_);
        governance_state_ = governance_.state();
        tree_ = detail::index_tree(model_);
        const std::size_t n = model_.criteria.size(), m = model_.options.size();
        leaf_position_.assign(n, -1);
        for (std::size_t l = 0; l < tree_.leaves.size(); ++l) leaf_position_[tree_.leaves[l]] = std::ptrdiff_t(l);

        // Weight sets: the base's, the consensus, and every group's. A set that cannot be built is
        // kept as its error, reported by the scenarios that use it.
        weight_sets_.push_back(make_set("", [&] { return detail::appraisal_weights(model_, settings_.group).local; }));
        if (!weight_sets_.front().local) std::rethrow_exception(weight_sets_.front().failure);
        weight_sets_.push_back(make_set("consensus", [&] { return consensus_weights(model_).local; }));
        for (std::size_t g = 0; g < model_.groups.size(); ++g)
            weight_sets_.push_back(make_set(model_.groups[g].id, [&] {
                return detail::weights_for_group(model_, model_.groups[g].id, "/stakeholder_groups/" + std::to_string(g)).local;
            }));

        central_ = detail::central_scores(model_, tree_);
        leaf_values_ = Eigen::MatrixXd(Eigen::Index(m), Eigen::Index(tree_.leaves.size()));
        std::vector<bool> everyone(m, true);
        for (std::size_t l = 0; l < tree_.leaves.size(); ++l) {
            Eigen::VectorXd col;
            leaf_column(l, central_.col(Eigen::Index(l)), everyone, col);
            leaf_values_.col(Eigen::Index(l)) = col;
        }

        // Value for money: the options' economic cases do not depend on weights or scores. A base
        // whose cash flows overflow keeps the error, reported by every scenario (as appraise() does).
        vfm_basis_.emplace(model_, tree_);
        df_ = discount_factors(model_.context);
        health_df_ = health_discount_factors(model_.context.horizon_years);
        for (std::size_t o = 0; o < m && !economics_failure_; ++o) {
            try {
                base_economics_.push_back(option_economic_case(model_, o, df_, health_df_));
            } catch (...) {
                economics_failure_ = std::current_exception();
            }
        }

        // Attribute gates do not depend on weights or scores: evaluate them once; affordability
        // gates depend on costs only: once for the base, again per option whose costs a scenario
        // changes. Gates answered "does not apply" are left out.
        attribute_discount_.assign(m, false);
        for (const auto& g : model_.gates) {
            if (gate_not_applicable(model_, g)) continue;
            if (g.kind == gate_kind::affordability) {
                if (economics_failure_) std::rethrow_exception(economics_failure_);  // the base cannot be screened
                affordability_gates_.push_back(&g);
                continue;
            }
            if (g.kind == gate_kind::threshold) {
                // Threshold gates on an interior node read it under their own weights, fixed
                // whatever weights a scenario ranks with.
                const std::size_t c = *model_.criterion_index(g.criterion);
                const std::vector<double>* local = nullptr;
                if (!tree_.leaf[c]) {
                    const auto set = std::find_if(weight_sets_.begin() + 1, weight_sets_.end(),
                                                  [&](const weight_entry& e) { return e.name == g.weights; });
                    if (set == weight_sets_.end())  // validate() refuses it first
                        throw invalid_input("adva.model.unknown_id", "/gates", "a gate's weights are \"consensus\" or a declared stakeholder group", "\"" + g.weights + "\"");
                    if (!set->local) std::rethrow_exception(set->failure);
                    local = &*set->local;
                }
                thresholds_.push_back({c, &g, local});
                continue;
            }
            for (std::size_t o = 0; o < m; ++o) {
                const auto r = detail::attribute_gate(g, model_.options[o]);
                if (r.status == gate_status::fail || (r.status == gate_status::unknown && g.on_unknown == unknown_policy::discount))
                    attribute_discount_[o] = true;
            }
        }
        static_discount_ = attribute_discount_;
        if (!affordability_gates_.empty())
            for (std::size_t o = 0; o < m; ++o) static_discount_[o] = static_discount_[o] || unaffordable(base_economics_[o]);
        for (const auto& o : model_.options) option_ids_.push_back(o.id);

        // The base's screening, for the scenarios that change no score and no cost.
        workspace ws;
        base_screen_.values = screen({}, static_discount_, ws, base_screen_.discounted);
        base_screen_.shortlist = ws.shortlist;
    }

    const appraisal& model() const noexcept { return model_; }

    /// Evaluates one scenario into `out` (never throws for a scenario's own errors).
    void evaluate(const scenario& s, scenario_result& out, workspace& ws) const {
        out.clear();
        out.index = s.index;
        out.id = s.id;
        out.label = s.label;
        try {
            if (!s.patch && s.analyses.rank_only()) fast(s, out, ws);
            else full(s, out, ws);
        } catch (const error& e) {
            detail::fill_error(out, e);
        } catch (const std::exception& e) {
            detail::fill_error(out, computation_error("adva.batch.failure", s.pointer, e.what()));
        }
    }

private:
    struct weight_entry {
        std::string name;
        std::optional<std::vector<double>> local;
        std::exception_ptr failure;
    };
    struct threshold_entry {
        std::size_t criterion;
        const gate* definition;
        const std::vector<double>* local;  ///< the gate's weights (an interior node), or null (a leaf)
    };

    template <class Make>
    static weight_entry make_set(std::string name, Make make) {
        weight_entry e;
        e.name = std::move(name);
        try {
            e.local = make();
        } catch (...) {
            e.failure = std::current_exception();
        }
        return e;
    }

    const std::vector<double>& base_local(const scenario& s) const {
        for (const auto& e : weight_sets_)
            if (e.name == s.group) {
                if (!e.local) std::rethrow_exception(e.failure);
                return *e.local;
            }
        throw invalid_input("adva.scenario.unknown_group", s.pointer,
                            "the weights must come from a declared stakeholder group (or \"consensus\")",
                            "\"" + s.group + "\"");
    }

    /// Values of leaf l from central scores `scores` with `members` defining relative scales
    /// (as node_values() does).
    void leaf_column(std::size_t l, const Eigen::Ref<const Eigen::VectorXd>& scores, const std::vector<bool>& members,
                     Eigen::VectorXd& col) const {
        col.resize(scores.size());
        detail::leaf_values(model_.criteria[tree_.leaves[l]], scores, members, col);
    }

    /// Rejects a changed score as validate() does.
    void check_score(const score_change& c) const {
        const criterion& crit = model_.criteria[c.criterion];
        validate_score(crit, score{uncertainty::point, c.value}, "/options/" + std::to_string(c.option) + "/scores/" + crit.id);
    }

    void fast(const scenario& s, scenario_result& out, workspace& ws) const {
        const std::size_t n = model_.criteria.size(), leaves = tree_.leaves.size();
        for (const auto& c : s.scores) check_score(c);  // scores before weights, as on the full path
        ws.local = base_local(s);
        detail::apply_weight_changes(model_, tree_, ws.local, s.weights, s.pointer);
        ws.global.resize(n);
        for (std::size_t c : tree_.top_down)
            ws.global[c] = tree_.parent[c] < 0 ? ws.local[c] : ws.global[std::size_t(tree_.parent[c])] * ws.local[c];

        // Screening and leaf values depend on the scores, and affordability gates on the costs: a
        // scenario that changes neither takes the base's, screened once.
        const bool costs_changed = change_economics(s, ws);
        const std::vector<bool>* fixed = &static_discount_;
        if (costs_changed && !affordability_gates_.empty()) {
            ws.fixed_discount = static_discount_;
            for (std::size_t o = 0; o < ws.economics_changed.size(); ++o)
                if (ws.economics_changed[o]) ws.fixed_discount[o] = attribute_discount_[o] || unaffordable(ws.economics[o]);
            fixed = &ws.fixed_discount;
        }
        const Eigen::MatrixXd* values = &base_screen_.values;
        const std::vector<std::size_t>* shortlist = &base_screen_.shortlist;
        if (!s.scores.empty() || fixed != &static_discount_) {
            values = &screen(s.scores, *fixed, ws, out.discounted);
            shortlist = &ws.shortlist;
        } else {
            out.discounted = base_screen_.discounted;
        }

        // Totals a leaf at a time for every option (vectorised; each option's sum still in leaf
        // order); only the short list's are read.
        ws.totals.setZero(Eigen::Index(model_.options.size()));
        for (std::size_t l = 0; l < leaves; ++l) ws.totals += ws.global[tree_.leaves[l]] * values->col(Eigen::Index(l));
        for (std::size_t o : *shortlist)
            if (std::isnan(ws.totals[Eigen::Index(o)]))  // an unscored leaf: name the first, option by option
                for (std::size_t l = 0; l < leaves; ++l)
                    if (std::isnan((*values)(Eigen::Index(o), Eigen::Index(l)))) throw detail::missing_score(model_, o, tree_.leaves[l]);
        rank_options_into(ws.totals, *shortlist, option_ids_, settings_.tie_tolerance, out.ranking, ws.order);
        if (s.analyses.value_for_money) fast_value_for_money(*values, *shortlist, out, ws);
        out.governance_state = governance_state_;  // a change by index is a what-if on the base model and its record
    }

    /// The economic cases of the options whose costs the scenario changes, into ws.economics (marked
    /// in ws.economics_changed); the others keep the base's. Returns whether any changed.
    bool change_economics(const scenario& s, workspace& ws) const {
        const std::size_t m = model_.options.size();
        ws.economics_changed.assign(m, false);
        if (!s.changes_costs()) return false;
        ws.economics.resize(m);
        for (std::size_t o = 0; o < m; ++o) {
            if (!detail::changes_costs_of(s, o)) continue;
            ws.changed_option = model_.options[o];
            detail::apply_cost_changes(s, o, ws.changed_option);
            ws.economics[o] = option_economic_case(model_, ws.changed_option, o, df_, health_df_);
            ws.economics_changed[o] = true;
        }
        return true;
    }

    /// Whether an affordability gate discounts an option whose economic case is `e`.
    bool unaffordable(const option_economics& e) const {
        for (const gate* g : affordability_gates_) {
            const auto r = detail::affordability_gate(*g, model_, e);
            if (r.status == gate_status::fail || (r.status == gate_status::unknown && g->on_unknown == unknown_policy::discount))
                return true;
        }
        return false;
    }

    /// The fast path's value for money: the economic cases change_economics() left in `ws`, against
    /// the benefit under the scenario's weights and values.
    void fast_value_for_money(const Eigen::MatrixXd& values, const std::vector<std::size_t>& shortlist, scenario_result& out,
                              workspace& ws) const {
        if (economics_failure_) std::rethrow_exception(economics_failure_);
        const auto economics_of = [&](std::size_t o) -> const option_economics& {
            return ws.economics_changed[o] ? ws.economics[o] : base_economics_[o];
        };
        const auto comparator = value_for_money_into(
            model_, tree_, *vfm_basis_, ws.global, ws.totals,
            [&](std::size_t l) { return values.col(Eigen::Index(l)); }, shortlist, economics_of, ws.value_for_money,
            ws.benefit_sums);
        detail::record_value_for_money(model_, shortlist, ws.value_for_money,
                                       comparator ? ws.value_for_money[*comparator].option : std::string{}, economics_of, out);
    }

    /// Screens the options with `scores` changed from the base: fills ws.shortlisted, ws.shortlist
    /// and `discounted` (ids, model order); returns the leaf values the totals are taken from (the
    /// base's, or ws.leaf_values where a score changed or relative scales rest on the short list).
    const Eigen::MatrixXd& screen(const std::vector<score_change>& scores, const std::vector<bool>& fixed_discount, workspace& ws,
                                  std::vector<std::string>& discounted) const {
        const std::size_t n = model_.criteria.size(), m = model_.options.size(), leaves = tree_.leaves.size();
        // Leaf values: the base's, or recomputed columns where a score changed.
        const Eigen::MatrixXd* values = &leaf_values_;
        std::vector<bool> everyone;
        if (!scores.empty()) {
            ws.leaf_values = leaf_values_;
            for (const auto& c : scores) {
                const auto l = std::size_t(leaf_position_[c.criterion]);
                ws.column = central_.col(Eigen::Index(l));
                for (const auto& c2 : scores)  // every change on this leaf, in order
                    if (c2.criterion == c.criterion) ws.column[Eigen::Index(c2.option)] = c2.value;
                everyone.assign(m, true);
                Eigen::VectorXd col;
                leaf_column(l, ws.column, everyone, col);
                ws.leaf_values.col(Eigen::Index(l)) = col;
            }
            values = &ws.leaf_values;
        }

        // Attribute gates are fixed; threshold gates read node values, which move with the scores
        // (and, at interior nodes, are taken under each gate's own weights).
        ws.shortlisted.assign(m, false);
        ws.gate_values.resize(thresholds_.size());
        const std::vector<double>* computed = nullptr;  // the weights ws.node_values are under
        for (std::size_t k = 0; k < thresholds_.size(); ++k) {
            const threshold_entry& t = thresholds_[k];
            Eigen::VectorXd& v = ws.gate_values[k];
            if (!t.local) {
                v = values->col(leaf_position_[t.criterion]);
                continue;
            }
            if (t.local != computed) {
                computed = t.local;
                ws.node_values.setZero(Eigen::Index(m), Eigen::Index(n));
                for (std::size_t l = 0; l < leaves; ++l)
                    ws.node_values.col(Eigen::Index(tree_.leaves[l])) = values->col(Eigen::Index(l));
                for (auto it = tree_.top_down.rbegin(); it != tree_.top_down.rend(); ++it)
                    if (tree_.parent[*it] >= 0)
                        ws.node_values.col(tree_.parent[*it]) += (*t.local)[*it] * ws.node_values.col(Eigen::Index(*it));
            }
            v = ws.node_values.col(Eigen::Index(t.criterion));
        }
        ws.shortlist.clear();
        discounted.clear();
        for (std::size_t o = 0; o < m; ++o) {
            bool discount = fixed_discount[o];
            for (std::size_t k = 0; k < thresholds_.size(); ++k) {
                const threshold_entry& t = thresholds_[k];
                if (discount) break;
                const double v = ws.gate_values[k][Eigen::Index(o)];
                if (std::isnan(v)) discount = t.definition->on_unknown == unknown_policy::discount;
                else discount = !detail::holds(t.definition->op, v < t.definition->threshold ? -1 : (v > t.definition->threshold ? 1 : 0));
            }
            if (!discount || model_.options[o].is_benchmark()) {
                ws.shortlisted[o] = true;
                ws.shortlist.push_back(o);
            } else {
                discounted.push_back(option_ids_[o]);
            }
        }
        if (settings_.relative_scale_basis == relative_basis::shortlist) {
            if (values != &ws.leaf_values) {
                ws.leaf_values = leaf_values_;
                values = &ws.leaf_values;
            }
            for (std::size_t l = 0; l < leaves; ++l) {
                if (model_.criteria[tree_.leaves[l]].scale != scale_type::relative) continue;
                ws.column = central_.col(Eigen::Index(l));
                for (const auto& c : scores)
                    if (leaf_position_[c.criterion] == std::ptrdiff_t(l)) ws.column[Eigen::Index(c.option)] = c.value;
                Eigen::VectorXd col;
                leaf_column(l, ws.column, ws.shortlisted, col);
                ws.leaf_values.col(Eigen::Index(l)) = col;
            }
        }
        return *values;
    }

    void full(const scenario& s, scenario_result& out, workspace&) const {
        if (s.patch && (!s.weights.empty() || !s.scores.empty() || s.changes_costs()))
            throw invalid_input("adva.scenario.mixed_changes", s.pointer,
                                "a scenario with a merge patch cannot also change weights, scores or costs by index");
        std::optional<appraisal> own;
        if (s.patch) {
            if (!source_.patch_base)
                throw invalid_input("adva.scenario.patch_unsupported", s.pointer,
                                    "a merge patch needs a scenario source that can apply it (patch_base, set by the scenario reader)");
            own = source_.patch_base(*s.patch);  // validates
        } else if (!s.scores.empty() || s.changes_costs()) {
            own = model_;
            for (const auto& c : s.scores) {
                check_score(c);
                own->options[c.option].scores[model_.criteria[c.criterion].id] = score{uncertainty::point, c.value};
            }
            for (std::size_t o = 0; o < own->options.size(); ++o) detail::apply_cost_changes(s, o, own->options[o]);
        }
        const appraisal& model = own ? *own : model_;

        std::vector<double> local;
        if (s.patch) {
            const std::string& group = s.group.empty() ? settings_.group : s.group;
            if (group.empty() || group == "consensus") local = consensus_weights(model).local;
            else if (const auto g = model.group_index(group))
                local = detail::weights_for_group(model, group, "/stakeholder_groups/" + std::to_string(*g)).local;
            else
                throw invalid_input("adva.scenario.unknown_group", s.pointer,
                                    "the weights must come from a declared stakeholder group (or \"consensus\")",
                                    "\"" + group + "\"");
        } else {
            local = base_local(s);
        }
        const auto tree = detail::index_tree(model);
        detail::apply_weight_changes(model, tree, local, s.weights, s.pointer);
        auto weights = detail::make_weight_set(model, s.group.empty() ? "scenario" : s.group, std::move(local));
        const auto r = appraise_with_weights(model, std::move(weights), settings_, s.patch ? check_governance(model) : governance_);

        out.ranking = r.ranking;
        // Cost changes, like score changes by index, are a what-if on the base model and its record.
        out.governance_state = s.patch ? r.governance.state() : governance_state_;
        std::vector<std::size_t> shortlist;
        for (std::size_t o = 0; o < r.screening.size(); ++o) {
            if (r.screening[o].shortlisted) shortlist.push_back(o);
            else out.discounted.push_back(r.option_ids[o]);
        }
        if (s.analyses.value_for_money) {
            const auto df = discount_factors(model.context);
            const auto health_df = health_discount_factors(model.context.horizon_years);
            detail::record_value_for_money(model, shortlist, r.value_for_money, r.value_for_money_comparator,
                                           [&](std::size_t o) { return option_economic_case(model, o, df, health_df); }, out);
        }

        if (s.analyses.sensitivity && !r.ranking.empty()) {
            auto add = [&](std::size_t node) {
                const auto ns = one_way_sensitivity(model, r, node, /*list_crossovers=*/false);  // only the stability interval
                out.sensitivity.push_back({ns.node, ns.weight, ns.winner_stable.lower, ns.winner_stable.upper});
            };
            if (s.analyses.sensitivity_nodes.empty()) {
                for (std::size_t c = 0; c < model.criteria.size(); ++c) add(c);
            } else {
                for (const auto& id : s.analyses.sensitivity_nodes) {
                    const auto c = model.criterion_index(id);
                    if (!c)
                        throw invalid_input("adva.scenario.unknown_node", s.pointer + "/analyses/sensitivity/nodes",
                                            "sensitivity nodes must be criteria of the scenario's model", "\"" + id + "\"");
                    add(*c);
                }
            }
        }
        if (s.analyses.smaa) {
            const auto sm = model_smaa(model, r, s.analyses.smaa_settings, settings_.relative_scale_basis);
            out.smaa_samples = sm.smaa.samples;
            out.smaa_seed = s.analyses.smaa_settings.seed;
            for (std::size_t i = 0; i < sm.options.size(); ++i)
                out.smaa.push_back({sm.options[i], sm.smaa.rank_acceptability(Eigen::Index(i), 0),
                                    sm.smaa.confidence_factors[Eigen::Index(i)]});
        }
    }

    const scenario_source& source_;
    const appraisal& model_;
    appraise_options settings_;
    governance_status governance_;
    std::string governance_state_;
    detail::tree_index tree_;
    std::vector<std::ptrdiff_t> leaf_position_;
    std::vector<weight_entry> weight_sets_;
    Eigen::MatrixXd central_, leaf_values_;
    std::vector<bool> attribute_discount_;  ///< per option: discounted by an attribute gate
    std::vector<bool> static_discount_;     ///< … or by an affordability gate, on the base's costs
    std::vector<const gate*> affordability_gates_;
    std::vector<threshold_entry> thresholds_;
    std::vector<std::string> option_ids_;
    std::optional<value_for_money_basis> vfm_basis_;
    std::vector<double> df_, health_df_;
    std::vector<option_economics> base_economics_;  ///< per option, model order
    std::exception_ptr economics_failure_;           ///< set when the base's cash flows overflow
    struct screening_entry {
        Eigen::MatrixXd values;                ///< leaf values the totals are taken from
        std::vector<std::size_t> shortlist;
        std::vector<std::string> discounted;
    } base_screen_;
};

}  // namespace adva
