// Improvement over time (adva/analysis/trajectory.hpp, docs/trajectories.md): each option's quality
// path along the model's improvement plan, its measures and its fan of quantiles. The analysis runs
// on the outcome's own copy of the model with the GIL released; the result is a bound object whose
// figures cross as numpy arrays (the pure-Python layer, adva/trajectories.py, labels them).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nanobind/eigen/dense.h>
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "adva/analysis/trajectory.hpp"
#include "adva/io/report.hpp"
#include "adva/io/trajectory_report.hpp"
#include "adva/known_ids.hpp"
#include "adva/threads.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

/// The measures with what they were computed from: the report needs the model's names and its
/// improvement section, and the options (samples, seed, band probabilities).
struct trajectory_outcome {
    appraisal model;
    trajectory_options options;
    std::vector<trajectory_measures> measures;
};

const improvement_settings& settings(const trajectory_outcome& o) { return *o.model.improvement; }

/// options x measures of the values (or of their standard errors).
Eigen::MatrixXd measure_matrix(const trajectory_outcome& o, bool standard_errors) {
    Eigen::MatrixXd out(Eigen::Index(o.measures.size()), Eigen::Index(trajectory_measure_fields.size()));
    for (std::size_t i = 0; i < o.measures.size(); ++i) {
        for (std::size_t k = 0; k < trajectory_measure_fields.size(); ++k) {
            const estimate& e = o.measures[i].*trajectory_measure_fields[k];
            out(Eigen::Index(i), Eigen::Index(k)) = standard_errors ? e.standard_error : e.value;
        }
    }
    return out;
}

using band_ndarray = nb::ndarray<nb::numpy, double, nb::ndim<3>>;

/// options x bands x path points, C order: one allocation handed to numpy.
band_ndarray band_array(const trajectory_outcome& o) {
    const std::size_t n = o.measures.size(), b = o.options.band_probabilities.size(), k = o.options.path_points;
    auto* data = new double[n * b * k];
    nb::capsule owner(data, [](void* p) noexcept { delete[] static_cast<double*>(p); });
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < b; ++j)
            for (std::size_t t = 0; t < k; ++t) data[(i * b + j) * k + t] = o.measures[i].bands[j][t];
    return band_ndarray(data, {n, b, k}, owner);
}

/// The computation's options, checked with the Python arguments' names (points, not path_points).
trajectory_options make_options(std::uint64_t samples, std::uint64_t seed, std::int64_t threads, std::uint64_t points,
                                std::vector<double> bands) {
    trajectory_options o;
    o.samples = samples;
    o.seed = seed;
    o.threads = detail::checked_threads(threads, "threads");
    o.path_points = std::size_t(points);
    o.band_probabilities = std::move(bands);
    try {
        validate_trajectory_options(o);
    } catch (const limit_exceeded& e) {
        throw limit_exceeded(e.id(), e.where() == "path_points" ? "points" : e.where(), e.rule(), e.seen());
    }
    return o;
}

/// The ids of an option filter, each an option of the model and none twice (where: options/K).
void check_option_filter(const appraisal& model, const std::vector<std::string>& ids) {
    std::set<std::string_view> seen;
    for (std::size_t k = 0; k < ids.size(); ++k) {
        const std::string where = "options/" + std::to_string(k);
        if (!model.option_index(ids[k]))
            throw invalid_input("adva.model.unknown_id", where,
                                "no option has this id (" + known_ids_text(ids[k], ids_of(model.options)) + ")", "\"" + ids[k] + "\"");
        if (!seen.insert(ids[k]).second)
            throw invalid_input("adva.model.duplicate_id", where, "an option is named twice", "\"" + ids[k] + "\"");
    }
}

trajectory_outcome run(const appraisal& model, std::uint64_t samples, std::uint64_t seed, std::int64_t threads, std::uint64_t points,
                       std::vector<double> bands, const std::optional<std::vector<std::string>>& only) {
    trajectory_outcome out{model, make_options(samples, seed, threads, points, std::move(bands)), {}};
    if (only) check_option_filter(out.model, *only);
    nb::gil_scoped_release release;  // the outcome owns its copy of the model: no shared state
    // Without a filter, or without the section (the model's overload raises adva.trajectory.missing).
    if (!only || !out.model.improvement) out.measures = trajectory_analysis(out.model, out.options);
    else out.measures = trajectory_analysis(*out.model.improvement, *only, out.options);
    return out;
}

nb::tuple grade_tuple(const quality_grade& g) { return nb::make_tuple(g.id, g.name, g.from); }

}  // namespace

