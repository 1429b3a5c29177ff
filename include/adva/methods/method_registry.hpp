#pragma once
// The one table of the aggregation methods on a plain decision matrix: for each method its name,
// its parameters (type, default, accepted names), the kernel call and the output fields it
// produces. `adva evaluate` (src/io/matrix_json.cpp) and Python's adva.evaluate
// (bindings/python/register_methods.cpp) read parameters with io::read_method and run
// run_method(); neither knows a method by name. Adding a method is one entry in
// method_registry() below plus its kernel (docs/methods.md).
//
// Header-only and free of JSON: a parameter's value arrives already typed (method_parameters);
// reading and checking it from the caller's document is io::read_method (adva::io), which
// follows the specs here.
#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <Eigen/Dense>

#include "adva/error.hpp"
#include "adva/methods/methods.hpp"

namespace adva {

/// PROMETHEE I lists every pair's relation (O(m^2) output).
inline constexpr std::size_t max_promethee1_alternatives = 2'000;
/// The Gaussian preference function is O(m^2) per criterion.
inline constexpr std::size_t max_gaussian_alternatives = 50'000;

/// What a parameter holds: one name out of `allowed`, a finite number, or one PROMETHEE preference
/// function per criterion.
enum class parameter_type { name, number, preferences };

struct parameter_spec {
    std::string_view name;
    parameter_type type = parameter_type::name;
    std::vector<std::string_view> allowed;  ///< name: the accepted names
    std::string_view default_name;          ///< name: the default
    double default_number = 0;              ///< number: the default
    bool required = false;                  ///< no default (preferences)
};

/// Parameter values, one per spec and in spec order, every default filled in.
struct method_parameters {
    struct value {
        std::string_view name;               ///< name: points into the spec's `allowed`
        double number = 0;
        std::vector<preference> preferences;
    };
    std::vector<value> values;
    const value& operator[](std::size_t i) const { return values[i]; }
};

/// The kind of an output field (how the CLI and Python write it).
enum class field_type { reals, integers, real, flag, pairs };

struct field_spec {
    std::string_view name;
    field_type type = field_type::reals;
};

/// (a, b) index pairs: PROMETHEE I's relations.
using index_pairs = std::vector<std::array<Eigen::Index, 2>>;
/// Alternatives in the order of field_type.
using field_value = std::variant<Eigen::VectorXd, std::vector<int>, double, bool, index_pairs>;

struct output_field {
    std::string_view name;
    field_value value;
};

/// A method's outputs, in the order of its descriptor's `outputs`; "scores" (higher is better)
/// and "ranking" (1-based) are always among them.
struct method_output {
    std::vector<output_field> fields;
    /// The field called `name` (std::out_of_range if the method has none).
    const field_value& at(std::string_view name) const {
        for (const auto& f : fields)
            if (f.name == name) return f.value;
        throw std::out_of_range("no output field " + std::string(name));
    }
};

/// The matrix a method runs on: a validated column-major decision_matrix (the CLI) or a view of
/// caller-owned row-major data (numpy), which the methods without a row-major kernel copy once.
class method_input {
public:
    explicit method_input(const decision_matrix& dm) : dense_(&dm) {}
    explicit method_input(const decision_matrix_view& view) : view_(&view) {}
    Eigen::Index alternative_count() const { return dense_ ? dense_->alternative_count() : view_->alternative_count(); }
    Eigen::Index criterion_count() const { return dense_ ? dense_->criterion_count() : view_->criterion_count(); }
    /// Calls f with the data as given (decision_matrix or decision_matrix_view).
    template <class F>
    decltype(auto) visit(F&& f) const {
        return dense_ ? f(*dense_) : f(*view_);
    }
    /// Calls f with a decision_matrix (a copy of a view).
    template <class F>
    decltype(auto) dense(F&& f) const {
        if (dense_) return f(*dense_);
        return f(view_->to_matrix());
    }

private:
    const decision_matrix* dense_ = nullptr;
    const decision_matrix_view* view_ = nullptr;
};

struct method_descriptor {
    std::string_view name;
    std::vector<parameter_spec> parameters;
    std::vector<field_spec> outputs;
    /// More alternatives than this are refused before any parameter is read (0: no bound).
    std::size_t max_alternatives = 0;
    /// Its error: id, why (before "at most N alternatives") and what to do instead (after it).
    std::string_view max_alternatives_id, max_alternatives_why, max_alternatives_hint;
    /// Checks that need parameters and the matrix's size together (nullptr: none).
    void (*check)(const method_parameters&, Eigen::Index alternatives) = nullptr;
    /// The kernel call; weights already checked (sum 1, one per criterion).
    method_output (*run)(const method_input&, const Eigen::VectorXd& weights, const method_parameters&) = nullptr;

