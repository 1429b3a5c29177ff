// The libFuzzer entry point, compiled once per target of fuzz_targets.hpp with ADVA_FUZZ_TARGET
// naming the function (tests/fuzz/CMakeLists.txt): adva_fuzz_model, adva_fuzz_matrix, …
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)adva_fuzz::ADVA_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