void register_trajectory(nb::module_& m) {
    nb::class_<trajectory_outcome>(m, "Trajectories", "Improvement over time of a model's options (C++ adva::trajectory_measures).")
        .def_prop_ro("option_ids", [](const trajectory_outcome& o) {
            std::vector<std::string> ids;
            for (const auto& x : o.measures) ids.push_back(x.option);
            return ids;
        })
        .def_prop_ro("option_names", [](const trajectory_outcome& o) {
            std::vector<std::string> names;
            for (const auto& x : o.measures) {
                const auto& option = o.model.options[*o.model.option_index(x.option)];
                names.push_back(option.name.empty() ? option.id : option.name);
            }
            return names;
        })
        .def_prop_ro("exact", [](const trajectory_outcome& o) {
            std::vector<bool> out;
            for (const auto& x : o.measures) out.push_back(x.exact);
            return out;
        })
        .def_prop_ro("measure_names",
                     [](const trajectory_outcome&) { return std::vector<std::string>(trajectory_measure_ids.begin(), trajectory_measure_ids.end()); })
        .def_prop_ro("values", [](const trajectory_outcome& o) { return measure_matrix(o, false); }, "options x measures")
        .def_prop_ro("standard_errors", [](const trajectory_outcome& o) { return measure_matrix(o, true); },
                     "options x measures (0 where exact)")
        .def_prop_ro("times", [](const trajectory_outcome& o) {
            Eigen::VectorXd t(Eigen::Index(o.options.path_points));
            for (std::size_t k = 0; k < o.options.path_points; ++k)
                t(Eigen::Index(k)) = o.measures.empty() ? settings(o).horizon * double(k) / double(o.options.path_points - 1)
                                                        : o.measures.front().times[k];
            return t;
        }, "years of the path points")
        .def_prop_ro("expected_path", [](const trajectory_outcome& o) {
            Eigen::MatrixXd out(Eigen::Index(o.measures.size()), Eigen::Index(o.options.path_points));
            for (std::size_t i = 0; i < o.measures.size(); ++i)
                for (std::size_t k = 0; k < o.options.path_points; ++k)
                    out(Eigen::Index(i), Eigen::Index(k)) = o.measures[i].expected_path[k];
            return out;
        }, "options x path points: the expected level")
        // The array owns its memory (a capsule): handed over, not tied to the result as a property's is by default.
        .def_prop_ro("bands", &band_array, nb::rv_policy::move, "options x band probabilities x path points: the level's quantiles")
        .def_prop_ro("band_probabilities", [](const trajectory_outcome& o) { return o.options.band_probabilities; })
        .def_prop_ro("samples", [](const trajectory_outcome& o) { return o.options.samples; })
        .def_prop_ro("seed", [](const trajectory_outcome& o) { return o.options.seed; })
        .def_prop_ro("scale", [](const trajectory_outcome& o) {
            const auto& s = settings(o).scale;
            return nb::make_tuple(s.name, s.lower, s.upper);
        }, "(name, lower, upper)")
        .def_prop_ro("grades", [](const trajectory_outcome& o) {
            nb::list out;
            for (const auto& g : settings(o).scale.grades) out.append(grade_tuple(g));
            return out;
        }, "(id, name, from) of each grade, lowest first")
        .def_prop_ro("target", [](const trajectory_outcome& o) {
            const auto& s = settings(o);
            return nb::make_tuple(grade_tuple(s.scale.grades[*target_grade_index(s)]), s.target_year);
        }, "((id, name, from) of the target grade, the target year)")
        .def_prop_ro("plan", [](const trajectory_outcome& o) {
            const auto& p = settings(o).plan;
            nb::list milestones;
            for (const auto& x : p.milestones) milestones.append(nb::make_tuple(x.name, x.year, x.level));
            return nb::make_tuple(p.current_level, milestones);
        }, "(current level, [(name, year, level) of each milestone])")
        .def_prop_ro("horizon", [](const trajectory_outcome& o) { return settings(o).horizon; })
        .def_prop_ro("discount_rate", [](const trajectory_outcome& o) { return settings(o).discount_rate; })
        .def(
            "report",
            [](const trajectory_outcome& o, const std::string& format) {
                return io::render_trajectories(o.model, o.measures, o.options, io::parse_report_format(format));
            },
            nb::arg("format") = "table", "The measures as adva trajectory writes them: table, json, csv or markdown.");

    m.def("trajectories", &run, nb::arg("model"), nb::arg("samples") = 10000, nb::arg("seed") = 1, nb::arg("threads") = 0,
          nb::arg("points") = 41, nb::arg("bands") = std::vector<double>{0.05, 0.25, 0.5, 0.75, 0.95},
          nb::arg("options") = nb::none(),
          "Each option's quality path along the model's improvement plan (docs/trajectories.md): its measures, "
          "expected path and bands; options: the ids to compute, in that order (default: every option).");
}

}  // namespace adva::python
