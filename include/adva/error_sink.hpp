#pragma once
// Where a checking pass reports the rules it finds broken. Throwing (the default): the first error
// is thrown, exactly as if the rule had thrown it, so loading a model stops at its first error at
// no extra cost. Collecting (adva validate): errors are recorded and the pass carries on, so a user
// sees every error of a file at once; the first max_reported_errors are kept, the rest counted.
// Each rule is written once and reports to a sink; a pass run collecting must guard what a broken
// rule would make unsafe (an unknown id looked up, a cycle walked) and skip the follow-on checks
// rather than report them again.
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

#include "adva/error.hpp"

namespace adva {

/// The errors a collecting check keeps ("… and N more" beyond).
inline constexpr std::size_t max_reported_errors = 100;

class error_sink {
public:
    enum class mode { throw_first, collect };

    explicit error_sink(mode m = mode::throw_first, std::size_t kept = max_reported_errors)
        : collect_(m == mode::collect), kept_(kept) {}

    bool collecting() const noexcept { return collect_; }

    /// Throws `e` (its own class: a limit_exceeded stays one) when throwing; records it otherwise.
    template <class E>
    void report(E&& e) {
        static_assert(std::is_base_of_v<invalid_input, std::decay_t<E>>, "a sink takes invalid input only");
        if (!collect_) throw std::decay_t<E>(std::forward<E>(e));
        if (errors_.size() < kept_) errors_.emplace_back(std::forward<E>(e));
        ++count_;
    }

    /// The errors kept, in the order found.
    const std::vector<invalid_input>& errors() const noexcept { return errors_; }
    std::vector<invalid_input>& errors() noexcept { return errors_; }
    /// Every error reported, kept or not.
    std::size_t count() const noexcept { return count_; }
    bool empty() const noexcept { return count_ == 0; }
    /// Collecting and keeping no more: a message built now would never be shown.
    bool full() const noexcept { return collect_ && errors_.size() >= kept_; }

private:
    bool collect_;
    std::size_t kept_;
    std::size_t count_ = 0;
    std::vector<invalid_input> errors_;
};

}  // namespace adva
