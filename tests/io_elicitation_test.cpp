// Elicited answers in model files: an AHP answer to a weight question (one judge or a panel), a
// MACBETH answer (judgements of difference between swings) or a PAPRIKA answer (choices between
// hypothetical alternatives) gives the group's swings, derived when the model is read; the derived
// figures are written with the answer and refused when a file records ones its judgements do not give.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "adva/analysis/appraise.hpp"
#include "adva/analysis/model_weights.hpp"
#include "adva/io/report.hpp"
#include "adva/io/decision_report.hpp"
#include "adva/io/model_json.hpp"
#include "adva/weights/ahp.hpp"
#include "adva/weights/elicitation.hpp"
#include "adva/weights/macbeth.hpp"
#include "adva/weights/paprika.hpp"

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
    CHECK(answer["elicited"]["consistency_ratio"].get<double>() == *members_answer(m).elicited.outcome.consistency_ratio);
    CHECK(io::model_from_json(written) == m);

    SECTION("a recorded swing its judgements do not give is refused") {
        json tampered = written;
        tampered["functions"][0]["questions"][0]["answers"][0]["swing"]["access"] = 60;
        CHECK_THAT(error_of(tampered), Contains("[adva.elicitation.mismatch]") &&
                                           Contains("/functions/0/questions/0/answers/0/swing/access"));
    }
    SECTION("a record that agrees is kept to the last bit, and a partial one is refused") {
        json within = written;
        json& swing = within["functions"][0]["questions"][0]["answers"][0]["swing"];
        const double nudged = std::nextafter(swing["access"].get<double>(), 1e9);
        swing["access"] = nudged;
        const appraisal kept = io::model_from_json(within);
        CHECK(members_answer(kept).swing.at("access") == nudged);  // the record, not a fresh derivation
        CHECK(io::model_to_json(kept) == within);
        json partial = written;
        partial["functions"][0]["questions"][0]["answers"][0]["swing"].erase("quality");
        CHECK_THAT(error_of(partial), Contains("[adva.elicitation.mismatch]") && Contains("no swing for \"quality\""));
    }
    SECTION("so is a recorded consistency ratio") {
        json tampered = written;
        tampered["functions"][0]["questions"][0]["answers"][0]["elicited"]["consistency_ratio"] = 0.001;
        CHECK_THAT(error_of(tampered), Contains("[adva.elicitation.mismatch]") && Contains("/answers/0/elicited"));
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
    CHECK_THAT(error_of(with_ahp_answer(one_judge(json::array({judgement("savings", "savings", 2)})))), Contains("[adva.elicitation.judgement]"));
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

namespace {

json macbeth_judgement_json(const char* more, const char* less, json category) {
    return {{"more", more}, {"less", less}, {"category", std::move(category)}};
}

/// minimal.json with the members' answer to Q1 replaced by an answer of `method` with `payload`.
json with_elicited_answer(const char* method, json payload) {
    json doc = minimal_document();
    json& answer = doc["functions"][0]["questions"][0]["answers"][0];
    answer.erase("swing");
    answer["method"] = method;
    answer[method] = std::move(payload);
    return doc;
}

/// The swings an engine's weights give: the largest is 100.
double swing_of(const Eigen::VectorXd& weights, Eigen::Index i) { return 100.0 * (weights[i] / weights.maxCoeff()); }

}  // namespace

TEST_CASE("A MACBETH answer gives the swings and weight ranges of the MACBETH scale of its judgements") {
    // Q1 links access, quality, savings (elements 0, 1, 2; "[all lower]" is element 3).
    const json judgements = {macbeth_judgement_json("savings", "[all lower]", "strong"),
                             macbeth_judgement_json("access", "[all lower]", "moderate"),
                             macbeth_judgement_json("quality", "[all lower]", json::array({"very_weak", "weak"})),
                             macbeth_judgement_json("savings", "access", "weak"),
                             macbeth_judgement_json("access", "quality", "weak")};
    const appraisal m = io::model_from_json(with_elicited_answer("macbeth", {{"judgements", judgements}}));
    const answer& a = members_answer(m);
    REQUIRE(a.elicited.macbeth.judgements.size() == 5);
    CHECK(a.elicited.macbeth.judgements[2].lowest == macbeth_category::very_weak);
    CHECK(a.elicited.macbeth.judgements[2].highest == macbeth_category::weak);

    const std::vector<macbeth_judgement> same = {{2, 3, macbeth_category::strong, macbeth_category::strong},
                                                 {0, 3, macbeth_category::moderate, macbeth_category::moderate},
                                                 {1, 3, macbeth_category::very_weak, macbeth_category::weak},
                                                 {2, 0, macbeth_category::weak, macbeth_category::weak},
                                                 {0, 1, macbeth_category::weak, macbeth_category::weak}};
    const macbeth_weights_result expected = macbeth_weights(3, same);
    REQUIRE(expected.scale.consistent);
    CHECK(a.swing.at("savings") == 100.0);
    CHECK(a.swing.at("access") == Approx(swing_of(expected.weights, 0)).epsilon(1e-12));
    CHECK(a.swing.at("quality") == Approx(swing_of(expected.weights, 1)).epsilon(1e-12));
    CHECK(a.swing.at("savings") > a.swing.at("access"));
    CHECK(a.swing.at("access") > a.swing.at("quality"));
    CHECK(a.elicited.outcome.weight_ranges.at("access").first == Approx(expected.lower[0]).epsilon(1e-12));
    CHECK(a.elicited.outcome.weight_ranges.at("access").second == Approx(expected.upper[0]).epsilon(1e-12));
    CHECK(a.elicited.outcome.rule == "least_total_then_index_order");

    // Written with the derived figures, the range kept as a range; read back the same.
    const json written = io::model_to_json(m);
    const json& w = written["functions"][0]["questions"][0]["answers"][0];
    CHECK(w["macbeth"]["judgements"][2]["category"] == json::array({"very_weak", "weak"}));
    CHECK(w["elicited"]["weight_ranges"]["quality"].size() == 2);
    CHECK(io::model_from_json(written) == m);
    json tampered = written;
    tampered["functions"][0]["questions"][0]["answers"][0]["elicited"]["weight_ranges"]["quality"][1] = 0.9;
    CHECK_THAT(error_of(tampered), Contains("[adva.elicitation.mismatch]") && Contains("/answers/0/elicited"));
}

TEST_CASE("Inconsistent or misplaced MACBETH judgements are refused, with the change that would repair them") {
    // savings over access weak, access over quality weak, but savings over quality only very weak:
    // the two weak gaps add up to more than a very weak one.
    const json inconsistent = {macbeth_judgement_json("savings", "access", "weak"), macbeth_judgement_json("access", "quality", "weak"),
                               macbeth_judgement_json("savings", "quality", "very_weak"),
                               macbeth_judgement_json("quality", "[all lower]", "weak")};
    const std::string error = error_of(with_elicited_answer("macbeth", {{"judgements", inconsistent}}));
    CHECK_THAT(error, Contains("[adva.elicitation.inconsistent]") && Contains("/answers/0/macbeth/judgements") &&
                          Contains("savings over quality"));

    CHECK_THAT(error_of(with_elicited_answer("macbeth", {{"judgements", {macbeth_judgement_json("[all lower]", "savings", "weak")}}})),
               Contains("[adva.elicitation.judgement]") && Contains("/judgements/0/more"));
    CHECK_THAT(error_of(with_elicited_answer("macbeth", {{"judgements", {macbeth_judgement_json("savings", "cost", "weak")}}})),
               Contains("[adva.model.weight_question_siblings]") && Contains("/judgements/0/less"));
    CHECK_THAT(error_of(with_elicited_answer("macbeth", {{"judgements", {macbeth_judgement_json("savings", "access", "huge")}}})),
               Contains("very_strong"));
    // The engine's own rules name their place in the model: a range running downwards.
    CHECK_THAT(error_of(with_elicited_answer("macbeth", {{"judgements", {macbeth_judgement_json("savings", "access", json::array({"strong", "weak"})),
                                                                          macbeth_judgement_json("access", "quality", "weak"),
                                                                          macbeth_judgement_json("quality", "[all lower]", "weak")}}})),
               Contains("[adva.macbeth.") && Contains("/answers/0/macbeth/judgements/0"));

    json both = with_elicited_answer("ahp", {{"judges", json::array({{{"judgements", json::array()}}})}});
    both["functions"][0]["questions"][0]["answers"][0]["macbeth"] = {{"judgements", inconsistent}};
    CHECK_THAT(error_of(both), Contains("[adva.elicitation.method]") && Contains("/answers/0/macbeth"));
}

TEST_CASE("A PAPRIKA answer gives the swings, level points and weight ranges of its trade-offs") {
    const json levels = {{"access", {"reduced", "kept"}}, {"quality", {"as now", "better"}}, {"savings", {"none", "£1m"}}};
    // A decision maker with points access 40, quality 20, savings 60 at the top levels.
    const json answers = {{{"a", {{"access", 1}, {"quality", 0}}}, {"b", {{"access", 0}, {"quality", 1}}}, {"answer", "a_better"}},
                          {{"a", {{"access", 1}, {"savings", 0}}}, {"b", {{"access", 0}, {"savings", 1}}}, {"answer", "b_better"}},
                          {{"a", {{"quality", 1}, {"savings", 0}}}, {"b", {{"quality", 0}, {"savings", 1}}}, {"answer", "b_better"}}};
    const appraisal m = io::model_from_json(with_elicited_answer("paprika", {{"levels", levels}, {"answers", answers}}));
    const answer& a = members_answer(m);

    // The least total with unit gaps: quality 1, access 2, savings 3 — swings 100, 2/3 and 1/3 of it.
    CHECK(a.swing.at("savings") == 100.0);
    CHECK(a.swing.at("access") == Approx(200.0 / 3).epsilon(1e-12));
    CHECK(a.swing.at("quality") == Approx(100.0 / 3).epsilon(1e-12));
    REQUIRE(a.elicited.outcome.level_points.at("savings").size() == 2);
    CHECK(a.elicited.outcome.level_points.at("savings")[0] == 0.0);
    CHECK(a.elicited.outcome.level_points.at("savings")[1] == Approx(50.0).epsilon(1e-12));
    CHECK(a.elicited.outcome.rule == "minimum_total");

    const std::vector<std::pair<paprika_question, paprika_answer>> same = {
        {{{{0, 1}, {1, 0}}, {{0, 0}, {1, 1}}}, paprika_answer::a_better},
        {{{{0, 1}, {2, 0}}, {{0, 0}, {2, 1}}}, paprika_answer::b_better},
        {{{{1, 1}, {2, 0}}, {{1, 0}, {2, 1}}}, paprika_answer::b_better}};
    const paprika_result expected = paprika({2, 2, 2}, same);
    REQUIRE(expected.consistent);
    CHECK(*a.elicited.outcome.questions_possible == expected.questions_possible);
    CHECK(*a.elicited.outcome.questions_implied == expected.questions_implied);
    CHECK(a.elicited.outcome.weight_ranges.at("access").first == Approx(expected.weight_ranges[0].min).epsilon(1e-12));
    CHECK(a.elicited.outcome.weight_ranges.at("access").second == Approx(expected.weight_ranges[0].max).epsilon(1e-12));
    // The true weights (0.33, 0.17, 0.5) lie within the ranges.
    CHECK(a.elicited.outcome.weight_ranges.at("quality").first <= 20.0 / 120);
    CHECK(a.elicited.outcome.weight_ranges.at("quality").second >= 20.0 / 120);

    const json written = io::model_to_json(m);
    CHECK(written["functions"][0]["questions"][0]["answers"][0]["paprika"]["levels"]["savings"][1] == "£1m");
    CHECK(io::model_from_json(written) == m);
}

TEST_CASE("PAPRIKA answers that contradict each other, or name levels a criterion lacks, are refused") {
    const json levels = {{"access", {"reduced", "kept"}}, {"quality", {"as now", "better"}}, {"savings", {"none", "£1m"}}};
    const auto choice = [](const char* x, const char* y, const char* answer) {
        return json{{"a", {{x, 1}, {y, 0}}}, {"b", {{x, 0}, {y, 1}}}, {"answer", answer}};
    };
    // access over quality over savings over access: a cycle.
    const json cycle = {choice("access", "quality", "a_better"), choice("quality", "savings", "a_better"),
                        choice("access", "savings", "b_better")};
    CHECK_THAT(error_of(with_elicited_answer("paprika", {{"levels", levels}, {"answers", cycle}})),
               Contains("[adva.elicitation.inconsistent]") && Contains("answers 0, 1, 2") && Contains("/paprika/answers"));

    json high = json::array({choice("access", "quality", "a_better")});
    high[0]["a"]["access"] = 2;
    CHECK_THAT(error_of(with_elicited_answer("paprika", {{"levels", levels}, {"answers", high}})),
               Contains("[adva.elicitation.levels]") && Contains("/answers/0/a/access"));
    json missing = levels;
    missing.erase("quality");
    CHECK_THAT(error_of(with_elicited_answer("paprika", {{"levels", missing}, {"answers", json::array()}})),
               Contains("[adva.elicitation.levels]") && Contains("\"quality\""));
    // Not a trade-off: A is better on both criteria (the engine's rule, placed in the model).
    const json dominated = {{{"a", {{"access", 1}, {"quality", 1}}}, {"b", {{"access", 0}, {"quality", 0}}}, {"answer", "a_better"}}};
    CHECK_THAT(error_of(with_elicited_answer("paprika", {{"levels", levels}, {"answers", dominated}})),
               Contains("[adva.paprika.") && Contains("/paprika/answers/0"));
}

TEST_CASE("Every report says how each weight answer was elicited") {
    const json judges = json::array({{{"by", "Cabinet"},
                                      {"judgements", {judgement("savings", "access", 3), judgement("access", "quality", 2),
                                                      judgement("savings", "quality", 5)}}}});
    const appraisal m = io::model_from_json(with_ahp_answer(judges));
    const appraisal_result r = appraise(m);
    const json doc = io::result_to_json(m, r);
    const json& answers = doc["weights"]["answers"];
    REQUIRE(answers.size() == 2);  // both groups' answers to Q1
    CHECK(answers[0]["group"] == "members");
    CHECK(answers[0]["method"] == "ahp");
    CHECK(answers[0]["consistency_ratio"].get<double>() == *members_answer(m).elicited.outcome.consistency_ratio);
    CHECK_THAT(answers[0]["summary"].get<std::string>(), Contains("elicited by AHP: 1 judge, consistency ratio 0.00") &&
                                                            Contains("(acceptable)"));
    CHECK(answers[1]["method"] == "swing");
    CHECK(answers[1]["summary"] == "");
    CHECK_THAT(io::markdown_report(m, r), Contains("elicited by AHP: 1 judge"));
}

TEST_CASE("The decision report's appendix shows each elicited answer's judgements and what they gave") {
    // The embedded model, unlocked, with the example answers elicited by AHP, MACBETH and PAPRIKA.
    json doc = io::model_to_json(io::default_model());
    doc.erase("governance");
    std::ifstream in(std::string(ADVA_SOURCE_DIR) + "/examples/elicited_answers.json");
    const json elicited = json::parse(in);
    for (auto& f : doc["functions"])
        for (auto& q : f["questions"])
            if (elicited.contains(q["id"].get<std::string>())) q["answers"].push_back(elicited[q["id"].get<std::string>()]);
    const appraisal m = io::model_from_json(doc);
    const io::decision_report report = io::assemble_decision_report(m);
    const std::string html = io::html_report(m, report);
    const auto appendix = html.substr(html.find("<section id=\"sec-elicitation\">"));
    CHECK_THAT(appendix, Contains("Q17 — ") && Contains("elicited by AHP: 2 judges"));
    CHECK_THAT(appendix, Contains("Judge Leader of the council: consistency ratio"));
    CHECK_THAT(appendix, Contains("<td>1/3</td>"));                // the reciprocal of a judgement
    CHECK_THAT(appendix, Contains("<td>strong to very strong</td>"));  // a MACBETH range
    CHECK_THAT(appendix, Contains("needs 10% unplanned growth &lt; needs 5% &lt; fits with headroom"));
    CHECK_THAT(appendix, Contains("What the judgements give") && Contains("% to "));
    const std::string markdown = io::markdown_decision_report(m, report);
    CHECK_THAT(markdown, Contains("## Appendix: how the weights were elicited") && Contains("### Q4 — "));

    const std::string plain = io::html_report(io::default_model(), io::assemble_decision_report(io::default_model()));
    CHECK_THAT(plain, Contains("No weight was elicited by AHP, MACBETH or PAPRIKA"));
}

namespace {

json bisection_curve_json(double worst, double best, json midpoints) {
    return {{"worst", worst}, {"best", best}, {"midpoints", std::move(midpoints)}};
}
json midpoint(double value, double level) { return {{"value", value}, {"level", level}}; }

/// minimal.json with an anchor question Q4 on `quality`, answered by the users with a bisection.
json with_bisection(const json& curves) {
    json doc = minimal_document();
    doc["functions"][0]["questions"].push_back({{"id", "Q4"},
                                                {"kind", "anchor"},
                                                {"text", "What do 0 and 100 mean for quality, and how does value grow between?"},
                                                {"criteria", {"quality"}},
                                                {"answers", json::array({{{"group", "users"}, {"method", "bisection"}, {"bisection", curves}}})}});
    return doc;
}

}  // namespace

TEST_CASE("A bisection answer on an anchor question gives its criterion's value function") {
    // Quality 0..100 (direct by default); the users value the first gains most: 40 is halfway.
    const json curves = {{"quality", bisection_curve_json(0, 100, json::array({midpoint(50, 40), midpoint(25, 18), midpoint(75, 70)}))}};
    const appraisal m = io::model_from_json(with_bisection(curves));
    const criterion& quality = m.criteria[1];
    REQUIRE(quality.value.kind == value_function_kind::piecewise_linear);
    const std::vector<std::pair<double, double>> expected = {{0, 0}, {18, 25}, {40, 50}, {70, 75}, {100, 100}};
    CHECK(quality.value.points == expected);
    const answer& a = m.functions[0].questions[2].answers[0];
    CHECK(a.elicited.outcome.value_functions.at("quality") == expected);
    CHECK_THAT(elicitation_text(a), Contains("bisection") && Contains("quality") && Contains("3 midpoints"));
    // Option A scores 60 on quality: between 40 (50) and 70 (75).
    const auto r = appraise(m);
    CHECK(r.values(0, 1) == Approx(50 + 25 * (60.0 - 40) / (70 - 40)).epsilon(1e-12));

    // Written with the function and the record; read back the same; a hand edit is refused.
    const json written = io::model_to_json(m);
    CHECK(written["criteria"][1]["value_function"]["kind"] == "piecewise_linear");
    CHECK(io::model_from_json(written) == m);
    json edited = written;
    edited["criteria"][1]["value_function"]["points"][2][1] = 55;
    CHECK_THAT(error_of(edited), Contains("[adva.elicitation.value_function]") && Contains("/criteria/1/value_function"));
    edited = written;
    edited["criteria"][1]["value_function"] = {{"kind", "linear"}, {"lower", 0}, {"upper", 100}};
    CHECK_THAT(error_of(edited), Contains("[adva.elicitation.value_function]"));
    edited = written;
    edited["functions"][0]["questions"][2]["answers"][0]["elicited"]["value_functions"]["quality"][1][0] = 20;
    CHECK_THAT(error_of(edited), Contains("[adva.elicitation.mismatch]"));
    // The report's appendix shows the bisection.
    const std::string markdown = io::markdown_decision_report(m, io::assemble_decision_report(m));
    CHECK_THAT(markdown, Contains("### Q4 — ") && Contains("Bisection of") && Contains("The value function of"));
}

TEST_CASE("Bisection answers that break a rule are refused, naming the place and the rule") {
    const auto curve = [](double worst, double best, json midpoints) {
        return json{{"quality", bisection_curve_json(worst, best, std::move(midpoints))}};
    };
    CHECK_THAT(error_of(with_bisection(curve(0, 100, json::array({midpoint(25, 30)})))),
               Contains("[adva.elicitation.bisection]") && Contains("/bisection/quality/midpoints/0/value") && Contains("halves the value"));
    CHECK_THAT(error_of(with_bisection(curve(0, 100, json::array({midpoint(50, 40), midpoint(75, 30)})))),
               Contains("[adva.elicitation.bisection]") && Contains("/midpoints/1/level") && Contains("strictly between"));
    CHECK_THAT(error_of(with_bisection(curve(0, 100, json::array({midpoint(50, 40), midpoint(50, 45)})))),
               Contains("/midpoints/1/value"));
    CHECK_THAT(error_of(with_bisection(curve(5, 5, json::array()))), Contains("finite and different"));
    CHECK_THAT(error_of(with_bisection(json{{"access", bisection_curve_json(0, 100, json::array())}})),
               Contains("[adva.model.weight_question_siblings]") && Contains("does not link"));
    // Which way is better is the answer's: a best level below the worst gives a falling function.
    const appraisal reversed = io::model_from_json(with_bisection(curve(100, 0, json::array({midpoint(50, 40)}))));
    CHECK(better_direction(reversed.criteria[1]) == direction::lower_is_better);
    // A second group bisecting the same criterion.
    json twice = with_bisection(curve(0, 100, json::array({midpoint(50, 40)})));
    json second = twice["functions"][0]["questions"][2]["answers"][0];
    second["group"] = "members";
    twice["functions"][0]["questions"][2]["answers"].push_back(second);
    CHECK_THAT(error_of(twice), Contains("[adva.elicitation.value_function]") && Contains("comes from one answer"));
    // A bisection on a weight question, and weight judgements on an anchor question.
    CHECK_THAT(error_of(with_elicited_answer("bisection", curve(0, 100, json::array()))),
               Contains("[adva.elicitation.method]") && Contains("anchor question"));
}

namespace {

json judged_levels(double more, double less, json category) { return {{"more", more}, {"less", less}, {"category", std::move(category)}}; }

/// minimal.json with an anchor question Q4 on `quality`, answered by the users with MACBETH
/// judgements between quality's levels.
json with_macbeth_scale(const json& scales) {
    json doc = with_bisection(json::object());
    json& answer = doc["functions"][0]["questions"][2]["answers"][0];
    answer.erase("bisection");
    answer["method"] = "macbeth";
    answer["macbeth"] = {{"scales", scales}};
    return doc;
}

/// Quality's levels 0, 50 and 100: 50 over 0 moderate, 100 over 50 weak, 100 over 0 strong. The
/// least basic scale is 0, 3, 5 (the greatest score 5 = s₂ + s₃ + 1 at the least thresholds, and
/// then 50's score is fixed at 3): anchored 0, 60, 100.
json quality_scale_json(json judgements = json::array({judged_levels(50, 0, "moderate"), judged_levels(100, 50, "weak"),
                                                  judged_levels(100, 0, "strong")})) {
    return {{"quality", {{"levels", {0, 50, 100}}, {"judgements", std::move(judgements)}}}};
}

}  // namespace

TEST_CASE("A MACBETH answer on an anchor question gives its criterion's value function, with each level's range") {
    const appraisal m = io::model_from_json(with_macbeth_scale(quality_scale_json()));
    const criterion& quality = m.criteria[1];
    REQUIRE(quality.value.kind == value_function_kind::piecewise_linear);
    REQUIRE(quality.value.points.size() == 3);
    const std::vector<std::pair<double, double>> expected = {{0, 0}, {50, 60}, {100, 100}};
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(quality.value.points[k].first == expected[k].first);
        CHECK(quality.value.points[k].second == Approx(expected[k].second).margin(1e-9));
    }
    const answer& a = m.functions[0].questions[2].answers[0];
    CHECK(a.elicited.outcome.value_functions.at("quality") == quality.value.points);
    CHECK(a.elicited.outcome.rule == "least_total_then_index_order");
    // With 0 and 100 fixed, 50's basic score 3 may move within (2.5, 5): 50 to 100 anchored; the
    // bottom's within (-inf, 1) and the top's within (3, 6), each held inside 0–100.
    const std::vector<std::pair<double, double>> ranges = {{0, 20}, {50, 100}, {60, 100}};
    const auto& recorded = a.elicited.outcome.value_ranges.at("quality");
    REQUIRE(recorded.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(recorded[k].first == Approx(ranges[k].first).margin(1e-9));
        CHECK(recorded[k].second == Approx(ranges[k].second).margin(1e-9));
    }
    CHECK_THAT(elicitation_text(a), Contains("MACBETH") && Contains("value scale of quality") && Contains("3 judgements"));
    // Option A scores 60 on quality: between 50 (60) and 100 (100).
    CHECK(appraise(m).values(0, 1) == Approx(60 + 40 * (60.0 - 50) / 50).epsilon(1e-9));

    // Another judgement, another scale: 100 over 50 "moderate" gives the least scale 0, 3, 6.
    const appraisal moved = io::model_from_json(with_macbeth_scale(quality_scale_json(
        json::array({judged_levels(50, 0, "moderate"), judged_levels(100, 50, "moderate"), judged_levels(100, 0, "strong")}))));
    CHECK(moved.criteria[1].value.points[1].second == Approx(50).margin(1e-9));

    // Written with the judgements, the function and the record; read back the same; edits refused.
    const json written = io::model_to_json(m);
    const json& answer_json = written["functions"][0]["questions"][2]["answers"][0];
    CHECK(answer_json["macbeth"]["scales"]["quality"]["levels"] == json::array({0, 50, 100}));
    CHECK(answer_json["elicited"]["value_ranges"]["quality"].size() == 3);
    CHECK(io::model_from_json(written) == m);
    json edited = written;
    edited["functions"][0]["questions"][2]["answers"][0]["elicited"]["value_ranges"]["quality"][1][0] = 40;
    CHECK_THAT(error_of(edited), Contains("[adva.elicitation.mismatch]"));
    edited = written;
    edited["criteria"][1]["value_function"]["points"][1][1] = 70;
    CHECK_THAT(error_of(edited), Contains("[adva.elicitation.value_function]") && Contains("its macbeth answer gives"));
    // Which way is better is the judgements': 0 over 100 makes lower better.
    const appraisal falling = io::model_from_json(with_macbeth_scale(
        quality_scale_json(json::array({judged_levels(0, 50, "strong"), judged_levels(50, 100, "weak")}))));
    CHECK(better_direction(falling.criteria[1]) == direction::lower_is_better);
    CHECK(falling.criteria[1].value.points.front().second == 100.0);
    CHECK(falling.criteria[1].value.points.back().second == 0.0);
    // The report's appendix shows the judgement matrix and the scale with its ranges.
    const std::string markdown = io::markdown_decision_report(m, io::assemble_decision_report(m));
    CHECK_THAT(markdown, Contains("MACBETH judgements between the levels of") && Contains("The value scale of") &&
                             Contains("moderate") && Contains("50.0–100.0"));
    // The HTML report draws the value function: a dot per level and a bar over its range, each
    // mark's number in the figure's data table.
    const std::string html = io::html_report(m, io::assemble_decision_report(m));
    const auto at = html.find("<figure class=\"chart\" id=\"fig-value-quality\">");
    REQUIRE(at != std::string::npos);
    const std::string figure = html.substr(at, html.find("</figure>", at) - at);
    const std::string svg = figure.substr(0, figure.find("</svg>")), table = figure.substr(figure.find("</svg>"));
    const std::regex key(R"re(data-key(?:-x)?="([^"]+)" data-value(?:-x)?="([^"]+)")re");
    std::size_t marks = 0;
    for (std::sregex_iterator it(svg.begin(), svg.end(), key), end; it != end; ++it, ++marks)
        CHECK_THAT(table, Contains("data-key=\"" + (*it)[1].str() + "\" data-value=\"" + (*it)[2].str() + "\""));
    CHECK(marks == 3 * 2 + 3 * 2);  // per level: the dot (value and level) and the bar's two ends
    CHECK_THAT(svg, Contains("data-key=\"quality|50|lowest\""));
}

