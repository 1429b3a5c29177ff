// adva batch end to end, including a real kill -9 of a running batch followed by --resume: the
// results then hold every scenario exactly once, each line whole JSON.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/io/scenario_json.hpp"

namespace fs = std::filesystem;

namespace {

struct temp_dir {
    fs::path path;
    temp_dir() {
        path = fs::temp_directory_path() / ("adva_cli_batch_" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~temp_dir() { fs::remove_all(path); }
};

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int run(const std::string& arguments, const fs::path& err_file) {
    const std::string cmd = std::string(ADVA_CLI_PATH) + " batch " + arguments + " 2> " + err_file.string() + " > /dev/null";
    const int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/// Every line whole JSON, every scenario of the file exactly once.
void require_complete(const fs::path& results, const adva::scenario_source& source) {
    const std::string text = read_text(results);
    REQUIRE(!text.empty());
    REQUIRE(text.back() == '\n');
    std::istringstream in(text);
    std::string line;
    std::set<std::string> ids;
    std::uint64_t lines = 0;
    while (std::getline(in, line)) {
        ++lines;
        nlohmann::json j;
        REQUIRE_NOTHROW(j = nlohmann::json::parse(line));
        const auto id = j.at("id").get<std::string>();
        CHECK(source.id_at(j.at("index").get<std::uint64_t>()) == id);
        REQUIRE(ids.insert(id).second);  // never twice
    }
    REQUIRE(lines == source.count());
    for (std::uint64_t i = 0; i < source.count(); ++i) REQUIRE(ids.count(source.id_at(i)) == 1);
}

}  // namespace

TEST_CASE("adva batch writes one line per scenario, error lines included, and a summary") {
    temp_dir dir;
    std::ofstream(dir.path / "s.json") << R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "scenarios": [{"id": "base"}, {"id": "heavy", "weights": [{"node": "SF", "percent": 900}]}],
        "generators": [{"id": "panel", "kind": "stakeholders"}]})";
    const int rc = run((dir.path / "s.json").string() + " --out " + (dir.path / "r.jsonl").string() + " --csv " +
                           (dir.path / "sum.csv").string(),
                       dir.path / "err.txt");
    REQUIRE(rc == 0);
    const auto source = adva::io::load_scenarios(dir.path / "s.json");
    require_complete(dir.path / "r.jsonl", source);
    const std::string text = read_text(dir.path / "r.jsonl");
    CHECK(text.find(R"("id":"heavy","status":"error","error":"adva.scenario.weight_out_of_range","pointer":"/scenarios/1")") !=
          std::string::npos);
    const std::string err = read_text(dir.path / "err.txt");
    CHECK(err.find("adva batch: 9 scenarios: 8 ok, 1 error") != std::string::npos);
    const std::string csv = read_text(dir.path / "sum.csv");
    CHECK(csv.rfind("option,wins,win_share,discounted,rank_1", 0) == 0);
}

TEST_CASE("each result line carries the state of the decision record it was appraised under") {
    temp_dir dir;
    // The base is locked. A weight change by index (fast path) and a score change with sensitivity
    // (full path) are what-ifs on it; a patch that changes the framing is a framing modified after lock.
    std::ofstream(dir.path / "s.json") << R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "scenarios": [{"id": "base"},
                      {"id": "weights", "weights": [{"node": "SF", "percent": 10}]},
                      {"id": "scores", "scores": [{"option": "O3", "criterion": "SF_practice", "value": 70}],
                       "analyses": {"sensitivity": {"nodes": ["SF"]}}},
                      {"id": "reframed", "patch": {"context": {"discount_rate": 0.05}}},
                      {"id": "heavy", "weights": [{"node": "SF", "percent": 900}]}]})";
    REQUIRE(run((dir.path / "s.json").string() + " --out " + (dir.path / "r.jsonl").string(), dir.path / "err.txt") == 0);
    std::istringstream in(read_text(dir.path / "r.jsonl"));
    std::map<std::string, nlohmann::json> lines;
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line);
        lines[j["id"].get<std::string>()] = j;
    }
    REQUIRE(lines.size() == 5);
    CHECK(lines["base"]["governance_state"] == "locked");
    CHECK(lines["weights"]["governance_state"] == "locked");
    CHECK(lines["scores"]["governance_state"] == "locked");
    CHECK(lines["reframed"]["status"] == "ok");
    CHECK(lines["reframed"]["governance_state"] == "modified after lock");
    CHECK(lines["heavy"]["status"] == "error");
    CHECK_FALSE(lines["heavy"].contains("governance_state"));
}

