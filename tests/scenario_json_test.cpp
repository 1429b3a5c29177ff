// The scenario file format: every problem is an invalid_input naming its JSON pointer in the file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/io/model_json.hpp"
#include "adva/io/scenario_json.hpp"

namespace {

void require_error(const std::string& text, const std::string& message) {
    try {
        adva::io::parse_scenarios(text, ".");
        FAIL("no error for " << text);
    } catch (const adva::invalid_input& e) {
        CHECK(std::string(e.what()) == message);
    }
}

const std::string head = R"({"adva_scenarios": 1, "model": {"builtin": "default"}, )";

}  // namespace

TEST_CASE("scenario file errors name the pointer, the rule and the value") {
    require_error(R"({"model": {"builtin": "default"}})",
                  "[adva.json.missing_key] /adva_scenarios: a scenario file starts with \"adva_scenarios\": 1");
    require_error(head + R"("generators": [{"id": "w", "kind": "weight_sweep", "nodes": ["NOPE"], "percent": [1]}]})",
                  "[adva.scenario.unknown_node] /generators/0/nodes/0: not a criterion of the base model (known, closest first: CAP, SF, VFM, AFF, ACH, "
                  "AFF_tax, ACH_time, CAP_agency, … (14 more)) (seen: \"NOPE\")");
    require_error(head + R"("generators": [{"id": "w", "kind": "weight_sweep", "nodes": ["SF"], "percent": [-120]}]})",
                  "[adva.scenario.bad_value] /generators/0/percent: a weight cannot fall by more than 100% (seen: -120)");
    require_error(head + R"("generators": [{"id": "w", "kind": "weight_grid", "axes": [{"node": "SF", "percent": {"from": 5, "to": 1, "step": 1}}]}]})",
                  "[adva.scenario.bad_range] /generators/0/axes/0/percent/to: to must be >= from (seen: 1)");
    require_error(head + R"("generators": [{"id": "w", "kind": "sweep"}]})",
                  "[adva.scenario.bad_value] /generators/0/kind: expected weight_sweep, weight_grid, score_sweep, stakeholders, "
                  "cost_sweep, optimism_bias_sweep, transition_sweep or product (seen: \"sweep\")");
    require_error(head + R"("scenarios": [{"id": "a"}, {"id": "a"}]})",
                  "[adva.scenario.duplicate_id] /scenarios/1/id: scenario ids must be unique (seen: \"a\")");
    require_error(head + R"("scenarios": [{"id": "a", "patch": {}, "weights": [{"node": "SF", "percent": 5}]}]})",
                  "[adva.scenario.mixed_changes] /scenarios/0: scenario \"a\": a merge patch cannot be combined with weight or "
                  "score changes (write them in the patch)");
    require_error(head + R"("scenarios": [{"id": "a", "scores": [{"option": "O1", "criterion": "SF", "value": 5}]}]})",
                  "[adva.scenario.score_on_interior] /scenarios/0/scores/0/criterion: only leaf criteria are scored (seen: \"SF\")");
    require_error(head + R"("scenarios": [{"id": "a", "group": "mayor"}]})",
                  "[adva.scenario.unknown_group] /scenarios/0/group: expected \"consensus\" or a stakeholder group of the base "
                  "model (seen: \"mayor\")");
    require_error(head + R"("scenarios": [{"id": "a", "colour": 1}]})", "[adva.json.unknown_key] /scenarios/0/colour: unknown key (allowed here: id, patch, group, weights, scores, analyses) (seen: \"colour\")");
    require_error(head + R"("generators": [{"id": "w", "kind": "stakeholders"}], "scenarios": [{"id": "w/1"}]})",
                  "[adva.scenario.duplicate_id] /scenarios/0/id: scenario id collides with the ids of generator \"w\" (seen: \"w/1\")");
    require_error(head + R"("analyses": {"smaa": {"samples": 0}}, "scenarios": [{"id": "a"}]})",
                  "[adva.scenario.bad_value] /analyses/smaa/samples: samples must be in [1, 10^8] (seen: 0)");
    require_error(R"({"adva_scenarios": 1, "model": {"embedded": {"adva_model": 1}}, "scenarios": [{"id": "a"}]})",
                  "[adva.json.missing_key] /model/embedded/context: required key is missing");
}

