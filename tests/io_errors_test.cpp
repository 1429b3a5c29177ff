// Every error id of docs/model-format.md, each triggered by a test asserting the exception type, the
// id and the exact text (pointer, rule, value seen); and hostile inputs that must give a clean
// adva error — never a crash, a hang or another exception type.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <set>

#include "adva/error.hpp"
#include "adva/io/model_json.hpp"
#include "io_fixture.hpp"

using nlohmann::json;

namespace {

json fixture() { return json::parse(adva_test::rich_model_text); }

std::string mutated(const std::function<void(json&)>& edit) {
    json j = fixture();
    edit(j);
    return j.dump();
}

// Runs f and requires an exception of exactly the family Error (a plain invalid_input must not be a
// limit_exceeded and vice versa) with the given id and full message.
template <class Error>
void require_error(const std::function<void()>& f, const std::string& id, const std::string& what) {
    INFO("expected " << what);
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.id() == id);
        CHECK(std::string(e.what()) == what);
        if constexpr (std::is_same_v<Error, adva::invalid_input>)
            CHECK(dynamic_cast<const adva::limit_exceeded*>(&e) == nullptr);
        return;
    }
    FAIL("no exception thrown");
}

void model_error(const std::string& text, const std::string& id, const std::string& what,
                 const adva::io::read_limits& limits = {}) {
    require_error<adva::invalid_input>([&] { adva::io::parse_model(text, limits); }, id, what);
}

void limit_error(const std::string& text, const std::string& what, const adva::io::read_limits& limits = {}) {
    require_error<adva::limit_exceeded>([&] { adva::io::parse_model(text, limits); }, "adva.json.limit", what);
}

void validate_error(const adva::appraisal& m, const std::string& id, const std::string& what) {
    require_error<adva::invalid_input>([&] { adva::validate(m); }, id, what);
}

// Parsing must end in an adva::invalid_input (any id), nothing else.
void require_clean_rejection(const std::string& text) {
    try {
        adva::io::parse_model(text);
    } catch (const adva::invalid_input&) {
        return;
    }
    // No exception: the text happened to be a valid model, which is also fine.
}

}  // namespace

TEST_CASE("the fixture itself is valid", "[io][errors]") {
    REQUIRE_NOTHROW(adva::io::parse_model(adva_test::rich_model_text));
}

TEST_CASE("adva.json.parse", "[io][errors]") {
    model_error("", "adva.json.parse",
                "[adva.json.parse] not valid JSON at line 1, column 1: syntax error while parsing value - unexpected "
                "end of input; expected '[', '{', or a literal");
    model_error("{\"adva_model\": 1,", "adva.json.parse",
                "[adva.json.parse] /adva_model: not valid JSON at line 1, column 18: syntax error while parsing object "
                "key - unexpected end of input; expected string literal");
    model_error("{\"adva_model\":\n tru}", "adva.json.parse",
                "[adva.json.parse] /adva_model: not valid JSON at line 2, column 5: syntax error while parsing value - "
                "invalid literal; last read: '\"adva_model\":<U+000A> tru}'");
}

TEST_CASE("adva.json.number_range", "[io][errors]") {
    model_error("{\"adva_model\": 1e999}", "adva.json.number_range",
                "[adva.json.number_range] /adva_model: number outside the range of a double (about ±1.8e308) (seen: "
                "1e999)");
}

TEST_CASE("adva.json.duplicate_key", "[io][errors]") {
    model_error(R"({"adva_model": 1, "adva_model": 1})", "adva.json.duplicate_key",
                "[adva.json.duplicate_key] /adva_model: key appears twice in the same object (JSON leaves the meaning "
                "undefined) (seen: \"adva_model\")");
}

TEST_CASE("adva.json.limit", "[io][errors]") {
    SECTION("nesting depth: a million open brackets is refused at level 65, quickly") {
        std::string deep_pointer;
        for (int i = 0; i < 64; ++i) deep_pointer += "/0";
        limit_error(std::string(1000000, '['), "[adva.json.limit] " + deep_pointer + ": nesting deeper than 64 levels");
        std::string objects;
        for (int i = 0; i < 1000000; ++i) objects += "{\"a\":";
        std::string a_pointer;
        for (int i = 0; i < 64; ++i) a_pointer += "/a";
        limit_error(objects, "[adva.json.limit] " + a_pointer + ": nesting deeper than 64 levels");
    }
    SECTION("entries of one array or object") {
        std::string huge = R"({"adva_model": 1, "options": [0)";
        for (int i = 0; i < 100000; ++i) huge += ",0";
        limit_error(huge + "]}", "[adva.json.limit] /options: array has more than 100000 entries");
        adva::io::read_limits small;
        small.max_items = 3;
        limit_error(R"({"adva_model": 1, "context": {"a": 1, "b": 2, "c": 3, "d": 4}})",
                    "[adva.json.limit] /context: object has more than 3 entries", small);
    }
    SECTION("string length, for values and keys") {
        adva::io::read_limits small;
        small.max_string = 11;
        limit_error(R"({"adva_model": 1, "context": {"title": "a long title"}})",
                    "[adva.json.limit] /context/title: string longer than 11 bytes (seen: 12 bytes)", small);
        limit_error(R"({"adva_model": 1, "context": {"a_very_long_key": 1}})",
                    "[adva.json.limit] /context: string longer than 11 bytes (seen: 15 bytes)", small);
    }
    SECTION("size of the text") {
        adva::io::read_limits small;
        small.max_bytes = 10;
        require_error<adva::limit_exceeded>([&] { adva::io::parse_model(R"({"adva_model": 1})", small); },
                                            "adva.limits.input_size",
                                            "[adva.limits.input_size] inputs larger than 10 bytes are not accepted (seen: "
                                            "17 bytes)");
    }
}

