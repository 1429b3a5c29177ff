#pragma once
// The batch runner (docs/batch.md): evaluates every scenario of a scenario_source in parallel (TBB)
// and hands the results to a sink in index order.
//
// Two paths, one semantics:
//   - fast path: a scenario that asks only for the ranking and changes only weights, scores or the
//     stakeholder group is evaluated on a prepared dense form of the base model (leaf values,
//     gates, weight sets, computed once): local weights → global leaf weights → totals = leaf
//     values · weights, threshold gates re-checked on node values, ranking. No JSON, no model copy.
//   - full path: a merge patch (the source's patch_base: patched JSON read back and validated), or a
//     request for sensitivity / SMAA, builds the scenario's model and runs appraise_with_weights().
// Both give the same ranking and totals (to rounding: the fast path sums over leaves, appraise()
// up the tree); tests/scenario_runner_test.cpp checks it.
//
// Errors: a scenario that breaks a rule becomes a result with status error (id, JSON pointer,
// message) and the batch goes on. An invalid *base* model throws from run_batch before any work.
// validate(), validate_score() and check_governance() come from adva::core, appraise()'s LP from
// adva::lp: link both (adva::io, whose scenario reader sets patch_base, links them).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>
#include <boost/icl/interval_set.hpp>
#include <boost/icl/right_open_interval.hpp>
#include <nlohmann/json.hpp>
#include <tbb/concurrent_queue.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/model_smaa.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/analysis/screening.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/analysis/values.hpp"
#include "adva/error.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/scenario/generators.hpp"
#include "adva/scenario/scenario.hpp"
#include "adva/threads.hpp"

namespace adva {

/// Scenario indices as disjoint ranges (adjacent ones merge): a resumed batch of 10^12 scenarios
/// keeps a few ranges (one per gap left by earlier runs), never a bit per scenario.
using finished_indices = boost::icl::interval_set<std::uint64_t, std::less, boost::icl::right_open_interval<std::uint64_t>>;

struct batch_options {
    int threads = 0;                     ///< worker threads; 0 = every core TBB may use; at most max_threads
    std::uint64_t first = 0;             ///< index range [first, last) of the source to run
    std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
    std::size_t chunk_size = 2048;       ///< scenarios per unit of work and per sink call
    /// Indices already finished (resume): skipped, never passed to the sink. Indices beyond the
    /// source are ignored.
    const finished_indices* done = nullptr;
    bool render_jsonl = false;           ///< fill batch_chunk::jsonl (rendered in parallel)
};

/// Consecutive scenarios' results. `results` holds the evaluated ones (skipped indices are absent)
/// in index order; `jsonl` their lines when batch_options::render_jsonl.
struct batch_chunk {
    std::uint64_t first_index = 0, end_index = 0;  ///< the index range the chunk covered
    std::vector<scenario_result> results;
    std::string jsonl;
};

/// Called once per chunk, from one thread at a time, in increasing index order: every result is
/// delivered exactly once. Exceptions thrown by the sink stop the batch and leave run_batch.
using batch_sink = std::function<void(const batch_chunk&)>;

// ----------------------------------------------------------------------------------------------
// JSONL rendering (no JSON library: one line per scenario is the hot output path)

namespace detail {

inline void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    static const char hex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

/// Shortest text that reads back to the same double; null for NaN and infinities (not JSON).
inline void append_json_number(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

inline void append_json_uint(std::string& out, std::uint64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

}  // namespace detail

/// Appends one result as one line of JSON (ending in '\n'); see docs/batch.md for the fields.
inline void append_json_line(std::string& out, const scenario_result& r) {
    using detail::append_json_string;
    out += "{\"index\":";
    detail::append_json_uint(out, r.index);
    out += ",\"id\":";
    append_json_string(out, r.id);
    if (!r.label.empty()) {
        out += ",\"label\":";
        append_json_string(out, r.label);
    }
    out += ",\"status\":\"";
    out += to_string(r.status);
    out += '"';
    if (r.status == scenario_status::error) {
        out += ",\"error\":";
        append_json_string(out, r.error_id);
        out += ",\"pointer\":";
        append_json_string(out, r.error_pointer);
        out += ",\"message\":";
        append_json_string(out, r.error_message);
        out += "}\n";
        return;
    }
    out += ",\"governance_state\":";
    append_json_string(out, r.governance_state);
    out += ",\"winner\":";
    if (r.ranking.empty()) out += "null";
    else append_json_string(out, r.ranking.front().option);
    out += ",\"ranking\":[";
    for (std::size_t k = 0; k < r.ranking.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, r.ranking[k].option);
    }
    out += "],\"ranks\":[";
    for (std::size_t k = 0; k < r.ranking.size(); ++k) {
        if (k) out += ',';
        detail::append_json_uint(out, std::uint64_t(r.ranking[k].rank));
    }
    out += "],\"totals\":{";
    for (std::size_t k = 0; k < r.ranking.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, r.ranking[k].option);
        out += ':';
        detail::append_json_number(out, r.ranking[k].total);
    }
    out += "},\"discounted\":[";
    for (std::size_t k = 0; k < r.discounted.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, r.discounted[k]);
    }
    out += ']';
    if (!r.sensitivity.empty()) {
        out += ",\"sensitivity\":{";
        for (std::size_t k = 0; k < r.sensitivity.size(); ++k) {
            const auto& s = r.sensitivity[k];
            if (k) out += ',';
            append_json_string(out, s.node);
            out += ":{\"weight\":";
            detail::append_json_number(out, s.weight);
            out += ",\"winner_stable\":[";
            detail::append_json_number(out, s.winner_stable_lower);
            out += ',';
            detail::append_json_number(out, s.winner_stable_upper);
            out += "]}";
        }
        out += '}';
    }
    if (r.smaa_samples > 0) {
        out += ",\"smaa\":{\"samples\":";
        detail::append_json_uint(out, r.smaa_samples);
        out += ",\"seed\":";
        detail::append_json_uint(out, r.smaa_seed);
        out += ",\"first_rank_acceptability\":{";
        for (std::size_t k = 0; k < r.smaa.size(); ++k) {
            if (k) out += ',';
            append_json_string(out, r.smaa[k].option);
            out += ':';
            detail::append_json_number(out, r.smaa[k].first_rank_acceptability);
        }
        out += "},\"confidence_factors\":{";
        for (std::size_t k = 0; k < r.smaa.size(); ++k) {
            if (k) out += ',';
            append_json_string(out, r.smaa[k].option);
            out += ':';
            detail::append_json_number(out, r.smaa[k].confidence_factor);
        }
        out += "}}";
    }
    out += "}\n";
}