TEST_CASE("a model path is taken relative to the scenario file") {
    const auto dir = std::filesystem::temp_directory_path() / "adva_scenario_json_test";
    std::filesystem::create_directories(dir / "sub");
    std::filesystem::copy_file(std::filesystem::path(ADVA_SOURCE_DIR) / "examples/childrens_services.json", dir / "sub/model.json",
                               std::filesystem::copy_options::overwrite_existing);
    std::ofstream(dir / "sub/s.json") << R"({"adva_scenarios": 1, "model": "model.json", "weights": "members",
        "generators": [{"id": "w", "kind": "weight_sweep", "nodes": "*", "percent": [-10, 10]}]})";
    const auto src = adva::io::load_scenarios(dir / "sub/s.json");
    CHECK(src.settings.group == "members");
    // "*" = every node with a sibling (all 19 of the default tree have one).
    CHECK(src.count() == 2 * src.base->criteria.size());
    std::filesystem::remove_all(dir);
}

TEST_CASE("scenario file errors: version, ids, empty lists and unknown options") {
    require_error(R"({"adva_scenarios": 2, "model": {"builtin": "default"}, "scenarios": [{"id": "a"}]})",
                  "[adva.scenario.version] /adva_scenarios: only version 1 of the scenario format is known (seen: 2)");
    require_error(head + R"("generators": [{"id": "a/b", "kind": "stakeholders"}]})",
                  "[adva.scenario.bad_id] /generators/0/id: a generator id is non-empty and has no '/' (its scenarios are "
                  "<id>/<k>) (seen: \"a/b\")");
    require_error(head + R"("scenarios": [{"id": ""}]})", "[adva.scenario.bad_id] /scenarios/0/id: a scenario id is non-empty (seen: \"\")");
    require_error(R"({"adva_scenarios": 1, "model": {"builtin": "default"}})",
                  "[adva.scenario.empty] the file describes no scenario: give \"scenarios\" or \"generators\"");
    require_error(head + R"("scenarios": []})", "[adva.scenario.empty] the file describes no scenario: give \"scenarios\" or \"generators\"");
    require_error(head + R"("generators": [{"id": "w", "kind": "weight_sweep", "nodes": ["SF"], "percent": []}]})",
                  "[adva.scenario.empty] /generators/0/percent: a list of values must not be empty");
    require_error(head + R"("generators": [{"id": "s", "kind": "score_sweep", "option": "O9", "criterion": "SF_practice", "values": [1]}]})",
                  "[adva.scenario.unknown_option] /generators/0/option: not an option of the base model (known, closest first: O1, O2, "
                  "O3, O4, O5, O6, O7, O8) (seen: \"O9\")");
    require_error(head + R"("scenarios": [{"id": "a", "scores": [{"option": "X", "criterion": "SF_practice", "value": 5}]}]})",
                  "[adva.scenario.unknown_option] /scenarios/0/scores/0/option: not an option of the base model (known, closest "
                  "first: O1, O2, O3, O4, O5, O6, O7, O8) (seen: \"X\")");
}

TEST_CASE("an only child's weight cannot change, so a sweep over every movable node of a one-criterion model is empty") {
    // One criterion: its local weight is always 1.
    const std::string single = R"({"adva_scenarios": 1, "model": {"embedded": {"adva_model": 1, "context": {"title": "One criterion"},
        "criteria": [{"id": "C", "weight": 1}],
        "options": [{"id": "O1", "vehicle": "in_house", "scores": {"C": 50}}]}}, )";
    require_error(single + R"("scenarios": [{"id": "a", "weights": [{"node": "C", "percent": 10}]}]})",
                  "[adva.scenario.immovable_node] /scenarios/0/weights/0/node: an only child's local weight is always 1 and cannot "
                  "change (seen: \"C\")");
    require_error(single + R"("generators": [{"id": "w", "kind": "weight_grid", "axes": [{"node": "C", "percent": [1]}]}]})",
                  "[adva.scenario.immovable_node] /generators/0/axes/0/node: an only child's local weight is always 1 and cannot "
                  "change (seen: \"C\")");
    require_error(single + R"("generators": [{"id": "w", "kind": "weight_sweep", "nodes": "*", "percent": [10]}]})",
                  "[adva.scenario.empty] /generators/0: the generator gives no scenarios");
}

