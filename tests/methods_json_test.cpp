// Decision-matrix mode (adva::io::evaluate_decision_json / weights_json): defaults echoed, every
// method's outputs present, and bad inputs rejected with the JSON pointer, rule and value seen.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "adva/error.hpp"
#include "adva/io/matrix_json.hpp"
#include "adva/methods/method_registry.hpp"
#include "methods_test_support.hpp"

using nlohmann::json;
using adva::invalid_input;
using adva::testing::MessageContains;
using Catch::Matchers::Message;

namespace {
json base() {
    return json::parse(R"({"matrix": [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]],
                           "types": ["benefit", "benefit", "cost"],
                           "alternatives": ["A1", "A2", "A3", "A4"],
                           "weights": [0.3, 0.4, 0.3],
                           "method": {"name": "topsis"}})");
}
}  // namespace

TEST_CASE("evaluate echoes the method with every default filled in", "[json]") {
    const json out = adva::io::evaluate_decision_json(base());
    CHECK(out["method"] == json::parse(R"({"name": "topsis", "normalisation": "vector"})"));
    CHECK(out["ranking"].size() == 4);
    CHECK(out["closeness"] == out["scores"]);
    CHECK(out["alternatives"][3] == "A4");
    CHECK_FALSE(out.contains("weighting"));  // weights were given directly

    json in = base();
    in["method"] = {{"name", "vikor"}};
    const json v = adva::io::evaluate_decision_json(in);
    CHECK(v["method"] == json::parse(R"({"name": "vikor", "v": 0.5})"));
    for (const char* k : {"S", "R", "Q", "compromise", "acceptable_advantage", "acceptable_stability"}) CHECK(v.contains(k));

    in["method"] = json::parse(R"({"name": "promethee2", "preference": [{"function": "usual"}, {"function": "linear", "q": 0.5, "p": 2},
                                                                       {"function": "gaussian", "s": 1.5}]})");
    const json p = adva::io::evaluate_decision_json(in);
    CHECK(p["method"]["preference"][1] == json::parse(R"({"function": "linear", "q": 0.5, "p": 2.0})"));
    for (const char* k : {"phi_plus", "phi_minus", "phi"}) CHECK(p[k].size() == 4);

    in["method"]["name"] = "promethee1";
    const json p1 = adva::io::evaluate_decision_json(in);
    CHECK(p1.contains("outranks"));
    CHECK(p1.contains("incomparable"));

    in["method"] = {{"name", "wsm"}};
    CHECK(adva::io::evaluate_decision_json(in)["method"]["normalisation"] == "minmax");
    in["method"] = {{"name", "wpm"}};
    CHECK(adva::io::evaluate_decision_json(in)["ranking"].size() == 4);
}

TEST_CASE("weighting is echoed with defaults and AHP reports consistency", "[json]") {
    json in = base();
    in.erase("weights");
    in["weighting"] = {{"method", "critic"}};
    const json c = adva::io::evaluate_decision_json(in);
    CHECK(c["weighting"] == json::parse(R"({"method": "critic", "normalisation": "minmax", "invert_costs": true, "correlation": "pearson"})"));
    in["weighting"] = json::parse(R"({"method": "ahp", "pairwise": [[1, 3, 5], [0.3333333333333333, 1, 2], [0.2, 0.5, 1]]})");
    const json a = adva::io::evaluate_decision_json(in);
    CHECK(a["weighting"]["priority"] == "eigenvector");
    CHECK(a["weighting"]["random_index"] == "saaty");
    CHECK(a["cr"].get<double>() < 0.1);
    CHECK(a.contains("lambda_max"));
    const json w = adva::io::weights_json(json::parse(R"({"weighting": {"method": "roc", "ranking": [2, 1, 3]}})"));
    CHECK(w["weights"][1].get<double>() == Approx(11.0 / 18));
    CHECK(w["weighting"]["ties"] == "average");
}

