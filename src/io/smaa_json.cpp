// JSON input and output of SMAA-2: see include/adva/io/smaa_json.hpp and docs/smaa.md.
#include "adva/io/smaa_json.hpp"

#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adva/error.hpp"
#include "adva/io/robustness_json.hpp"
#include "decision_text.hpp"
#include "json_reading.hpp"

namespace adva::io {
namespace {

using nlohmann::json;

using detail::check_keys;
using detail::child;
using detail::required;
using detail::type_error;
constexpr auto shown = detail::seen_value;
constexpr auto number = detail::as_number;
constexpr auto array = detail::as_array;
constexpr auto numbers = detail::as_numbers;

Eigen::MatrixXd matrix(const json& v, const std::string& where) {
    const auto rows = array(v, where).size();
    const std::size_t cols = rows ? array(v[0], child(where, 0)).size() : 0;
    // Every row's length is checked before the matrix is allocated: the first row alone must not
    // decide the size of an allocation.
    for (std::size_t i = 0; i < rows; ++i) {
        const std::string row = child(where, i);
        if (array(v[i], row).size() != cols)
            throw invalid_input("adva.smaa.shape", row, "every row needs " + std::to_string(cols) + " entries", std::to_string(v[i].size()));
    }
    Eigen::MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t k = 0; k < cols; ++k)
            m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = number(v[i][k], child(child(where, i), k));
    return m;
}

json number_or_null(double x) { return std::isnan(x) ? json(nullptr) : json(x); }

template <class Matrix>
json rows_json(const Matrix& m) {
    json out = json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        json row = json::array();
        for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(number_or_null(static_cast<double>(m(i, j))));
        out.push_back(std::move(row));
    }
    return out;
}

json integer_rows_json(const Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>& m) {
    json out = json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        json row = json::array();
        for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
        out.push_back(std::move(row));
    }
    return out;
}

json central_rows_json(const smaa_result& r, const Eigen::MatrixXd& m) {
    json out = json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        if (!r.central_weight_defined[static_cast<std::size_t>(i)]) {
            out.push_back(nullptr);
            continue;
        }
        json row = json::array();
        for (Eigen::Index k = 0; k < m.cols(); ++k) row.push_back(number_or_null(m(i, k)));
        out.push_back(std::move(row));
    }
    return out;
}

json vector_json(const Eigen::VectorXd& v) {
    json out = json::array();
    for (Eigen::Index i = 0; i < v.size(); ++i) out.push_back(number_or_null(v(i)));
    return out;
}

uncertain_value distribution(const json& v, const std::string& where) {
    check_keys(v, where, {"distribution", "lower", "upper", "mode", "mean", "sd"});
    const json& kind = required(v, where, "distribution");
    detail::as_name(kind, child(where, "distribution"), {"uniform", "triangular", "pert", "truncated_normal"});
    const std::string k = kind.get<std::string>();
    auto get = [&](std::string_view key) { return number(required(v, where, key), child(where, key)); };
    auto forbid = [&](std::initializer_list<std::string_view> keys) {
        for (auto key : keys)
            if (v.contains(std::string(key)))
                throw invalid_input("adva.json.unknown_key", child(where, key), "not a parameter of a " + k + " distribution", "\"" + std::string(key) + "\"");
    };
    if (k == "uniform") {
        forbid({"mode", "mean", "sd"});
        return uncertain_value::uniform(get("lower"), get("upper"));
    }
    if (k == "triangular" || k == "pert") {
        forbid({"mean", "sd"});
        return k == "pert" ? uncertain_value::pert(get("lower"), get("mode"), get("upper"))
                           : uncertain_value::triangular(get("lower"), get("mode"), get("upper"));
    }
    if (k == "truncated_normal") {
        forbid({"mode"});
        return uncertain_value::truncated_normal(get("mean"), get("sd"), get("lower"), get("upper"));
    }
    throw invalid_input("adva.json.unknown_name", child(where, "distribution"), "unknown distribution", shown(kind));
}

