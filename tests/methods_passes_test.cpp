// The fast paths behind TOPSIS, VIKOR and ranking, checked against plain definitions: the radix
// rank order against std::stable_sort, column statistics against a scalar loop, and row-major
// (zero-copy view) against column-major data (see same_results), at sizes that exercise every tail
// (rows not a multiple of 8 or 16, columns not a multiple of 4, several parallel chunks).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include "adva/methods/methods.hpp"
#include "methods_test_support.hpp"

namespace {

using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::vector<std::size_t> stable_order(const Eigen::VectorXd& s, adva::rank_order order) {
    std::vector<std::size_t> idx(std::size_t(s.size()));
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        return order == adva::rank_order::higher_is_better ? s[Eigen::Index(a)] > s[Eigen::Index(b)] : s[Eigen::Index(a)] < s[Eigen::Index(b)];
    });
    return idx;
}

std::vector<int> naive_competition_ranks(const Eigen::VectorXd& s, adva::rank_order order) {
    std::vector<int> rank(std::size_t(s.size()));
    for (Eigen::Index i = 0; i < s.size(); ++i) {
        int better = 0;
        for (Eigen::Index k = 0; k < s.size(); ++k)
            better += order == adva::rank_order::higher_is_better ? s[k] > s[i] : s[k] < s[i];
        rank[std::size_t(i)] = better + 1;
    }
    return rank;
}

row_major random_matrix(Eigen::Index m, Eigen::Index n, unsigned seed, bool with_ties) {
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> u(-50, 150);
    std::uniform_int_distribution<int> level(0, 6);
    row_major x(m, n);
    for (Eigen::Index i = 0; i < m; ++i)
        for (Eigen::Index j = 0; j < n; ++j) x(i, j) = with_ties && j % 2 ? double(level(g)) : u(g);
    return x;
}

std::vector<adva::objective> mixed_types(Eigen::Index n) {
    std::vector<adva::objective> t;
    for (Eigen::Index j = 0; j < n; ++j) t.push_back(j % 3 == 1 ? adva::objective::cost : adva::objective::benefit);
    return t;
}

bool same_bits(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(double) * std::size_t(a.size())) == 0;
}

// Row-major and column-major data take the same arithmetic in the same order, so their results
// are bitwise identical unless the compiler fuses a*b + c into one FMA in one loop and not in the
// other (targets with fast FMA, e.g. -march=native or ARM64; GCC's choice depends on the loop).
// There they agree to rounding.
bool same_results(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
#ifdef __FP_FAST_FMA
    return a.size() == b.size() && ((a - b).array().abs() <= 1e-13 * (1 + a.array().abs())).all();
#else
    return same_bits(a, b);
#endif
}

}  // namespace

TEST_CASE("radix rank order equals std::stable_sort, ties and signed zeros included", "[methods][ranking]") {
    std::mt19937_64 g(42);
    for (const Eigen::Index m : {Eigen::Index(255), Eigen::Index(256), Eigen::Index(3001), Eigen::Index(70000)}) {
        for (int kind = 0; kind < 8; ++kind) {
            Eigen::VectorXd s(m);
            for (Eigen::Index i = 0; i < m; ++i) {
                switch (kind) {
                    case 0: s[i] = std::uniform_real_distribution<double>(-1, 1)(g); break;
                    case 1: s[i] = double(std::uniform_int_distribution<int>(-3, 3)(g)); break;        // heavy ties
                    case 2: s[i] = i % 2 ? 0.0 : -0.0; break;                                         // -0 == +0
                    case 3: s[i] = 1.0 + double(std::uniform_int_distribution<int>(0, 40)(g)) * 1e-16; break;  // differ in the last bits only
                    case 4: s[i] = i == 7 ? -1e300 : 0.5 + std::ldexp(double(std::uniform_int_distribution<int>(0, 1 << 20)(g)), -60); break;
                    case 5: s[i] = i == 3 ? 1e6 : std::uniform_real_distribution<double>(0.38, 0.63)(g); break;  // an outlier
                    case 6: s[i] = std::round(std::uniform_real_distribution<double>(0, 100)(g)) / 4; break;     // few bits vary
                    case 7: {  // neighbours one ulp apart, and an outlier: keys equal in every packed bit
                        const double v = 0.25 + double(std::uniform_int_distribution<int>(0, 50)(g)) / 64;
                        s[i] = i == 11 ? -1e300 : (i % 3 ? v : std::nextafter(v, 2.0));
                        break;
                    }
                }
            }
            for (const auto order : {adva::rank_order::higher_is_better, adva::rank_order::lower_is_better}) {
                INFO("m = " << m << ", kind = " << kind << ", higher = " << (order == adva::rank_order::higher_is_better));
                REQUIRE(adva::detail::rank_order_indices(s, order) == stable_order(s, order));
                if (m <= 3001) REQUIRE(adva::competition_ranking(s, order) == naive_competition_ranks(s, order));
            }
        }
    }
}

