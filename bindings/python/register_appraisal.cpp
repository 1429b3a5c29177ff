// adva._core.appraise: the additive appraisal of a model. The result keeps a copy of the model it
// was computed from (reports need names and costs) and exposes plain Python/numpy data; the pure-
// Python layer (adva.results) turns it into pandas DataFrames.
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nanobind/eigen/dense.h>
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "adva/analysis/appraise.hpp"
#include "adva/io/decision_report.hpp"
#include "adva/io/output.hpp"
#include "adva/io/report.hpp"
#include "adva/model/governance.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

relative_basis parse_basis(const std::string& s) {
    if (s == "all_options") return relative_basis::all_options;
    if (s == "shortlist") return relative_basis::shortlist;
    throw invalid_input("adva.appraise.relative_basis", "relative_scale_basis", "one of: all_options, shortlist",
                        "\"" + s + "\"");
}

appraisal_outcome run(const appraisal& model, const std::string& group, const std::string& basis, double tie_tolerance,
                      bool strict) {
    appraisal_outcome out{model, {}, {}};
    out.options.group = group;
    out.options.relative_scale_basis = parse_basis(basis);
    if (!(tie_tolerance >= 0) || !std::isfinite(tie_tolerance))
        throw invalid_input("adva.appraise.tie_tolerance", "tie_tolerance", "must be a finite number >= 0",
                            std::to_string(tie_tolerance));
    out.options.tie_tolerance = tie_tolerance;
    {
        nb::gil_scoped_release release;  // the outcome owns its copy of the model: no shared state
        out.result = appraise(out.model, out.options);
    }
    // strict: a result only from a record that verifies with no finding at all (adva appraise --strict).
    if (strict) require_verified(out.result.governance, true);
    return out;
}

io::report_extras extras_for(const appraisal_outcome& o, bool by_group) {
    io::report_extras extras;
    if (!by_group) return extras;
    for (const auto& g : o.model.groups) {
        appraise_options opt = o.options;
        opt.group = g.id;
        extras.by_group.push_back(appraise(o.model, opt));
    }
    return extras;
}

}  // namespace

