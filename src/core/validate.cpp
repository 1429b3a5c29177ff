// adva::validate — every semantic rule of docs/model-format.md's table. Errors name the JSON pointer
// the offending value has (or would have) in the model file, the rule and the value seen.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <string>
#include <utility>

#include "adva/error.hpp"
#include "adva/error_sink.hpp"
#include "adva/known_ids.hpp"
#include "adva/model/appraisal.hpp"
#include "json_names.hpp"

namespace adva {
namespace {

constexpr int max_tree_depth = 32;

using io::detail::name_of;
using io::detail::names_list;
using io::detail::number_text;
using io::pointer_token;

std::string at(const std::string& base, std::size_t i) { return base + "/" + std::to_string(i); }
std::string at(const std::string& base, std::string_view key) { return base + "/" + pointer_token(key); }

bool well_formed_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (unsigned char c : id)
        if (!std::isalnum(c) && c != '_' && c != '-' && c != '.') return false;
    return true;
}

bool is_set_op(comparison op) { return op == comparison::one_of || op == comparison::none_of; }
bool is_order_op(comparison op) {
    return op == comparison::less || op == comparison::less_equal || op == comparison::greater ||
           op == comparison::greater_equal;
}

std::string_view type_word(const attribute_value& v) {
    if (std::holds_alternative<bool>(v)) return "boolean";
    if (std::holds_alternative<double>(v)) return "number";
    return "text";
}

std::string value_text(const attribute_value& v) {
    if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (const double* d = std::get_if<double>(&v)) return number_text(*d);
    return io::detail::quoted(std::get<std::string>(v));
}

bool matches(attribute_type t, const attribute_value& v) {
    switch (t) {
        case attribute_type::boolean: return std::holds_alternative<bool>(v);
        case attribute_type::number: return std::holds_alternative<double>(v);
        case attribute_type::text: return std::holds_alternative<std::string>(v);
    }
    return false;
}

class validator {
public:
    validator(const appraisal& m, error_sink& sink, weight_completeness weights = weight_completeness::required)
        : m_(m), sink_(sink), weights_(weights) {}

    /// The documented bounds (docs/model-format.md), before any work that grows with the model.
    /// False when a bound is exceeded: no further pass runs (the work stays bounded).
    bool check_bounds() const {
        const std::size_t before = sink_.count();
        if (m_.options.size() > max_options)
            sink_.report(limit_exceeded("adva.limits.options", "/options", "a model has at most " + std::to_string(max_options) + " options",
                                        std::to_string(m_.options.size())));
        if (m_.criteria.size() > max_criteria)
            sink_.report(limit_exceeded("adva.limits.criteria", "/criteria",
                                        "a model has at most " + std::to_string(max_criteria) + " criteria (nodes of the value tree)",
                                        std::to_string(m_.criteria.size())));
        return sink_.count() == before;
    }

    void run() {
        // Under another format version, or beyond the bounds, the other rules mean nothing.
        if (m_.format_version != model_format_version)
            return fail("adva.model.version", "/adva_model",
                        "this adva reads model format " + std::to_string(model_format_version),
                        std::to_string(m_.format_version));
        if (!check_bounds()) return;
        check_all_ids();
        build_indexes();
        check_context();
        check_economics();
        check_groups();
        check_criteria();
        check_questions();
        if (weights_ == weight_completeness::required) check_weight_coverage();
        check_gates();
        check_gate_applicability();
        check_options();
        check_improvement();
        check_trajectory_criteria();
        check_governance_record();
    }

    // The rules of one score: also applied on their own to a score changed in a validated model.
    friend void adva::validate_score(const criterion& leaf, const score& s, const std::string& where);

private:
    // Every rule reports here: thrown at once when loading a model, recorded while the pass carries
    // on in adva validate. A check that later code relies on (an id that must resolve, a tree that
    // must be acyclic) guards that code itself, so a collecting run neither crashes nor repeats
    // one mistake as many follow-on errors.
    void fail(const char* id, const std::string& where, const std::string& rule, const std::string& seen = {}) const {
        sink_.report(invalid_input(id, where, rule, seen));
    }

    /// False (and reported) when `x` is not finite: range rules on it are then skipped.
    bool check_finite(double x, const std::string& where) const {
        if (std::isfinite(x)) return true;
        fail("adva.model.not_finite", where, "number must be finite", number_text(x));
        return false;
    }

    void check_id(const std::string& id, const std::string& where, std::set<std::string>& seen) const {
        if (!well_formed_id(id))
            fail("adva.model.bad_id", where, "an id is 1 to 64 letters, digits, '_', '-' or '.'", io::detail::quoted(id));
        if (!seen.insert(id).second) fail("adva.model.duplicate_id", where, "id already used earlier in this list", io::detail::quoted(id));
    }

    template <class T>
    void check_ids(const std::vector<T>& xs, const std::string& list) const {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < xs.size(); ++i) check_id(xs[i].id, at(at(list, i), "id"), seen);
    }

    /// " (known, closest first: …)" for an unknown id among `items`' ids. Computed once per id and
    /// list, and not at all for an error a full collecting sink would not keep.
    template <class T>
    std::string known_ids(std::string_view seen, const std::vector<T>& items, std::vector<std::string> extra = {}) const {
        if (sink_.full()) return {};
        auto [it, fresh] = known_cache_.try_emplace({static_cast<const void*>(&items), std::string(seen)});
        if (fresh) {
            for (const auto& x : items) extra.push_back(x.id);
            it->second = " (" + known_ids_text(seen, extra) + ")";
        }
        return it->second;
    }

    void check_all_ids() {
        check_ids(m_.groups, "/stakeholder_groups");
        check_ids(m_.functions, "/functions");
        // Questions are referred to by id from anywhere (CLI, reports), so their ids are unique
        // across the whole question set, not only within one function.
        std::set<std::string> questions;
        for (std::size_t f = 0; f < m_.functions.size(); ++f)
            for (std::size_t q = 0; q < m_.functions[f].questions.size(); ++q)
                check_id(m_.functions[f].questions[q].id, question_ptr(f, q) + "/id", questions);
        check_ids(m_.criteria, "/criteria");
        check_ids(m_.attributes, "/attributes");
        check_ids(m_.gates, "/gates");
        check_ids(m_.vehicle_types, "/vehicle_types");
        for (std::size_t i = 0; i < m_.vehicle_types.size(); ++i)
            for (const auto& b : builtin_vehicle_types())
                if (b.id == m_.vehicle_types[i].id)
                    fail("adva.model.duplicate_id", at(at("/vehicle_types", i), "id"),
                         "id of a built-in vehicle type", io::detail::quoted(b.id));
        check_ids(m_.options, "/options");
    }