TEST_CASE("column statistics: exact extremes, sums as a plain loop, both storage orders bit for bit", "[methods][passes]") {
    for (const auto& [m, n] : {std::pair<Eigen::Index, Eigen::Index>{1, 1}, {3, 5}, {17, 4}, {1029, 7}, {5000, 50}}) {
        const row_major x = random_matrix(m, n, unsigned(m * 31 + n), false);
        const Eigen::MatrixXd cm = x;
        const adva::detail::matrix_ref rm_ref{x.data(), m, n, n, 1};
        const auto a = adva::detail::stats_of(rm_ref);
        const auto b = adva::detail::stats_of(adva::detail::ref_of(cm));
        const auto extremes_only = adva::detail::stats_of<false, false>(rm_ref);
        const auto squares_only = adva::detail::stats_of<false, true>(rm_ref);
        const auto sum_only = adva::detail::stats_of<true, false>(rm_ref);
        INFO(m << " x " << n);
        for (Eigen::Index j = 0; j < n; ++j) {
            REQUIRE(a.lo[j] == cm.col(j).minCoeff());
            REQUIRE(a.hi[j] == cm.col(j).maxCoeff());
            REQUIRE(extremes_only.lo[j] == a.lo[j]);
            REQUIRE(extremes_only.hi[j] == a.hi[j]);
            REQUIRE((extremes_only.sum[j] == 0 && extremes_only.sumsq[j] == 0));
            REQUIRE((squares_only.sumsq[j] == a.sumsq[j] && squares_only.sum[j] == 0));
            REQUIRE((sum_only.sum[j] == a.sum[j] && sum_only.sumsq[j] == 0));
            double s = 0, q = 0;
            for (Eigen::Index i = 0; i < m; ++i) {
                s += cm(i, j);
                q += cm(i, j) * cm(i, j);
            }
            REQUIRE(a.sum[j] == Approx(s).epsilon(1e-12).margin(1e-9));
            REQUIRE(a.sumsq[j] == Approx(q).epsilon(1e-12));
        }
        REQUIRE(a.lo == b.lo);
        REQUIRE(a.hi == b.hi);
        REQUIRE(same_results(a.sum.transpose(), b.sum.transpose()));
        REQUIRE(same_results(a.sumsq.transpose(), b.sumsq.transpose()));
    }
}

TEST_CASE("TOPSIS and VIKOR: same results on row-major views and column-major matrices, same bits on any thread count",
          "[methods][passes]") {
    for (const auto& [m, n] : {std::pair<Eigen::Index, Eigen::Index>{2, 1}, {3, 5}, {9, 4}, {23, 6}, {1029, 7}, {5000, 50}}) {
        for (const bool ties : {false, true}) {
            const row_major x = random_matrix(m, n, unsigned(m + 7 * n + ties), ties);
            const auto types = mixed_types(n);
            Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(n, 1.0, 2.0);
            w /= w.sum();
            const adva::decision_matrix_view view(x.data(), m, n, types);
            const adva::decision_matrix dm(Eigen::MatrixXd(x), types);
            INFO(m << " x " << n << (ties ? " with ties" : ""));
            for (const auto norm : {adva::normalisation::vector, adva::normalisation::minmax, adva::normalisation::max}) {
                if (norm == adva::normalisation::max && x.minCoeff() <= 0) continue;
                const auto a = adva::topsis(view, w, {norm});
                const auto b = adva::topsis(dm, w, {norm});
                REQUIRE(same_results(a.closeness, b.closeness));
                REQUIRE(same_results(a.distance_to_ideal, b.distance_to_ideal));
#ifndef __FP_FAST_FMA
                REQUIRE(a.ranking == b.ranking);
#endif
                // Against the definition: distances from the normalised, weighted matrix.
                for (Eigen::Index i = 0; i < m; i += std::max<Eigen::Index>(1, m / 50)) {
                    double dp = 0;
                    for (Eigen::Index j = 0; j < n; ++j) {
                        const auto col = dm.values().col(j);
                        const bool cost = types[std::size_t(j)] == adva::objective::cost;
                        double scale = 1;
                        if (norm == adva::normalisation::vector) scale = 1 / col.norm();
                        if (norm == adva::normalisation::minmax) scale = col.maxCoeff() > col.minCoeff() ? 1 / (col.maxCoeff() - col.minCoeff()) : 0;
                        if (norm == adva::normalisation::max) scale = 1 / col.maxCoeff();
                        const double ideal = cost ? col.minCoeff() : col.maxCoeff();
                        const double d = (x(i, j) - ideal) * scale * w[j];
                        dp += d * d;
                    }
                    REQUIRE(a.distance_to_ideal[i] == Approx(std::sqrt(dp)).epsilon(1e-12).margin(1e-15));
                }
            }
            if (m >= 2) {
                const auto a = adva::vikor(view, w);
                const auto b = adva::vikor(dm, w);
                REQUIRE(same_results(a.S, b.S));
                REQUIRE(same_results(a.R, b.R));
                REQUIRE(same_results(a.Q, b.Q));
#ifndef __FP_FAST_FMA
                REQUIRE(a.compromise == b.compromise);
#endif
            }
            if (m * n >= (Eigen::Index(1) << 17)) {  // the parallel path, forced onto one thread
                const auto parallel = adva::topsis(view, w);
                const auto parallel_v = adva::vikor(view, w);
                tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
                REQUIRE(same_bits(adva::topsis(view, w).closeness, parallel.closeness));
                REQUIRE(same_bits(adva::vikor(view, w).Q, parallel_v.Q));
            }
        }
    }
}

