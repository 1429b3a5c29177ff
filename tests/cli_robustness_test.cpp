// adva sensitivity, what-if, smaa and compare end to end: the built program run through the shell.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "adva/io/model_json.hpp"
#include "adva/io/smaa_json.hpp"
#include "analysis_fixtures.hpp"
#include "cli_test_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
using adva::testing::read_text;
using adva::testing::run_result;

/// One scratch directory for the test program, removed when it exits.
const fs::path& scratch_dir() {
    static const struct directory {
        fs::path path = fs::temp_directory_path() / ("adva_cli_robustness_" + std::to_string(::getpid()));
        directory() { fs::create_directories(path); }
        ~directory() {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    } d;
    return d.path;
}

run_result run(const std::string& arguments) {
    return adva::testing::run_adva(arguments, scratch_dir());
}

std::string model_file() {
    const auto p = scratch_dir() / "two_level.json";
    adva::io::save_model(adva::testing::two_level_model(), p);
    return p.string();
}
}  // namespace

TEST_CASE("adva sensitivity: table and JSON") {
    const auto file = model_file();
    const auto t = run("sensitivity " + file);
    REQUIRE(t.status == 0);
    CHECK(t.out.find("Winner: O2") != std::string::npos);
    CHECK(t.out.find("proportional_siblings") != std::string::npos);
    const auto j = run("sensitivity " + file + " --node A --format json");
    REQUIRE(j.status == 0);
    const auto doc = json::parse(j.out);
    REQUIRE(doc["nodes"].size() == 1);
    CHECK(doc["nodes"][0]["winner_stable"][1].get<double>() == Approx(5.0 / 6.0));
    const auto bad = run("sensitivity " + file + " --node Z");
    CHECK(bad.status == 2);
    CHECK(bad.err == "adva: error: [adva.sensitivity.unknown_node] --node: the node must be a criterion of the value tree (known, closest first: A, B, A1, A2, B1, B2) (seen: \"Z\")\n");
    CHECK(bad.out.empty());
    const auto group = run("sensitivity " + file + " --group nobody");
    CHECK(group.status == 2);
    CHECK(group.err.find("[adva.sensitivity.unknown_group]") != std::string::npos);
}

TEST_CASE("adva what-if") {
    const auto file = model_file();
    const auto j = run("what-if " + file + " --winner O3 --norm linf --format json");
    REQUIRE(j.status == 0);
    const auto doc = json::parse(j.out);
    CHECK(doc["possible"] == true);
    CHECK(doc["norm"] == "linf");
    CHECK(doc["distance"].get<double>() > 0);
    const auto t = run("what-if " + file + " --winner O2");
    REQUIRE(t.status == 0);
    CHECK(t.out.find("already first") != std::string::npos);
    CHECK(run("what-if " + file).status == 2);
    const auto unknown = run("what-if " + file + " --winner ZZ");
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("[adva.what_if.unknown_option]") != std::string::npos);
    const auto norm = run("what-if " + file + " --winner O3 --norm l2");
    CHECK(norm.status == 2);
    CHECK(norm.err == "adva: error: [adva.what_if.norm] --norm: the distance is l1 or linf (seen: \"l2\")\n");
}

TEST_CASE("adva smaa: same seed, same results on any thread count; replay") {
    const auto file = model_file();
    const auto one = run("smaa " + file + " --samples 5000 --seed 7 --threads 1 --format json");
    const auto two = run("smaa " + file + " --samples 5000 --seed 7 --threads 2 --format json");
    REQUIRE(one.status == 0);
    CHECK(one.out == two.out);
    const auto doc = json::parse(one.out);
    CHECK(doc["options"] == json({"O1", "O2", "O3"}));
    CHECK(doc["criteria"] == json({"A1", "A2", "B1", "B2"}));
    CHECK(doc["samples"] == 5000);
    double first = 0;
    for (const auto& row : doc["rank_acceptability"]) first += row[0].get<double>();
    CHECK(first == Approx(1.0));
    CHECK(run("smaa " + file + " --samples x").status == 2);
    // The table says what its numbers mean.
    const auto table = run("smaa " + file + " --samples 1000");
    REQUIRE(table.status == 0);
    CHECK_THAT(table.out, Catch::Contains("The confidence factor is the probability that the option"));

    const auto replay = scratch_dir() / "replay.json";
    std::ofstream(replay) << R"({"weights": [[0.5, 0.5], [1, 0]], "matrix": [[1, 0], [0, 2]]})";
    const auto r = run("smaa --replay " + replay.string() + " --format json");
    REQUIRE(r.status == 0);
    // Sample 1: utilities 0.5, 1 → B first; sample 2: 1, 0 → A first.
    CHECK(json::parse(r.out)["rank_acceptability"][0][0].get<double>() == Approx(0.5));
    // By default the same run is a table, as every other SMAA command prints, with its meaning.
    const auto shown = run("smaa --replay " + replay.string());
    REQUIRE(shown.status == 0);
    CHECK_THAT(shown.out, Catch::Contains("SMAA on 2 supplied samples"));
    CHECK_THAT(shown.out, Catch::Contains("share of the supplied samples"));
}