TEST_CASE("adva.json.unknown_key", "[io][errors]") {
    model_error(mutated([](json& j) { j["colour"] = 1; }), "adva.json.unknown_key",
                "[adva.json.unknown_key] /colour: unknown key (allowed here: adva_model, illustrative, context, "
                "stakeholder_groups, consensus, functions, criteria, attributes, gates, vehicle_types, options, "
                "economics, improvement, governance) (seen: \"colour\")");
    model_error(mutated([](json& j) { j["options"][0]["score"] = json::object(); }), "adva.json.unknown_key",
                "[adva.json.unknown_key] /options/0/score: unknown key (allowed here: id, name, vehicle, description, "
                "attributes, business_as_usual, do_minimum, scores, evidence, costs, benefits) (seen: \"score\")");
    model_error(mutated([](json& j) { j["options"][0]["scores"]["C4"]["sd"] = 1; }), "adva.json.unknown_key",
                "[adva.json.unknown_key] /options/0/scores/C4/sd: unknown key (allowed here: distribution, low, mode, "
                "high, rationale) (seen: \"sd\")");
    model_error(mutated([](json& j) { j["gates"][1]["value"] = true; }), "adva.json.unknown_key",
                "[adva.json.unknown_key] /gates/1/value: unknown key (allowed here: id, name, description, kind, "
                "criterion, op, threshold, weights, on_unknown) (seen: \"value\")");
    model_error(mutated([](json& j) { j["gates"][0]["values"] = {true}; }), "adva.json.unknown_key",
                "[adva.json.unknown_key] /gates/0/values: give either \"value\" or \"values\", not both (seen: "
                "\"values\")");
    // Keys needing escaping in a pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
    model_error(mutated([](json& j) { j["context"]["a/b~c"] = 1; }), "adva.json.unknown_key",
                "[adva.json.unknown_key] /context/a~1b~0c: unknown key (allowed here: title, organisation, service, "
                "trigger, base_year, horizon_years, discount_rate, discount_schedule, currency) (seen: \"a/b~c\")");
}

TEST_CASE("adva.json.type", "[io][errors]") {
    model_error("[1, 2]", "adva.json.type", "[adva.json.type] expected an object (a model) (seen: [1,2])");
    model_error(mutated([](json& j) { j["options"][0]["name"] = 42; }), "adva.json.type",
                "[adva.json.type] /options/0/name: expected a string (seen: 42)");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][0]["kind"] = "wieght"; }), "adva.json.type",
                "[adva.json.type] /functions/0/questions/0/kind: expected one of \"weight\", \"gate\", \"anchor\" or "
                "\"context\" (seen: \"wieght\")");
    model_error(mutated([](json& j) { j["options"][0]["scores"]["C1"] = "high"; }), "adva.json.type",
                "[adva.json.type] /options/0/scores/C1: expected a number or an object (seen: \"high\")");
    model_error(mutated([](json& j) { j["context"]["base_year"] = 2026.5; }), "adva.json.type",
                "[adva.json.type] /context/base_year: expected an integer between -2147483648 and 2147483647 (seen: "
                "2026.5)");
    model_error(mutated([](json& j) { j["context"]["horizon_years"] = 10000000000LL; }), "adva.json.type",
                "[adva.json.type] /context/horizon_years: expected an integer between -2147483648 and 2147483647 "
                "(seen: 10000000000)");
    model_error(mutated([](json& j) { j["criteria"][5]["value_function"]["points"][1] = {5, 80, 1}; }),
                "adva.json.type",
                "[adva.json.type] /criteria/5/value_function/points/1: expected an array of two numbers [level, "
                "value] (seen: [5,80,1])");
    model_error(mutated([](json& j) { j["governance"]["audit"][0]["action"] = "unlock"; }), "adva.json.type",
                "[adva.json.type] /governance/audit/0/action: expected \"lock\", \"reopen\" or \"score\" (seen: "
                "\"unlock\")");
    // A long value seen is cut to 60 characters.
    model_error(mutated([](json& j) {
                    j["context"]["title"] = json::array();
                    for (int i = 0; i < 100; ++i) j["context"]["title"].push_back(i);
                }),
                "adva.json.type",
                "[adva.json.type] /context/title: expected a string (seen: "
                "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28...)");
}

TEST_CASE("a wrong type at any place of the document is reported at that place", "[io][errors]") {
    const json original = fixture();
    const json flat = original.flatten();  // every leaf by pointer
    // Every value in the document, containers included: leaves from flatten(), then their parents.
    std::set<std::string> pointers;
    for (const auto& item : flat.items()) {
        json::json_pointer p(item.key());
        while (!p.empty()) {
            pointers.insert(p.to_string());
            p = p.parent_pointer();
        }
    }
    REQUIRE(pointers.size() > 200);
    for (const auto& pointer : pointers) {
        const json::json_pointer p(pointer);
        for (const json& wrong : {json(nullptr), original.at(p).is_array() ? json::object() : json::array({1})}) {
            json j = original;
            j[p] = wrong;
            INFO(pointer << " := " << wrong.dump());
            try {
                adva::io::parse_model(j.dump());
                FAIL("accepted");
            } catch (const adva::invalid_input& e) {
                CHECK(e.id() == "adva.json.type");
                CHECK(e.where() == pointer);
                CHECK(e.seen() == wrong.dump());
            }
        }
    }
}

TEST_CASE("adva.json.missing_key", "[io][errors]") {
    model_error(mutated([](json& j) { j.erase("adva_model"); }), "adva.json.missing_key",
                "[adva.json.missing_key] /adva_model: required key is missing");
    model_error(mutated([](json& j) { j.erase("context"); }), "adva.json.missing_key",
                "[adva.json.missing_key] /context: required key is missing");
    model_error(mutated([](json& j) { j["options"][0].erase("vehicle"); }), "adva.json.missing_key",
                "[adva.json.missing_key] /options/0/vehicle: required key is missing");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][3].erase("kind"); }), "adva.json.missing_key",
                "[adva.json.missing_key] /functions/0/questions/3/kind: required key is missing");
    model_error(mutated([](json& j) { j["criteria"][4].erase("id"); }), "adva.json.missing_key",
                "[adva.json.missing_key] /criteria/4/id: required key is missing");
    model_error(mutated([](json& j) { j["gates"][0].erase("value"); }), "adva.json.missing_key",
                "[adva.json.missing_key] /gates/0/value: required key is missing");
    model_error(mutated([](json& j) { j["gates"][2].erase("values"); }), "adva.json.missing_key",
                "[adva.json.missing_key] /gates/2/values: required key is missing");
    model_error(mutated([](json& j) { j["options"][1]["scores"]["C1"].erase("sd"); }), "adva.json.missing_key",
                "[adva.json.missing_key] /options/1/scores/C1/sd: required key is missing");
    model_error(mutated([](json& j) { j["consensus"].erase("lead_group"); }), "adva.json.missing_key",
                "[adva.json.missing_key] /consensus/lead_group: the lead_group method needs the group's id");
}

