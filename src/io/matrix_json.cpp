// Decision-matrix mode: parse and validate the JSON input once, run the kernels, write the result
// with every default filled in so that any output can be reproduced from its own echo.
#include "adva/io/matrix_json.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <Eigen/Dense>

#include "adva/error.hpp"
#include "json_reading.hpp"
#include "adva/methods/methods.hpp"
#include "adva/weights/weights.hpp"

namespace adva::io {
namespace {

using json = nlohmann::json;

using detail::child;

[[noreturn]] void fail(const std::string& id, const std::string& where, const std::string& rule, const json& seen) {
    throw invalid_input(id, where, rule, detail::seen_value(seen));
}

void require_object(const json& v, const std::string& where) {
    if (!v.is_object()) detail::type_error(where, "an object", v);
}

using detail::check_keys;

const json& required(const json& obj, std::string_view key, const std::string& where) {
    return detail::required(obj, where, key);
}

constexpr auto number = detail::as_number;
constexpr auto boolean = detail::as_bool;
constexpr auto string = detail::as_string;
constexpr auto array = detail::as_array;

template <class E>
E name_choice(const json& v, const std::string& where, std::optional<E> (*parse)(std::string_view),
              std::initializer_list<std::string_view> names) {
    const std::string s = string(v, where);
    if (auto e = parse(s)) return *e;
    detail::as_name(v, where, names);  // throws adva.json.unknown_name listing the names
    throw invalid_input("adva.json.unknown_name", where, "unknown name", detail::seen_value(v));
}

Eigen::VectorXd number_vector(const json& v, const std::string& where) {
    array(v, where);
    Eigen::VectorXd out(static_cast<Eigen::Index>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) out[Eigen::Index(i)] = number(v[i], child(where, i));
    return out;
}

/// A rectangular array of arrays of finite numbers, bounded in size.
Eigen::MatrixXd number_matrix(const json& v, const std::string& where, std::size_t max_rows, std::size_t max_cols) {
    array(v, where);
    if (v.empty()) fail("adva.methods.no_alternatives", where, "must have at least one row", v);
    if (v.size() > max_rows)
        throw limit_exceeded("adva.limits.rows", where, "at most " + std::to_string(max_rows) + " rows are accepted",
                             std::to_string(v.size()) + " rows");
    const auto& first = array(v[0], child(where, std::size_t{0}));
    const std::size_t cols = first.size();
    if (cols == 0) fail("adva.methods.no_criteria", child(where, std::size_t{0}), "must have at least one column", first);
    if (cols > max_cols)
        throw limit_exceeded("adva.limits.columns", where, "at most " + std::to_string(max_cols) + " columns are accepted",
                             std::to_string(cols) + " columns");
    if (v.size() * cols > max_matrix_cells)
        throw limit_exceeded("adva.limits.cells", where, "at most " + std::to_string(max_matrix_cells) + " values are accepted",
                             std::to_string(v.size() * cols) + " values");
    Eigen::MatrixXd m(static_cast<Eigen::Index>(v.size()), static_cast<Eigen::Index>(cols));
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string row_where = child(where, i);
        const auto& row = array(v[i], row_where);
        if (row.size() != cols)
            fail("adva.methods.ragged_matrix", row_where,
                 "every row must have " + std::to_string(cols) + " values (as row 0 has)", json(row.size()));
        for (std::size_t j = 0; j < cols; ++j) m(Eigen::Index(i), Eigen::Index(j)) = number(row[j], child(row_where, j));
    }
    return m;
}

std::vector<std::string> labels(const json& input, std::string_view key) {
    std::vector<std::string> out;
    const auto it = input.find(key);
    if (it == input.end()) return out;
    const std::string where = "/" + std::string(key);
    array(*it, where);
    for (std::size_t i = 0; i < it->size(); ++i) out.push_back(string((*it)[i], child(where, i)));
    return out;
}

std::optional<decision_matrix> read_matrix(const json& input, bool required_here) {
    if (!input.contains("matrix")) {
        if (required_here) required(input, "matrix", "");
        for (const char* k : {"types", "alternatives", "criteria"})
            if (input.contains(k)) throw invalid_input("adva.json.missing_key", "/matrix", std::string("\"") + k + "\" needs a matrix", "");
        return std::nullopt;
    }
    Eigen::MatrixXd values = number_matrix(input["matrix"], "/matrix", max_alternatives, max_criteria);
    const json& types_json = array(required(input, "types", ""), "/types");
    std::vector<objective> types;
    for (std::size_t j = 0; j < types_json.size(); ++j)
        types.push_back(name_choice<objective>(types_json[j], child("/types", j), parse_objective, {"benefit", "cost"}));
    return decision_matrix(std::move(values), std::move(types), labels(input, "alternatives"), labels(input, "criteria"));
}

json to_json(const Eigen::VectorXd& v) {
    json a = json::array();
    for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(v[i]);
    return a;
}
json to_json(const Eigen::MatrixXd& m) {
    json a = json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) a.push_back(to_json(Eigen::VectorXd(m.row(i).transpose())));
    return a;
}

