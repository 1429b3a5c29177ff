// One rule for every thread count (adva/threads.hpp): 0 = every core, 1 to 1024 threads, anything
// else adva.limits.threads before any work, in the C++ API (SMAA, replay, the batch runner) and on
// the command line. (Python: tests/python/test_robustness.py.) A TBB arena of 10^6 threads used to
// crash the process.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "cli_test_support.hpp"
#include "methods_test_support.hpp"

#include "adva/analysis/smaa.hpp"
#include "adva/io/scenario_json.hpp"
#include "adva/scenario/runner.hpp"
#include "adva/threads.hpp"

using namespace adva;
using adva::testing::MessageContains;

TEST_CASE("checked_threads accepts 0 and 1 to 1024 and refuses the rest", "[limits][threads]") {
    CHECK(detail::checked_threads(0) == 0);
    CHECK(detail::checked_threads(1) == 1);
    CHECK(detail::checked_threads(std::uint64_t(max_threads)) == max_threads);
    for (const long long bad : {-1LL, 1025LL, 1000000LL, 1LL << 40})
        REQUIRE_THROWS_MATCHES(detail::checked_threads(bad, "--threads"), limit_exceeded,
                               MessageContains("[adva.limits.threads] --threads: the thread count is 0 (every core) or 1 to 1024 (seen: " +
                                               std::to_string(bad) + ")"));
}

TEST_CASE("SMAA, its replay and the batch runner refuse a thread count beyond the bound", "[limits][threads]") {
    smaa_problem p;
    p.values = Eigen::MatrixXd::Identity(2, 2);
    smaa_options o;
    o.samples = 100;
    o.threads = 1000000;
    REQUIRE_THROWS_MATCHES(smaa(p, o), limit_exceeded, MessageContains("[adva.limits.threads] threads:"));
    o.threads = -1;
    REQUIRE_THROWS_MATCHES(smaa(p, o), limit_exceeded, MessageContains("(seen: -1)"));
    o.threads = 2;
    CHECK(smaa(p, o).samples == 100);

    const auto source = io::parse_scenarios(R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "scenarios": [{"id": "base"}]})", ".");
    batch_options b;
    b.threads = 1025;
    bool ran = false;
    REQUIRE_THROWS_MATCHES(run_batch(source, b, [&](const batch_chunk&) { ran = true; }), limit_exceeded,
                           MessageContains("[adva.limits.threads] threads:"));
    CHECK_FALSE(ran);
}

TEST_CASE("adva smaa and adva batch refuse --threads beyond the same bound with exit status 2", "[limits][threads][cli]") {
    const auto scratch = std::filesystem::temp_directory_path() / "adva_limits_threads_test";
    std::filesystem::create_directories(scratch);
    const auto smaa_run = testing::run_adva("smaa --samples 100 --threads 1000000", scratch);
    CHECK(smaa_run.status == 2);
    // The CLI checks the same bound (adva::max_threads) while it reads its arguments: a usage error.
    CHECK_THAT(smaa_run.err, Catch::Contains("[adva.cli.usage] --threads: needs a whole number from 0 to 1024"));
    // Refused before the scenario file is read (this one does not exist).
    const auto batch_run = testing::run_adva("batch missing.json --out out.jsonl --threads 2000", scratch);
    CHECK(batch_run.status == 2);
    CHECK_THAT(batch_run.err, Catch::Contains("[adva.cli.usage] --threads:"));
    CHECK(testing::run_adva("smaa --samples 200 --threads 2 --format json", scratch).status == 0);
    std::filesystem::remove_all(scratch);
}
