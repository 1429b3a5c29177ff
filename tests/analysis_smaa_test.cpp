// SMAA-2 engine: samplers against analytic moments, the Philox batch against Random123, replay
// against hand-computed counts, thread-count invariance, and the error paths.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

#include <Random123/philox.h>
#include <tbb/task_arena.h>

#include "adva/analysis/model_smaa.hpp"
#include "adva/analysis/smaa.hpp"
#include "adva/analysis/values.hpp"
#include "adva/io/smaa_json.hpp"
#include "analysis_fixtures.hpp"

using namespace adva;

namespace {

Eigen::VectorXd sample_means(const weight_sampler& s, std::uint64_t n) {
    smaa_weight_block w;
    s.sample(0, static_cast<Eigen::Index>(n), w);
    return w.colwise().mean().transpose();
}

smaa_problem bench_like_problem(int a, int c) {
    smaa_problem p;
    p.values.resize(a, c);
    for (int i = 0; i < a; ++i)
        for (int k = 0; k < c; ++k) p.values(i, k) = ((i * 7 + k * 13) % 17) / 16.0;
    return p;
}

bool bitwise_equal(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
    return x.rows() == y.rows() && x.cols() == y.cols() &&
           std::memcmp(x.data(), y.data(), sizeof(double) * static_cast<std::size_t>(x.size())) == 0;
}

template <class F>
void require_invalid(F&& f, const std::string& id, const std::string& text) {
    try {
        f();
        FAIL("expected adva::invalid_input " << id);
    } catch (const invalid_input& e) {
        CHECK(e.id() == id);
        CHECK_THAT(e.what(), Catch::Contains(text));
    }
}

smaa_result run_with_kernel(const smaa_problem& p, const smaa_options& o, bool portable) {
    detail::force_portable_kernels = portable;
    smaa_result r = smaa(p, o);
    detail::force_portable_kernels = false;
    return r;
}

#if ADVA_X86
// The AVX2 helpers with their vectors kept inside a target-attributed function (the test itself is
// compiled for the baseline x86-64).
ADVA_TARGET_AVX2_FMA void philox_calls_words(std::uint64_t first, const std::uint32_t* offsets, std::uint32_t stream, std::uint32_t first_call,
                                         Eigen::Index calls, detail::philox_key key, std::uint32_t* out) {
    __m256i words[4 * 8];  // up to 8 calls
    detail::philox4x32_10_calls_avx2(first, offsets, stream, first_call, std::min<Eigen::Index>(calls, 8), detail::philox_round_keys(key), words);
    for (Eigen::Index x = 0; x < 4 * std::min<Eigen::Index>(calls, 8); ++x) _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 8 * x), words[x]);
}

ADVA_TARGET_AVX2_FMA void exponentials_of_words(const std::uint32_t* words, float* out) {
    const __m256i in[2] = {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(words)),
                           _mm256_loadu_si256(reinterpret_cast<const __m256i*>(words + 8))};
    __m256 e[2];
    detail::exponentials_from_words_avx2<2>(in, e);
    _mm256_storeu_ps(out, e[0]);
    _mm256_storeu_ps(out + 8, e[1]);
}
#endif

}  // namespace

TEST_CASE("the 8-lane Philox4x32-10 equals Random123 word for word", "[smaa][rng]") {
    const detail::philox_key key = detail::philox_key_from_seed(0x123456789abcdefull);
    std::uint32_t out[32];
    const std::uint64_t first = 0xFFFFFFFCull;  // crosses the 32-bit boundary of the counter
    detail::philox4x32_10_x8(first, 7, 3, key, out);
    r123::Philox4x32 g;
    for (int j = 0; j < 8; ++j) {
        const std::uint64_t s = first + static_cast<std::uint64_t>(j);
        const auto r = g({{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32), 7, 3}}, {{key[0], key[1]}});
        for (int w = 0; w < 4; ++w) CHECK(out[w * 8 + j] == r[w]);
    }
}

TEST_CASE("Philox calls for arbitrary lane counters equal Random123 word for word", "[smaa][rng]") {
#if ADVA_X86
    if (!detail::use_avx2_kernels()) return;  // the AVX2 helper needs the CPU feature
    const detail::philox_key key = detail::philox_key_from_seed(0xfedcba9876543210ull);
    // Offsets out of order and past 2^32 from a first counter just below it: the 64-bit carry.
    const std::uint32_t offsets[8] = {9, 0, 15, 3, 0xFFFFFFFFu, 1, 16, 2};
    const std::uint64_t first = 0x1FFFFFFF8ull;
    const std::uint32_t stream = 11, first_call = 5;
    const Eigen::Index calls = 3;  // the shared first rounds serve every call
    std::vector<std::uint32_t> out(static_cast<std::size_t>(32 * calls));
    philox_calls_words(first, offsets, stream, first_call, calls, key, out.data());
    r123::Philox4x32 g;
    for (Eigen::Index call = 0; call < calls; ++call)
        for (int j = 0; j < 8; ++j) {
            const std::uint64_t s = first + offsets[j];
            const auto r = g({{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32), stream,
                               first_call + static_cast<std::uint32_t>(call)}},
                             {{key[0], key[1]}});
            for (int w = 0; w < 4; ++w) CHECK(out[static_cast<std::size_t>((call * 4 + w) * 8 + j)] == r[w]);
        }
#endif
}