TEST_CASE("adva.model.version", "[io][errors]") {
    model_error(mutated([](json& j) { j["adva_model"] = 2; }), "adva.model.version",
                "[adva.model.version] /adva_model: this adva reads model format 1 (seen: 2)");
    // The version is checked before the keys, so a later format's new keys do not hide it.
    model_error(mutated([](json& j) { j["adva_model"] = 2; j["new_in_v2"] = true; }), "adva.model.version",
                "[adva.model.version] /adva_model: this adva reads model format 1 (seen: 2)");
}

TEST_CASE("adva.model.bad_id and adva.model.duplicate_id", "[io][errors]") {
    model_error(mutated([](json& j) { j["options"][1]["id"] = "O 2"; }), "adva.model.bad_id",
                "[adva.model.bad_id] /options/1/id: an id is 1 to 64 letters, digits, '_', '-' or '.' (seen: \"O 2\")");
    model_error(mutated([](json& j) { j["criteria"][0]["id"] = ""; }), "adva.model.bad_id",
                "[adva.model.bad_id] /criteria/0/id: an id is 1 to 64 letters, digits, '_', '-' or '.' (seen: \"\")");
    model_error(mutated([](json& j) { j["gates"][0]["id"] = std::string(65, 'g'); }), "adva.model.bad_id",
                "[adva.model.bad_id] /gates/0/id: an id is 1 to 64 letters, digits, '_', '-' or '.' (seen: \"" +
                    std::string(57, 'g') + "...\")");
    model_error(mutated([](json& j) { j["options"][1]["id"] = "O1"; }), "adva.model.duplicate_id",
                "[adva.model.duplicate_id] /options/1/id: id already used earlier in this list (seen: \"O1\")");
    model_error(mutated([](json& j) {
                    j["functions"][1]["questions"] = json::parse(R"([{"id": "Q1", "kind": "context", "criteria": ["C1"]}])");
                }),
                "adva.model.duplicate_id",
                "[adva.model.duplicate_id] /functions/1/questions/0/id: id already used earlier in this list (seen: "
                "\"Q1\")");
    model_error(mutated([](json& j) { j["vehicle_types"][0]["id"] = "mutual"; }), "adva.model.duplicate_id",
                "[adva.model.duplicate_id] /vehicle_types/0/id: id of a built-in vehicle type (seen: \"mutual\")");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][1]["answers"].push_back({{"group", "staff"}}); }),
                "adva.model.duplicate_id",
                "[adva.model.duplicate_id] /functions/0/questions/1/answers/1/group: this group already answered this "
                "question (seen: \"staff\")");
    // The same id in different lists is fine.
    REQUIRE_NOTHROW(adva::io::parse_model(mutated([](json& j) { j["gates"][3]["id"] = "C1"; })));
}

TEST_CASE("adva.model.unknown_id", "[io][errors]") {
    model_error(mutated([](json& j) { j["options"][0]["scores"]["C7"] = 5; }), "adva.model.unknown_id",
                "[adva.model.unknown_id] /options/0/scores/C7: score refers to an unknown criterion "
                "(known, closest first: C1, C2, C3, C4, C5, SF, VFM) (seen: \"C7\")");
    model_error(mutated([](json& j) { j["criteria"][2]["parent"] = "XX"; }), "adva.model.unknown_id",
                "[adva.model.unknown_id] /criteria/2/parent: parent is not a criterion (known, closest first: SF, C1, C2, C3, "
                "C4, C5, VFM) (seen: \"XX\")");
    model_error(mutated([](json& j) { j["criteria"][2]["function"] = "F9"; }), "adva.model.unknown_id",
                "[adva.model.unknown_id] /criteria/2/function: function is not one of the model's functions (known, "
                "closest first: F1, F2.x-y_z) (seen: \"F9\")");
    model_error(mutated([](json& j) { j["options"][1]["vehicle"] = "spaceship"; }), "adva.model.unknown_id",
                "[adva.model.unknown_id] /options/1/vehicle: vehicle is neither a built-in vehicle type nor one of the "
                "model's vehicle_types (known, closest first: in_house, mutual, shared_service, commissioned, "
                "strategic_partnership, independent_trust, in_house_improvement, council_owned_company, … (1 more)) "
                "(seen: \"spaceship\")");
    model_error(mutated([](json& j) { j["consensus"]["lead_group"] = "nobody"; }), "adva.model.unknown_id",
                "[adva.model.unknown_id] /consensus/lead_group: lead group is not a stakeholder group (known, "
                "closest first: members, staff) (seen: \"nobody\")");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][0]["answers"][1]["group"] = "parents"; }),
                "adva.model.unknown_id",
                "[adva.model.unknown_id] /functions/0/questions/0/answers/1/group: answer's group is not a "
                "stakeholder group (known, closest first: members, staff) (seen: \"parents\")");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][2]["criteria"] = {"C9"}; }),
                "adva.model.unknown_id",
                "[adva.model.unknown_id] /functions/0/questions/2/criteria/0: question refers to an unknown criterion "
                "(known, closest first: C1, C2, C3, C4, C5, SF, VFM) (seen: \"C9\")");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][1]["gates"] = {"G9"}; }), "adva.model.unknown_id",
                "[adva.model.unknown_id] /functions/0/questions/1/gates/0: question refers to an unknown gate (known, "
                "closest first: G1, G2, G3, G4) (seen: \"G9\")");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][0]["answers"][1]["swing"]["C9"] = 10; }),
                "adva.model.unknown_id",
                "[adva.model.unknown_id] /functions/0/questions/0/answers/1/swing/C9: swing names an unknown "
                "criterion (known, closest first: C1, C2, C3, C4, C5, SF, VFM) (seen: \"C9\")");
    model_error(mutated([](json& j) { j["gates"][0]["attribute"] = "colour"; }), "adva.model.unknown_id",
                "[adva.model.unknown_id] /gates/0/attribute: gate refers to an undeclared attribute (known, "
                "closest first: legal_form, independent, staff_transfer) (seen: \"colour\")");
    model_error(mutated([](json& j) { j["gates"][1]["criterion"] = "C9"; }), "adva.model.unknown_id",
                "[adva.model.unknown_id] /gates/1/criterion: gate refers to an unknown criterion "
                "(known, closest first: C1, C2, C3, C4, C5, SF, VFM) (seen: \"C9\")");
}

