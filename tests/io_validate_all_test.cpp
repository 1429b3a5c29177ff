// adva validate's collecting mode: every error of a model reported at once, each located by line
// and column in the file; the bound on what is kept; the pointer-to-position scan of the decoding
// toolkit; and hostile models that must neither crash nor hang while errors are collected.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "adva/error.hpp"
#include "adva/error_sink.hpp"
#include "adva/io/decode.hpp"
#include "adva/io/model_json.hpp"

using adva::io::check_model_text;
using adva::io::locate_pointer;

namespace {

// Three independent errors: a discount rate out of range (line 3), an unknown parent (line 6) and
// a score on an unknown criterion whose id holds a '/' (line 9, pointer token "c~17").
const std::string three_errors = R"({
  "adva_model": 1,
  "context": {"horizon_years": 5, "discount_rate": 1.5},
  "criteria": [
    {"id": "a", "weight": 1},
    {"id": "b", "weight": 1, "parent": "x"}
  ],
  "options": [
    {"id": "O1", "vehicle": "in_house", "scores": {"a": 50, "b": 20, "c/7": 10}}
  ]
}
)";

std::pair<std::size_t, std::size_t> line_column(const adva::error& e) { return {e.position().line, e.position().column}; }

}  // namespace

TEST_CASE("a model with three independent errors reports all three, each at its line and column", "[io][validate]") {
    const auto check = check_model_text(three_errors, "m.json");
    REQUIRE(check.error_count == 3);
    REQUIRE(check.errors.size() == 3);
    CHECK_FALSE(check.model);

    const auto& rate = check.errors[0];
    CHECK(rate.id() == "adva.model.bad_context");
    CHECK(rate.where() == "/context/discount_rate");
    CHECK(line_column(rate) == std::pair<std::size_t, std::size_t>{3, 52});
    CHECK(std::string(rate.what()) ==
          "m.json:3:52: [adva.model.bad_context] /context/discount_rate: discount rate must be in [0, 1) (seen: 1.5)");

    const auto& parent = check.errors[1];
    CHECK(parent.id() == "adva.model.unknown_id");
    CHECK(parent.where() == "/criteria/1/parent");
    CHECK(line_column(parent) == std::pair<std::size_t, std::size_t>{6, 40});
    CHECK(parent.rule() == "parent is not a criterion (known, closest first: a, b)");

    const auto& score = check.errors[2];
    CHECK(score.id() == "adva.model.unknown_id");
    CHECK(score.where() == "/options/0/scores/c~17");
    CHECK(line_column(score) == std::pair<std::size_t, std::size_t>{9, 77});
    CHECK(score.seen() == "\"c/7\"");
}

TEST_CASE("loading stops at the first error, located in the file, with the same message", "[io][validate]") {
    const auto dir = std::filesystem::temp_directory_path() / "adva_validate_all_test";
    std::filesystem::create_directories(dir);
    const auto path = dir / "three.json";
    std::ofstream(path) << three_errors;
    try {
        adva::io::load_model(path);
        FAIL("no error");
    } catch (const adva::invalid_input& e) {
        CHECK(std::string(e.what()) == path.string() +
                                           ":3:52: [adva.model.bad_context] /context/discount_rate: discount rate must "
                                           "be in [0, 1) (seen: 1.5)");
        CHECK(e.position().file == path.string());
    }
    // Text from no file keeps the message it always had: pointer only.
    try {
        adva::io::parse_model(three_errors);
        FAIL("no error");
    } catch (const adva::invalid_input& e) {
        CHECK(std::string(e.what()).rfind("[adva.model.bad_context] /context/discount_rate", 0) == 0);
    }
    // The file check gives the same as the text check, named by the path.
    const auto check = adva::io::check_model_file(path);
    REQUIRE(check.error_count == 3);
    CHECK(check.errors[2].position().file == path.string());
    std::filesystem::remove_all(dir);
}