    void check_context() {
        const auto& c = m_.context;
        if (check_finite(c.discount_rate, "/context/discount_rate") && (c.discount_rate < 0.0 || c.discount_rate >= 1.0))
            fail("adva.model.bad_context", "/context/discount_rate", "discount rate must be in [0, 1)",
                 number_text(c.discount_rate));
        if (c.horizon_years < 1 || c.horizon_years > 200)
            fail("adva.model.bad_context", "/context/horizon_years", "horizon must be 1 to 200 years",
                 std::to_string(c.horizon_years));
        if (c.base_year < 0 || c.base_year > 9999)
            fail("adva.model.bad_context", "/context/base_year", "base year must be 0 (unset) or a year from 1 to 9999",
                 std::to_string(c.base_year));
    }

    void check_groups() {
        for (std::size_t i = 0; i < m_.groups.size(); ++i) {
            if (m_.groups[i].id == consensus_weights_name)
                fail("adva.model.reserved_id", at(at("/stakeholder_groups", i), "id"),
                     "\"consensus\" names the combined weights of every group: a group needs another id",
                     io::detail::quoted(m_.groups[i].id));
            const std::string w = at(at("/stakeholder_groups", i), "influence");
            if (check_finite(m_.groups[i].influence, w) && m_.groups[i].influence <= 0.0)
                fail("adva.model.negative_weight", w, "influence must be greater than 0",
                     number_text(m_.groups[i].influence));
        }
        const auto& c = m_.consensus;
        if (c.method == consensus_method::lead_group && c.lead_group.empty())
            fail("adva.json.missing_key", "/consensus/lead_group", "the lead_group method needs the group's id");
        if (!c.lead_group.empty() && !group_index(c.lead_group))
            fail("adva.model.unknown_id", "/consensus/lead_group", "lead group is not a stakeholder group" + known_ids(c.lead_group, m_.groups),
                 io::detail::quoted(c.lead_group));
    }

    void check_criteria() {
        const auto& cs = m_.criteria;
        for (std::size_t i = 0; i < cs.size(); ++i) {
            const std::string w = at("/criteria", i);
            if (!cs[i].parent.empty() && !criterion_index(cs[i].parent))
                fail("adva.model.unknown_id", w + "/parent", "parent is not a criterion" + known_ids(cs[i].parent, cs),
                     io::detail::quoted(cs[i].parent));
            if (!cs[i].function.empty() && !function_exists(cs[i].function))
                fail("adva.model.unknown_id", w + "/function",
                     "function is not one of the model's functions" + known_ids(cs[i].function, m_.functions),
                     io::detail::quoted(cs[i].function));
            if (cs[i].weight && check_finite(*cs[i].weight, w + "/weight")) {
                if (*cs[i].weight < 0.0)
                    fail("adva.model.negative_weight", w + "/weight", "weights must be at least 0",
                         number_text(*cs[i].weight));
            }
        }
        check_tree();
        usable_scale_.assign(cs.size(), true);
        for (std::size_t i = 0; i < cs.size(); ++i) {
            const std::size_t before = sink_.count();
            check_value_function(i);
            usable_scale_[i] = sink_.count() == before;  // scores are not checked against a broken scale
        }
        check_direct_weights_not_all_zero();
    }

    // The criteria form a forest: following parents from any node ends at a top-level node. Each
    // node is walked once (0 = not seen, 1 = on the current walk, 2 = known to reach the top).
    void check_tree() {
        const auto& cs = m_.criteria;
        std::vector<char> state(cs.size(), 0);
        std::vector<std::size_t> walk;
        bool cyclic = false;  // collecting: depths are not defined then (a walk would never end)
        for (std::size_t i = 0; i < cs.size(); ++i) {
            walk.clear();
            std::size_t node = i;
            while (state[node] == 0) {
                state[node] = 1;
                walk.push_back(node);
                const auto up = parent_index(node);
                if (!up) break;
                node = *up;
                if (state[node] == 1) {
                    // Back on this walk: the cycle runs from `node` round to itself.
                    std::string path = cs[node].id;
                    auto from = std::find(walk.begin(), walk.end(), node);
                    for (auto it = std::next(from); it != walk.end(); ++it) path += " -> " + cs[*it].id;
                    path += " -> " + cs[node].id;
                    fail("adva.model.cycle", at("/criteria", node) + "/parent",
                         "the criteria must form a tree, but following parents from '" + cs[node].id +
                             "' comes back to it",
                         io::detail::quoted(path, 200));
                    cyclic = true;
                }
            }
            for (auto n : walk) state[n] = 2;
        }
        // A value tree is a handful of levels deep; a bound keeps every later pass over the tree
        // cheap and stack-safe whatever the input.
        if (cyclic) return;
        std::vector<int> depth(cs.size(), 0);
        for (std::size_t i = 0; i < cs.size(); ++i) {
            walk.clear();
            std::size_t node = i;
            while (depth[node] == 0 && parent_index(node)) {
                walk.push_back(node);
                node = *parent_index(node);
            }
            int d = depth[node] == 0 ? 1 : depth[node];
            depth[node] = d;
            for (auto it = walk.rbegin(); it != walk.rend(); ++it) depth[*it] = ++d;
            if (d > max_tree_depth)
                return sink_.report(limit_exceeded("adva.model.tree_depth", at("/criteria", i) + "/parent",
                                                   "the criteria tree may be at most " + std::to_string(max_tree_depth) +
                                                       " levels deep",
                                                   std::to_string(d) + " levels"));  // once, not per deeper node
        }
    }