TEST_CASE("TOPSIS, VIKOR, WSM and column statistics: the same bits on the AVX2 and the portable path", "[methods][passes][simd]") {
    // On a CPU without AVX2 both runs take the portable path and agree trivially; the build users
    // get (baseline x86-64) takes the AVX2 copy wherever the CPU has it.
    if (!adva::detail::use_avx2_kernels()) WARN("this CPU has no AVX2: only the portable path runs");
    struct portable_path {
        portable_path() { adva::detail::force_portable_kernels = true; }
        ~portable_path() { adva::detail::force_portable_kernels = false; }
    };
    for (const auto& [m, n] : {std::pair<Eigen::Index, Eigen::Index>{3, 5}, {23, 6}, {1029, 7}, {3001, 50}}) {
        const row_major x = random_matrix(m, n, unsigned(31 * m + n), false);
        const auto types = mixed_types(n);
        Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(n, 1.0, 3.0);
        w /= w.sum();
        const adva::decision_matrix_view view(x.data(), m, n, types);
        const adva::decision_matrix dm(Eigen::MatrixXd(x), types);
        INFO(m << " x " << n);
        for (const auto norm : {adva::normalisation::vector, adva::normalisation::minmax}) {
            const auto wide_view = adva::topsis(view, w, {norm}), wide = adva::topsis(dm, w, {norm});
            const auto wide_vikor = adva::vikor(view, w);
            const auto wide_wsm = adva::wsm(view, w, {norm}), wide_wsm_raw = adva::wsm(dm, w, {adva::normalisation::none});
            REQUIRE(same_bits(adva::wsm(dm, w, {norm}).scores, wide_wsm.scores));  // either storage order
            const adva::detail::matrix_ref rm_ref{x.data(), m, n, n, 1};
            const auto wide_stats = adva::detail::stats_of(rm_ref), wide_cm_stats = adva::detail::stats_of(adva::detail::ref_of(dm.values()));
            const portable_path forced;
            REQUIRE(same_bits(adva::topsis(view, w, {norm}).closeness, wide_view.closeness));
            REQUIRE(same_bits(adva::topsis(dm, w, {norm}).distance_to_anti_ideal, wide.distance_to_anti_ideal));
            REQUIRE(same_bits(adva::vikor(view, w).Q, wide_vikor.Q));
            REQUIRE(same_bits(adva::wsm(view, w, {norm}).scores, wide_wsm.scores));
            REQUIRE(same_bits(adva::wsm(dm, w, {adva::normalisation::none}).scores, wide_wsm_raw.scores));
            const auto portable_stats = adva::detail::stats_of(rm_ref);
            REQUIRE(same_bits(adva::detail::stats_of(adva::detail::ref_of(dm.values())).sum.transpose(), wide_cm_stats.sum.transpose()));
            REQUIRE(same_bits(portable_stats.sumsq.transpose(), wide_stats.sumsq.transpose()));
            REQUIRE(same_bits(portable_stats.lo.transpose(), wide_stats.lo.transpose()));
        }
    }
}

