// Reference case: linear additive value model with piecewise-linear value functions (R package MCDA,
// paterijk/MCDA tests/applyPiecewiseLinearValueFunctionsOnPerformanceTable.R), in swing-weight form.
// Convention: the published marginal value functions u_j (peaking at w_j) are written as 0–100 value
// functions v_j = u_j / w_j · 100 with direct weights w_j, so u_j = w_j · v_j / 100 and
// V = Σ_j u_j = total / 100.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/appraise.hpp"

using namespace adva;
using nlohmann::json;

namespace {
json load_case() {
    std::ifstream in(std::string(ADVA_REFERENCE_DIR) + "/additive_value_piecewise_linear_mcda_r.json");
    REQUIRE(in);
    return json::parse(in);
}

appraisal build_model(const json& ref) {
    appraisal m;
    m.context.title = "Reference: " + ref.at("id").get<std::string>();
    const auto names = ref.at("criteria").get<std::vector<std::string>>();
    const auto weights = ref.at("weights").get<std::vector<double>>();
    const auto types = ref.at("criteria_types").get<std::vector<std::string>>();
    for (std::size_t j = 0; j < names.size(); ++j) {
        const auto& vf = ref.at("parameters").at("value_functions").at(names[j]);
        const auto x = vf.at("x").get<std::vector<double>>();
        const auto y = vf.at("y").get<std::vector<double>>();
        criterion c;
        c.id = names[j];
        c.name = names[j];
        c.weight = weights[j];
        // Informational only: piecewise-linear breakpoints say which end is preferred.
        c.preference = types[j] == "cost" ? direction::lower_is_better : direction::higher_is_better;
        c.value.kind = value_function_kind::piecewise_linear;
        for (std::size_t k = 0; k < x.size(); ++k) c.value.points.emplace_back(x[k], y[k] / weights[j] * 100.0);
        std::sort(c.value.points.begin(), c.value.points.end());  // by increasing level
        m.criteria.push_back(c);
    }
    const auto alternatives = ref.at("alternatives").get<std::vector<std::string>>();
    const auto matrix = ref.at("matrix").get<std::vector<std::vector<double>>>();
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
        option o;
        o.id = alternatives[i];
        o.name = alternatives[i];
        o.vehicle = "commissioned";
        for (std::size_t j = 0; j < names.size(); ++j) {
            score s;
            s.value = matrix[i][j];
            o.scores[names[j]] = s;
        }
        m.options.push_back(o);
    }
    return m;
}
}  // namespace

TEST_CASE("additive value, piecewise-linear value functions (MCDA R package)", "[reference][additive]") {
    const json ref = load_case();
    const double tol = ref.at("tolerance").at("abs").get<double>();
    const auto model = build_model(ref);
    const auto r = appraise(model);

    const auto marginal = ref.at("expected").at("marginal_values").get<std::vector<std::vector<double>>>();
    const auto normalised = ref.at("expected").at("normalised_value_scores_derived").get<std::vector<std::vector<double>>>();
    const auto overall = ref.at("expected").at("overall_value_derived").get<std::vector<double>>();
    const auto weights = ref.at("weights").get<std::vector<double>>();

    REQUIRE(r.leaf_indices.size() == weights.size());
    for (std::size_t i = 0; i < overall.size(); ++i) {
        INFO("alternative " << r.option_ids[i]);
        for (std::size_t j = 0; j < weights.size(); ++j) {
            const double v = r.values(Eigen::Index(i), Eigen::Index(j));
            CHECK(v / 100.0 == Approx(normalised[i][j]).margin(tol));
            CHECK(weights[j] * v / 100.0 == Approx(marginal[i][j]).margin(tol));
            CHECK(r.contributions(Eigen::Index(i), Eigen::Index(j)) / 100.0 == Approx(marginal[i][j]).margin(tol));
        }
        CHECK(r.totals[Eigen::Index(i)] / 100.0 == Approx(overall[i]).margin(tol));
    }

    // RER 0.98125 > METRO1 = METRO2 = 0.1125 > BUS 0.0625 > TAXI 0.0125.
    REQUIRE(r.ranking.size() == 5);
    CHECK(r.ranking[0].option == "RER");
    CHECK(r.ranking[0].rank == 1);
    CHECK(r.ranking[1].rank == 2);
    CHECK(r.ranking[2].rank == 2);
    CHECK(r.ranking[1].tied);
    CHECK(r.ranking[2].tied);
    CHECK(std::set<std::string>{r.ranking[1].option, r.ranking[2].option} == std::set<std::string>{"METRO1", "METRO2"});
    CHECK(r.ranking[3].option == "BUS");
    CHECK(r.ranking[3].rank == 4);
    CHECK_FALSE(r.ranking[3].tied);
    CHECK(r.ranking[4].option == "TAXI");
    CHECK(r.ranking[4].rank == 5);
}
