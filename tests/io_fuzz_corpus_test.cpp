// What `make test` runs of the fuzzing (tests/fuzz/README.md): every fuzzer's seeds, which must be
// accepted, and its regression inputs (inputs that once failed), through the fuzzers' own entry
// functions; and a deterministic stand-in for the model fuzzer: a few hundred seeded mutations of
// the example models, at the byte level and at the JSON level, through parse_model. Every one must
// load or end in an adva::error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "adva/error.hpp"
#include "adva/io/model_json.hpp"
#include "fuzz_targets.hpp"
#include "io_fixture.hpp"

using nlohmann::json;

namespace {

// The seeds: the rich fixture and models with elicited answers (AHP, MACBETH on swings and on levels, PAPRIKA, bisection), plus the
// shipped example model once it is a real model.
std::vector<std::string> seeds() {
    std::vector<std::string> out{adva_test::rich_model_text};
    for (const char* name : {"elicited_ahp_macbeth.json", "elicited_paprika.json", "elicited_bisection.json",
                             "elicited_macbeth_scale.json"}) {
        std::ifstream seed(std::string(ADVA_SOURCE_DIR) + "/tests/fuzz/seeds/model/" + name);
        std::stringstream seed_text;
        seed_text << seed.rdbuf();
        REQUIRE(!seed_text.str().empty());
        out.push_back(seed_text.str());
    }
    std::ifstream in(std::string(ADVA_SOURCE_DIR) + "/examples/childrens_services.json");
    std::stringstream text;
    text << in.rdbuf();
    try {
        adva::io::parse_model(text.str());
        out.push_back(text.str());
    } catch (const adva::error&) {
        // Not (yet) a valid model: the fixture alone seeds the mutations.
    }
    return out;
}

const std::vector<std::string> tokens = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1",
                                         "1e308", "1e999", "\"C1\"", "\"\\u0000\"", "\"\\ud800\"", "{}", "[]", "\xff"};

std::string byte_mutation(std::string s, std::mt19937& rng) {
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
    const int steps = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < steps; ++k) {
        switch (rng() % 5) {
            case 0: if (!s.empty()) s[pick(s.size())] = static_cast<char>(rng() & 0xFF); break;
            case 1: if (!s.empty()) { auto at = pick(s.size()); s.erase(at, 1 + pick(std::min<std::size_t>(64, s.size() - at))); } break;
            case 2: s.insert(pick(s.size() + 1), tokens[pick(tokens.size())]); break;
            case 3: if (!s.empty()) { auto at = pick(s.size()); auto n = 1 + pick(std::min<std::size_t>(200, s.size() - at)); s.insert(pick(s.size() + 1), s.substr(at, n)); } break;
            case 4: s.resize(pick(s.size() + 1)); break;
        }
    }
    return s;
}

// Replaces one value (anywhere in the document) with a value of a random kind: reaches the type
// checks and the semantic rules, which byte mutations mostly do not.
// Every value of a document, containers included, by JSON pointer.
std::vector<std::string> all_pointers(const json& doc) {
    std::set<std::string> out;
    const json flat = doc.flatten();
    for (const auto& item : flat.items()) {
        json::json_pointer p(item.key());
        while (!p.empty()) {
            out.insert(p.to_string());
            p = p.parent_pointer();
        }
    }
    return {out.begin(), out.end()};
}

std::string json_mutation(json doc, const std::vector<std::string>& pointers, std::mt19937& rng) {
    const json replacements[] = {nullptr, true, -1, 0, 100, 1e308, -1e-308, 2147483648LL, "", "C1", "x/y~z",
                                 json::array(), json::object(), json::array({1, 2}), json::parse(R"({"value": 1})"),
                                 json::parse(R"({"distribution": "normal", "mean": 0, "sd": -1})")};
    const json::json_pointer target(pointers[rng() % pointers.size()]);
    switch (rng() % 3) {
        case 0: doc[target] = replacements[rng() % std::size(replacements)]; break;
        case 1: {  // remove the value (a missing key or a shorter array)
            json& parent = doc[target.parent_pointer()];
            if (parent.is_object()) parent.erase(target.back());
            else if (parent.is_array()) parent.erase(static_cast<std::size_t>(std::stoul(target.back())));
            break;
        }
        case 2: doc[target] = doc[json::json_pointer(pointers[rng() % pointers.size()])]; break;  // copy another value
    }
    return doc.dump();
}

// Returns the error id, or "" when the input loaded; fails the test on any non-adva exception.
std::string load_or_adva_error(const std::string& input) {
    try {
        (void)adva::io::parse_model(input);
    } catch (const adva::error& e) {
        return e.id();
    } catch (const std::exception& e) {
        FAIL("non-adva exception " << e.what() << " for input " << input.substr(0, 300));
    }
    return "";
}

}  // namespace

TEST_CASE("byte-level mutations of the example models load or give an adva error", "[io][fuzz]") {
    std::mt19937 rng(12345);
    int rejected = 0;
    for (const auto& seed : seeds()) {
        for (int i = 0; i < 300; ++i) {
            const std::string input = byte_mutation(seed, rng);
            if (!load_or_adva_error(input).empty()) ++rejected;
        }
    }
    CHECK(rejected > 200);  // the mutations really do break the models
}

TEST_CASE("JSON-level mutations of the example models load or give an adva error", "[io][fuzz]") {
    std::mt19937 rng(67890);
    std::map<std::string, int> ids;
    for (const auto& seed : seeds()) {
        const json doc = json::parse(seed);
        const auto pointers = all_pointers(doc);
        for (int i = 0; i < 300; ++i) {
            const std::string input = json_mutation(doc, pointers, rng);
            if (const std::string id = load_or_adva_error(input); !id.empty()) ++ids[id];
        }
    }
    // The mutations reach both the structural reader and the semantic rules.
    CHECK(ids.count("adva.json.type") == 1);
    CHECK(ids.size() >= 6);
    // ... and the elicited answers' rules: judgements a mutation breaks are refused, never used.
    CHECK(std::any_of(ids.begin(), ids.end(), [](const auto& id) { return id.first.rfind("adva.elicitation.", 0) == 0; }));
}

TEST_CASE("the fuzzers' seeds are accepted and their regression inputs replay cleanly", "[io][fuzz]") {
    const std::filesystem::path fuzz_dir = std::filesystem::path(ADVA_SOURCE_DIR) / "tests" / "fuzz";
    std::size_t seeds = 0;
    for (const auto& target : adva_fuzz::targets) {
        for (const char* kind : {"seeds", "regressions"}) {
            const auto dir = fuzz_dir / kind / target.name;
            if (!std::filesystem::is_directory(dir)) continue;
            for (const auto& entry : std::filesystem::directory_iterator(dir)) {
                std::ifstream in(entry.path(), std::ios::binary);
                const std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
                INFO(entry.path().string());
                // A finding aborts the test, as it does the fuzzer; a seed must also be accepted.
                const bool accepted = target.run(input);
                if (std::string_view(kind) == "seeds") {
                    CHECK(accepted);
                    ++seeds;
                }
            }
        }
    }
    CHECK(seeds >= adva_fuzz::targets.size());
}