TEST_CASE("adva smaa --matrix: SMAA-2 on a decision matrix, the same run as the library's (and Python's)") {
    const auto file = scratch_dir() / "matrix.json";
    // "best" dominates on both criteria; "low" and "high" trade off, "high" (cost) enters negated.
    const std::string text = R"({"matrix": [[9, 1], [5, 5], [1, 9], [0.5, 9]], "types": ["benefit", "cost"],
        "alternatives": ["best", "mid", "low", "worst"],
        "uncertainty": [[null, null], [{"distribution": "pert", "lower": 4, "mode": 5, "upper": 7}, null], [null, null], [null, null]]})";
    std::ofstream(file) << text;
    const auto r = run("smaa --matrix " + file.string() + " --samples 4000 --seed 3 --threads 1 --format json");
    REQUIRE(r.status == 0);
    adva::smaa_options o;
    o.samples = 4000;
    o.seed = 3;
    o.threads = 2;  // the thread count never changes a result
    CHECK(json::parse(r.out) == adva::io::smaa_json(json::parse(text), o));
    const auto doc = json::parse(r.out);
    CHECK(doc["rank_acceptability"][0][0].get<double>() == 1.0);  // dominant: first under every weight
    CHECK(doc["rank_acceptability"][3][3].get<double>() == 1.0);  // dominated by "low": always last

    const auto table = run("smaa --matrix " + file.string() + " --samples 2000");
    REQUIRE(table.status == 0);
    CHECK_THAT(table.out, Catch::StartsWith("SMAA-2: 2000 samples, seed 0, weights"));
    CHECK_THAT(table.out, Catch::Contains("\nbest "));
    CHECK_THAT(table.out, Catch::Contains("\nalternative "));
    CHECK_THAT(table.out, Catch::Contains("which the alternative takes each rank"));

    // Unnamed rows are numbered from 0, as in Python.
    const auto unnamed = scratch_dir() / "unnamed.json";
    std::ofstream(unnamed) << R"({"matrix": [[1, 2], [2, 1]]})";
    CHECK_THAT(run("smaa --matrix " + unnamed.string() + " --samples 100").out, Catch::Contains("\n1 "));

    CHECK(run("smaa " + model_file() + " --matrix " + file.string()).status == 2);  // a model or a matrix, not both
    const auto ragged = scratch_dir() / "ragged_matrix.json";
    std::ofstream(ragged) << R"({"matrix": [[1, 2], [3]]})";
    const auto bad = run("smaa --matrix " + ragged.string());
    CHECK(bad.status == 2);
    CHECK_THAT(bad.err, Catch::Contains("/matrix/1"));
}

TEST_CASE("adva smaa --replay refuses a ragged matrix before allocating rows x first-row length") {
    // One row of 100 000 weights and 99 999 empty rows: sized from the first row alone, the matrix
    // would take 80 GB; it is refused at the first short row instead.
    std::string weights = "[[0";
    for (int i = 1; i < 100000; ++i) weights += ",0";
    weights += "]";
    for (int i = 1; i < 100000; ++i) weights += ",[]";
    const auto replay = scratch_dir() / "ragged.json";
    std::ofstream(replay) << R"({"weights": )" << weights << R"(], "matrix": [[1]]})";
    const auto r = run("smaa --replay " + replay.string());
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("[adva.smaa.shape] /weights/1: every row needs 100000 entries"));
}

TEST_CASE("adva compare and the command list") {
    const auto file = model_file();
    const auto t = run("compare " + file);
    REQUIRE(t.status == 0);
    CHECK(t.out.find("Method comparison") != std::string::npos);
    CHECK(t.out.find("Caution: Methods answer different questions") != std::string::npos);
    const auto j = run("compare " + file + " --format json");
    REQUIRE(j.status == 0);
    CHECK(json::parse(j.out)["methods"]["methods"].size() == 6);
    CHECK(run("compare " + file + " --format csv").status == 2);
    const auto help = run("--help");
    for (const char* c : {"sensitivity", "what-if", "smaa", "compare"}) CHECK(help.out.find(c) != std::string::npos);
    CHECK(run("smaa --help").status == 0);
}

