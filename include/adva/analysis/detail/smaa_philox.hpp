#pragma once
// Counter-based random numbers for SMAA: Philox4x32-10 (Random123), evaluated for 8 consecutive
// sample indices at once, and the standard exponential made from one 32-bit word. The stream is
// exactly r123::Philox4x32 (tests compare word for word); the AVX2 path only evaluates eight
// counters side by side. It is compiled with a target attribute and chosen at run time, so builds
// without -march=native (the library, the CLI, the bindings) use it too. Not API.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <cstring>

#include <Eigen/Dense>
#include <Random123/philox.h>

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define ADVA_SMAA_X86 1
#include <immintrin.h>
#define ADVA_TARGET_AVX2 __attribute__((target("avx2,fma")))
#else
#define ADVA_SMAA_X86 0
#endif

namespace adva::detail {

using philox_key = std::array<std::uint32_t, 2>;

inline constexpr int philox_lanes = 8;

inline philox_key philox_key_from_seed(std::uint64_t seed) noexcept {
    return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
}

/// Tests set this to run the portable path (results must not change: they are compared bitwise).
inline bool smaa_force_scalar = false;

/// True when the CPU has AVX2 and FMA (checked once) and the scalar path is not forced.
inline bool smaa_use_avx2() noexcept {
#if ADVA_SMAA_X86
    static const bool available = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }();
    return available && !smaa_force_scalar;
#else
    return false;
#endif
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

#if ADVA_SMAA_X86
/// Eight Philox4x32-10 evaluations side by side; word w of lane j in x[w], lane j.
ADVA_TARGET_AVX2 inline void philox4x32_10_x8_avx2(std::uint64_t first, std::uint32_t stream, std::uint32_t call, philox_key key,
                                                   __m256i x[4]) noexcept {
    // Lane j's counter is first + j: add 0..7 to the low word and carry into the high word.
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i base_lo = _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(first)));
    __m256i x0 = _mm256_add_epi32(base_lo, lane);
    const __m256i bias = _mm256_set1_epi32(static_cast<int>(0x80000000u));
    const __m256i carry = _mm256_cmpgt_epi32(_mm256_xor_si256(base_lo, bias), _mm256_xor_si256(x0, bias));  // unsigned lo > lo + j
    __m256i x1 = _mm256_sub_epi32(_mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(first >> 32))), carry);
    __m256i x2 = _mm256_set1_epi32(static_cast<int>(stream));
    __m256i x3 = _mm256_set1_epi32(static_cast<int>(call));
    const __m256i m0 = _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_0));
    const __m256i m1 = _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_1));
    std::uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k0 += PHILOX_W32_0;
            k1 += PHILOX_W32_1;
        }
        // 32x32 -> 64-bit products of the even and the odd lanes, recombined into (hi, lo) words.
        const __m256i e0 = _mm256_mul_epu32(x0, m0), o0 = _mm256_mul_epu32(_mm256_srli_epi64(x0, 32), m0);
        const __m256i e1 = _mm256_mul_epu32(x2, m1), o1 = _mm256_mul_epu32(_mm256_srli_epi64(x2, 32), m1);
        const __m256i l0 = _mm256_blend_epi32(e0, _mm256_slli_epi64(o0, 32), 0xAA);
        const __m256i h0 = _mm256_blend_epi32(_mm256_srli_epi64(e0, 32), o0, 0xAA);
        const __m256i l1 = _mm256_blend_epi32(e1, _mm256_slli_epi64(o1, 32), 0xAA);
        const __m256i h1 = _mm256_blend_epi32(_mm256_srli_epi64(e1, 32), o1, 0xAA);
        x0 = _mm256_xor_si256(_mm256_xor_si256(h1, x1), _mm256_set1_epi32(static_cast<int>(k0)));
        x2 = _mm256_xor_si256(_mm256_xor_si256(h0, x3), _mm256_set1_epi32(static_cast<int>(k1)));
        x1 = l1;
        x3 = l0;
    }
    x[0] = x0;
    x[1] = x1;
    x[2] = x2;
    x[3] = x3;
}

ADVA_TARGET_AVX2 inline void philox4x32_10_x8_avx2_store(std::uint64_t first, std::uint32_t stream, std::uint32_t call,
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
#if ADVA_SMAA_X86
    if (smaa_use_avx2()) return philox4x32_10_x8_avx2_store(first, stream, call, key, out);
#endif
    philox4x32_10_x8_scalar(first, stream, call, key, out);
}

/// The uniform in (0, 1) made from one 32-bit word: (x + 1/2) / 2^32 (exact; never 0 or 1).
inline double uniform_from_word(std::uint32_t x) noexcept {
    return (static_cast<double>(x) + 0.5) * 0x1p-32;
}

