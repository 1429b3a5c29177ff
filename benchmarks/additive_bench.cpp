// Additive evaluation on a two-level value tree: node values + weighted totals (the kernel), and the
// whole appraise() (validation, screening, ranking, dominance LPs, value for money), at
// 8 options × 20 leaf criteria (a typical council appraisal) and 1000 × 100 (a large batch model).
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "adva/analysis/appraise.hpp"

namespace {

/// `groups` top-level nodes with `leaves / groups` leaves each; deterministic scores in [0, 100].
adva::appraisal synthetic_model(int options, int leaves) {
    const int groups = leaves >= 100 ? 10 : 4;
    adva::appraisal m;
    m.context.title = "Synthetic benchmark model";
    for (int g = 0; g < groups; ++g) {
        adva::criterion top;
        top.id = "G" + std::to_string(g);
        top.name = top.id;
        top.weight = 1.0 + g % 3;
        m.criteria.push_back(top);
        for (int l = g; l < leaves; l += groups) {
            adva::criterion c;
            c.id = "C" + std::to_string(l);
            c.name = c.id;
            c.parent = top.id;
            c.weight = 1.0 + l % 5;
            if (l % 7 == 3) c.preference = adva::direction::lower_is_better;
            if (l % 11 == 5) {
                c.value.kind = adva::value_function_kind::piecewise_linear;
                c.value.points = {{0, 0}, {30, 60}, {100, 100}};
            }
            m.criteria.push_back(c);
        }
    }
    for (int o = 0; o < options; ++o) {
        adva::option opt;
        opt.id = "O" + std::to_string(o);
        opt.name = opt.id;
        opt.vehicle = "council_owned_company";
        for (int l = 0; l < leaves; ++l) {
            adva::score s;
            s.value = 50.0 + 50.0 * std::sin(0.7 * o + 1.3 * l + 0.01 * o * l);
            opt.scores["C" + std::to_string(l)] = s;
        }
        adva::cost_line cost;
        cost.name = "Running";
        cost.kind = adva::cost_kind::recurring;
        cost.amount = 1e5 * (1 + o % 9);
        opt.costs.push_back(cost);
        m.options.push_back(std::move(opt));
    }
    m.options.front().business_as_usual = true;
    return m;
}

void additive_values(benchmark::State& state) {
    const auto m = synthetic_model(int(state.range(0)), int(state.range(1)));
    const auto w = adva::consensus_weights(m);
    const std::vector<bool> basis(m.options.size(), true);
    for (auto _ : state) {
        const auto values = adva::node_values(m, w.local, basis);
        auto totals = adva::weighted_totals(m, values, w.local);
        benchmark::DoNotOptimize(totals.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0) * state.range(1));
    state.counters["options"] = double(state.range(0));
    state.counters["leaves"] = double(state.range(1));
}
BENCHMARK(additive_values)->Args({8, 20})->Args({1000, 100})->Unit(benchmark::kMicrosecond);

void full_appraisal(benchmark::State& state) {
    const auto m = synthetic_model(int(state.range(0)), int(state.range(1)));
    for (auto _ : state) {
        auto r = adva::appraise(m);
        benchmark::DoNotOptimize(r.totals.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0) * state.range(1));
}
BENCHMARK(full_appraisal)->Args({8, 20})->Args({1000, 100})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