void register_appraisal(nb::module_& m) {
    nb::class_<appraisal_outcome>(m, "AppraisalResult", "Result of the additive appraisal (C++ adva::appraisal_result).")
        .def_prop_ro("weights_name", [](const appraisal_outcome& o) { return o.result.weights_name; })
        .def_prop_ro("group", [](const appraisal_outcome& o) { return o.options.group; })
        .def_prop_ro("relative_scale_basis", [](const appraisal_outcome& o) {
            return std::string(o.options.relative_scale_basis == relative_basis::shortlist ? "shortlist" : "all_options");
        })
        .def_prop_ro("tie_tolerance", [](const appraisal_outcome& o) { return o.options.tie_tolerance; })
        .def_prop_ro("option_ids", [](const appraisal_outcome& o) { return o.result.option_ids; })
        .def_prop_ro("option_names", [](const appraisal_outcome& o) {
            std::vector<std::string> v;
            for (const auto& x : o.model.options) v.push_back(x.name.empty() ? x.id : x.name);
            return v;
        })
        .def_prop_ro("criterion_ids", [](const appraisal_outcome& o) { return o.result.criterion_ids; })
        .def_prop_ro("criterion_names", [](const appraisal_outcome& o) {
            std::vector<std::string> v;
            for (const auto& x : o.model.criteria) v.push_back(x.name.empty() ? x.id : x.name);
            return v;
        })
        .def_prop_ro("criterion_parents", [](const appraisal_outcome& o) {
            std::vector<std::string> v;
            for (const auto& x : o.model.criteria) v.push_back(x.parent);
            return v;
        })
        .def_prop_ro("leaf_ids", [](const appraisal_outcome& o) {
            std::vector<std::string> v;
            for (auto i : o.result.leaf_indices) v.push_back(o.result.criterion_ids[i]);
            return v;
        })
        .def_prop_ro("weights_local", [](const appraisal_outcome& o) { return o.result.weights.local; })
        .def_prop_ro("weights_global", [](const appraisal_outcome& o) { return o.result.weights.global; })
        .def_prop_ro("values", [](const appraisal_outcome& o) { return o.result.values; })
        .def_prop_ro("totals", [](const appraisal_outcome& o) { return o.result.totals; })
        .def_prop_ro("contributions", [](const appraisal_outcome& o) { return o.result.contributions; })
        .def_prop_ro("ranking", [](const appraisal_outcome& o) {
            nb::list out;
            for (const auto& r : o.result.ranking) out.append(nb::make_tuple(r.option, r.rank, r.total, r.tied));
            return out;
        })
        .def_prop_ro("screening", [](const appraisal_outcome& o) {
            nb::list out;
            for (const auto& s : o.result.screening) {
                nb::list gates;
                for (const auto& g : s.gates) gates.append(nb::make_tuple(g.gate, to_string(g.status), g.reason));
                nb::dict d;
                d["option"] = s.option;
                d["shortlisted"] = s.shortlisted;
                d["benchmark"] = s.benchmark;
                d["flagged"] = s.flagged;
                d["reason"] = s.reason;
                d["gates"] = gates;
                out.append(d);
            }
            return out;
        })
        .def_prop_ro("dominance", [](const appraisal_outcome& o) {
            nb::list out;
            for (const auto& e : o.result.dominance) {
                nb::list by;
                for (const auto& x : e.dominated_by) by.append(x);
                out.append(nb::make_tuple(e.option, by, e.potentially_optimal, to_string(e.best_possible)));
            }
            return out;
        })
        .def_prop_ro("value_for_money", [](const appraisal_outcome& o) {
            nb::list out;
            for (const auto& e : o.result.value_for_money)
                out.append(nb::make_tuple(e.option, e.npv_cost, e.benefit, e.benefit_per_cost, e.on_frontier,
                                          e.incremental_benefit_per_cost));
            return out;
        })
        .def_prop_ro("governance", [](const appraisal_outcome& o) { return governance_dict(o.result.governance); })
        .def_prop_ro("warnings", [](const appraisal_outcome& o) { return o.result.warnings; })
        .def_prop_ro("illustrative", [](const appraisal_outcome& o) { return o.model.illustrative; })
        .def_prop_ro("title", [](const appraisal_outcome& o) { return o.model.context.title; })
        .def_prop_ro("currency", [](const appraisal_outcome& o) { return o.model.context.currency; })
        .def(
            "explain",
            [](const appraisal_outcome& o, const std::string& a, const std::string& b) {
                const explanation e = o.result.explain(a, b);
                nb::list lines;
                for (const auto& l : e.lines)
                    lines.append(nb::make_tuple(l.criterion, l.weight, l.value_a, l.value_b, l.contribution_gap));
                return nb::make_tuple(e.total_a, e.total_b, e.gap, lines);
            },
            nb::arg("a"), nb::arg("b"))
        .def(
            "to_json_text",
            [](const appraisal_outcome& o, int indent, bool by_group) {
                return io::result_to_json(o.model, o.result, extras_for(o, by_group)).dump(indent);
            },
            nb::arg("indent") = -1, nb::arg("by_group") = false)
        .def(
            "report",
            [](const appraisal_outcome& o, const std::string& format, bool by_group) {
                const auto f = io::parse_report_format(format);
                return io::render_report(o.model, o.result, f, extras_for(o, by_group));
            },
            nb::arg("format") = "table", nb::arg("by_group") = false)
        .def(
            "decision_report",
            [](const appraisal_outcome& o, const std::string& format, bool interactive, bool timestamp, const std::string& path,
               bool overwrite) {
                if (format != "html" && format != "markdown")
                    throw invalid_input("adva.report.format", "format", "the decision report is html or markdown", "\"" + format + "\"");
                std::optional<io::output_target> target;  // checked before the work, written after it
                if (!path.empty()) {
                    target.emplace(path, "path", overwrite ? io::if_exists::replace : io::if_exists::refuse);
                    target->check();
                }
                std::string text;
                {
                    nb::gil_scoped_release release;
                    io::decision_report_options options;
                    options.group = o.options.group;
                    const auto report = io::complete_decision_report(o.model, o.result, options);
                    if (format == "markdown") {
                        text = io::markdown_decision_report(o.model, report);
                    } else {
                        io::html_options html;
                        html.interactive = interactive;
                        if (timestamp) html.generated_at = utc_now();
                        text = io::html_report(o.model, report, html);
                    }
                }
                if (!target) return text;
                target->write(text);
                return std::string();
            },
            nb::arg("format") = "html", nb::arg("interactive") = false, nb::arg("timestamp") = false, nb::arg("path") = "",
            nb::arg("overwrite") = true,
            "The decision report (docs/report.md) as text, or written to path under the output policy (returns \"\").");

    m.def("appraise", &run, nb::arg("model"), nb::arg("group") = "", nb::arg("relative_scale_basis") = "all_options",
          nb::arg("tie_tolerance") = 1e-9, nb::arg("strict") = false,
          "The additive appraisal of a model; strict: IntegrityError unless the decision record verifies with no "
          "finding.");
}

}  // namespace adva::python
