// libFuzzer target for the model loader (see tests/fuzz/README.md). Any input must either load or
// end in an adva::error; anything else (a crash, another exception, a sanitizer report) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adva/error.hpp"
#include "adva/io/model_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)adva::io::parse_model(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const adva::error&) {
        // Rejected cleanly.
    }
    return 0;
}