TEST_CASE("adva.model.cycle", "[io][errors]") {
    model_error(mutated([](json& j) { j["criteria"][0]["parent"] = "C1"; }), "adva.model.cycle",
                "[adva.model.cycle] /criteria/0/parent: the criteria must form a tree, but following parents from "
                "'SF' comes back to it (seen: \"SF -> C1 -> SF\")");
    model_error(mutated([](json& j) { j["criteria"][6]["parent"] = "C5"; }), "adva.model.cycle",
                "[adva.model.cycle] /criteria/6/parent: the criteria must form a tree, but following parents from "
                "'C5' comes back to it (seen: \"C5 -> C5\")");
}

TEST_CASE("adva.model.unmapped_question and adva.model.weight_question_siblings", "[io][errors]") {
    model_error(mutated([](json& j) { j["functions"][0]["questions"][2].erase("criteria"); }),
                "adva.model.unmapped_question",
                "[adva.model.unmapped_question] /functions/0/questions/2: every question maps to at least one "
                "criterion or gate (its \"criteria\" or \"gates\") (seen: \"Q3\")");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][0]["criteria"] = {"SF", "C1"}; }),
                "adva.model.weight_question_siblings",
                "[adva.model.weight_question_siblings] /functions/0/questions/0/criteria/1: a weight question links "
                "siblings: 'SF' has no parent (top level) but 'C1' has parent 'SF' (seen: \"C1\")");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][0]["answers"][0]["swing"]["C1"] = 5; }),
                "adva.model.weight_question_siblings",
                "[adva.model.weight_question_siblings] /functions/0/questions/0/answers/0/swing/C1: swing names a "
                "criterion this question does not link (linked, closest first: SF, VFM) (seen: \"C1\")");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][1]["answers"][0]["swing"] = {{"C1", 5}}; }),
                "adva.model.weight_question_siblings",
                "[adva.model.weight_question_siblings] /functions/0/questions/1/answers/0/swing: only answers to "
                "weight questions carry swing weights (this question's kind is \"gate\") (seen: \"C1\")");
    model_error(mutated([](json& j) {
                    j["functions"][1]["questions"] =
                        json::parse(R"([{"id": "Q9", "kind": "weight", "criteria": ["VFM", "SF"]}])");
                }),
                "adva.model.weight_question_siblings",
                "[adva.model.weight_question_siblings] /functions/1/questions/0/criteria/0: criterion is already "
                "weighted by question 'Q1' (seen: \"VFM\")");
}

TEST_CASE("adva.model.not_finite (in-memory models; JSON has no non-finite numbers)", "[io][errors]") {
    const adva::appraisal good = adva::io::parse_model(adva_test::rich_model_text);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    adva::appraisal m = good;
    m.options[0].scores["C1"].value = nan;
    validate_error(m, "adva.model.not_finite",
                   "[adva.model.not_finite] /options/0/scores/C1: number must be finite (seen: NaN)");
    m = good;
    m.criteria[2].weight = inf;
    validate_error(m, "adva.model.not_finite", "[adva.model.not_finite] /criteria/2/weight: number must be finite (seen: inf)");
    m = good;
    m.context.discount_rate = -inf;
    validate_error(m, "adva.model.not_finite",
                   "[adva.model.not_finite] /context/discount_rate: number must be finite (seen: -inf)");
    m = good;
    m.options[0].costs[1].amount = nan;
    validate_error(m, "adva.model.not_finite",
                   "[adva.model.not_finite] /options/0/costs/1/amount: number must be finite (seen: NaN)");
    m = good;
    m.functions[0].questions[0].answers[0].swing["VFM"] = nan;
    validate_error(m, "adva.model.not_finite",
                   "[adva.model.not_finite] /functions/0/questions/0/answers/0/swing/VFM: number must be finite (seen: "
                   "NaN)");
    m = good;
    m.options[0].scores["C5"].high = inf;
    validate_error(m, "adva.model.not_finite",
                   "[adva.model.not_finite] /options/0/scores/C5/high: number must be finite (seen: inf)");
    m = good;
    m.gates[1].threshold = nan;
    validate_error(m, "adva.model.not_finite", "[adva.model.not_finite] /gates/1/threshold: number must be finite (seen: NaN)");
}

