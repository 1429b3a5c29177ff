#pragma once
// Scratch memory for the methods' kernels: thread_scratch keeps one block per thread and lends it
// to one user at a time, so repeated calls do not pay for fresh pages. Not API.
#include <cstddef>
#include <memory>

namespace adva::detail {

/// Scratch memory of size elements, not initialised, kept per calling thread up to reuse_limit
/// elements and lent to one user at a time: a fresh block per call costs page faults whenever the
/// allocator has returned the previous one to the system (for TOPSIS at 10 000 x 50, about a tenth
/// of the call). A larger block, or one asked for while the thread's kept block is lent (a thread
/// waiting in parallel_for may run another task that needs one), is allocated for the call.
template <class T, std::size_t reuse_limit>
class thread_scratch {
public:
    explicit thread_scratch(std::size_t size) {
        thread_local std::unique_ptr<T[]> kept;
        thread_local std::size_t kept_size = 0;
        if (size <= reuse_limit && !lent()) {
            if (kept_size < size) {
                kept = std::make_unique_for_overwrite<T[]>(size);
                kept_size = size;
            }
            lent() = lent_ = true;
            data_ = kept.get();
        } else {
            own_ = std::make_unique_for_overwrite<T[]>(size);
            data_ = own_.get();
        }
    }
    ~thread_scratch() {
        if (lent_) lent() = false;
    }
    thread_scratch(const thread_scratch&) = delete;
    thread_scratch& operator=(const thread_scratch&) = delete;
    T* data() const noexcept { return data_; }

private:
    static bool& lent() noexcept {
        thread_local bool in_use = false;
        return in_use;
    }
    std::unique_ptr<T[]> own_;
    T* data_ = nullptr;
    bool lent_ = false;
};

}  // namespace adva::detail