// ----------------------------------------------------------------------------------------------
// Weight changes (shared by both paths)

namespace detail {

/// Applies weight changes to local weights in place (see scenario.hpp). `parent` from
/// index_tree(); `where` names the scenario in errors.
inline void apply_weight_changes(const appraisal& model, const std::vector<std::ptrdiff_t>& parent,
                                 std::vector<double>& local, const std::vector<weight_change>& changes,
                                 const std::string& where) {
    for (const auto& ch : changes) {
        const std::size_t k = ch.node;
        const double w = local[k];
        const double x = w * (1.0 + ch.percent / 100.0);
        const std::string& id = model.criteria[k].id;
        std::size_t siblings = 0;
        double others = 0.0;
        for (std::size_t j = 0; j < local.size(); ++j)
            if (j != k && parent[j] == parent[k]) {
                ++siblings;
                others += local[j];
            }
        if (siblings == 0)
            throw invalid_input("adva.scenario.immovable_node", where,
                                "an only child's local weight is always 1 and cannot change", "\"" + id + "\"");
        if (!(x <= 1.0 + 1e-12) || x < 0.0)
            throw invalid_input("adva.scenario.weight_out_of_range", where,
                                "the changed local weight of \"" + id + "\" must stay within [0, 1]",
                                short_number(w) + " " + signed_number(ch.percent, true) + "% = " + short_number(x));
        const double target = std::min(x, 1.0);
        for (std::size_t j = 0; j < local.size(); ++j) {
            if (j == k || parent[j] != parent[k]) continue;
            // Proportional rescaling; when the siblings weigh nothing they share 1 − x equally
            // (the equal_share_fallback of one-way sensitivity).
            local[j] = others > 0.0 ? local[j] * (1.0 - target) / others : (1.0 - target) / double(siblings);
        }
        local[k] = target;
    }
}

inline void fill_error(scenario_result& out, const error& e) {
    out.status = scenario_status::error;
    out.ranking.clear();
    out.discounted.clear();
    out.sensitivity.clear();
    out.smaa.clear();
    out.smaa_samples = out.smaa_seed = 0;
    out.governance_state.clear();
    out.error_id = e.id();
    out.error_pointer = e.where();
    out.error_message = e.what();
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
        Eigen::VectorXd totals, column;
        std::vector<bool> shortlisted;
        std::vector<std::size_t> shortlist;
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

        // Attribute gates do not depend on weights or scores: evaluate them once. Gates answered
        // "does not apply" are left out.
        static_discount_.assign(m, false);
        for (const auto& g : model_.gates) {
            if (gate_not_applicable(model_, g)) continue;
            if (g.kind != gate_kind::attribute) {
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
                    static_discount_[o] = true;
            }
        }
        for (const auto& o : model_.options) option_ids_.push_back(o.id);
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
        const std::size_t n = model_.criteria.size(), m = model_.options.size(), leaves = tree_.leaves.size();
        for (const auto& c : s.scores) check_score(c);  // scores before weights, as on the full path
        ws.local = base_local(s);
        detail::apply_weight_changes(model_, tree_.parent, ws.local, s.weights, s.pointer);
        ws.global.resize(n);
        for (std::size_t c : tree_.top_down)
            ws.global[c] = tree_.parent[c] < 0 ? ws.local[c] : ws.global[std::size_t(tree_.parent[c])] * ws.local[c];

        // Leaf values: the base's, or recomputed columns where a score changed.
        const Eigen::MatrixXd* values = &leaf_values_;
        std::vector<bool> everyone;
        if (!s.scores.empty()) {
            ws.leaf_values = leaf_values_;
            for (const auto& c : s.scores) {
                const auto l = std::size_t(leaf_position_[c.criterion]);
                ws.column = central_.col(Eigen::Index(l));
                for (const auto& c2 : s.scores)  // every change on this leaf, in order
                    if (c2.criterion == c.criterion) ws.column[Eigen::Index(c2.option)] = c2.value;
                everyone.assign(m, true);
                Eigen::VectorXd col;
                leaf_column(l, ws.column, everyone, col);
                ws.leaf_values.col(Eigen::Index(l)) = col;
            }
            values = &ws.leaf_values;
        }

        // Screening: attribute gates are fixed; threshold gates read node values, which move with
        // the scores (and, at interior nodes, are taken under each gate's own weights).
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
        for (std::size_t o = 0; o < m; ++o) {
            bool discount = static_discount_[o];
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
                out.discounted.push_back(option_ids_[o]);
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
                for (const auto& c : s.scores)
                    if (leaf_position_[c.criterion] == std::ptrdiff_t(l)) ws.column[Eigen::Index(c.option)] = c.value;
                Eigen::VectorXd col;
                leaf_column(l, ws.column, ws.shortlisted, col);
                ws.leaf_values.col(Eigen::Index(l)) = col;
            }
        }