TEST_CASE("MACBETH answers on levels that break a rule are refused, naming the place and the rule") {
    CHECK_THAT(error_of(with_macbeth_scale(quality_scale_json(json::array({judged_levels(60, 0, "weak")})))),
               Contains("[adva.elicitation.levels]") && Contains("/macbeth/scales/quality/judgements/0/more") &&
                   Contains("levels the scale lists"));
    json scales = quality_scale_json();
    scales["quality"]["levels"] = {0, 50, 50};
    CHECK_THAT(error_of(with_macbeth_scale(scales)), Contains("[adva.elicitation.levels]") && Contains("/levels/2") &&
                                                         Contains("each listed once"));
    scales["quality"]["levels"] = {0};
    CHECK_THAT(error_of(with_macbeth_scale(scales)), Contains("from 2 to 100 levels"));
    CHECK_THAT(error_of(with_macbeth_scale(json::object())), Contains("[adva.elicitation.levels]") && Contains("at least one criterion"));
    // Inconsistent: 50 over 0 strong, 100 over 50 strong, but 100 over 0 only weak.
    CHECK_THAT(error_of(with_macbeth_scale(quality_scale_json(json::array(
                   {judged_levels(50, 0, "strong"), judged_levels(100, 50, "strong"), judged_levels(100, 0, "weak")})))),
               Contains("[adva.elicitation.inconsistent]") && Contains("/macbeth/scales/quality/judgements") &&
                   Contains("100 over 0"));
    // Levels not connected by the judgements.
    scales = quality_scale_json(json::array({judged_levels(50, 0, "weak")}));
    CHECK_THAT(error_of(with_macbeth_scale(scales)), Contains("/macbeth/scales/quality/judgements"));
    // Scales answer an anchor question; swing judgements a weight one.
    json doc = with_macbeth_scale(quality_scale_json());
    doc["functions"][0]["questions"][2]["answers"][0]["macbeth"]["judgements"] =
        json::array({{{"more", "quality"}, {"less", "[all lower]"}, {"category", "weak"}}});
    CHECK_THAT(error_of(doc), Contains("[adva.elicitation.method]") && Contains("/macbeth/judgements"));
    json weight = minimal_document();
    json& members = weight["functions"][0]["questions"][0]["answers"][0];
    members.erase("swing");
    members["method"] = "macbeth";
    members["macbeth"] = {{"scales", quality_scale_json()}};
    CHECK_THAT(error_of(weight), Contains("[adva.elicitation.method]") && Contains("anchor question"));
    // A criterion on a relative scale takes no value function.
    doc = with_macbeth_scale(quality_scale_json());
    doc["criteria"][1]["scale"] = "relative";
    CHECK_THAT(error_of(doc), Contains("[adva.elicitation.value_function]") && Contains("macbeth answer"));
    // A bisection and a MACBETH scale of the same criterion.
    doc = with_macbeth_scale(quality_scale_json());
    doc["functions"][0]["questions"][2]["answers"].push_back(
        {{"group", "members"},
         {"method", "bisection"},
         {"bisection", {{"quality", bisection_curve_json(0, 100, json::array({midpoint(50, 40)}))}}}});
    CHECK_THAT(error_of(doc), Contains("[adva.elicitation.value_function]") && Contains("comes from one answer"));
}