    /// The position of parameter `key`, if this method has it.
    std::optional<std::size_t> parameter_index(std::string_view key) const {
        for (std::size_t i = 0; i < parameters.size(); ++i)
            if (parameters[i].name == key) return i;
        return std::nullopt;
    }
};

namespace detail {

inline normalisation norm_of(const method_parameters::value& v) { return *parse_normalisation(v.name); }

inline parameter_spec normalisation_spec(std::string_view default_name, std::vector<std::string_view> allowed = {
                                                                              "vector", "minmax", "max", "sum", "none"}) {
    return {.name = "normalisation", .type = parameter_type::name, .allowed = std::move(allowed), .default_name = default_name};
}

inline method_output wsm_entry(const method_input& in, const Eigen::VectorXd& w, const method_parameters& p) {
    wsm_result r = in.visit([&](const auto& dm) { return wsm(dm, w, {norm_of(p[0])}); });
    method_output o;
    o.fields.reserve(2);
    o.fields.push_back({"scores", std::move(r.scores)});
    o.fields.push_back({"ranking", std::move(r.ranking)});
    return o;
}

inline method_output wpm_entry(const method_input& in, const Eigen::VectorXd& w, const method_parameters& p) {
    wpm_result r = in.dense([&](const decision_matrix& dm) { return wpm(dm, w, {norm_of(p[0])}); });
    method_output o;
    o.fields.reserve(3);
    o.fields.push_back({"scores", std::move(r.scores)});
    o.fields.push_back({"log_scores", std::move(r.log_scores)});
    o.fields.push_back({"ranking", std::move(r.ranking)});
    return o;
}

inline method_output topsis_entry(const method_input& in, const Eigen::VectorXd& w, const method_parameters& p) {
    topsis_result r = in.visit([&](const auto& dm) { return topsis(dm, w, {norm_of(p[0])}); });
    method_output o;
    o.fields.reserve(5);
    o.fields.push_back({"scores", Eigen::VectorXd(r.closeness)});
    o.fields.push_back({"closeness", std::move(r.closeness)});
    o.fields.push_back({"distance_to_ideal", std::move(r.distance_to_ideal)});
    o.fields.push_back({"distance_to_anti_ideal", std::move(r.distance_to_anti_ideal)});
    o.fields.push_back({"ranking", std::move(r.ranking)});
    return o;
}

inline method_output vikor_entry(const method_input& in, const Eigen::VectorXd& w, const method_parameters& p) {
    vikor_result r = in.visit([&](const auto& dm) { return vikor(dm, w, {p[0].number}); });
    method_output o;
    o.fields.reserve(9);
    o.fields.push_back({"scores", Eigen::VectorXd(r.Q)});
    o.fields.push_back({"S", std::move(r.S)});
    o.fields.push_back({"R", std::move(r.R)});
    o.fields.push_back({"Q", std::move(r.Q)});
    o.fields.push_back({"ranking", std::move(r.ranking)});
    o.fields.push_back({"compromise", std::move(r.compromise)});
    o.fields.push_back({"acceptable_advantage", r.acceptable_advantage});
    o.fields.push_back({"acceptable_stability", r.acceptable_stability});
    o.fields.push_back({"dq", r.dq});
    return o;
}

inline void check_gaussian(const method_parameters& p, Eigen::Index alternatives) {
    if (std::size_t(alternatives) <= max_gaussian_alternatives) return;
    const auto& prefs = p[0].preferences;
    for (std::size_t j = 0; j < prefs.size(); ++j)
        if (prefs[j].function == preference_function::gaussian)
            throw limit_exceeded("adva.limits.gaussian", "/method/preference/" + std::to_string(j) + "/function",
                                 "the Gaussian preference function is O(m^2): at most " + std::to_string(max_gaussian_alternatives) +
                                     " alternatives",
                                 std::to_string(alternatives) + " alternatives");
}

template <bool first>
method_output promethee_entry(const method_input& in, const Eigen::VectorXd& w, const method_parameters& p) {
    promethee_result r = in.dense([&](const decision_matrix& dm) {
        return first ? promethee1(dm, w, p[0].preferences) : promethee2(dm, w, p[0].preferences);
    });
    // PROMETHEE I's relations read the flows: listed before the flows move into the output.
    index_pairs outranks, incomparable, indifferent;
    if constexpr (first) {
        const Eigen::Index m = in.alternative_count();
        for (Eigen::Index a = 0; a < m; ++a)
            for (Eigen::Index b = 0; b < m; ++b) {
                if (a == b) continue;
                const auto rel = promethee1_relation(r, a, b);
                if (rel == promethee_relation::outranks) outranks.push_back({a, b});
                else if (a < b && rel == promethee_relation::incomparable) incomparable.push_back({a, b});
                else if (a < b && rel == promethee_relation::indifferent) indifferent.push_back({a, b});
            }
    }
    method_output o;
    o.fields.reserve(8);
    o.fields.push_back({"scores", Eigen::VectorXd(r.phi)});
    o.fields.push_back({"phi_plus", std::move(r.phi_plus)});
    o.fields.push_back({"phi_minus", std::move(r.phi_minus)});
    o.fields.push_back({"phi", std::move(r.phi)});
    o.fields.push_back({"ranking", std::move(r.ranking)});
    if constexpr (first) {
        o.fields.push_back({"outranks", std::move(outranks)});
        o.fields.push_back({"incomparable", std::move(incomparable)});
        o.fields.push_back({"indifferent", std::move(indifferent)});
    }
    return o;
}

inline std::vector<field_spec> promethee_outputs(bool first) {
    std::vector<field_spec> out{{"scores"}, {"phi_plus"}, {"phi_minus"}, {"phi"}, {"ranking", field_type::integers}};
    if (first)
        for (std::string_view k : {"outranks", "incomparable", "indifferent"}) out.push_back({k, field_type::pairs});
    return out;
}

inline parameter_spec preference_spec() {
    return {.name = "preference", .type = parameter_type::preferences, .required = true};
}

}  // namespace detail

/// Every method, in the order documented in docs/methods.md.
inline const std::vector<method_descriptor>& method_registry() {
    using detail::normalisation_spec;
    static const std::vector<method_descriptor> table = [] {
        std::vector<method_descriptor> t;
        t.push_back({.name = "wsm",
                     .parameters = {normalisation_spec(to_string(wsm_parameters{}.norm))},
                     .outputs = {{"scores"}, {"ranking", field_type::integers}},
                     .run = detail::wsm_entry});
        // minmax and max map a column's worst value to 0, and one zero factor makes the product 0
        // whatever the other criteria say: WPM takes the normalisations that keep values positive.
        t.push_back({.name = "wpm",
                     .parameters = {normalisation_spec(to_string(wpm_parameters{}.norm), {"none", "sum", "vector"})},
                     .outputs = {{"scores"}, {"log_scores"}, {"ranking", field_type::integers}},
                     .run = detail::wpm_entry});
        t.push_back({.name = "topsis",
                     .parameters = {normalisation_spec(to_string(topsis_parameters{}.norm))},
                     .outputs = {{"scores"}, {"closeness"}, {"distance_to_ideal"}, {"distance_to_anti_ideal"}, {"ranking", field_type::integers}},
                     .run = detail::topsis_entry});
        t.push_back({.name = "vikor",
                     .parameters = {{.name = "v", .type = parameter_type::number, .default_number = vikor_parameters{}.v}},
                     .outputs = {{"scores"},
                                 {"S"},
                                 {"R"},
                                 {"Q"},
                                 {"ranking", field_type::integers},
                                 {"compromise", field_type::integers},
                                 {"acceptable_advantage", field_type::flag},
                                 {"acceptable_stability", field_type::flag},
                                 {"dq", field_type::real}},
                     .run = detail::vikor_entry});
        t.push_back({.name = "promethee1",
                     .parameters = {detail::preference_spec()},
                     .outputs = detail::promethee_outputs(true),
                     .max_alternatives = max_promethee1_alternatives,
                     .max_alternatives_id = "adva.limits.promethee1",
                     .max_alternatives_why = "promethee1 lists every pair's relation",
                     .max_alternatives_hint = " (use promethee2 for larger problems)",
                     .check = detail::check_gaussian,
                     .run = detail::promethee_entry<true>});
        t.push_back({.name = "promethee2",
                     .parameters = {detail::preference_spec()},
                     .outputs = detail::promethee_outputs(false),
                     .check = detail::check_gaussian,
                     .run = detail::promethee_entry<false>});
        return t;
    }();
    return table;
}

/// The method called `name`; adva.json.unknown_name at /method/name (listing every method) if none.
inline const method_descriptor& find_method(std::string_view name) {
    for (const auto& d : method_registry())
        if (d.name == name) return d;
    std::string list;
    for (const auto& d : method_registry()) list += (list.empty() ? "" : ", ") + std::string(d.name);
    throw invalid_input("adva.json.unknown_name", "/method/name", "unknown method; one of: " + list, "\"" + std::string(name) + "\"");
}

/// The bound on the number of alternatives, checked before any parameter is read.
inline void check_alternatives(const method_descriptor& d, Eigen::Index alternatives) {
    if (d.max_alternatives != 0 && std::size_t(alternatives) > d.max_alternatives)
        throw limit_exceeded(std::string(d.max_alternatives_id), "/matrix",
                             std::string(d.max_alternatives_why) + ": at most " + std::to_string(d.max_alternatives) + " alternatives" +
                                 std::string(d.max_alternatives_hint),
                             std::to_string(alternatives) + " alternatives");
}

/// Runs method `d` with parameters read by io::read_method (or built from its specs).
inline method_output run_method(const method_descriptor& d, const method_input& in, const Eigen::VectorXd& weights,
                                const method_parameters& p) {
    detail::check_weights(weights, in.criterion_count());
    return d.run(in, weights, p);
}

/// The parameters of `d` with every default (for callers that set values in code).
inline method_parameters default_parameters(const method_descriptor& d) {
    method_parameters p;
    for (const auto& s : d.parameters) {
        method_parameters::value v;
        v.name = s.default_name;
        v.number = s.default_number;
        p.values.push_back(std::move(v));
    }
    return p;
}

}  // namespace adva