TEST_CASE("kill -9 in the middle of a batch, then --resume: every scenario exactly once") {
    temp_dir dir;
    // Sensitivity makes each scenario slow enough (full path) to be caught mid-run.
    std::ofstream(dir.path / "s.json") << R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "analyses": {"sensitivity": {"nodes": ["SF", "CAP"]}},
        "generators": [{"id": "g", "kind": "weight_grid", "axes": [
            {"node": "SF", "percent": {"from": -90, "to": 90, "step": 1}},
            {"node": "VFM_overheads", "percent": {"from": -90, "to": 90, "step": 2}}]}]})";
    const auto source = adva::io::load_scenarios(dir.path / "s.json");
    REQUIRE(source.count() == 181 * 91);
    const fs::path results = dir.path / "r.jsonl";

    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::freopen("/dev/null", "w", stderr);
        const std::string file = (dir.path / "s.json").string(), out = results.string();
        ::execl(ADVA_CLI_PATH, ADVA_CLI_PATH, "batch", file.c_str(), "--out", out.c_str(), "--threads", "1", (char*)nullptr);
        std::_Exit(127);
    }
    // Wait until some results are on disk (a few dozen lines), then kill without warning. The deadline
    // only bounds a broken run: an instrumented build on a busy machine may take minutes to get there.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(600);
    std::error_code ec;
    while (std::chrono::steady_clock::now() < deadline && !(fs::exists(results) && fs::file_size(results, ec) > 20000))
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(::kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));  // it was still running: the kill interrupted a real batch
    REQUIRE(WTERMSIG(status) == SIGKILL);

    const std::string before = read_text(results);
    std::uint64_t finished = 0;
    for (char c : before) finished += c == '\n';
    REQUIRE(finished > 0);
    REQUIRE(finished < source.count());
    // A torn last write (as a kill during write(2) can leave) must be dropped by --resume.
    std::ofstream(results, std::ios::app) << R"({"index":9,"id":"g/9","status":"o)";

    REQUIRE(run((dir.path / "s.json").string() + " --out " + results.string() + " --resume --threads 2", dir.path / "err.txt") == 0);
    const std::string err = read_text(dir.path / "err.txt");
    CHECK(err.find("resuming: " + std::to_string(finished) + " of " + std::to_string(source.count())) != std::string::npos);
    CHECK(err.find("adva batch: " + std::to_string(source.count()) + " scenarios:") != std::string::npos);
    require_complete(results, source);
    // The lines finished before the kill are kept as they were.
    CHECK(read_text(results).compare(0, before.size(), before) == 0);
}

