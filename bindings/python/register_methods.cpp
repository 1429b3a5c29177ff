// Decision-matrix mode for Python: the methods of the registry (adva/methods/method_registry.hpp)
// and the weightings of adva::weights called directly on numpy data (the matrix never becomes
// JSON; only the few method options do, to be read by the CLI's own reader). The numpy matrix is
// viewed without a copy; the methods without a row-major kernel take one validated dense copy,
// with the GIL released. Option names, defaults, error ids and JSON pointers are the CLI's
// (src/io/matrix_json.cpp, docs/methods.md), so a Python error reads like the CLI's.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nanobind/eigen/dense.h>
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "adva/io/matrix_json.hpp"
#include "adva/methods/method_registry.hpp"
#include "adva/weights/weights.hpp"
#include "bindings.hpp"

namespace adva::python {

namespace {

using matrix_view = nb::DRef<const Eigen::MatrixXd>;
using vector_view = nb::DRef<const Eigen::VectorXd>;
/// The evaluate() matrix: C-ordered float64 (numpy's default) is taken as is; anything else is
/// converted by nanobind once. The kernels read it in place through decision_matrix_view.
using c_matrix = nb::ndarray<const double, nb::ndim<2>, nb::c_contig, nb::device::cpu>;

/// Criterion j's type: "benefit" or "cost".
objective parse_type(std::string_view name, std::size_t j) {
    if (const auto o = parse_objective(name)) return *o;
    throw invalid_input("adva.json.unknown_name", "/types/" + std::to_string(j), "unknown name; one of: benefit, cost",
                        "\"" + std::string(name) + "\"");
}

std::vector<objective> parse_types(const std::vector<std::string>& types) {
    std::vector<objective> out;
    out.reserve(types.size());
    for (std::size_t j = 0; j < types.size(); ++j) out.push_back(parse_type(types[j], j));
    return out;
}

/// The same from a Python list's str objects, read in place (CPython caches their UTF-8 form: no
/// std::string per criterion). Anything but a str is a TypeError, which the Python layer explains
/// by its checked path.
std::vector<objective> parse_types(const nb::list& types) {
    std::vector<objective> out;
    out.reserve(types.size());
    for (nb::handle item : types) {
        Py_ssize_t size = 0;
        const char* text = PyUnicode_Check(item.ptr()) ? PyUnicode_AsUTF8AndSize(item.ptr(), &size) : nullptr;
        if (text == nullptr) {
            PyErr_Clear();
            throw nb::type_error("types must be str");
        }
        out.push_back(parse_type(std::string_view(text, std::size_t(size)), out.size()));
    }
    return out;
}

normalisation parse_norm(const std::string& s, const std::string& where) {
    if (auto n = parse_normalisation(s)) return *n;
    throw invalid_input("adva.json.unknown_name", where, "unknown name; one of: vector, minmax, max, sum, none", "\"" + s + "\"");
}

/// A result vector as a bytearray that the Python layer views with numpy.frombuffer (writable, no
/// copy there). nanobind's generic ndarray export costs ~10 us per array, more than a 10 x 20 WSM
/// itself; this keeps adva.evaluate's overhead within its budget.
template <class Vector>
nb::object array(const Vector& v) {
    return nb::bytearray(reinterpret_cast<const char*>(v.data()), std::size_t(v.size()) * sizeof(typename Vector::Scalar));
}
nb::object array(const std::vector<int>& v) {
    return nb::bytearray(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(int));
}

/// A result key (an output name of the registry) as a Python str made once: a cached str is
/// neither allocated nor hashed again on each call (a 10 x 20 call builds ~10 keys). The names are
/// the registry's, so the cache stays small.
nb::handle key_text(std::string_view name) {
    static auto* cache = new std::vector<std::pair<std::string, nb::object>>();  // kept to exit, as the module is
    for (const auto& [text, str] : *cache)
        if (text == name) return str;
    return cache->emplace_back(std::string(name), nb::str(name.data(), name.size())).second;
}

/// A method option from Python as JSON, for io::read_method_parameters (the CLI's reader, so every
/// option is checked in one place). The pure-Python layer has already turned numpy scalars and the
/// PROMETHEE shorthands into plain values; what has no JSON form becomes null, which the reader
/// reports as the wrong type (or as an unknown key, checked first).
nlohmann::json option_json(nb::handle v, const std::string& where) {
    if (nb::isinstance<nb::str>(v)) return nb::cast<std::string>(v);
    if (nb::isinstance<nb::bool_>(v)) return nb::cast<bool>(v);
    if (nb::isinstance<nb::float_>(v) || nb::isinstance<nb::int_>(v)) {
        const double d = nb::cast<double>(v);
        if (!std::isfinite(d)) throw invalid_input("adva.json.type", where, "must be a finite number", detail::number_text(d));
        return d;
    }
    if (nb::isinstance<nb::list>(v) || nb::isinstance<nb::tuple>(v)) {
        nlohmann::json a = nlohmann::json::array();
        std::size_t j = 0;
        for (nb::handle item : v) a.push_back(option_json(item, where + "/" + std::to_string(j++)));
        return a;
    }
    if (nb::isinstance<nb::dict>(v)) {
        nlohmann::json o = nlohmann::json::object();
        for (auto item : nb::borrow<nb::dict>(v)) {
            const std::string key = nb::cast<std::string>(nb::str(item.first));
            o[key] = option_json(item.second, where + "/" + key);
        }
        return o;
    }
    return nullptr;
}

/// The echo of the options used (small JSON) as Python values.
nb::object python_value(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::object: {
            nb::dict d;
            for (auto it = j.begin(); it != j.end(); ++it) d[it.key().c_str()] = python_value(it.value());
            return d;
        }
        case nlohmann::json::value_t::array: {
            nb::list l;
            for (const auto& e : j) l.append(python_value(e));
            return l;
        }
        case nlohmann::json::value_t::string: return nb::str(j.get_ref<const std::string&>().c_str());
        case nlohmann::json::value_t::boolean: return nb::bool_(j.get<bool>());
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned: return nb::int_(j.get<long long>());
        case nlohmann::json::value_t::number_float: return nb::float_(j.get<double>());
        default: return nb::none();
    }
}

/// Runs `method` (a registry entry) on the matrix with normalised weights `w`; the CLI's output
/// keys, vectors as bytearrays (see array()).
/// The echo of a method's defaults ({"name", every parameter}) as a Python dict, made once per
/// method: a call without options copies it (its values are str and float) instead of building it.
nb::handle default_echo(const method_descriptor& method, Eigen::Index rows, Eigen::Index cols) {
    static auto* cache = new std::vector<std::pair<const method_descriptor*, nb::object>>();  // kept to exit, as the module is
    for (const auto& [d, echo] : *cache)
        if (d == &method) return echo;
    nlohmann::json echo;
    (void)io::read_method_parameters(method, nlohmann::json::object(), rows, cols, echo);
    return cache->emplace_back(&method, python_value(echo)).second;
}

/// Whether every parameter of the method has a default that does not depend on the matrix.
bool flat_defaults(const method_descriptor& method) {
    return std::none_of(method.parameters.begin(), method.parameters.end(),
                        [](const parameter_spec& s) { return s.type == parameter_type::preferences; });
}

nb::dict evaluate(c_matrix x, const nb::typed<nb::list, nb::str>& type_names, vector_view w, const std::string& method_name, nb::dict options,
                  std::vector<std::string> alternatives, std::vector<std::string> criteria) {
    std::vector<objective> types = parse_types(type_names);
    const method_descriptor& method = find_method(method_name);
    const Eigen::Index rows = Eigen::Index(x.shape(0)), cols = Eigen::Index(x.shape(1));
    // No options (the common call) reads a shared empty object: an object of its own allocates.
    static const nlohmann::json no_options = nlohmann::json::object();
    nlohmann::json given;
    for (auto item : options) {
        if (given.is_null()) given = nlohmann::json::object();
        const std::string key = nb::cast<std::string>(nb::str(item.first));
        given[key] = option_json(item.second, "/method/" + key);
    }
    // Without options the echo is the method's defaults: checked and read without building it.
    const nlohmann::json& given_or_none = given.is_null() ? no_options : given;
    const bool defaults = given.is_null() && flat_defaults(method);
    nlohmann::json echo;
    const method_parameters params = defaults ? io::read_method_parameters(method, no_options, rows, cols)
                                              : io::read_method_parameters(method, given_or_none, rows, cols, echo);
    // Read in place (the caller's array outlives this call): the registry gives the methods without
    // a row-major kernel the owning, checked column-major copy they take. Large inputs release the
    // GIL; for small ones the release/re-acquire costs more than it frees.
    Eigen::VectorXd weights;
    method_output out;
    {
        gil_release_if release(rows * cols >= 4096);
        const decision_matrix_view view(x.data(), rows, cols, std::move(types), std::move(alternatives), std::move(criteria));
        weights = w;
        out = run_method(method, method_input(view), weights, params);
    }
    nb::dict result;
    for (auto& f : out.fields) {
        const nb::handle key = key_text(f.name);
        if (auto* v = std::get_if<Eigen::VectorXd>(&f.value)) result[key] = array(*v);
        else if (auto* i = std::get_if<std::vector<int>>(&f.value)) result[key] = array(*i);
        else if (auto* d = std::get_if<double>(&f.value)) result[key] = *d;
        else if (auto* b = std::get_if<bool>(&f.value)) result[key] = *b;
        else {
            nb::list pairs;
            for (const auto& pr : std::get<index_pairs>(f.value)) pairs.append(nb::make_tuple(pr[0], pr[1]));
            result[key] = pairs;
        }
    }
    result[key_text("weights")] = array(weights);
    result[key_text("method")] = defaults ? nb::steal(PyDict_Copy(default_echo(method, rows, cols).ptr())) : python_value(echo);
    return result;
}

/// The registry as Python sees it: {method: {"options": {name: type}, "integers": (output names
/// that are integer vectors)}}, so the pure-Python layer converts options and outputs by type
/// and never lists methods itself.
nb::dict methods() {
    nb::dict out;
    for (const auto& d : method_registry()) {
        nb::dict options;
        for (const auto& s : d.parameters)
            options[std::string(s.name).c_str()] = s.type == parameter_type::name ? "name"
                                                   : s.type == parameter_type::number ? "number"
                                                                                      : "preferences";
        nb::list integers;
        for (const auto& f : d.outputs)
            if (f.type == field_type::integers) integers.append(nb::str(std::string(f.name).c_str()));
        nb::dict entry;
        entry["options"] = options;
        entry["integers"] = integers;
        out[std::string(d.name).c_str()] = entry;
    }
    return out;
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
    m.def("evaluate", &evaluate, nb::arg("matrix"), nb::arg("types"), nb::arg("weights"), nb::arg("method"), nb::arg("options"),
          nb::arg("alternatives") = std::vector<std::string>{}, nb::arg("criteria") = std::vector<std::string>{},
          "One aggregation method of the registry on a decision matrix; options as the CLI's \"method\" object.");
    m.def("methods", &methods, "The method registry: each method's options (name -> type) and integer outputs.");
    m.def("weighting", &weighting, nb::arg("spec"), nb::arg("matrix").none() = nb::none(), nb::arg("types").none() = nb::none(),
          "One weighting method (the CLI's weighting object as JSON text).");
}

}  // namespace adva::python
