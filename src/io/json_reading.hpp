#pragma once
// Internal to adva::io: the strict-reading vocabulary every JSON reader uses, so one rule has one
// id and one wording everywhere. Every function names the JSON pointer of the place it reads.
//   adva.json.type         "expected <what>"                          (seen: the value)
//   adva.json.unknown_key  "unknown key (allowed here: a, b, c)"      (seen: the key)
//   adva.json.missing_key  "required key is missing"
//   adva.json.unknown_name "unknown name (one of: a, b, c)"           (seen: the name)
// Definitions in decode.cpp.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "adva/io/decode.hpp"

namespace adva::io::detail {

using json = nlohmann::json;

/// The pointer of a member or an element below `where` (keys escaped per RFC 6901).
std::string child(const std::string& where, std::string_view key);
std::string child(const std::string& where, std::size_t index);

/// A value as shown in a message: compact JSON, cut to a readable length.
std::string seen_value(const json& value);

[[noreturn]] void type_error(const std::string& where, const std::string& expected, const json& seen);

/// Requires an object whose keys are all in `allowed`; a misspelt key never falls back to a default.
void check_keys(const json& object, const std::string& where, std::initializer_list<std::string_view> allowed);
void check_keys(const json& object, const std::string& where, const std::vector<std::string_view>& allowed);

const json& required(const json& object, const std::string& where, std::string_view key);
const json* optional(const json& object, std::string_view key);

const json& as_array(const json& value, const std::string& where);
std::string as_string(const json& value, const std::string& where);
double as_number(const json& value, const std::string& where);
bool as_bool(const json& value, const std::string& where);
int as_int(const json& value, const std::string& where);
std::uint64_t as_count(const json& value, const std::string& where);
std::vector<double> as_numbers(const json& value, const std::string& where);

/// `value` must be one of `names` (adva.json.unknown_name otherwise); returns its position.
std::size_t as_name(const json& value, const std::string& where, std::initializer_list<std::string_view> names);

}  // namespace adva::io::detail
