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
#include "adva/analysis/economics.hpp"
#include "adva/io/economics_report.hpp"
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

/// The economic case with the model it was computed from (reports need names and settings).
struct economics_outcome {
    appraisal model;
    economic_case result;
};

/// options × years of one by-year series of every option.
template <class Series>
Eigen::MatrixXd by_year(const economic_case& c, Series series) {
    Eigen::MatrixXd out(Eigen::Index(c.options.size()), Eigen::Index(c.discount_factors.size()));
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        const std::vector<double>& xs = series(c.options[i]);
        for (std::size_t t = 0; t < c.discount_factors.size(); ++t)
            out(Eigen::Index(i), Eigen::Index(t)) = t < xs.size() ? xs[t] : std::nan("");
    }
    return out;
}

}  // namespace

void register_appraisal(nb::module_& m) {
    nb::class_<economics_outcome>(m, "EconomicCase", "The economic case of a model (C++ adva::economic_case).")
        .def_prop_ro("cost_basis", [](const economics_outcome& o) {
            return o.result.basis == cost_basis::with_optimism_bias ? "with_optimism_bias" : "before_optimism_bias";
        })
        .def_prop_ro("currency", [](const economics_outcome& o) { return o.model.context.currency; })
        .def_prop_ro("base_year", [](const economics_outcome& o) { return o.model.context.base_year; })
        .def_prop_ro("has_budget", [](const economics_outcome& o) { return o.result.has_budget; })
        .def_prop_ro("discount_factors", [](const economics_outcome& o) { return o.result.discount_factors; })
        .def_prop_ro("health_discount_factors", [](const economics_outcome& o) { return o.result.health_discount_factors; })
        .def_prop_ro("options", [](const economics_outcome& o) {
            nb::list out;
            for (std::size_t i = 0; i < o.result.options.size(); ++i) {
                const auto& e = o.result.options[i];
                out.append(nb::make_tuple(e.option, o.model.options[i].name, e.npc_before, e.npc_after, e.npc,
                                          e.has_benefits() ? e.present_benefits : std::nan(""), e.npsv, e.bcr,
                                          e.shortfall_years, e.largest_shortfall));
            }
            return out;
        })
        .def_prop_ro("lines", [](const economics_outcome& o) {
            nb::list out;
            for (const auto& e : o.result.options)
                for (const auto& f : e.costs)
                    out.append(nb::make_tuple(e.option, f.id, f.name, io::kind_name(f.kind),
                                              io::category_name(f.category), f.optimism_bias, f.uplift,
                                              f.present_before, f.present_after));
            return out;
        })
        .def_prop_ro("by_year", [](const economics_outcome& o) {
            const auto& c = o.result;
            nb::dict d;
            d["capital_before_optimism_bias"] = by_year(c, [](const option_economics& e) -> const auto& { return e.capital_before; });
            d["revenue_before_optimism_bias"] = by_year(c, [](const option_economics& e) -> const auto& { return e.revenue_before; });
            d["capital_after_optimism_bias"] = by_year(c, [](const option_economics& e) -> const auto& { return e.capital_after; });
            d["revenue_after_optimism_bias"] = by_year(c, [](const option_economics& e) -> const auto& { return e.revenue_after; });
            if (c.has_budget) {
                d["capital_headroom"] = by_year(c, [](const option_economics& e) -> const auto& { return e.capital_headroom; });
                d["revenue_headroom"] = by_year(c, [](const option_economics& e) -> const auto& { return e.revenue_headroom; });
            }
            return d;
        })
        .def_prop_ro("warnings", [](const economics_outcome& o) { return io::economic_case_warnings(o.model, o.result); })
        .def(
            "report",
            [](const economics_outcome& o, const std::string& format, bool by_year) {
                return io::render_economic_case(o.model, o.result, io::parse_report_format(format), by_year);
            },
            nb::arg("format") = "table", nb::arg("by_year") = false)
        .def(
            "to_json_text",
            [](const economics_outcome& o, int indent) { return io::economic_case_to_json(o.model, o.result).dump(indent); },
            nb::arg("indent") = -1);

    m.def(
        "economic_case",
        [](const appraisal& model) {
            economics_outcome out{model, {}};
            out.result = compute_economic_case(out.model);
            return out;
        },
        nb::arg("model"), "The economic case of a model: cash flows by year, optimism bias, NPC, benefits, affordability.");

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
                out.append(nb::make_tuple(e.option, e.npv_cost, e.npv_cost_before_optimism_bias, e.total_value, e.benefit,
                                          e.value_added, e.extra_cost, e.value_added_per_extra_cost, to_string(e.position),
                                          e.benefit_per_cost, e.on_frontier, e.incremental_benefit_per_cost));
            return out;
        })
        .def_prop_ro("switching_values", [](const appraisal_outcome& o) {
            const auto cells = [](const cost_switch& x) {
                const double nan = std::nan("");
                return nb::make_tuple(x.exists() ? x.change : nan, x.exists() ? x.percent : nan,
                                      x.exists() ? nb::object(nb::str(x.affected.c_str())) : nb::none(),
                                      x.exists() ? nb::object(nb::str(x.joins ? "joins_frontier" : "leaves_frontier")) : nb::none());
            };
            nb::list out;
            for (const auto& v : switching_values(o.result.value_for_money))
                out.append(nb::make_tuple(v.option, v.npv_cost, v.benefit, v.on_frontier, cells(v.frontier), cells(v.ranking_up),
                                          cells(v.ranking_down)));
            return out;
        })
        .def(
            "switching_values_report",
            [](const appraisal_outcome& o, const std::string& format) {
                return io::render_switching_values(o.model, o.result, switching_values(o.result.value_for_money),
                                                   io::parse_report_format(format));
            },
            nb::arg("format") = "table")
        .def_prop_ro("cost_tornado", [](const appraisal_outcome& o) {
            nb::list out;
            for (const auto& t : cost_tornado(o.model, compute_economic_case(o.model), switching_values(o.result.value_for_money)))
                for (const auto& b : t.bars)
                    out.append(nb::make_tuple(t.option, t.npc, b.line, b.name, b.optimism_bias, to_string(b.range), b.low, b.high,
                                              b.npc_low, b.npc_high, b.swing(), b.reaches_switch_up, b.reaches_switch_down));
            return out;
        })
        .def(
            "cost_tornado_report",
            [](const appraisal_outcome& o, const std::string& format) {
                return io::render_cost_tornado(
                    o.model, cost_tornado(o.model, compute_economic_case(o.model), switching_values(o.result.value_for_money)),
                    io::parse_report_format(format));
            },
            nb::arg("format") = "table")
        .def_prop_ro("value_for_money_comparator", [](const appraisal_outcome& o) { return o.result.value_for_money_comparator; })
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
