#pragma once
// Counter-based random numbers for SMAA: Philox4x32-10 (Random123), evaluated for 8 consecutive
// sample indices at once, and the standard exponential made from one 32-bit word. The stream is
// exactly r123::Philox4x32 (tests compare word for word); the AVX2 path only evaluates eight
// counters side by side. It is compiled with a target attribute and chosen at run time, so builds
// without -march=native (the library, the CLI, the bindings) use it too. Not API.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

#include <Eigen/Dense>
#include <Random123/philox.h>

#include "adva/methods/simd.hpp"
#if ADVA_X86
#include <immintrin.h>
#endif

namespace adva::detail {

using philox_key = std::array<std::uint32_t, 2>;

inline constexpr int philox_lanes = 8;

inline philox_key philox_key_from_seed(std::uint64_t seed) noexcept {
    return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
}

/// A seed for an independent stream family tagged `tag` (SplitMix64 of seed and tag): a sampler
/// whose counters have another layout (hit-and-run's (step, chain, call)) keys its own Philox with
/// it, so that none of its counters meets one of the run's (sample, stream, call).
inline std::uint64_t derived_seed(std::uint64_t seed, std::uint64_t tag) noexcept {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (tag + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

inline void philox4x32_10_x8_scalar(std::uint64_t first, std::uint32_t stream, std::uint32_t call, philox_key key,
                                    std::uint32_t* out) noexcept {
    r123::Philox4x32 generator;
    const r123::Philox4x32::key_type k = {{key[0], key[1]}};
    for (int j = 0; j < philox_lanes; ++j) {
        const std::uint64_t s = first + static_cast<std::uint64_t>(j);
        const r123::Philox4x32::ctr_type c = {
            {static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32), stream, call}};
        const auto r = generator(c, k);
        for (int w = 0; w < 4; ++w) out[w * philox_lanes + j] = r[w];
    }
}

#if ADVA_X86
/// The round keys of Philox4x32-10 for `key`, broadcast to every lane: keys[2r] and keys[2r + 1] are
/// the two key words of round r. Computed once per block instead of once per evaluation.
struct philox_round_keys_avx2 {
    __m256i word[20];
};

ADVA_TARGET_AVX2_FMA inline philox_round_keys_avx2 philox_round_keys(philox_key key) noexcept {
    philox_round_keys_avx2 keys;
    std::uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; ++round) {
        keys.word[2 * round] = _mm256_set1_epi32(static_cast<int>(k0));
        keys.word[2 * round + 1] = _mm256_set1_epi32(static_cast<int>(k1));
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
    return keys;
}

/// One Philox4x32-10 round on four counters, each 32-bit word in the low half of a 64-bit lane. The
/// high halves carry garbage that nothing reads (the multiply takes low halves, the output is packed
/// from low halves), so a round is two multiplies, two shifts and four xors.
ADVA_TARGET_AVX2_FMA inline void philox_round_x4(__m256i& x0, __m256i& x1, __m256i& x2, __m256i& x3, __m256i k0, __m256i k1) noexcept {
    const __m256i p0 = _mm256_mul_epu32(x0, _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_0)));
    const __m256i p1 = _mm256_mul_epu32(x2, _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_1)));
    x0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), x1), k0);
    x2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), x3), k1);
    x1 = p1;
    x3 = p0;
}