TEST_CASE("a cost sweep's summary counts value for money, and a resumed run's summary equals a whole run's") {
    temp_dir dir;
    std::ofstream(dir.path / "s.json") << R"({"adva_scenarios": 1, "model": {"builtin": "default"},
        "generators": [{"id": "o3", "kind": "cost_sweep", "option": "O3", "percent": {"from": -60, "to": 60, "step": 1}},
                       {"id": "ob", "kind": "optimism_bias_sweep", "mitigation": [0, 0.5, 1]}]})";
    const auto source = adva::io::load_scenarios(dir.path / "s.json");
    REQUIRE(source.count() == 121 + 3);
    const std::string file = (dir.path / "s.json").string();
    REQUIRE(run(file + " --out " + (dir.path / "whole.jsonl").string() + " --csv " + (dir.path / "whole.csv").string(),
                dir.path / "err.txt") == 0);
    const std::string err = read_text(dir.path / "err.txt");
    CHECK(err.find("frontier") != std::string::npos);
    CHECK(err.find("over budget") != std::string::npos);
    const std::string whole_csv = read_text(dir.path / "whole.csv");
    CHECK(whole_csv.find(",costed,on_frontier,over_budget,npv_cost_min,npv_cost_max\n") != std::string::npos);
    std::istringstream rows(whole_csv);
    std::string header, row;
    std::getline(rows, header);
    // Some option is on the efficiency frontier in some scenarios and off it in others.
    bool moves_on_the_frontier = false;
    while (std::getline(rows, row)) {
        std::vector<std::string> cells;
        std::istringstream cs(row);
        for (std::string c; std::getline(cs, c, ',');) cells.push_back(c);
        REQUIRE(cells.size() >= 5);
        const auto n = cells.size();
        const auto costed = cells[n - 5].empty() ? 0 : std::stoull(cells[n - 5]);
        const auto frontier = cells[n - 4].empty() ? 0 : std::stoull(cells[n - 4]);
        moves_on_the_frontier = moves_on_the_frontier || (frontier > 0 && frontier < costed);
    }
    CHECK(moves_on_the_frontier);

    // As a killed run leaves it: the first 50 lines, then a torn one. --resume runs the rest and
    // its summary, resumed lines included, is the whole run's to the byte.
    const std::string whole = read_text(dir.path / "whole.jsonl");
    std::size_t cut = 0;
    for (int k = 0; k < 50; ++k) cut = whole.find('\n', cut) + 1;
    std::ofstream(dir.path / "part.jsonl", std::ios::binary) << whole.substr(0, cut) << whole.substr(cut, 40);
    REQUIRE(run(file + " --out " + (dir.path / "part.jsonl").string() + " --resume --csv " + (dir.path / "part.csv").string(),
                dir.path / "err.txt") == 0);
    require_complete(dir.path / "part.jsonl", source);
    CHECK(read_text(dir.path / "part.csv") == whole_csv);
}

TEST_CASE("batch --resume refuses results of another scenario file") {
    temp_dir dir;
    std::ofstream(dir.path / "s.json") << R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "a"}, {"id": "b"}]})";
    std::ofstream(dir.path / "r.jsonl") << R"({"index":0,"id":"zzz","status":"ok","winner":null,"ranking":[],"ranks":[],"totals":{},"discounted":[]})"
                                        << "\n";
    REQUIRE(run((dir.path / "s.json").string() + " --out " + (dir.path / "r.jsonl").string() + " --resume", dir.path / "err.txt") == 2);
    CHECK(read_text(dir.path / "err.txt") ==
          "adva: error: [adva.batch.resume_mismatch] " + (dir.path / "r.jsonl").string() +
              ":1: the results belong to another scenario file (index and id do not match this one) (seen: index 0, id \"zzz\")\n");
}

TEST_CASE("batch --out never names its scenario file or the model it reads") {
    temp_dir dir;
    const fs::path model = dir.path / "model.json", scenarios = dir.path / "s.json";
    fs::copy_file(std::string(ADVA_SOURCE_DIR) + "/examples/childrens_services.json", model);
    std::ofstream(scenarios) << R"({"adva_scenarios": 1, "model": "model.json", "scenarios": [{"id": "a"}]})";
    const std::string scenario_text = read_text(scenarios), model_text = read_text(model);
    for (const std::string extra : {"", " --force", " --resume"}) {
        INFO(extra);
        REQUIRE(run(scenarios.string() + " --out " + scenarios.string() + extra, dir.path / "err.txt") == 2);
        CHECK(read_text(dir.path / "err.txt") == "adva: error: [adva.io.output_is_input] --out: the output would replace the scenario file (" +
                                                     scenarios.string() + "), an input of this command; choose another file (seen: \"" +
                                                     scenarios.string() + "\")\n");
        REQUIRE(run(scenarios.string() + " --out " + model.string() + extra, dir.path / "err.txt") == 2);
        CHECK(read_text(dir.path / "err.txt").find("[adva.io.output_is_input] --out: the output would replace the model of the scenario file") !=
              std::string::npos);
        REQUIRE(run(scenarios.string() + " --out " + (dir.path / "r.jsonl").string() + " --csv " + scenarios.string() + extra,
                    dir.path / "err.txt") == 2);
        CHECK(read_text(dir.path / "err.txt").find("[adva.io.output_is_input] --csv: ") != std::string::npos);
        CHECK_FALSE(fs::exists(dir.path / "r.jsonl"));
    }
    CHECK(read_text(scenarios) == scenario_text);
    CHECK(read_text(model) == model_text);
}