smaa_weight_model weight_model(const json& v, Eigen::Index criteria) {
    const std::string where = "/weights";
    check_keys(v, where, {"information", "rank", "lower", "upper", "sampler"});
    const json& info = required(v, where, "information");
    const std::string i = detail::as_string(info, child(where, "information"));
    if (i == "none") return smaa_weight_model::uniform();
    if (i == "ordinal") {
        std::vector<int> rank;
        const json& r = required(v, where, "rank");
        for (std::size_t k = 0; k < array(r, child(where, "rank")).size(); ++k)
            rank.push_back(detail::as_int(r[k], child(child(where, "rank"), k)));
        return smaa_weight_model::ordinal(std::move(rank));
    }
    if (i == "intervals") {
        auto m = smaa_weight_model::intervals(numbers(required(v, where, "lower"), child(where, "lower")),
                                              numbers(required(v, where, "upper"), child(where, "upper")));
        if (v.contains("sampler"))
            m.interval_sampler = static_cast<interval_sampling>(
                detail::as_name(v["sampler"], child(where, "sampler"), {"automatic", "rejection", "hit_and_run"}));
        return m;
    }
    (void)criteria;
    detail::as_name(info, child(where, "information"), {"none", "ordinal", "intervals"});
    throw invalid_input("adva.json.unknown_name", child(where, "information"), "unknown weight information", shown(info));
}

}  // namespace

json smaa_result_json(const smaa_result& r) {
    json out;
    out["samples"] = r.samples;
    out["weight_sampler"] = r.weight_sampler;
    out["rank_acceptability"] = rows_json(r.rank_acceptability);
    out["rank_acceptability_standard_error"] = rows_json(r.rank_acceptability_standard_error);
    out["central_weights"] = central_rows_json(r, r.central_weights);
    out["central_weights_standard_error"] = central_rows_json(r, r.central_weights_standard_error);
    out["confidence_factors"] = vector_json(r.confidence_factors);
    out["confidence_factors_standard_error"] = vector_json(r.confidence_factors_standard_error);
    out["confidence_samples"] = r.confidence_samples;
    out["pairwise_winning"] = rows_json(r.pairwise_winning);
    out["pairwise_winning_standard_error"] = rows_json(r.pairwise_winning_standard_error);
    out["rank_counts"] = integer_rows_json(r.rank_counts);
    out["pairwise_counts"] = integer_rows_json(r.pairwise_counts);
    return out;
}

smaa_replay_samples smaa_replay_samples_from_json(const json& in) {
    check_keys(in, "", {"weights", "values", "matrix"});
    smaa_replay_samples s;
    s.weights = matrix(required(in, "", "weights"), "/weights");
    const bool has_values = in.contains("values"), has_matrix = in.contains("matrix");
    if (has_values == has_matrix)
        throw invalid_input("adva.smaa.shape", "/", "give exactly one of \"values\" (N x A x C) and \"matrix\" (A x C)",
                            has_values ? "both" : "neither");
    if (has_matrix) {
        s.matrix = matrix(in["matrix"], "/matrix");
        return s;
    }
    const json& v = array(in["values"], "/values");
    const auto n = static_cast<std::size_t>(s.weights.rows());
    const auto c = static_cast<std::size_t>(s.weights.cols());
    if (v.size() != n)
        throw invalid_input("adva.smaa.shape", "/values", "one value matrix per weight sample is required",
                            std::to_string(v.size()) + " matrices for " + std::to_string(n) + " weight samples");
    const std::size_t a = n ? array(v[0], "/values/0").size() : 0;
    s.alternatives = static_cast<Eigen::Index>(a);
    // No reserve from the declared sizes: the values grow with what the document really holds.
    for (std::size_t b = 0; b < n; ++b) {
        const std::string sample = child("/values", b);
        if (array(v[b], sample).size() != a)
            throw invalid_input("adva.smaa.shape", sample, "every sample needs " + std::to_string(a) + " alternatives", std::to_string(v[b].size()));
        for (std::size_t i = 0; i < a; ++i) {
            const std::string row = child(sample, i);
            if (array(v[b][i], row).size() != c)
                throw invalid_input("adva.smaa.shape", row, "every alternative needs one value per weight criterion (" + std::to_string(c) + ")",
                                    std::to_string(v[b][i].size()));
            for (std::size_t k = 0; k < c; ++k) s.values.push_back(number(v[b][i][k], child(row, k)));
        }
    }
    return s;
}

json smaa_replay_json(const json& in, int threads) { return smaa_result_json(smaa_replay(smaa_replay_samples_from_json(in), threads)); }

std::string smaa_replay_table(const json& in, int threads) {
    const smaa_result r = smaa_replay(smaa_replay_samples_from_json(in), threads);
    std::vector<std::string> names;
    for (Eigen::Index i = 0; i < r.rank_acceptability.rows(); ++i) names.push_back(std::to_string(i));
    return smaa_table(r, names, "alternative", "SMAA on " + std::to_string(r.samples) + " supplied samples",
                      decision_text::smaa_replay_meaning);
}