TEST_CASE("adva trajectory: the default model's paths as a table, JSON and CSV, the same on any thread count") {
    const auto t = run("trajectory --samples 2000");
    REQUIRE(t.status == 0);
    CHECK(t.out.find("Independent trust under direction") != std::string::npos);
    CHECK(t.out.find("In-house improvement programme (follows the plan)") != std::string::npos);
    CHECK(t.out.find("Expected level by year") != std::string::npos);

    const auto one = run("trajectory --samples 4000 --threads 1 --format json");
    const auto two = run("trajectory --samples 4000 --threads 2 --format json");
    REQUIRE(one.status == 0);
    REQUIRE(two.status == 0);
    CHECK(one.out == two.out);
    const auto doc = json::parse(one.out);
    CHECK(doc["adva_trajectories"] == 1);
    CHECK(doc["conventions"]["target"]["grade"] == "requires_improvement");
    REQUIRE(doc["options"].size() == 8);
    const auto& plan_only = doc["options"][1];  // O2 follows the plan: 32 at year 0, 40 at year 1
    CHECK(plan_only["option"] == "O2");
    CHECK(plan_only["follows_plan"] == true);
    CHECK(plan_only["exact"] == true);
    CHECK(plan_only["time_to_target"]["value"] == 1.0);
    CHECK(plan_only["at_target"]["value"] == 1.0);
    CHECK(doc["options"][5]["exact"] == false);
    CHECK(doc["options"][5]["path"]["years"].size() == 41);

    const auto csv = run("trajectory --option O3 --points 11 --format csv");
    REQUIRE(csv.status == 0);
    CHECK(csv.out.rfind("option,year,expected,p5,p25,p50,p75,p95\r\n", 0) == 0);  // RFC 4180 line ends
    CHECK(csv.out.find("\nO3,0,32,32,32,32,32,32\r\n") != std::string::npos);      // every path starts at 32
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 12);
    CHECK(csv.out.find("\nO3,10,") != std::string::npos);
}

TEST_CASE("adva trajectory: errors name the place") {
    const auto unknown = run("trajectory --option O99");
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("--option") != std::string::npos);
    const auto none = run("trajectory " + model_file());
    CHECK(none.status == 2);
    CHECK(none.err.find("[adva.trajectory.missing] /improvement") != std::string::npos);
    const auto zero = run("trajectory --samples 0");
    CHECK(zero.status == 2);
    CHECK(zero.err.find("--samples") != std::string::npos);
    const auto points = run("trajectory --points 1");
    CHECK(points.status == 2);
}

TEST_CASE("adva smaa --weights elicited: weights uniform on what a group's answers allow") {
    const std::string model = (scratch_dir() / "elicited.json").string();
    const std::string examples = std::string(ADVA_SOURCE_DIR) + "/examples/";
    REQUIRE(run("init --out " + model).status == 0);
    REQUIRE(run("answer " + model + " --from " + examples + "answers.json").status == 0);
    REQUIRE(run("answer " + model + " --from " + examples + "elicited_answers.json").status == 0);
    REQUIRE(run("lock " + model + " --by tests").status == 0);
    REQUIRE(run("score " + model + " --from " + examples + "scores.json --rationale r --by tests").status == 0);

    const std::string families = "smaa " + model + " --weights elicited --group families --samples 3000 --format json";
    const auto one = run(families + " --threads 1");
    const auto two = run(families + " --threads 2");
    REQUIRE(one.status == 0);
    CHECK(one.out == two.out);
    const auto doc = json::parse(one.out);
    CHECK(doc["weights"] == "elicited");
    CHECK(doc["weights_group"] == "families");
    CHECK(doc["weight_sampler"] == "per_parent_hit_and_run");
    bool macbeth = false;
    for (const auto& p : doc["elicited_parents"])
        if (p["parent"] == "CAP") {
            macbeth = true;
            CHECK_THAT(p["source"].get<std::string>(), Catch::Contains("MACBETH") && Catch::Contains("\"Q4\""));
            CHECK(p["dimension"] == 3);
            CHECK(p["thinning"] == 9);
            CHECK(p["chain_length"] == 2048);
        }
    CHECK(macbeth);
    const auto uniform = json::parse(run("smaa " + model + " --samples 3000 --format json").out);
    CHECK(uniform["weights"] == "per_parent_uniform");
    CHECK_FALSE(uniform.contains("elicited_parents"));
    CHECK(uniform["rank_acceptability"] != doc["rank_acceptability"]);

    const auto table = run("smaa " + model + " --weights elicited --group families --samples 1000");
    REQUIRE(table.status == 0);
    CHECK_THAT(table.out, Catch::Contains("weights as group \"families\" gave them") && Catch::Contains("CAP: MACBETH") &&
                              Catch::Contains("drawn at random among"));

    const auto bad = run("smaa " + model + " --weights ordinal");
    CHECK(bad.status == 2);
    CHECK_THAT(bad.err, Catch::Contains("[adva.smaa.weights] --weights"));
    const auto whose = run("smaa " + model + " --weights elicited");
    CHECK(whose.status == 2);
    CHECK_THAT(whose.err, Catch::Contains("[adva.smaa.group]") && Catch::Contains("\"families\""));
    CHECK_THAT(run("smaa " + model + " --weights elicited --group council").err, Catch::Contains("[adva.smaa.unknown_group]"));
    CHECK(run("smaa " + model + " --group families").status == 2);  // --group belongs to --weights elicited
    CHECK(run("smaa --matrix " + examples + "smaa_matrix.json --weights elicited").status == 2);
}