TEST_CASE("adva.model.negative_weight, zero_weights and missing_weight", "[io][errors]") {
    model_error(mutated([](json& j) { j["criteria"][2]["weight"] = -1; }), "adva.model.negative_weight",
                "[adva.model.negative_weight] /criteria/2/weight: weights must be at least 0 (seen: -1)");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][0]["answers"][1]["swing"]["SF"] = -5; }),
                "adva.model.negative_weight",
                "[adva.model.negative_weight] /functions/0/questions/0/answers/1/swing/SF: swing weights must be at "
                "least 0 (seen: -5)");
    model_error(mutated([](json& j) { j["stakeholder_groups"][1]["influence"] = 0; }), "adva.model.negative_weight",
                "[adva.model.negative_weight] /stakeholder_groups/1/influence: influence must be greater than 0 "
                "(seen: 0)");
    model_error(mutated([](json& j) {
                    for (int i : {4, 5, 6}) j["criteria"][i]["weight"] = 0;
                }),
                "adva.model.zero_weights",
                "[adva.model.zero_weights] /criteria/4/weight: the direct weights of the children of 'VFM' are all "
                "zero (seen: 0)");
    model_error(mutated([](json& j) {
                    j["functions"][0]["questions"][0]["answers"][1]["swing"] = {{"SF", 0}, {"VFM", 0}};
                }),
                "adva.model.zero_weights",
                "[adva.model.zero_weights] /functions/0/questions/0/answers/1/swing: swing weights are all zero "
                "(seen: 0)");
    // Missing weights: a file still being answered is read; validate() and every appraisal refuse it.
    CHECK_NOTHROW(adva::io::parse_model(mutated([](json& j) { j["criteria"][2].erase("weight"); })));
    validate_error(adva::io::parse_model(mutated([](json& j) { j["criteria"][2].erase("weight"); })), "adva.model.missing_weight",
                "[adva.model.missing_weight] /criteria/2/weight: criterion has no weight: give it a direct "
                "\"weight\" or answer a weight question linking it (seen: \"C1\")");
    model_error(mutated([](json& j) { j["functions"][0]["questions"][0]["answers"][1]["swing"].erase("VFM"); }),
                "adva.model.missing_weight",
                "[adva.model.missing_weight] /functions/0/questions/0/answers/1/swing: the answer gives no swing "
                "weight to a criterion the question links (seen: \"VFM\")");
    validate_error(adva::io::parse_model(mutated([](json& j) { j["functions"][0]["questions"][0].erase("answers"); })),
                "adva.model.missing_weight",
                "[adva.model.missing_weight] /criteria/0/weight: criterion has no weight: give it a direct "
                "\"weight\" or answer a weight question linking it (seen: \"SF\")");
}

TEST_CASE("adva.model.score_on_interior, out_of_scale and bad_distribution", "[io][errors]") {
    model_error(mutated([](json& j) { j["options"][0]["scores"]["SF"] = 50; }), "adva.model.score_on_interior",
                "[adva.model.score_on_interior] /options/0/scores/SF: only leaf criteria are scored; 'SF' has "
                "children (seen: \"SF\")");
    model_error(mutated([](json& j) { j["options"][0]["scores"]["C1"] = 120; }), "adva.model.out_of_scale",
                "[adva.model.out_of_scale] /options/0/scores/C1: score outside the criterion's scale [0, 100] (seen: "
                "120)");
    model_error(mutated([](json& j) { j["options"][0]["scores"]["C3"]["high"] = 4000; }), "adva.model.out_of_scale",
                "[adva.model.out_of_scale] /options/0/scores/C3/high: measured level outside the value function's "
                "domain [0, 3000] (seen: 4000)");
    model_error(mutated([](json& j) { j["options"][0]["scores"]["C4"]["low"] = -0.5; }), "adva.model.out_of_scale",
                "[adva.model.out_of_scale] /options/0/scores/C4/low: measured level outside the value function's "
                "domain [0, 10] (seen: -0.5)");
    model_error(mutated([](json& j) { j["gates"][1]["threshold"] = 140; }), "adva.model.out_of_scale",
                "[adva.model.out_of_scale] /gates/1/threshold: a threshold is a value within [0, 100] (seen: 140)");
    // A relative scale takes any finite score: the options define its 0 and 100.
    REQUIRE_NOTHROW(adva::io::parse_model(mutated([](json& j) { j["options"][0]["scores"]["C2"]["value"] = 1e6; })));

    model_error(mutated([](json& j) { j["options"][0]["scores"]["C4"]["low"] = 6; }), "adva.model.bad_distribution",
                "[adva.model.bad_distribution] /options/0/scores/C4/mode: a triangular score needs low <= mode <= "
                "high (seen: low 6, mode 5, high 7)");
    model_error(mutated([](json& j) { j["options"][0]["scores"]["C5"]["high"] = 25; }), "adva.model.bad_distribution",
                "[adva.model.bad_distribution] /options/0/scores/C5/mode: a pert score needs low <= mode <= high "
                "(seen: low 20, mode 30, high 25)");
    model_error(mutated([](json& j) { j["options"][0]["scores"]["C3"]["low"] = 700; }), "adva.model.bad_distribution",
                "[adva.model.bad_distribution] /options/0/scores/C3/high: a range needs low <= high (seen: low 700, "
                "high 600)");
    model_error(mutated([](json& j) { j["options"][1]["scores"]["C1"]["sd"] = 0; }), "adva.model.bad_distribution",
                "[adva.model.bad_distribution] /options/1/scores/C1/sd: a normal score needs sd > 0 (seen: 0)");
}

TEST_CASE("adva.model.bad_value_function", "[io][errors]") {
    model_error(mutated([](json& j) { j["criteria"][4]["value_function"]["upper"] = 0; }),
                "adva.model.bad_value_function",
                "[adva.model.bad_value_function] /criteria/4/value_function/upper: upper must be greater than lower "
                "(seen: lower 0, upper 0)");
    model_error(mutated([](json& j) { j["criteria"][5]["value_function"]["points"] = {{0, 0}}; }),
                "adva.model.bad_value_function",
                "[adva.model.bad_value_function] /criteria/5/value_function/points: a piecewise-linear value function "
                "needs at least 2 breakpoints (seen: 1 breakpoint(s))");
    model_error(mutated([](json& j) { j["criteria"][5]["value_function"]["points"][2][0] = 5; }),
                "adva.model.bad_value_function",
                "[adva.model.bad_value_function] /criteria/5/value_function/points/2/0: breakpoint levels must "
                "strictly increase (seen: 5 then 5)");
    // Levels so far apart that their difference overflows would value every level at one end.
    model_error(mutated([](json& j) {
                    j["criteria"][4]["value_function"]["lower"] = -1e308;
                    j["criteria"][4]["value_function"]["upper"] = 1e308;
                }),
                "adva.model.bad_value_function",
                "[adva.model.bad_value_function] /criteria/4/value_function/upper: the range upper - lower must be a "
                "finite number (seen: lower -1e+308, upper 1e+308)");
    model_error(mutated([](json& j) { j["criteria"][5]["value_function"]["points"] = {{-1e308, 0}, {1e308, 100}}; }),
                "adva.model.bad_value_function",
                "[adva.model.bad_value_function] /criteria/5/value_function/points/1/0: the step between two breakpoint "
                "levels must be a finite number (seen: -1e+308 then 1e+308)");
    model_error(mutated([](json& j) { j["criteria"][5]["value_function"]["points"][1][1] = 120; }),
                "adva.model.bad_value_function",
                "[adva.model.bad_value_function] /criteria/5/value_function/points/1/1: breakpoint values must be "
                "within [0, 100] (seen: 120)");
    model_error(mutated([](json& j) { j["criteria"][3]["value_function"] = {{"kind", "linear"}}; }),
                "adva.model.bad_value_function",
                "[adva.model.bad_value_function] /criteria/3/value_function/kind: a relative scale is set from the "
                "options' own scores, so its value function must be \"direct\" (seen: \"linear\")");
}

