// Robustness analyses: SMAA-2 on a matrix of partial values (adva/analysis/smaa.hpp) and, on an
// appraisal result, one-way sensitivity with score thresholds, "what would it take", stakeholder and
// method comparison, model SMAA and the robustness summary (adva/analysis/*.hpp, issue 4).
// The computations run with the GIL released. Model-level results cross as the documented JSON
// documents of adva::io (docs/robustness.md) — they are small and nested, and the pure-Python layer
// turns them into DataFrames; SMAA matrices come back as numpy arrays.
#include <cstdint>
#include <string>

#include <nanobind/eigen/dense.h>
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "adva/analysis/compare.hpp"
#include "adva/analysis/model_smaa.hpp"
#include "adva/analysis/robustness.hpp"
#include "adva/analysis/sensitivity.hpp"
#include "adva/analysis/smaa.hpp"
#include "adva/analysis/what_if.hpp"
#include "adva/io/robustness_json.hpp"
#include "adva/io/smaa_json.hpp"
#include "adva/threads.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

nb::dict smaa_result_dict(smaa_result r) {
    nb::dict d;
    d["samples"] = r.samples;
    d["weight_sampler"] = r.weight_sampler;
    d["rank_acceptability"] = nb::cast(std::move(r.rank_acceptability), nb::rv_policy::move);
    d["rank_acceptability_standard_error"] = nb::cast(std::move(r.rank_acceptability_standard_error), nb::rv_policy::move);
    d["central_weights"] = nb::cast(std::move(r.central_weights), nb::rv_policy::move);
    d["central_weights_standard_error"] = nb::cast(std::move(r.central_weights_standard_error), nb::rv_policy::move);
    d["confidence_factors"] = nb::cast(std::move(r.confidence_factors), nb::rv_policy::move);
    d["confidence_factors_standard_error"] = nb::cast(std::move(r.confidence_factors_standard_error), nb::rv_policy::move);
    d["confidence_samples"] = r.confidence_samples;
    d["pairwise_winning"] = nb::cast(std::move(r.pairwise_winning), nb::rv_policy::move);
    d["pairwise_winning_standard_error"] = nb::cast(std::move(r.pairwise_winning_standard_error), nb::rv_policy::move);
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

nb::dict smaa_matrix(const std::string& problem_text, std::uint64_t samples, std::uint64_t seed, std::int64_t threads) {
    const smaa_problem problem = io::smaa_problem_from_json(parse_json_argument(problem_text, ""));
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

/// Runs `compute` without the GIL and returns its JSON document as text.
template <class Compute>
std::string json_text(Compute&& compute) {
    nlohmann::json out;
    {
        nb::gil_scoped_release release;
        out = compute();
    }
    return out.dump();
}

}  // namespace

void register_robustness(nb::module_& m) {
    m.def("smaa_matrix", &smaa_matrix, nb::arg("problem"), nb::arg("samples") = 10000, nb::arg("seed") = 0,
          nb::arg("threads") = 0, "SMAA-2 on a matrix document (docs/smaa.md) given as JSON text.");
    m.def(
        "sensitivity",
        [](const appraisal_outcome& o) {
            return json_text([&] {
                return io::sensitivity_to_json(sensitivity(o.model, o.result, o.options.relative_scale_basis));
            });
        },
        nb::arg("result"), "One-way weight sensitivity at every node and score thresholds (JSON text).");
    m.def(
        "what_if",
        [](const appraisal_outcome& o, const std::string& option, const std::string& norm) {
            const weight_distance d = parse_distance(norm);
            return json_text([&] { return io::what_if_to_json(what_if(o.model, o.result, option, d)); });
        },
        nb::arg("result"), nb::arg("option"), nb::arg("norm") = "l1",
        "The smallest weight change that makes an option (at least tied) first (JSON text).");
    m.def(
        "compare_methods",
        [](const appraisal_outcome& o) { return json_text([&] { return io::method_comparison_to_json(compare_methods(o.model, o.result)); }); },
        nb::arg("result"), "The short list ranked by every aggregation method (JSON text).");
    m.def(
        "compare_stakeholders",
        [](const appraisal_outcome& o) {
            return json_text([&] { return io::stakeholder_comparison_to_json(compare_stakeholders(o.model, o.options)); });
        },
        nb::arg("result"), "Rankings under every group's weights and the consensus (JSON text).");
    m.def(
        "model_smaa",
        [](const appraisal_outcome& o, std::uint64_t samples, std::uint64_t seed, std::int64_t threads) {
            const smaa_options options = make_smaa_options(samples, seed, threads);
            return json_text([&] {
                return io::model_smaa_to_json(model_smaa(o.model, o.result, options, o.options.relative_scale_basis));
            });
        },
        nb::arg("result"), nb::arg("samples") = 10000, nb::arg("seed") = 0, nb::arg("threads") = 0,
        "SMAA-2 of the short list with per-parent uniform weights and the scores' uncertainty (JSON text).");
    m.def(
        "robustness_summary",
        [](const appraisal_outcome& o) {
            return json_text([&] { return io::robustness_summary_to_json(summarise_robustness(o.model, o.result)); });
        },
        nb::arg("result"), "The robustness summary of the appraisal report (JSON text).");
}

}  // namespace adva::python
