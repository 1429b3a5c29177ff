// 10^6 generated weight scenarios on the default model (a 6-axis weight grid, 10 percentages per
// axis), rendered to JSONL and written to a file, on 1 and 2 threads, with and without the value
// for money of each line (about 2 100 and 380 bytes a line); and 70 000 cost scenarios (an
// option's costs crossed with an optimism-bias sweep and the stakeholder views), each recomputing
// the economic case of the options it changes. Counters: scenarios per second and the process's
// peak resident memory (getrusage), which must stay flat as the count grows
// (run_batch_benchmark.sh compares 10^5 and 10^6).
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <benchmark/benchmark.h>

#include "adva/io/scenario_json.hpp"
#include "adva/scenario/runner.hpp"

namespace {

adva::scenario_source grid(int axes, bool value_for_money) {
    std::string text = R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "analyses": {"value_for_money": )";
    text += value_for_money ? "true" : "false";
    text += R"(}, "generators": [{"id": "grid", "kind": "weight_grid", "axes": [)";
    const char* nodes[] = {"SF", "VFM", "CAP", "SF_practice", "CAP_agency", "ACH_staff"};
    for (int a = 0; a < axes; ++a)
        text += std::string(a ? "," : "") + R"({"node": ")" + nodes[a] + R"(", "percent": {"from": -45, "to": 45, "step": 10}})";
    text += "]}]}";
    return adva::io::parse_scenarios(text, ".");
}

double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

/// 70 000 cost scenarios: O4's costs at 100 percentages, crossed with 100 mitigation shares of the
/// outsourcing uplift (every option that carries it) and the 7 weight sets (consensus and groups).
adva::scenario_source cost_grid() {
    return adva::io::parse_scenarios(R"({"adva_scenarios": 1, "model": {"builtin": "default"}, "generators": [{"id": "costs",
        "kind": "product", "of": [
          {"kind": "cost_sweep", "option": "O4", "percent": {"from": -49.5, "to": 0, "step": 0.5}},
          {"kind": "optimism_bias_sweep", "category": "outsourcing", "mitigation": {"from": 0, "to": 0.99, "step": 0.01}},
          {"kind": "stakeholders"}]}]})",
                                     ".");
}

void run_to_file(benchmark::State& state, const adva::scenario_source& source, int threads) {
    const char* path = std::getenv("ADVA_BATCH_BENCH_OUT");
    const std::string out = path ? path : "/tmp/adva_batch_bench.jsonl";
    std::uint64_t lines = 0;
    for (auto _ : state) {
        std::FILE* f = std::fopen(out.c_str(), "wb");
        adva::batch_options o;
        o.threads = threads;
        o.render_jsonl = true;
        adva::run_batch(source, o, [&](const adva::batch_chunk& c) {
            std::fwrite(c.jsonl.data(), 1, c.jsonl.size(), f);
            lines += c.results.size();
        });
        std::fclose(f);
    }
    state.counters["scenarios"] = double(source.count());
    state.counters["scenarios_per_s"] = benchmark::Counter(double(lines), benchmark::Counter::kIsRate);
    state.counters["peak_rss_MiB"] = peak_rss_mib();
    std::remove(out.c_str());
}

void batch_weight_grid(benchmark::State& state) {
    run_to_file(state, grid(int(state.range(1)), state.range(2) != 0), int(state.range(0)));
}

void batch_cost_grid(benchmark::State& state) { run_to_file(state, cost_grid(), int(state.range(0))); }

}  // namespace

// {threads, axes, value for money}: 10^5 and 10^6 scenarios on 1 and 2 threads, the ranking alone
// and with value for money.
BENCHMARK(batch_weight_grid)
    ->ArgsProduct({{1, 2}, {5, 6}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();
// {threads}: the cost grid on 1 and 2 threads.
BENCHMARK(batch_cost_grid)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

BENCHMARK_MAIN();
