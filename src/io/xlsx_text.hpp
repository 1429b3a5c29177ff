#pragma once
// The rules of a workbook's text that the writer (xlsx_write.cpp) and the reader (xlsx_read.cpp) of
// scoring sheets share: cell references and the _xHHHH_ escapes of Office Open XML. Internal to
// adva::io.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "utf8.hpp"

namespace adva::io::xlsx {

/// The last row and column a worksheet has (Excel's limits: XFD1048576).
inline constexpr std::uint32_t max_rows = 1048576;
inline constexpr std::uint32_t max_columns = 16384;

/// Column 1 is "A", 27 is "AA".
inline std::string column_name(std::uint32_t column) {
    std::string name;
    for (; column > 0; column = (column - 1) / 26) name.insert(name.begin(), char('A' + (column - 1) % 26));
    return name;
}

/// "C7" for row 7, column 3 (both from 1).
inline std::string cell_reference(std::uint32_t row, std::uint32_t column) {
    return column_name(column) + std::to_string(row);
}

struct cell_position {
    std::uint32_t row = 0;     ///< from 1
    std::uint32_t column = 0;  ///< from 1
};

/// A reference such as "C7" (upper-case letters, then a row without leading zeros), or nothing when
/// it is not one or lies outside A1:XFD1048576. Digits are counted before they are added up, so
/// no reference overflows.
inline std::optional<cell_position> parse_cell_reference(std::string_view ref) {
    std::size_t i = 0;
    std::uint32_t column = 0, row = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
        if (i == 3) return std::nullopt;
        column = column * 26 + std::uint32_t(ref[i] - 'A' + 1);
    }
    const std::size_t digits = ref.size() - i;
    if (column == 0 || column > max_columns || digits == 0 || digits > 7 || ref[i] == '0') return std::nullopt;
    for (; i < ref.size(); ++i) {
        if (ref[i] < '0' || ref[i] > '9') return std::nullopt;
        row = row * 10 + std::uint32_t(ref[i] - '0');
    }
    if (row > max_rows) return std::nullopt;
    return cell_position{row, column};
}

namespace detail {

inline int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/// The UTF-16 unit of an escape "_xHHHH_" at the start of `s`, or -1.
inline long escaped_unit(std::string_view s) {
    if (s.size() < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_') return -1;
    long unit = 0;
    for (std::size_t k = 2; k < 6; ++k) {
        const int h = hex_value(s[k]);
        if (h < 0) return -1;
        unit = unit * 16 + h;
    }
    return unit;
}

}  // namespace detail

/// Text as a workbook stores it. XML cannot hold most control characters and U+FFFE, U+FFFF (and
/// turns a carriage return into a line feed), so Office Open XML writes them as _xHHHH_; a "_" that
/// would start such an escape is itself written _x005F_, as Excel does, so that every text reads
/// back as it was.
inline std::string escape_text(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n') {
            out += "_x00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
            out += '_';
        } else if (c == 0xEF && text.substr(i, 2) == "\xEF\xBF" && i + 2 < text.size() &&
                   (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
            out += text[i + 2] == '\xBE' ? "_xFFFE_" : "_xFFFF_";
            i += 2;
        } else if (c == '_' && detail::escaped_unit(text.substr(i)) >= 0) {
            out += "_x005F_";
        } else {
            out += char(c);
        }
    }
    return out;
}

/// The text a workbook's string means: each _xHHHH_ decoded (a surrogate pair as one character; a
/// lone surrogate, which is no character, left as written), everything else as it is.
inline std::string unescape_text(std::string_view text) {
    if (text.find("_x") == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const long unit = detail::escaped_unit(text.substr(i));
        if (unit < 0) {
            out += text[i++];
        } else if (unit >= 0xD800 && unit <= 0xDBFF) {
            const long low = detail::escaped_unit(text.substr(i + 7));
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(out, std::uint32_t(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)));
                i += 14;
            } else {
                out += text[i++];
            }
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            out += text[i++];
        } else {
            append_utf8(out, std::uint32_t(unit));
            i += 7;
        }
    }
    return out;
}

}  // namespace adva::io::xlsx
