// Robustness analyses: SMAA-2 on a matrix of partial values (adva/analysis/smaa.hpp) and, on an
// appraisal result, one-way sensitivity with score thresholds, "what would it take", stakeholder and
// method comparison, model SMAA and the robustness summary (adva/analysis/*.hpp).
// The computations run with the GIL released. Results cross as Python objects built here from the
// C++ result structs, never as JSON text: SMAA indices as numpy float64 arrays (2-D where tabular),
// the other analyses as dicts and lists shaped as their documented JSON documents
// (docs/robustness.md; keys in the documents' (sorted) order, None where the JSON has null), which
// the pure-Python layer (adva/robustness.py) turns into DataFrames.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nanobind/eigen/dense.h>
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "adva/analysis/compare.hpp"
#include "adva/analysis/elicited_smaa.hpp"
#include "adva/analysis/model_smaa.hpp"
#include "adva/analysis/robustness.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/analysis/smaa.hpp"
#include "adva/analysis/what_if.hpp"
#include "adva/io/smaa_json.hpp"
#include "adva/threads.hpp"
#include "adva/weights/polytope.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

/// The matrix of smaa_matrix: a view of the float64 numpy memory (adva._args.matrix gives float64),
/// any order and strides, copied once into the problem's own matrix.
using matrix_view = nb::DRef<const Eigen::MatrixXd>;

template <class Matrix>
nb::object numpy(Matrix&& m) {
    return nb::cast(std::forward<Matrix>(m), nb::rv_policy::move);
}

nb::dict smaa_result_dict(smaa_result r) {
    // Rows of alternatives never first are undefined (NaN) whatever the kernel left in them.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (Eigen::Index i = 0; i < r.central_weights.rows(); ++i)
        if (!r.central_weight_defined[static_cast<std::size_t>(i)]) {
            r.central_weights.row(i).setConstant(nan);
            r.central_weights_standard_error.row(i).setConstant(nan);
        }
    nb::dict d;
    d["samples"] = r.samples;
    d["weight_sampler"] = r.weight_sampler;
    d["rank_acceptability"] = numpy(std::move(r.rank_acceptability));
    d["rank_acceptability_standard_error"] = numpy(std::move(r.rank_acceptability_standard_error));
    d["central_weights"] = numpy(std::move(r.central_weights));
    d["central_weights_standard_error"] = numpy(std::move(r.central_weights_standard_error));
    d["confidence_factors"] = numpy(std::move(r.confidence_factors));
    d["confidence_factors_standard_error"] = numpy(std::move(r.confidence_factors_standard_error));
    d["confidence_samples"] = r.confidence_samples;
    d["pairwise_winning"] = numpy(std::move(r.pairwise_winning));
    d["pairwise_winning_standard_error"] = numpy(std::move(r.pairwise_winning_standard_error));
    return d;
}

smaa_options make_smaa_options(std::uint64_t samples, std::uint64_t seed, std::int64_t threads) {
    if (samples < 1) throw invalid_input("adva.smaa.samples", "samples", "at least one sample is required", std::to_string(samples));
    smaa_options options;
    options.samples = samples;
    options.seed = seed;
    options.threads = detail::checked_threads(threads);
    return options;
}

nb::dict smaa_matrix(matrix_view matrix, const std::string& document_text, std::uint64_t samples, std::uint64_t seed,
                     std::int64_t threads) {
    const smaa_problem problem = io::smaa_problem_from_json(parse_json_argument(document_text, ""), Eigen::MatrixXd(matrix));
    const smaa_options options = make_smaa_options(samples, seed, threads);
    smaa_result r;
    {
        nb::gil_scoped_release release;
        r = smaa(problem, options);
    }
    return smaa_result_dict(std::move(r));
}

weight_distance parse_distance(const std::string& s) {
    if (s == "l1") return weight_distance::l1;
    if (s == "linf") return weight_distance::linf;
    throw invalid_input("adva.what_if.norm", "norm", "one of: l1, linf", "\"" + s + "\"");
}

/// Runs `compute` without the GIL.
template <class Compute>
auto unlocked(Compute&& compute) {
    nb::gil_scoped_release release;
    return compute();
}

// --- documents as Python objects (the JSON writers' counterparts: src/io/robustness_json.cpp) ------