TEST_CASE("scenario counts are bounded without listing the scenarios") {
    require_error(head + R"("generators": [{"id": "w", "kind": "weight_sweep", "nodes": ["SF"], "percent": {"from": 0, "to": 1000000, "step": 1}}]})",
                  "[adva.scenario.too_many_values] /generators/0/percent: a range may give at most 100000 values (seen: 1000001)");
    // A span beyond any integer type, or infinite, is refused the same way.
    require_error(head + R"("generators": [{"id": "c", "kind": "cost_sweep", "option": "O4", "percent": {"from": -20, "to": 2e122, "step": 10}}]})",
                  "[adva.scenario.too_many_values] /generators/0/percent: a range may give at most 100000 values (seen: 2.0000000000000001e+121)");
    require_error(head + R"("generators": [{"id": "w", "kind": "weight_sweep", "nodes": ["SF"], "percent": {"from": -1e308, "to": 1e308, "step": 1}}]})",
                  "[adva.scenario.too_many_values] /generators/0/percent: a range may give at most 100000 values (seen: inf)");
    // A grid of n two-value axes describes 2^n scenarios.
    auto grid = [](int axes) {
        std::string g = R"({"kind": "weight_grid", "axes": [)";
        for (int k = 0; k < axes; ++k) g += std::string(k ? ", " : "") + R"({"node": "SF", "percent": [-1, 1]})";
        return g + "]";
    };
    require_error(head + R"("generators": [)" + grid(54) + R"(, "id": "g"}]})",
                  "[adva.scenario.too_many] /generators/0: at most 2^53 scenarios per file (seen: more)");
    const auto largest = adva::io::parse_scenarios(head + R"("generators": [)" + grid(53) + R"(, "id": "g"}]})", ".");
    CHECK(largest.count() == adva::max_scenarios);
    require_error(head + R"("generators": [)" + grid(53) + R"(, "id": "g"}, )" + grid(53) + R"(, "id": "h"}]})",
                  "[adva.scenario.too_many] /generators: at most 2^53 scenarios per file (seen: more)");
}

TEST_CASE("a scenario index beyond the count is an error") {
    const auto src = adva::io::parse_scenarios(head + R"("scenarios": [{"id": "a"}], "generators": [{"id": "p", "kind": "stakeholders"}]})", ".");
    adva::scenario s;
    REQUIRE_NOTHROW(src.at(src.count() - 1, s));
    const std::string beyond = "[adva.scenario.index] index: scenario index beyond the source's count (seen: " + std::to_string(src.count()) + ")";
    REQUIRE_THROWS_MATCHES(src.at(src.count(), s), adva::invalid_input, Catch::Matchers::Message(beyond));
    REQUIRE_THROWS_MATCHES(src.id_at(src.count()), adva::invalid_input, Catch::Matchers::Message(beyond));
}

TEST_CASE("scenario counts are multiplied with overflow checks and bounded by 2^53") {
    // Nine 100-step sweeps: 10^18 scenarios, beyond the bound: refused as a limit, before any
    // scenario is built. Six of them (10^12) are counted exactly.
    const auto product_of_sweeps = [](int n) {
        std::string sweeps;
        for (int k = 0; k < n; ++k)
            sweeps += std::string(k ? ", " : "") + R"({"kind": "weight_sweep", "nodes": ["SF"], "percent": {"from": -49.5, "to": 0, "step": 0.5}})";
        return head + R"("generators": [{"id": "p", "kind": "product", "of": [)" + sweeps + "]}]}";
    };
    REQUIRE_THROWS_MATCHES(adva::io::parse_scenarios(product_of_sweeps(9), "."), adva::limit_exceeded,
                           Catch::Matchers::Message("[adva.scenario.too_many] /generators/0: at most 2^53 scenarios per file (seen: more)"));
    CHECK(adva::io::parse_scenarios(product_of_sweeps(6), ".").count() ==
          std::uint64_t(1000000) * 1000000);
}

