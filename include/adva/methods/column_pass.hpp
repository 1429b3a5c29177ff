#pragma once
// The two streaming passes shared by TOPSIS, VIKOR and WSM over a detail::matrix_ref of either
// storage order: per-column statistics (one pass), then per-row accumulation over the columns in
// index order (one pass). Rows are cut into fixed chunks (the unit of parallel work; partial sums
// are combined in chunk order, so results do not depend on the thread count) and chunks into
// blocks whose columns are contiguous: column-major data is used in place, row-major data is
// transposed block by block into a small buffer (never a copy of the matrix). Inner loops run over
// the rows of a block, independent lanes the compiler vectorises.
#include <algorithm>
#include <cstring>
#include <vector>

#include <Eigen/Dense>
#include <tbb/parallel_for.h>

#include "adva/methods/decision_matrix.hpp"

namespace adva::detail {

inline constexpr Eigen::Index chunk_rows = 1024;   ///< rows per parallel task (a multiple of block_rows)
inline constexpr Eigen::Index block_rows = 64;     ///< rows per transposed block of row-major data
inline constexpr Eigen::Index parallel_cells = Eigen::Index(1) << 17;  ///< below this, one thread (TBB costs more than it saves)
inline constexpr int lanes = 4;                    ///< partial sums per column (row i goes to lane i % 4 of its chunk)

inline Eigen::Index chunk_count(Eigen::Index m) { return (m + chunk_rows - 1) / chunk_rows; }

/// Two doubles as one value (GCC/Clang vector extension): native on every x86-64 (SSE2) and
/// ARM64 target, so per-lane min/max/sums vectorise without -ffast-math and without -march flags.
/// Four lanes are kept as two of these (a wider type is split badly on baseline targets).
typedef double lane2 __attribute__((vector_size(2 * sizeof(double))));
inline lane2 load2(const double* p) noexcept {
    lane2 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

/// Calls f(chunk, first_row, end_row) for every chunk, in parallel when the matrix is large.
template <class F>
void for_chunks(const matrix_ref& x, F&& f) {
    const Eigen::Index chunks = chunk_count(x.rows);
    auto one = [&](Eigen::Index c) { f(c, c * chunk_rows, std::min(x.rows, (c + 1) * chunk_rows)); };
    if (chunks > 1 && x.rows * x.cols >= parallel_cells)
        tbb::parallel_for(Eigen::Index(0), chunks, one);
    else
        for (Eigen::Index c = 0; c < chunks; ++c) one(c);
}

/// Calls f(i0, len, col) for consecutive row blocks of [first, last), where col(j) points to the
/// block's `len` values of column j, contiguous.
template <class F>
void for_blocks(const matrix_ref& x, Eigen::Index first, Eigen::Index last, F&& f) {
    if (x.column_major()) {
        f(first, last - first, [&](Eigen::Index j) { return x.data + first + j * x.col_stride; });
        return;
    }
    std::vector<double> buf(std::size_t(block_rows * x.cols));
    for (Eigen::Index i0 = first; i0 < last; i0 += block_rows) {
        const Eigen::Index len = std::min(block_rows, last - i0);
        Eigen::Index k = 0;
        for (; k + 4 <= len; k += 4) {  // four rows at a time: one 4-wide store per column
            const double* r0 = x.data + (i0 + k) * x.row_stride;
            const double *r1 = r0 + x.row_stride, *r2 = r1 + x.row_stride, *r3 = r2 + x.row_stride;
            for (Eigen::Index j = 0; j < x.cols; ++j) {
                const Eigen::Index o = j * x.col_stride;
                const lane2 v01{r0[o], r1[o]}, v23{r2[o], r3[o]};
                std::memcpy(buf.data() + j * block_rows + k, &v01, sizeof v01);
                std::memcpy(buf.data() + j * block_rows + k + 2, &v23, sizeof v23);
            }
        }
        for (; k < len; ++k) {
            const double* row = x.data + (i0 + k) * x.row_stride;
            for (Eigen::Index j = 0; j < x.cols; ++j) buf[std::size_t(j * block_rows + k)] = row[j * x.col_stride];
        }
        f(i0, len, [&](Eigen::Index j) { return buf.data() + j * block_rows; });
    }
}

/// Per-column minimum, maximum, sum and sum of squares.
struct column_stats {
    Eigen::RowVectorXd lo, hi, sum, sumsq;
};

inline column_stats stats_of(const matrix_ref& x) {
    static_assert(lanes == 4);
    const Eigen::Index n = x.cols, chunks = chunk_count(x.rows);
    struct partial {  // per chunk and column: lanes (0 1 | 2 3) of min, max, sum, sum of squares
        lane2 lo[2], hi[2], s[2], q[2];
    };
    std::vector<partial> parts(std::size_t(chunks * n));
    for_chunks(x, [&](Eigen::Index c, Eigen::Index first, Eigen::Index last) {
        partial* pc = parts.data() + c * n;
        for (Eigen::Index j = 0; j < n; ++j) {
            const double v = x(first, j);
            const lane2 vv{v, v}, z{0, 0};
            pc[j] = {{vv, vv}, {vv, vv}, {z, z}, {z, z}};
        }
        for_blocks(x, first, last, [&](Eigen::Index, Eigen::Index len, auto col) {
            for (Eigen::Index j = 0; j < n; ++j) {
                const double* p = col(j);
                partial a = pc[j];
                Eigen::Index k = 0;
                for (; k + 4 <= len; k += 4)
                    for (int h = 0; h < 2; ++h) {
                        const lane2 v = load2(p + k + 2 * h);
                        a.lo[h] = v < a.lo[h] ? v : a.lo[h];
                        a.hi[h] = v > a.hi[h] ? v : a.hi[h];
                        a.s[h] += v;
                        a.q[h] += v * v;
                    }
                for (int t = 0; k < len; ++k, ++t) {  // blocks start at multiples of 4 rows: row k is lane t
                    const double v = p[k];
                    lane2 &lo = a.lo[t / 2], &hi = a.hi[t / 2], &sm = a.s[t / 2], &sq = a.q[t / 2];
                    lo[t % 2] = v < lo[t % 2] ? v : lo[t % 2];
                    hi[t % 2] = v > hi[t % 2] ? v : hi[t % 2];
                    sm[t % 2] += v;
                    sq[t % 2] += v * v;
                }
                pc[j] = a;
            }
        });
    });
    column_stats st{Eigen::RowVectorXd(n), Eigen::RowVectorXd(n), Eigen::RowVectorXd(n), Eigen::RowVectorXd(n)};
    for (Eigen::Index j = 0; j < n; ++j) {
        double lo = parts[std::size_t(j)].lo[0][0], hi = lo, s = 0, q = 0;
        for (Eigen::Index c = 0; c < chunks; ++c) {
            const partial& a = parts[std::size_t(c * n + j)];
            for (int t = 0; t < lanes; ++t) {
                lo = std::min(lo, a.lo[t / 2][t % 2]);
                hi = std::max(hi, a.hi[t / 2][t % 2]);
                s += a.s[t / 2][t % 2];
                q += a.q[t / 2][t % 2];
            }
        }
        st.lo[j] = lo;
        st.hi[j] = hi;
        st.sum[j] = s;
        st.sumsq[j] = q;
    }
    return st;
}

}  // namespace adva::detail
