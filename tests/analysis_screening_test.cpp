// Gate screening: pass / fail / unknown with reasons, both unknown policies, benchmarks kept and
// flagged, discounted options recorded (and allowed to be incomplete).
#include <catch2/catch.hpp>

#include <algorithm>

#include "adva/analysis/appraise.hpp"
#include "adva/error_sink.hpp"
#include "adva/io/model_json.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;
using adva::testing::make_option;
using adva::testing::two_level_model;

namespace {
gate attribute_gate(std::string id, std::string attribute, comparison op, std::vector<attribute_value> values,
                    unknown_policy on_unknown) {
    gate g;
    g.id = std::move(id);
    g.name = "Gate " + g.id;
    g.kind = gate_kind::attribute;
    g.attribute = std::move(attribute);
    g.op = op;
    g.values = std::move(values);
    g.on_unknown = on_unknown;
    return g;
}

// Gates: G1 operational_independence == true (unknown: keep); G2 value of the interior node B >= 50
// (unknown: keep); G3 legal_form one of "company", "trust" (unknown: discount).
// B = .5 * B1 + .5 * (100 - B2).
appraisal gated_model() {
    auto m = two_level_model();
    m.attributes = {{"operational_independence", "Operational independence", attribute_type::boolean, ""},
                    {"legal_form", "Legal form", attribute_type::text, ""},
                    {"set_up_months", "Months to set up", attribute_type::number, ""}};
    m.gates.push_back(attribute_gate("G1", "operational_independence", comparison::equal, {true}, unknown_policy::keep));
    gate g2;
    g2.id = "G2";
    g2.name = "Gate G2";
    g2.kind = gate_kind::threshold;
    g2.criterion = "B";
    g2.op = comparison::greater_equal;
    g2.threshold = 50;
    m.gates.push_back(g2);
    m.gates.push_back(attribute_gate("G3", "legal_form", comparison::one_of, {std::string("company"), std::string("trust")},
                                     unknown_policy::discount));
    // O1 (business as usual): fails G1 and G3, B = 60 passes G2.
    m.options[0].attributes = {{"operational_independence", false}, {"legal_form", std::string("council")}};
    // O2: passes everything (B = 90).
    m.options[1].attributes = {{"operational_independence", true}, {"legal_form", std::string("trust")}};
    // O3: G1 unknown (kept), B = 40 fails G2 -> discounted.
    m.options[2].attributes = {{"legal_form", std::string("company")}};
    // O4: B1 unscored -> G2 unknown (keep); legal_form unset -> G3 unknown (discount) -> discounted.
    m.options.push_back(make_option("O4", {{"A1", 50}, {"A2", 50}, {"B2", 50}}, "mutual"));
    m.options[3].attributes = {{"operational_independence", true}};
    // O5: G1 unknown (keep) -> shortlisted but flagged; B = 50 passes G2 (>= 50).
    m.options.push_back(make_option("O5", {{"A1", 50}, {"A2", 50}, {"B1", 50}, {"B2", 50}}, "independent_trust"));
    m.options[4].attributes = {{"legal_form", std::string("company")}};
    return m;
}
}  // namespace

