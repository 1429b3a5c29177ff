#pragma once
// The decoding toolkit: the one way adva reads input, shared by every reader (model, decision
// matrix, SMAA replay, scenarios, batch results, the Python dict path). Reading never crashes,
// hangs on a regular file or grows without bound:
//   - any source (regular file, standard input, pipe, FIFO, device) is read with the size cap
//     checked while reading; a directory or an unreadable path gets a message that says so;
//   - JSON nesting is capped before it is built (the parser is iterative, so no recursion);
//   - duplicate keys, bytes after the document, NUL bytes, invalid UTF-8 and numbers outside the
//     range of a double are refused with adva ids; syntax errors name the line and column and the
//     JSON pointer (RFC 6901) of the place being read;
//   - an error found in a file is located there by line and column (locate_pointer), however it
//     was found: by the parser, a reader or a validator.
// Definitions in src/io/decode.cpp (target adva::io).
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "adva/detail/error_text.hpp"
#include "adva/error.hpp"

namespace adva::io {

/// Safety bounds of one read. Each reader documents the bounds it uses.
struct read_limits {
    std::size_t max_bytes = 64u << 20;   ///< size of the text
    int max_depth = 64;                  ///< nesting depth of arrays and objects
    std::size_t max_items = 100000;      ///< entries of any one array or object
    std::size_t max_string = 1u << 20;   ///< length of any one string
};

/// The limits of decision-matrix inputs (`adva evaluate`, `adva weights`, SMAA replay): a
/// 10^6 x 20 matrix in JSON is about 200 MB.
read_limits matrix_read_limits();

/// Reads all of `source` ("-" is standard input), refusing more than max_bytes while reading
/// (adva.limits.input_size) and any NUL byte as soon as it arrives (adva.json.parse: JSON text
/// never contains one, so /dev/zero is refused at once). A directory, a missing or unreadable
/// path is adva.io.read naming the path and the reason. `what` names the input in messages
/// ("model file", "scenario file").
std::string read_source(const std::string& source, std::size_t max_bytes, std::string_view what = "input");

/// read_source() for binary input (a workbook): the same bounds and messages, NUL bytes allowed.
std::string read_binary_source(const std::string& source, std::size_t max_bytes, std::string_view what = "input");

/// Parses JSON text strictly, with the limits applied while parsing.
nlohmann::json parse_json(std::string_view text, const read_limits& limits = {});

/// read_source + parse_json.
nlohmann::json read_json(const std::string& source, const read_limits& limits = {}, std::string_view what = "input");

/// The line and column (from 1, columns in bytes) of byte `offset` of `text`, in file `file`.
source_position position_at(std::string_view text, std::size_t offset, std::string file = {});

/// The position of the value the JSON pointer `pointer` (RFC 6901, "~0" and "~1" unescaped) names
/// in the JSON text `text`: the first byte of that value. A pointer naming a missing member or
/// element gives the position of the innermost enclosing value that exists ("" names the
/// document). A single linear scan that honours strings and escapes; meant for text that has been
/// parsed, it stops safely at the end of any text. Not a pointer (an argument or file name): line 0.
source_position locate_pointer(std::string_view text, std::string_view pointer, std::string file = {});

/// `e` with its position in the file `file` whose text is `text`: the value its pointer names, or
/// the position it already has (a syntax error). An error that names no place in the text (such
/// as a file that cannot be read) is returned as it is. The class is kept by located_throw.
invalid_input located(const invalid_input& e, std::string_view text, const std::string& file);
[[noreturn]] void located_throw(const invalid_input& e, std::string_view text, const std::string& file);

/// Reads and parses `source` as read_json does, then builds a value from the document with
/// `build(const nlohmann::json&)`: an invalid_input `build` throws is located in the file by its
/// pointer, so every error a reader reports against a file reads "file:line:column: ...".
template <class Build>
auto read_json_as(const std::string& source, const read_limits& limits, std::string_view what, Build&& build) {
    const std::string text = read_source(source, limits.max_bytes, what);
    const std::string file = source == "-" ? "<stdin>" : source;
    try {
        return std::forward<Build>(build)(parse_json(text, limits));
    } catch (const invalid_input& e) {
        located_throw(e, text, file);
    }
}

/// An RFC 6901 reference token: '~' -> "~0", '/' -> "~1" (defined with the error texts, so that
/// the compiled core names places the same way without linking the I/O layer).
using detail::pointer_token;

}  // namespace adva::io