TEST_CASE("a keyed patch changes, or removes, one element of an array by its id") {
    std::ifstream in(std::string(ADVA_SOURCE_DIR) + "/tests/data/economic_case.json");
    const std::string model((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto src = adva::io::parse_scenarios(R"({"adva_scenarios": 1, "model": {"embedded": )" + model +
                                                   R"(}, "scenarios": [{"id": "base"}]})", ".");
    REQUIRE(src.patch_base);
    const auto& base = *src.base;
    const auto patched = src.patch_base(nlohmann::json::parse(R"({
        "context": {"discount_rate": 0.05},
        "options": {"TRUST": {"name": "Trust, revised", "costs": {"fee": {"amount": 120000}, "agency": null}}}})"));
    CHECK(patched.context.discount_rate == 0.05);
    REQUIRE(patched.options.size() == 2);
    CHECK(patched.options[0] == base.options[0]);   // the other option is untouched
    const auto& trust = patched.options[1];
    CHECK(trust.name == "Trust, revised");
    REQUIRE(trust.costs.size() == 2);               // "agency" removed
    CHECK(trust.costs[0] == base.options[1].costs[0]);
    CHECK(trust.costs[1].id == "fee");
    CHECK(trust.costs[1].amount == 120000);
    CHECK(trust.costs[1].optimism_bias == base.options[1].costs[1].optimism_bias);   // the rest of the line stays

    // An array given in full still replaces the array, as RFC 7386 says.
    const auto replaced = src.patch_base(nlohmann::json::parse(
        R"({"options": {"BAU": {"costs": [{"name": "Only line", "kind": "recurring", "amount": 1}]}}})"));
    REQUIRE(replaced.options[0].costs.size() == 1);
    CHECK(replaced.options[0].costs[0].name == "Only line");

    const auto require_patch_error = [&](const std::string& patch, const std::string& message) {
        try {
            src.patch_base(nlohmann::json::parse(patch));
            FAIL("no error for " << patch);
        } catch (const adva::invalid_input& e) {
            CHECK(std::string(e.what()) == message);
        }
    };
    require_patch_error(R"({"options": {"TRUST": {"costs": {"fees": {"amount": 1}}}}})",
                        "[adva.scenario.unknown_element] /patch/options/TRUST/costs/fees: a keyed patch names an element of "
                        "the array by its id (known, closest first: fee, setup, agency) (seen: \"fees\")");
    require_patch_error(R"({"options": {"TRUST": 3}})",
                        "[adva.json.type] /patch/options/TRUST: an element's patch is an object (or null, to remove the "
                        "element) (seen: 3)");
    require_patch_error(R"({"options": {"a/b~c": {}}})",
                        "[adva.scenario.unknown_element] /patch/options/a~1b~0c: a keyed patch names an element of the array "
                        "by its id (known, closest first: BAU, TRUST) (seen: \"a/b~c\")");
}

TEST_CASE("cost and optimism-bias sweeps: counts, and errors that name the line, the category and the rule") {
    const auto src = adva::io::parse_scenarios(head + R"("generators": [
        {"id": "fee", "kind": "cost_sweep", "option": "O4", "line": "costs/1", "percent": {"from": -100, "to": 100, "step": 50}},
        {"id": "ob", "kind": "optimism_bias_sweep", "option": "O6", "category": "outsourcing", "mitigation": {"from": 0, "to": 1, "step": 0.1}}]})",
                                               ".");
    CHECK(src.count() == 5 + 11);
    adva::scenario s;
    src.at(0, s);
    REQUIRE(s.costs.size() == 1);
    CHECK(s.costs[0].option == *src.base->option_index("O4"));
    CHECK(s.costs[0].line == 1);
    CHECK(s.costs[0].percent == -100);
    CHECK(s.label == "O4.costs/1-100%");
    src.at(15, s);
    REQUIRE(s.optimism_bias.size() == 1);
    CHECK(s.optimism_bias[0].category == "outsourcing");
    CHECK(s.optimism_bias[0].option == *src.base->option_index("O6"));
    CHECK(s.optimism_bias[0].mitigation == Approx(1.0));
    CHECK(s.label == "O6.mitigation[outsourcing]=1");

    require_error(head + R"("generators": [{"id": "c", "kind": "cost_sweep", "option": "O4", "line": "fee", "percent": [10]}]})",
                  "[adva.scenario.unknown_line] /generators/0/line: not a cost line of option O4 (known, closest first: costs/0, "
                  "costs/1, costs/2, costs/3, costs/4) (seen: \"fee\")");
    require_error(head + R"("generators": [{"id": "c", "kind": "cost_sweep", "option": "O4", "percent": [-101]}]})",
                  "[adva.scenario.bad_value] /generators/0/percent: a cost cannot fall by more than 100% (seen: -101)");
    require_error(head + R"("generators": [{"id": "c", "kind": "cost_sweep", "option": "O9", "percent": [1]}]})",
                  "[adva.scenario.unknown_option] /generators/0/option: not an option of the base model (known, closest first: O1, "
                  "O2, O3, O4, O5, O6, O7, O8) (seen: \"O9\")");
    require_error(head + R"("generators": [{"id": "c", "kind": "cost_sweep", "option": "O4"}]})",
                  "[adva.json.missing_key] /generators/0/percent: a cost_sweep generator needs \"percent\"");
    require_error(head + R"("generators": [{"id": "b", "kind": "optimism_bias_sweep", "mitigation": [0.5, 1.5]}]})",
                  "[adva.scenario.bad_value] /generators/0/mitigation: a mitigation share is from 0 to 1 (seen: 1.5)");
    require_error(head + R"("generators": [{"id": "b", "kind": "optimism_bias_sweep", "option": "O1", "category": "outsourcing", "mitigation": [0]}]})",
                  "[adva.scenario.no_cost_lines] /generators/0/category: no cost line of option O1 has this optimism-bias category "
                  "(known, closest first: outturn) (seen: \"outsourcing\")");

    // A model whose first option has no cost lines, and none of whose lines has a category.
    std::ifstream in(std::string(ADVA_SOURCE_DIR) + "/examples/minimal.json");
    auto minimal = nlohmann::json::parse(in);
    minimal["options"][0].erase("costs");
    const std::string embedded = R"({"adva_scenarios": 1, "model": {"embedded": )" + minimal.dump() + "}, ";
    require_error(embedded + R"("generators": [{"id": "c", "kind": "cost_sweep", "option": "A", "percent": [10]}]})",
                  "[adva.scenario.no_cost_lines] /generators/0/option: the option has no cost lines to scale (seen: \"A\")");
    require_error(embedded + R"("generators": [{"id": "b", "kind": "optimism_bias_sweep", "mitigation": [0]}]})",
                  "[adva.scenario.no_cost_lines] /generators/0: no cost line has an optimism-bias category: the sweep would change nothing");
}