TEST_CASE("screening gives every gate a status and a reason", "[analysis][screening]") {
    const auto r = appraise(gated_model());
    REQUIRE(r.screening.size() == 5);

    const auto& o1 = r.screening[0];
    CHECK(o1.option == "O1");
    CHECK(o1.gates[0].status == gate_status::fail);
    CHECK(o1.gates[0].reason == "operational_independence is false, required true");
    CHECK(o1.gates[1].status == gate_status::pass);
    CHECK(o1.gates[1].reason == "B value is 60 on 0-100, required >= 50 under the consensus weights");
    CHECK(o1.gates[2].status == gate_status::fail);
    CHECK(o1.gates[2].reason == "legal_form is \"council\", required one of \"company\", \"trust\"");
    // The benchmark stays on the short list, flagged with the failures.
    CHECK(o1.benchmark);
    CHECK(o1.shortlisted);
    CHECK(o1.flagged);
    CHECK(o1.reason ==
          "kept as a benchmark (business as usual) despite: gate G1 (Gate G1) failed: operational_independence is "
          "false, required true; gate G3 (Gate G3) failed: legal_form is \"council\", required one of \"company\", "
          "\"trust\"");

    const auto& o2 = r.screening[1];
    CHECK(o2.shortlisted);
    CHECK_FALSE(o2.flagged);
    CHECK_FALSE(o2.benchmark);
    CHECK(o2.reason.empty());
    for (const auto& g : o2.gates) CHECK(g.status == gate_status::pass);

    const auto& o3 = r.screening[2];
    CHECK(o3.gates[0].status == gate_status::unknown);
    CHECK(o3.gates[0].reason == "operational_independence is not set, required true");
    CHECK(o3.gates[1].status == gate_status::fail);
    CHECK_FALSE(o3.shortlisted);
    CHECK(o3.reason ==
          "discounted: gate G1 (Gate G1) unknown: operational_independence is not set, required true; gate G2 (Gate G2) "
          "failed: B value is 40 on 0-100, required >= 50 under the consensus weights");

    const auto& o4 = r.screening[3];
    CHECK(o4.gates[1].status == gate_status::unknown);  // interior node over an unscored leaf
    CHECK(o4.gates[1].reason == "B has no value (not scored: B1), required >= 50 under the consensus weights");
    CHECK(o4.gates[2].status == gate_status::unknown);
    CHECK_FALSE(o4.shortlisted);  // G3's unknown policy is discount
    CHECK(o4.reason ==
          "discounted: gate G2 (Gate G2) unknown: B has no value (not scored: B1), required >= 50 under the consensus weights; gate G3 (Gate G3) "
          "unknown: legal_form is not set, required one of \"company\", \"trust\"");

    const auto& o5 = r.screening[4];
    CHECK(o5.gates[1].status == gate_status::pass);  // exactly on the threshold
    CHECK(o5.shortlisted);
    CHECK(o5.flagged);
    CHECK(o5.reason == "kept, to follow up: gate G1 (Gate G1) unknown: operational_independence is not set, required true");

    // Only the short list is ranked: O2 78, O1 66, O5 50. The incomplete O4 is allowed (discounted).
    REQUIRE(r.ranking.size() == 3);
    CHECK(r.ranking[0].option == "O2");
    CHECK(r.ranking[1].option == "O1");
    CHECK(r.ranking[2].option == "O5");
    CHECK(r.ranking[2].total == Approx(50.0).margin(1e-12));
    CHECK(r.dominance.size() == 3);
}

TEST_CASE("the unknown policy decides whether an unknown gate discounts", "[analysis][screening]") {
    auto m = gated_model();
    m.gates[0].on_unknown = unknown_policy::discount;  // G1 unknown now discounts O5
    const auto r = appraise(m);
    CHECK_FALSE(r.screening[4].shortlisted);
    CHECK(r.screening[4].reason ==
          "discounted: gate G1 (Gate G1) unknown: operational_independence is not set, required true");
    CHECK(r.ranking.size() == 2);
}

TEST_CASE("a do-minimum option that fails a gate is kept and flagged", "[analysis][screening]") {
    auto m = gated_model();
    m.options[2].do_minimum = true;  // O3 fails G2
    const auto r = appraise(m);
    CHECK(r.screening[2].shortlisted);
    CHECK(r.screening[2].flagged);
    CHECK(r.screening[2].reason.rfind("kept as a benchmark (do-minimum) despite: ", 0) == 0);
}