namespace {

/// Reads every key of a matrix document but "matrix" into `p`, whose values are set.
smaa_problem with_matrix(const json& in, smaa_problem p) {
    const Eigen::Index a = p.values.rows(), c = p.values.cols();
    if (a < 1 || c < 1) throw invalid_input("adva.smaa.empty", "/matrix", "at least one alternative and one criterion are required",
                                            std::to_string(a) + " x " + std::to_string(c));
    if (in.contains("alternatives")) {
        const json& names = array(in["alternatives"], "/alternatives");
        if (static_cast<Eigen::Index>(names.size()) != a)
            throw invalid_input("adva.smaa.shape", "/alternatives", "one name per matrix row is required", std::to_string(names.size()));
        for (std::size_t i = 0; i < names.size(); ++i)
            if (!names[i].is_string()) type_error(child("/alternatives", i), "a string", names[i]);
    }
    if (in.contains("weights")) p.weights = weight_model(in["weights"], c);
    if (in.contains("uncertainty")) {
        const json& u = array(in["uncertainty"], "/uncertainty");
        if (static_cast<Eigen::Index>(u.size()) != a)
            throw invalid_input("adva.smaa.shape", "/uncertainty", "one row per alternative is required", std::to_string(u.size()));
        for (std::size_t i = 0; i < u.size(); ++i) {
            const std::string row = child("/uncertainty", i);
            if (static_cast<Eigen::Index>(array(u[i], row).size()) != c)
                throw invalid_input("adva.smaa.shape", row, "one entry per criterion is required", std::to_string(u[i].size()));
            for (std::size_t k = 0; k < u[i].size(); ++k)
                p.uncertainty.push_back(u[i][k].is_null() ? uncertain_value::exact() : distribution(u[i][k], child(row, k)));
        }
    }
    if (in.contains("types")) {
        const json& t = array(in["types"], "/types");
        if (static_cast<Eigen::Index>(t.size()) != c)
            throw invalid_input("adva.smaa.shape", "/types", "one type per criterion (matrix column) is required", std::to_string(t.size()));
        for (std::size_t k = 0; k < t.size(); ++k) {
            const std::string where = child("/types", k);
            if (!t[k].is_string() || (t[k] != "benefit" && t[k] != "cost")) type_error(where, "\"benefit\" or \"cost\"", t[k]);
            if (t[k] != "cost") continue;
            const auto col = static_cast<Eigen::Index>(k);
            p.values.col(col) = -p.values.col(col);
            for (Eigen::Index i = 0; i < a && !p.uncertainty.empty(); ++i) {
                uncertain_value& d = p.uncertainty[static_cast<std::size_t>(i * c + col)];
                if (d.distribution == value_distribution::point) continue;
                const double lower = d.lower;
                d.lower = -d.upper;
                d.upper = -lower;
                d.value = -d.value;
            }
        }
    }
    return p;
}

}  // namespace

smaa_problem smaa_problem_from_json(const json& in) {
    check_keys(in, "", {"matrix", "types", "alternatives", "weights", "uncertainty"});
    smaa_problem p;
    p.values = matrix(required(in, "", "matrix"), "/matrix");
    return with_matrix(in, std::move(p));
}

smaa_problem smaa_problem_from_json(const json& in, Eigen::MatrixXd values) {
    check_keys(in, "", {"types", "alternatives", "weights", "uncertainty"});
    for (Eigen::Index i = 0; i < values.rows(); ++i)
        for (Eigen::Index k = 0; k < values.cols(); ++k)
            if (!std::isfinite(values(i, k)))
                throw invalid_input("adva.smaa.not_finite", adva::detail::pointer("/matrix", i, k), "values must be finite",
                                    adva::detail::number_text(values(i, k)));
    smaa_problem p;
    p.values = std::move(values);
    return with_matrix(in, std::move(p));
}

json smaa_json(const json& in, const smaa_options& options) {
    json out = smaa_result_json(smaa(smaa_problem_from_json(in), options));
    if (in.contains("alternatives")) out["alternatives"] = in["alternatives"];
    out["seed"] = options.seed;
    return out;
}

std::string smaa_matrix_table(const json& in, const smaa_options& options) {
    const smaa_problem p = smaa_problem_from_json(in);
    const smaa_result r = smaa(p, options);
    std::vector<std::string> names;
    for (Eigen::Index i = 0; i < p.values.rows(); ++i)
        names.push_back(in.contains("alternatives") ? in["alternatives"][std::size_t(i)].get<std::string>() : std::to_string(i));
    return smaa_table(r, names, "alternative",
                      "SMAA-2: " + std::to_string(r.samples) + " samples, seed " + std::to_string(options.seed) + ", weights " +
                          r.weight_sampler,
                      decision_text::smaa_matrix_meaning);
}

}  // namespace adva::io