/// out(b, c) = uniform from word c % 4 of Philox call (first_call + c / 4) for sample first + b,
/// for b < count and c < columns. `out` must have at least count rows and columns columns.
template <class Matrix>
inline void fill_uniforms(std::uint64_t first, Eigen::Index count, Eigen::Index columns, std::uint32_t stream,
                          std::uint32_t first_call, philox_key key, Matrix& out) {
    alignas(32) std::uint32_t words[4 * philox_lanes];
    for (Eigen::Index b0 = 0; b0 < count; b0 += philox_lanes) {
        const Eigen::Index lanes = std::min<Eigen::Index>(philox_lanes, count - b0);
        for (Eigen::Index call = 0; 4 * call < columns; ++call) {
            philox4x32_10_x8(first + static_cast<std::uint64_t>(b0), stream,
                             first_call + static_cast<std::uint32_t>(call), key, words);
            for (Eigen::Index w = 0; w < 4 && 4 * call + w < columns; ++w) {
                const std::uint32_t* src = words + w * philox_lanes;
                for (Eigen::Index j = 0; j < lanes; ++j) out(b0 + j, 4 * call + w) = uniform_from_word(src[j]);
            }
        }
    }
}

/// One sample's uniforms (scalar; for the rejection sampler and pilot runs): `columns` uniforms of
/// sample s, Philox calls first_call, first_call + 1, ... on `stream`.
template <class Out>
inline void sample_uniforms(std::uint64_t s, Eigen::Index columns, std::uint32_t stream, std::uint32_t first_call,
                            philox_key key, Out&& out) {
    r123::Philox4x32 generator;
    const r123::Philox4x32::key_type k = {{key[0], key[1]}};
    for (Eigen::Index call = 0; 4 * call < columns; ++call) {
        const r123::Philox4x32::ctr_type c = {{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32),
                                               stream, first_call + static_cast<std::uint32_t>(call)}};
        const auto r = generator(c, k);
        for (Eigen::Index w = 0; w < 4 && 4 * call + w < columns; ++w) out[4 * call + w] = uniform_from_word(r[w]);
    }
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

#if ADVA_SMAA_X86
/// exponential_from_word on eight words, bit for bit.
ADVA_TARGET_AVX2 inline __m256 exponential_from_words_avx2(__m256i word) noexcept {
    namespace c = logf_coefficients;
    const __m256 u = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(_mm256_srli_epi32(word, 9)), _mm256_set1_ps(0.5f)),
                                   _mm256_set1_ps(0x1p-23f));
    const __m256i bits = _mm256_castps_si256(u);
    __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(126)));
    const __m256 m = _mm256_castsi256_ps(
        _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007FFFFF)), _mm256_set1_epi32(0x3F000000)));
    const __m256 small = _mm256_cmp_ps(m, _mm256_set1_ps(c::sqrt_half), _CMP_LT_OQ);
    e = _mm256_sub_ps(e, _mm256_and_ps(small, _mm256_set1_ps(1.0f)));
    __m256 x = _mm256_sub_ps(_mm256_blendv_ps(m, _mm256_add_ps(m, m), small), _mm256_set1_ps(1.0f));
    const __m256 z = _mm256_mul_ps(x, x);
    __m256 y = _mm256_set1_ps(c::p[0]);
    for (int i = 1; i < 9; ++i) y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(c::p[i]));
    y = _mm256_mul_ps(y, x);
    y = _mm256_mul_ps(y, z);
    y = _mm256_fmadd_ps(e, _mm256_set1_ps(c::ln2_lo), y);
    y = _mm256_fmadd_ps(z, _mm256_set1_ps(-0.5f), y);
    x = _mm256_add_ps(x, y);
    x = _mm256_fmadd_ps(e, _mm256_set1_ps(c::ln2_hi), x);
    return _mm256_sub_ps(_mm256_setzero_ps(), x);
}
#endif

/// out(b, c) = exponential from word c % 4 of Philox call (first_call + c / 4) for sample first + b.
template <class Matrix>
inline void fill_exponentials(std::uint64_t first, Eigen::Index count, Eigen::Index columns, std::uint32_t stream,
                              std::uint32_t first_call, philox_key key, Matrix& out) {
    alignas(32) std::uint32_t words[4 * philox_lanes];
    for (Eigen::Index b0 = 0; b0 < count; b0 += philox_lanes) {
        const Eigen::Index lanes = std::min<Eigen::Index>(philox_lanes, count - b0);
        for (Eigen::Index call = 0; 4 * call < columns; ++call) {
            philox4x32_10_x8(first + static_cast<std::uint64_t>(b0), stream, first_call + static_cast<std::uint32_t>(call), key, words);
            for (Eigen::Index w = 0; w < 4 && 4 * call + w < columns; ++w) {
                const std::uint32_t* src = words + w * philox_lanes;
                for (Eigen::Index j = 0; j < lanes; ++j) out(b0 + j, 4 * call + w) = static_cast<double>(exponential_from_word(src[j]));
            }
        }
    }
}

/// One sample's exponentials (scalar; the rejection sampler and its pilot).
template <class Out>
inline void sample_exponentials(std::uint64_t s, Eigen::Index columns, std::uint32_t stream, std::uint32_t first_call,
                                philox_key key, Out&& out) {
    r123::Philox4x32 generator;
    const r123::Philox4x32::key_type k = {{key[0], key[1]}};
    for (Eigen::Index call = 0; 4 * call < columns; ++call) {
        const r123::Philox4x32::ctr_type c = {{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32),
                                               stream, first_call + static_cast<std::uint32_t>(call)}};
        const auto r = generator(c, k);
        for (Eigen::Index w = 0; w < 4 && 4 * call + w < columns; ++w)
            out[4 * call + w] = static_cast<double>(exponential_from_word(r[w]));
    }
}

}  // namespace adva::detail
