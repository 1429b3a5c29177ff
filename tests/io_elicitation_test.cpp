// Elicited answers in model files: an AHP answer to a weight question (one judge or a panel) gives
// the group's swings, derived when the model is read; the derived swings and consistency ratios are
// written with the answer and refused when a file records figures its judgements do not give.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "adva/analysis/model_weights.hpp"
#include "adva/io/model_json.hpp"
#include "adva/weights/ahp.hpp"
#include "adva/weights/elicitation.hpp"

using namespace adva;
using nlohmann::json;
using Catch::Matchers::Contains;

namespace {

json minimal_document() {
    std::ifstream in(std::string(ADVA_SOURCE_DIR) + "/examples/minimal.json");
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

json judgement(const char* more, const char* less, double ratio) { return {{"more", more}, {"less", less}, {"ratio", ratio}}; }

/// minimal.json with the members' answer to Q1 replaced by an AHP answer of the given judges.
json with_ahp_answer(const json& judges, const json& settings = json::object()) {
    json doc = minimal_document();
    json& answer = doc["functions"][0]["questions"][0]["answers"][0];
    answer.erase("swing");
    answer["method"] = "ahp";
    answer["ahp"] = settings;
    answer["ahp"]["judges"] = judges;
    return doc;
}

const answer& members_answer(const appraisal& m) { return m.functions[0].questions[0].answers[0]; }

std::string error_of(const json& doc) {
    try {
        (void)io::model_from_json(doc);
    } catch (const invalid_input& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("A consistent AHP judge gives the swings of its ratios and a consistency ratio of 0") {
    // savings 2× access, access 2× quality, savings 4× quality: priorities 4/7, 2/7, 1/7.
    const json judges = json::array({{{"by", "Cabinet"},
                                      {"judgements", {judgement("savings", "access", 2), judgement("access", "quality", 2),
                                                      judgement("savings", "quality", 4)}}}});
    const appraisal m = io::model_from_json(with_ahp_answer(judges));
    const answer& a = members_answer(m);
    CHECK(a.elicited.method == elicitation_method::ahp);
    CHECK(a.swing.at("savings") == Approx(100).epsilon(1e-12));
    CHECK(a.swing.at("access") == Approx(50).epsilon(1e-12));
    CHECK(a.swing.at("quality") == Approx(25).epsilon(1e-12));
    REQUIRE(a.elicited.outcome.consistency_ratio);
    CHECK(*a.elicited.outcome.consistency_ratio == Approx(0).margin(1e-12));
    CHECK(a.elicited.outcome.consistent);

    // The group's weights are those swings, as if they had been typed.
    const weight_set w = group_weights(m).at(0);
    REQUIRE(w.name == "members");
    CHECK(w.global[*m.criterion_index("savings")] == Approx(4.0 / 7.0).epsilon(1e-12));
    CHECK(w.global[*m.criterion_index("quality")] == Approx(1.0 / 7.0).epsilon(1e-12));
}

TEST_CASE("An inconsistent AHP judge is recorded as such, with the ratio Saaty's method gives") {
    // access 3× quality, quality 2× savings, but savings 2× access: a cycle.
    const json judges = json::array({{{"judgements", {judgement("access", "quality", 3), judgement("quality", "savings", 2),
                                                      judgement("savings", "access", 2)}}}});
    const appraisal m = io::model_from_json(with_ahp_answer(judges));
    const answer& a = members_answer(m);
    Eigen::MatrixXd matrix(3, 3);  // access, quality, savings: the question's order
    matrix << 1, 3, 0.5, 1.0 / 3, 1, 2, 2, 0.5, 1;
    const ahp_result expected = ahp(matrix);
    CHECK(expected.cr > 0.1);
    CHECK(*a.elicited.outcome.consistency_ratio == Approx(expected.cr).epsilon(1e-12));
    CHECK_FALSE(a.elicited.outcome.consistent);
    const double top = expected.weights.maxCoeff();
    CHECK(a.swing.at("access") == Approx(100 * expected.weights[0] / top).epsilon(1e-12));
    CHECK(a.swing.at("savings") == Approx(100 * expected.weights[2] / top).epsilon(1e-12));

    // A looser threshold accepts the same judgements.
    const appraisal loose = io::model_from_json(with_ahp_answer(judges, {{"acceptable_consistency_ratio", 1.0}}));
    CHECK(members_answer(loose).elicited.outcome.consistent);
}

TEST_CASE("A panel's judgements are aggregated as the answer names: AIJ or AIP") {
    const json judges = json::array(
        {{{"by", "Leader"}, {"judgements", {judgement("savings", "access", 3), judgement("access", "quality", 1), judgement("savings", "quality", 5)}}},
         {{"by", "Chief executive"}, {"judgements", {judgement("access", "savings", 2), judgement("access", "quality", 4), judgement("savings", "quality", 2)}}}});
    Eigen::MatrixXd leader(3, 3), chief(3, 3);  // access, quality, savings
    leader << 1, 1, 1.0 / 3, 1, 1, 1.0 / 5, 3, 5, 1;
    chief << 1, 4, 2, 0.25, 1, 0.5, 0.5, 2, 1;

    const appraisal aij = io::model_from_json(with_ahp_answer(judges));
    const ahp_result panel = ahp(aggregate_judgements({leader, chief}));
    const answer& a = members_answer(aij);
    CHECK(a.swing.at("access") / a.swing.at("savings") == Approx(panel.weights[0] / panel.weights[2]).epsilon(1e-12));
    CHECK(*a.elicited.outcome.consistency_ratio == Approx(panel.cr).epsilon(1e-12));
    REQUIRE(a.elicited.outcome.judge_consistency_ratios.size() == 2);
    CHECK(a.elicited.outcome.judge_consistency_ratios[0] == Approx(ahp(leader).cr).epsilon(1e-12));

    // With three criteria the eigenvector is the row geometric mean, under which AIJ and AIP agree:
    // column means tell the two rules apart.
    const ahp_parameters column_mean{ahp_priority::column_mean};
    const appraisal aip = io::model_from_json(with_ahp_answer(judges, {{"aggregation", "priorities"}, {"priority", "column_mean"}}));
    const Eigen::VectorXd priorities = aggregate_priorities({ahp(leader, column_mean).weights, ahp(chief, column_mean).weights});
    const answer& b = members_answer(aip);
    CHECK(b.swing.at("quality") / b.swing.at("access") == Approx(priorities[1] / priorities[0]).epsilon(1e-12));
    const appraisal aij_column_mean = io::model_from_json(with_ahp_answer(judges, {{"priority", "column_mean"}}));
    const Eigen::VectorXd aij_priorities = ahp(aggregate_judgements({leader, chief}), column_mean).weights;
    const answer& c = members_answer(aij_column_mean);
    CHECK(c.swing.at("quality") / c.swing.at("access") == Approx(aij_priorities[1] / aij_priorities[0]).epsilon(1e-12));
    CHECK(std::abs(b.swing.at("quality") - c.swing.at("quality")) > 1e-3);  // the two rules differ here
}

TEST_CASE("An AHP answer is written with its derived swings and consistency, and read back the same") {
    const json judges = json::array({{{"by", "Cabinet"},
                                      {"judgements", {judgement("savings", "access", 3), judgement("access", "quality", 2),
                                                      judgement("savings", "quality", 5)}}}});
    const appraisal m = io::model_from_json(with_ahp_answer(judges, {{"random_index", "alonso_lamata"}}));
    const json written = io::model_to_json(m);
    const json& answer = written["functions"][0]["questions"][0]["answers"][0];
    CHECK(answer["method"] == "ahp");
    CHECK(answer["ahp"]["random_index"] == "alonso_lamata");
    CHECK(answer["ahp"]["judges"][0]["by"] == "Cabinet");
    CHECK(answer["swing"]["savings"] == 100.0);
    CHECK(answer["consistency"]["ratio"].get<double>() == *members_answer(m).elicited.outcome.consistency_ratio);
    CHECK(io::model_from_json(written) == m);

    SECTION("a recorded swing its judgements do not give is refused") {
        json tampered = written;
        tampered["functions"][0]["questions"][0]["answers"][0]["swing"]["access"] = 60;
        CHECK_THAT(error_of(tampered), Contains("[adva.elicitation.mismatch]") &&
                                           Contains("/functions/0/questions/0/answers/0/swing/access"));
    }
    SECTION("so is a recorded consistency ratio") {
        json tampered = written;
        tampered["functions"][0]["questions"][0]["answers"][0]["consistency"]["ratio"] = 0.001;
        CHECK_THAT(error_of(tampered), Contains("[adva.elicitation.mismatch]") && Contains("/answers/0/consistency"));
    }
}

TEST_CASE("Broken AHP answers are refused, naming the place and the rule") {
    const auto one_judge = [](json judgements) { return json::array({{{"judgements", std::move(judgements)}}}); };
    const json complete = {judgement("savings", "access", 2), judgement("access", "quality", 2), judgement("savings", "quality", 4)};

    CHECK_THAT(error_of(with_ahp_answer(json::array())), Contains("[adva.elicitation.judges]") && Contains("/ahp/judges"));
    json panel = json::array();
    for (int k = 0; k <= 1000; ++k) panel.push_back({{"judgements", complete}});
    CHECK_THROWS_AS(io::model_from_json(with_ahp_answer(panel)), limit_exceeded);
    CHECK_THAT(error_of(with_ahp_answer(panel)), Contains("[adva.elicitation.too_many_judges]"));
    CHECK_THAT(error_of(with_ahp_answer(one_judge({judgement("savings", "access", 2), judgement("access", "quality", 2)}))),
               Contains("[adva.elicitation.judgement]") && Contains("\"quality\"") && Contains("missing"));
    CHECK_THAT(error_of(with_ahp_answer(one_judge({judgement("savings", "access", 2), judgement("access", "savings", 2),
                                                   judgement("access", "quality", 2), judgement("savings", "quality", 4)}))),
               Contains("[adva.elicitation.judgement]") && Contains("/judges/0/judgements/1"));
    CHECK_THAT(error_of(with_ahp_answer(one_judge({judgement("savings", "savings", 2)}))), Contains("[adva.elicitation.judgement]"));
    json low = complete;
    low[1]["ratio"] = 0.5;
    CHECK_THAT(error_of(with_ahp_answer(one_judge(low))), Contains("[adva.elicitation.ratio]") && Contains("/judgements/1/ratio"));
    json unknown = complete;
    unknown[0]["more"] = "saving";
    CHECK_THAT(error_of(with_ahp_answer(one_judge(unknown))),
               Contains("[adva.model.weight_question_siblings]") && Contains("savings") && Contains("/judgements/0/more"));
    CHECK_THAT(error_of(with_ahp_answer(one_judge(complete), {{"acceptable_consistency_ratio", 0}})),
               Contains("[adva.elicitation.threshold]"));
    CHECK_THAT(error_of(with_ahp_answer(one_judge(complete), {{"priority", "power"}})), Contains("eigenvector"));

    SECTION("judgements on an answer that is not elicited") {
        json doc = minimal_document();
        doc["functions"][0]["questions"][0]["answers"][0]["ahp"] = {{"judges", one_judge(complete)}};
        CHECK_THAT(error_of(doc), Contains("[adva.elicitation.method]") && Contains("/answers/0/ahp"));
    }
    SECTION("an elicited answer to a question that is not a weight question") {
        json doc = minimal_document();
        json& gate_answer = doc["functions"][0]["questions"][1]["answers"][0];
        gate_answer["method"] = "ahp";
        gate_answer["ahp"] = {{"judges", one_judge(complete)}};
        CHECK_THAT(error_of(doc), Contains("[adva.elicitation.method]") && Contains("/questions/1/answers/0/method"));
    }
    SECTION("more criteria than the random-index tables cover") {
        json doc = minimal_document();
        json& q = doc["functions"][0]["questions"][0];
        for (int k = 0; k < 14; ++k) {
            const std::string id = "extra" + std::to_string(k);
            doc["criteria"].push_back({{"id", id}, {"name", id}});
            q["criteria"].push_back(id);
            for (auto& a : q["answers"])
                if (a.contains("swing")) a["swing"][id] = 10;
            for (auto& o : doc["options"]) o["scores"][id] = {{"value", 50}};
        }
        q["answers"][0].erase("swing");
        q["answers"][0]["method"] = "ahp";
        q["answers"][0]["ahp"] = {{"judges", one_judge(complete)}};
        CHECK_THAT(error_of(doc), Contains("[adva.elicitation.size]") && Contains("17 criteria"));
    }
}

TEST_CASE("adva validate lists an elicited answer's errors together, without follow-on errors") {
    json doc = with_ahp_answer(json::array({{{"judgements", {judgement("savings", "access", 0.5), judgement("access", "quality", 2)}}}}));
    const io::model_check check = io::check_model_text(doc.dump(), "m.json");
    REQUIRE(check.error_count == 2);  // the ratio, the missing pair: no "missing weight" after them
    CHECK_THAT(std::string(check.errors[0].what()), Contains("[adva.elicitation.ratio]"));
    CHECK_THAT(std::string(check.errors[1].what()), Contains("[adva.elicitation.judgement]"));
}