void require_size(Eigen::Index got, Eigen::Index n, const std::string& where, const char* what) {
    if (got != n)
        throw invalid_input("adva.weights.size_mismatch", where, std::string("one ") + what + " per criterion is required",
                            std::to_string(got) + " for " + std::to_string(n) + " criteria");
}

// ---- weighting ------------------------------------------------------------------------------

struct weighting_outcome {
    Eigen::VectorXd weights;
    json echo;    ///< the weighting actually used, every default filled in
    json extra;   ///< method-specific outputs (lambda_max, ci, cr, ...)
};

void put_ahp_stats(json& extra, const ahp_result& r) {
    extra["lambda_max"] = r.lambda_max;
    extra["ci"] = r.ci;
    extra["cr"] = r.cr;
    extra["ri"] = r.ri;
}

weighting_outcome run_weighting(const json& w, const std::optional<decision_matrix>& dm) {
    const std::string where = "/weighting";
    require_object(w, where);
    static const std::initializer_list<std::string_view> method_names = {
        "equal", "direct", "swing", "roc", "rank_sum", "reciprocal", "entropy", "critic", "ahp"};
    const std::string name = string(required(w, "method", where), child(where, "method"));
    if (std::find(method_names.begin(), method_names.end(), name) == method_names.end()) {
        std::string list;
        for (auto n : method_names) list += (list.empty() ? "" : ", ") + std::string(n);
        throw invalid_input("adva.json.unknown_name", child(where, "method"), "unknown weighting method; one of: " + list,
                            "\"" + name + "\"");
    }
    std::optional<Eigen::Index> n;  // the criterion count, when a matrix is given
    if (dm) n = dm->criterion_count();
    auto need_matrix = [&]() -> const decision_matrix& {
        if (!dm) throw invalid_input("adva.json.missing_key", "/matrix", "weighting method \"" + name + "\" needs the decision matrix", "");
        return *dm;
    };
    weighting_outcome out;
    out.echo = json::object();
    out.echo["method"] = name;
    out.extra = json::object();

    if (name == "equal") {
        check_keys(w, where, {"method"});
        out.weights = equal_weights(need_matrix().criterion_count()).weights;
    } else if (name == "direct" || name == "swing") {
        check_keys(w, where, {"method", "values"});
        const Eigen::VectorXd raw = number_vector(required(w, "values", where), child(where, "values"));
        if (n) require_size(raw.size(), *n, child(where, "values"), "value");
        out.weights = name == "direct" ? direct_weights(raw).weights : swing_weights(raw).weights;
        out.echo["values"] = to_json(raw);
    } else if (name == "roc" || name == "rank_sum" || name == "reciprocal") {
        check_keys(w, where, {"method", "ranking"});
        const std::string rw = child(where, "ranking");
        const json& rj = array(required(w, "ranking", where), rw);
        std::vector<int> ranks;
        for (std::size_t j = 0; j < rj.size(); ++j) {
            const json& r = rj[j];
            if (!r.is_number_integer() || r.get<long long>() < 1 || r.get<long long>() > 1'000'000)
                fail("adva.weights.invalid_ranking", child(rw, j), "ranks must be integers >= 1 (1 = most important)", r);
            ranks.push_back(static_cast<int>(r.get<long long>()));
        }
        if (n) require_size(Eigen::Index(ranks.size()), *n, rw, "rank");
        out.weights = surrogate_weights(ranks, *parse_surrogate_method(name), rw).weights;
        out.echo["ranking"] = rj;
        out.echo["ties"] = "average";
    } else if (name == "entropy") {
        check_keys(w, where, {"method", "normalisation"});
        entropy_parameters p;
        if (w.contains("normalisation"))
            p.norm = name_choice<normalisation>(w["normalisation"], child(where, "normalisation"), parse_normalisation,
                                                {"vector", "minmax", "max", "sum", "none"});
        const auto r = entropy_weights(need_matrix(), p);
        out.weights = r.weights;
        out.echo["normalisation"] = to_string(p.norm);
        out.extra["entropy"] = to_json(r.entropy);
    } else if (name == "critic") {
        check_keys(w, where, {"method", "normalisation", "invert_costs", "correlation"});
        critic_parameters p;
        if (w.contains("normalisation"))
            p.norm = name_choice<normalisation>(w["normalisation"], child(where, "normalisation"), parse_normalisation,
                                                {"vector", "minmax", "max", "sum", "none"});
        if (w.contains("invert_costs")) p.invert_costs = boolean(w["invert_costs"], child(where, "invert_costs"));
        if (w.contains("correlation"))
            p.corr = name_choice<correlation>(w["correlation"], child(where, "correlation"), parse_correlation, {"pearson", "spearman"});
        const auto r = critic_weights(need_matrix(), p);
        out.weights = r.weights;
        out.echo["normalisation"] = to_string(p.norm);
        out.echo["invert_costs"] = p.invert_costs;
        out.echo["correlation"] = to_string(p.corr);
    } else {  // ahp
        check_keys(w, where, {"method", "pairwise", "priority", "random_index", "aggregation", "judge_weights"});
        ahp_parameters p;
        if (w.contains("priority"))
            p.priority = name_choice<ahp_priority>(w["priority"], child(where, "priority"), parse_ahp_priority,
                                                   {"eigenvector", "geometric_mean", "column_mean"});
        if (w.contains("random_index"))
            p.random_index = name_choice<random_index_table>(w["random_index"], child(where, "random_index"), parse_random_index_table,
                                                             {"saaty", "saaty_2005", "alonso_lamata", "donegan_dodd"});
        const std::string pw = child(where, "pairwise");
        const json& pj = array(required(w, "pairwise", where), pw);
        const bool group = !pj.empty() && pj[0].is_array() && !pj[0].empty() && pj[0][0].is_array();
        out.echo["priority"] = to_string(p.priority);
        out.echo["random_index"] = to_string(p.random_index);
        auto max_n = static_cast<std::size_t>(random_index_max_n);
        if (!group) {
            if (w.contains("aggregation") || w.contains("judge_weights"))
                throw invalid_input("adva.json.unknown_key", child(where, w.contains("aggregation") ? "aggregation" : "judge_weights"),
                                    "only meaningful for a group: pairwise given as a list of matrices", "");
            const Eigen::MatrixXd a = number_matrix(pj, pw, max_n, max_n);
            if (n) require_size(a.rows(), *n, pw, "row of comparisons");
            const auto r = ahp(a, p, pw);
            out.weights = r.weights;
            put_ahp_stats(out.extra, r);
        } else {
            if (pj.size() > max_ahp_judges)
                throw limit_exceeded("adva.limits.judges", pw, "at most " + std::to_string(max_ahp_judges) + " judges are accepted",
                                     std::to_string(pj.size()));
            std::string aggregation = "judgements";
            if (w.contains("aggregation")) {
                aggregation = string(w["aggregation"], child(where, "aggregation"));
                if (aggregation != "judgements" && aggregation != "priorities")
                    fail("adva.json.unknown_name", child(where, "aggregation"), "unknown name (one of: judgements, priorities)", w["aggregation"]);
            }
            std::vector<double> judge_weight;
            if (w.contains("judge_weights")) {
                const Eigen::VectorXd jw = number_vector(w["judge_weights"], child(where, "judge_weights"));
                judge_weight.assign(jw.data(), jw.data() + jw.size());
            }
            std::vector<Eigen::MatrixXd> judges;
            for (std::size_t k = 0; k < pj.size(); ++k) {
                judges.push_back(number_matrix(pj[k], child(pw, k), max_n, max_n));
                if (n) require_size(judges.back().rows(), *n, child(pw, k), "row of comparisons");
            }
            out.echo["aggregation"] = aggregation;
            if (!judge_weight.empty()) out.echo["judge_weights"] = judge_weight;
            if (aggregation == "judgements") {
                const Eigen::MatrixXd g = aggregate_judgements(judges, judge_weight);
                const auto r = ahp(g, p, pw);
                out.weights = r.weights;
                put_ahp_stats(out.extra, r);
                out.extra["aggregated_pairwise"] = to_json(g);
            } else {
                std::vector<Eigen::VectorXd> prios;
                json lm = json::array(), ci = json::array(), cr = json::array();
                for (std::size_t k = 0; k < judges.size(); ++k) {
                    const auto r = ahp(judges[k], p, child(pw, k));
                    prios.push_back(r.weights);
                    lm.push_back(r.lambda_max);
                    ci.push_back(r.ci);
                    cr.push_back(r.cr);
                }
                out.weights = aggregate_priorities(prios, judge_weight);
                out.extra["lambda_max"] = lm;  // one per judge: AIP keeps each judge's own matrix
                out.extra["ci"] = ci;
                out.extra["cr"] = cr;
            }
        }
    }
    return out;
}