TEST_CASE("adva.model.attribute_type and adva.model.unknown_attribute", "[io][errors]") {
    model_error(mutated([](json& j) { j["gates"][0]["value"] = "yes"; }), "adva.model.attribute_type",
                "[adva.model.attribute_type] /gates/0/value: attribute 'independent' is boolean, the value is text "
                "(seen: \"yes\")");
    model_error(mutated([](json& j) { j["gates"][2]["values"][1] = 3; }), "adva.model.attribute_type",
                "[adva.model.attribute_type] /gates/2/values/1: attribute 'legal_form' is text, the value is number "
                "(seen: 3)");
    model_error(mutated([](json& j) { j["options"][0]["attributes"]["independent"] = 1; }), "adva.model.attribute_type",
                "[adva.model.attribute_type] /options/0/attributes/independent: attribute 'independent' is boolean, "
                "the value is number (seen: 1)");
    model_error(mutated([](json& j) {
                    j["gates"][2]["op"] = "less";
                }),
                "adva.model.attribute_type",
                "[adva.model.attribute_type] /gates/2/op: less compares numbers, but attribute 'legal_form' is text "
                "(seen: \"less\")");
    model_error(mutated([](json& j) { j["gates"][2]["op"] = "equals"; }), "adva.model.attribute_type",
                "[adva.model.attribute_type] /gates/2/value: \"equals\" compares with exactly one value (seen: 2 "
                "values)");
    model_error(mutated([](json& j) { j["gates"][2]["values"] = json::array(); }), "adva.model.attribute_type",
                "[adva.model.attribute_type] /gates/2/values: \"one_of\" needs at least one value (seen: 0 values)");
    model_error(mutated([](json& j) { j["options"][0]["attributes"]["colour"] = "red"; }),
                "adva.model.unknown_attribute",
                "[adva.model.unknown_attribute] /options/0/attributes/colour: option sets an attribute the model does "
                "not declare (known, closest first: legal_form, independent, staff_transfer) (seen: \"colour\")");
    // Threshold gates compare one number.
    model_error(mutated([](json& j) { j["gates"][1]["op"] = "one_of"; }), "adva.json.type",
                "[adva.json.type] /gates/1/op: expected a comparison of one number (threshold gates cannot use one_of "
                "or none_of) (seen: \"one_of\")");
}

TEST_CASE("adva.model.bad_context and adva.model.bad_cost", "[io][errors]") {
    model_error(mutated([](json& j) { j["context"]["discount_rate"] = 1.0; }), "adva.model.bad_context",
                "[adva.model.bad_context] /context/discount_rate: discount rate must be in [0, 1) (seen: 1)");
    model_error(mutated([](json& j) { j["context"]["discount_rate"] = -0.01; }), "adva.model.bad_context",
                "[adva.model.bad_context] /context/discount_rate: discount rate must be in [0, 1) (seen: -0.01)");
    model_error(mutated([](json& j) { j["context"]["horizon_years"] = 0; }), "adva.model.bad_context",
                "[adva.model.bad_context] /context/horizon_years: horizon must be 1 to 200 years (seen: 0)");
    model_error(mutated([](json& j) { j["context"]["horizon_years"] = 201; }), "adva.model.bad_context",
                "[adva.model.bad_context] /context/horizon_years: horizon must be 1 to 200 years (seen: 201)");
    model_error(mutated([](json& j) { j["options"][0]["costs"][0]["year"] = 10; }), "adva.model.bad_cost",
                "[adva.model.bad_cost] /options/0/costs/0/year: cost year outside the horizon (years 0 to 9) (seen: "
                "10)");
    model_error(mutated([](json& j) { j["options"][0]["costs"][1]["end_year"] = 0; }), "adva.model.bad_cost",
                "[adva.model.bad_cost] /options/0/costs/1/end_year: end_year must not be before year (seen: year 1, "
                "end_year 0)");
    model_error(mutated([](json& j) { j["options"][0]["costs"][1]["end_year"] = 10; }), "adva.model.bad_cost",
                "[adva.model.bad_cost] /options/0/costs/1/end_year: cost year outside the horizon (years 0 to 9) "
                "(seen: 10)");
    model_error(mutated([](json& j) { j["options"][0]["costs"][0]["end_year"] = 3; }), "adva.model.bad_cost",
                "[adva.model.bad_cost] /options/0/costs/0/end_year: a one-off cost falls in its year: spread it over "
                "several years with a profile (seen: 3)");
}