TEST_CASE("batch: bad arguments leave an existing results file byte for byte as it was") {
    temp_dir dir;
    const fs::path scenarios = dir.path / "s.json", results = dir.path / "r.jsonl";
    std::ofstream(scenarios) << R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "a"}, {"id": "b"}]})";
    // A finished line and a torn one (which --resume would drop).
    const std::string earlier =
        R"({"index":0,"id":"a","status":"ok","winner":null,"ranking":[],"ranks":[],"totals":{},"discounted":[]})" "\n" R"({"index":1,"id")";
    std::ofstream(results, std::ios::binary) << earlier;
    const std::string out = scenarios.string() + " --out " + results.string();
    for (const std::string& args : std::vector<std::string>{" --threads x", " --threads x --force", " --threads x --resume",
                                                            " --threads 2000 --resume", " --resume --force",
                                                            " --force --csv " + dir.path.string()}) {
        INFO(args);
        CHECK(run(out + args, dir.path / "err.txt") == 2);
        CHECK(read_text(results) == earlier);
    }
    // An existing file needs --resume or --force.
    CHECK(run(out, dir.path / "err.txt") == 2);
    CHECK(read_text(dir.path / "err.txt").find("[adva.io.output_exists] --out: ") != std::string::npos);
    CHECK(read_text(results) == earlier);
    // An existing summary without --force is refused before anything runs.
    std::ofstream(dir.path / "sum.csv") << "mine";
    CHECK(run(out + " --resume --csv " + (dir.path / "sum.csv").string(), dir.path / "err.txt") == 2);
    CHECK(read_text(dir.path / "err.txt").find("[adva.io.output_exists] --csv: ") != std::string::npos);
    CHECK(read_text(results) == earlier);
    CHECK(read_text(dir.path / "sum.csv") == "mine");

    REQUIRE(run(out + " --force", dir.path / "err.txt") == 0);
    require_complete(results, adva::io::load_scenarios(scenarios));
}

TEST_CASE("batch --out /dev/null streams into the device and leaves it one") {
    temp_dir dir;
    std::ofstream(dir.path / "s.json") << R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "a"}]})";
    struct stat before {};
    REQUIRE(::stat("/dev/null", &before) == 0);
    REQUIRE(run((dir.path / "s.json").string() + " --out /dev/null", dir.path / "err.txt") == 0);
    CHECK(read_text(dir.path / "err.txt").find("adva batch: 1 scenario: 1 ok") != std::string::npos);
    // --resume reads the results back: a device cannot be resumed.
    CHECK(run((dir.path / "s.json").string() + " --out /dev/null --resume", dir.path / "err.txt") == 2);
    struct stat after {};
    REQUIRE(::stat("/dev/null", &after) == 0);
    CHECK(S_ISCHR(after.st_mode));
    CHECK(after.st_rdev == before.st_rdev);
}

TEST_CASE("batch --resume refuses a corrupt results file and leaves it as it was") {
    temp_dir dir;
    const fs::path scenarios = dir.path / "s.json", results = dir.path / "r.jsonl", err = dir.path / "err.txt";
    std::ofstream(scenarios) << R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "a"}, {"id": "b"}]})";
    const std::string line_a = R"({"index":0,"id":"a","status":"ok","winner":null,"ranking":[],"ranks":[],"totals":{},"discounted":[]})";
    auto resume_with = [&](const std::string& text) {
        std::ofstream(results, std::ios::binary | std::ios::trunc) << text;
        REQUIRE(run(scenarios.string() + " --out " + results.string() + " --resume", err) == 2);
        CHECK(read_text(results) == text);
        return read_text(err);
    };
    const std::string prefix = "adva: error: [adva.batch.corrupt_results] " + results.string();
    CHECK(resume_with(line_a + "\nnot json\n").rfind(prefix + ":2: a finished line of the results is not JSON (seen: ", 0) == 0);
    CHECK(resume_with(R"({"index":0,"id":"a"})"
                      "\n")
              .rfind(prefix + ":1: a finished line lacks the result fields (seen: ", 0) == 0);
    CHECK(resume_with(line_a + "\n" + line_a + "\n") == prefix + ":2: scenario appears twice in the results (seen: \"a\")\n");
}
