#pragma once
// The arguments of one `adva <command>`, read with Boost.Program_options (args.cpp). The rules:
//   --name VALUE or --name=VALUE; the value is the next word whatever it looks like (--out -,
//     --seed -1), except -h, and may not be empty;
//   flags take no value (--force, not --force=yes);
//   every option, -h/--help included, at most once ("--out given twice");
//   no abbreviations (--form is unknown), case matters;
//   "--" ends the options (every later word is positional); "-" is positional (standard input);
//   whole-number options (--threads, --samples, ...) are decimal digits within their range.
// Every breach is invalid_input "adva.cli.usage" (exit status 2) naming the command and the option.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adva/error.hpp"
#include "commands.hpp"

namespace boost::program_options {
class error;
}

namespace adva::cli {

/// The accepted values of a whole-number option, inclusive.
struct count_range {
    std::uint64_t min = 0;
    std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
};

/// One accepted option of a command: "--name VALUE" (takes_value), a flag "--name", or a whole
/// number "--name N" within a range, checked while parsing.
struct option_spec {
    std::string name;  ///< without the leading dashes: letters, digits and '-'
    bool takes_value = true;
    std::optional<count_range> count;

    option_spec(std::string option_name, bool value = true) : name(std::move(option_name)), takes_value(value) {}
    option_spec(std::string option_name, count_range range)
        : name(std::move(option_name)), takes_value(true), count(range) {}
};

struct parsed_args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;   ///< options with a value
    std::map<std::string, std::uint64_t> counts;  ///< whole-number options, checked against their range
    std::map<std::string, bool> flags;
    bool help = false;

    std::optional<std::string> value(const std::string& name) const {
        const auto it = values.find(name);
        return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    /// The value of a free-text option (a title, a name, a rationale: text that is written into
    /// the model), or nullopt: adva.cli.usage naming "--name" when it is not UTF-8.
    std::optional<std::string> text(const std::string& name) const;
    bool flag(const std::string& name) const { return flags.count(name) != 0; }
    /// The value of an option declared with a count_range, or fallback when it was not given.
    std::uint64_t unsigned_value(const std::string& name, std::uint64_t fallback) const {
        const auto it = counts.find(name);
        return it == counts.end() ? fallback : it->second;
    }
};

/// A usage error of `adva <command>`: invalid_input with id adva.cli.usage, so the exit status is 2.
inline invalid_input usage_error(const std::string& command, const std::string& rule, const std::string& seen = {}) {
    return invalid_input("adva.cli.usage", "adva " + command, rule + " (see 'adva " + command + " --help')", seen);
}

/// A word as the "seen" part of an error: JSON-quoted (control characters escaped, bytes that are
/// not UTF-8 shown as U+FFFD) and cut after 100 bytes, so any argument gives a short readable line.
std::string quote_seen(std::string_view text);

/// Whether `text` is UTF-8 (text typed by a user that goes into a model: io::is_utf8).
bool is_utf8_text(std::string_view text);

/// Reads a whole number given to the option `where` (such as "--threads") of `command`: decimal
/// digits only (no sign, space, exponent or suffix) within range; anything else is adva.cli.usage.
std::uint64_t parse_count(std::string_view text, const std::string& where, count_range range, const std::string& command);

/// Parses the arguments after the command name by the rules above. With -h/--help the result has
/// help set and the whole numbers and positional counts are not checked; otherwise positional
/// counts outside [min_positional, max_positional] are usage errors. Throws adva::invalid_input
/// (or std::bad_alloc) only.
parsed_args parse_args(const args& a, const std::string& command, const std::vector<option_spec>& specs,
                       std::size_t min_positional, std::size_t max_positional);

/// The usage error for an exception of Boost.Program_options: unknown option, missing value and
/// value given to a flag in words; any other one as "malformed arguments".
invalid_input usage_error_from(const boost::program_options::error& e, const std::string& command);

}  // namespace adva::cli
