// SMAA-2 at 10 alternatives x 20 criteria x 10^6 samples, uniform weights, exact values.
// The same problem as benchmarks/smaa_numpy.py; benchmarks/run_smaa_comparison.sh runs both.
#include <benchmark/benchmark.h>

#include "adva/analysis/smaa.hpp"

namespace {

adva::smaa_problem problem(int alternatives, int criteria) {
    adva::smaa_problem p;
    p.values.resize(alternatives, criteria);
    for (int i = 0; i < alternatives; ++i)
        for (int k = 0; k < criteria; ++k) p.values(i, k) = ((i * 7 + k * 13) % 17) / 16.0;  // as smaa_numpy.py
    return p;
}

void smaa_uniform_exact(benchmark::State& state) {
    const adva::smaa_problem p = problem(10, 20);
    adva::smaa_options o;
    o.samples = static_cast<std::uint64_t>(state.range(0));
    o.threads = static_cast<int>(state.range(1));
    o.seed = 1;
    for (auto _ : state) {
        auto r = adva::smaa(p, o);
        benchmark::DoNotOptimize(r.rank_acceptability.data());
    }
    state.counters["samples_per_second"] = benchmark::Counter(static_cast<double>(o.samples), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(smaa_uniform_exact)->Args({1'000'000, 1})->Args({1'000'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