/// A number; None where the JSON documents write null (NaN, infinities).
nb::object num(double x) { return std::isfinite(x) ? nb::object(nb::float_(x)) : nb::object(nb::none()); }
nb::object num(const std::optional<double>& x) { return x ? num(*x) : nb::object(nb::none()); }
nb::object text_or_none(const std::string& s) {
    return s.empty() ? nb::object(nb::none()) : nb::object(nb::str(s.c_str(), s.size()));
}
nb::list interval(const weight_interval& iv) {
    nb::list out;
    out.append(num(iv.lower));
    out.append(num(iv.upper));
    return out;
}

nb::list pair_list(const std::string& a, const std::string& b) {
    nb::list out;
    out.append(a);
    out.append(b);
    return out;
}

nb::list ranking_list(const std::vector<ranked_option>& ranking) {
    nb::list out;
    for (const auto& r : ranking) {
        nb::dict d;
        d["option"] = r.option;
        d["rank"] = r.rank;
        d["tied"] = r.tied;
        d["total"] = num(r.total);
        out.append(d);
    }
    return out;
}

nb::dict sensitivity_dict(const sensitivity_result& s) {
    nb::list nodes;
    for (const auto& n : s.nodes) {
        nb::list coincident, crossovers, tornado;
        for (const auto& p : n.coincident) coincident.append(pair_list(p.first, p.second));
        for (const auto& c : n.crossovers) {
            nb::dict d;
            d["involves_winner"] = c.involves_winner;
            d["leads_above"] = c.leads_above;
            d["options"] = pair_list(c.a, c.b);
            d["total"] = num(c.total);
            d["weight"] = num(c.weight);
            crossovers.append(d);
        }
        for (const auto& l : n.lines) {
            nb::dict d;
            d["at_current"] = num(l.at_current);
            d["at_one"] = num(l.at_one);
            d["at_zero"] = num(l.at_zero);
            d["option"] = l.option;
            tornado.append(d);
        }
        nb::dict d;
        d["coincident"] = coincident;
        d["crossovers"] = crossovers;
        d["equal_share_fallback"] = n.equal_share_fallback;
        d["movable"] = n.movable;
        d["node"] = n.node;
        d["parent"] = text_or_none(n.parent);
        d["parent_global_weight"] = num(n.parent_global_weight);
        d["ranking_stable"] = interval(n.ranking_stable);
        d["tornado"] = tornado;
        d["weight"] = num(n.weight);
        d["winner_stable"] = interval(n.winner_stable);
        nodes.append(d);
    }
    nb::list thresholds;
    for (const auto& t : s.score_thresholds) {
        nb::dict d;
        d["criterion"] = t.criterion;
        d["option"] = t.option;
        d["required_score"] = num(t.required_score);
        d["score_change"] = num(t.score_change);
        d["value"] = num(t.value);
        d["value_change"] = num(t.value_change);
        d["within_scale"] = t.value_change.has_value();
        thresholds.append(d);
    }
    nb::dict out;
    out["analysis"] = "sensitivity";
    out["convention"] = std::string(to_string(s.convention));
    out["nodes"] = nodes;
    out["ranking"] = s.ranking;
    out["score_thresholds"] = thresholds;
    out["tied_winners"] = s.tied_winners;
    out["weights"] = s.weights_name;
    out["winner"] = text_or_none(s.winner);
    return out;
}

nb::dict what_if_dict(const what_if_result& w) {
    nb::list leaves, nodes;
    for (std::size_t l = 0; l < w.leaves.size(); ++l) {
        nb::dict d;
        d["criterion"] = w.leaves[l];
        d["current"] = num(w.current_leaf_weights[l]);
        d["new"] = w.possible ? num(w.new_leaf_weights[l]) : nb::object(nb::none());
        leaves.append(d);
    }
    for (std::size_t c = 0; c < w.nodes.size(); ++c) {
        nb::dict d;
        d["current_local"] = num(w.current_local[c]);
        if (w.possible) {
            d["new_global"] = num(w.new_global[c]);
            d["new_local"] = num(w.new_local[c]);
        }
        d["node"] = w.nodes[c];
        nodes.append(d);
    }
    nb::dict out;
    out["already_winner"] = w.already_winner;
    out["analysis"] = "what_if";
    out["best_possible"] = std::string(to_string(w.best_possible));
    out["distance"] = num(w.distance);
    out["dominated_by"] = w.dominated_by;
    out["leaf_weights"] = leaves;
    if (w.possible) out["new_ranking"] = ranking_list(w.new_ranking);
    out["node_weights"] = nodes;
    out["norm"] = std::string(to_string(w.norm));
    out["option"] = w.option;
    out["possible"] = w.possible;
    if (!w.possible) {
        nb::list mixture;
        for (const auto& entry : w.beaten_by_mixture) {
            nb::dict d;
            d["option"] = entry.first;
            d["share"] = num(entry.second);
            mixture.append(d);
        }
        nb::dict proof;
        proof["beaten_by_mixture"] = mixture;
        proof["margin_on_every_leaf"] = num(w.mixture_margin);
        out["proof"] = proof;
    }
    out["weights"] = w.weights_name;
    return out;
}