    void check_value_function(std::size_t i) {
        const criterion& c = m_.criteria[i];
        const value_function& v = c.value;
        const std::string w = at("/criteria", i) + "/value_function";
        check_finite(v.lower, w + "/lower");
        check_finite(v.upper, w + "/upper");
        check_finite(v.rho, w + "/rho");
        for (std::size_t k = 0; k < v.points.size(); ++k) {
            check_finite(v.points[k].first, at(at(w + "/points", k), 0));
            check_finite(v.points[k].second, at(at(w + "/points", k), 1));
        }
        if (c.scale == scale_type::relative && v.kind != value_function_kind::direct)
            fail("adva.model.bad_value_function", w + "/kind",
                 "a relative scale is set from the options' own scores, so its value function must be \"direct\"",
                 io::detail::quoted(name_of(v.kind)));
        switch (v.kind) {
            case value_function_kind::direct: break;
            case value_function_kind::linear:
            case value_function_kind::exponential:
                if (!(v.lower < v.upper))
                    fail("adva.model.bad_value_function", w + "/upper", "upper must be greater than lower",
                         "lower " + number_text(v.lower) + ", upper " + number_text(v.upper));
                else if (!std::isfinite(v.upper - v.lower))  // a level's share of the range would be 0 or NaN
                    fail("adva.model.bad_value_function", w + "/upper", "the range upper - lower must be a finite number",
                         "lower " + number_text(v.lower) + ", upper " + number_text(v.upper));
                break;
            case value_function_kind::piecewise_linear:
                if (v.points.size() < 2)
                    fail("adva.model.bad_value_function", w + "/points",
                         "a piecewise-linear value function needs at least 2 breakpoints",
                         std::to_string(v.points.size()) + " breakpoint(s)");
                for (std::size_t k = 0; k < v.points.size(); ++k) {
                    const std::string p = at(w + "/points", k);
                    if (k > 0 && !(v.points[k].first > v.points[k - 1].first))
                        fail("adva.model.bad_value_function", p + "/0", "breakpoint levels must strictly increase",
                             number_text(v.points[k - 1].first) + " then " + number_text(v.points[k].first));
                    else if (k > 0 && !std::isfinite(v.points[k].first - v.points[k - 1].first))
                        fail("adva.model.bad_value_function", p + "/0",
                             "the step between two breakpoint levels must be a finite number",
                             number_text(v.points[k - 1].first) + " then " + number_text(v.points[k].first));
                    if (v.points[k].second < 0.0 || v.points[k].second > 100.0)
                        fail("adva.model.bad_value_function", p + "/1", "breakpoint values must be within [0, 100]",
                             number_text(v.points[k].second));
                }
                break;
        }
    }

    void check_direct_weights_not_all_zero() {
        std::map<std::string, std::vector<std::size_t>> by_parent;
        for (std::size_t i = 0; i < m_.criteria.size(); ++i) by_parent[m_.criteria[i].parent].push_back(i);
        for (const auto& [parent, children] : by_parent) {
            bool all_direct = true;
            double sum = 0.0;
            for (auto c : children) {
                all_direct = all_direct && m_.criteria[c].weight.has_value();
                if (m_.criteria[c].weight) sum += *m_.criteria[c].weight;
            }
            if (all_direct && sum == 0.0)
                fail("adva.model.zero_weights", at("/criteria", children.front()) + "/weight",
                     parent.empty() ? "the direct weights of the top-level criteria are all zero"
                                    : "the direct weights of the children of '" + parent + "' are all zero",
                     "0");
        }
    }

    void check_questions() {
        std::map<std::string, std::string> weighted_by;  // criterion -> weight question linking it
        for (std::size_t f = 0; f < m_.functions.size(); ++f) {
            for (std::size_t qi = 0; qi < m_.functions[f].questions.size(); ++qi) {
                const question& q = m_.functions[f].questions[qi];
                const std::string w = question_ptr(f, qi);
                if (q.criteria.empty() && q.gates.empty())
                    fail("adva.model.unmapped_question", w,
                         "every question maps to at least one criterion or gate (its \"criteria\" or \"gates\")",
                         io::detail::quoted(q.id));
                std::set<std::string> linked;
                for (std::size_t k = 0; k < q.criteria.size(); ++k) {
                    const std::string p = at(w + "/criteria", k);
                    if (!criterion_index(q.criteria[k]))
                        fail("adva.model.unknown_id", p, "question refers to an unknown criterion" + known_ids(q.criteria[k], m_.criteria),
                             io::detail::quoted(q.criteria[k]));
                    if (!linked.insert(q.criteria[k]).second)
                        fail("adva.model.duplicate_id", p, "criterion listed twice by this question", io::detail::quoted(q.criteria[k]));
                }
                for (std::size_t k = 0; k < q.gates.size(); ++k)
                    if (!gate_index(q.gates[k]))
                        fail("adva.model.unknown_id", at(w + "/gates", k), "question refers to an unknown gate" + known_ids(q.gates[k], m_.gates),
                             io::detail::quoted(q.gates[k]));
                if (q.kind == question_kind::weight) check_weight_question(q, w, weighted_by);
                check_answers(q, w);
            }
        }
    }

    void check_weight_question(const question& q, const std::string& w, std::map<std::string, std::string>& weighted_by) {
        if (q.criteria.empty())
            return fail("adva.model.weight_question_siblings", w + "/criteria",
                        "a weight question links the sibling criteria it weights", "[]");
        // An unknown or repeated criterion was reported by check_questions: it is skipped here.
        const auto first = criterion_index(q.criteria.front());
        if (!first) return;
        const std::string& parent = m_.criteria[*first].parent;
        std::set<std::string_view> linked;
        for (std::size_t k = 0; k < q.criteria.size(); ++k) {
            const std::string p = at(w + "/criteria", k);
            const auto ci = criterion_index(q.criteria[k]);
            if (!ci || !linked.insert(q.criteria[k]).second) continue;
            const criterion& c = m_.criteria[*ci];
            if (c.parent != parent)
                fail("adva.model.weight_question_siblings", p,
                     "a weight question links siblings: '" + q.criteria.front() + "' has " + parent_text(parent) +
                         " but '" + c.id + "' has " + parent_text(c.parent),
                     io::detail::quoted(c.id));
            auto [it, fresh] = weighted_by.emplace(c.id, q.id);
            if (!fresh)
                fail("adva.model.weight_question_siblings", p,
                     "criterion is already weighted by question '" + it->second + "'", io::detail::quoted(c.id));
        }
    }