TEST_CASE("WSM in one pass equals the weighted sum of the normalised matrix, for every normalisation", "[methods][passes]") {
    for (const auto& [m, n] : {std::pair<Eigen::Index, Eigen::Index>{1, 3}, {9, 4}, {1500, 13}}) {
        const row_major x = random_matrix(m, n, unsigned(7 * m + n), true).array().abs() + 1.0;  // positive: every normalisation applies
        const auto types = mixed_types(n);
        Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(n, 2.0, 1.0);
        w /= w.sum();
        const adva::decision_matrix dm(Eigen::MatrixXd(x), types);
        const adva::decision_matrix_view view(x.data(), m, n, types);
        for (const auto norm : {adva::normalisation::vector, adva::normalisation::minmax, adva::normalisation::max,
                                adva::normalisation::sum, adva::normalisation::none}) {
            INFO(m << " x " << n << ", " << adva::to_string(norm));
            Eigen::VectorXd signed_w = w;  // raw values (none): cost criteria enter negated
            for (Eigen::Index j = 0; j < n; ++j)
                if (norm == adva::normalisation::none && types[std::size_t(j)] == adva::objective::cost) signed_w[j] = -w[j];
            const Eigen::VectorXd expected = adva::normalise(dm.values(), types, norm) * signed_w;
            const auto got = adva::wsm(dm, w, {norm});
            for (Eigen::Index i = 0; i < m; ++i) CHECK(got.scores[i] == Approx(expected[i]).epsilon(1e-13).margin(1e-14));
            CHECK(same_bits(adva::wsm(view, w, {norm}).scores, got.scores));
        }
    }
}

TEST_CASE("non-finite values are found in large matrices, first in column order, by every path", "[methods][errors]") {
    row_major x = random_matrix(4000, 50, 5, false);
    const auto types = mixed_types(50);
    const Eigen::VectorXd w = Eigen::VectorXd::Constant(50, 1.0 / 50);
    x.col(4).setConstant(1e300);  // finite, but its sum of squares overflows: not an error
    const adva::decision_matrix_view clean(x.data(), 4000, 50, types);
    REQUIRE_NOTHROW(adva::topsis(clean, w, {adva::normalisation::minmax}));
    REQUIRE_NOTHROW(adva::vikor(clean, w));
    REQUIRE_NOTHROW(adva::decision_matrix(Eigen::MatrixXd(x), types));

    x(3999, 3) = std::numeric_limits<double>::infinity();
    x(2500, 7) = std::numeric_limits<double>::quiet_NaN();
    x(10, 9) = -std::numeric_limits<double>::infinity();
    const adva::decision_matrix_view view(x.data(), 4000, 50, types);  // values are checked by the methods
    for (const auto norm : {adva::normalisation::vector, adva::normalisation::minmax, adva::normalisation::max, adva::normalisation::sum})
        REQUIRE_THROWS_MATCHES(adva::topsis(view, w, {norm}), adva::invalid_input, adva::testing::MessageContains("/matrix/3999/3"));
    REQUIRE_THROWS_MATCHES(adva::vikor(view, w), adva::invalid_input, adva::testing::MessageContains("/matrix/3999/3"));
    REQUIRE_THROWS_MATCHES(adva::wsm(view, w), adva::invalid_input, adva::testing::MessageContains("/matrix/3999/3"));
    REQUIRE_THROWS_MATCHES(view.to_matrix(), adva::invalid_input, adva::testing::MessageContains("/matrix/3999/3"));
    REQUIRE_THROWS_MATCHES(adva::decision_matrix(Eigen::MatrixXd(x), types), adva::invalid_input,
                           adva::testing::MessageContains("/matrix/3999/3"));

    row_major small = random_matrix(5, 3, 9, false);  // the sequential path, NaN alone (no infinity)
    small(2, 1) = std::numeric_limits<double>::quiet_NaN();
    const adva::decision_matrix_view small_view(small.data(), 5, 3, mixed_types(3));
    REQUIRE_THROWS_MATCHES(adva::vikor(small_view, Eigen::VectorXd::Constant(3, 1.0 / 3)), adva::invalid_input,
                           adva::testing::MessageContains("/matrix/2/1"));
}

TEST_CASE("statistics scratch: kept per thread, never shared by nested uses", "[methods][passes]") {
    double* first = nullptr;
    {
        const adva::detail::stats_workspace outer(1000);
        first = outer.data();
        const adva::detail::stats_workspace inner(1000);  // as a task run while the outer call waits
        REQUIRE(inner.data() != outer.data());
    }
    const adva::detail::stats_workspace again(500);
    REQUIRE(again.data() == first);  // the kept block is reused once free
    const adva::detail::stats_workspace large(std::size_t{1} << 20);
    REQUIRE(large.data() != first);
}