// ---- methods --------------------------------------------------------------------------------

std::vector<preference> read_preferences(const json& list, const std::string& where, Eigen::Index n, json& echo) {
    array(list, where);
    require_size(Eigen::Index(list.size()), n, where, "preference function");
    std::vector<preference> prefs;
    echo = json::array();
    for (std::size_t j = 0; j < list.size(); ++j) {
        const std::string at = child(where, j);
        const json& e = list[j];
        require_object(e, at);
        preference pr;
        pr.function = name_choice<preference_function>(required(e, "function", at), child(at, "function"), parse_preference_function,
                                                       {"usual", "u_shape", "v_shape", "level", "linear", "gaussian"});
        json out{{"function", to_string(pr.function)}};
        // Thresholds a function does not use are rejected rather than ignored: their presence
        // means the user believes they matter.
        for (auto it = e.begin(); it != e.end(); ++it) {
            const std::string& k = it.key();
            const bool used = k == "function" || (k == "q" && needs_q(pr.function)) || (k == "p" && needs_p(pr.function)) ||
                              (k == "s" && needs_s(pr.function));
            if (!used)
                throw invalid_input("adva.json.unknown_key", child(at, k),
                                    "not a parameter of the " + std::string(to_string(pr.function)) + " preference function", "\"" + k + "\"");
        }
        if (needs_q(pr.function)) out["q"] = pr.q = number(required(e, "q", at), child(at, "q"));
        if (needs_p(pr.function)) out["p"] = pr.p = number(required(e, "p", at), child(at, "p"));
        if (needs_s(pr.function)) out["s"] = pr.s = number(required(e, "s", at), child(at, "s"));
        prefs.push_back(pr);
        echo.push_back(out);
    }
    adva::detail::check_preferences(prefs, n, where);
    return prefs;
}
}  // namespace