TEST_CASE("a model with 1000 errors keeps the first 100 and counts the rest", "[io][validate]") {
    std::string text = R"({"adva_model": 1, "context": {}, "criteria": [{"id": "a", "weight": 1}], "options": [)";
    for (int i = 0; i < 1000; ++i)
        text += (i ? ",\n" : "\n") + std::string(R"({"id": "O)") + std::to_string(i) + R"(", "vehicle": "no_such"})";
    text += "]}";
    const auto check = check_model_text(text, "many.json");
    CHECK(check.error_count == 1000);
    REQUIRE(check.errors.size() == adva::max_reported_errors);
    for (std::size_t i = 0; i < check.errors.size(); ++i) {
        CHECK(check.errors[i].id() == "adva.model.unknown_id");
        CHECK(check.errors[i].position().line == i + 2);
        CHECK(check.errors[i].position().column == 24 + std::to_string(i).size());  // the value "no_such"
    }
}

TEST_CASE("a syntax error stops the reading and is located by line and column", "[io][validate]") {
    const auto check = check_model_text("{\n  \"adva_model\": 1,\n  \"context\": {]\n}", "bad.json");
    REQUIRE(check.error_count == 1);
    const auto& e = check.errors[0];
    CHECK(e.id() == "adva.json.parse");
    CHECK(line_column(e) == std::pair<std::size_t, std::size_t>{3, 15});
    CHECK(std::string(e.what()).rfind("bad.json:3:15: [adva.json.parse] /context: not valid JSON at line 3, column 15:", 0) == 0);
}

TEST_CASE("structural errors are collected element by element, and validation then does not run", "[io][validate]") {
    const std::string text = R"({
  "adva_model": 1,
  "context": {"colour": "blue"},
  "criteria": [{"id": "a", "weight": 1}, 7],
  "options": [{"id": "O1", "vehicle": "in_house", "scores": {"zz": 1}}, {"id": "O2"}]
})";
    const auto check = check_model_text(text, "s.json");
    REQUIRE(check.error_count == 3);
    CHECK(check.errors[0].id() == "adva.json.unknown_key");
    CHECK(check.errors[0].where() == "/context/colour");
    CHECK(line_column(check.errors[0]) == std::pair<std::size_t, std::size_t>{3, 25});
    CHECK(check.errors[1].id() == "adva.json.type");
    CHECK(check.errors[1].where() == "/criteria/1");
    CHECK(line_column(check.errors[1]) == std::pair<std::size_t, std::size_t>{4, 42});
    CHECK(check.errors[2].id() == "adva.json.missing_key");
    CHECK(check.errors[2].where() == "/options/1/vehicle");
    // A missing key is located at the object that lacks it.
    CHECK(line_column(check.errors[2]) == std::pair<std::size_t, std::size_t>{5, 73});
}

TEST_CASE("locate_pointer follows RFC 6901 tokens, escapes in keys and missing members", "[io][decode][validate]") {
    const std::string text = "{\"x\": {\"a/b\": [1, {\"m~n\": true}], \"q\\\"\\u00e9\": 2},\n \"s\": \"]}[{\\\"\"}";
    auto at = [&](std::string_view pointer) {
        const auto p = locate_pointer(text, pointer);
        return std::pair<std::size_t, std::size_t>{p.line, p.column};
    };
    using lc = std::pair<std::size_t, std::size_t>;
    CHECK(at("") == lc{1, 1});
    CHECK(at("/x") == lc{1, 7});
    CHECK(at("/x/a~1b") == lc{1, 15});
    CHECK(at("/x/a~1b/1/m~0n") == lc{1, 27});
    CHECK(at("/x/q\"\xc3\xa9") == lc{1, 48});  // the key's escapes decoded as the parser does
    CHECK(at("/s") == lc{2, 7});               // brackets inside a string are text
    CHECK(at("/x/missing") == lc{1, 7});       // a missing member: the enclosing object
    CHECK(at("/x/a~1b/9") == lc{1, 15});       // past the end: the array
    CHECK(at("/x/a~1b/01") == lc{1, 15});      // not an index
    CHECK(at("/x/a~1b/0/deeper") == lc{1, 16}); // a number has no members
    CHECK(locate_pointer(text, "--threads").line == 0);  // not a pointer
}