TEST_CASE("attribute gates compare numbers and sets", "[analysis][screening]") {
    auto m = gated_model();
    const Eigen::MatrixXd no_values;  // attribute gates do not read values
    m.options[1].attributes["set_up_months"] = 12.0;
    m.options[2].attributes["set_up_months"] = 24.5;
    const auto g = attribute_gate("G4", "set_up_months", comparison::less_equal, {18.0}, unknown_policy::keep);
    auto pass = evaluate_gate(m, g, 1, no_values);
    CHECK(pass.status == gate_status::pass);
    CHECK(pass.reason == "set_up_months is 12, required <= 18");
    auto fail = evaluate_gate(m, g, 2, no_values);
    CHECK(fail.status == gate_status::fail);
    CHECK(fail.reason == "set_up_months is 24.5, required <= 18");

    const auto none = attribute_gate("G5", "legal_form", comparison::none_of, {std::string("council")}, unknown_policy::keep);
    CHECK(evaluate_gate(m, none, 0, no_values).status == gate_status::fail);
    CHECK(evaluate_gate(m, none, 1, no_values).status == gate_status::pass);
    CHECK(evaluate_gate(m, none, 1, no_values).reason == "legal_form is \"trust\", required none of \"council\"");
}

TEST_CASE("a discounted option with a missing score is allowed, a shortlisted one is not", "[analysis][screening]") {
    auto m = gated_model();
    m.options[3].business_as_usual = true;  // O4 becomes a benchmark, so it is shortlisted while incomplete
    REQUIRE_THROWS_MATCHES(appraise(m), invalid_input,
                           Catch::Matchers::Message("[adva.appraise.missing_score] /options/3/scores/B1: an option on the "
                                                    "short list needs a score on every leaf criterion (seen: no score)"));
}

namespace {
// gated_model() with a gate question on G1 (operational independence), answered by `answers`.
appraisal with_gate_question(std::vector<answer> answers) {
    auto m = gated_model();
    for (const char* id : {"members", "officers"}) m.groups.push_back({id, std::string("Group ") + id, "", 1.0, ""});
    service_function f;
    f.id = "F1";
    f.name = "Independence";
    question q;
    q.id = "Q7";
    q.text = "Does a statutory direction require operational independence?";
    q.kind = question_kind::gate;
    q.gates = {"G1"};
    q.answers = std::move(answers);
    f.questions.push_back(q);
    m.functions.push_back(f);
    return m;
}

answer applies_answer(std::string group, bool applies) {
    answer a;
    a.group = std::move(group);
    a.by = "Monitoring officer";
    a.text = applies ? "Yes" : "No";
    a.rationale = applies ? "The direction says so." : "There is no statutory direction.";
    a.applies = applies;
    return a;
}
}  // namespace

TEST_CASE("a gate answered 'does not apply' is not applicable to every option, with the answer as reason",
          "[analysis][screening]") {
    const auto before = appraise(gated_model());
    CHECK(before.screening[4].flagged);  // O5: G1 unknown
    const auto r = appraise(with_gate_question({applies_answer("officers", false)}));
    for (const auto& e : r.screening) {
        INFO(e.option);
        REQUIRE(e.gates[0].gate == "G1");
        CHECK(e.gates[0].status == gate_status::not_applicable);
        CHECK(e.gates[0].reason ==
              "not applicable: Q7 answered by Monitoring officer (officers): There is no statutory direction.");
        CHECK(e.reason.find("G1") == std::string::npos);
    }
    CHECK_FALSE(r.screening[4].flagged);  // O5's only open question was G1
    CHECK(r.screening[4].reason.empty());
    // The other gates are untouched: O3 still fails G2.
    CHECK_FALSE(r.screening[2].shortlisted);
    CHECK(std::string(to_string(gate_status::not_applicable)) == "not_applicable");
    // An answer that says the gate applies changes nothing.
    const auto yes = appraise(with_gate_question({applies_answer("officers", true)}));
    for (std::size_t o = 0; o < yes.screening.size(); ++o) CHECK(yes.screening[o].gates[0].status == before.screening[o].gates[0].status);
}

