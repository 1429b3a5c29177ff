#pragma once
// How an error names a cell and shows a number (adva::error's `where` and `seen`), shared by every
// header-only kernel so that the same place and value read the same in every message. Not API.
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace adva::detail {

/// "base/i" and "base/i/j": the JSON pointer of an element of an array (or of a matrix row).
inline std::string pointer(std::string_view base, std::ptrdiff_t i) { return std::string(base) + "/" + std::to_string(i); }
inline std::string pointer(std::string_view base, std::ptrdiff_t i, std::ptrdiff_t j) {
    return pointer(base, i) + "/" + std::to_string(j);
}

/// An RFC 6901 reference token: '~' -> "~0", '/' -> "~1" (adva::io::pointer_token; here so that
/// the model's checks name places the same way without the I/O layer or a JSON library).
inline std::string pointer_token(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

/// A value as an error shows it: every digit needed to read it back ("%.17g"), and NaN, inf and
/// -inf by name (JSON has no spelling for them).
inline std::string number_text(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace adva::detail