    void check_answers(const question& q, const std::string& w) {
        std::set<std::string> groups;
        for (std::size_t a = 0; a < q.answers.size(); ++a) {
            const answer& ans = q.answers[a];
            const std::string aw = at(w + "/answers", a);
            if (!group_index(ans.group))
                fail("adva.model.unknown_id", aw + "/group", "answer's group is not a stakeholder group" + known_ids(ans.group, m_.groups),
                     io::detail::quoted(ans.group));
            if (!groups.insert(ans.group).second)
                fail("adva.model.duplicate_id", aw + "/group", "this group already answered this question",
                     io::detail::quoted(ans.group));
            if (ans.applies && q.kind != question_kind::gate)
                fail("adva.model.applies", aw + "/applies",
                     "only an answer to a gate question says whether its gates apply (this question's kind is \"" +
                         std::string(name_of(q.kind)) + "\")",
                     *ans.applies ? "true" : "false");
            const std::string sw = aw + "/swing";
            if (q.kind != question_kind::weight) {
                if (!ans.swing.empty())
                    fail("adva.model.weight_question_siblings", sw,
                         "only answers to weight questions carry swing weights (this question's kind is \"" +
                             std::string(name_of(q.kind)) + "\")",
                         io::detail::quoted(ans.swing.begin()->first));
                continue;
            }
            double sum = 0.0;
            const std::size_t before = sink_.count();
            for (const auto& [id, value] : ans.swing) {
                const std::string p = at(sw, id);
                if (!criterion_index(id)) {
                    fail("adva.model.unknown_id", p, "swing names an unknown criterion" + known_ids(id, m_.criteria), io::detail::quoted(id));
                    continue;
                }
                if (std::find(q.criteria.begin(), q.criteria.end(), id) == q.criteria.end())
                    fail("adva.model.weight_question_siblings", p,
                         "swing names a criterion this question does not link (" + known_ids_text(id, q.criteria, 8, "linked") + ")",
                         io::detail::quoted(id));
                if (!check_finite(value, p)) continue;
                if (value < 0.0) fail("adva.model.negative_weight", p, "swing weights must be at least 0", number_text(value));
                sum += value;
            }
            if (sink_.count() != before) continue;  // the sum of broken swings says nothing more
            for (const auto& id : q.criteria)
                if (!ans.swing.count(id))
                    fail("adva.model.missing_weight", sw, "the answer gives no swing weight to a criterion the question links",
                         io::detail::quoted(id));
            if (sum == 0.0) fail("adva.model.zero_weights", sw, "swing weights are all zero", "0");
        }
    }

    // Every node needs a weight in every weight set that will be computed: each answering group's
    // (its answer, else the direct weight, else the other groups' mean) and, with no answers at
    // all, the direct weights.
    void check_weight_coverage() {
        if (m_.criteria.empty()) fail("adva.model.no_criteria", "/criteria", no_criteria_rule);
        std::set<std::string> answering;                          // groups that answered a weight question
        std::set<std::string> covered;                            // criteria some group's answer weights
        for (const auto& f : m_.functions)
            for (const auto& q : f.questions)
                if (q.kind == question_kind::weight)
                    for (const auto& a : q.answers) {
                        if (!group_index(a.group)) continue;  // reported by check_answers
                        answering.insert(a.group);
                        for (const auto& c : q.criteria) covered.insert(c);
                    }
        // A framing with no weights at all is still being built (adva init writes one): appraising it
        // asks for the answers; partly weighted, it is an error now.
        const bool unweighted = answering.empty() && std::none_of(m_.criteria.begin(), m_.criteria.end(),
                                                                   [](const criterion& c) { return c.weight.has_value(); });
        for (std::size_t i = 0; i < m_.criteria.size() && !unweighted; ++i) {
            const criterion& c = m_.criteria[i];
            // A group without a swing of its own borrows the other groups' (model_weights.hpp): only
            // a node no answer covers, without a direct weight, has no weight in some set.
            if (c.weight || covered.count(c.id)) continue;
            fail("adva.model.missing_weight", at("/criteria", i) + "/weight",
                 "criterion has no weight: give it a direct \"weight\" or answer a weight question linking it",
                 io::detail::quoted(c.id));
        }
    }

    // Answers that say whether a gate applies must agree, across groups and questions linking it.
    void check_gate_applicability() {
        for (const gate& g : m_.gates) {
            const answer* first = nullptr;
            std::string first_question;
            for (std::size_t f = 0; f < m_.functions.size(); ++f)
                for (std::size_t qi = 0; qi < m_.functions[f].questions.size(); ++qi) {
                    const question& q = m_.functions[f].questions[qi];
                    if (std::find(q.gates.begin(), q.gates.end(), g.id) == q.gates.end()) continue;
                    for (std::size_t a = 0; a < q.answers.size(); ++a) {
                        const answer& ans = q.answers[a];
                        if (!ans.applies) continue;
                        if (!first) {
                            first = &ans;
                            first_question = q.id;
                        } else if (*ans.applies != *first->applies) {
                            fail("adva.model.gate_applicability", at(question_ptr(f, qi) + "/answers", a) + "/applies",
                                 "answers disagree on whether gate " + g.id + " applies: " + first_question + " (" +
                                     first->group + ") says it " + (*first->applies ? "does" : "does not") +
                                     "; settle it in one answer, with the reason",
                                 *ans.applies ? "true" : "false");
                        }
                    }
                }
        }
    }