TEST_CASE("answers that disagree on whether a gate applies, or say it off a gate question, are refused",
          "[analysis][screening]") {
    using Catch::Matchers::Contains;
    auto conflict = with_gate_question({applies_answer("members", true), applies_answer("officers", false)});
    CHECK_THROWS_WITH(validate(conflict), Contains("adva.model.gate_applicability") && Contains("/functions/0/questions/0/answers/1/applies") &&
                                              Contains("answers disagree on whether gate G1 applies"));
    auto not_gate = with_gate_question({applies_answer("officers", false)});
    not_gate.functions[0].questions[0].kind = question_kind::context;
    not_gate.functions[0].questions[0].criteria = {"A"};
    CHECK_THROWS_WITH(validate(not_gate), Contains("adva.model.applies"));
}

TEST_CASE("a threshold gate on an interior node reads it under its own weights, whichever group is viewed",
          "[analysis][screening]") {
    using adva::testing::add_top_level_answers;
    auto m = two_level_model();
    m.options[0].business_as_usual = false;
    add_top_level_answers(m, {{"a", 1.0, 100, 100}, {"b", 1.0, 100, 100}});
    // Within B the groups disagree: a weights B1 (50) over B2 (value 70); b the reverse. O1's B is
    // (100·50 + 20·70)/120 = 53.3 for a, (20·50 + 100·70)/120 = 66.7 for b, 60 for the consensus.
    question q;
    q.id = "Q2";
    q.kind = question_kind::weight;
    q.criteria = {"B1", "B2"};
    answer x, y;
    x.group = "a";
    x.swing = {{"B1", 100}, {"B2", 20}};
    y.group = "b";
    y.swing = {{"B1", 20}, {"B2", 100}};
    q.answers = {x, y};
    m.functions[0].questions.push_back(q);
    m.gates.push_back(testing::make_threshold_gate("G", "B", comparison::greater_equal, 55));

    for (const std::string group : {"", "a", "b"}) {
        INFO("viewed as '" << group << "'");
        appraise_options o;
        o.group = group;
        const auto r = appraise(m, o);
        CHECK(r.screening[0].gates[0].status == gate_status::pass);
        CHECK(r.screening[0].gates[0].reason == "B value is 60 on 0-100, required >= 55 under the consensus weights");
    }
    m.gates[0].weights = "a";
    for (const std::string group : {"", "b"}) {
        appraise_options o;
        o.group = group;
        const auto r = appraise(m, o);
        CHECK(r.screening[0].gates[0].status == gate_status::fail);
        CHECK(r.screening[0].gates[0].reason == "B value is 53.3333 on 0-100, required >= 55 under the 'a' weights");
        CHECK_FALSE(r.screening[0].shortlisted);
    }
    using Catch::Matchers::Contains;
    m.gates[0].weights = "staff";
    CHECK_THROWS_WITH(validate(m), Contains("adva.model.unknown_id") && Contains("/gates/0/weights") &&
                                       Contains("known, closest first: a, b, consensus"));
    // A threshold on a leaf does not depend on weights, and says nothing about them.
    m.gates[0] = testing::make_threshold_gate("G", "B1", comparison::greater_equal, 55);
    CHECK(appraise(m).screening[0].gates[0].reason == "B1 value is 50 on 0-100, required >= 55");
}

TEST_CASE("no stakeholder group may be called consensus", "[analysis][screening]") {
    auto m = two_level_model();
    testing::add_top_level_answers(m, {{"consensus", 1.0, 100, 50}});
    CHECK_THROWS_WITH(validate(m), Catch::Matchers::Contains("adva.model.reserved_id"));
}