        ws.totals.setZero(Eigen::Index(m));
        for (std::size_t o : ws.shortlist) {
            double t = 0.0;
            for (std::size_t l = 0; l < leaves; ++l) {
                const double v = (*values)(Eigen::Index(o), Eigen::Index(l));
                if (std::isnan(v)) throw detail::missing_score(model_, o, tree_.leaves[l]);
                t += ws.global[tree_.leaves[l]] * v;
            }
            ws.totals[Eigen::Index(o)] = t;
        }
        out.ranking = rank_options(ws.totals, ws.shortlist, option_ids_, settings_.tie_tolerance);
        out.governance_state = governance_state_;  // a change by index is a what-if on the base model and its record
    }

    void full(const scenario& s, scenario_result& out, workspace&) const {
        if (s.patch && (!s.weights.empty() || !s.scores.empty()))
            throw invalid_input("adva.scenario.mixed_changes", s.pointer,
                                "a scenario with a merge patch cannot also change weights or scores by index");
        std::optional<appraisal> own;
        if (s.patch) {
            if (!source_.patch_base)
                throw invalid_input("adva.scenario.patch_unsupported", s.pointer,
                                    "a merge patch needs a scenario source that can apply it (patch_base, set by the scenario reader)");
            own = source_.patch_base(*s.patch);  // validates
        } else if (!s.scores.empty()) {
            own = model_;
            for (const auto& c : s.scores) {
                check_score(c);
                own->options[c.option].scores[model_.criteria[c.criterion].id] = score{uncertainty::point, c.value};
            }
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
        detail::apply_weight_changes(model, tree.parent, local, s.weights, s.pointer);
        auto weights = detail::make_weight_set(model, s.group.empty() ? "scenario" : s.group, std::move(local));
        const auto r = appraise_with_weights(model, std::move(weights), settings_, own ? check_governance(model) : governance_);

        out.ranking = r.ranking;
        out.governance_state = own ? r.governance.state() : governance_state_;
        for (std::size_t o = 0; o < r.screening.size(); ++o)
            if (!r.screening[o].shortlisted) out.discounted.push_back(r.option_ids[o]);

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
    std::vector<bool> static_discount_;
    std::vector<threshold_entry> thresholds_;
    std::vector<std::string> option_ids_;
};

// ----------------------------------------------------------------------------------------------
// The runner

/// Runs scenarios [options.first, min(options.last, source.count())) of `source`, skipping those
/// marked in options.done, on options.threads threads; calls `sink` once per chunk in index order
/// (see batch_sink). At most a few chunks per thread are in flight: memory does not grow with the
/// number of scenarios. Throws invalid_input when the base model is invalid.
inline void run_batch(const scenario_source& source, const batch_options& options, const batch_sink& sink) {
    const int threads = detail::checked_threads(options.threads);
    const prepared_base prepared(source);
    const std::uint64_t count = source.count();
    const std::uint64_t last = std::min(options.last, count);
    std::uint64_t next = std::min(options.first, last);
    const std::size_t chunk_size = std::max<std::size_t>(options.chunk_size, 1);

    tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
    const std::size_t tokens = std::size_t(std::max(1, arena.max_concurrency())) * 2 + 1;
    tbb::enumerable_thread_specific<prepared_base::workspace> workspaces;
    // Chunks are recycled so that their result buffers are reused: steady state allocates nothing.
    tbb::concurrent_queue<batch_chunk*> pool;
    std::vector<std::unique_ptr<batch_chunk>> owned;
    for (std::size_t t = 0; t < tokens; ++t) {
        owned.push_back(std::make_unique<batch_chunk>());
        pool.push(owned.back().get());
    }
    const auto is_done = [&](std::uint64_t i) { return options.done && boost::icl::contains(*options.done, i); };
    // The end of the finished range holding i, or i when i is not finished: whole finished ranges
    // are skipped without visiting their indices.
    const auto skip_done = [&](std::uint64_t i) {
        if (!options.done) return i;
        const auto range = options.done->find(i);
        return range == options.done->end() ? i : boost::icl::upper(*range);
    };

    arena.execute([&] {
        tbb::parallel_pipeline(
            tokens,
            tbb::make_filter<void, batch_chunk*>(tbb::filter_mode::serial_in_order,
                                                 [&](tbb::flow_control& fc) -> batch_chunk* {
                                                     next = skip_done(next);
                                                     if (next >= last) {
                                                         fc.stop();
                                                         return nullptr;
                                                     }
                                                     batch_chunk* c = nullptr;
                                                     while (!pool.try_pop(c)) {}  // tokens == chunks: never empty
                                                     c->first_index = next;
                                                     c->end_index = std::min<std::uint64_t>(last, next + chunk_size);
                                                     next = c->end_index;
                                                     return c;
                                                 }) &
                tbb::make_filter<batch_chunk*, batch_chunk*>(
                    tbb::filter_mode::parallel,
                    [&](batch_chunk* c) {
                        auto& ws = workspaces.local();
                        std::size_t used = 0;
                        c->jsonl.clear();
                        for (std::uint64_t i = c->first_index; i < c->end_index; ++i) {
                            if (is_done(i)) continue;
                            if (c->results.size() <= used) c->results.emplace_back();
                            source.at(i, ws.current);
                            prepared.evaluate(ws.current, c->results[used], ws);
                            if (options.render_jsonl) append_json_line(c->jsonl, c->results[used]);
                            ++used;
                        }
                        c->results.resize(used);
                        return c;
                    }) &
                tbb::make_filter<batch_chunk*, void>(tbb::filter_mode::serial_in_order, [&](batch_chunk* c) {
                    sink(*c);
                    pool.push(c);
                }));
    });
}

// ----------------------------------------------------------------------------------------------
// Summary

/// Wins per option and the distribution of ranks over the scenarios that ended ok. An option tied
/// first counts as a win for each tied option, so wins may sum to more than `ok`.
struct batch_summary {
    std::uint64_t ok = 0, errors = 0;
    std::vector<std::string> options;                  ///< first-seen order
    std::vector<std::uint64_t> wins;                   ///< per option
    std::vector<std::vector<std::uint64_t>> ranks;     ///< per option: count of rank 1, 2, …
    std::vector<std::uint64_t> discounted;             ///< per option: scenarios it was discounted in

    void add(const scenario_result& r) {
        if (r.status == scenario_status::error) {
            ++errors;
            return;
        }
        ++ok;
        for (const auto& o : r.ranking) {
            const std::size_t i = option_slot(o.option);
            if (o.rank == 1) ++wins[i];
            if (ranks[i].size() < std::size_t(o.rank)) ranks[i].resize(std::size_t(o.rank), 0);
            ++ranks[i][std::size_t(o.rank) - 1];
        }
        for (const auto& d : r.discounted) ++discounted[option_slot(d)];
    }

private:
    std::size_t option_slot(const std::string& id) {
        // Options are few (tens): a linear scan beats hashing here.
        for (std::size_t i = 0; i < options.size(); ++i)
            if (options[i] == id) return i;
        options.push_back(id);
        wins.push_back(0);
        ranks.emplace_back();
        discounted.push_back(0);
        return options.size() - 1;
    }
};

}  // namespace adva