TEST_CASE("the AVX2 exponential equals the portable one for every 23-bit uniform", "[smaa][rng]") {
#if ADVA_X86
    if (!detail::use_avx2_kernels()) return;
    // E depends on the top 23 bits of the word only; the low 9 bits vary to show they are ignored.
    std::int64_t mismatches = 0;
    std::uint32_t words[16];
    float vector[16];
    for (std::uint32_t m = 0; m < (1u << 23); m += 16) {
        for (std::uint32_t j = 0; j < 16; ++j) words[j] = ((m + j) << 9) | ((m * 7 + j * 37) & 0x1FFu);
        exponentials_of_words(words, vector);
        for (int j = 0; j < 16; ++j) {
            const float portable = detail::exponential_from_word(words[j]);
            mismatches += std::memcmp(&portable, &vector[j], sizeof portable) != 0;
        }
    }
    CHECK(mismatches == 0);
#endif
}

TEST_CASE("every weight sampler draws the same bits on the AVX2 and the portable path", "[smaa][sampler][rng]") {
    INFO("AVX2 + FMA in use: " << detail::use_avx2_kernels());
    weight_tree tree;  // two parents with 2 and 3 leaves, and a leaf at the top level
    tree.parent = {-1, 0, 0, -1, 3, 3, 3, -1};
    tree.column = {-1, 0, 1, -1, 2, 3, 4, 5};
    const std::vector<std::pair<const char*, smaa_weight_model>> models = {
        {"uniform", smaa_weight_model::uniform()},
        {"ordinal", smaa_weight_model::ordinal({6, 5, 4, 3, 2, 1})},
        {"per parent", smaa_weight_model::per_parent(tree)}};
    for (const auto& [name, model] : models) {
        INFO(name);
        const weight_sampler sampler(model, 6, 0x5eedull);
        smaa_weight_block wide, portable;
        sampler.sample(1'000'003, 2 * smaa_block_size + 13, wide);  // a partial group of eight at the end
        detail::force_portable_kernels = true;
        sampler.sample(1'000'003, 2 * smaa_block_size + 13, portable);
        detail::force_portable_kernels = false;
        CHECK(bitwise_equal(wide, portable));
    }
}

TEST_CASE("uniform simplex sampler: marginals are Beta(1, n-1)", "[smaa][sampler]") {
    const int n = 5;
    const std::uint64_t draws = 200000;
    weight_sampler s(smaa_weight_model::uniform(), n, 11);
    CHECK(s.name() == "normalised_exponentials");
    smaa_weight_block w;
    s.sample(0, static_cast<Eigen::Index>(draws), w);
    const double mean = 1.0 / n, var = (n - 1.0) / (n * n * (n + 1.0));  // Beta(1, n-1)
    for (int k = 0; k < n; ++k) {
        const double m = w.col(k).mean();
        const double v = (w.col(k).array() - m).square().mean();
        CHECK(std::abs(m - mean) < 4 * std::sqrt(var / draws));
        CHECK(std::abs(v - var) < 0.02 * var);
        // P(w_k <= 0.1) = 1 - 0.9^(n-1)
        const double p = (w.col(k).array() <= 0.1).cast<double>().mean();
        const double exact = 1.0 - std::pow(0.9, n - 1);
        CHECK(std::abs(p - exact) < 4 * std::sqrt(exact * (1 - exact) / draws));
    }
    for (Eigen::Index b = 0; b < w.rows(); b += 997) CHECK(std::abs(w.row(b).sum() - 1.0) < 1e-14);
}

TEST_CASE("ordinal sampler: E[w of rank k] = (1/n) sum_{j>=k} 1/j and the order holds", "[smaa][sampler]") {
    const int n = 4;
    const std::uint64_t draws = 200000;
    const std::vector<int> rank{3, 1, 4, 2};  // criterion 1 most important, then 3, 0, 2
    weight_sampler s(smaa_weight_model::ordinal(rank), n, 5);
    CHECK(s.name() == "sorted_normalised_exponentials");
    smaa_weight_block w;
    s.sample(0, static_cast<Eigen::Index>(draws), w);
    for (Eigen::Index b = 0; b < w.rows(); ++b) {
        if (!(w(b, 1) >= w(b, 3) && w(b, 3) >= w(b, 0) && w(b, 0) >= w(b, 2))) FAIL("order violated at sample " << b);
    }
    for (int k = 0; k < n; ++k) {
        double expected = 0.0;
        for (int j = rank[static_cast<std::size_t>(k)]; j <= n; ++j) expected += 1.0 / j;
        expected /= n;
        CHECK(std::abs(w.col(k).mean() - expected) < 0.002);
    }
}

TEST_CASE("interval sampler: uniform on the constrained simplex", "[smaa][sampler]") {
    SECTION("symmetric bounds: every mean is 1/n") {
        weight_sampler s(smaa_weight_model::intervals({0.1, 0.1, 0.1}, {0.5, 0.5, 0.5}), 3, 3);
        CHECK(s.name() == "shifted_simplex_rejection");
        smaa_weight_block w;
        s.sample(0, 100000, w);
        CHECK(w.minCoeff() >= 0.1);
        CHECK(w.maxCoeff() <= 0.5);
        for (int k = 0; k < 3; ++k) CHECK(std::abs(w.col(k).mean() - 1.0 / 3) < 0.003);
    }
    SECTION("one fixed lower bound: the rest of the simplex is shared uniformly") {
        // w0 >= 0.4 only: w = (0.4, 0, 0) + 0.6 v, v uniform; E[w0] = 0.4 + 0.6/3 = 0.6, E[w1] = 0.2.
        weight_sampler s(smaa_weight_model::intervals({0.4, 0.0, 0.0}, {1.0, 1.0, 1.0}), 3, 3);
        CHECK(sample_means(s, 100000).isApprox(Eigen::Vector3d(0.6, 0.2, 0.2), 0.01));
    }
    SECTION("upper bound: w0 <= 0.5 on the 2-simplex, w0 ~ U(0, 0.5)") {
        weight_sampler s(smaa_weight_model::intervals({0.0, 0.0}, {0.5, 1.0}), 2, 8);
        CHECK(sample_means(s, 100000).isApprox(Eigen::Vector2d(0.25, 0.75), 0.01));
        CHECK(s.acceptance_rate() == Approx(0.5).margin(0.01));
    }
}