    void check_gates() {
        for (std::size_t i = 0; i < m_.gates.size(); ++i) {
            const gate& g = m_.gates[i];
            const std::string w = at("/gates", i);
            if (g.kind == gate_kind::threshold) {
                if (!criterion_index(g.criterion))
                    fail("adva.model.unknown_id", w + "/criterion", "gate refers to an unknown criterion" + known_ids(g.criterion, m_.criteria),
                         io::detail::quoted(g.criterion));
                if (is_set_op(g.op))
                    fail("adva.json.type", w + "/op",
                         "expected a comparison of one number (threshold gates cannot use one_of or none_of)",
                         io::detail::quoted(name_of(g.op)));
                const bool finite_threshold = check_finite(g.threshold, w + "/threshold");
                if (g.weights != consensus_weights_name && !group_index(g.weights)) {
                    std::vector<std::string> known{consensus_weights_name};
                    for (const auto& grp : m_.groups) known.push_back(grp.id);
                    fail("adva.model.unknown_id", w + "/weights",
                         "a threshold gate's weights are \"consensus\" or a stakeholder group's (" +
                             known_ids_text(g.weights, known) + ")",
                         io::detail::quoted(g.weights));
                }
                if (finite_threshold && (g.threshold < 0.0 || g.threshold > 100.0))
                    fail("adva.model.out_of_scale", w + "/threshold", "a threshold is a value within [0, 100]",
                         number_text(g.threshold));
                continue;
            }
            if (g.kind == gate_kind::affordability) {
                if (m_.economics.budget.empty())
                    fail("adva.model.bad_economics", w + "/kind",
                         "an affordability gate tests costs against the budget envelope: give economics.budget");
                if (g.op != comparison::less_equal && g.op != comparison::less)
                    fail("adva.json.type", w + "/op",
                         "an affordability gate bounds the largest shortfall: op is less_equal (the default) or less",
                         io::detail::quoted(name_of(g.op)));
                if (check_finite(g.threshold, w + "/threshold") && g.threshold < 0.0)
                    fail("adva.model.out_of_scale", w + "/threshold",
                         "the shortfall an affordability gate tolerates is an amount of 0 or more", number_text(g.threshold));
                continue;
            }
            const auto a = attribute_index(g.attribute);
            if (!a) {
                fail("adva.model.unknown_id", w + "/attribute", "gate refers to an undeclared attribute" + known_ids(g.attribute, m_.attributes),
                     io::detail::quoted(g.attribute));
                continue;
            }
            const attribute_definition& def = m_.attributes[*a];
            if (is_order_op(g.op) && def.type != attribute_type::number)
                fail("adva.model.attribute_type", w + "/op",
                     std::string(name_of(g.op)) + " compares numbers, but attribute '" + def.id + "' is " +
                         std::string(name_of(def.type)),
                     io::detail::quoted(name_of(g.op)));
            if (is_set_op(g.op) ? g.values.empty() : g.values.size() != 1)
                fail("adva.model.attribute_type", w + (is_set_op(g.op) ? "/values" : "/value"),
                     is_set_op(g.op) ? "\"" + std::string(name_of(g.op)) + "\" needs at least one value"
                                     : "\"" + std::string(name_of(g.op)) + "\" compares with exactly one value",
                     std::to_string(g.values.size()) + " values");
            for (std::size_t k = 0; k < g.values.size(); ++k) {
                const std::string p = is_set_op(g.op) || g.values.size() != 1 ? at(w + "/values", k) : w + "/value";
                if (!matches(def.type, g.values[k]))
                    fail("adva.model.attribute_type", p,
                         "attribute '" + def.id + "' is " + std::string(name_of(def.type)) + ", the value is " +
                             std::string(type_word(g.values[k])),
                         value_text(g.values[k]));
                if (const double* d = std::get_if<double>(&g.values[k])) check_finite(*d, p);
            }
        }
    }

    // The admissible range of a leaf's scores (adva/model/criteria.hpp: also what adva criteria shows).
    static std::optional<std::pair<double, double>> score_domain(const criterion& c) { return adva::score_domain(c); }

    // `on_scale`: the criterion's scale was found sound, so the score can be checked against it.
    // `where(suffix)` gives the pointer of the score with `suffix` appended; it is only called when
    // a rule fails, so checking the scores of a large model builds no strings.
    template <class Where>
    void check_score(const criterion& c, const score& s, const Where& where, bool on_scale = true) const {
        // (pointer suffix, value) for every number this kind uses; a point score's pointer is the
        // score itself since the file may write it as a plain number.
        struct level { const char* suffix; double x; };
        std::array<level, 3> levels{};
        std::size_t n = 0;
        switch (s.kind) {
            case uncertainty::point: levels = {{{"", s.value}}}; n = 1; break;
            case uncertainty::range: levels = {{{"/low", s.low}, {"/high", s.high}}}; n = 2; break;
            case uncertainty::triangular:
            case uncertainty::pert: levels = {{{"/low", s.low}, {"/mode", s.value}, {"/high", s.high}}}; n = 3; break;
            case uncertainty::normal: levels = {{{"/mean", s.value}}}; n = 1; break;
        }
        const auto finite_at = [&](double x, const char* suffix) {
            if (std::isfinite(x)) return true;
            return check_finite(x, where(suffix));
        };
        bool finite = true;
        for (std::size_t k = 0; k < n; ++k) finite = finite_at(levels[k].x, levels[k].suffix) && finite;
        if (s.kind == uncertainty::normal && finite_at(s.sd, "/sd")) {
            if (!(s.sd > 0.0))
                fail("adva.model.bad_distribution", where("/sd"), "a normal score needs sd > 0", number_text(s.sd));
        }
        if (s.kind == uncertainty::range && s.low > s.high)
            fail("adva.model.bad_distribution", where("/high"), "a range needs low <= high",
                 "low " + number_text(s.low) + ", high " + number_text(s.high));
        if ((s.kind == uncertainty::triangular || s.kind == uncertainty::pert) && !(s.low <= s.value && s.value <= s.high))
            fail("adva.model.bad_distribution", where("/mode"), "a " + std::string(name_of(s.kind)) + " score needs low <= mode <= high",
                 "low " + number_text(s.low) + ", mode " + number_text(s.value) + ", high " + number_text(s.high));
        if (!finite || !on_scale) return;
        if (const auto domain = score_domain(c)) {
            for (std::size_t k = 0; k < n; ++k)
                if (levels[k].x < domain->first || levels[k].x > domain->second)
                    fail("adva.model.out_of_scale", where(levels[k].suffix),
                         (c.value.kind == value_function_kind::direct ? "score outside the criterion's scale ["
                                                                      : "measured level outside the value function's domain [") +
                             number_text(domain->first) + ", " + number_text(domain->second) + "]",
                         number_text(levels[k].x));
        }
    }