nb::dict group_dict(const group_ranking& g) {
    nb::dict d;
    d["group"] = g.group;
    d["ranking"] = ranking_list(g.ranking);
    d["winner_differs"] = g.winner_differs;
    d["winners"] = g.winners;
    return d;
}

nb::dict stakeholder_dict(const stakeholder_comparison& s) {
    nb::list groups, kendall;
    for (const auto& g : s.groups) groups.append(group_dict(g));
    for (const auto& k : s.kendall) {
        nb::dict d;
        d["a"] = k.a;
        d["b"] = k.b;
        d["options"] = k.options;
        d["tau_b"] = num(k.tau_b);
        kendall.append(d);
    }
    nb::dict out;
    out["consensus"] = group_dict(s.consensus);
    out["groups"] = groups;
    out["groups_with_different_winner"] = s.groups_with_different_winner;
    out["kendall_tau_b"] = kendall;
    return out;
}

nb::dict method_dict(const method_comparison& m) {
    nb::list methods, weights;
    for (double w : m.weights) weights.append(num(w));
    for (const auto& x : m.methods) {
        nb::dict d;
        d["applicable"] = x.applicable;
        d["method"] = std::string(to_string(x.method));
        if (!x.applicable) {
            d["reason"] = x.reason;
        } else {
            nb::list scores;
            for (double v : x.scores) scores.append(num(v));
            d["ranks"] = x.ranks;
            d["same_winner_as_additive"] = x.same_winner_as_additive;
            d["score_meaning"] = x.score_meaning;
            d["scores"] = scores;
            d["winners"] = x.winners;
        }
        methods.append(d);
    }
    nb::dict out;
    out["criteria"] = m.criteria;
    out["leaf_weights"] = weights;
    out["methods"] = methods;
    out["options"] = m.options;
    out["weights"] = m.weights_name;
    out["winner_agrees"] = m.winner_agrees;
    return out;
}

nb::dict summary_dict(const robustness_summary& s) {
    nb::list top;
    for (const auto& t : s.top_level) {
        nb::dict d;
        d["node"] = t.node;
        d["weight"] = num(t.weight);
        d["winner_stable"] = interval(t.winner_stable);
        top.append(d);
    }
    nb::dict out;
    out["first_rank_acceptability"] = num(s.first_rank_acceptability);
    out["first_rank_acceptability_standard_error"] = num(s.first_rank_acceptability_standard_error);
    out["smaa_samples"] = s.samples;
    out["smaa_seed"] = s.seed;
    out["top_level_weights"] = top;
    out["winner"] = text_or_none(s.winner);
    return out;
}

}  // namespace