/// Philox4x32-10 words of `calls` consecutive calls for eight counters: out[call * 4 + w], lane j, is
/// word w of Philox4x32-10({s_j, s_j >> 32, stream, first_call + call}, key) with
/// s_j = first + lane_offset[j]. The counters differ between calls only in the call word, so the
/// parts of rounds 1 to 3 that do not depend on it are computed once for all calls.
ADVA_TARGET_AVX2_FMA inline void philox4x32_10_calls_avx2(std::uint64_t first, const std::uint32_t* lane_offset, std::uint32_t stream,
                                                      std::uint32_t first_call, Eigen::Index calls, const philox_round_keys_avx2& keys,
                                                      __m256i* out) noexcept {
    const __m256i m1 = _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_1));
    const __m256i* k = keys.word;  // k[2r], k[2r + 1]: round r
    // Lanes 0, 2, 4, 6 of the output in vector 0, lanes 1, 3, 5, 7 in vector 1 (four 64-bit lanes each).
    __m256i t[2], u[2], v[2], w[2], a1[2];
    for (int h = 0; h < 2; ++h) {
        const __m256i s = _mm256_add_epi64(_mm256_set1_epi64x(static_cast<long long>(first)),
                                           _mm256_setr_epi64x(lane_offset[h], lane_offset[h + 2], lane_offset[h + 4], lane_offset[h + 6]));
        // Round 0: x0 = s, x1 = s >> 32, x2 = stream, x3 = call.
        const __m256i p0 = _mm256_mul_epu32(s, _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_0)));
        const __m256i p1 = _mm256_mul_epu32(_mm256_set1_epi32(static_cast<int>(stream)), m1);
        const __m256i y0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), _mm256_srli_epi64(s, 32)), k[0]);
        t[h] = _mm256_xor_si256(_mm256_srli_epi64(p0, 32), k[1]);  // y2 = t ^ call
        const __m256i y1 = p1, y3 = p0;
        // Round 1: the product of y0 is common; y2's is per call.
        u[h] = _mm256_xor_si256(y1, k[2]);  // z0 = hi(y2 m1) ^ u
        const __m256i q0 = _mm256_mul_epu32(y0, _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_0)));
        const __m256i z2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(q0, 32), y3), k[3]);
        const __m256i z3 = q0;
        // Round 2: the product of z2 is common; z0's is per call.
        const __m256i r1 = _mm256_mul_epu32(z2, m1);
        v[h] = _mm256_xor_si256(_mm256_srli_epi64(r1, 32), k[4]);  // a0 = v ^ z1
        w[h] = _mm256_xor_si256(z3, k[5]);                         // a2 = hi(z0 m0) ^ w
        a1[h] = r1;
    }
    for (Eigen::Index call = 0; call < calls; ++call) {
        const __m256i c = _mm256_set1_epi32(static_cast<int>(first_call + static_cast<std::uint32_t>(call)));
        __m256i x[2][4];
        for (int h = 0; h < 2; ++h) {
            const __m256i q1 = _mm256_mul_epu32(_mm256_xor_si256(t[h], c), m1);
            const __m256i z0 = _mm256_xor_si256(_mm256_srli_epi64(q1, 32), u[h]), z1 = q1;
            const __m256i r0 = _mm256_mul_epu32(z0, _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_0)));
            x[h][0] = _mm256_xor_si256(v[h], z1);
            x[h][1] = a1[h];
            x[h][2] = _mm256_xor_si256(_mm256_srli_epi64(r0, 32), w[h]);
            x[h][3] = r0;
        }
        for (int round = 3; round < 10; ++round)
            for (int h = 0; h < 2; ++h) philox_round_x4(x[h][0], x[h][1], x[h][2], x[h][3], k[2 * round], k[2 * round + 1]);
        for (int q = 0; q < 4; ++q) out[call * 4 + q] = _mm256_blend_epi32(x[0][q], _mm256_slli_epi64(x[1][q], 32), 0xAA);
    }
}

/// Eight Philox4x32-10 evaluations side by side (sample counters first + j); word w of lane j in x[w].
ADVA_TARGET_AVX2_FMA inline void philox4x32_10_x8_avx2(std::uint64_t first, std::uint32_t stream, std::uint32_t call, philox_key key,
                                                   __m256i x[4]) noexcept {
    static constexpr std::uint32_t consecutive[philox_lanes] = {0, 1, 2, 3, 4, 5, 6, 7};
    philox4x32_10_calls_avx2(first, consecutive, stream, call, 1, philox_round_keys(key), x);
}

ADVA_TARGET_AVX2_FMA inline void philox4x32_10_x8_avx2_store(std::uint64_t first, std::uint32_t stream, std::uint32_t call,
                                                         philox_key key, std::uint32_t* out) noexcept {
    __m256i x[4];
    philox4x32_10_x8_avx2(first, stream, call, key, x);
    for (int w = 0; w < 4; ++w) _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + w * philox_lanes), x[w]);
}
#endif

