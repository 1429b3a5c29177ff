// Decision-matrix mode for Python: the aggregation methods and weightings of adva::methods /
// adva::weights called directly on numpy data (no JSON on the hot path). The numpy matrix is viewed
// without a copy (nb::DRef, any strides); decision_matrix then takes the one validated dense copy the
// kernels need, with the GIL released. Option names, defaults, error ids and JSON pointers are the
// CLI's (src/io/matrix_json.cpp, docs/methods.md), so a Python error reads like the CLI's.
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nanobind/eigen/dense.h>
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "adva/io/matrix_json.hpp"
#include "adva/methods/methods.hpp"
#include "adva/weights/weights.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

using matrix_view = nb::DRef<const Eigen::MatrixXd>;
using vector_view = nb::DRef<const Eigen::VectorXd>;
/// The evaluate() matrix: C-ordered float64 (numpy's default) is taken as is; anything else is
/// converted by nanobind once. The kernels read it in place through decision_matrix_view.
using c_matrix = nb::ndarray<const double, nb::ndim<2>, nb::c_contig, nb::device::cpu>;

std::string list_text(std::initializer_list<const char*> names) {
    std::string s;
    for (auto n : names) s += (s.empty() ? "" : ", ") + std::string(n);
    return s;
}

std::vector<objective> parse_types(const std::vector<std::string>& types) {
    std::vector<objective> out;
    out.reserve(types.size());
    for (std::size_t j = 0; j < types.size(); ++j) {
        const auto o = parse_objective(types[j]);
        if (!o)
            throw invalid_input("adva.json.unknown_name", "/types/" + std::to_string(j), "unknown name; one of: benefit, cost",
                                "\"" + types[j] + "\"");
        out.push_back(*o);
    }
    return out;
}

normalisation parse_norm(const std::string& s, const std::string& where) {
    if (auto n = parse_normalisation(s)) return *n;
    throw invalid_input("adva.json.unknown_name", where, "unknown name; one of: vector, minmax, max, sum, none", "\"" + s + "\"");
}

Eigen::VectorXi ranking_vector(const std::vector<int>& r) {
    return Eigen::Map<const Eigen::VectorXi>(r.data(), Eigen::Index(r.size()));
}

double number_item(nb::handle v, const std::string& where) {
    if (!nb::isinstance<nb::float_>(v) && !nb::isinstance<nb::int_>(v)) {
        std::string seen = nb::cast<std::string>(nb::repr(v));
        throw invalid_input("adva.json.type", where, "must be a number", seen);
    }
    const double d = nb::cast<double>(v);
    if (!std::isfinite(d)) throw invalid_input("adva.json.type", where, "must be a finite number", detail::number_text(d));
    return d;
}

/// One preference function per criterion, as dicts {"function", "q"?, "p"?, "s"?}; thresholds a
/// function does not use are rejected (as the CLI does), missing ones are errors (no defaults).
std::pair<std::vector<preference>, nb::list> parse_preferences(const nb::list& list, Eigen::Index n) {
    const std::string where = "/method/preference";
    if (Eigen::Index(nb::len(list)) != n)
        throw invalid_input("adva.weights.size_mismatch", where, "one preference function per criterion is required",
                            std::to_string(nb::len(list)) + " for " + std::to_string(n) + " criteria");
    std::vector<preference> prefs;
    nb::list echo;
    for (std::size_t j = 0; j < nb::len(list); ++j) {
        const std::string at = where + "/" + std::to_string(j);
        nb::handle item = list[j];
        if (!nb::isinstance<nb::dict>(item))
            throw invalid_input("adva.json.type", at, "must be an object", nb::cast<std::string>(nb::repr(item)));
        nb::dict e = nb::borrow<nb::dict>(item);
        if (!e.contains("function")) throw invalid_input("adva.json.missing_key", at + "/function", "this key is required (it has no default)", "");
        nb::handle f = e["function"];
        if (!nb::isinstance<nb::str>(f)) throw invalid_input("adva.json.type", at + "/function", "must be a string", nb::cast<std::string>(nb::repr(f)));
        const std::string fname = nb::cast<std::string>(f);
        const auto fn = parse_preference_function(fname);
        if (!fn)
            throw invalid_input("adva.json.unknown_name", at + "/function",
                                "unknown name; one of: " + list_text({"usual", "u_shape", "v_shape", "level", "linear", "gaussian"}),
                                "\"" + fname + "\"");
        preference pr;
        pr.function = *fn;
        nb::dict out;
        out["function"] = fname;
        for (auto [k, v] : e) {
            const std::string key = nb::cast<std::string>(nb::str(k));
            const bool used = key == "function" || (key == "q" && needs_q(pr.function)) || (key == "p" && needs_p(pr.function)) ||
                              (key == "s" && needs_s(pr.function));
            if (!used)
                throw invalid_input("adva.json.unknown_key", at + "/" + key,
                                    "not a parameter of the " + fname + " preference function", "\"" + key + "\"");
        }
        auto threshold = [&](const char* key, double& slot) {
            if (!e.contains(key)) throw invalid_input("adva.json.missing_key", at + "/" + key, "this key is required (it has no default)", "");
            slot = number_item(e[key], at + "/" + key);
            out[key] = slot;
        };
        if (needs_q(pr.function)) threshold("q", pr.q);
        if (needs_p(pr.function)) threshold("p", pr.p);
        if (needs_s(pr.function)) threshold("s", pr.s);
        prefs.push_back(pr);
        echo.append(out);
    }
    detail::check_preferences(prefs, n, where);
    return {std::move(prefs), std::move(echo)};
}

