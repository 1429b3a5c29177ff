#pragma once
// Shared plumbing of the adva commands: a small argument parser with clear usage errors, and the
// guard that turns every exception into one error line and an exit status (0 success, 2 invalid
// input or usage, 1 anything else), so no exception ever leaves a command.
#include <cstddef>
#include <exception>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "adva/error.hpp"
#include "commands.hpp"

namespace adva::cli {

enum class exit_status : int { success = 0, failure = 1, invalid = 2 };

/// One accepted option of a command: "--name VALUE" (takes_value) or a flag "--name".
struct option_spec {
    std::string name;   ///< without the leading dashes
    bool takes_value = true;
};

struct parsed_args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;   ///< options with a value, last one wins
    std::map<std::string, bool> flags;
    bool help = false;

    std::optional<std::string> value(const std::string& name) const {
        const auto it = values.find(name);
        return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    bool flag(const std::string& name) const { return flags.count(name) != 0; }
};

/// A usage error of `adva <command>`: invalid_input with id adva.cli.usage, so the exit status is 2.
inline invalid_input usage_error(const std::string& command, const std::string& rule, const std::string& seen = {}) {
    return invalid_input("adva.cli.usage", "adva " + command, rule + " (see 'adva " + command + " --help')", seen);
}

/// Parses the arguments after the command name. Accepts "--name value", "--name=value", flags,
/// "-h"/"--help", "--" (everything after is positional) and "-" as a positional (standard input).
/// Positional counts outside [min_positional, max_positional] are usage errors.
inline parsed_args parse_args(const args& a, const std::string& command, const std::vector<option_spec>& specs,
                              std::size_t min_positional, std::size_t max_positional) {
    parsed_args p;
    bool options_done = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string& s = a[i];
        if (options_done || s == "-" || s.empty() || s[0] != '-') {
            p.positional.push_back(s);
            continue;
        }
        if (s == "--") {
            options_done = true;
            continue;
        }
        if (s == "-h" || s == "--help") {
            p.help = true;
            continue;
        }
        if (s.rfind("--", 0) != 0) throw usage_error(command, "unknown option", "\"" + s + "\"");
        std::string name = s.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name.erase(eq);
        }
        const option_spec* spec = nullptr;
        for (const auto& o : specs)
            if (o.name == name) spec = &o;
        if (!spec) throw usage_error(command, "unknown option", "\"--" + name + "\"");
        if (!spec->takes_value) {
            if (inline_value) throw usage_error(command, "--" + name + " takes no value", "\"" + s + "\"");
            p.flags[name] = true;
            continue;
        }
        if (inline_value) {
            p.values[name] = *inline_value;
        } else {
            if (i + 1 >= a.size()) throw usage_error(command, "--" + name + " needs a value");
            p.values[name] = a[++i];
        }
    }
    if (p.help) return p;  // --help wins over everything else
    if (p.positional.size() < min_positional)
        throw usage_error(command, "missing argument: expected at least " + std::to_string(min_positional));
    if (p.positional.size() > max_positional)
        throw usage_error(command, "too many arguments: expected at most " + std::to_string(max_positional),
                          "\"" + p.positional[max_positional] + "\"");
    return p;
}

/// Runs a command body, turning every exception into "adva: error: <what()>" on err and an exit
/// status: invalid_input (including usage errors and limits) 2, anything else 1.
template <class Body>
int guarded(std::ostream& err, Body&& body) noexcept {
    try {
        try {
            return body();
        } catch (const invalid_input& e) {
            err << "adva: error: " << e.what() << '\n';
            return int(exit_status::invalid);
        } catch (const std::exception& e) {
            err << "adva: error: " << e.what() << '\n';
            return int(exit_status::failure);
        } catch (...) {
            err << "adva: error: unexpected failure\n";
            return int(exit_status::failure);
        }
    } catch (...) {
        // Writing the error itself failed (closed stream): nothing more can be reported.
        return int(exit_status::failure);
    }
}

}  // namespace adva::cli