TEST_CASE("per-parent sampler: each parent's simplex is uniform, globals are products", "[smaa][sampler]") {
    // top: G (node 0) with leaves 1,2,3 (columns 0,1,2) and leaf 4 (column 3).
    weight_tree tree{{-1, 0, 0, 0, -1}, {-1, 0, 1, 2, 3}};
    weight_sampler s(smaa_weight_model::per_parent(tree), 4, 21);
    CHECK(s.name() == "per_parent_normalised_exponentials");
    const Eigen::VectorXd m = sample_means(s, 200000);
    // E[G] = 1/2, E[leaf under G] = 1/2 * 1/3 (independent); E[column 3] = 1/2.
    CHECK(m(0) == Approx(1.0 / 6).margin(0.003));
    CHECK(m(2) == Approx(1.0 / 6).margin(0.003));
    CHECK(m(3) == Approx(0.5).margin(0.003));
}

TEST_CASE("uncertain values: quantiles of the named distributions", "[smaa][values]") {
    CHECK(quantile(uncertain_value::uniform(2, 4), 0.25) == Approx(2.5));
    CHECK(quantile(uncertain_value::triangular(0, 1, 2), 0.5) == Approx(1.0));
    CHECK(quantile(uncertain_value::triangular(0, 0, 1), 0.75) == Approx(1 - std::sqrt(0.25)));
    CHECK(quantile(uncertain_value::pert(0, 0.5, 1), 0.5) == Approx(0.5));  // symmetric Beta(3,3)
    CHECK(quantile(uncertain_value::truncated_normal(0, 1, -1, 1), 0.5) == Approx(0.0).margin(1e-12));
    const double x = quantile(uncertain_value::truncated_normal(0, 1, 3, 10), 0.5);  // far tail stays precise
    CHECK(x > 3.0);
    CHECK(x < 3.3);
}

TEST_CASE("the PERT table inverts the beta CDF to 1e-13 over the whole family and both tails", "[smaa][values]") {
    // PERT's beta shapes: alpha = 1 + 4 m, beta = 1 + 4 (1 - m) for the mode's position m in [0, 1].
    for (double m : {0.0, 1e-12, 0.003, 0.1, 0.25, 0.5, 0.61, 0.9, 0.999, 1.0}) {
        const double a = 1.0 + 4.0 * m, b = 1.0 + 4.0 * (1.0 - m);
        const detail::beta_quantile_table table(a, b);
        double worst = 0.0;
        auto check = [&](double u) {
            const double exact = detail::beta_quantile(a, b, u);
            worst = std::max(worst, std::abs(table(u) - exact));
            CHECK(table(u) >= 0.0);
            CHECK(table(u) <= 1.0);
        };
        for (int j = 1; j < 4096; ++j) check(j / 4096.0 + 1.0 / 8192.0);  // the body and the tails' inner pieces
        for (double e = 1.0; e < 45.0; e += 0.37) {                        // deep tails, past the table's floor
            check(std::exp(-e));
            check(1.0 - std::exp(-e));
        }
        check(0.5 / 4294967296.0);  // the sampler's extreme uniforms
        check(1.0 - 0.5 / 4294967296.0);
        INFO("m = " << m << ", worst error " << worst);
        CHECK(worst < 1e-13);
    }
}

TEST_CASE("PERT cells are drawn through their beta table and keep their distribution", "[smaa][values]") {
    // Mean of PERT(lower, mode, upper) = (lower + 4 mode + upper) / 6.
    smaa_problem p;
    p.values = Eigen::MatrixXd::Zero(2, 1);
    p.uncertainty = {uncertain_value::pert(10.0, 12.0, 20.0), uncertain_value::pert(0.0, 0.0, 1.0)};
    const std::vector<std::optional<detail::cell_sampler>> draw = detail::cell_samplers(p.uncertainty, 1'000'000);
    REQUIRE(draw[0].has_value());
    double sum = 0.0, worst = 0.0;
    const int n = 200000;
    for (int j = 0; j < n; ++j) {
        const double u = (j + 0.5) / n;
        worst = std::max(worst, std::abs((*draw[0])(u) - sample_value(p.uncertainty[0], u)));
        sum += (*draw[0])(u);
    }
    CHECK(worst < 1e-12);
    CHECK(sum / n == Approx((10.0 + 4 * 12.0 + 20.0) / 6).epsilon(1e-6));
    CHECK((*draw[1])(0.25) == Approx(sample_value(p.uncertainty[1], 0.25)).margin(1e-13));

    // A short run, and shapes beyond the table cap, invert exactly: the same bits as sample_value.
    const std::vector<uncertain_value> cells = {uncertain_value::pert(0, 1, 4), uncertain_value::pert(0, 1, 4),
                                                uncertain_value::pert(0, 2, 4), uncertain_value::pert(0, 3, 4)};
    const double u = 0.3141592653589793;
    const auto short_run = detail::cell_samplers(cells, 100);
    for (std::size_t j = 0; j < cells.size(); ++j) CHECK((*short_run[j])(u) == sample_value(cells[j], u));
    const auto capped = detail::cell_samplers(cells, 1'000'000, 2);  // two shapes tabulated, the third exact
    CHECK((*capped[3])(u) == sample_value(cells[3], u));
    CHECK(std::abs((*capped[2])(u) - sample_value(cells[2], u)) < 1e-12);
    CHECK((*capped[0])(u) == (*capped[1])(u));  // one shape, one table
}