    void check_options() {
        const int last_year = m_.context.horizon_years - 1;
        // A horizon found out of range (check_context) would put every cost year outside it.
        const bool horizon_known = m_.context.horizon_years >= 1 && m_.context.horizon_years <= 200;
        for (std::size_t i = 0; i < m_.options.size(); ++i) {
            const option& o = m_.options[i];
            const std::string w = at("/options", i);
            if (!find_vehicle_type(o.vehicle))
                fail("adva.model.unknown_id", w + "/vehicle",
                     "vehicle is neither a built-in vehicle type nor one of the model's vehicle_types" +
                         known_ids(o.vehicle, m_.vehicle_types, builtin_vehicle_ids()),
                     io::detail::quoted(o.vehicle));
            for (const auto& [id, value] : o.attributes) {
                const std::string p = at(w + "/attributes", id);
                const auto a = attribute_index(id);
                if (!a) {
                    fail("adva.model.unknown_attribute", p,
                         "option sets an attribute the model does not declare" + known_ids(id, m_.attributes), io::detail::quoted(id));
                    continue;
                }
                const attribute_definition& def = m_.attributes[*a];
                if (!matches(def.type, value))
                    fail("adva.model.attribute_type", p,
                         "attribute '" + id + "' is " + std::string(name_of(def.type)) + ", the value is " +
                             std::string(type_word(value)),
                         value_text(value));
                if (const double* d = std::get_if<double>(&value)) check_finite(*d, p);
            }
            for (const auto& entry : o.scores) {
                const std::string& id = entry.first;  // named, not bound: the lambda below captures it
                const score& s = entry.second;
                const auto p = [&](std::string_view suffix = {}) { return at(w + "/scores", id) + std::string(suffix); };
                const auto c = criterion_index(id);
                if (!c) {
                    fail("adva.model.unknown_id", p(), "score refers to an unknown criterion" + known_ids(id, m_.criteria),
                         io::detail::quoted(id));
                    continue;
                }
                if (!is_leaf(*c)) {
                    fail("adva.model.score_on_interior", p(),
                         "only leaf criteria are scored; '" + id + "' has children", io::detail::quoted(id));
                    continue;
                }
                check_score(m_.criteria[*c], s, p, usable_scale_[*c]);
            }
            check_lines(o.costs, w + "/costs", horizon_known, last_year);
            check_lines(o.benefits, w + "/benefits", horizon_known, last_year);
        }
    }

    // The timing, amounts and prices of one cash-flow line (cost_line or benefit_line).
    template <class Line>
    void check_flow_line(const Line& line, const std::string& w, bool horizon_known, int last_year) const {
        const auto p = [&](const char* field) { return at(w, field); };
        const auto outside = std::string(std::is_same_v<Line, cost_line> ? "cost" : "benefit") +
                             " year outside the horizon (years 0 to " + std::to_string(last_year) + ")";
        bool finite = true;
        if (line.profile.empty()) {
            finite = check_finite(line.amount, p("amount"));
        } else {
            for (std::size_t t = 0; t < line.profile.size(); ++t)
                finite = check_finite(line.profile[t], at(p("profile"), t)) && finite;
        }
        if (line.year < 0 || (horizon_known && line.year > last_year))
            return fail("adva.model.bad_cost", p("year"), outside, std::to_string(line.year));
        const long long last = flow_last_year(line, last_year);
        if (!line.profile.empty() && line.end_year != -1)
            fail("adva.model.bad_cost", p("end_year"), "a profile gives the years itself: end_year goes with amount",
                 std::to_string(line.end_year));
        else if (line.end_year != -1 && line.end_year < line.year)
            fail("adva.model.bad_cost", p("end_year"), "end_year must not be before year",
                 "year " + std::to_string(line.year) + ", end_year " + std::to_string(line.end_year));
        else if (horizon_known && last > last_year)
            fail("adva.model.bad_cost", p(line.profile.empty() ? "end_year" : "profile"), outside,
                 line.profile.empty() ? std::to_string(line.end_year)
                                      : std::to_string(line.profile.size()) + " years from year " + std::to_string(line.year));
        if (line.prices == price_basis::nominal && finite) {
            const auto& index = m_.economics.deflator.index;
            if (index.empty() || last >= static_cast<long long>(index.size()))
                fail("adva.model.bad_cost", p("prices"),
                     "a line in nominal prices needs the deflator (/economics/deflator/index) for each of its years",
                     "years " + std::to_string(line.year) + " to " + std::to_string(last) + ", deflator for " +
                         std::to_string(index.size()) + " years");
        }
    }

    // Last year of a line (the horizon's last for an open end), for the range checks.
    static long long flow_last_year(const cost_line& c, int last_year) {
        if (!c.profile.empty()) return static_cast<long long>(c.year) + static_cast<long long>(c.profile.size()) - 1;
        if (c.end_year != -1) return c.end_year;
        return c.kind == cost_kind::one_off ? c.year : last_year;
    }
    static long long flow_last_year(const benefit_line& b, int last_year) {
        if (!b.profile.empty()) return static_cast<long long>(b.year) + static_cast<long long>(b.profile.size()) - 1;
        return b.end_year != -1 ? b.end_year : last_year;
    }

    template <class Line>
    void check_lines(const std::vector<Line>& lines, const std::string& w, bool horizon_known, int last_year) const {
        std::set<std::string_view> ids;
        for (std::size_t k = 0; k < lines.size(); ++k) {
            const Line& line = lines[k];
            const std::string lw = at(w, k);
            if (!line.id.empty()) {
                if (!well_formed_id(line.id))
                    fail("adva.model.bad_id", at(lw, "id"), "an id is 1 to 64 letters, digits, '_', '-' or '.'",
                         io::detail::quoted(line.id));
                else if (!ids.insert(line.id).second)
                    fail("adva.model.duplicate_id", at(lw, "id"), "two lines of the option have this id",
                         io::detail::quoted(line.id));
            }
            check_flow_line(line, lw, horizon_known, last_year);
            if constexpr (std::is_same_v<Line, cost_line>) check_cost_rules(line, lw);
        }
    }