void register_robustness(nb::module_& m) {
    m.def("smaa_matrix", &smaa_matrix, nb::arg("matrix"), nb::arg("document"), nb::arg("samples") = 10000, nb::arg("seed") = 0,
          nb::arg("threads") = 0,
          "SMAA-2 on a float64 matrix (alternatives x criteria) and the rest of its document (docs/smaa.md: types, "
          "alternatives, weights, uncertainty) as JSON text; the indices as numpy arrays.");
    m.def(
        "sensitivity",
        [](const appraisal_outcome& o) {
            return sensitivity_dict(unlocked([&] { return sensitivity(o.model, o.result, o.options.relative_scale_basis); }));
        },
        nb::arg("result"), "One-way weight sensitivity at every node and score thresholds (the sensitivity document as a dict).");
    m.def(
        "what_if",
        [](const appraisal_outcome& o, const std::string& option, const std::string& norm) {
            const weight_distance d = parse_distance(norm);
            return what_if_dict(unlocked([&] { return what_if(o.model, o.result, option, d); }));
        },
        nb::arg("result"), nb::arg("option"), nb::arg("norm") = "l1",
        "The smallest weight change that makes an option (at least tied) first (the what-if document as a dict).");
    m.def(
        "compare_methods",
        [](const appraisal_outcome& o) { return method_dict(unlocked([&] { return compare_methods(o.model, o.result); })); },
        nb::arg("result"), "The short list ranked by every aggregation method (the method-comparison document as a dict).");
    m.def(
        "compare_stakeholders",
        [](const appraisal_outcome& o) { return stakeholder_dict(unlocked([&] { return compare_stakeholders(o.model, o.options); })); },
        nb::arg("result"), "Rankings under every group's weights and the consensus (the stakeholder-comparison document as a dict).");
    m.def(
        "model_smaa",
        [](const appraisal_outcome& o, std::uint64_t samples, std::uint64_t seed, std::int64_t threads, const std::string& weights,
           const std::string& group) {
            const smaa_options options = make_smaa_options(samples, seed, threads);
            const bool elicited = elicited_weights_named(weights, "weights");
            if (!elicited && !group.empty())
                throw invalid_input("adva.python.argument", "group", "a group names whose answers bound weights=\"elicited\"",
                                    "\"" + group + "\"");
            model_smaa_result r = unlocked([&] {
                auto p = model_smaa_problem(o.model, o.result, o.options.relative_scale_basis);
                if (elicited) use_elicited_weights(p, o.model, elicited_weights_group(o.model, group));
                run_model_smaa(p, options);
                return p;
            });
            nb::dict d = smaa_result_dict(std::move(r.smaa));
            d["options"] = r.options;
            d["criteria"] = r.criteria;
            d["weights"] = r.weights_name;
            d["weights_group"] = r.weights_group;
            nb::list parents;
            for (const auto& e : r.elicited) {
                nb::dict x;
                x["parent"] = e.parent.empty() ? nb::none() : nb::cast(e.parent);
                x["children"] = e.children;
                x["source"] = e.source;
                x["dimension"] = e.dimension;
                x["burn_in"] = e.burn_in;
                x["thinning"] = e.thinning;
                x["chain_length"] = e.chain_length;
                parents.append(x);
            }
            d["elicited_parents"] = parents;
            return d;
        },
        nb::arg("result"), nb::arg("samples") = 10000, nb::arg("seed") = 0, nb::arg("threads") = 0, nb::arg("weights") = "uniform",
        nb::arg("group") = "",
        "SMAA-2 of the short list and the scores' uncertainty, with weights uniform within each parent (\"uniform\") or "
        "uniform on what a group's answers allow (\"elicited\"): the indices as numpy arrays, with the short list "
        "(options, rows), the leaves (criteria, central weight columns) and the elicited parents.");
    m.def(
        "hit_and_run",
        [](std::int64_t n, const Eigen::MatrixXd& A, const Eigen::VectorXd& b, const Eigen::MatrixXd& E, const Eigen::VectorXd& f,
           std::uint64_t count, std::uint64_t seed, std::int64_t burn_in, std::int64_t thinning, std::uint64_t chain_length,
           std::int64_t threads) {
            struct walked {
                Eigen::MatrixXd samples;
                std::uint64_t burn_in = 0, thinning = 1;
                Eigen::Index dimension = 0;
            };
            const int workers = detail::checked_threads(threads);
            walked w = unlocked([&] {
                const weight_polytope p(n, A, b, E, f);
                hit_and_run_options o;
                if (burn_in >= 0) o.burn_in = std::uint64_t(burn_in);
                if (thinning >= 0) o.thinning = std::uint64_t(thinning);
                o.chain_length = chain_length;
                o.seed = seed;
                const hit_and_run_sampler walk(p, interior_point(p), o);
                return walked{walk.sample(std::size_t(count), workers), walk.burn_in(), walk.thinning(), walk.dimension()};
            });
            nb::dict d;
            d["burn_in"] = w.burn_in;
            d["thinning"] = w.thinning;
            d["dimension"] = w.dimension;
            d["samples"] = numpy(std::move(w.samples));
            return d;
        },
        nb::arg("n"), nb::arg("A"), nb::arg("b"), nb::arg("E"), nb::arg("f"), nb::arg("count"), nb::arg("seed") = 0,
        nb::arg("burn_in") = -1, nb::arg("thinning") = -1, nb::arg("chain_length") = 1000, nb::arg("threads") = 0,
        "Uniform samples (count x n, float64) of {w >= 0, sum w = 1, A w <= b, E w = f} by hit-and-run from its Chebyshev "
        "centre (docs/elicitation.md); burn_in and thinning < 0 take the defaults of the polytope's dimension.");
    m.def(
        "robustness_summary",
        [](const appraisal_outcome& o) { return summary_dict(unlocked([&] { return summarise_robustness(o.model, o.result); })); },
        nb::arg("result"), "The robustness summary of the appraisal report (a dict, as its JSON document).");
}

}  // namespace adva::python