/// A result vector as a bytearray that the Python layer views with numpy.frombuffer (writable, no
/// copy there). nanobind's generic ndarray export costs ~10 us per array, more than a 10 x 20 WSM
/// itself; this keeps adva.evaluate's overhead within its budget.
template <class Vector>
nb::object array(const Vector& v) {
    return nb::bytearray(reinterpret_cast<const char*>(v.data()), std::size_t(v.size()) * sizeof(typename Vector::Scalar));
}

/// Runs `method` on the matrix with normalised weights `w`; the CLI's output keys.
nb::dict evaluate(c_matrix x, const std::vector<std::string>& type_names, vector_view w, const std::string& method,
                  std::optional<std::string> norm_name, std::optional<double> v, std::optional<nb::list> preference_list,
                  std::vector<std::string> alternatives, std::vector<std::string> criteria) {
    std::vector<objective> types = parse_types(type_names);
    nb::dict result;
    nb::dict echo;
    echo["name"] = method;
    auto unused = [&](bool present, const char* key) {
        if (present)
            throw invalid_input("adva.json.unknown_key", std::string("/method/") + key,
                                "not an option of method \"" + method + "\"", std::string("\"") + key + "\"");
    };
    // Read in place (the caller's array outlives this call): TOPSIS and VIKOR check finiteness in
    // their first pass; the methods without a row-major kernel get the owning, checked column-major
    // copy they take.
    std::optional<decision_matrix_view> view;
    std::optional<decision_matrix> dm;
    Eigen::VectorXd weights;
    const Eigen::Index rows = Eigen::Index(x.shape(0)), cols = Eigen::Index(x.shape(1));
    auto build_view = [&] {  // GIL released by the caller
        view.emplace(x.data(), rows, cols, std::move(types), std::move(alternatives), std::move(criteria));
        weights = w;
        detail::check_weights(weights, cols);
    };
    auto build = [&] {
        build_view();
        dm.emplace(view->to_matrix());
    };
    // Large inputs release the GIL; for small ones the release/re-acquire costs more than it frees.
    const bool release_gil = rows * cols >= 4096;
    if (method == "wsm" || method == "topsis") {
        unused(v.has_value(), "v");
        unused(preference_list.has_value(), "preference");
        const normalisation norm = norm_name ? parse_norm(*norm_name, "/method/normalisation")
                                             : (method == "wsm" ? wsm_parameters{}.norm : topsis_parameters{}.norm);
        echo["normalisation"] = std::string(to_string(norm));
        if (method == "wsm") {
            wsm_result r;
            {
                gil_release_if release(release_gil);
                build_view();
                r = wsm(*view, weights, {norm});
            }
            result["scores"] = array(std::move(r.scores));
            result["ranking"] = array(ranking_vector(r.ranking));
        } else {
            topsis_result r;
            {
                gil_release_if release(release_gil);
                build_view();
                r = topsis(*view, weights, {norm});
            }
            result["scores"] = array(Eigen::VectorXd(r.closeness));
            result["closeness"] = array(std::move(r.closeness));
            result["distance_to_ideal"] = array(std::move(r.distance_to_ideal));
            result["distance_to_anti_ideal"] = array(std::move(r.distance_to_anti_ideal));
            result["ranking"] = array(ranking_vector(r.ranking));
        }
    } else if (method == "wpm") {
        unused(norm_name.has_value(), "normalisation");
        unused(v.has_value(), "v");
        unused(preference_list.has_value(), "preference");
        wpm_result r;
        {
            gil_release_if release(release_gil);
            build();
            r = wpm(*dm, weights);
        }
        result["scores"] = array(std::move(r.scores));
        result["log_scores"] = array(std::move(r.log_scores));
        result["ranking"] = array(ranking_vector(r.ranking));
    } else if (method == "vikor") {
        unused(norm_name.has_value(), "normalisation");
        unused(preference_list.has_value(), "preference");
        vikor_parameters p;
        if (v) {
            if (!std::isfinite(*v)) throw invalid_input("adva.json.type", "/method/v", "must be a finite number", detail::number_text(*v));
            p.v = *v;
        }
        echo["v"] = p.v;
        vikor_result r;
        {
            gil_release_if release(release_gil);
            build_view();
            r = vikor(*view, weights, p);
        }
        result["scores"] = array(Eigen::VectorXd(r.Q));
        result["S"] = array(std::move(r.S));
        result["R"] = array(std::move(r.R));
        result["Q"] = array(std::move(r.Q));
        result["ranking"] = array(ranking_vector(r.ranking));
        result["compromise"] = array(ranking_vector(r.compromise));
        result["acceptable_advantage"] = r.acceptable_advantage;
        result["acceptable_stability"] = r.acceptable_stability;
        result["dq"] = r.dq;
    } else if (method == "promethee1" || method == "promethee2") {
        unused(norm_name.has_value(), "normalisation");
        unused(v.has_value(), "v");
        if (!preference_list) throw invalid_input("adva.json.missing_key", "/method/preference", "this key is required (it has no default)", "");
        const Eigen::Index m = rows;
        if (method == "promethee1" && std::size_t(m) > io::max_promethee1_alternatives)
            throw limit_exceeded("adva.limits.promethee1", "/matrix",
                                 "promethee1 lists every pair's relation: at most " + std::to_string(io::max_promethee1_alternatives) +
                                     " alternatives (use promethee2 for larger problems)",
                                 std::to_string(m) + " alternatives");
        auto [prefs, pref_echo] = parse_preferences(*preference_list, cols);
        if (std::size_t(m) > io::max_gaussian_alternatives)
            for (std::size_t j = 0; j < prefs.size(); ++j)
                if (prefs[j].function == preference_function::gaussian)
                    throw limit_exceeded("adva.limits.gaussian", "/method/preference/" + std::to_string(j) + "/function",
                                         "the Gaussian preference function is O(m^2): at most " +
                                             std::to_string(io::max_gaussian_alternatives) + " alternatives",
                                         std::to_string(m) + " alternatives");
        echo["preference"] = pref_echo;
        promethee_result r;
        nb::list outranks, incomparable, indifferent;
        {
            gil_release_if release(release_gil);
            build();
            r = method == "promethee1" ? promethee1(*dm, weights, prefs) : promethee2(*dm, weights, prefs);
        }
        if (method == "promethee1") {
            for (Eigen::Index a = 0; a < m; ++a)
                for (Eigen::Index b = 0; b < m; ++b) {
                    if (a == b) continue;
                    const auto rel = promethee1_relation(r, a, b);
                    if (rel == promethee_relation::outranks) outranks.append(nb::make_tuple(a, b));
                    else if (a < b && rel == promethee_relation::incomparable) incomparable.append(nb::make_tuple(a, b));
                    else if (a < b && rel == promethee_relation::indifferent) indifferent.append(nb::make_tuple(a, b));
                }
            result["outranks"] = outranks;
            result["incomparable"] = incomparable;
            result["indifferent"] = indifferent;
        }
        result["scores"] = array(Eigen::VectorXd(r.phi));
        result["phi_plus"] = array(std::move(r.phi_plus));
        result["phi_minus"] = array(std::move(r.phi_minus));
        result["phi"] = array(std::move(r.phi));
        result["ranking"] = array(ranking_vector(r.ranking));
    } else {
        throw invalid_input("adva.json.unknown_name", "/method/name",
                            "unknown method; one of: wsm, wpm, topsis, vikor, promethee1, promethee2", "\"" + method + "\"");
    }
    result["weights"] = array(std::move(weights));
    result["method"] = echo;
    return result;
}

