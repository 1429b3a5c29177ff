// End-to-end: the adva executable's `evaluate` and `weights` commands (decision-matrix mode).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#ifdef ADVA_CLI_PATH
namespace {
struct run_result { int status; std::string out; };

run_result run(const std::string& args) {
    const std::string cmd = std::string(ADVA_CLI_PATH) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[4096];
    while (const auto n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string write_temp(const std::string& name, const std::string& text) {
    const std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/adva_cli_evaluate_" + name;
    std::ofstream(path) << text;
    return path;
}
}  // namespace

TEST_CASE("adva evaluate reproduces the Tzeng & Huang TOPSIS example", "[cli]") {
    const auto path = write_temp("topsis.json", R"({"matrix": [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]],
        "types": ["benefit", "benefit", "benefit"], "weights": [0.3, 0.4, 0.3], "method": {"name": "topsis"}})");
    const auto r = run("evaluate " + path);
    REQUIRE(r.status == 0);
    const auto out = nlohmann::json::parse(r.out);
    CHECK(out["ranking"] == nlohmann::json({3, 2, 1, 4}));
    CHECK(out["closeness"][2].get<double>() == Approx(0.7482).margin(1e-4));
    const auto stdin_run = run("evaluate - < " + path);
    CHECK(stdin_run.status == 0);
    CHECK(nlohmann::json::parse(stdin_run.out) == out);
}

TEST_CASE("adva evaluate and weights: errors are one line with exit status 2", "[cli]") {
    const auto bad = write_temp("bad.json", R"({"matrix": [[1, 2]], "types": ["benefit", "gain"], "weights": [0.5, 0.5], "method": {"name": "wsm"}})");
    const auto r = run("evaluate " + bad);
    CHECK(r.status == 2);
    CHECK(r.out == "adva: error: [adva.json.unknown_name] /types/1: unknown name (one of: benefit, cost) (seen: \"gain\")\n");
    const auto notjson = write_temp("notjson.json", "{ nope");
    CHECK(run("weights " + notjson).status == 2);
    CHECK(run("evaluate /nonexistent/file.json").status == 2);
    CHECK(run("evaluate a.json b.json").status == 2);
    const auto help = run("weights --help");
    CHECK(help.status == 0);
    CHECK(help.out.find("usage: adva weights") != std::string::npos);
    const auto w = write_temp("ahp.json", R"({"weighting": {"method": "ahp", "pairwise": [[1, 2], [0.5, 1]]}})");
    const auto wr = run("weights " + w);
    REQUIRE(wr.status == 0);
    CHECK(nlohmann::json::parse(wr.out)["weights"][0].get<double>() == Approx(2.0 / 3));
}
#else
TEST_CASE("adva CLI not built", "[cli]") { WARN("ADVA_BUILD_CLI is off: the end-to-end CLI tests did not run"); }
#endif
