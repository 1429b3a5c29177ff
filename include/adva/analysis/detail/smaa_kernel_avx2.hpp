#pragma once
// The AVX2 kernel of SMAA's fused first pass: groups of 16 samples, compiled with a target attribute
// and chosen at run time by fused_block, so baseline x86-64 builds use it too. The group layout is
// defined on every platform; the kernel itself only on x86.
#include <cstddef>
#include <cstdint>

#include <Eigen/Dense>

#include "adva/methods/simd.hpp"
#include "adva/analysis/detail/smaa_accumulate.hpp"
#include "adva/analysis/detail/smaa_kernel_portable.hpp"
#include "adva/analysis/detail/smaa_philox.hpp"
#include "adva/analysis/detail/smaa_sampling.hpp"
#include "adva/analysis/detail/smaa_types.hpp"
#if ADVA_X86
#include <immintrin.h>
#endif

namespace adva::detail {

/// Samples per group of the AVX2 kernel, and the largest A whose ranks fit its byte lanes.
inline constexpr Eigen::Index fused_group_samples = 16;
inline constexpr Eigen::Index fused_max_alternatives = 255;
static_assert(smaa_block_size % fused_group_samples == 0, "the AVX2 kernel fills whole blocks with groups");
static_assert(smaa_block_size / fused_group_samples <= 255, "a block's per-lane counts fit a byte");

/// Where sample j of an AVX2 group sits: slot v * 4 + l is lane l of double vector v. The order makes
/// the byte packing of the four vectors' 64-bit comparison masks (packs_epi32, then packs_epi16)
/// come out in sample order: bytes 2j and 2j + 1 (the two halves of sample j's mask) belong to
/// sample j, and 16-bit word j too.
inline constexpr int fused_slot_of_sample[fused_group_samples] = {0, 1, 4, 5, 8, 9, 12, 13, 2, 3, 6, 7, 10, 11, 14, 15};
inline constexpr int fused_sample_of_slot[fused_group_samples] = {0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15};
static_assert([] {
    for (int j = 0; j < fused_group_samples; ++j)
        if (fused_sample_of_slot[fused_slot_of_sample[j]] != j) return false;
    return true;
}(), "the slot tables are inverse permutations");

#if ADVA_X86
/// Utilities of R alternatives (rows v, v + C, ...) for the 16 samples of a group: R x 4 chains of
/// fused multiply-adds in criterion order.
template <int R>
ADVA_TARGET_AVX2_FMA inline void wide_utilities_avx2(const double* v, Eigen::Index c, const double* w, double* u) noexcept {
    __m256d acc[R][4];
    for (int r = 0; r < R; ++r)
        for (int q = 0; q < 4; ++q) acc[r][q] = _mm256_setzero_pd();
    for (Eigen::Index k = 0; k < c; ++k) {
        const double* wk = w + k * fused_group_samples;
        const __m256d w0 = _mm256_load_pd(wk), w1 = _mm256_load_pd(wk + 4), w2 = _mm256_load_pd(wk + 8), w3 = _mm256_load_pd(wk + 12);
        for (int r = 0; r < R; ++r) {
            const __m256d x = _mm256_broadcast_sd(v + r * c + k);
            acc[r][0] = _mm256_fmadd_pd(w0, x, acc[r][0]);
            acc[r][1] = _mm256_fmadd_pd(w1, x, acc[r][1]);
            acc[r][2] = _mm256_fmadd_pd(w2, x, acc[r][2]);
            acc[r][3] = _mm256_fmadd_pd(w3, x, acc[r][3]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int q = 0; q < 4; ++q) _mm256_store_pd(u + r * fused_group_samples + 4 * q, acc[r][q]);
}

/// Adds one sample's weights (a row, 32-byte aligned) to an alternative's central-weight sums.
/// (All three 32-byte aligned, padded to a multiple of 4 criteria; the padding adds zeros.)
ADVA_TARGET_AVX2_FMA inline void add_first_row_avx2(const double* row, Eigen::Index padded_c, double* sum, double* square) noexcept {
    for (Eigen::Index k = 0; k < padded_c; k += 4) {
        const __m256d x = _mm256_load_pd(row + k);
        _mm256_store_pd(sum + k, _mm256_add_pd(_mm256_load_pd(sum + k), x));
        _mm256_store_pd(square + k, _mm256_fmadd_pd(x, x, _mm256_load_pd(square + k)));
    }
}

/// Adds the rows of the samples in `samples` (bit 2j: sample j, whose row starts at rows + j * stride),
/// in sample order, to the sums of V vectors of criteria; the sums stay in registers across the
/// samples. (All 32-byte aligned.)
template <int V>
ADVA_TARGET_AVX2_FMA inline void add_first_rows_avx2(const double* rows, Eigen::Index stride, std::uint32_t samples, double* sum,
                                                 double* square) noexcept {
    __m256d s[V], q[V];
    for (int v = 0; v < V; ++v) {
        s[v] = _mm256_load_pd(sum + 4 * v);
        q[v] = _mm256_load_pd(square + 4 * v);
    }
    for (; samples != 0; samples &= samples - 1) {
        const double* row = rows + static_cast<Eigen::Index>(__builtin_ctz(samples) / 2) * stride;
        for (int v = 0; v < V; ++v) {
            const __m256d x = _mm256_load_pd(row + 4 * v);
            s[v] = _mm256_add_pd(s[v], x);
            q[v] = _mm256_fmadd_pd(x, x, q[v]);
        }
    }
    for (int v = 0; v < V; ++v) {
        _mm256_store_pd(sum + 4 * v, s[v]);
        _mm256_store_pd(square + 4 * v, q[v]);
    }
}

/// One criterion's exponentials of a group (e[h]: slots 8h..8h + 7) as doubles into its weight row,
/// added to the slot vectors' sums (criterion order, as the portable path).
ADVA_TARGET_AVX2_FMA inline void store_weight_row_avx2(const __m256* e, double* row, __m256d* sum) noexcept {
    for (int h = 0; h < 2; ++h) {
        const __m256d lo = _mm256_cvtps_pd(_mm256_castps256_ps128(e[h])), hi = _mm256_cvtps_pd(_mm256_extractf128_ps(e[h], 1));
        sum[2 * h] = _mm256_add_pd(sum[2 * h], lo);
        sum[2 * h + 1] = _mm256_add_pd(sum[2 * h + 1], hi);
        _mm256_store_pd(row + 8 * h, lo);
        _mm256_store_pd(row + 8 * h + 4, hi);
    }
}

/// 64-bit masks u_even > u_k in the low and u_odd > u_k in the high 32 bits of each lane (four slots).
ADVA_TARGET_AVX2_FMA inline __m256i greater_pair_avx2(__m256d uk, const double* even, const double* odd) noexcept {
    return _mm256_blend_epi32(_mm256_castpd_si256(_mm256_cmp_pd(uk, _mm256_load_pd(even), _CMP_LT_OQ)),
                              _mm256_castpd_si256(_mm256_cmp_pd(uk, _mm256_load_pd(odd), _CMP_LT_OQ)), 0xAA);
}

/// The AVX2 kernel on `groups` groups of 16 samples from `first` (rows 0.. of `block` unless the
/// weights are generated). Pairwise and rank counts go to per-lane byte counters (sc.pair_bytes,
/// sc.rank_bytes) and central-weight sums to sc.central_sums, which the caller adds up once per
/// block.
ADVA_TARGET_AVX2_FMA inline void fused_groups_avx2(const fused_problem& p, std::uint64_t first, Eigen::Index groups,
                                               const smaa_weight_block& block, smaa_scratch& sc) {
    const Eigen::Index a = p.a, c = p.c, cp = (c + 3) / 4 * 4;
    constexpr Eigen::Index g = fused_group_samples;
    double* w = sc.wide_weights.data();
    double* u = sc.wide_utilities.data();
    double* rows = sc.wide_rows.data();
    auto* ranks = reinterpret_cast<__m256i*>(sc.wide_ranks.data());
    auto* pairs = reinterpret_cast<__m256i*>(sc.pair_bytes.data());
    auto* histogram = reinterpret_cast<__m256i*>(sc.rank_bytes.data());
    const philox_round_keys_avx2 keys = philox_round_keys(p.key);
    const Eigen::Index calls = (c + 3) / 4;
    auto* words = reinterpret_cast<__m256i*>(sc.wide_words.data());  // 2 x calls x 4 Philox words
    // The samples of slots 8h..8h + 7, for the Philox lanes of half h.
    static constexpr std::uint32_t slot_samples[2][8] = {{0, 1, 8, 9, 2, 3, 10, 11}, {4, 5, 12, 13, 6, 7, 14, 15}};
    const __m256i one = _mm256_set1_epi8(1);
    const Eigen::Index pair_slots = (a + 1) / 2;
    std::uint32_t first_samples[fused_max_alternatives];  // per alternative, bit 2j: first in sample j
    // The block's central-weight sums, A x ceil4(C) (aligned; the caller adds them to st).
    double* central_sum = sc.central_sums.data();
    double* central_square = central_sum + a * cp;
    for (Eigen::Index group = 0; group < groups; ++group) {
        const std::uint64_t s0 = first + static_cast<std::uint64_t>(group * g);
        if (p.generate_uniform) {
            // All of the group's Philox words first (independent chains, so they overlap), then the
            // exponentials; half h holds slots 8h..8h + 7.
            for (int h = 0; h < 2; ++h)
                philox4x32_10_calls_avx2(s0, slot_samples[h], weight_stream, 0, calls, keys, words + h * 4 * calls);
            __m256d sum[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
            const __m256i* half0 = words;
            const __m256i* half1 = words + 4 * calls;
            // Four criteria (eight exponentials) in lockstep, then the rest.
            Eigen::Index k = 0;
            for (; k + 4 <= c; k += 4) {
                const __m256i in[8] = {half0[k],     half1[k],     half0[k + 1], half1[k + 1],
                                       half0[k + 2], half1[k + 2], half0[k + 3], half1[k + 3]};
                __m256 e[8];
                exponentials_from_words_avx2<8>(in, e);
                for (int q = 0; q < 4; ++q) store_weight_row_avx2(e + 2 * q, w + (k + q) * g, sum);
            }
            for (; k < c; ++k) {
                const __m256i in[2] = {half0[k], half1[k]};
                __m256 e[2];
                exponentials_from_words_avx2<2>(in, e);
                store_weight_row_avx2(e, w + k * g, sum);
            }
            __m256d inverse[4];
            for (int v = 0; v < 4; ++v) inverse[v] = _mm256_div_pd(_mm256_set1_pd(1.0), sum[v]);
            for (Eigen::Index q = 0; q < c; ++q)
                for (int v = 0; v < 4; ++v) _mm256_store_pd(w + q * g + 4 * v, _mm256_mul_pd(_mm256_load_pd(w + q * g + 4 * v), inverse[v]));
        } else {
            for (Eigen::Index j = 0; j < g; ++j)
                for (Eigen::Index k = 0; k < c; ++k) w[k * g + fused_slot_of_sample[j]] = block(group * g + j, k);
        }
        for (Eigen::Index i0 = 0; i0 < a;) {
            // Three alternatives at a time (12 chains of fused multiply-adds), but two and two rather
            // than three and one at the end: a single alternative has too few chains to fill the units.
            const Eigen::Index r = a - i0 == 4 ? 2 : std::min<Eigen::Index>(3, a - i0);
            const double* v = p.values + i0 * c;
            double* ui = u + i0 * g;
            switch (r) {
                case 3: wide_utilities_avx2<3>(v, c, w, ui); break;
                case 2: wide_utilities_avx2<2>(v, c, w, ui); break;
                default: wide_utilities_avx2<1>(v, c, w, ui); break;
            }
            i0 += r;
        }
        // Ranks and pairwise counts. The 64-bit masks "u_i > u_k" of alternatives i = 2q and 2q + 1
        // share one byte vector (byte 2j: sample j against i = 2q, byte 2j + 1: against 2q + 1), so one
        // byte subtraction counts 2 x 16 comparisons. u_k < u_k is false, so k needs no skipping; an
        // odd A compares against the padding row (-inf) as 2q + 1.
        __m256i first_index = _mm256_setzero_si256(), first_count = _mm256_setzero_si256();  // per sample (16-bit word j)
        for (Eigen::Index k = 0; k < a; ++k) {
            const double* uk = u + k * g;
            const __m256d k0 = _mm256_load_pd(uk), k1 = _mm256_load_pd(uk + 4), k2 = _mm256_load_pd(uk + 8), k3 = _mm256_load_pd(uk + 12);
            __m256i better = _mm256_setzero_si256();
            __m256i* pair_k = pairs + k * pair_slots;
            for (Eigen::Index q = 0; q < pair_slots; ++q) {
                const double* even = u + 2 * q * g;  // u_k < u_i, i.e. u_i > u_k
                const double* odd = even + g;
                const __m256i m = _mm256_packs_epi16(_mm256_packs_epi32(greater_pair_avx2(k0, even, odd), greater_pair_avx2(k1, even + 4, odd + 4)),
                                                     _mm256_packs_epi32(greater_pair_avx2(k2, even + 8, odd + 8), greater_pair_avx2(k3, even + 12, odd + 12)));
                better = _mm256_sub_epi8(better, m);
                _mm256_store_si256(pair_k + q, _mm256_sub_epi8(_mm256_load_si256(pair_k + q), m));
            }
            // Rank of k in sample j = byte 2j + byte 2j + 1, as 16-bit word j.
            const __m256i rank = _mm256_maddubs_epi16(better, one);
            _mm256_store_si256(ranks + k, rank);
            const __m256i is_first = _mm256_cmpeq_epi16(rank, _mm256_setzero_si256());
            first_samples[k] = static_cast<std::uint32_t>(_mm256_movemask_epi8(is_first)) & 0x55555555u;  // bit 2j: sample j
            first_index = _mm256_or_si256(first_index, _mm256_and_si256(is_first, _mm256_set1_epi16(static_cast<short>(k))));
            first_count = _mm256_sub_epi16(first_count, is_first);
        }
        // Rank histogram of alternatives 2p and 2p + 1 in one byte vector (bytes 0-7 and 16-23: 2p,
        // 8-15 and 24-31: 2p + 1); the padding rank 255 of an odd A matches no rank.
        for (Eigen::Index pk = 0; pk < pair_slots; ++pk) {
            const __m256i second = 2 * pk + 1 < a ? _mm256_load_si256(ranks + 2 * pk + 1) : _mm256_set1_epi16(255);
            const __m256i rank = _mm256_packus_epi16(_mm256_load_si256(ranks + 2 * pk), second);
            __m256i* hk = histogram + pk * a;
            __m256i r = _mm256_setzero_si256();
            for (Eigen::Index q = 0; q < a; ++q) {
                _mm256_store_si256(hk + q, _mm256_sub_epi8(_mm256_load_si256(hk + q), _mm256_cmpeq_epi8(rank, r)));
                r = _mm256_add_epi8(r, one);
            }
        }
        // Each sample's weights as a contiguous row (4 x 4 transposes), for the central-weight sums.
        for (Eigen::Index v = 0; v < 4; ++v) {
            double* dst0 = rows + fused_sample_of_slot[4 * v] * cp;
            double* dst1 = rows + fused_sample_of_slot[4 * v + 1] * cp;
            double* dst2 = rows + fused_sample_of_slot[4 * v + 2] * cp;
            double* dst3 = rows + fused_sample_of_slot[4 * v + 3] * cp;
            for (Eigen::Index k0 = 0; k0 < cp; k0 += 4) {
                const double* src = w + k0 * g + 4 * v;
                const __m256d r0 = _mm256_load_pd(src), r1 = _mm256_load_pd(src + g);
                const __m256d r2 = _mm256_load_pd(src + 2 * g), r3 = _mm256_load_pd(src + 3 * g);
                const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
                const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
                _mm256_store_pd(dst0 + k0, _mm256_permute2f128_pd(t0, t2, 0x20));
                _mm256_store_pd(dst1 + k0, _mm256_permute2f128_pd(t1, t3, 0x20));
                _mm256_store_pd(dst2 + k0, _mm256_permute2f128_pd(t0, t2, 0x31));
                _mm256_store_pd(dst3 + k0, _mm256_permute2f128_pd(t1, t3, 0x31));
            }
        }
        // Central-weight sums, each alternative's samples in sample order (rows and sums are padded to
        // ceil4(C) criteria with zeros). Usually every sample has one first alternative: its row goes
        // straight into that alternative's sums, with no branch on which alternatives won (several win
        // a group of 16, so such branches mispredict). A group with a tie for first goes alternative
        // by alternative.
        if (_mm256_movemask_epi8(_mm256_cmpgt_epi16(first_count, _mm256_set1_epi16(1))) == 0) {
            alignas(32) std::uint16_t first_of[fused_group_samples];
            _mm256_store_si256(reinterpret_cast<__m256i*>(first_of), first_index);
            for (Eigen::Index j = 0; j < g; ++j) add_first_row_avx2(rows + j * cp, cp, central_sum + first_of[j] * cp, central_square + first_of[j] * cp);
            continue;
        }
        for (Eigen::Index k = 0; k < a; ++k) {
            const std::uint32_t samples = first_samples[k];
            if (samples == 0) continue;
            double* sum = central_sum + k * cp;
            double* square = central_square + k * cp;
            Eigen::Index k0 = 0;  // up to 24 criteria at a time: 12 accumulators in registers
            for (; k0 + 24 <= cp; k0 += 24) add_first_rows_avx2<6>(rows + k0, cp, samples, sum + k0, square + k0);
            switch ((cp - k0) / 4) {
                case 5: add_first_rows_avx2<5>(rows + k0, cp, samples, sum + k0, square + k0); break;
                case 4: add_first_rows_avx2<4>(rows + k0, cp, samples, sum + k0, square + k0); break;
                case 3: add_first_rows_avx2<3>(rows + k0, cp, samples, sum + k0, square + k0); break;
                case 2: add_first_rows_avx2<2>(rows + k0, cp, samples, sum + k0, square + k0); break;
                case 1: add_first_rows_avx2<1>(rows + k0, cp, samples, sum + k0, square + k0); break;
                default: break;
            }
        }
    }
}

/// The sum of the 32 unsigned bytes of v.
ADVA_TARGET_AVX2_FMA inline std::int64_t byte_total_avx2(__m256i v) noexcept {
    const __m256i sums = _mm256_sad_epu8(v, _mm256_setzero_si256());
    const __m128i half = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
    return _mm_cvtsi128_si64(half) + _mm_extract_epi64(half, 1);
}

/// Adds a block's pairwise byte counters to the 64-bit counts: counter (k, q) holds u_i > u_k for
/// i = 2q in its even bytes and i = 2q + 1 in its odd bytes.
ADVA_TARGET_AVX2_FMA inline void add_pair_bytes_avx2(const std::uint8_t* lanes, Eigen::Index a, std::int64_t* pair) noexcept {
    const Eigen::Index slots = (a + 1) / 2;
    for (Eigen::Index k = 0; k < a; ++k)
        for (Eigen::Index q = 0; q < slots; ++q) {
            const __m256i v = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes) + k * slots + q);
            pair[2 * q * a + k] += byte_total_avx2(_mm256_and_si256(v, _mm256_set1_epi16(0x00FF)));
            if (2 * q + 1 < a) pair[(2 * q + 1) * a + k] += byte_total_avx2(_mm256_srli_epi16(v, 8));
        }
}

/// Adds a block's rank byte counters to the 64-bit counts: counter (p, r) holds rank r + 1 of
/// alternative 2p in bytes 0-7 and 16-23 and of 2p + 1 in bytes 8-15 and 24-31.
ADVA_TARGET_AVX2_FMA inline void add_rank_bytes_avx2(const std::uint8_t* lanes, Eigen::Index a, std::int64_t* rank) noexcept {
    const Eigen::Index slots = (a + 1) / 2;
    for (Eigen::Index pk = 0; pk < slots; ++pk)
        for (Eigen::Index r = 0; r < a; ++r) {
            alignas(32) std::int64_t sums[4];  // bytes 0-7, 8-15, 16-23, 24-31
            _mm256_store_si256(reinterpret_cast<__m256i*>(sums),
                               _mm256_sad_epu8(_mm256_load_si256(reinterpret_cast<const __m256i*>(lanes) + pk * a + r), _mm256_setzero_si256()));
            rank[2 * pk * a + r] += sums[0] + sums[2];
            if (2 * pk + 1 < a) rank[(2 * pk + 1) * a + r] += sums[1] + sums[3];
        }
}
#endif

}  // namespace adva::detail
