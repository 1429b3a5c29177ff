#pragma once
// Gate screening: every gate for every option gives pass / fail / unknown with a reason naming the
// attribute or criterion, the value seen and what is required. An option is discounted when a gate
// fails (or is unknown under on_unknown = discount), with the reasons recorded; business-as-usual
// and do-minimum options stay on the short list as benchmarks, flagged when a gate fails.
// A gate whose question was answered "does not apply" is not_applicable for every option, with the
// answer as the reason. A threshold gate on an interior node reads the node's value under the
// weights it names (gate::weights, the consensus by default), whatever weights rank the options.
// An affordability gate reads the option's economic case (economics.hpp): its largest shortfall
// against the budget envelope, on the model's cost basis.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <Eigen/Dense>

#include "adva/analysis/economics.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/analysis/results.hpp"
#include "adva/analysis/values.hpp"
#include "adva/model/appraisal.hpp"

namespace adva {

/// The status as written in every output (JSON, CSV, tables, Python).
inline const char* to_string(gate_status s) noexcept {
    switch (s) {
        case gate_status::pass: return "pass";
        case gate_status::fail: return "fail";
        case gate_status::unknown: return "unknown";
        case gate_status::not_applicable: return "not_applicable";
    }
    return "unknown";
}

/// Why gate `g` does not apply to this appraisal — the answer to a question linking it that says
/// so (answer::applies == false: who, which group, and the rationale) — or nothing when it applies.
/// validate() refuses answers that disagree on it.
inline std::optional<std::string> gate_not_applicable(const appraisal& model, const gate& g) {
    for (const auto& f : model.functions)
        for (const auto& q : f.questions) {
            if (std::find(q.gates.begin(), q.gates.end(), g.id) == q.gates.end()) continue;
            for (const auto& a : q.answers) {
                if (a.applies.value_or(true)) continue;
                std::string why = "not applicable: " + q.id + " answered";
                if (!a.by.empty()) why += " by " + a.by;
                why += " (" + a.group + ")";
                const std::string& reason = a.rationale.empty() ? a.text : a.rationale;
                return reason.empty() ? why : why + ": " + reason;
            }
        }
    return std::nullopt;
}

/// The weight set named by gate::weights: the consensus, or a stakeholder group's.
inline weight_set gate_weights(const appraisal& model, const gate& g) {
    if (g.weights == consensus_weights_name) return consensus_weights(model);
    return detail::weights_for_group(model, g.weights, detail::group_pointer(model, g.weights));
}

namespace detail {

/// Up to 6 significant digits: what a person reads in a reason ("35.7143", "40").
inline std::string short_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

inline std::string attribute_text(const attribute_value& v) {
    if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (const double* d = std::get_if<double>(&v)) return short_number(*d);
    return "\"" + std::get<std::string>(v) + "\"";
}

inline std::string requirement_text(comparison op, const std::string& operand) {
    switch (op) {
        case comparison::equal: return "required " + operand;
        case comparison::not_equal: return "required not " + operand;
        case comparison::less: return "required < " + operand;
        case comparison::less_equal: return "required <= " + operand;
        case comparison::greater: return "required > " + operand;
        case comparison::greater_equal: return "required >= " + operand;
        case comparison::one_of: return "required one of " + operand;
        case comparison::none_of: return "required none of " + operand;
    }
    return "required " + operand;
}

/// Orders two values of the same alternative; -1, 0, 1.
inline int compare_values(const attribute_value& a, const attribute_value& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

inline bool holds(comparison op, int cmp) {
    switch (op) {
        case comparison::equal: return cmp == 0;
        case comparison::not_equal: return cmp != 0;
        case comparison::less: return cmp < 0;
        case comparison::less_equal: return cmp <= 0;
        case comparison::greater: return cmp > 0;
        case comparison::greater_equal: return cmp >= 0;
        case comparison::one_of: return cmp == 0;
        case comparison::none_of: return cmp != 0;
    }
    return false;
}

inline gate_outcome attribute_gate(const gate& g, const option& o) {
    gate_outcome out;
    out.gate = g.id;
    std::string operand;
    const bool set_op = g.op == comparison::one_of || g.op == comparison::none_of;
    for (std::size_t k = 0; k < g.values.size(); ++k) operand += (k ? ", " : "") + attribute_text(g.values[k]);
    const std::string required = requirement_text(g.op, operand);

    const auto it = o.attributes.find(g.attribute);
    if (it == o.attributes.end()) {
        out.status = gate_status::unknown;
        out.reason = g.attribute + " is not set, " + required;
        return out;
    }
    const attribute_value& seen = it->second;
    bool ok = false;
    bool comparable = false;
    if (set_op) {
        bool member = false;
        for (const auto& v : g.values)
            if (v.index() == seen.index()) {
                comparable = true;
                member = member || compare_values(seen, v) == 0;
            }
        ok = g.op == comparison::one_of ? member : !member;
    } else if (!g.values.empty() && g.values.front().index() == seen.index()) {
        comparable = true;
        ok = holds(g.op, compare_values(seen, g.values.front()));
    }
    if (!comparable) {  // validate() checks types; a mismatch here cannot be judged either way
        out.status = gate_status::unknown;
        out.reason = g.attribute + " is " + attribute_text(seen) + ", of another type than " + required;
        return out;
    }
    out.status = ok ? gate_status::pass : gate_status::fail;
    out.reason = g.attribute + " is " + attribute_text(seen) + ", " + required;
    return out;
}

/// "required >= 30", and for a node with children "… under the consensus weights" (or a group's).
inline std::string threshold_requirement(const gate& g, const appraisal& model, const tree_index& t) {
    const auto c = model.criterion_index(g.criterion);
    std::string required = requirement_text(g.op, short_number(g.threshold));
    if (c && !t.leaf[*c])
        required += " under the " + (g.weights == consensus_weights_name ? std::string("consensus") : "'" + g.weights + "'") + " weights";
    return required;
}

inline gate_outcome threshold_gate(const gate& g, const appraisal& model, const tree_index& t,
                                   const Eigen::MatrixXd& values, std::size_t o) {
    gate_outcome out;
    out.gate = g.id;
    const auto c = model.criterion_index(g.criterion);
    const std::string required = threshold_requirement(g, model, t);
    if (!c) {  // validate() rejects unknown criteria
        out.status = gate_status::unknown;
        out.reason = g.criterion + " is not a criterion, " + required;
        return out;
    }
    const double v = values(Eigen::Index(o), Eigen::Index(*c));
    if (std::isnan(v)) {
        // Name the unscored leaves under the node.
        std::string missing;
        for (std::size_t leaf : t.leaves) {
            if (!std::isnan(values(Eigen::Index(o), Eigen::Index(leaf)))) continue;
            std::ptrdiff_t up = std::ptrdiff_t(leaf);
            while (up >= 0 && std::size_t(up) != *c) up = t.parent[std::size_t(up)];
            if (up >= 0) missing += (missing.empty() ? "" : ", ") + model.criteria[leaf].id;
        }
        out.status = gate_status::unknown;
        out.reason = g.criterion + " has no value (not scored: " + missing + "), " + required;
        return out;
    }
    const int cmp = v < g.threshold ? -1 : (v > g.threshold ? 1 : 0);
    out.status = holds(g.op, cmp) ? gate_status::pass : gate_status::fail;
    out.reason = g.criterion + " value is " + short_number(v) + " on 0-100, " + required;
    return out;
}

/// An affordability gate for an option whose economic case is `e`: its largest shortfall, in any
/// one year and category, against the gate's threshold; unknown for an option without costs.
inline gate_outcome affordability_gate(const gate& g, const appraisal& model, const option_economics& e) {
    const auto amount = [&](double x) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f", x);
        return std::string(buf) + " " + model.context.currency;
    };
    gate_outcome out;
    out.gate = g.id;
    const std::string required = "largest shortfall " + requirement_text(g.op, amount(g.threshold));
    if (!e.has_costs()) {
        out.status = gate_status::unknown;
        out.reason = "no costs to test against the budget envelope, " + required;
        return out;
    }
    const int cmp = e.largest_shortfall < g.threshold ? -1 : (e.largest_shortfall > g.threshold ? 1 : 0);
    out.status = holds(g.op, cmp) ? gate_status::pass : gate_status::fail;
    out.reason = e.shortfall_years == 0
                     ? "within the budget envelope in every year, " + required
                     : "over the budget envelope in " + std::to_string(e.shortfall_years) +
                           (e.shortfall_years == 1 ? " year" : " years") + ", by up to " + amount(e.largest_shortfall) + ", " + required;
    return out;
}

inline std::string describe(const gate& g, const gate_outcome& r) {
    std::string s = "gate " + g.id;
    if (!g.name.empty()) s += " (" + g.name + ")";
    s += r.status == gate_status::fail ? " failed: " : " unknown: ";
    return s + r.reason;
}

}  // namespace detail

/// Evaluate a single gate for option `o`; `values` are the node values (node_values()) under the
/// gate's weights (gate_weights()).
inline gate_outcome evaluate_gate(const appraisal& model, const gate& g, std::size_t o, const Eigen::MatrixXd& values) {
    if (const auto why = gate_not_applicable(model, g)) return {g.id, gate_status::not_applicable, *why};
    if (g.kind == gate_kind::attribute) return detail::attribute_gate(g, model.options[o]);
    if (g.kind == gate_kind::affordability)
        return detail::affordability_gate(g, model, option_economic_case(model, o, discount_factors(model.context),
                                                                         health_discount_factors(model.context.horizon_years)));
    return detail::threshold_gate(g, model, detail::index_tree(model), values, o);
}

/// Screen every option against every gate, in model order. `values` are the node values under
/// `in_use`, the weights that rank the options; a threshold gate on an interior node whose own
/// weights (gate_weights()) differ reads node values under those, computed once per weight set.
inline std::vector<screening_entry> screen(const appraisal& model, const Eigen::MatrixXd& values, const weight_set& in_use) {
    const auto t = detail::index_tree(model);
    std::map<std::string, std::optional<Eigen::MatrixXd>> under;  // gate::weights -> values (empty: `values`)
    auto values_for = [&](const gate& g) -> const Eigen::MatrixXd& {
        const auto c = model.criterion_index(g.criterion);
        if (!c || t.leaf[*c]) return values;  // a leaf's value does not depend on weights
        auto it = under.find(g.weights);
        if (it == under.end()) {
            const weight_set w = gate_weights(model, g);
            std::optional<Eigen::MatrixXd> own;
            if (w.local != in_use.local) own = node_values(model, w.local, std::vector<bool>(model.options.size(), true));
            it = under.emplace(g.weights, std::move(own)).first;
        }
        return it->second ? *it->second : values;
    };
    std::vector<std::optional<std::string>> not_applicable;
    for (const auto& g : model.gates) not_applicable.push_back(gate_not_applicable(model, g));
    // The options' economic cases, for affordability gates: computed once, for those only.
    const bool affordability = std::any_of(model.gates.begin(), model.gates.end(),
                                           [](const gate& g) { return g.kind == gate_kind::affordability; });
    const auto df = affordability ? discount_factors(model.context) : std::vector<double>{};
    const auto health_df = affordability ? health_discount_factors(model.context.horizon_years) : std::vector<double>{};
    std::vector<screening_entry> out;
    out.reserve(model.options.size());
    for (std::size_t o = 0; o < model.options.size(); ++o) {
        const auto& opt = model.options[o];
        screening_entry e;
        e.option = opt.id;
        e.benchmark = opt.is_benchmark();
        bool discount = false;
        std::string problems;
        std::optional<option_economics> economics;
        for (std::size_t k = 0; k < model.gates.size(); ++k) {
            const gate& g = model.gates[k];
            if (not_applicable[k]) {
                e.gates.push_back({g.id, gate_status::not_applicable, *not_applicable[k]});
                continue;
            }
            gate_outcome r;
            if (g.kind == gate_kind::attribute) {
                r = detail::attribute_gate(g, opt);
            } else if (g.kind == gate_kind::affordability) {
                if (!economics) economics = option_economic_case(model, o, df, health_df);
                r = detail::affordability_gate(g, model, *economics);
            } else {
                r = detail::threshold_gate(g, model, t, values_for(g), o);
            }
            if (r.status != gate_status::pass) {
                discount = discount || r.status == gate_status::fail || g.on_unknown == unknown_policy::discount;
                problems += (problems.empty() ? "" : "; ") + detail::describe(g, r);
            }
            e.gates.push_back(std::move(r));
        }
        if (discount && !e.benchmark) {
            e.shortlisted = false;
            e.reason = "discounted: " + problems;
        } else {
            e.shortlisted = true;
            e.flagged = !problems.empty();
            if (e.flagged) {
                const std::string kind = opt.business_as_usual ? "business as usual" : "do-minimum";
                e.reason = (e.benchmark && discount ? "kept as a benchmark (" + kind + ") despite: "
                                                    : std::string("kept, to follow up: ")) + problems;
            }
        }
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace adva