/// Word w of Philox4x32-10({s, s >> 32, stream, call}, key) for s = first + j, j < 8, is written to
/// out[w * 8 + j].
inline void philox4x32_10_x8(std::uint64_t first, std::uint32_t stream, std::uint32_t call, philox_key key,
                             std::uint32_t* out) noexcept {
#if ADVA_X86
    if (use_avx2_kernels()) return philox4x32_10_x8_avx2_store(first, stream, call, key, out);
#endif
    philox4x32_10_x8_scalar(first, stream, call, key, out);
}

/// The uniform in (0, 1) made from one 32-bit word: (x + 1/2) / 2^32 (exact; never 0 or 1).
inline double uniform_from_word(std::uint32_t x) noexcept {
    return (static_cast<double>(x) + 0.5) * 0x1p-32;
}

/// out(b, c) = from_word(word c % 4 of Philox call (first_call + c / 4) for sample first + b), for
/// b < count and c < columns; eight samples per Philox evaluation. `out` must have at least count
/// rows and columns columns.
template <class Matrix, class FromWord>
inline void fill_from_words(std::uint64_t first, Eigen::Index count, Eigen::Index columns, std::uint32_t stream,
                            std::uint32_t first_call, philox_key key, Matrix& out, FromWord from_word) {
    alignas(32) std::uint32_t words[4 * philox_lanes];
    for (Eigen::Index b0 = 0; b0 < count; b0 += philox_lanes) {
        const Eigen::Index lanes = std::min<Eigen::Index>(philox_lanes, count - b0);
        for (Eigen::Index call = 0; 4 * call < columns; ++call) {
            philox4x32_10_x8(first + static_cast<std::uint64_t>(b0), stream,
                             first_call + static_cast<std::uint32_t>(call), key, words);
            for (Eigen::Index w = 0; w < 4 && 4 * call + w < columns; ++w) {
                const std::uint32_t* src = words + w * philox_lanes;
                for (Eigen::Index j = 0; j < lanes; ++j) out(b0 + j, 4 * call + w) = from_word(src[j]);
            }
        }
    }
}

/// One sample's values (scalar; for the rejection sampler and pilot runs): out[c] = from_word(word
/// c % 4 of Philox call first_call + c / 4) of sample s on `stream`, for c < columns.
template <class Out, class FromWord>
inline void sample_from_words(std::uint64_t s, Eigen::Index columns, std::uint32_t stream, std::uint32_t first_call,
                              philox_key key, Out&& out, FromWord from_word) {
    r123::Philox4x32 generator;
    const r123::Philox4x32::key_type k = {{key[0], key[1]}};
    for (Eigen::Index call = 0; 4 * call < columns; ++call) {
        const r123::Philox4x32::ctr_type c = {{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32),
                                               stream, first_call + static_cast<std::uint32_t>(call)}};
        const auto r = generator(c, k);
        for (Eigen::Index w = 0; w < 4 && 4 * call + w < columns; ++w) out[4 * call + w] = from_word(r[w]);
    }
}

/// Uniforms in (0, 1) (see fill_from_words).
template <class Matrix>
inline void fill_uniforms(std::uint64_t first, Eigen::Index count, Eigen::Index columns, std::uint32_t stream,
                          std::uint32_t first_call, philox_key key, Matrix& out) {
    fill_from_words(first, count, columns, stream, first_call, key, out, uniform_from_word);
}

/// One sample's uniforms (see sample_from_words).
template <class Out>
inline void sample_uniforms(std::uint64_t s, Eigen::Index columns, std::uint32_t stream, std::uint32_t first_call,
                            philox_key key, Out&& out) {
    sample_from_words(s, columns, stream, first_call, key, std::forward<Out>(out), uniform_from_word);
}

