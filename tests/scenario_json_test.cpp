// The scenario file format: every problem is an invalid_input naming its JSON pointer in the file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

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
                  "[adva.scenario.missing_field] /adva_scenarios: a scenario file starts with \"adva_scenarios\": 1");
    require_error(head + R"("generators": [{"id": "w", "kind": "weight_sweep", "nodes": ["NOPE"], "percent": [1]}]})",
                  "[adva.scenario.unknown_node] /generators/0/nodes/0: not a criterion of the base model (seen: \"NOPE\")");
    require_error(head + R"("generators": [{"id": "w", "kind": "weight_sweep", "nodes": ["SF"], "percent": [-120]}]})",
                  "[adva.scenario.bad_value] /generators/0/percent: a weight cannot fall by more than 100% (seen: -120)");
    require_error(head + R"("generators": [{"id": "w", "kind": "weight_grid", "axes": [{"node": "SF", "percent": {"from": 5, "to": 1, "step": 1}}]}]})",
                  "[adva.scenario.bad_range] /generators/0/axes/0/percent/to: to must be >= from (seen: 1)");
    require_error(head + R"("generators": [{"id": "w", "kind": "sweep"}]})",
                  "[adva.scenario.bad_value] /generators/0/kind: expected weight_sweep, weight_grid, score_sweep, stakeholders or "
                  "product (seen: \"sweep\")");
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
    require_error(head + R"("scenarios": [{"id": "a", "colour": 1}]})", "[adva.scenario.unknown_field] /scenarios/0/colour: unknown field (seen: \"colour\")");
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
