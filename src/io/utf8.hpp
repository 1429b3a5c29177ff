#pragma once
// UTF-8: encoding one code point, for the readers that decode escapes (JSON \u, workbook _xHHHH_),
// and the one check of free text that ends up in a model or results file (sheet cells, CLI text).
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace adva::io {

inline void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

/// Whether text is valid UTF-8, by the JSON library's own check: the text is written to JSON files.
inline bool is_utf8(std::string_view s) {
    try {
        (void)nlohmann::json(s).dump();
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

}  // namespace adva::io