// ------------------------------------------------------------------------------------------------
// Standard exponentials for the weight samplers
// ------------------------------------------------------------------------------------------------
//
// E = -ln U with U = (m + 1/2) / 2^23, m = the top 23 bits of a Philox word: U is exact in single
// precision and lies in [2^-24, 1 - 2^-24], so E is in [6e-8, 16.7]. ln is a single-precision
// polynomial (Cephes logf: relative error below 2e-7) evaluated with explicit fused multiply-adds
// in a fixed order, so the scalar and the AVX2 paths give the same bits on every machine with FMA
// (std::fma is exact everywhere). The weights only decide ranks; their error (about 1e-7 relative)
// is far below the Monte Carlo error of any index.

namespace logf_coefficients {
inline constexpr float p[9] = {7.0376836292E-2f, -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f, 1.4249322787E-1f,
                               -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f};
inline constexpr float sqrt_half = 0.707106781186547524f;
inline constexpr float ln2_hi = 0.693359375f, ln2_lo = -2.12194440e-4f;
}  // namespace logf_coefficients

/// The exponential of one Philox word (see above).
inline float exponential_from_word(std::uint32_t word) noexcept {
    namespace c = logf_coefficients;
    const float u = (static_cast<float>(word >> 9) + 0.5f) * 0x1p-23f;
    std::uint32_t bits;
    std::memcpy(&bits, &u, sizeof bits);
    float e = static_cast<float>(static_cast<int>(bits >> 23) - 126);  // u = m 2^e, m in [1/2, 1)
    const std::uint32_t mbits = (bits & 0x007FFFFFu) | 0x3F000000u;
    float m;
    std::memcpy(&m, &mbits, sizeof m);
    float x;
    if (m < c::sqrt_half) {
        e -= 1.0f;
        x = (m + m) - 1.0f;
    } else {
        x = m - 1.0f;
    }
    const float z = x * x;
    float y = c::p[0];
    for (int i = 1; i < 9; ++i) y = std::fma(y, x, c::p[i]);
    y = y * x;
    y = y * z;
    y = std::fma(e, c::ln2_lo, y);
    y = std::fma(z, -0.5f, y);
    x = x + y;
    x = std::fma(e, c::ln2_hi, x);
    return -x;
}

#if ADVA_X86
/// exponential_from_word on N vectors of eight words, bit for bit. The N evaluations are written in
/// lockstep so that their long dependency chains (the polynomial is a chain of nine fused
/// multiply-adds) interleave in the instruction stream instead of filling the scheduler one by one.
template <int N>
ADVA_TARGET_AVX2_FMA inline void exponentials_from_words_avx2(const __m256i* word, __m256* out) noexcept {
    namespace c = logf_coefficients;
    __m256 x[N], z[N], e[N], y[N];
    for (int n = 0; n < N; ++n) {
        // U = (m + 1/2) 2^-23 = t 2^-24 with t = 2m + 1 < 2^24, exact in single precision: the bits of U
        // are those of float(t) with 24 taken off the exponent.
        const __m256i t_bits =
            _mm256_castps_si256(_mm256_cvtepi32_ps(_mm256_or_si256(_mm256_srli_epi32(word[n], 8), _mm256_set1_epi32(1))));
        // U = m 2^e with m in [sqrt(1/2), sqrt(2)) straight from the bits (as musl's logf): adding
        // 1 - sqrt(1/2) (as bit patterns) carries into the exponent exactly when the mantissa is at
        // least sqrt(1/2). The same m and e as the scalar path's test against sqrt(1/2).
        const __m256i shifted = _mm256_add_epi32(t_bits, _mm256_set1_epi32(0x3F800000 - 0x3F3504F3 - (24 << 23)));
        e[n] = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(shifted, 23), _mm256_set1_epi32(127)));
        const __m256 m = _mm256_castsi256_ps(_mm256_add_epi32(_mm256_and_si256(shifted, _mm256_set1_epi32(0x007FFFFF)), _mm256_set1_epi32(0x3F3504F3)));
        x[n] = _mm256_sub_ps(m, _mm256_set1_ps(1.0f));
        z[n] = _mm256_mul_ps(x[n], x[n]);
        y[n] = _mm256_fmadd_ps(_mm256_set1_ps(c::p[0]), x[n], _mm256_set1_ps(c::p[1]));
    }
    for (int i = 2; i < 9; ++i)
        for (int n = 0; n < N; ++n) y[n] = _mm256_fmadd_ps(y[n], x[n], _mm256_set1_ps(c::p[i]));
    for (int n = 0; n < N; ++n) {
        y[n] = _mm256_mul_ps(_mm256_mul_ps(y[n], x[n]), z[n]);
        y[n] = _mm256_fmadd_ps(e[n], _mm256_set1_ps(c::ln2_lo), y[n]);
        y[n] = _mm256_fmadd_ps(z[n], _mm256_set1_ps(-0.5f), y[n]);
        // -(e ln2_hi + (x + y)) in one rounding: round-to-nearest is symmetric, so this is -fma(e, ln2_hi, x + y).
        out[n] = _mm256_fnmsub_ps(e[n], _mm256_set1_ps(c::ln2_hi), _mm256_add_ps(x[n], y[n]));
    }
}