TEST_CASE("the rules of cash-flow lines and of the economic case's conventions", "[io][errors][economics]") {
    const auto cost = [](int k, const std::function<void(json&)>& edit) {
        return mutated([&](json& j) { edit(j["options"][0]["costs"][k]); });
    };
    const std::string at0 = "[adva.model.bad_cost] /options/0/costs/0/";
    model_error(cost(0, [](json& c) { c["profile"] = {1, 2}; }), "adva.model.bad_cost",
                at0 + "profile: a line has either amount (a year) or profile (amounts by year), not both (seen: both given)");
    model_error(cost(0, [](json& c) { c.erase("amount"); c["profile"] = json::array(); }), "adva.model.bad_cost",
                at0 + "profile: a profile gives the amounts of one year or more (seen: [])");
    model_error(cost(0, [](json& c) { c.erase("amount"); c["profile"] = {1, 2}; c["end_year"] = 1; }), "adva.model.bad_cost",
                at0 + "end_year: a profile gives the years itself: end_year goes with amount (seen: 1)");
    model_error(cost(0, [](json& c) { c.erase("amount"); c["profile"] = json(std::vector<double>(11, 1.0)); }),
                "adva.model.bad_cost", at0 + "profile: cost year outside the horizon (years 0 to 9) (seen: 11 years from year 0)");
    model_error(cost(0, [](json& c) { c["kind"] = "saving"; c["amount"] = -5; }), "adva.model.bad_cost",
                at0 + "amount: a saving is entered as a positive amount: it reduces the option's cost (seen: a negative amount)");
    model_error(cost(0, [](json& c) { c["kind"] = "saving"; c["optimism_bias"] = "outsourcing"; }), "adva.model.bad_cost",
                at0 + "optimism_bias: optimism bias uplifts costs, not savings: enter a saving at risk as a lower saving "
                      "(seen: \"outsourcing\")");
    model_error(cost(0, [](json& c) { c["kind"] = "contingency"; c["optimism_bias"] = "outsourcing"; }), "adva.model.bad_cost",
                at0 + "optimism_bias: a contingency is already a risk allowance: an optimism-bias uplift on it counts the "
                      "risk twice (seen: \"outsourcing\")");
    model_error(cost(0, [](json& c) { c["optimism_bias"] = "outsorcing"; }), "adva.model.unknown_id",
                "[adva.model.unknown_id] /options/0/costs/0/optimism_bias: not a category of the optimism-bias table "
                "(known, closest first: outsourcing, standard_buildings, non_standard_buildings, equipment_development, "
                "standard_civil_engineering, non_standard_civil_engineering) (seen: \"outsorcing\")");
    model_error(cost(2, [](json& c) { c["optimism_bias"] = "outsourcing"; }), "adva.model.bad_cost",
                "[adva.model.bad_cost] /options/0/costs/2/optimism_bias: optimism bias uplifts a cost estimate: a line with "
                "a negative amount cannot carry it (seen: \"outsourcing\")");
    model_error(cost(0, [](json& c) { c["optimism_bias"] = "outsourcing"; c["mitigation"] = 1.5; }), "adva.model.bad_cost",
                at0 + "mitigation: mitigation is the share of the uplift mitigated, from 0 to 1 (seen: 1.5)");
    model_error(cost(0, [](json& c) { c["mitigation"] = 0.5; c["mitigation_reason"] = "x"; }), "adva.model.bad_cost",
                at0 + "mitigation: mitigation reduces an optimism-bias uplift: name the line's optimism_bias category (seen: 0.5)");
    model_error(cost(0, [](json& c) { c["optimism_bias"] = "outsourcing"; c["mitigation"] = 0.5; c["mitigation_reason"] = " "; }),
                "adva.model.bad_cost",
                at0 + "mitigation_reason: a mitigated uplift records its evidence: mitigation_reason is required when "
                      "mitigation is above 0 (seen: mitigation 0.5)");
    model_error(cost(0, [](json& c) { c["prices"] = "nominal"; }), "adva.model.bad_cost",
                at0 + "prices: a line in nominal prices needs the deflator (/economics/deflator/index) for each of its "
                      "years (seen: years 0 to 0, deflator for 0 years)");
    model_error(mutated([](json& j) {
                    j["options"][0]["costs"][0]["id"] = "a";
                    j["options"][0]["costs"][1]["id"] = "a";
                }),
                "adva.model.duplicate_id",
                "[adva.model.duplicate_id] /options/0/costs/1/id: two lines of the option have this id (seen: \"a\")");
    model_error(mutated([](json& j) { j["options"][0]["benefits"] = {{{"amount", 1}, {"year", 12}}}; }), "adva.model.bad_cost",
                "[adva.model.bad_cost] /options/0/benefits/0/year: benefit year outside the horizon (years 0 to 9) (seen: 12)");

    const auto economics = [](const std::function<void(json&)>& edit) {
        return mutated([&](json& j) { edit(j["economics"]); });
    };
    model_error(economics([](json& e) { e["optimism_bias"]["x"] = {{"upper", -0.1}}; }), "adva.model.bad_economics",
                "[adva.model.bad_economics] /economics/optimism_bias/x/upper: an uplift is a share of the estimate, 0 or "
                "more (seen: -0.1)");
    model_error(economics([](json& e) { e["optimism_bias"]["x"] = {{"upper", 0.2}, {"lower", 0.3}}; }),
                "adva.model.bad_economics",
                "[adva.model.bad_economics] /economics/optimism_bias/x/lower: the lower bound is from 0 to the upper bound "
                "(seen: lower 0.3, upper 0.2)");
    model_error(economics([](json& e) { e["deflator"] = {{"index", {100, 0}}}; }), "adva.model.bad_economics",
                "[adva.model.bad_economics] /economics/deflator/index/1: a price index is greater than 0 (seen: 0)");
    model_error(economics([](json& e) { e["budget"] = {{"revenue", std::vector<double>(11, 1.0)}}; }),
                "adva.model.bad_economics",
                "[adva.model.bad_economics] /economics/budget/revenue: a budget gives a figure for each year of the "
                "horizon, no more (seen: 11 years, horizon 10)");
    model_error(economics([](json& e) { e["cost_basis"] = "after"; }), "adva.json.type",
                "[adva.json.type] /economics/cost_basis: expected one of \"with_optimism_bias\" or \"before_optimism_bias\" "
                "(seen: \"after\")");
}