TEST_CASE("locate_pointer ends on any text, valid JSON or not", "[io][decode][validate]") {
    std::mt19937 rng(7);
    const std::string alphabet = "{}[]\",:\\ u0a/~1";
    for (int round = 0; round < 2000; ++round) {
        std::string text, pointer;
        for (int i = int(rng() % 40); i > 0; --i) text += alphabet[rng() % alphabet.size()];
        for (int i = int(rng() % 8); i > 0; --i) pointer += alphabet[rng() % alphabet.size()];
        const auto p = locate_pointer(text, "/" + pointer);
        CHECK(p.line >= 1);
        CHECK(p.line <= 1 + text.size());
    }
}

TEST_CASE("collecting on hostile models neither crashes nor hangs nor cascades", "[io][validate]") {
    SECTION("deep nesting and a huge array stop at the reader's bound") {
        const auto deep = check_model_text(std::string(1000000, '['), "deep.json");
        REQUIRE(deep.error_count == 1);
        CHECK(deep.errors[0].id() == "adva.json.limit");
        std::string huge = R"({"adva_model": 1, "options": [)";
        for (int i = 0; i < 100001; ++i) huge += i ? ",0" : "0";
        huge += "]}";
        const auto big = check_model_text(huge, "huge.json");
        REQUIRE(big.error_count == 1);
        CHECK(big.errors[0].id() == "adva.json.limit");
    }
    SECTION("a cycle is reported once, and its walk ends") {
        const auto check = check_model_text(R"({"adva_model": 1, "context": {}, "criteria": [
            {"id": "a", "parent": "b", "weight": 1}, {"id": "b", "parent": "a", "weight": 1},
            {"id": "c", "parent": "nowhere", "weight": 1}]})");
        REQUIRE(check.error_count == 2);
        CHECK(check.errors[0].id() == "adva.model.unknown_id");
        CHECK(check.errors[1].id() == "adva.model.cycle");
    }
    SECTION("a tree too deep is reported once, not for every deeper node") {
        std::string text = R"({"adva_model": 1, "context": {}, "criteria": [{"id": "c0", "weight": 1})";
        for (int i = 1; i < 200; ++i)
            text += ", {\"id\": \"c" + std::to_string(i) + "\", \"parent\": \"c" + std::to_string(i - 1) + "\", \"weight\": 1}";
        text += "]}";
        const auto check = check_model_text(text);
        REQUIRE(check.error_count == 1);
        CHECK(check.errors[0].id() == "adva.model.tree_depth");
    }
    SECTION("a broken scale, unknown ids and a broken weight question do not cascade") {
        const auto check = check_model_text(R"({"adva_model": 1, "context": {"horizon_years": 0},
            "stakeholder_groups": [{"id": "g"}],
            "functions": [{"id": "F", "questions": [{"id": "Q", "kind": "weight", "criteria": ["nope", "p"],
                "answers": [{"group": "ghost", "swing": {"nope": 1, "p": 1}}]}]}],
            "criteria": [{"id": "p", "value_function": {"kind": "piecewise_linear"}}],
            "options": [{"id": "O", "vehicle": "in_house", "scores": {"p": 1000},
                         "costs": [{"kind": "one_off", "amount": 1, "year": 3}]}]})");
        // horizon, unknown question criterion, unknown answer group, unknown swing criterion, the
        // piecewise function without breakpoints; the score on that broken scale, the cost years
        // against a broken horizon and the coverage of the unknown group are not reported again.
        CHECK(check.error_count == 5);
        for (const auto& e : check.errors) INFO(e.what());
    }
}

TEST_CASE("a throwing sink throws the first error with its own class", "[io][validate]") {
    adva::error_sink first;
    CHECK_THROWS_AS(first.report(adva::limit_exceeded("adva.json.limit", "/a", "too big")), adva::limit_exceeded);
    adva::error_sink collect(adva::error_sink::mode::collect, 2);
    for (int i = 0; i < 5; ++i) collect.report(adva::invalid_input("adva.json.type", "/a", "rule"));
    CHECK(collect.count() == 5);
    CHECK(collect.errors().size() == 2);
    CHECK(collect.full());
}