/// A weighting (the CLI's "weighting" object, as JSON text). Weightings that need no matrix run
/// through io::weights_json (the CLI's own parser); entropy and CRITIC run on the numpy matrix
/// directly. Returns {"weights", "weighting" (echo, defaults filled in), extras such as "cr"}.
nb::dict weighting(const std::string& spec_text, std::optional<matrix_view> x, std::optional<std::vector<std::string>> type_names) {
    const nlohmann::json spec = parse_json_argument(spec_text, "/weighting");
    const std::string name = spec.is_object() && spec.contains("method") && spec["method"].is_string() ? spec["method"].get<std::string>() : "";
    nb::dict out;
    if (name == "entropy" || name == "critic") {
        const std::string where = "/weighting";
        if (!x || !type_names)
            throw invalid_input("adva.json.missing_key", "/matrix", "weighting method \"" + name + "\" needs the decision matrix", "");
        auto choice = [&](const char* key) -> std::optional<std::string> {
            if (!spec.contains(key)) return std::nullopt;
            if (!spec[key].is_string()) throw invalid_input("adva.json.type", where + "/" + key, "must be a string", spec[key].dump());
            return spec[key].get<std::string>();
        };
        nlohmann::json echo{{"method", name}};
        decision_matrix dm(Eigen::MatrixXd(*x), parse_types(*type_names));
        if (name == "entropy") {
            for (auto it = spec.begin(); it != spec.end(); ++it)
                if (it.key() != "method" && it.key() != "normalisation")
                    throw invalid_input("adva.json.unknown_key", where + "/" + it.key(), "unknown key; allowed here: method, normalisation",
                                        "\"" + it.key() + "\"");
            entropy_parameters p;
            if (auto n = choice("normalisation")) p.norm = parse_norm(*n, where + "/normalisation");
            entropy_result r;
            {
                nb::gil_scoped_release release;
                r = entropy_weights(dm, p);
            }
            echo["normalisation"] = to_string(p.norm);
            out["entropy"] = array(std::move(r.entropy));
            out["weights"] = array(std::move(r.weights));
        } else {
            for (auto it = spec.begin(); it != spec.end(); ++it)
                if (it.key() != "method" && it.key() != "normalisation" && it.key() != "invert_costs" && it.key() != "correlation")
                    throw invalid_input("adva.json.unknown_key", where + "/" + it.key(),
                                        "unknown key; allowed here: method, normalisation, invert_costs, correlation", "\"" + it.key() + "\"");
            critic_parameters p;
            if (auto n = choice("normalisation")) p.norm = parse_norm(*n, where + "/normalisation");
            if (spec.contains("invert_costs")) {
                if (!spec["invert_costs"].is_boolean())
                    throw invalid_input("adva.json.type", where + "/invert_costs", "must be true or false", spec["invert_costs"].dump());
                p.invert_costs = spec["invert_costs"].get<bool>();
            }
            if (auto c = choice("correlation")) {
                const auto corr = parse_correlation(*c);
                if (!corr) throw invalid_input("adva.json.unknown_name", where + "/correlation", "unknown name; one of: pearson, spearman", "\"" + *c + "\"");
                p.corr = *corr;
            }
            critic_result r;
            {
                nb::gil_scoped_release release;
                r = critic_weights(dm, p);
            }
            echo["normalisation"] = to_string(p.norm);
            echo["invert_costs"] = p.invert_costs;
            echo["correlation"] = to_string(p.corr);
            out["weights"] = array(std::move(r.weights));
        }
        out["weighting"] = nb::module_::import_("json").attr("loads")(echo.dump());
        return out;
    }
    // Everything else: the CLI's parser. "equal" needs only the criterion count: a 1 x n zero matrix
    // carries it (no other weighting reads the matrix).
    nlohmann::json input{{"weighting", spec}};
    if (name == "equal" && x) {
        input["matrix"] = nlohmann::json::array({nlohmann::json(std::vector<double>(std::size_t(x->cols()), 0.0))});
        input["types"] = nlohmann::json(std::vector<std::string>(std::size_t(x->cols()), "benefit"));
    }
    nlohmann::json r = io::weights_json(input);
    const Eigen::Index got = Eigen::Index(r["weights"].size());
    if (x && got != x->cols())
        throw invalid_input("adva.weights.size_mismatch",
                            name == "direct" || name == "swing" ? "/weighting/values"
                            : name == "ahp"                     ? "/weighting/pairwise"
                                                                : "/weighting/ranking",
                            "one weight per criterion (matrix column) is required",
                            std::to_string(got) + " weights for " + std::to_string(x->cols()) + " criteria");
    return nb::cast<nb::dict>(nb::module_::import_("json").attr("loads")(r.dump()));
}

}  // namespace

void register_methods(nb::module_& m) {
    m.def("evaluate", &evaluate, nb::arg("matrix"), nb::arg("types"), nb::arg("weights"), nb::arg("method"),
          nb::arg("normalisation").none() = nb::none(), nb::arg("v").none() = nb::none(),
          nb::arg("preference").none() = nb::none(), nb::arg("alternatives") = std::vector<std::string>{},
          nb::arg("criteria") = std::vector<std::string>{}, "One aggregation method on a decision matrix.");
    m.def("weighting", &weighting, nb::arg("spec"), nb::arg("matrix").none() = nb::none(), nb::arg("types").none() = nb::none(),
          "One weighting method (the CLI's weighting object as JSON text).");
}

}  // namespace adva::python
