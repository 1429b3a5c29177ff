// Reference case: one-way weight sensitivity with rank-reversal thresholds (weighted sum), derived
// by exact algebra on the Tzeng & Huang (2011) 4×3 data (tests/reference/
// sensitivity_oneway_wsm_derived.json, copied from ../shared/refcases). Convention: min-max value
// scores = adva's relative 0–100 scales (value / 100), and proportional_siblings: when w_k moves to
// x the other weights become w_j (1 − x)/(1 − w_k). The case lists every pair whose totals meet
// for x in [0, 1] (endpoints included), ordered by x.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/analysis/sensitivity.hpp"

using namespace adva;
using nlohmann::json;

namespace {
json load_case() {
    std::ifstream in(std::string(ADVA_REFERENCE_DIR) + "/sensitivity_oneway_wsm_derived.json");
    REQUIRE(in);
    return json::parse(in);
}

/// A flat tree C0, C1, C2 with relative scales (min-max) and the case's weights as direct weights.
appraisal build_model(const json& ref) {
    appraisal m;
    m.context.title = "Reference: " + ref.at("id").get<std::string>();
    const auto weights = ref.at("weights").get<std::vector<double>>();
    const auto types = ref.at("criteria_types").get<std::vector<std::string>>();
    for (std::size_t j = 0; j < weights.size(); ++j) {
        criterion c;
        c.id = "C" + std::to_string(j);
        c.name = c.id;
        c.scale = scale_type::relative;
        c.preference = types[j] == "benefit" ? direction::higher_is_better : direction::lower_is_better;
        c.weight = weights[j];
        m.criteria.push_back(c);
    }
    const auto names = ref.at("alternatives").get<std::vector<std::string>>();
    const auto matrix = ref.at("matrix").get<std::vector<std::vector<double>>>();
    for (std::size_t i = 0; i < names.size(); ++i) {
        option o;
        o.id = names[i];
        o.name = names[i];
        o.vehicle = "in_house";
        for (std::size_t j = 0; j < matrix[i].size(); ++j) o.scores["C" + std::to_string(j)].value = matrix[i][j];
        m.options.push_back(o);
    }
    return m;
}
}  // namespace

TEST_CASE("sensitivity_oneway_wsm_derived: values, baseline and every tie point") {
    const json ref = load_case();
    const double tol = ref.at("tolerance").at("abs").get<double>();
    const appraisal model = build_model(ref);
    const auto r = appraise(model);
    const auto& expected = ref.at("expected");
    const auto names = ref.at("alternatives").get<std::vector<std::string>>();

    const auto values = expected.at("value_matrix").get<std::vector<std::vector<double>>>();
    for (std::size_t i = 0; i < values.size(); ++i)
        for (std::size_t j = 0; j < values[i].size(); ++j)
            CHECK(r.values(Eigen::Index(i), Eigen::Index(j)) / 100.0 == Approx(values[i][j]).margin(tol));
    const auto baseline = expected.at("baseline_scores").get<std::vector<double>>();
    for (std::size_t i = 0; i < baseline.size(); ++i) CHECK(r.totals[Eigen::Index(i)] / 100.0 == Approx(baseline[i]).margin(tol));

    const auto s = sensitivity(model, r);
    CHECK(s.convention == sibling_rescaling::proportional_siblings);
    CHECK(s.winner == names[expected.at("baseline_best_0based").get<std::size_t>()]);

    for (std::size_t j = 0; j < 3; ++j) {
        const auto& want = expected.at("tie_points").at("criterion_" + std::to_string(j));
        const auto& node = s.nodes[j];
        REQUIRE(node.node == "C" + std::to_string(j));
        INFO("criterion " << j);
        REQUIRE(node.crossovers.size() == want.size());
        for (std::size_t k = 0; k < want.size(); ++k) {
            const auto pair = want[k].at("pair_0based").get<std::vector<std::size_t>>();
            CHECK(node.crossovers[k].a == names[pair[0]]);
            CHECK(node.crossovers[k].b == names[pair[1]]);
            CHECK(node.crossovers[k].weight == Approx(want[k].at("weight_at_tie").get<double>()).margin(tol));
            // Both totals meet there (the case's own verification).
            const auto line = [&](const std::string& id) {
                for (const auto& l : node.lines)
                    if (l.option == id) return l;
                FAIL("no line for " << id);
                return sensitivity_line{};
            };
            const double x = node.crossovers[k].weight;
            CHECK(line(node.crossovers[k].a).at(x) == Approx(line(node.crossovers[k].b).at(x)).margin(1e-9));
        }
    }
}
