// JSON model format v1: lossless round trips (model -> JSON -> model, JSON -> model -> JSON), the
// writer's canonical form, file save/load and atomic saving.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adva/error.hpp"
#include "adva/io/model_json.hpp"
#include "adva/model/governance.hpp"
#include "io_fixture.hpp"

namespace fs = std::filesystem;
using adva_test::rich_model_text;

namespace {

// A fresh, empty directory under the system temp dir, removed at the end of the test.
struct temp_dir {
    fs::path path;
    temp_dir() {
        path = fs::temp_directory_path() / ("adva_io_test_" + std::to_string(::getpid()) + "_" +
                                            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~temp_dir() { fs::remove_all(path); }
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
};

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("the rich fixture reads into every field of the model", "[io][json]") {
    const adva::appraisal m = adva::io::parse_model(rich_model_text);
    CHECK(m.illustrative);
    CHECK(m.context.service == "Children’s social care");
    CHECK(m.context.base_year == 2026);
    CHECK(m.context.discount_schedule == adva::discounting::green_book_declining);
    REQUIRE(m.groups.size() == 2);
    CHECK(m.groups[0].influence == 2.0);
    CHECK(m.consensus.method == adva::consensus_method::lead_group);
    CHECK(m.consensus.lead_group == "members");
    REQUIRE(m.functions.size() == 2);
    const auto& q1 = m.functions[0].questions[0];
    CHECK(q1.kind == adva::question_kind::weight);
    CHECK(q1.answers[0].swing.at("VFM") == 60.0);
    CHECK(q1.answers[0].by == "Cabinet workshop");
    CHECK(m.functions[0].questions[3].gates == std::vector<std::string>{"G2"});

    const auto& c2 = m.criteria[*m.criterion_index("C2")];
    CHECK(c2.preference == adva::direction::lower_is_better);
    CHECK(c2.scale == adva::scale_type::relative);
    CHECK(c2.anchor_low.empty());
    CHECK(c2.anchor_high == "best seen");
    const auto& c4 = m.criteria[*m.criterion_index("C4")];
    CHECK(c4.value.kind == adva::value_function_kind::piecewise_linear);
    REQUIRE(c4.value.points.size() == 3);
    CHECK(c4.value.points[1] == std::pair{5.0, 80.0});
    CHECK(*c4.weight == 2.5);
    CHECK(m.criteria[*m.criterion_index("C5")].value.rho == -1.5);
    CHECK_FALSE(m.criteria[0].weight.has_value());

    CHECK(m.attributes[0].type == adva::attribute_type::boolean);
    CHECK(m.gates[0].on_unknown == adva::unknown_policy::discount);
    CHECK(m.gates[0].values == std::vector<adva::attribute_value>{true});
    CHECK(m.gates[1].kind == adva::gate_kind::threshold);
    CHECK(m.gates[1].threshold == 40.0);
    CHECK(m.gates[2].op == adva::comparison::one_of);
    CHECK(m.gates[2].values.size() == 2);
    CHECK(m.gates[3].values == std::vector<adva::attribute_value>{500.0});

    const auto& o1 = m.options[0];
    CHECK(o1.business_as_usual);
    CHECK(std::get<std::string>(o1.attributes.at("legal_form")) == "council");
    CHECK(o1.scores.at("C1").kind == adva::uncertainty::point);
    CHECK(o1.scores.at("C1").value == 55.0);
    CHECK(o1.scores.at("C2").rationale == "one line of why");
    CHECK(o1.scores.at("C3").kind == adva::uncertainty::range);
    CHECK(o1.scores.at("C3").central() == 500.0);
    CHECK(o1.scores.at("C4").kind == adva::uncertainty::triangular);
    CHECK(o1.scores.at("C4").value == 5.0);
    CHECK(o1.scores.at("C5").kind == adva::uncertainty::pert);
    CHECK(o1.costs[1].end_year == 9);
    CHECK(o1.costs[2].end_year == -1);
    CHECK(o1.costs[2].amount == -1000.5);
    const auto& normal = m.options[1].scores.at("C1");
    CHECK(normal.kind == adva::uncertainty::normal);
    CHECK(normal.value == 50.0);
    CHECK(normal.sd == 8.0);
    CHECK(m.options[1].do_minimum);

    CHECK(m.governance.locked);
    REQUIRE(m.governance.audit.size() == 3);
    CHECK(m.governance.audit[1].after_scoring);
    CHECK(m.governance.audit[1].reason == "New inspection");
}

TEST_CASE("model -> JSON -> model is lossless", "[io][json]") {
    const adva::appraisal m = adva::io::parse_model(rich_model_text);
    const adva::appraisal back = adva::io::model_from_json(adva::io::model_to_json(m));
    CHECK(back == m);

    // Through text too (what save/load does), including doubles that need all 17 digits.
    adva::appraisal tricky = m;
    tricky.context.discount_rate = 0.1 + 0.2;
    tricky.options[0].scores["C1"].value = 100.0 / 3.0;
    tricky.options[0].costs[0].amount = 1e15 + 0.125;
    const std::string text = adva::io::model_to_json(tricky).dump(2);
    CHECK(adva::io::parse_model(text) == tricky);
}

TEST_CASE("JSON -> model -> JSON is lossless and the writer's form is canonical", "[io][json]") {
    const nlohmann::json original = nlohmann::json::parse(rich_model_text);
    const nlohmann::json written = adva::io::model_to_json(adva::io::parse_model(rich_model_text));
    // The fixture is written in the writer's form, so the documents are equal key for key.
    INFO("differences: " << nlohmann::json::diff(original, written).dump());
    CHECK(written == original);
    CHECK(adva::io::model_to_json(adva::io::model_from_json(written)) == written);
}

TEST_CASE("cash-flow lines and the economic case's conventions round-trip in the writer's form", "[io][json][economics]") {
    // Every field of a cost line, a benefit line and the economics settings, none at its default.
    const nlohmann::json original = nlohmann::json::parse(R"json({
      "adva_model": 1,
      "context": {"currency": "GBP", "discount_rate": 0.035, "discount_schedule": "constant", "horizon_years": 5},
      "options": [{"id": "T", "vehicle": "independent_trust",
        "costs": [
          {"id": "setup", "name": "Set-up", "kind": "one_off", "amount": 1000000, "year": 0, "category": "capital",
           "optimism_bias": "mixed", "mitigation": 0.25, "mitigation_reason": "fixed price", "prices": "nominal",
           "range": [-0.1, 0.3]},
          {"kind": "recurring", "profile": [1, 2.5], "year": 1},
          {"kind": "saving", "amount": 5, "year": 2, "end_year": 3},
          {"kind": "contingency", "amount": 7, "year": 0}],
        "benefits": [{"id": "b", "name": "Wellbeing", "profile": [3], "year": 4, "discounting": "health", "prices": "nominal"},
                     {"amount": 9, "year": 1, "end_year": 2}]}],
      "economics": {"cost_basis": "before_optimism_bias", "vfm_benefit": "total_value", "comparator": "do_minimum",
                    "optimism_bias": {"mixed": {"upper": 0.321, "lower": 0.026, "applies_to": "capital expenditure",
                                                "source": "30/70 blend"}},
                    "deflator": {"name": "GDP deflator", "index": [100, 102, 104, 106, 108]},
                    "budget": {"name": "MTFP", "capital": [2000000], "revenue": [1, 2, 3, 4, 5]}}
    })json");
    const adva::appraisal m = adva::io::model_from_json(original);
    const auto& t = m.options[0];
    REQUIRE(t.costs.size() == 4);
    CHECK(t.costs[0].category == adva::cost_category::capital);
    CHECK(t.costs[0].prices == adva::price_basis::nominal);
    CHECK(t.costs[0].range == std::vector<double>{-0.1, 0.3});
    CHECK(t.costs[1].profile == std::vector<double>{1, 2.5});
    CHECK(t.costs[2].kind == adva::cost_kind::saving);
    CHECK(t.costs[3].kind == adva::cost_kind::contingency);
    CHECK(t.benefits[0].discounting == adva::benefit_discounting::health);
    CHECK(m.economics.basis == adva::cost_basis::before_optimism_bias);
    CHECK(m.economics.benefit == adva::vfm_benefit::total_value);
    CHECK(m.economics.comparator == adva::vfm_comparator::do_minimum);
    CHECK(m.economics.find_uplift("mixed")->upper == 0.321);
    CHECK(m.economics.find_uplift("outsourcing")->upper == 0.41);  // the Green Book's rows stay
    const nlohmann::json written = adva::io::model_to_json(m);
    INFO("differences: " << nlohmann::json::diff(original, written).dump());
    CHECK(written == original);
    CHECK(adva::io::model_from_json(written) == m);
}

TEST_CASE("an affordability gate reads with its defaults and writes in the writer's form", "[io][json][economics]") {
    auto doc = adva::io::model_to_json(adva::io::default_model());
    doc["gates"].push_back({{"id", "G_afford"}, {"kind", "affordability"}, {"name", "Within the MTFP"}});
    const auto m = adva::io::model_from_json(doc);
    const auto& g = m.gates.back();
    CHECK(g.kind == adva::gate_kind::affordability);
    CHECK(g.op == adva::comparison::less_equal);  // "affordable": no shortfall at all by default
    CHECK(g.threshold == 0.0);
    CHECK(g.on_unknown == adva::unknown_policy::keep);
    const auto written = adva::io::model_to_json(m);
    CHECK(written["gates"].back() == nlohmann::json::parse(
                                         R"({"id": "G_afford", "kind": "affordability", "op": "less_equal", "name": "Within the MTFP", "threshold": 0.0})"));
    CHECK(adva::io::model_from_json(written) == m);
    // Only the fields of an affordability gate are read.
    doc["gates"].back()["criterion"] = "SF";
    REQUIRE_THROWS_WITH(adva::io::model_from_json(doc),
                        Catch::StartsWith("[adva.json.unknown_key] /gates/" + std::to_string(m.gates.size() - 1) + "/criterion"));
}

TEST_CASE("the economic case's conventions are framing once set; a model without them keeps its digest",
          "[io][json][economics]") {
    adva::appraisal m = adva::io::parse_model(rich_model_text);
    const auto framing = adva::io::framing_to_json(m);
    CHECK_FALSE(framing.contains("economics"));
    m.economics.basis = adva::cost_basis::before_optimism_bias;
    CHECK(adva::io::framing_to_json(m)["economics"]["cost_basis"] == "before_optimism_bias");
    // Cost lines are not framing: like scores, they may change after the lock.
    adva::appraisal costs = adva::io::parse_model(rich_model_text);
    costs.options[0].costs[0].optimism_bias = "outsourcing";
    CHECK(adva::io::framing_to_json(costs) == framing);
}

TEST_CASE("the writer leaves defaults out and the reader restores them", "[io][json]") {
    adva::appraisal m;
    m.criteria.push_back({.id = "C1", .weight = 1.0});
    const nlohmann::json j = adva::io::model_to_json(m);
    CHECK(j == nlohmann::json::parse(R"({"adva_model": 1,
        "context": {"horizon_years": 10, "discount_rate": 0.035, "discount_schedule": "constant", "currency": "GBP"},
        "criteria": [{"id": "C1", "weight": 1.0}]})"));
    CHECK(adva::io::model_from_json(j) == m);
}

TEST_CASE("point scores are written as plain numbers unless they carry a rationale", "[io][json]") {
    adva::appraisal m = adva::io::parse_model(rich_model_text);
    const nlohmann::json j = adva::io::model_to_json(m);
    CHECK(j["options"][0]["scores"]["C1"] == 55);
    CHECK(j["options"][0]["scores"]["C2"] == nlohmann::json::parse(R"({"value": 70, "rationale": "one line of why"})"));
    // A gate with a set comparison and a single value is still written as "values".
    m.gates[2].values.pop_back();
    CHECK(adva::io::model_to_json(m)["gates"][2]["values"] == nlohmann::json::parse(R"(["company"])"));
    CHECK(adva::io::model_from_json(adva::io::model_to_json(m)) == m);
}

TEST_CASE("save_model and load_model round-trip through a file", "[io][file]") {
    temp_dir dir;
    const adva::appraisal m = adva::io::parse_model(rich_model_text);
    const fs::path file = dir.path / "model.json";
    adva::io::save_model(m, file);
    CHECK(adva::io::load_model(file) == m);
    CHECK(dir.entries() == std::vector<std::string>{"model.json"});
    const std::string text = read_text(file);
    CHECK(text.back() == '\n');
    CHECK(nlohmann::json::parse(text) == adva::io::model_to_json(m));
}

TEST_CASE("save_model replaces a file atomically and never leaves a partial file", "[io][file]") {
    temp_dir dir;
    const fs::path file = dir.path / "model.json";
    const adva::appraisal m = adva::io::parse_model(rich_model_text);
    {
        std::ofstream old(file);
        old << "previous content";
    }
    adva::io::save_model(m, file);
    CHECK(adva::io::load_model(file) == m);
    CHECK(dir.entries() == std::vector<std::string>{"model.json"});  // no temporary file left behind

    SECTION("a model that cannot be serialised leaves the existing file untouched") {
        adva::appraisal bad = m;
        bad.context.title = std::string("\xff\xfe not UTF-8");
        const std::string before = read_text(file);
        REQUIRE_THROWS_MATCHES(adva::io::save_model(bad, file), adva::invalid_input,
                               Catch::Predicate<adva::invalid_input>([&](const auto& e) {
                                   return e.id() == "adva.json.type" && e.where().empty() &&
                                          e.rule() == "model text is not valid UTF-8";
                               }));
        CHECK(read_text(file) == before);
        CHECK(dir.entries() == std::vector<std::string>{"model.json"});
    }
    SECTION("a directory that does not exist gives adva.io.write and creates nothing") {
        const fs::path missing = dir.path / "no_such_dir" / "model.json";
        REQUIRE_THROWS_MATCHES(adva::io::save_model(m, missing), adva::error,
                               Catch::Predicate<adva::error>([&](const auto& e) {
                                   return e.id() == "adva.io.write" && e.where() == missing.string() &&
                                          std::string(e.what()) ==
                                              "[adva.io.write] " + missing.string() +
                                                  ": the output's directory cannot be reached "
                                                  "(seen: No such file or directory)";
                               }));
        CHECK(dir.entries() == std::vector<std::string>{"model.json"});
    }
}

TEST_CASE("load_model reports a missing file with adva.io.read", "[io][file]") {
    temp_dir dir;
    const fs::path missing = dir.path / "absent.json";
    REQUIRE_THROWS_MATCHES(adva::io::load_model(missing), adva::invalid_input,
                           Catch::Predicate<adva::invalid_input>([&](const auto& e) {
                               return e.id() == "adva.io.read" && e.where() == missing.string() &&
                                      e.rule() == "cannot read the model file" && !e.seen().empty();
                           }));
}

TEST_CASE("load_model refuses a file over the size limit before reading it", "[io][file]") {
    temp_dir dir;
    const fs::path file = dir.path / "model.json";
    { std::ofstream(file) << rich_model_text; }
    adva::io::read_limits small;
    small.max_bytes = 100;
    REQUIRE_THROWS_MATCHES(adva::io::load_model(file, small), adva::limit_exceeded,
                           Catch::Message("[adva.limits.input_size] " + file.string() + ": inputs larger than 100 bytes are not accepted (seen: " +
                                          std::to_string(rich_model_text.size()) + " bytes)"));
}

TEST_CASE("the embedded default model validates and round-trips", "[io][default]") {
    const adva::appraisal m = adva::io::default_model();
    REQUIRE_NOTHROW(adva::validate(m));
    CHECK(m.illustrative);
    CHECK(adva::io::model_from_json(adva::io::model_to_json(m)) == m);
    CHECK(adva::io::parse_model(adva::io::model_to_json(m).dump(2)) == m);
    // It is the shipped example file.
    std::ifstream in(std::string(ADVA_SOURCE_DIR) + "/examples/childrens_services.json");
    std::stringstream text;
    text << in.rdbuf();
    CHECK(adva::io::parse_model(text.str()) == m);
}

TEST_CASE("the starter model is a blank framing: questions, criteria, gates and options, nothing decided", "[io][default]") {
    const adva::appraisal full = adva::io::default_model();
    const adva::appraisal m = adva::io::starter_model();
    // Nothing of the illustrative council: no title or flag, no direct weights; the trigger is the
    // generic one of a statutory direction (the default of adva init --trigger), for the council to edit.
    CHECK_FALSE(m.illustrative);
    CHECK(m.context.title.empty());
    CHECK(m.context.trigger != full.context.trigger);
    CHECK(m.context.trigger.find("Education Act 1996 s497A") != std::string::npos);
    REQUIRE(m.criteria.size() == full.criteria.size());
    for (std::size_t c = 0; c < m.criteria.size(); ++c) {
        CHECK_FALSE(m.criteria[c].weight.has_value());
        adva::criterion same = full.criteria[c];
        same.weight.reset();
        CHECK(m.criteria[c] == same);
    }
    CHECK(m.gates == full.gates);
    REQUIRE(m.functions.size() == full.functions.size());
    for (std::size_t f = 0; f < m.functions.size(); ++f) {
        REQUIRE(m.functions[f].questions.size() == full.functions[f].questions.size());
        for (const auto& q : m.functions[f].questions) CHECK(q.answers.empty());
    }
    REQUIRE(m.options.size() == full.options.size());
    for (std::size_t o = 0; o < m.options.size(); ++o) {
        CHECK(m.options[o].id == full.options[o].id);
        for (const auto& [criterion, given] : m.options[o].scores)  // only the scores reading derives
            CHECK_FALSE(m.criteria[*m.criterion_index(criterion)].trajectory_measure.empty());
        CHECK(m.options[o].costs.empty());
        CHECK(m.options[o].benefits.empty());
    }
    CHECK_FALSE(m.has_scores());
    // The Green Book's conventions, not the illustrative council's own optimism-bias rows or budget.
    CHECK_FALSE(full.economics.is_default());
    CHECK(m.economics.is_default());
    CHECK(m.governance == adva::governance{});
    // `adva init` writes it to a file, so it must be a valid model itself.
    REQUIRE_NOTHROW(adva::validate(m));
    CHECK(adva::io::parse_model(adva::io::model_to_json(m).dump()) == m);
}

TEST_CASE("the improvement section round-trips, is checked, and is part of the locked framing", "[io][json][trajectory]") {
    adva::appraisal m = adva::io::default_model();
    REQUIRE(m.improvement);
    const adva::improvement_settings& s = *m.improvement;
    CHECK(s.scale.grades.size() == 4);
    CHECK(s.target_grade == "requires_improvement");
    CHECK(s.plan.milestones.size() == 3);
    CHECK(s.transitions.size() == 7);  // O2, the in-house programme, follows the plan
    // Writer and reader agree, through text, and the writer's form is stable.
    const nlohmann::json written = adva::io::model_to_json(m);
    CHECK(adva::io::parse_model(written.dump(2)) == m);
    CHECK(adva::io::model_to_json(adva::io::model_from_json(written)) == written);

    // Read errors name the place.
    auto read_error = [&](auto edit, const std::string& id, const std::string& where) {
        nlohmann::json j = written;
        edit(j);
        try {
            (void)adva::io::model_from_json(j);
            FAIL("no error for " << where);
        } catch (const adva::error& e) {
            CHECK(e.id() == id);
            CHECK(e.where() == where);
        }
    };
    read_error([](nlohmann::json& j) { j["improvement"]["plan"]["start"] = 1; }, "adva.json.unknown_key", "/improvement/plan/start");
    read_error([](nlohmann::json& j) { j["improvement"].erase("target"); }, "adva.json.missing_key", "/improvement/target");
    read_error([](nlohmann::json& j) { j["improvement"]["transitions"]["O6"]["dip_depth"] = "deep"; }, "adva.json.type",
               "/improvement/transitions/O6/dip_depth");
    read_error([](nlohmann::json& j) { j["improvement"]["transitions"]["O6"].erase("recovery_rate"); }, "adva.json.missing_key",
               "/improvement/transitions/O6/recovery_rate");
    // Model rules: a transition of an unknown option, and the section's own rules, in adva validate's collecting pass.
    read_error([](nlohmann::json& j) { j["improvement"]["transitions"]["O9/x"] = j["improvement"]["transitions"]["O6"]; },
               "adva.model.unknown_id", "/improvement/transitions/O9~1x");
    read_error([](nlohmann::json& j) { j["improvement"]["target"]["grade"] = "excellent"; }, "adva.trajectory.unknown_grade",
               "/improvement/target/grade");

    // The section is framing: changing a transition while locked breaks the lock's digest.
    REQUIRE(adva::check_governance(m).digest_matches);
    m.improvement->transitions[0].change->dip_depth.value += 1.0;
    CHECK_FALSE(adva::check_governance(m).digest_matches);
    // A model without the section keeps the digest it had (the section is not in its framing).
    adva::appraisal bare = adva::io::default_model();
    bare.improvement.reset();
    CHECK(adva::io::framing_to_json(bare).count("improvement") == 0);
}