TEST_CASE("bad decision-matrix input names the pointer, the rule and the value", "[json][errors]") {
    json in = base();
    in["matrix"][2][1] = "eight";
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           Message("[adva.json.type] /matrix/2/1: expected a number (seen: \"eight\")"));
    in = base();
    in["matrix"][3] = {1, 2};
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           Message("[adva.methods.ragged_matrix] /matrix/3: every row must have 3 values (as row 0 has) (seen: 2)"));
    in = base();
    in["types"][2] = "costs";
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           Message("[adva.json.unknown_name] /types/2: unknown name (one of: benefit, cost) (seen: \"costs\")"));
    in = base();
    in["method"]["name"] = "electre";
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           MessageContains("[adva.json.unknown_name] /method/name: unknown method"));
    in = base();
    in["method"]["normalisaton"] = "minmax";
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           MessageContains("[adva.json.unknown_key] /method/normalisaton: unknown key (allowed here: name, normalisation"));
    in = base();
    in["method"] = json::parse(R"({"name": "promethee2", "preference": [{"function": "usual"}, {"function": "v_shape"}, {"function": "usual"}]})");
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           Message("[adva.json.missing_key] /method/preference/1/p: required key is missing"));
    in["method"]["preference"][1] = {{"function", "usual"}, {"q", 1}};
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           Message("[adva.json.unknown_key] /method/preference/1/q: not a parameter of the usual preference function "
                                   "(seen: \"q\")"));
    in = base();
    in["weighting"] = {{"method", "equal"}};
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           MessageContains("give exactly one of \"weights\" (normalised, sum 1) or \"weighting\""));
    in.erase("weights");
    in["weighting"] = json::parse(R"({"method": "ahp", "pairwise": [[1, 3, 5], [0.5, 1, 2], [0.2, 0.5, 1]]})");
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           Message("[adva.weights.ahp_not_reciprocal] /weighting/pairwise/1/0: a_ji must equal 1/a_ij (a_ij = 3) "
                                   "(seen: 0.5)"));
    REQUIRE_THROWS_MATCHES(adva::io::weights_json(json::parse(R"({"weighting": {"method": "entropy"}})")), invalid_input,
                           Message("[adva.json.missing_key] /matrix: weighting method \"entropy\" needs the decision matrix"));
}

TEST_CASE("an empty label is named by its pointer", "[json][errors]") {
    json in = base();
    in["alternatives"][1] = "";
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           Message("[adva.methods.empty_label] /alternatives/1: labels must not be empty (seen: \"\")"));
}

TEST_CASE("size bounds raise limit_exceeded", "[json][errors]") {
    json in = base();
    in["matrix"] = json::array({json::array()});
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           Message("[adva.methods.no_criteria] /matrix/0: must have at least one column (seen: [])"));
    json wide = json::array();
    wide.push_back(std::vector<double>(adva::io::max_criteria + 1, 1.0));
    in["matrix"] = wide;
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), adva::limit_exceeded,
                           Message("[adva.limits.columns] /matrix: at most 10000 columns are accepted (seen: 10001 columns)"));
}

TEST_CASE("row and cell bounds are checked before any value is read", "[json][errors]") {
    // The rows are nulls and all but the first row empty: reading a value would fail otherwise.
    json in = base();
    in["matrix"] = json::array();
    for (std::size_t i = 0; i <= adva::io::max_alternatives; ++i) in["matrix"].push_back(nullptr);
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), adva::limit_exceeded,
                           Message("[adva.limits.rows] /matrix: at most 1000000 rows are accepted (seen: 1000001 rows)"));
    // 2001 rows of (as row 0 declares) 10000 columns: 20 010 000 values.
    in["matrix"] = json::array({std::vector<double>(adva::io::max_criteria, 1.0)});
    for (int i = 0; i < 2000; ++i) in["matrix"].push_back(json::array());
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), adva::limit_exceeded,
                           Message("[adva.limits.cells] /matrix: at most 20000000 values are accepted (seen: 20010000 values)"));
}

