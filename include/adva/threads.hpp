#pragma once
// The one rule for a requested thread count, applied wherever adva accepts one (smaa_options,
// batch_options, the CLI's --threads, the Python keyword threads=): 0 means every core TBB may use;
// 1 to max_threads is that many threads; anything else is the error adva.limits.threads before any
// work starts (a TBB arena of 10^6 threads crashes the process instead of failing).
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "adva/error.hpp"

namespace adva {

/// Largest thread count that may be asked for. 0 (every core) is the way to use more cores than
/// this on a larger machine.
inline constexpr int max_threads = 1024;

namespace detail {

/// `requested` as an int when it is 0 or in [1, max_threads]; else throws limit_exceeded
/// adva.limits.threads naming `where` (an argument name such as "threads" or "--threads").
template <class Int>
int checked_threads(Int requested, std::string_view where = "threads") {
    static_assert(std::is_integral_v<Int>);
    if (std::cmp_less(requested, 0) || std::cmp_greater(requested, max_threads))
        throw limit_exceeded("adva.limits.threads", std::string(where),
                             "the thread count is 0 (every core) or 1 to " + std::to_string(max_threads), std::to_string(requested));
    return static_cast<int>(requested);
}

}  // namespace detail
}  // namespace adva