TEST_CASE("replay reproduces hand-computed indices bit for bit", "[smaa][replay]") {
    // Three samples, two alternatives, two criteria; matrix A = (1, 0), B = (0, 1).
    // w = (0.75, 0.25): A first; (0.25, 0.75): B first; (0.5, 0.5): tie, both rank 1.
    smaa_replay_samples s;
    s.weights.resize(3, 2);
    s.weights << 0.75, 0.25, 0.25, 0.75, 0.5, 0.5;
    s.matrix.resize(2, 2);
    s.matrix << 1, 0, 0, 1;
    const smaa_result r = smaa_replay(s, 1);
    Eigen::MatrixXd ra(2, 2);
    ra << 2.0 / 3, 1.0 / 3, 2.0 / 3, 1.0 / 3;
    CHECK(bitwise_equal(r.rank_acceptability, ra));
    Eigen::MatrixXd pw(2, 2);
    pw << 0, 1.0 / 3, 1.0 / 3, 0;
    CHECK(bitwise_equal(r.pairwise_winning, pw));
    Eigen::MatrixXd cw(2, 2);  // A: mean of (0.75,0.25),(0.5,0.5); B: of (0.25,0.75),(0.5,0.5)
    cw << 0.625, 0.375, 0.375, 0.625;
    CHECK(bitwise_equal(r.central_weights, cw));
    // With its central weight A scores 0.625 against B's 0.375: confidence 1 (exact values).
    CHECK(r.confidence_factors(0) == 1.0);
    CHECK(r.confidence_factors_standard_error(0) == 0.0);
    CHECK(r.rank_acceptability_standard_error(0, 0) == std::sqrt((2.0 / 3) * (1.0 / 3) / 3));
    // standard error of the conditional mean of (0.75, 0.5): sd = 0.1767767.., / sqrt(2)
    CHECK(r.central_weights_standard_error(0, 0) == Approx(0.125).epsilon(1e-12));

    SECTION("the same samples as N x A x C values, through JSON") {
        nlohmann::json in = {{"weights", {{0.75, 0.25}, {0.25, 0.75}, {0.5, 0.5}}},
                             {"values", {{{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}}}};
        const nlohmann::json out = io::smaa_replay_json(in);
        CHECK(out["rank_acceptability"] == nlohmann::json({{2.0 / 3, 1.0 / 3}, {2.0 / 3, 1.0 / 3}}));
        CHECK(out["central_weights"] == nlohmann::json({{0.625, 0.375}, {0.375, 0.625}}));
        CHECK(out["pairwise_winning"] == nlohmann::json({{0.0, 1.0 / 3}, {1.0 / 3, 0.0}}));
        CHECK(out["confidence_factors"] == nlohmann::json({1.0, 1.0}));  // sampled values: 3 of 3 samples
        CHECK(out.contains("rank_acceptability_standard_error"));
    }
}

TEST_CASE("an alternative never first has no central weight", "[smaa][replay]") {
    smaa_replay_samples s;
    s.weights.resize(2, 2);
    s.weights << 0.5, 0.5, 0.25, 0.75;
    s.matrix.resize(2, 2);
    s.matrix << 1, 1, 0, 0;  // B is dominated
    const smaa_result r = smaa_replay(s);
    CHECK_FALSE(r.central_weight_defined[1]);
    CHECK(std::isnan(r.central_weights(1, 0)));
    CHECK(std::isnan(r.confidence_factors(1)));
    const nlohmann::json out = io::smaa_result_json(r);
    CHECK(out["central_weights"][1].is_null());
    CHECK(out["confidence_factors"][1].is_null());
}

TEST_CASE("same seed gives bitwise identical results on 1, 2 and 4 threads", "[smaa][determinism]") {
    smaa_problem p = bench_like_problem(6, 7);
    SECTION("exact values, uniform weights") {}
    SECTION("uncertain values, ordinal weights") {
        p.weights = smaa_weight_model::ordinal({1, 2, 3, 4, 5, 6, 7});
        p.uncertainty.assign(6 * 7, uncertain_value::exact());
        p.uncertainty[0] = uncertain_value::triangular(0.0, 0.2, 1.0);
        p.uncertainty[8] = uncertain_value::truncated_normal(0.5, 0.2, 0.0, 1.0);
        p.uncertainty[15] = uncertain_value::pert(0.1, 0.3, 0.9);
    }
    smaa_options o;
    o.samples = 3 * static_cast<std::uint64_t>(smaa_block_size) + 123;  // a partial last block
    o.seed = 99;
    std::vector<smaa_result> results;
    for (int t : {1, 2, 4}) {
        tbb::task_arena arena(t);
        o.threads = 0;
        arena.execute([&] { results.push_back(smaa(p, o)); });
        o.threads = t;
        results.push_back(smaa(p, o));
    }
    for (const auto& r : results) {
        CHECK(r.rank_counts == results[0].rank_counts);
        CHECK(r.pairwise_counts == results[0].pairwise_counts);
        CHECK(bitwise_equal(r.central_weights, results[0].central_weights));
        CHECK(bitwise_equal(r.central_weights_standard_error, results[0].central_weights_standard_error));
        CHECK(bitwise_equal(r.confidence_factors, results[0].confidence_factors));
    }
    o.seed = 100;
    CHECK(smaa(p, o).rank_counts != results[0].rank_counts);
}

TEST_CASE("the portable and the AVX2 kernels give the same bits", "[smaa][determinism]") {
    // Off an AVX2 machine both runs take the portable path and the test is trivially true.
    INFO("AVX2 + FMA in use: " << detail::use_avx2_kernels());
    smaa_problem p = bench_like_problem(7, 9);  // 9 criteria: a partial 4-wide column group
    p.values(3, 2) = p.values(5, 2);
    p.values.row(6) = p.values.row(1);  // tied alternatives: ranks share the better rank
    SECTION("uniform weights (generated in the kernel)") {}
    SECTION("ordinal weights (from the sampler)") { p.weights = smaa_weight_model::ordinal({9, 8, 7, 6, 5, 4, 3, 2, 1}); }
    smaa_options o;
    o.samples = 2 * static_cast<std::uint64_t>(smaa_block_size) + 13;  // a partial group at the end
    o.seed = 7;
    o.threads = 1;
    const smaa_result vector = smaa(p, o);
    detail::force_portable_kernels = true;
    const smaa_result portable = smaa(p, o);
    detail::force_portable_kernels = false;
    CHECK(vector.rank_counts == portable.rank_counts);
    CHECK(vector.pairwise_counts == portable.pairwise_counts);
    CHECK(bitwise_equal(vector.central_weights, portable.central_weights));
    CHECK(bitwise_equal(vector.central_weights_standard_error, portable.central_weights_standard_error));
    // Tied rows: neither beats the other, and they share ranks.
    CHECK(vector.pairwise_counts(1, 6) == 0);
    CHECK(vector.pairwise_counts(6, 1) == 0);
    CHECK(vector.rank_counts.row(1) == vector.rank_counts.row(6));
    // Every sample ranks each alternative once, and u_i > u_j or u_j > u_i or a tie.
    for (Eigen::Index i = 0; i < 7; ++i) CHECK(vector.rank_counts.row(i).sum() == static_cast<std::int64_t>(o.samples));
}

TEST_CASE("the AVX2 kernel equals the portable one on every shape it handles differently", "[smaa][determinism]") {
    // The AVX2 kernel pairs alternatives in byte lanes (an odd A compares against a padding row),
    // keeps up to 24 criteria of central-weight sums in registers (the rest in smaller chunks and a
    // scalar tail), packs ranks into bytes up to A = 255 and leaves A > 255 to the portable path.
    INFO("AVX2 + FMA in use: " << detail::use_avx2_kernels());
    struct shape {
        int alternatives, criteria;
        std::uint64_t samples;
    };
    const shape shapes[] = {{1, 3, 100},  {2, 1, 47},    {3, 26, 2100}, {5, 30, 600}, {16, 4, 2048},
                            {17, 49, 700}, {40, 5, 333}, {255, 3, 69},  {256, 2, 33}};
    for (const shape& sh : shapes) {
        INFO(sh.alternatives << " alternatives x " << sh.criteria << " criteria, " << sh.samples << " samples");
        smaa_problem p = bench_like_problem(sh.alternatives, sh.criteria);
        if (sh.alternatives > 3) p.values.row(sh.alternatives - 1) = p.values.row(0);  // a tie
        smaa_options o;
        o.samples = sh.samples;
        o.seed = 1000 + static_cast<std::uint64_t>(sh.alternatives);
        o.threads = 1;
        const smaa_result vector = run_with_kernel(p, o, false);
        const smaa_result portable = run_with_kernel(p, o, true);
        CHECK(vector.rank_counts == portable.rank_counts);
        CHECK(vector.pairwise_counts == portable.pairwise_counts);
        CHECK(bitwise_equal(vector.central_weights, portable.central_weights));
        CHECK(bitwise_equal(vector.central_weights_standard_error, portable.central_weights_standard_error));
        for (Eigen::Index i = 0; i < p.values.rows(); ++i) CHECK(vector.rank_counts.row(i).sum() == static_cast<std::int64_t>(o.samples));
    }
}

TEST_CASE("per-block counters hold a full block of one outcome", "[smaa][determinism]") {
    // Alternative 0 is best in every criterion and 2 worst: every sample has the same ranks, so each
    // of the kernel's per-lane block counters reaches its largest value.
    smaa_problem p;
    p.values.resize(3, 5);
    p.values.row(0).setConstant(0.9);
    p.values.row(1) << 0.5, 0.1, 0.8, 0.3, 0.6;
    p.values.row(2).setConstant(0.05);
    smaa_options o;
    o.samples = 5 * static_cast<std::uint64_t>(smaa_block_size) + 9;
    o.seed = 3;
    o.threads = 2;
    const auto n = static_cast<std::int64_t>(o.samples);
    for (const bool portable : {false, true}) {
        INFO("portable kernel: " << portable);
        const smaa_result r = run_with_kernel(p, o, portable);
        CHECK(r.rank_counts(0, 0) == n);
        CHECK(r.rank_counts(1, 1) == n);
        CHECK(r.rank_counts(2, 2) == n);
        CHECK(r.pairwise_counts(0, 1) == n);
        CHECK(r.pairwise_counts(0, 2) == n);
        CHECK(r.pairwise_counts(1, 2) == n);
        CHECK(r.pairwise_counts(1, 0) == 0);
        CHECK(r.pairwise_counts(2, 0) == 0);
        CHECK(r.pairwise_counts(2, 1) == 0);
        // Alternative 0 is always first, so its central weight is the mean weight: 1/5 each.
        for (Eigen::Index k = 0; k < 5; ++k) CHECK(r.central_weights(0, k) == Approx(0.2).margin(0.01));
    }
}

TEST_CASE("the exponential of a Philox word: -ln U to single precision", "[smaa][rng]") {
    double worst = 0.0, mean = 0.0;
    std::uint64_t n = 0;
    for (std::uint64_t x = 0; x <= 0xFFFFFFFFull; x += 65537, ++n) {
        const auto w = static_cast<std::uint32_t>(x);
        const double u = (static_cast<double>(w >> 9) + 0.5) * 0x1p-23;
        const double exact = -std::log(u);
        const double e = detail::exponential_from_word(w);
        worst = std::max(worst, std::abs(e - exact) / exact);
        mean += e;
    }
    CHECK(worst < 2e-7);
    CHECK(std::abs(mean / static_cast<double>(n) - 1.0) < 0.01);  // an evenly spread grid of words: E[E] = 1
    // The extremes: U never reaches 0 or 1, so E is positive and finite.
    CHECK(detail::exponential_from_word(0xFFFFFFFFu) > 0.0f);
    CHECK(detail::exponential_from_word(0u) == Approx(24 * std::log(2.0)).epsilon(1e-6));
}

TEST_CASE("value transforms map sampled quantities exactly", "[smaa][values][transform]") {
    SECTION("apply") {
        CHECK(apply(value_transform::identity(), 3.5) == 3.5);
        CHECK(apply(value_transform::linear(10, 50), 20) == Approx(25.0));
        CHECK(apply(value_transform::linear(50, 10), 20) == Approx(75.0));  // decreasing
        CHECK(apply(value_transform::exponential(0, 10, 1.0), 5) == Approx(62.24593312).margin(1e-6));
        const auto pw = value_transform::piecewise_linear({{0, 100}, {10, 40}, {30, 0}});
        CHECK(apply(pw, -5) == 100.0);
        CHECK(apply(pw, 5) == Approx(70.0));
        CHECK(apply(pw, 20) == Approx(20.0));
        CHECK(apply(pw, 99) == 0.0);
    }
    SECTION("P(v(X) > t) for X ~ U(0, 1) through a concave exponential") {
        // v(x) = 100 (1 - e^{-2x}) / (1 - e^{-2}); A = v(X), B = 50 exactly. P(A first) = 1 - x*,
        // v(x*) = 50. Mapping only the ends (uniform on the value scale) would give 0.5.
        smaa_problem p;
        p.values.resize(2, 1);
        p.values << 0.0, 50.0;
        p.uncertainty = {uncertain_value::uniform(0.0, 1.0).through(value_transform::exponential(0.0, 1.0, 2.0)),
                         uncertain_value::exact()};
        smaa_options o;
        o.samples = 200000;
        const smaa_result r = smaa(p, o);
        const double x_star = -std::log(1.0 - 0.5 * (1.0 - std::exp(-2.0))) / 2.0;
        CHECK(std::abs(r.rank_acceptability(0, 0) - (1.0 - x_star)) < 4 * r.rank_acceptability_standard_error(0, 0));
        CHECK(std::abs(r.rank_acceptability(0, 0) - 0.5) > 0.2);
    }
    SECTION("invalid transforms are named") {
        smaa_problem p;
        p.values = Eigen::MatrixXd::Zero(2, 1);
        p.uncertainty = {uncertain_value::uniform(0.0, 1.0).through(value_transform::piecewise_linear({{1, 0}, {1, 100}})),
                         uncertain_value::exact()};
        require_invalid([&] { smaa(p); }, "adva.smaa.invalid_transform", "strictly increasing x");
        p.uncertainty[0] = uncertain_value::uniform(0.0, 1.0).through(value_transform::linear(2.0, 2.0));
        require_invalid([&] { smaa(p); }, "adva.smaa.invalid_transform", "from != to");
    }
}

TEST_CASE("model SMAA samples scores and values them through the leaf's value function", "[smaa][model][transform]") {
    using namespace adva::testing;
    appraisal m = two_level_model();
    SECTION("every kind and direction equals the appraisal's value function") {
        for (auto d : {direction::higher_is_better, direction::lower_is_better}) {
            auto c = make_criterion("C", "", 1.0, d);
            for (auto k : {value_function_kind::direct, value_function_kind::linear, value_function_kind::exponential,
                           value_function_kind::piecewise_linear}) {
                c.value.kind = k;
                c.value.lower = 10;
                c.value.upper = 50;
                c.value.rho = 1.5;
                c.value.points = {{10, 0}, {20, 70}, {50, 100}};
                const auto lt = detail::leaf_value_transform(c, 0, 0);
                for (double x : {10.0, 13.0, 27.5, 50.0})
                    CHECK(apply(lt.transform, x) == Approx(fixed_scale_value(c, x)).margin(1e-9));
            }
        }
    }
    SECTION("an uncertain score on an exponential leaf") {
        auto& a1 = m.criteria[1];
        a1.value.kind = value_function_kind::exponential;
        a1.value.lower = 0;
        a1.value.upper = 100;
        a1.value.rho = 3.0;
        score& s = m.options[0].scores["A1"];
        s.kind = uncertainty::range;
        s.low = 40;
        s.high = 100;
        s.value = 70;
        const model_smaa_result r = model_smaa_problem(m, appraise(m));
        const uncertain_value& d = r.problem.uncertainty.at(0);  // O1 x A1 (first leaf)
        CHECK(d.distribution == value_distribution::uniform);
        CHECK(d.lower == 40);
        CHECK(d.upper == 100);
        CHECK(d.transform.kind == value_transform_kind::exponential);
        CHECK(sample_value(d, 0.5) == Approx(fixed_scale_value(a1, 70.0)));
        smaa_options o;
        o.samples = 5000;
        CHECK(model_smaa(m, o).smaa.samples == 5000);
    }
}

TEST_CASE("uncertain values change the indices as the distributions say", "[smaa][values]") {
    // One criterion: B's value is U(0, 1), A's is exactly 0.3, so P(A first) = 0.3.
    smaa_problem p;
    p.values.resize(2, 1);
    p.values << 0.3, 0.5;
    p.uncertainty = {uncertain_value::exact(), uncertain_value::uniform(0.0, 1.0)};
    smaa_options o;
    o.samples = 100000;
    const smaa_result r = smaa(p, o);
    CHECK(std::abs(r.rank_acceptability(0, 0) - 0.3) < 4 * r.rank_acceptability_standard_error(0, 0));
    CHECK(std::abs(r.pairwise_winning(1, 0) - 0.7) < 4 * r.pairwise_winning_standard_error(1, 0));
    // Second pass with fresh value samples: the confidence factor of A is P(U < 0.3) too.
    CHECK(r.confidence_samples == o.samples);
    CHECK(std::abs(r.confidence_factors(0) - 0.3) < 4 * r.confidence_factors_standard_error(0));
}

TEST_CASE("SMAA errors name the place and the rule", "[smaa][errors]") {
    smaa_problem p = bench_like_problem(3, 3);
    smaa_options o;
    SECTION("empty matrix") {
        p.values.resize(0, 3);
        require_invalid([&] { smaa(p, o); }, "adva.smaa.empty", "/matrix: at least one alternative (row) is required");
    }
    SECTION("non-finite value") {
        p.values(1, 2) = std::nan("");
        require_invalid([&] { smaa(p, o); }, "adva.smaa.not_finite", "/matrix/1/2: values must be finite (seen: NaN)");
    }
    SECTION("uncertainty of the wrong size") {
        p.uncertainty.resize(2);
        require_invalid([&] { smaa(p, o); }, "adva.smaa.shape", "/uncertainty: one distribution per cell");
    }
    SECTION("bad distribution") {
        p.uncertainty.assign(9, uncertain_value::exact());
        p.uncertainty[4] = uncertain_value::triangular(0, 2, 1);
        require_invalid([&] { smaa(p, o); }, "adva.smaa.invalid_distribution", "/uncertainty/1/1: the mode must lie within [lower, upper]");
    }
    SECTION("empty interval set") {
        p.weights = smaa_weight_model::intervals({0.5, 0.5, 0.5}, {1, 1, 1});
        require_invalid([&] { smaa(p, o); }, "adva.smaa.infeasible_intervals", "need sum(lower) <= 1 <= sum(upper)");
    }
    SECTION("interval set too thin for rejection, when rejection is asked for (automatic walks it)") {
        p.weights = smaa_weight_model::intervals({0.0, 0.0, 0.0}, {0.3334, 0.3334, 0.3334});
        p.weights.interval_sampler = interval_sampling::rejection;
        require_invalid([&] { smaa(p, o); }, "adva.smaa.infeasible_intervals", "estimated acceptance rate");
    }
    SECTION("ranking that is not a permutation") {
        p.weights = smaa_weight_model::ordinal({1, 1, 2});
        require_invalid([&] { smaa(p, o); }, "adva.smaa.invalid_ranking", "/weights/rank/1: ranks must be a permutation of 1..3");
    }
    SECTION("tree with an unmapped column") {
        p.weights = smaa_weight_model::per_parent({{-1, -1, -1}, {0, 1, 1}});
        require_invalid([&] { smaa(p, o); }, "adva.smaa.invalid_tree", "/weights/tree/column/2: each leaf maps to a distinct criterion column");
    }
    SECTION("zero samples") {
        o.samples = 0;
        require_invalid([&] { smaa(p, o); }, "adva.smaa.samples", "at least one sample is required");
    }
    SECTION("negative thread count") {
        o.threads = -1;
        require_invalid([&] { smaa(p, o); }, "adva.limits.threads",
                        "[adva.limits.threads] threads: the thread count is 0 (every core) or 1 to 1024 (seen: -1)");
        smaa_replay_samples s;
        s.weights = Eigen::MatrixXd::Constant(1, 3, 1.0 / 3);
        s.matrix = p.values;
        require_invalid([&] { smaa_replay(s, -2); }, "adva.limits.threads", "threads: the thread count is 0 (every core) or 1 to 1024 (seen: -2)");
    }
    SECTION("more than 10^8 cells") {
        // Refused on the shape alone: the values (reserved, never written) are not read.
        p.values.resize(10001, 10000);
        try {
            smaa(p, o);
            FAIL("expected adva::limit_exceeded");
        } catch (const limit_exceeded& e) {
            CHECK(std::string(e.what()) == "[adva.smaa.limit] /matrix: at most 10^8 cells (seen: 10001 x 10000)");
        }
    }
}

TEST_CASE("model SMAA needs a short list", "[smaa][model][errors]") {
    appraisal m = adva::testing::two_level_model();
    m.options[0].business_as_usual = false;  // a benchmark would be kept on the short list
    m.gates.push_back(adva::testing::make_threshold_gate("G1", "A", comparison::greater_equal, 90));  // A is 70, 70 and 80
    require_invalid([&] { model_smaa(m); }, "adva.smaa.empty_shortlist",
                    "[adva.smaa.empty_shortlist] /options: SMAA needs at least one short-listed option (seen: every option was discounted)");
}

TEST_CASE("replay errors name JSON pointers", "[smaa][errors][replay]") {
    using nlohmann::json;
    require_invalid([] { io::smaa_replay_json(json{{"weights", {{0.5, 0.5}}}, {"matrix", {{1, 2, 3}}}}); }, "adva.smaa.shape",
                    "/matrix: the matrix needs one column per weight criterion");
    require_invalid([] { io::smaa_replay_json(json{{"weights", {{0.5, 0.6}}}, {"matrix", {{1, 2}}}}); }, "adva.smaa.weights_not_on_simplex",
                    "/weights/0: each weight sample must sum to 1");
    require_invalid([] { io::smaa_replay_json(json{{"weights", json::array()}, {"matrix", {{1, 2}}}}); }, "adva.smaa.empty",
                    "/weights: at least one weight sample is required");
    require_invalid([] { io::smaa_replay_json(json{{"weights", {{0.5, "x"}}}, {"matrix", {{1, 2}}}}); }, "adva.json.type",
                    "/weights/0/1: expected a number");
    require_invalid([] { io::smaa_replay_json(json{{"weights", {{0.5, 0.5}, {0.5, 0.5}}}, {"values", {{{1, 2}}, {{1}}}}}); },
                    "adva.smaa.shape", "/values/1/0: every alternative needs one value per weight criterion");
    require_invalid([] { io::smaa_replay_json(json{{"weights", {{0.5, 0.5}}}}); }, "adva.smaa.shape",
                    "give exactly one of \"values\" (N x A x C) and \"matrix\" (A x C)");
    require_invalid([] { io::smaa_replay_json(json{{"weights", {{0.5, 0.5}}}, {"matrix", {{1, 2}}}, {"extra", 1}}); },
                    "adva.json.unknown_key", "/extra: unknown key");
}

TEST_CASE("matrix documents: cost criteria are negated, weight information parsed", "[smaa][json]") {
    using nlohmann::json;
    const json in = {{"matrix", {{1.0, 10.0}, {0.0, 5.0}}},
                     {"types", {"benefit", "cost"}},
                     {"weights", {{"information", "ordinal"}, {"rank", {2, 1}}}},
                     {"uncertainty", {{nullptr, {{"distribution", "uniform"}, {"lower", 8}, {"upper", 12}}}, {nullptr, nullptr}}}};
    const smaa_problem p = io::smaa_problem_from_json(in);
    CHECK(p.values(0, 1) == -10.0);
    CHECK(p.uncertainty[1].lower == -12.0);
    CHECK(p.uncertainty[1].upper == -8.0);
    CHECK(p.weights.information == weight_information::ordinal);
    smaa_options o;
    o.samples = 5000;
    const json out = io::smaa_json(in, o);
    // B is cheaper on the more important criterion (w1 >= w0): always B first.
    CHECK(out["rank_acceptability"][1][0] == 1.0);
}

TEST_CASE("a matrix given apart from its document reads as the same problem", "[smaa][json]") {
    using nlohmann::json;
    const json rest = {{"types", {"benefit", "cost"}},
                       {"uncertainty", {{nullptr, {{"distribution", "uniform"}, {"lower", 8}, {"upper", 12}}}, {nullptr, nullptr}}}};
    Eigen::MatrixXd m(2, 2);
    m << 1.0, 10.0, 0.0, 5.0;
    json whole = rest;
    whole["matrix"] = {{1.0, 10.0}, {0.0, 5.0}};
    const smaa_problem a = io::smaa_problem_from_json(rest, m), b = io::smaa_problem_from_json(whole);
    CHECK(a.values == b.values);
    CHECK(a.values(0, 1) == -10.0);
    REQUIRE(a.uncertainty.size() == b.uncertainty.size());
    CHECK(a.uncertainty[1].lower == b.uncertainty[1].lower);
    // Every cell is a number as JSON's are, an uncertain cell's too, checked before a cost column is negated.
    for (const double bad : {std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::infinity()}) {
        Eigen::MatrixXd x = m;
        x(0, 1) = bad;
        require_invalid([&] { io::smaa_problem_from_json(rest, x); }, "adva.smaa.not_finite",
                        "/matrix/0/1: values must be finite (seen: " + std::string(std::isnan(bad) ? "NaN" : "-inf") + ")");
    }
    require_invalid([&] { io::smaa_problem_from_json(whole, m); }, "adva.json.unknown_key", "/matrix: unknown key");
    require_invalid([&] { io::smaa_problem_from_json(json::object(), Eigen::MatrixXd(0, 2)); }, "adva.smaa.empty",
                    "at least one alternative and one criterion are required");
}
