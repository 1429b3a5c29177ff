#pragma once
// Counter-based random numbers for SMAA: Philox4x32-10 (Random123), evaluated for 8 consecutive
// sample indices at once. The stream is exactly r123::Philox4x32 (tests compare word for word);
// the AVX2 path only evaluates eight counters side by side, because the scalar generator alone
// would take longer than the whole SMAA-2 budget. Not API.
#include <algorithm>
#include <array>
#include <cstdint>

#include <Eigen/Dense>
#include <Random123/philox.h>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace adva::detail {

using philox_key = std::array<std::uint32_t, 2>;

inline constexpr int philox_lanes = 8;

inline philox_key philox_key_from_seed(std::uint64_t seed) noexcept {
    return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
}

/// Word w of Philox4x32-10({s, s >> 32, stream, call}, key) for s = first + j, j < 8, is written to
/// out[w * 8 + j].
inline void philox4x32_10_x8(std::uint64_t first, std::uint32_t stream, std::uint32_t call, philox_key key,
                             std::uint32_t* out) noexcept {
#if defined(__AVX2__)
    alignas(32) std::uint32_t lo[philox_lanes], hi[philox_lanes];
    for (int j = 0; j < philox_lanes; ++j) {
        const std::uint64_t s = first + static_cast<std::uint64_t>(j);
        lo[j] = static_cast<std::uint32_t>(s);
        hi[j] = static_cast<std::uint32_t>(s >> 32);
    }
    __m256i x0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(lo));
    __m256i x1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(hi));
    __m256i x2 = _mm256_set1_epi32(static_cast<int>(stream));
    __m256i x3 = _mm256_set1_epi32(static_cast<int>(call));
    const __m256i m0 = _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_0));
    const __m256i m1 = _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_1));
    // 32x32 -> 64-bit products of the even and the odd lanes, recombined into (hi, lo) words.
    auto mulhilo = [](__m256i m, __m256i x, __m256i& h, __m256i& l) {
        const __m256i even = _mm256_mul_epu32(x, m);
        const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
        l = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
        h = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
    };
    std::uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k0 += PHILOX_W32_0;
            k1 += PHILOX_W32_1;
        }
        __m256i h0, l0, h1, l1;
        mulhilo(m0, x0, h0, l0);
        mulhilo(m1, x2, h1, l1);
        const __m256i n0 = _mm256_xor_si256(_mm256_xor_si256(h1, x1), _mm256_set1_epi32(static_cast<int>(k0)));
        const __m256i n2 = _mm256_xor_si256(_mm256_xor_si256(h0, x3), _mm256_set1_epi32(static_cast<int>(k1)));
        x0 = n0;
        x1 = l1;
        x2 = n2;
        x3 = l0;
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), x0);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 8), x1);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 16), x2);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 24), x3);
#else
    r123::Philox4x32 generator;
    const r123::Philox4x32::key_type k = {{key[0], key[1]}};
    for (int j = 0; j < philox_lanes; ++j) {
        const std::uint64_t s = first + static_cast<std::uint64_t>(j);
        const r123::Philox4x32::ctr_type c = {
            {static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32), stream, call}};
        const auto r = generator(c, k);
        for (int w = 0; w < 4; ++w) out[w * philox_lanes + j] = r[w];
    }
#endif
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

}  // namespace adva::detail
