// TOPSIS and VIKOR at 10 000 x 50, PROMETHEE II at 2 000 x 20 and 100 000 x 20 (piecewise-linear
// preference functions, the O(m n log m) path) and a Gaussian PROMETHEE II at 2 000 x 20.
// Inputs are fixed-seed uniform random matrices with mixed benefit/cost criteria.
// Competition ranking of 10 000 scores (every method ends with it) on three kinds of scores, side
// by side with the same ranks from std::stable_sort.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "adva/methods/methods.hpp"

namespace {

adva::decision_matrix random_matrix(Eigen::Index m, Eigen::Index n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(1.0, 100.0);
    Eigen::MatrixXd x(m, n);
    for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < m; ++i) x(i, j) = u(rng);
    std::vector<adva::objective> types;
    for (Eigen::Index j = 0; j < n; ++j) types.push_back(j % 3 == 2 ? adva::objective::cost : adva::objective::benefit);
    return adva::decision_matrix(std::move(x), std::move(types));
}

Eigen::VectorXd equal(Eigen::Index n) { return Eigen::VectorXd::Constant(n, 1.0 / double(n)); }

std::vector<adva::preference> mixed_preferences(Eigen::Index n) {
    std::vector<adva::preference> p;
    for (Eigen::Index j = 0; j < n; ++j) {
        switch (j % 5) {
            case 0: p.push_back({adva::preference_function::usual}); break;
            case 1: p.push_back({adva::preference_function::u_shape, 5}); break;
            case 2: p.push_back({adva::preference_function::v_shape, 0, 20}); break;
            case 3: p.push_back({adva::preference_function::level, 5, 20}); break;
            default: p.push_back({adva::preference_function::linear, 5, 20}); break;
        }
    }
    return p;
}

void BM_topsis(benchmark::State& state) {
    const auto dm = random_matrix(state.range(0), state.range(1), 1);
    const auto w = equal(dm.criterion_count());
    for (auto _ : state) benchmark::DoNotOptimize(adva::topsis(dm, w).closeness.data());
}
BENCHMARK(BM_topsis)->Args({10000, 50})->Unit(benchmark::kMillisecond);

void BM_vikor(benchmark::State& state) {
    const auto dm = random_matrix(state.range(0), state.range(1), 2);
    const auto w = equal(dm.criterion_count());
    for (auto _ : state) benchmark::DoNotOptimize(adva::vikor(dm, w).Q.data());
}
BENCHMARK(BM_vikor)->Args({10000, 50})->Unit(benchmark::kMillisecond);

void BM_promethee2_piecewise_linear(benchmark::State& state) {
    const auto dm = random_matrix(state.range(0), state.range(1), 3);
    const auto w = equal(dm.criterion_count());
    const auto prefs = mixed_preferences(dm.criterion_count());
    for (auto _ : state) benchmark::DoNotOptimize(adva::promethee2(dm, w, prefs).phi.data());
}
BENCHMARK(BM_promethee2_piecewise_linear)->Args({2000, 20})->Args({100000, 20})->Unit(benchmark::kMillisecond);

void BM_promethee2_usual(benchmark::State& state) {
    const auto dm = random_matrix(state.range(0), state.range(1), 4);
    const auto w = equal(dm.criterion_count());
    const std::vector<adva::preference> prefs(std::size_t(dm.criterion_count()));
    for (auto _ : state) benchmark::DoNotOptimize(adva::promethee2(dm, w, prefs).phi.data());
}
BENCHMARK(BM_promethee2_usual)->Args({2000, 20})->Args({100000, 20})->Unit(benchmark::kMillisecond);

void BM_promethee2_gaussian(benchmark::State& state) {
    const auto dm = random_matrix(state.range(0), state.range(1), 5);
    const auto w = equal(dm.criterion_count());
    const std::vector<adva::preference> prefs(std::size_t(dm.criterion_count()), {adva::preference_function::gaussian, 0, 0, 10});
    for (auto _ : state) benchmark::DoNotOptimize(adva::promethee2(dm, w, prefs).phi.data());
}
BENCHMARK(BM_promethee2_gaussian)->Args({2000, 20})->Unit(benchmark::kMillisecond);

// Scores: 0 = uniform in [0.38, 0.63] (like TOPSIS closeness), 1 = the same with one far outlier,
// 2 = integer levels 0..100 (many ties).
Eigen::VectorXd ranking_scores(Eigen::Index m, int kind) {
    std::mt19937_64 rng(6);
    std::uniform_real_distribution<double> u(0.38, 0.63);
    Eigen::VectorXd s(m);
    for (Eigen::Index i = 0; i < m; ++i) s[i] = kind == 2 ? std::round(u(rng) * 400 - 152) : u(rng);
    if (kind == 1) s[m / 2] = 1e6;
    return s;
}

void BM_competition_ranking(benchmark::State& state) {
    const Eigen::VectorXd s = ranking_scores(state.range(0), int(state.range(1)));
    for (auto _ : state) benchmark::DoNotOptimize(adva::competition_ranking(s, adva::rank_order::higher_is_better).data());
}
BENCHMARK(BM_competition_ranking)->ArgNames({"m", "kind"})->Args({10000, 0})->Args({10000, 1})->Args({10000, 2})->Unit(benchmark::kMicrosecond);

// The same ranks by std::stable_sort of the indices and one scan for ties.
void BM_competition_ranking_stable_sort(benchmark::State& state) {
    const Eigen::VectorXd s = ranking_scores(state.range(0), int(state.range(1)));
    std::vector<std::size_t> idx(std::size_t(s.size()));
    std::vector<int> rank(idx.size());
    for (auto _ : state) {
        std::iota(idx.begin(), idx.end(), std::size_t{0});
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return s[Eigen::Index(a)] > s[Eigen::Index(b)]; });
        for (std::size_t k = 0; k < idx.size(); ++k)
            rank[idx[k]] = k > 0 && s[Eigen::Index(idx[k])] == s[Eigen::Index(idx[k - 1])] ? rank[idx[k - 1]] : int(k) + 1;
        benchmark::DoNotOptimize(rank.data());
    }
}
BENCHMARK(BM_competition_ranking_stable_sort)->ArgNames({"m", "kind"})->Args({10000, 0})->Args({10000, 1})->Args({10000, 2})->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