const method_descriptor& read_method_name(const nlohmann::json& mj) {
    require_object(mj, "/method");
    return find_method(string(required(mj, "name", "/method"), "/method/name"));
}

namespace {
/// Both overloads: `echo` may be null (not wanted).
method_parameters read_parameters(const method_descriptor& d, const nlohmann::json& mj, Eigen::Index m, Eigen::Index n,
                                  nlohmann::json* echo) {
    require_object(mj, "/method");
    for (auto it = mj.begin(); it != mj.end(); ++it)
        if (it.key() != "name" && !d.parameter_index(it.key())) {  // the list only for the error: a Python call costs microseconds
            std::vector<std::string_view> allowed{"name"};
            for (const auto& s : d.parameters) allowed.push_back(s.name);
            check_keys(mj, "/method", allowed);
        }
    check_alternatives(d, m);
    if (echo) *echo = json::object({{"name", d.name}});
    method_parameters p;
    p.values.resize(d.parameters.size());
    for (std::size_t i = 0; i < d.parameters.size(); ++i) {
        const parameter_spec& s = d.parameters[i];
        const json* given = detail::optional(mj, s.name);
        const std::string where = given || s.type == parameter_type::preferences ? child(std::string("/method"), s.name) : std::string();
        auto& value = p.values[i];
        switch (s.type) {
            case parameter_type::name: {
                value.name = s.default_name;
                if (given) {
                    const std::string got = string(*given, where);
                    const auto it = std::find(s.allowed.begin(), s.allowed.end(), got);
                    if (it == s.allowed.end()) {
                        std::string list;
                        for (auto a : s.allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                        fail("adva.json.unknown_name", where, "unknown name (one of: " + list + ")", *given);
                    }
                    value.name = *it;
                }
                if (echo) (*echo)[std::string(s.name)] = value.name;
                break;
            }
            case parameter_type::number:
                value.number = given ? number(*given, where) : s.default_number;
                if (echo) (*echo)[std::string(s.name)] = value.number;
                break;
            case parameter_type::preferences: {
                json pref_echo;
                value.preferences = read_preferences(given ? *given : required(mj, s.name, "/method"), where, n, pref_echo);
                if (echo) (*echo)[std::string(s.name)] = std::move(pref_echo);
                break;
            }
        }
    }
    if (d.check) d.check(p, m);
    return p;
}
}  // namespace

method_parameters read_method_parameters(const method_descriptor& d, const nlohmann::json& mj, Eigen::Index m, Eigen::Index n,
                                         nlohmann::json& echo) {
    return read_parameters(d, mj, m, n, &echo);
}

method_parameters read_method_parameters(const method_descriptor& d, const nlohmann::json& mj, Eigen::Index m, Eigen::Index n) {
    return read_parameters(d, mj, m, n, nullptr);
}

void put_output(nlohmann::json& result, method_output&& output) {
    for (auto& f : output.fields) {
        json& slot = result[std::string(f.name)];
        if (auto* v = std::get_if<Eigen::VectorXd>(&f.value)) slot = to_json(*v);
        else if (auto* i = std::get_if<std::vector<int>>(&f.value)) slot = json(*i);
        else if (auto* d = std::get_if<double>(&f.value)) slot = *d;
        else if (auto* b = std::get_if<bool>(&f.value)) slot = *b;
        else {
            slot = json::array();
            for (const auto& pr : std::get<index_pairs>(f.value)) slot.push_back({pr[0], pr[1]});
        }
    }
}

nlohmann::json evaluate_decision_json(const nlohmann::json& input) {
    require_object(input, "");
    check_keys(input, "", {"matrix", "types", "alternatives", "criteria", "weights", "weighting", "method", "description"});
    const std::optional<decision_matrix> dm_opt = read_matrix(input, true);
    const decision_matrix& dm = *dm_opt;
    const Eigen::Index m = dm.alternative_count(), n = dm.criterion_count();

    // Method first: a misspelt method name is reported before any weighting work.
    const json& mj = required(input, "method", "");
    const method_descriptor& method = read_method_name(mj);

    json result = json::object();
    if (input.contains("weights") == input.contains("weighting"))
        throw invalid_input("adva.json.missing_key", input.contains("weights") ? "/weighting" : "/weights",
                            "give exactly one of \"weights\" (normalised, sum 1) or \"weighting\" (a method)", "");
    Eigen::VectorXd w;
    if (input.contains("weights")) {
        w = number_vector(input["weights"], "/weights");
        adva::detail::check_weights(w, n, "/weights");
    } else {
        auto o = run_weighting(input["weighting"], dm_opt);
        w = o.weights;
        result["weighting"] = o.echo;
        for (auto it = o.extra.begin(); it != o.extra.end(); ++it) result[it.key()] = it.value();
    }
    result["weights"] = to_json(w);
    if (!dm.alternatives().empty()) result["alternatives"] = dm.alternatives();
    if (!dm.criteria().empty()) result["criteria"] = dm.criteria();

    json echo;
    const method_parameters p = read_method_parameters(method, mj, m, n, echo);
    put_output(result, run_method(method, method_input(dm), w, p));
    result["method"] = echo;
    return result;
}

nlohmann::json weights_json(const nlohmann::json& input) {
    require_object(input, "");
    check_keys(input, "", {"weighting", "matrix", "types", "alternatives", "criteria", "description"});
    const std::optional<decision_matrix> dm = read_matrix(input, false);
    auto o = run_weighting(required(input, "weighting", ""), dm);
    json result = json::object();
    result["weights"] = to_json(o.weights);
    for (auto it = o.extra.begin(); it != o.extra.end(); ++it) result[it.key()] = it.value();
    if (dm && !dm->criteria().empty()) result["criteria"] = dm->criteria();
    result["weighting"] = o.echo;
    return result;
}

}  // namespace adva::io