    // What only a cost line has: the sign of a saving, optimism bias and its mitigation.
    void check_cost_rules(const cost_line& c, const std::string& w) const {
        const auto p = [&](const char* field) { return at(w, field); };
        const auto any_negative = [&] {
            return c.profile.empty() ? c.amount < 0.0
                                     : std::any_of(c.profile.begin(), c.profile.end(), [](double x) { return x < 0.0; });
        };
        if (c.kind == cost_kind::one_off && c.profile.empty() && c.end_year != -1)
            fail("adva.model.bad_cost", p("end_year"),
                 "a one-off cost falls in its year: spread it over several years with a profile", std::to_string(c.end_year));
        if (c.kind == cost_kind::saving && any_negative())
            fail("adva.model.bad_cost", p(c.profile.empty() ? "amount" : "profile"),
                 "a saving is entered as a positive amount: it reduces the option's cost", "a negative amount");
        if (!c.optimism_bias.empty()) {
            if (c.kind == cost_kind::saving || c.kind == cost_kind::contingency)
                fail("adva.model.bad_cost", p("optimism_bias"),
                     c.kind == cost_kind::saving
                         ? "optimism bias uplifts costs, not savings: enter a saving at risk as a lower saving"
                         : "a contingency is already a risk allowance: an optimism-bias uplift on it counts the risk twice",
                     io::detail::quoted(c.optimism_bias));
            else if (!m_.economics.find_uplift(c.optimism_bias))
                fail("adva.model.unknown_id", p("optimism_bias"),
                     "not a category of the optimism-bias table (" + known_ids_text(c.optimism_bias, uplift_ids()) + ")",
                     io::detail::quoted(c.optimism_bias));
            else if (any_negative())
                fail("adva.model.bad_cost", p("optimism_bias"),
                     "optimism bias uplifts a cost estimate: a line with a negative amount cannot carry it",
                     io::detail::quoted(c.optimism_bias));
        }
        if (check_finite(c.mitigation, p("mitigation"))) {
            if (c.mitigation < 0.0 || c.mitigation > 1.0)
                fail("adva.model.bad_cost", p("mitigation"), "mitigation is the share of the uplift mitigated, from 0 to 1",
                     number_text(c.mitigation));
            else if (c.mitigation > 0.0 && c.optimism_bias.empty())
                fail("adva.model.bad_cost", p("mitigation"), "mitigation reduces an optimism-bias uplift: name the line's optimism_bias category",
                     number_text(c.mitigation));
            else if (c.mitigation > 0.0 && c.mitigation_reason.find_first_not_of(" \t\n") == std::string::npos)
                fail("adva.model.bad_cost", p("mitigation_reason"),
                     "a mitigated uplift records its evidence: mitigation_reason is required when mitigation is above 0",
                     "mitigation " + number_text(c.mitigation));
        }
        if (!c.range.empty()) {
            if (c.range.size() != 2)
                fail("adva.model.bad_cost", p("range"), "a range is [low, high]: the shares by which the estimate may fall and rise",
                     std::to_string(c.range.size()) + " numbers");
            else if (check_finite(c.range[0], at(p("range"), 0)) && check_finite(c.range[1], at(p("range"), 1)) &&
                     !(c.range[0] >= -1.0 && c.range[0] <= c.range[1]))
                fail("adva.model.bad_cost", p("range"),
                     "a range is [low, high] with -1 <= low <= high: a share of the estimate (-0.1 is 10 % below it)",
                     "[" + number_text(c.range[0]) + ", " + number_text(c.range[1]) + "]");
        }
    }

    std::vector<std::string> uplift_ids() const {
        std::vector<std::string> ids;
        for (const auto& [id, u] : m_.economics.optimism_bias) ids.push_back(id);
        for (const auto& [id, u] : green_book_optimism_bias())
            if (!m_.economics.optimism_bias.count(id)) ids.push_back(id);
        return ids;
    }

    void check_economics() {
        const auto& e = m_.economics;
        for (const auto& [id, u] : e.optimism_bias) {
            const std::string w = at("/economics/optimism_bias", id);
            if (!well_formed_id(id))
                fail("adva.model.bad_id", w, "an id is 1 to 64 letters, digits, '_', '-' or '.'", io::detail::quoted(id));
            if (check_finite(u.upper, at(w, "upper")) && u.upper < 0.0)
                fail("adva.model.bad_economics", at(w, "upper"), "an uplift is a share of the estimate, 0 or more",
                     number_text(u.upper));
            if (check_finite(u.lower, at(w, "lower")) && (u.lower < 0.0 || u.lower > u.upper))
                fail("adva.model.bad_economics", at(w, "lower"), "the lower bound is from 0 to the upper bound",
                     "lower " + number_text(u.lower) + ", upper " + number_text(u.upper));
        }
        for (std::size_t t = 0; t < e.deflator.index.size(); ++t)
            if (check_finite(e.deflator.index[t], at("/economics/deflator/index", t)) && !(e.deflator.index[t] > 0.0))
                fail("adva.model.bad_economics", at("/economics/deflator/index", t), "a price index is greater than 0",
                     number_text(e.deflator.index[t]));
        const auto check_budget = [&](const std::vector<double>& years, const char* name) {
            const std::string w = at("/economics/budget", name);
            if (years.size() > std::size_t(std::max(m_.context.horizon_years, 0)))
                fail("adva.model.bad_economics", w, "a budget gives a figure for each year of the horizon, no more",
                     std::to_string(years.size()) + " years, horizon " + std::to_string(m_.context.horizon_years));
            for (std::size_t t = 0; t < years.size(); ++t) check_finite(years[t], at(w, t));
        };
        check_budget(e.budget.capital, "capital");
        check_budget(e.budget.revenue, "revenue");
    }

    void check_improvement() {
        if (!m_.improvement) return;
        for (const auto& t : m_.improvement->transitions) {
            const std::string where = at("/improvement/transitions", t.option);
            if (!m_.option_index(t.option))
                fail("adva.model.unknown_id", where, "a transition belongs to an option of the model" + known_ids(t.option, m_.options),
                     "\"" + t.option + "\"");
            for (std::size_t k = 0; k < t.sequence.size(); ++k)
                if (!m_.option_index(t.sequence[k].option))
                    fail("adva.model.unknown_id", where + "/sequence/" + std::to_string(k) + "/option",
                         "a step follows an option of the model" + known_ids(t.sequence[k].option, m_.options),
                         "\"" + t.sequence[k].option + "\"");
        }
        try {
            validate_improvement(*m_.improvement);
        } catch (const invalid_input& e) {
            sink_.report(e);
        }
    }