/// exponential_from_word on eight words, bit for bit.
ADVA_TARGET_AVX2_FMA inline __m256 exponential_from_words_avx2(__m256i word) noexcept {
    __m256 out;
    exponentials_from_words_avx2<1>(&word, &out);
    return out;
}
#endif

#if ADVA_X86
/// fill_exponentials on the AVX2 path: the same words and the same bits, eight samples and four
/// columns per Philox evaluation. (The portable path's std::fma on float is a library call on
/// baseline x86-64 builds, which makes it several times slower.)
template <class Matrix>
ADVA_TARGET_AVX2_FMA void fill_exponentials_avx2(std::uint64_t first, Eigen::Index count, Eigen::Index columns, std::uint32_t stream,
                                                 std::uint32_t first_call, philox_key key, Matrix& out) {
    alignas(32) float e[4 * philox_lanes];
    for (Eigen::Index b0 = 0; b0 < count; b0 += philox_lanes) {
        const Eigen::Index lanes = std::min<Eigen::Index>(philox_lanes, count - b0);
        for (Eigen::Index call = 0; 4 * call < columns; ++call) {
            __m256i words[4];
            __m256 exponentials[4];
            philox4x32_10_x8_avx2(first + static_cast<std::uint64_t>(b0), stream, first_call + static_cast<std::uint32_t>(call), key, words);
            exponentials_from_words_avx2<4>(words, exponentials);
            for (int w = 0; w < 4; ++w) _mm256_store_ps(e + w * philox_lanes, exponentials[w]);
            for (Eigen::Index w = 0; w < 4 && 4 * call + w < columns; ++w)
                for (Eigen::Index j = 0; j < lanes; ++j) out(b0 + j, 4 * call + w) = static_cast<double>(e[w * philox_lanes + j]);
        }
    }
}
#endif

/// Standard exponentials (see fill_from_words), on the AVX2 path when the CPU has it.
template <class Matrix>
inline void fill_exponentials(std::uint64_t first, Eigen::Index count, Eigen::Index columns, std::uint32_t stream,
                              std::uint32_t first_call, philox_key key, Matrix& out) {
#if ADVA_X86
    if (use_avx2_kernels()) return fill_exponentials_avx2(first, count, columns, stream, first_call, key, out);
#endif
    fill_from_words(first, count, columns, stream, first_call, key, out,
                    [](std::uint32_t x) { return static_cast<double>(exponential_from_word(x)); });
}

/// One sample's exponentials (scalar; the rejection sampler and its pilot).
template <class Out>
inline void sample_exponentials(std::uint64_t s, Eigen::Index columns, std::uint32_t stream, std::uint32_t first_call,
                                philox_key key, Out&& out) {
    sample_from_words(s, columns, stream, first_call, key, std::forward<Out>(out),
                      [](std::uint32_t x) { return static_cast<double>(exponential_from_word(x)); });
}

}  // namespace adva::detail