TEST_CASE("methods with quadratic output or cost bound the alternatives", "[json][errors]") {
    auto one_column = [](std::size_t rows) {
        json in = {{"types", {"benefit"}}, {"weights", {1.0}}, {"matrix", json::array()}};
        for (std::size_t i = 0; i < rows; ++i) in["matrix"].push_back({double(i)});
        return in;
    };
    json in = one_column(adva::io::max_promethee1_alternatives + 1);
    in["method"] = json::parse(R"({"name": "promethee1", "preference": [{"function": "usual"}]})");
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), adva::limit_exceeded,
                           Message("[adva.limits.promethee1] /matrix: promethee1 lists every pair's relation: at most 2000 "
                                   "alternatives (use promethee2 for larger problems) (seen: 2001 alternatives)"));
    in = one_column(adva::io::max_gaussian_alternatives + 1);
    in["method"] = json::parse(R"({"name": "promethee2", "preference": [{"function": "gaussian", "s": 1}]})");
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), adva::limit_exceeded,
                           Message("[adva.limits.gaussian] /method/preference/0/function: the Gaussian preference function is "
                                   "O(m^2): at most 50000 alternatives (seen: 50001 alternatives)"));
}

TEST_CASE("an AHP group bounds its judges before reading their matrices", "[json][errors]") {
    json w = json::parse(R"({"weighting": {"method": "ahp", "pairwise": [[[1]]]}})");
    for (std::size_t k = 0; k < adva::io::max_ahp_judges; ++k) w["weighting"]["pairwise"].push_back("not a matrix");
    REQUIRE_THROWS_MATCHES(adva::io::weights_json(w), adva::limit_exceeded,
                           Message("[adva.limits.judges] /weighting/pairwise: at most 1000 judges are accepted (seen: 1001)"));
}

TEST_CASE("every registry method produces exactly the outputs it declares", "[json][registry]") {
    const Eigen::MatrixXd x = (Eigen::MatrixXd(4, 3) << 5, 8, 4, 7, 6, 8, 8, 8, 6, 7, 4, 6).finished();
    const adva::decision_matrix dm(x, {adva::objective::benefit, adva::objective::benefit, adva::objective::cost});
    const Eigen::Vector3d w(0.3, 0.4, 0.3);
    REQUIRE(adva::method_registry().size() == 6);
    for (const auto& d : adva::method_registry()) {
        INFO(d.name);
        adva::method_parameters p = adva::default_parameters(d);
        if (auto i = d.parameter_index("preference")) p.values[*i].preferences.assign(3, adva::preference{});
        const adva::method_output out = adva::run_method(d, adva::method_input(dm), w, p);
        REQUIRE(out.fields.size() == d.outputs.size());
        for (std::size_t k = 0; k < out.fields.size(); ++k) {
            CHECK(out.fields[k].name == d.outputs[k].name);
            CHECK(out.fields[k].value.index() == std::size_t(d.outputs[k].type));
        }
        CHECK(out.fields[0].name == "scores");
        CHECK(&adva::find_method(d.name) == &d);
    }
    REQUIRE_THROWS_MATCHES(adva::find_method("electre"), invalid_input,
                           Message("[adva.json.unknown_name] /method/name: unknown method; one of: wsm, wpm, topsis, vikor, promethee1, "
                                   "promethee2 (seen: \"electre\")"));
}

TEST_CASE("WPM takes normalisation none (default), sum or vector", "[json][registry]") {
    json in = base();
    in["method"] = {{"name", "wpm"}};
    const json plain = adva::io::evaluate_decision_json(in);
    CHECK(plain["method"] == json::parse(R"({"name": "wpm", "normalisation": "none"})"));
    in["method"]["normalisation"] = "sum";
    const json sum = adva::io::evaluate_decision_json(in);
    CHECK(sum["method"]["normalisation"] == "sum");
    CHECK(sum["scores"] != plain["scores"]);
    in["method"]["normalisation"] = "minmax";
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input,
                           Message("[adva.json.unknown_name] /method/normalisation: unknown name (one of: none, sum, vector) "
                                   "(seen: \"minmax\")"));
    in["method"] = {{"name", "wpm"}, {"v", 0.5}};
    REQUIRE_THROWS_MATCHES(adva::io::evaluate_decision_json(in), invalid_input, MessageContains("[adva.json.unknown_key] /method/v"));
}