TEST_CASE("a transition sweep patches the improvement section, and the derived scores follow", "[trajectory]") {
    const auto src = adva::io::parse_scenarios(head + R"("generators": [
        {"id": "dip", "kind": "transition_sweep", "option": "O4", "parameter": "dip_depth", "values": [0, 10, 25]},
        {"id": "both", "kind": "product", "of": [
            {"kind": "transition_sweep", "option": "O6", "parameter": "dip_depth", "values": [5, 15]},
            {"kind": "transition_sweep", "option": "O6", "parameter": "dip_duration", "values": [0.5, 2]}]}]})",
                                               ".");
    REQUIRE(src.count() == 3 + 4);
    adva::scenario s;
    std::vector<double> sustaining;
    for (std::uint64_t k = 0; k < 3; ++k) {
        src.at(k, s);
        REQUIRE(s.patch);
        CHECK((*s.patch)["improvement"]["transitions"]["O4"]["dip_depth"] == std::vector<double>{0, 10, 25}[k]);
        const adva::appraisal m = src.patch_base(*s.patch);
        sustaining.push_back(m.options[*m.option_index("O4")].scores.at("SF_sustaining").value);
    }
    CHECK(s.label == "O4.dip_depth=25");
    CHECK(sustaining[0] > sustaining[1]);  // a deeper dip lowers the discounted level
    CHECK(sustaining[1] > sustaining[2]);
    src.at(3 + 3, s);  // the product: both parameters in one patch
    CHECK((*s.patch)["improvement"]["transitions"]["O6"] == nlohmann::json({{"dip_depth", 15.0}, {"dip_duration", 2.0}}));
    CHECK(s.label == "O6.dip_depth=15,O6.dip_duration=2");

    require_error(head + R"("generators": [{"id": "g", "kind": "transition_sweep", "option": "O4", "parameter": "depth", "values": [1]}]})",
                  "[adva.scenario.bad_value] /generators/0/parameter: a transition parameter (known, closest first: dip_depth, start, from, "
                  "dip_duration, recovery_rate, long_run_level) (seen: \"depth\")");
    require_error(head + R"("generators": [{"id": "g", "kind": "transition_sweep", "option": "O4", "parameter": "dip_depth", "values": [10, 120]}]})",
                  "[adva.scenario.bad_value] /generators/0/values/1: within the parameter's domain, 0 to 100 (seen: 120)");
    require_error(head + R"("generators": [{"id": "g", "kind": "transition_sweep", "option": "O2", "parameter": "start", "values": [1]}]})",
                  "[adva.scenario.bad_value] /generators/0/option: the option has a transition in the model's improvement section (seen: \"O2\")");
    require_error(head + R"("generators": [{"id": "g", "kind": "transition_sweep", "option": "O4", "parameter": "from", "values": [1]}]})",
                  "[adva.scenario.bad_value] /generators/0/option: \"from\" is the year a step of a sequenced option begins: this option "
                  "has no sequence (seen: \"O4\")");
}