TEST_CASE("an affordability gate discounts an option whose largest shortfall against the budget exceeds what it tolerates",
          "[analysis][screening][economics]") {
    appraisal m = io::default_model();
    const auto economics = compute_economic_case(m);
    // A tolerance between the smallest and largest shortfall, so that some options pass and some fail.
    std::vector<double> shortfalls;
    for (const auto& e : economics.options) shortfalls.push_back(e.largest_shortfall);
    const double tolerated = (*std::min_element(shortfalls.begin(), shortfalls.end()) +
                              *std::max_element(shortfalls.begin(), shortfalls.end())) / 2;
    REQUIRE(tolerated > 0);
    gate g;
    g.id = "G_afford";
    g.name = "Within the MTFP";
    g.kind = gate_kind::affordability;
    g.op = comparison::less_equal;
    g.threshold = tolerated;
    m.gates.push_back(g);
    m.options[2].costs.clear();  // an option without costs cannot be judged
    const auto r = appraise(m);
    std::size_t passed = 0, failed = 0;
    for (std::size_t o = 0; o < m.options.size(); ++o) {
        INFO(m.options[o].id);
        const auto& outcome = r.screening[o].gates.back();
        REQUIRE(outcome.gate == "G_afford");
        if (o == 2) {
            CHECK(outcome.status == gate_status::unknown);
            CHECK(outcome.reason.rfind("no costs to test against the budget envelope", 0) == 0);
            continue;
        }
        const double shortfall = economics.options[o].largest_shortfall;
        CHECK(outcome.status == (shortfall <= tolerated ? gate_status::pass : gate_status::fail));
        passed += outcome.status == gate_status::pass;
        failed += outcome.status == gate_status::fail;
        if (outcome.status == gate_status::fail) {
            CHECK_FALSE(r.screening[o].shortlisted == !m.options[o].is_benchmark());
            CHECK(outcome.reason.find("over the budget envelope in " + std::to_string(economics.options[o].shortfall_years) + " year") == 0);
            CHECK(r.screening[o].reason.find("gate G_afford (Within the MTFP) failed") != std::string::npos);
        }
    }
    CHECK(passed > 0);
    CHECK(failed > 0);
    // The same outcome one gate at a time.
    CHECK(evaluate_gate(m, m.gates.back(), 0, r.values).status == r.screening[0].gates.back().status);

    // "less" is strict; on_unknown = discount drops the option without costs.
    m.gates.back().threshold = shortfalls[0];
    m.gates.back().op = comparison::less;
    m.gates.back().on_unknown = unknown_policy::discount;
    const auto strict = appraise(m);
    CHECK(strict.screening[0].gates.back().status == gate_status::fail);  // its own shortfall is not below itself
    CHECK_FALSE(strict.screening[2].shortlisted);
}

TEST_CASE("an affordability gate needs a budget, a bounding comparison and a shortfall of 0 or more", "[analysis][screening][economics]") {
    appraisal m = io::default_model();
    gate g;
    g.id = "G_afford";
    g.kind = gate_kind::affordability;
    g.op = comparison::greater;
    g.threshold = -5;
    m.gates.push_back(g);
    const std::string at = "/gates/" + std::to_string(m.gates.size() - 1);
    std::vector<std::string> seen;
    error_sink sink(error_sink::mode::collect);
    validate(m, sink);
    for (const auto& e : sink.errors()) seen.push_back(std::string(e.what()));
    CHECK(std::find(seen.begin(), seen.end(), "[adva.json.type] " + at + "/op: an affordability gate bounds the largest shortfall: op is "
                                                                      "less_equal (the default) or less (seen: \"greater\")") != seen.end());
    CHECK(std::find(seen.begin(), seen.end(), "[adva.model.out_of_scale] " + at + "/threshold: the shortfall an affordability gate "
                                                                              "tolerates is an amount of 0 or more (seen: -5)") != seen.end());
    m.gates.back().op = comparison::less_equal;
    m.gates.back().threshold = 0;
    m.economics.budget = {};
    REQUIRE_THROWS_MATCHES(validate(m), invalid_input,
                           Catch::Matchers::Message("[adva.model.bad_economics] " + at + "/kind: an affordability gate tests costs "
                                                    "against the budget envelope: give economics.budget"));
}