    // A trajectory-derived criterion is a leaf whose measure the model's improvement section gives,
    // on a value function whose domain covers every level the measure can take.
    void check_trajectory_criteria() {
        for (std::size_t i = 0; i < m_.criteria.size(); ++i) {
            const criterion& c = m_.criteria[i];
            if (c.trajectory_measure.empty()) continue;
            const std::string w = at("/criteria", i) + "/trajectory_measure";
            const std::string seen = io::detail::quoted(c.trajectory_measure);
            if (!m_.improvement) {
                fail("adva.trajectory.criterion", w, "a trajectory-derived criterion needs the model's improvement section", seen);
                continue;
            }
            const auto range = trajectory_measure_range(*m_.improvement, c.trajectory_measure);
            if (!range) {
                const std::vector<std::string> ids(trajectory_measure_ids.begin(), trajectory_measure_ids.end());
                fail("adva.trajectory.criterion", w, "one of the trajectory measures (" + known_ids_text(c.trajectory_measure, ids) + ")", seen);
                continue;
            }
            if (!m_.is_leaf(i)) {
                fail("adva.trajectory.criterion", w, "a trajectory-derived criterion is a leaf of the value tree", seen);
                continue;
            }
            const auto domain = adva::score_domain(c);
            if (domain && (domain->first > range->first || domain->second < range->second))
                fail("adva.trajectory.criterion", at("/criteria", i) + "/value_function",
                     "the value function's domain covers every level " + c.trajectory_measure + " can take (" + number_text(range->first) +
                         " to " + number_text(range->second) + ")",
                     number_text(domain->first) + " to " + number_text(domain->second));
        }
    }

    void check_governance_record() {
        for (std::size_t k = 0; k < m_.governance.audit.size(); ++k) {
            const auto& action = m_.governance.audit[k].action;
            if (action != "lock" && action != "reopen" && action != "score")
                fail("adva.json.type", at("/governance/audit", k) + "/action",
                     "expected \"lock\", \"reopen\" or \"score\"",
                     io::detail::quoted(action));
        }
    }

    // Lookups by id, built once (ids are unique by then) so validation stays linear in the model's
    // size: a hostile file at the size limits must not make it quadratic.
    using index_map = std::unordered_map<std::string_view, std::size_t>;
    template <class T>
    static index_map make_index(const std::vector<T>& xs) {
        index_map out;
        out.reserve(xs.size());
        for (std::size_t i = 0; i < xs.size(); ++i) out.emplace(xs[i].id, i);
        return out;
    }
    static std::optional<std::size_t> lookup(const index_map& index, std::string_view id) {
        auto it = index.find(id);
        if (it == index.end()) return std::nullopt;
        return it->second;
    }
    void build_indexes() {
        criteria_ = make_index(m_.criteria);
        groups_ = make_index(m_.groups);
        attributes_ = make_index(m_.attributes);
        gates_ = make_index(m_.gates);
        functions_ = make_index(m_.functions);
        for (const auto& v : m_.vehicle_types) vehicles_.insert(v.id);
        for (const auto& v : builtin_vehicle_types()) vehicles_.insert(v.id);
        has_children_.assign(m_.criteria.size(), false);
        for (const auto& c : m_.criteria)
            if (auto p = lookup(criteria_, c.parent)) has_children_[*p] = true;
    }
    std::optional<std::size_t> criterion_index(std::string_view id) const { return lookup(criteria_, id); }
    std::optional<std::size_t> group_index(std::string_view id) const { return lookup(groups_, id); }
    std::optional<std::size_t> attribute_index(std::string_view id) const { return lookup(attributes_, id); }
    std::optional<std::size_t> gate_index(std::string_view id) const { return lookup(gates_, id); }
    bool function_exists(std::string_view id) const { return functions_.count(id) > 0; }
    bool find_vehicle_type(std::string_view id) const { return vehicles_.count(id) > 0; }
    bool is_leaf(std::size_t c) const { return !has_children_[c]; }
    /// The parent of criterion `i`; none at the top level or when the parent is unknown (reported).
    std::optional<std::size_t> parent_index(std::size_t i) const {
        const std::string& parent = m_.criteria[i].parent;
        return parent.empty() ? std::nullopt : criterion_index(parent);
    }
    static std::vector<std::string> builtin_vehicle_ids() {
        std::vector<std::string> ids;
        for (const auto& v : builtin_vehicle_types()) ids.push_back(v.id);
        return ids;
    }
    static std::string question_ptr(std::size_t f, std::size_t q) {
        return at(at("/functions", f) + "/questions", q);
    }
    static std::string parent_text(const std::string& parent) {
        return parent.empty() ? "no parent (top level)" : "parent '" + parent + "'";
    }

    const appraisal& m_;
    error_sink& sink_;
    index_map criteria_, groups_, attributes_, gates_, functions_;
    std::unordered_set<std::string_view> vehicles_;
    std::vector<bool> has_children_;
    std::vector<bool> usable_scale_;  // per criterion: its value function passed its rules
    mutable std::map<std::pair<const void*, std::string>, std::string> known_cache_;
    weight_completeness weights_;
};

}  // namespace

void validate(const appraisal& model, weight_completeness weights) {
    error_sink first_error;
    validator(model, first_error, weights).run();
}

void validate(const appraisal& model, error_sink& sink, weight_completeness weights) { validator(model, sink, weights).run(); }

void validate_score(const criterion& leaf, const score& s, const std::string& where) {
    if (!leaf.trajectory_measure.empty())
        throw invalid_input("adva.trajectory.criterion", where,
                            "the scores of a trajectory-derived criterion come from the model's trajectories, not from people",
                            leaf.id + " derives " + leaf.trajectory_measure);
    // One score's rules need no model: the validator is built over an empty one.
    static const appraisal no_model;
    error_sink first_error;
    validator(no_model, first_error).check_score(leaf, s, [&](std::string_view suffix) { return where + std::string(suffix); });
}

}  // namespace adva