TEST_CASE("a transition sweep of a sequence's step year replaces the sequence with the year changed", "[trajectory]") {
    nlohmann::json model = adva::io::model_to_json(adva::io::default_model());
    model.erase("governance");
    model["improvement"]["transitions"]["O8"] = {{"sequence", {{{"option", "O2"}, {"from", 0}}, {{"option", "O6"}, {"from", 2}}}}};
    const std::string text = R"({"adva_scenarios": 1, "model": {"embedded": )" + model.dump() + "}, ";
    const auto src = adva::io::parse_scenarios(
        text + R"("generators": [{"id": "move", "kind": "transition_sweep", "option": "O8", "parameter": "from", "values": [1, 3, 5]}]})", ".");
    REQUIRE(src.count() == 3);
    adva::scenario s;
    std::vector<double> sustaining;
    for (std::uint64_t k = 0; k < 3; ++k) {
        src.at(k, s);
        CHECK((*s.patch)["improvement"]["transitions"]["O8"]["sequence"][1]["from"] == std::vector<double>{1, 3, 5}[k]);
        CHECK((*s.patch)["improvement"]["transitions"]["O8"]["sequence"][0]["option"] == "O2");
        const adva::appraisal m = src.patch_base(*s.patch);
        sustaining.push_back(m.options[*m.option_index("O8")].scores.at("SF_sustaining").value);
    }
    CHECK(s.label == "O8.from[1]=5");
    CHECK(sustaining[0] != sustaining[1]);
    CHECK(sustaining[1] != sustaining[2]);
    require_error(text + R"("generators": [{"id": "g", "kind": "transition_sweep", "option": "O8", "parameter": "from", "step": 2, "values": [1]}]})",
                  "[adva.scenario.bad_value] /generators/0/step: a later step of the sequence (1 to 1) (seen: 2)");
    require_error(text + R"("generators": [{"id": "g", "kind": "transition_sweep", "option": "O8", "parameter": "from", "values": [0]}]})",
                  "[adva.scenario.bad_value] /generators/0/values/0: after the step before (0) and before the step after or within the "
                  "horizon (10) (seen: 0)");
}
