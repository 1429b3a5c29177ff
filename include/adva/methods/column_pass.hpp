#pragma once
// The two streaming passes shared by TOPSIS and VIKOR over a detail::matrix_ref of either storage
// order: per-column statistics (one pass), then per-row accumulation over the columns in index
// order (one pass). Both read the data in place, never a copy of the matrix.
//
// Rows are cut into fixed chunks, the unit of parallel work; partial results are combined in chunk
// order, so results do not depend on the thread count (bit for bit). Every floating-point sum is
// taken in one fixed order whatever the storage order: a column statistic accumulates in four lanes
// (row i of a chunk goes to lane i % 4, rows in increasing order) and the lanes are combined chunk
// by chunk; a row accumulates over j in index order. Only the loads differ: column-major data is
// read four rows at a time, row-major data four columns at a time and transposed in registers. So
// both storage orders give the same bits, except where the compiler fuses a*b + c into an FMA in
// one loop and not the other (FMA targets such as -march=native; then they agree to rounding).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <Eigen/Dense>
#include <tbb/parallel_for.h>

#include "adva/methods/decision_matrix.hpp"
#include "adva/methods/detail/scratch.hpp"
#include "adva/methods/simd.hpp"

namespace adva::detail {

inline constexpr Eigen::Index chunk_rows = 1024;   ///< rows per parallel task (a multiple of 32)
inline constexpr Eigen::Index parallel_cells = Eigen::Index(1) << 17;  ///< below this, one thread (TBB costs more than it saves)
inline constexpr int lanes = 4;                    ///< partial sums per column (row i goes to lane i % 4 of its chunk)

inline Eigen::Index chunk_count(Eigen::Index m) { return (m + chunk_rows - 1) / chunk_rows; }

/// Four doubles as one value (GCC/Clang vector extension): one AVX register where the target has
/// AVX, two SSE2 registers on baseline x86-64 and ARM64. Lane-wise arithmetic is IEEE arithmetic
/// on each lane, exactly as on scalars (no -ffast-math is needed or assumed). Values of this type
/// are only ever passed by reference: by value, a 32-byte vector changes the calling convention
/// between AVX and baseline builds (GCC's -Wpsabi), which a header must not impose on its users.
typedef double lane4 __attribute__((vector_size(4 * sizeof(double))));
/// Loads and stores of four doubles at any address aligned for double (matrix data). memcpy, not
/// an under-aligned vector type: Clang keeps a vector typedef's natural 32-byte alignment despite
/// aligned(8) and emits aligned moves that fault on such addresses; memcpy compiles to one
/// unaligned move on every compiler. (Out-parameters: see lane4.)
inline void load4(lane4& v, const double* p) noexcept { std::memcpy(&v, p, sizeof v); }
inline void store4(double* p, const lane4& v) noexcept { std::memcpy(p, &v, sizeof v); }
/// acc = min(acc, v) lane by lane, keeping acc on ties as the scalar form `v < acc ? v : acc`.
inline void keep_min(lane4& acc, const lane4& v) noexcept { acc = v < acc ? v : acc; }
inline void keep_max(lane4& acc, const lane4& v) noexcept { acc = v > acc ? v : acc; }

/// Calls f(chunk, first_row, end_row) for every chunk, in parallel when the matrix is large, each
/// call on the widest instruction set the CPU has (run_dispatched: the same bits on every path).
template <class F>
void for_chunks(const matrix_ref& x, F&& f) {
    const Eigen::Index chunks = chunk_count(x.rows);
    auto one = [&](Eigen::Index c) {
        run_dispatched([&] { f(c, c * chunk_rows, std::min(x.rows, (c + 1) * chunk_rows)); });
    };
    if (chunks > 1 && x.rows * x.cols >= parallel_cells)
        tbb::parallel_for(Eigen::Index(0), chunks, one);
    else
        for (Eigen::Index c = 0; c < chunks; ++c) one(c);
}

/// Per-column minimum, maximum and (when asked for) sum and sum of squares.
struct column_stats {
    Eigen::RowVectorXd lo, hi, sum, sumsq;
};

/// Scratch for the per-chunk partial statistics (see thread_scratch).
using stats_workspace = thread_scratch<double, std::size_t{1} << 16>;

/// Column statistics in one pass. The extremes are always computed; the sum and the sum of squares
/// only when asked for (each costs arithmetic on every value), else they are left at 0.
template <bool with_sum = true, bool with_sumsq = true>
column_stats stats_of(const matrix_ref& x) {
    static_assert(lanes == 4 && chunk_rows % 32 == 0);
    const Eigen::Index n = x.cols, chunks = chunk_count(x.rows);
    // Partial results per chunk, statistic (lo, hi, sum, sum of squares) and lane, each a row of n
    // columns padded to np and 64-byte aligned, so no access to them straddles a cache line:
    // parts[((c * 4 + stat) * lanes + lane) * np + j].
    const Eigen::Index np = (n + 7) / 8 * 8;
    const stats_workspace scratch(std::size_t(chunks * 4 * lanes * np + 8));  // every chunk initialises its own part
    double* const parts = scratch.data() + (8 - reinterpret_cast<std::uintptr_t>(scratch.data()) / sizeof(double) % 8) % 8;
    for_chunks(x, [&](Eigen::Index c, Eigen::Index first, Eigen::Index last) {
        double* lo = parts + c * 4 * lanes * np;
        double *hi = lo + lanes * np, *sm = hi + lanes * np, *sq = sm + lanes * np;
        for (int t = 0; t < lanes; ++t)
            for (Eigen::Index j = 0; j < np; ++j) {  // the padding columns [n, np) too: vector loads read them
                lo[t * np + j] = hi[t * np + j] = j < n ? x(first, j) : 0.0;
                sm[t * np + j] = sq[t * np + j] = 0;
            }
        auto scalar = [&](Eigen::Index i, Eigen::Index j) {  // row i into lane (i - first) % 4
            const double v = x(i, j);
            const Eigen::Index k = ((i - first) % lanes) * np + j;
            lo[k] = v < lo[k] ? v : lo[k];
            hi[k] = v > hi[k] ? v : hi[k];
            if constexpr (with_sum) sm[k] += v;
            if constexpr (with_sumsq) sq[k] += v * v;
        };
        if (x.column_major()) {
            for (Eigen::Index j = 0; j < n; ++j) {
                const double* p = x.data + first + j * x.col_stride;
                lane4 l = {lo[j], lo[np + j], lo[2 * np + j], lo[3 * np + j]}, h = l, s = {0, 0, 0, 0}, q = s;
                Eigen::Index i = first;
                for (; i + 4 <= last; i += 4) {  // lanes = rows i .. i + 3
                    lane4 v;
                    load4(v, p + (i - first));
                    keep_min(l, v);
                    keep_max(h, v);
                    if constexpr (with_sum) s += v;
                    if constexpr (with_sumsq) q += v * v;
                }
                for (int t = 0; t < lanes; ++t) {
                    lo[t * np + j] = l[t];
                    hi[t * np + j] = h[t];
                    sm[t * np + j] = s[t];
                    sq[t * np + j] = q[t];
                }
                for (; i < last; ++i) scalar(i, j);
            }
            return;
        }
        // Row-major: lanes = four adjacent columns. Rows are read in storage order; the eight rows
        // i, i + 4, ..., i + 28 share lane accumulators, so each is loaded and stored once per 32 rows.
        // The last n % 4 columns are read as a whole vector too, running into the next row: the
        // extra lanes land in the padding columns [n, np) of the accumulators, which are never
        // read. Only the matrix's last row has no next row: its group does them value by value.
        const Eigen::Index n4 = n - n % 4, nv = n % 4 ? n4 + 4 : n4;
        Eigen::Index i0 = first;
        for (; i0 + 32 <= last; i0 += 32) {
            const Eigen::Index vector_cols = i0 + 32 < x.rows ? nv : n4;
            for (int t = 0; t < lanes; ++t) {
                const double* row = x.data + (i0 + t) * x.row_stride;
                const Eigen::Index next = lanes * x.row_stride;  // the next row of the same lane
                const Eigen::Index k = t * np;
                for (Eigen::Index j = 0; j < vector_cols; j += 4) {
                    lane4 l, h, sv, qv;
                    load4(l, lo + k + j);
                    load4(h, hi + k + j);
                    load4(sv, sm + k + j);
                    load4(qv, sq + k + j);
                    for (int r = 0; r < 8; ++r) {
                        lane4 v;
                        load4(v, row + r * next + j);
                        keep_min(l, v);
                        keep_max(h, v);
                        if constexpr (with_sum) sv += v;
                        if constexpr (with_sumsq) qv += v * v;
                    }
                    store4(lo + k + j, l);
                    store4(hi + k + j, h);
                    if constexpr (with_sum) store4(sm + k + j, sv);
                    if constexpr (with_sumsq) store4(sq + k + j, qv);
                }
                for (Eigen::Index j = vector_cols; j < n; ++j)
                    for (int r = 0; r < 8; ++r) scalar(i0 + t + r * lanes, j);
            }
        }
        for (Eigen::Index i = i0; i < last; ++i)
            for (Eigen::Index j = 0; j < n; ++j) scalar(i, j);
    });
    column_stats st{Eigen::RowVectorXd(n), Eigen::RowVectorXd(n), Eigen::RowVectorXd(n), Eigen::RowVectorXd(n)};
    for (Eigen::Index j = 0; j < n; ++j) {
        double lo = parts[j], hi = lo, s = 0, q = 0;
        for (Eigen::Index c = 0; c < chunks; ++c)
            for (int t = 0; t < lanes; ++t) {
                const double* p = parts + c * 4 * lanes * np + t * np + j;
                lo = std::min(lo, p[0]);
                hi = std::max(hi, p[lanes * np]);
                s += p[2 * lanes * np];
                q += p[3 * lanes * np];
            }
        st.lo[j] = lo;
        st.hi[j] = hi;
        st.sum[j] = s;
        st.sumsq[j] = q;
    }
    return st;
}

/// The statistics a kernel needs.
struct stats_needed {
    bool sum = false, sumsq = false;
};

/// Column statistics for a kernel. Values that were not checked at construction (a
/// decision_matrix_view) are checked here at no extra pass: a sum (or sum of squares) is computed
/// anyway, and one that is not finite sends the matrix to check_finite, which throws for the first
/// non-finite value in column order (or finds none: finite values whose sum overflowed, and the
/// kernel goes on).
inline column_stats kernel_stats(const matrix_ref& x, stats_needed need, bool values_checked) {
    if (!values_checked && !need.sumsq) need.sum = true;
    column_stats st = need.sum ? (need.sumsq ? stats_of<true, true>(x) : stats_of<true, false>(x))
                               : (need.sumsq ? stats_of<false, true>(x) : stats_of<false, false>(x));
    if (!values_checked && !(st.sum.allFinite() && st.sumsq.allFinite())) check_finite(x);
    return st;
}

/// Per column the factor of prescale_factor(max |x|) when some column needs one (an empty vector
/// when none does: the common case, with no extra work), and then `st` rescaled to describe
/// x * factor: extremes multiplied, sums (as `need` asks) recomputed row by row in index order.
inline Eigen::RowVectorXd prescale_columns(const matrix_ref& x, column_stats& st, stats_needed need) {
    const Eigen::Index n = x.cols;
    Eigen::RowVectorXd factor(n);
    bool any = false;
    for (Eigen::Index j = 0; j < n; ++j) {
        factor[j] = prescale_factor(std::max(-st.lo[j], st.hi[j]));
        any = any || factor[j] != 1.0;
    }
    if (!any) return {};
    std::vector<Eigen::Index> scaled;
    for (Eigen::Index j = 0; j < n; ++j)
        if (factor[j] != 1.0) {
            scaled.push_back(j);
            st.lo[j] *= factor[j];
            st.hi[j] *= factor[j];
            st.sum[j] = st.sumsq[j] = 0;
        }
    if (need.sum || need.sumsq)
        for (Eigen::Index i = 0; i < x.rows; ++i)
            for (const Eigen::Index j : scaled) {
                const double y = x(i, j) * factor[j];
                st.sum[j] += y;
                st.sumsq[j] += y * y;
            }
    return factor;
}

/// Rows i .. i + count - 1 of column j as one value; lanes past `count` hold 0.
inline void rows_of_column(const matrix_ref& x, Eigen::Index i, Eigen::Index j, Eigen::Index count, lane4& v) noexcept {
    v = lane4{0, 0, 0, 0};
    for (Eigen::Index t = 0; t < count; ++t) v[t] = x(i + t, j);
}

/// Columns j .. j + 3 of rows i .. i + 3 of row-major data, as four columns of four rows.
inline void transposed_block(const matrix_ref& x, Eigen::Index i, Eigen::Index j, lane4 out[4]) noexcept {
    const double* p = x.data + i * x.row_stride + j;
    lane4 r0, r1, r2, r3;
    load4(r0, p);
    load4(r1, p + x.row_stride);
    load4(r2, p + 2 * x.row_stride);
    load4(r3, p + 3 * x.row_stride);
    const lane4 a = __builtin_shufflevector(r0, r1, 0, 4, 2, 6), b = __builtin_shufflevector(r0, r1, 1, 5, 3, 7);
    const lane4 c = __builtin_shufflevector(r2, r3, 0, 4, 2, 6), d = __builtin_shufflevector(r2, r3, 1, 5, 3, 7);
    out[0] = __builtin_shufflevector(a, c, 0, 1, 4, 5);
    out[1] = __builtin_shufflevector(b, d, 0, 1, 4, 5);
    out[2] = __builtin_shufflevector(a, c, 2, 3, 6, 7);
    out[3] = __builtin_shufflevector(b, d, 2, 3, 6, 7);
}

/// The row pass: for consecutive groups of four rows i of [first, last), calls step(acc, j, v) for
/// j = 0 .. n-1 in order with v = x(i .. i+3, j) (lanes past `last` hold 0), starting from
/// acc = init, then done(i, count, acc). Two groups are in flight at a time, so their independent
/// dependency chains overlap in the pipeline.
template <class Acc, class Step, class Done>
void for_row_groups(const matrix_ref& x, Eigen::Index first, Eigen::Index last, const Acc& init, Step&& step, Done&& done) {
    const Eigen::Index n = x.cols, n4 = n - n % 4;
    Eigen::Index i = first;
    for (; i + 8 <= last; i += 8) {
        Acc a = init, b = init;
        if (x.column_major()) {
            for (Eigen::Index j = 0; j < n; ++j) {
                const double* p = x.data + i + j * x.col_stride;
                lane4 va, vb;
                load4(va, p);
                load4(vb, p + 4);
                step(a, j, va);
                step(b, j, vb);
            }
        } else {
            for (Eigen::Index j = 0; j < n4; j += 4) {
                lane4 ca[4], cb[4];
                transposed_block(x, i, j, ca);
                transposed_block(x, i + 4, j, cb);
                for (int k = 0; k < 4; ++k) {
                    step(a, j + k, ca[k]);
                    step(b, j + k, cb[k]);
                }
            }
            if (n4 < n && i + 8 < x.rows) {  // the last n % 4 columns, reading into the next row (not past the matrix)
                lane4 ca[4], cb[4];
                transposed_block(x, i, n4, ca);
                transposed_block(x, i + 4, n4, cb);
                for (int k = 0; k < n - n4; ++k) {
                    step(a, n4 + k, ca[k]);
                    step(b, n4 + k, cb[k]);
                }
            } else {
                for (Eigen::Index j = n4; j < n; ++j) {
                    lane4 va, vb;
                    rows_of_column(x, i, j, 4, va);
                    rows_of_column(x, i + 4, j, 4, vb);
                    step(a, j, va);
                    step(b, j, vb);
                }
            }
        }
        done(i, Eigen::Index(4), a);
        done(i + 4, Eigen::Index(4), b);
    }
    for (; i < last; i += 4) {  // the last rows of the range, fewer than eight
        const Eigen::Index count = std::min<Eigen::Index>(4, last - i);
        Acc a = init;
        for (Eigen::Index j = 0; j < n; ++j) {
            lane4 v;
            rows_of_column(x, i, j, count, v);
            step(a, j, v);
        }
        done(i, count, a);
    }
}

}  // namespace adva::detail