TEST_CASE("hostile inputs end in a clean adva error", "[io][errors][hostile]") {
    SECTION("NaN-ish and malformed numbers are parse errors") {
        for (const char* number : {"NaN", "nan", "Infinity", "-Infinity", "inf", "1e999", "-1e999", "0x10", "+1", "01",
                                   "1.", ".5", "1e", "--1"}) {
            const std::string text = R"({"adva_model": 1, "context": {"discount_rate": )" + std::string(number) + "}}";
            INFO(text);
            try {
                adva::io::parse_model(text);
                FAIL("accepted");
            } catch (const adva::invalid_input& e) {
                // Only the id is fixed here; each message names the line and column where parsing stopped.
                CHECK((e.id() == "adva.json.parse" || e.id() == "adva.json.number_range"));
                CHECK_THAT(e.what(), Catch::Contains("/context/discount_rate: not valid JSON at line 1") ||
                                         Catch::Contains("outside the range of a double"));
            }
        }
        // Huge but finite numbers are read and then judged by the model's rules.
        model_error(R"({"adva_model": 1, "context": {"discount_rate": 1e308}})", "adva.model.bad_context",
                    "[adva.model.bad_context] /context/discount_rate: discount rate must be in [0, 1) (seen: 1e+308)");
    }
    SECTION("every truncation of a valid model") {
        const std::string& text = adva_test::rich_model_text;
        for (std::size_t n = 0; n < text.size(); ++n) {
            try {
                adva::io::parse_model(std::string_view(text).substr(0, n));
                FAIL("a truncated model was accepted at " << n);
            } catch (const adva::invalid_input& e) {
                // Only trailing whitespace can be cut off without breaking the JSON.
                if (e.id() != "adva.json.parse") FAIL(n << ": " << e.what());
            }
        }
    }
    SECTION("binary garbage and random byte strings") {
        std::mt19937 rng(20260101);
        for (int i = 0; i < 500; ++i) {
            std::string bytes(rng() % 300, '\0');
            for (auto& b : bytes) b = static_cast<char>(rng() & 0xFF);
            if (i % 2 == 1 && !bytes.empty()) bytes[0] = '{';
            require_clean_rejection(bytes);
        }
        require_clean_rejection(std::string("\0\0\0\0", 4));
        require_clean_rejection("\xEF\xBB\xBF{}");                        // BOM then an empty object
        require_clean_rejection(R"({"adva_model": 1, "context": {"title": "\xff\xfe"}})");  // invalid UTF-8
        require_clean_rejection(R"({"adva_model": 1, "context": {"title": "\ud800"}})");    // lone surrogate
    }
    SECTION("containers of every kind in place of the model") {
        for (const char* text : {"null", "true", "0", "\"model\"", "[]", "{}", "[{}]", "{\"adva_model\": null}"}) {
            INFO(text);
            require_clean_rejection(text);
            CHECK_THROWS_AS(adva::io::parse_model(text), adva::invalid_input);
        }
    }
}

TEST_CASE("large models stay linear to read and validate (no hang at the count limits)", "[io][errors][hostile]") {
    // 9 999 leaves under one parent (10^4 criteria, the bound) and 50 000 options: quadratic
    // lookups would not finish.
    const int n = int(adva::max_criteria) - 1;
    json j = {{"adva_model", 1}, {"context", json::object()}};
    j["criteria"] = json::array({{{"id", "ROOT"}, {"weight", 1}}});
    for (int i = 0; i < n; ++i) j["criteria"].push_back({{"id", "C" + std::to_string(i)}, {"parent", "ROOT"}, {"weight", 1}});
    j["options"] = json::array();
    for (int i = 0; i < n; ++i)
        j["options"].push_back({{"id", "O" + std::to_string(i)}, {"vehicle", "mutual"},
                                {"scores", {{"C" + std::to_string(n - 1 - i), i % 101}}}});
    for (int i = n; i < 50000; ++i) j["options"].push_back({{"id", "O" + std::to_string(i)}, {"vehicle", "mutual"}});
    const adva::appraisal m = adva::io::parse_model(j.dump());
    CHECK(m.criteria.size() == static_cast<std::size_t>(n + 1));
    CHECK(m.options.size() == 50000);
    // One criterion more is refused by validation, first of its rules.
    j["criteria"].push_back({{"id", "C" + std::to_string(n)}, {"parent", "ROOT"}, {"weight", 1}});
    REQUIRE_THROWS_MATCHES(adva::io::parse_model(j.dump()), adva::limit_exceeded,
                           Catch::Matchers::Message("[adva.limits.criteria] /criteria: a model has at most 10000 criteria (nodes of the value tree) (seen: 10001)"));
}

TEST_CASE("deep criteria chains: cycles are found in one walk, depth is bounded", "[io][errors][hostile]") {
    // A 10 000-long chain (the bound on criteria) closed into a cycle is found without walking it
    // once per node.
    const int n = int(adva::max_criteria);
    json j = {{"adva_model", 1}, {"context", json::object()}};
    j["criteria"] = json::array();
    for (int i = 0; i < n; ++i)
        j["criteria"].push_back({{"id", "C" + std::to_string(i)}, {"weight", 1}, {"parent", "C" + std::to_string((i + n - 1) % n)}});
    try {
        adva::io::parse_model(j.dump());
        FAIL("cycle accepted");
    } catch (const adva::invalid_input& e) {
        CHECK(e.id() == "adva.model.cycle");
        CHECK(e.where() == "/criteria/0/parent");
    }
    // Opened into a chain it is far deeper than any value tree: refused with the depth limit.
    j["criteria"][0].erase("parent");
    try {
        adva::io::parse_model(j.dump());
        FAIL("10 000-level tree accepted");
    } catch (const adva::limit_exceeded& e) {
        CHECK(std::string(e.what()) == "[adva.model.tree_depth] /criteria/32/parent: the criteria tree may be at most 32 levels deep (seen: 33 levels)");
    }
    // 32 levels are fine.
    j["criteria"] = json(std::vector<json>(j["criteria"].begin(), j["criteria"].begin() + 32));
    CHECK(adva::io::parse_model(j.dump()).criteria.size() == 32);
}
